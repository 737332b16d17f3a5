/**
 * @file
 * Lab 5 host suite: vmalloc, vmap and vfree on the simulated machines of
 * 64 MiB (no highmem), 1 GiB, 900 MiB and 3 GiB, with the simulated MMU.
 *
 * Each machine boots as mm_init() boots it, with labs 1 to 4 from
 * solutions/: paging_init (CR3 on swapper_pg_dir), zones, the buddy
 * allocator, kmalloc.  Then lab 5's code writes real page tables, and
 * the sim's MMU turns every present entry into a host mapping, so a
 * store through a vmalloc address really lands in the simulated page;
 * a cleared entry stays reachable until the TLB is flushed, exactly as
 * on the CPU.  sim_readable() probes an address without faulting.
 *
 * The reference model of first fit is an array of [start, end) intervals
 * kept sorted by the test itself; 3000 random reserve/release steps must
 * give the addresses the model predicts.  The deliberate fault: an entry
 * cleared behind the lab's back without a flush stays readable, which
 * proves the "faults after vfree" check really sees the TLB.
 *
 * @verbatim
 *   machine  max_low_pfn  high_memory  VMALLOC_START  VMALLOC_END
 *   64M      0x3ff0       0xc3ff0000   0xc4800000     0xff7fe000
 *   1G..3G   0x38000      0xf8000000   0xf8800000     0xff7fe000
 * @endverbatim
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include "sim/sim.h"
#include "mm_fixture.h"
#include "vmalloc_check.h"

/* ---- the fixture ------------------------------------------------------------- */

/* Boot machine @p m as far as mm_init() goes at stage 5. */
void boot(const struct sim_e820_map *m)
{
	sim_boot_mm_stage5(m);
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	ck_assert_uint_gt(nr_free_pages(), 0);
	sim_console_clear();
}

void boot_1g(void)
{
	boot(&sim_e820_1g);
}

void shutdown(void)
{
	vmlist = NULL;
	sim_machine_exit();
	sim_console_clear();
}

/* The frame swapper_pg_dir maps at @p addr, or -1 (lab 1's walk). */
long mapped_pfn(const void *addr)
{
	enum pg_level level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);

	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte))
		return -1;
	return (long)pte_pfn(*pte);
}

struct vm_struct *find_area(const void *addr)
{
	struct vm_struct *v;

	for (v = vmlist; v; v = v->next)
		if (v->addr == addr)
			return v;
	return NULL;
}

/* ---- layout -------------------------------------------------------------------- */

START_TEST(test_layout)
{
	static const u32 start[SIM_NR_E820_MAPS] = {
		0xC4800000, 0xF8800000, 0xF8800000, 0xF8800000 };

	boot(sim_e820_maps[_i]);
	ck_assert_uint_eq(__cpu_addr(VMALLOC_START), start[_i]);
	ck_assert_uint_eq(__cpu_addr(VMALLOC_END), 0xFF7FE000);
	shutdown();
}
END_TEST

/* ---- vmalloc on every machine ------------------------------------------------------ */

/*
 * 6 MiB (more than an order-10 block) written through the area, read back
 * page by page without it; the frames match lab 1's walk; high first:
 * all of it from highmem where there is enough (1 and 3 GiB), lowmem
 * only once highmem is down to its watermark (900 MiB has 4 MiB of it),
 * none without highmem (64 MiB).
 */
