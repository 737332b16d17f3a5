/**
 * @file
 * The buddy allocator's host fixture and reference model
 * (buddy_fixture.h): what lab 3's suites and lab 4's stand on.
 *
 * The fixture builds what lab 2 would, by itself, so the suites judge lab
 * 3 alone: the page-frame bounds, the three zones and their struct pages
 * (PG_reserved, zone number, _count 1, _mapcount -1).  mem_map comes from
 * the host's heap, sized exactly max_pfn, so AddressSanitizer stops any
 * read past its end: a merge that looks for the buddy of the last block of
 * RAM without checking pfn_valid() is caught on the spot.  A test may
 * move the end of ZONE_DMA off its 16 MiB (dma_end) to get a zone boundary
 * that is not a multiple of 1024 frames, where blocks must not merge
 * across.
 *
 * The model is a bitmap of free frames, kept beside the buddy lists and
 * written differently from them:
 *
 * @verbatim
 *   after mem_init():  bit set  <=>  memblock calls the frame free (< max_pfn)
 *   t_alloc():         every frame of the block must be set; clear them
 *   t_free():          set them again
 *   model_compare():   walk every free list, mark the listed frames (a frame
 *                      listed twice is an error), then compare with the
 *                      bitmap frame by frame
 * @endverbatim
 *
 * With buddy_check() (buddy_model.h) this checks that no frame is lost,
 * none is handed out twice, and no two free buddies stay unmerged.
 */

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/sections.h>
#include <kit/setup.h>
#include "sim/sim.h"
#include "buddy_fixture.h"

unsigned long *model;
static char model_why[160];

#define BITS_PER_WORD (sizeof(unsigned long) * 8)

bool model_test(unsigned long pfn)
{
	return model[pfn / BITS_PER_WORD] >> (pfn % BITS_PER_WORD) & 1;
}

void model_set(unsigned long pfn, bool free)
{
	unsigned long bit = 1UL << (pfn % BITS_PER_WORD);

	if (free)
		model[pfn / BITS_PER_WORD] |= bit;
	else
		model[pfn / BITS_PER_WORD] &= ~bit;
}

/* ---- the fixture --------------------------------------------------------- */

/*
 * RAM frames of [start, end), as memblock.memory has them: the whole
 * frames of each region that fall in the range.  (Asking
 * memblock_is_memory() frame by frame gives the same count, but a 1 GiB
 * machine has 262,144 frames, and every case boots one.)
 */
unsigned long ram_frames(unsigned long start, unsigned long end)
{
	unsigned long n = 0, lo, hi;
	unsigned int i;

	for (i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		lo = max(start, (unsigned long)PFN_UP(r->base));
		hi = min(end, (unsigned long)(((u64)r->base + r->size) >> PAGE_SHIFT));
		if (hi > lo)
			n += hi - lo;
	}
	return n;
}

static const char *const fixture_zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

/*
 * mem_map in 2 MiB pages where the host can: a 3 GiB machine has 24 MiB of
 * struct pages, which every case writes from the first to the last, and
 * the host kernel then takes 12 page faults rather than 6,144 (a fifth of
 * lab 3's suite time).  Only whole 4 KiB pages inside the allocation are
 * advised, so ASan's redzone after its end stays as it is.
 */
static void advise_huge(void *start, size_t size)
{
	unsigned long a = ALIGN((unsigned long)start, 4096UL);
	unsigned long e = ((unsigned long)start + size) & ~4095UL;

	if (e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);	/* a hint: may fail */
}

