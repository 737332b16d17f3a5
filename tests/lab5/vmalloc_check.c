/**
 * @file
 * Lab 5 host suite: vmalloc, vmap and vfree on the simulated machines of
 * 64 MiB (no highmem), 1 GiB, 2 GiB and 3 GiB, with the simulated MMU.
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

/* ---- the fixture ------------------------------------------------------------- */

/* Boot machine @p m as far as mm_init() goes at stage 5. */
static void boot(const struct sim_e820_map *m)
{
	sim_boot_mm_stage5(m);
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	ck_assert_uint_gt(nr_free_pages(), 0);
	sim_console_clear();
}

static void boot_1g(void)
{
	boot(&sim_e820_1g);
}

static void shutdown(void)
{
	vmlist = NULL;
	sim_machine_exit();
	sim_console_clear();
}

/* The frame swapper_pg_dir maps at @p addr, or -1 (lab 1's walk). */
static long mapped_pfn(const void *addr)
{
	enum pg_level level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);

	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte))
		return -1;
	return (long)pte_pfn(*pte);
}

static struct vm_struct *find_area(const void *addr)
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
 * page by page without it; the frames match lab 1's walk; high first.
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
	ck_assert_uint_eq(high, max_pfn > max_low_pfn ? nr : 0);
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

/* ---- misuse and the dump ---------------------------------------------------------------- */

START_TEST(test_misuse)
{
	unsigned int w;
	char *p;

	boot_1g();
	p = vmalloc(2 * PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	w = warn_count;
	vfree(p + 8);
	ck_assert_uint_eq(warn_count, w + 1);
	ck_assert(sim_console_contains("Trying to vfree() bad address ("));
	vfree(__va(0x200000));
	ck_assert_uint_eq(warn_count, w + 2);
	ck_assert(sim_readable(p) && find_area(p));
	vfree(p);
	sim_console_clear();
	vfree(p);
	ck_assert_uint_eq(warn_count, w + 3);
	ck_assert(sim_console_contains("Trying to vfree() nonexistent vm area ("));
	vfree(NULL);
	ck_assert_uint_eq(warn_count, w + 3);
	shutdown();
}
END_TEST

/* Each plants one broken invariant, says so on stderr, then calls the lab. */
static void bug_areas_out_of_order(void *arg)
{
	struct vm_struct *a, *b;
	char *pa, *pb;

	(void)arg;
	boot_1g();
	pa = vmalloc(2 * PAGE_SIZE);
	pb = vmalloc(PAGE_SIZE);
	ck_assert(pa && pb);
	a = find_area(pa);
	b = find_area(pb);
	vmlist = b;				/* the higher area first */
	b->next = a;
	a->next = NULL;
	fprintf(stderr, "planted\n");
	vmalloc(4 * PAGE_SIZE);			/* fits in neither gap before b */
}

static void bug_entry_in_use(void *arg)
{
	pte_t *pte;
	char *p;

	(void)arg;
	boot_1g();
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	vfree(p);
	/* The next area lands at p again, where an entry still maps a page. */
	pte = lookup_address((unsigned long)p, &(enum pg_level){ PG_LEVEL_4K });
	ck_assert_ptr_nonnull(pte);
	set_pte(pte, pfn_pte(0x100, PAGE_KERNEL));
	fprintf(stderr, "planted\n");
	vmalloc(PAGE_SIZE);
}

static void bug_vmalloc_over_entry(void *arg)
{
	(void)arg;
	boot_1g();
	set_pgd(pgd_offset_k(VMALLOC_START), __pgd((u32)(unsigned long)arg));
	fprintf(stderr, "planted\n");
	vmalloc(PAGE_SIZE);
}

static void bug_vmalloc_over_large(void *arg)
{
	(void)arg;
	bug_vmalloc_over_entry((void *)(unsigned long)(0x00400000u | _PAGE_PSE |
						      _KERNPG_TABLE));
}

static void bug_vmalloc_over_not_present(void *arg)
{
	(void)arg;
	bug_vmalloc_over_entry((void *)(unsigned long)(0x00400000u |
				(_KERNPG_TABLE & ~_PAGE_PRESENT)));
}

static void bug_vfree_over_large(void *arg)
{
	char *p;

	(void)arg;
	boot_1g();
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	set_pgd(pgd_offset_k((unsigned long)p),
		__pgd(0x00400000u | _PAGE_PSE | _KERNPG_TABLE));
	fprintf(stderr, "planted\n");
	vfree(p);
}

/*
 * The broken invariants 5.1-5.5 check are BUGs: areas out of order or
 * overlapping, an entry that maps something already, a directory entry
 * that is not a page table where vmalloc maps or unmaps.
 */
START_TEST(test_bugs)
{
	static const struct sim_bug_case cases[] = {
		{ "a list of areas out of address order", bug_areas_out_of_order },
		{ "mapping over an entry in use", bug_entry_in_use },
		{ "vmalloc under a 4 MiB directory entry", bug_vmalloc_over_large },
		{ "vmalloc under a non-present directory entry", bug_vmalloc_over_not_present },
		{ "vfree under a 4 MiB directory entry", bug_vfree_over_large },
	};
	char *why = sim_must_bug(cases, ARRAY_SIZE(cases));

	ck_assert_msg(!why, "%s", why);
	free(why);
}
END_TEST

/*
 * 5.2's new page table must be zeroed: a page fresh from the buddy
 * allocator holds whatever its last user wrote.  Free pages full of ones
 * just before the first vmalloc, so the allocator hands them out first.
 */
START_TEST(test_new_table_zeroed)
{
	struct page *dirty[16];
	pgd_t *pgd;
	pte_t *table;
	char *p;
	int i;

	boot_1g();
	pgd = pgd_offset_k(VMALLOC_START);
	ck_assert(pgd_none(*pgd));
	for (i = 0; i < 16; i++) {		/* dirty the pages handed out next */
		dirty[i] = alloc_page(GFP_KERNEL);
		ck_assert_ptr_nonnull(dirty[i]);
		memset(page_address(dirty[i]), 0xFF, PAGE_SIZE);
	}
	for (i = 15; i >= 0; i--)
		__free_page(dirty[i]);
	p = vmalloc(PAGE_SIZE);
	ck_assert_ptr_eq(p, (void *)VMALLOC_START);
	ck_assert(pgd_present(*pgd));
	table = pgd_page_vaddr(*pgd);
	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (i == (int)pte_index(VMALLOC_START))
			continue;
		ck_assert_msg(pte_none(table[i]), "entry %d of the new table is not empty", i);
	}
	vfree(p);
	shutdown();
}
END_TEST