START_TEST(test_vmalloc_data)
{
	unsigned long nr = (6UL << 20) >> PAGE_SHIFT, i, high = 0;
	struct vm_struct *area;
	u32 *p;

	boot(sim_e820_maps[_i]);
	p = vmalloc(nr * PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	area = find_area(p);
	ck_assert_ptr_nonnull(area);
	ck_assert_uint_eq(area->nr_pages, nr);
	ck_assert_uint_eq(area->size, (nr + 1) * PAGE_SIZE);
	for (i = 0; i < nr; i++)
		p[i * 1024 + (i % 1024)] = 0xAB000000u + (u32)i;
	for (i = 0; i < nr; i++) {
		struct page *page = area->pages[i];

		ck_assert_int_eq(mapped_pfn(p + i * 1024), (long)page_to_pfn(page));
		ck_assert_ptr_eq(vmalloc_to_page(p + i * 1024 + 5), page);
		ck_assert_uint_eq(page_word(page, i % 1024), 0xAB000000u + (u32)i);
		high += PageHighMem(page);
	}
	if (max_pfn <= max_low_pfn) {
		ck_assert_uint_eq(high, 0);
	} else if (high < nr) {
		const struct zone *hz = &contig_page_data.node_zones[ZONE_HIGHMEM];

		ck_assert_uint_le(hz->free_pages, hz->pages_low);
		ck_assert_uint_gt(high, 0);
	}
	ck_assert(!sim_readable(p + nr * 1024));		/* the guard page */
	vfree(p);
	ck_assert_ptr_null(vmlist);
	shutdown();
}
END_TEST

/* After vfree() (which must flush) nothing of the area is reachable. */
START_TEST(test_vfree_flushes)
{
	char *p;
	int i;

	boot(sim_e820_maps[_i]);
	p = vmalloc(5 * PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < 5; i++) {
		ck_assert(sim_writable(p + i * PAGE_SIZE));
		p[i * PAGE_SIZE] = 1;
	}
	vfree(p);
	for (i = 0; i < 5; i++) {
		ck_assert_msg(!sim_readable(p + i * PAGE_SIZE),
			      "page %d still reachable after vfree(): TLB not flushed", i);
		ck_assert_ptr_null(vmalloc_to_page(p + i * PAGE_SIZE));
	}
	shutdown();
}
END_TEST

/* The deliberate fault: a cleared entry without a flush stays reachable. */
START_TEST(test_stale_without_flush)
{
	struct page *page;
	pte_t *pte;
	char *p;

	boot_1g();
	page = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(page);
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	ck_assert_ptr_nonnull(p);
	p[0] = 42;
	pte = pte_offset_kernel(pgd_offset_k((unsigned long)p), (unsigned long)p);
	pte_clear(pte);				/* behind the lab's back, no flush */
	ck_assert(sim_readable(p));		/* stale: the checker must see it */
	__flush_tlb_one((unsigned long)p);
	ck_assert(!sim_readable(p));
	vunmap(p);				/* the entry is clear already: fine */
	ck_assert_ptr_null(vmlist);
	__free_page(page);
	shutdown();
}
END_TEST

/* Every page vmalloc took goes back; tables stay, and are made once. */
START_TEST(test_pages_come_back)
{
	unsigned long before, after_first;
	void *p;

	boot(sim_e820_maps[_i]);
	before = nr_free_pages();
	p = vmalloc(3UL << 20);
	ck_assert_ptr_nonnull(p);
	vfree(p);
	after_first = nr_free_pages();
	ck_assert_uint_le(before - after_first, 4);	/* page tables (and slabs) */
	p = vmalloc(3UL << 20);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_le(nr_free_pages(), after_first - 768);
	vfree(p);
	ck_assert_uint_eq(nr_free_pages(), after_first);
	shutdown();
}
END_TEST

/* vzalloc() clears pages that were dirty (vmalloc's, just freed). */
START_TEST(test_vzalloc)
{
	unsigned long i;
	u8 *p;

	boot(sim_e820_maps[_i]);
	p = vmalloc(40000);
	ck_assert_ptr_nonnull(p);
	memset(p, 0xEE, 40000);
	vfree(p);
	p = vzalloc(40000);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < PAGE_ALIGN(40000); i++)
		ck_assert_uint_eq(p[i], 0);
	vfree(p);
	shutdown();
}
END_TEST

/* ---- first fit against the model ---------------------------------------------------- */

#define MODEL_MAX 64

struct interval {
	unsigned long start, end;	/* [start, end), guard included */
	struct vm_struct *area;
};