/* What lab 2 leaves: bounds, zones, struct pages (ZONE_DMA ends at @p dma_end). */
static void fixture_zones(unsigned long dma_end)
{
	unsigned long bound[MAX_NR_ZONES + 1], pfn;
	int z;

	early_find_pfns();
	set_lowmem_end();
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	totalram_pages = totalhigh_pages = 0;
	mem_map = calloc(max_pfn, sizeof(struct page));
	ck_assert_ptr_nonnull(mem_map);
	advise_huge(mem_map, max_pfn * sizeof(struct page));
	bound[0] = 0;
	bound[1] = min(dma_end, max_low_pfn);
	bound[2] = max_low_pfn;
	bound[3] = max_pfn;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &contig_page_data.node_zones[z];

		zone->name = fixture_zone_names[z];
		zone->zone_start_pfn = bound[z];
		zone->spanned_pages = bound[z + 1] - bound[z];
		zone->present_pages = ram_frames(bound[z], bound[z + 1]);
		zone->zone_mem_map = mem_map + bound[z];
		for (pfn = bound[z]; pfn < bound[z + 1]; pfn++) {
			struct page *page = &mem_map[pfn];

			set_page_zone(page, (enum zone_type)z);
			SetPageReserved(page);
			set_page_count(page, 1);
			page->_mapcount = -1;
			INIT_LIST_HEAD(&page->lru);
		}
	}
	contig_page_data.node_mem_map = mem_map;
	contig_page_data.node_spanned_pages = max_pfn;
}

/* The model after mem_init(): every frame memblock calls free. */
void model_from_memblock(void)
{
	phys_addr_t start, end, from = 0;
	unsigned long pfn;

	model = calloc(max_pfn / BITS_PER_WORD + 1, sizeof(*model));
	ck_assert_ptr_nonnull(model);
	while (memblock_next_free_range(from, &start, &end)) {
		for (pfn = PFN_UP(start); pfn < min(PFN_DOWN(end), max_pfn); pfn++)
			model_set(pfn, true);
		if (end <= from)
			break;
		from = end;
	}
}

/* Boot machine @p m with ZONE_DMA ending at @p dma_end, then mem_init(). */
void machine_up_dma(const struct sim_e820_map *m, unsigned long dma_end)
{
	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	fixture_zones(dma_end);
	sim_console_clear();
	mem_init();
	model_from_memblock();
}

void machine_up(const struct sim_e820_map *m)
{
	machine_up_dma(m, DMA_END_PFN);
}

void machine_down(void)
{
	free(mem_map);
	free(model);
	mem_map = NULL;
	model = NULL;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	sim_machine_exit();
}

struct zone *zone_nr(enum zone_type z)
{
	return &contig_page_data.node_zones[z];
}

/* ---- allocating beside the model ----------------------------------------- */

/* The model's half of an allocation: every frame must have been free. */
const char *model_take(const struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i;

	for (i = 0; i < (1UL << order); i++) {
		if (!model_test(pfn + i)) {
			snprintf(model_why, sizeof(model_why), "alloc_pages(order %u) "
				 "gave pfn %#lx, whose frame %#lx was not free",
				 order, pfn, pfn + i);
			return model_why;
		}
		model_set(pfn + i, false);
	}
	return NULL;
}

void model_give(const struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i;

	for (i = 0; i < (1UL << order); i++)
		model_set(pfn + i, true);
}

/* alloc_pages() checked against the model (NULL is allowed). */
struct page *t_alloc(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	if (page)
		CK_NO_PROBLEM(model_take(page, order));
	return page;
}

void t_free(struct page *page, unsigned int order)
{
	model_give(page, order);
	__free_pages(page, order);
}

/* Every frame on a free list is free in the model and the other way round. */
const char *model_compare(void)
{
	unsigned long *listed = calloc(max_pfn / BITS_PER_WORD + 1, sizeof(*listed));
	unsigned long pfn, i;
	const char *why = NULL;
	int z, o;

	ck_assert_ptr_nonnull(listed);
	for (z = 0; z < MAX_NR_ZONES && !why; z++)
		for (o = 0; o < MAX_ORDER && !why; o++) {
			const struct page *page;

			if (!populated_zone(zone_nr(z)))
				continue;
			list_for_each_entry(page, &zone_nr(z)->free_area[o].free_list, lru) {
				pfn = page_to_pfn(page);
				for (i = pfn; i < pfn + (1UL << o) && !why; i++) {
					if (i >= max_pfn || listed[i / BITS_PER_WORD] >> (i % BITS_PER_WORD) & 1) {
						snprintf(model_why, sizeof(model_why),
							 "frame %#lx listed twice (or past the end)", i);
						why = model_why;
					} else {
						listed[i / BITS_PER_WORD] |= 1UL << (i % BITS_PER_WORD);
					}
				}
				if (why)
					break;
			}
		}
	for (pfn = 0; pfn < max_pfn && !why; pfn++) {
		bool on_list = listed[pfn / BITS_PER_WORD] >> (pfn % BITS_PER_WORD) & 1;

		if (on_list != model_test(pfn)) {
			snprintf(model_why, sizeof(model_why), "frame %#lx: the model says "
				 "%s, the lists %s", pfn, model_test(pfn) ? "free" : "in use",
				 on_list ? "have it" : "do not");
			why = model_why;
		}
	}
	free(listed);
	return why;
}