/* vmap() one page from here: the area must name this function as its caller. */
static __attribute__((noinline)) void *vmap_from_here(struct page *page)
{
	return vmap(&page, 1, VM_MAP, PAGE_KERNEL);
}

/* 5.3: vmap() records who called it (vmallocinfo prints it). */
START_TEST(test_vmap_caller)
{
	struct vm_struct *area;
	struct page *page;
	void *p;

	boot_1g();
	page = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(page);
	p = vmap_from_here(page);
	ck_assert_ptr_nonnull(p);
	area = find_area(p);
	ck_assert_ptr_nonnull(area);
	ck_assert_msg((const char *)area->caller > (const char *)vmap_from_here &&
		      (const char *)area->caller < (const char *)vmap_from_here + 1024,
		      "caller %p is not in vmap_from_here() at %p", area->caller,
		      (void *)vmap_from_here);
	vunmap(p);
	__free_page(page);
	shutdown();
}
END_TEST

START_TEST(test_vmallocinfo)
{
	struct page *page;
	void *a, *b;

	boot_1g();
	a = vmalloc(4 * PAGE_SIZE);
	page = alloc_page(GFP_KERNEL);
	ck_assert_ptr_nonnull(page);
	b = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	ck_assert(a && b);
	sim_console_clear();
	show_vmallocinfo();
	ck_assert_msg(sim_console_contains("0xf8800000-0xf8805000   20480 0x"),
		      "got: %s", sim_console_text());
	ck_assert(sim_console_contains(" pages=4 vmalloc\n"));
	ck_assert(sim_console_contains("0xf8805000-0xf8807000    8192 0x"));
	ck_assert(sim_console_contains(" vmap\n"));
	vunmap(b);
	vfree(a);
	__free_page(page);
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
	tcase_add_test(tc, test_misuse);
	tcase_add_test(tc, test_bugs);
	tcase_add_test(tc, test_new_table_zeroed);
	tcase_add_test(tc, test_vmap_caller);
	tcase_add_test(tc, test_vmallocinfo);
	suite_add_tcase(s, tc);
	return s;
}