static struct interval model[MODEL_MAX];
static int model_n;

/* First fit over the model's sorted intervals: the address, or 0. */
static unsigned long model_fit(unsigned long bytes, int *pos)
{
	unsigned long cand = VMALLOC_START;
	int k;

	for (k = 0; k < model_n; k++) {
		if (model[k].start - cand >= bytes)
			break;
		cand = model[k].end;
	}
	*pos = k;
	return VMALLOC_END - cand >= bytes ? cand : 0;
}

/*
 * 3000 random steps on the 1 GiB machine: reserve 1..512 pages (sometimes
 * 4..8 MiB, so the space fills up and some requests fail) or release a
 * random area.  get_vm_area() must agree with the model every time.
 */
START_TEST(test_first_fit_random)
{
	unsigned int seed = 12345, step;
	int k, pos;

	boot_1g();
	model_n = 0;
	for (step = 0; step < 3000; step++) {
		seed = seed * 1103515245u + 12345u;
		if (model_n && ((seed >> 16) % 3 == 0 || model_n == MODEL_MAX)) {
			k = (int)((seed >> 8) % (unsigned int)model_n);
			ck_assert_ptr_eq(remove_vm_area(model[k].area->addr), model[k].area);
			kfree(model[k].area);
			memmove(&model[k], &model[k + 1], (model_n - k - 1) * sizeof(model[0]));
			model_n--;
		} else {
			unsigned long pages = 1 + (seed >> 4) % 512;
			unsigned long want;
			struct vm_struct *v;

			if ((seed >> 20) % 8 == 0)
				pages = 1024 + (seed >> 4) % 1024;
			want = model_fit((pages + 1) * PAGE_SIZE, &pos);
			v = get_vm_area(pages * PAGE_SIZE, VM_ALLOC);
			if (!want) {
				ck_assert_msg(v == NULL, "step %u: model has no room", step);
				continue;
			}
			ck_assert_msg(v && (unsigned long)v->addr == want,
				      "step %u: %lu pages at %#x, the model says %#x",
				      step, pages, v ? __cpu_addr(v->addr) : 0, __cpu_addr(want));
			memmove(&model[pos + 1], &model[pos], (model_n - pos) * sizeof(model[0]));
			model[pos] = (struct interval){ want, want + v->size, v };
			model_n++;
		}
	}
	for (k = 0; k < model_n; k++)
		kfree(remove_vm_area(model[k].area->addr));
	ck_assert_ptr_null(vmlist);
	shutdown();
}
END_TEST

/* Reserve 1 MiB areas until the space is gone: exactly as many as fit. */
START_TEST(test_exhaust_space)
{
	unsigned long space, each = (1UL << 20) + PAGE_SIZE, n = 0, want;
	static struct vm_struct *v[1024];

	boot(sim_e820_maps[_i]);
	space = VMALLOC_END - VMALLOC_START;
	want = space / each;
	while (n < 1024 && (v[n] = get_vm_area(1UL << 20, VM_ALLOC)) != NULL)
		n++;
	ck_assert_uint_eq(n, want);
	while (n)
		kfree(remove_vm_area(v[--n]->addr));
	ck_assert_ptr_null(vmlist);
	v[0] = get_vm_area(space - PAGE_SIZE, VM_ALLOC);
	ck_assert_ptr_nonnull(v[0]);
	ck_assert_ptr_null(get_vm_area(1, VM_ALLOC));
	kfree(remove_vm_area(v[0]->addr));
	shutdown();
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab5-vmalloc");
	TCase *tc = tcase_create("vmalloc");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_layout, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_vmalloc_data, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_vfree_flushes, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_stale_without_flush);
	tcase_add_loop_test(tc, test_pages_come_back, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_vzalloc, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_first_fit_random);
	tcase_add_loop_test(tc, test_exhaust_space, 0, SIM_NR_E820_MAPS);
	add_misuse_tests(tc);
	suite_add_tcase(s, tc);
	return s;
}