/* ---- what mem_init() must leave and print -------------------------------- */

/* Blocks of each order in each zone, after a greedy cut of memblock's free ranges. */
void expected_blocks(unsigned long want[MAX_NR_ZONES][MAX_ORDER])
{
	phys_addr_t start, end, from = 0;
	int z;

	memset(want, 0, sizeof(unsigned long) * MAX_NR_ZONES * MAX_ORDER);
	while (memblock_next_free_range(from, &start, &end)) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = zone_nr(z);
			unsigned long s = max((unsigned long)PFN_UP(start), zone->zone_start_pfn);
			unsigned long e = min(min((unsigned long)PFN_DOWN(end), max_pfn),
					      zone->zone_start_pfn + zone->spanned_pages);

			while (s < e) {
				/* Alignment: lowest set bit; size: highest bit of what is left. */
				int align = s ? __builtin_ctzl(s) : 63;
				int fit = 63 - __builtin_clzl(e - s);
				int o = min(min(align, fit), MAX_ORDER - 1);

				want[z][o]++;
				s += 1UL << o;
			}
		}
		if (end <= from)
			break;
		from = end;
	}
}

const char *blocks_problem(void)
{
	unsigned long want[MAX_NR_ZONES][MAX_ORDER];
	int z, o;

	expected_blocks(want);
	for (z = 0; z < MAX_NR_ZONES; z++)
		for (o = 0; o < MAX_ORDER; o++)
			if (zone_nr(z)->free_area[o].nr_free != want[z][o]) {
				snprintf(model_why, sizeof(model_why), "%s order %d: %lu "
					 "blocks, the biggest-blocks cut gives %lu",
					 zone_nr(z)->name, o,
					 zone_nr(z)->free_area[o].nr_free, want[z][o]);
				return model_why;
			}
	return NULL;
}

/* The numbers of the "Memory:" line, derived from the model, not from mem_init. */
void expected_memory_line(char *buf, size_t n)
{
	unsigned long free_low = 0, free_high = 0, pfn;

	for (pfn = 0; pfn < max_pfn; pfn++)
		if (model_test(pfn)) {
			if (pfn < max_low_pfn)
				free_low++;
			else
				free_high++;
		}
	snprintf(buf, n, "Memory: %luk/%luk available (%luk kernel code, %luk "
		 "reserved, %luk data, %luk init, %luk highmem)\n",
		 (free_low + free_high) * 4, max_pfn * 4,
		 (unsigned long)(_etext - _text) / 1024,
		 (ram_frames(0, max_low_pfn) - free_low) * 4,
		 (unsigned long)(_edata - _etext) / 1024,
		 (unsigned long)(__init_end - __init_begin) / 1024, free_high * 4);
}

/* The sections rows, from the simulated image's own addresses. */
void expected_sections(char *buf, size_t n)
{
	snprintf(buf, n,
		 "      .init : 0x%08x - 0x%08x   (%4lu kB)\n"
		 "      .data : 0x%08x - 0x%08x   (%4lu kB)\n"
		 "      .text : 0x%08x - 0x%08x   (%4lu kB)\n",
		 sim_kva(__init_begin), sim_kva(__init_end),
		 (unsigned long)(__init_end - __init_begin) >> 10,
		 sim_kva(_etext), sim_kva(_edata), (unsigned long)(_edata - _etext) >> 10,
		 sim_kva(_text), sim_kva(_etext), (unsigned long)(_etext - _text) >> 10);
}

