/**
 * @file
 * Lab 5 in-kernel tests, steps 5.1, 5.2, 5.3 and 5.6: address space (area),
 * page tables on demand (pgtable), vmap (map), and the walk back from an
 * address to its page (to_page).
 *
 * Each group uses only its own step and the given code, so partial work
 * earns partial credit: area tests call get_vm_area()/remove_vm_area()
 * and map nothing; pgtable tests look at swapper_pg_dir after
 * map_vm_area(); map tests check every entry with lab 1's
 * lookup_address() before touching an address.  Every test gives back
 * what it took, so vmlist is empty again between tests.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <kit/ktest.h>
#include "vmalloc_ktest.h"

/* ---- area (5.1) ------------------------------------------------------------- */

KTEST(lab5, area, guard_page_counted)
{
	struct vm_struct *a, *b;

	ASSERT_VM_READY(t);
	a = get_vm_area(1, VM_ALLOC);
	KTEST_ASSERT(t, a != NULL);
	KTEST_EXPECT_EQ(t, a->size, 2 * PAGE_SIZE);	/* 1 byte: one page + guard */
	KTEST_EXPECT_EQ(t, (unsigned long)a->addr & ~PAGE_MASK, 0);
	KTEST_EXPECT(t, is_vmalloc_addr(a->addr));
	KTEST_EXPECT_EQ(t, a->flags, VM_ALLOC);
	KTEST_EXPECT_EQ(t, a->nr_pages, 0);
	b = get_vm_area(PAGE_SIZE + 1, VM_MAP);
	KTEST_EXPECT(t, b != NULL && b->size == 3 * PAGE_SIZE);
	KTEST_EXPECT(t, find_area(a->addr) == a);
	EXPECT_VMLIST_OK(t);
	if (b)
		kfree(remove_vm_area(b->addr));
	kfree(remove_vm_area(a->addr));
	KTEST_EXPECT(t, vmlist == NULL);
}

KTEST(lab5, area, first_at_vmalloc_start)
{
	struct vm_struct *a;

	ASSERT_VM_READY(t);
	KTEST_ASSERT(t, vmlist == NULL);
	a = get_vm_area(PAGE_SIZE, VM_ALLOC);
	KTEST_ASSERT(t, a != NULL);
	KTEST_EXPECT_EQ(t, (unsigned long)a->addr, VMALLOC_START);
	kfree(remove_vm_area(a->addr));
}

/*
 * A (1 page), B (3), C (1) side by side; B goes; D (2 pages + guard = 3)
 * fits exactly where B was; E (1 + guard = 2) no longer fits in the one
 * page left there, and goes after C.
 */
KTEST(lab5, area, first_fit)
{
	struct vm_struct *a, *b, *c, *d, *e;
	unsigned long b_addr;

	ASSERT_VM_READY(t);
	a = get_vm_area(PAGE_SIZE, VM_ALLOC);
	b = get_vm_area(3 * PAGE_SIZE, VM_ALLOC);
	c = get_vm_area(PAGE_SIZE, VM_ALLOC);
	KTEST_ASSERT(t, a && b && c);
	KTEST_EXPECT_EQ(t, (unsigned long)b->addr, (unsigned long)a->addr + 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, (unsigned long)c->addr, (unsigned long)b->addr + 4 * PAGE_SIZE);
	b_addr = (unsigned long)b->addr;
	kfree(remove_vm_area(b->addr));
	KTEST_EXPECT_EQ(t, model_first_fit(2), b_addr);
	d = get_vm_area(2 * PAGE_SIZE, VM_ALLOC);
	KTEST_EXPECT(t, d && (unsigned long)d->addr == b_addr);
	e = get_vm_area(PAGE_SIZE, VM_ALLOC);
	KTEST_EXPECT(t, e && (unsigned long)e->addr == (unsigned long)c->addr + c->size);
	EXPECT_VMLIST_OK(t);
	if (e)
		kfree(remove_vm_area(e->addr));
	if (d)
		kfree(remove_vm_area(d->addr));
	kfree(remove_vm_area(c->addr));
	kfree(remove_vm_area(a->addr));
	KTEST_EXPECT(t, vmlist == NULL);
}

/* 24 areas of mixed sizes, every third freed, 16 more: the model agrees throughout. */
KTEST(lab5, area, sorted_like_the_model)
{
	struct vm_struct *v[40];
	unsigned int i, n = 0;

	ASSERT_VM_READY(t);
	for (i = 0; i < 24; i++) {
		unsigned long pages = 1 + (i * 7) % 5;
		unsigned long want = model_first_fit(pages);

		v[n] = get_vm_area(pages * PAGE_SIZE, VM_ALLOC);
		KTEST_ASSERT(t, v[n] != NULL);
		KTEST_EXPECT_EQ(t, (unsigned long)v[n]->addr, want);
		n++;
	}
	for (i = 0; i < n; i += 3) {
		kfree(remove_vm_area(v[i]->addr));
		v[i] = NULL;
	}
	for (i = 0; i < 16; i++) {
		unsigned long pages = 1 + (i * 3) % 4;
		unsigned long want = model_first_fit(pages);

		v[n] = get_vm_area(pages * PAGE_SIZE, VM_ALLOC);
		KTEST_ASSERT(t, v[n] != NULL);
		KTEST_EXPECT_EQ(t, (unsigned long)v[n]->addr, want);
		n++;
	}
	EXPECT_VMLIST_OK(t);
	for (i = 0; i < n; i++)
		if (v[i])
			kfree(remove_vm_area(v[i]->addr));
	KTEST_EXPECT(t, vmlist == NULL);
}

/* The whole area fits exactly once, guard included; then nothing fits. */
KTEST(lab5, area, whole_space)
{
	unsigned long space = VMALLOC_END - VMALLOC_START;
	struct vm_struct *all;

	ASSERT_VM_READY(t);
	KTEST_ASSERT(t, vmlist == NULL);
	KTEST_EXPECT(t, get_vm_area(space, VM_ALLOC) == NULL);	/* no room for the guard */
	KTEST_EXPECT(t, get_vm_area(~0UL, VM_ALLOC) == NULL);	/* must not wrap */
	KTEST_EXPECT(t, get_vm_area(0, VM_ALLOC) == NULL);
	all = get_vm_area(space - PAGE_SIZE, VM_ALLOC);
	KTEST_ASSERT(t, all != NULL);
	KTEST_EXPECT_EQ(t, (unsigned long)all->addr, VMALLOC_START);
	KTEST_EXPECT_EQ(t, all->size, space);
	KTEST_EXPECT(t, get_vm_area(1, VM_ALLOC) == NULL);
	kfree(remove_vm_area(all->addr));
	KTEST_EXPECT(t, vmlist == NULL);
}

/* ---- pgtable (5.2) ---------------------------------------------------------- */

/*
 * Map 5 MiB (1280 entries, all pointing to one low page): every pgd entry
 * it spans must have a kernel page table in low memory, zero outside the
 * area (the guard page's entry included), kept after the area goes.
 */
KTEST(lab5, pgtable, made_on_demand)
{
	unsigned long nr = 1280, i, addr, end;
	struct page **pages, *page;
	struct vm_struct *area;

	ASSERT_VM_READY(t);
	page = alloc_page(GFP_KERNEL);
	pages = kmalloc(nr * sizeof(*pages), GFP_KERNEL);
	area = get_vm_area(nr * PAGE_SIZE, VM_MAP);
	KTEST_ASSERT(t, page && pages && area);
	for (i = 0; i < nr; i++)
		pages[i] = page;
	{
		struct page **cursor = pages;

		map_vm_area(area, PAGE_KERNEL, &cursor);
	}
	addr = (unsigned long)area->addr;
	end = addr + nr * PAGE_SIZE;
	for (; addr - 1 < end - 1; addr = (addr & PGDIR_MASK) + PGDIR_SIZE) {
		pgd_t pgd = *pgd_offset_k(addr);

		KTEST_EXPECT_EQ(t, pgd_val(pgd) & ~PAGE_MASK, _KERNPG_TABLE);
		KTEST_EXPECT(t, (pgd_val(pgd) >> PAGE_SHIFT) < max_low_pfn);
	}
	if (pgd_present(*pgd_offset_k(end)))	/* the guard page: no entry */
		KTEST_EXPECT(t, pte_none(*pte_offset_kernel(pgd_offset_k(end), end)));
	addr = (unsigned long)area->addr;
	kfree(remove_vm_area(area->addr));
	KTEST_EXPECT(t, pgd_present(*pgd_offset_k(addr)));	/* tables stay */
	KTEST_EXPECT(t, pte_none(*pte_offset_kernel(pgd_offset_k(addr), addr)));
	kfree(pages);
	__free_page(page);
}

/* A second area in the same 4 MiB reuses the table: no pgd entry changes. */
KTEST(lab5, pgtable, reused)
{
	struct page *page = NULL, *pages[1];
	struct vm_struct *a, *b;
	u32 before;

	ASSERT_VM_READY(t);
	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, page != NULL);
	pages[0] = page;
	a = find_area(vmap(pages, 1, VM_MAP, PAGE_KERNEL));
	KTEST_ASSERT(t, a != NULL);
	before = pgd_val(*pgd_offset_k((unsigned long)a->addr));
	KTEST_EXPECT(t, pgd_present(__pgd(before)));
	b = get_vm_area(PAGE_SIZE, VM_MAP);
	KTEST_ASSERT(t, b != NULL);
	KTEST_EXPECT_EQ(t, pgd_index((unsigned long)b->addr),
			pgd_index((unsigned long)a->addr));
	{
		struct page **cursor = pages;

		KTEST_EXPECT_EQ(t, map_vm_area(b, PAGE_KERNEL, &cursor), 0);
		KTEST_EXPECT(t, cursor == pages + 1);
	}
	KTEST_EXPECT_EQ(t, pgd_val(*pgd_offset_k((unsigned long)b->addr)), before);
	vunmap(b->addr);
	vunmap(a->addr);
	__free_page(page);
}

/* ---- map (5.3) ------------------------------------------------------------------ */

/* Four low pages, allocated one by one, mapped in reverse order. */
KTEST(lab5, map, vmap_entries)
{
	struct page *pages[4] = { NULL };
	unsigned int i;
	char *p;

	ASSERT_VM_READY(t);
	for (i = 0; i < 4; i++) {
		pages[3 - i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT(t, pages[3 - i] != NULL);
	}
	p = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, is_vmalloc_addr(p));
	for (i = 0; i < 4; i++) {
		enum pg_level level;
		pte_t *pte = lookup_address((unsigned long)p + i * PAGE_SIZE, &level);

		KTEST_EXPECT_EQ(t, mapped_pfn(p + i * PAGE_SIZE), page_to_pfn(pages[i]));
		if (pte)
			KTEST_EXPECT_EQ(t, pte_val(*pte) & ~PAGE_MASK, __PAGE_KERNEL);
	}
	KTEST_EXPECT_EQ(t, mapped_pfn(p + 4 * PAGE_SIZE), -1);	/* the guard */
	KTEST_EXPECT(t, find_area(p) && find_area(p)->pages == NULL);
	vunmap(p);
	for (i = 0; i < 4; i++)
		__free_page(pages[i]);
}

/* Bytes stored through the vmap address are the page's, seen through the direct map. */
KTEST(lab5, map, data_reaches_low_pages)
{
	struct page *pages[3] = { NULL };
	unsigned int i;
	u32 *p;

	ASSERT_VM_READY(t);
	for (i = 0; i < 3; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT(t, pages[i] != NULL);
		memset(page_address(pages[i]), 0, PAGE_SIZE);
	}
	p = vmap(pages, 3, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	KTEST_ASSERT(t, range_mapped(p, 3));
	for (i = 0; i < 3; i++)
		p[i * 1024 + 7] = 0xC0DE0000 + i;
	for (i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, ((u32 *)page_address(pages[i]))[7], 0xC0DE0000 + i);
	vunmap(p);
	for (i = 0; i < 3; i++) {
		KTEST_EXPECT_EQ(t, page_count(pages[i]), 1);	/* still the caller's */
		__free_page(pages[i]);
	}
}

/* A high page has no direct-map address, but two vmaps of it alias the same bytes. */
KTEST(lab5, map, high_page_twice)
{
	struct page *page;
	u32 *one, *two;

	ASSERT_VM_READY(t);
	page = alloc_page(GFP_HIGHUSER);
	KTEST_ASSERT(t, page != NULL);
	if (!PageHighMem(page)) {
		__free_page(page);
		KTEST_SKIP(t, "no highmem");
	}
	KTEST_EXPECT(t, page_address(page) == NULL);
	one = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	two = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT(t, one && two && one != two);
	KTEST_ASSERT(t, range_mapped(one, 1) && range_mapped(two, 1));
	one[100] = 0x600DF00D;
	KTEST_EXPECT_EQ(t, two[100], 0x600DF00D);
	KTEST_EXPECT_EQ(t, mapped_pfn(two), page_to_pfn(page));
	vunmap(two);
	vunmap(one);
	__free_page(page);
}

/* A NULL in the array fails the vmap, and the area is given back. */
/*
 * 5.3: vmap() refuses a count larger than the vmalloc area before it
 * shifts it: 2^20 + 1 pages shifted by PAGE_SHIFT wraps to one page in
 * 32 bits, which would map a single page and return an address.
 */
KTEST(lab5, map, count_that_wraps)
{
	struct page *page = alloc_page(GFP_KERNEL);
	void *p;

	ASSERT_VM_READY(t);
	KTEST_ASSERT(t, page != NULL);
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);	/* the same page, one count */
	KTEST_ASSERT(t, p != NULL);
	vunmap(p);
	p = vmap(&page, (1UL << (32 - PAGE_SHIFT)) + 1, VM_MAP, PAGE_KERNEL);
	KTEST_EXPECT(t, p == NULL);
	if (p)
		vunmap(p);
	KTEST_EXPECT(t, vmlist == NULL);
	__free_page(page);
}

KTEST(lab5, map, null_page_fails)
{
	struct page *pages[2] = { NULL, NULL };
	void *p;

	ASSERT_VM_READY(t);
	pages[0] = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, pages[0] != NULL);
	p = vmap(pages, 1, VM_MAP, PAGE_KERNEL);	/* the first page alone is fine */
	KTEST_EXPECT(t, p != NULL);
	vunmap(p);
	KTEST_EXPECT(t, vmap(pages, 2, VM_MAP, PAGE_KERNEL) == NULL);
	KTEST_EXPECT(t, vmlist == NULL);
	KTEST_EXPECT(t, vmap(pages, 0, VM_MAP, PAGE_KERNEL) == NULL);
	KTEST_EXPECT(t, vmap(pages, ~0U, VM_MAP, PAGE_KERNEL) == NULL);
	KTEST_EXPECT(t, vmlist == NULL);
	__free_page(pages[0]);
}

/* ---- to_page (5.6) ---------------------------------------------------------------- */

KTEST(lab5, to_page, matches_pages)
{
	struct vm_struct *area;
	unsigned int i;
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(16 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	area = find_area(p);
	KTEST_ASSERT(t, area && area->nr_pages == 16);
	for (i = 0; i < 16; i++) {
		KTEST_EXPECT(t, vmalloc_to_page(p + i * PAGE_SIZE) == area->pages[i]);
		KTEST_EXPECT(t, vmalloc_to_page(p + i * PAGE_SIZE + 0x123) == area->pages[i]);
	}
	vfree(p);
}

KTEST(lab5, to_page, unmapped_is_null)
{
	struct page *page;
	char *p;

	ASSERT_VM_READY(t);
	p = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	page = vmalloc_to_page(p);
	KTEST_EXPECT(t, page != NULL);
	KTEST_EXPECT(t, vmalloc_to_page(p + 2 * PAGE_SIZE) == NULL);	/* guard */
	KTEST_EXPECT(t, vmalloc_to_page((void *)(VMALLOC_END - PAGE_SIZE)) == NULL);
	vfree(p);
	KTEST_EXPECT(t, vmalloc_to_page(p) == NULL);
	KTEST_EXPECT(t, vmalloc_to_page(p + PAGE_SIZE) == NULL);
}

/*
 * A 4 MiB (PSE) pgd entry maps no 4 KiB page: the walk must stop at it,
 * not read the frame it names as if it were a page table.  The test plants
 * such an entry in a slot of the vmalloc range that has no table, naming a
 * frame laid out like a table whose first entry maps @target: a walk that
 * went on would return @target.  Nothing ever accesses the address, and
 * the slot is emptied (and its TLB entry dropped) before the test ends.
 */
KTEST(lab5, to_page, large_entry_is_null)
{
	struct page *bait, *target;
	unsigned long addr;
	pgd_t *pgd = NULL;
	pte_t *table;
	void *p;

	ASSERT_VM_READY(t);
	/* The walk itself works: a NULL below is the entry's doing. */
	p = vmalloc(PAGE_SIZE);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, vmalloc_to_page(p) != NULL);
	vfree(p);
	for (addr = VMALLOC_END & PGDIR_MASK; addr > VMALLOC_START; addr -= PGDIR_SIZE) {
		if (addr < VMALLOC_END && !pgd_present(*pgd_offset_k(addr))) {
			pgd = pgd_offset_k(addr);
			break;
		}
	}
	if (!pgd)
		KTEST_SKIP(t, "every 4 MiB slot of the vmalloc range has a table");
	bait = alloc_page(GFP_KERNEL);
	target = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, bait && target);
	table = page_address(bait);
	memset(table, 0, PAGE_SIZE);
	table[pte_index(addr)] = pfn_pte(page_to_pfn(target), PAGE_KERNEL);
	set_pgd(pgd, __pgd((u32)PFN_PHYS(page_to_pfn(bait)) | _PAGE_PRESENT | _PAGE_RW |
			    _PAGE_PSE));
	KTEST_EXPECT(t, vmalloc_to_page((void *)addr) == NULL);
	set_pgd(pgd, __pgd(0));
	__flush_tlb_one(addr);
	__free_page(bait);
	__free_page(target);
}

/* vmalloc_to_page() of a vmap address gives the caller's page back. */
KTEST(lab5, to_page, vmap_pages)
{
	struct page *pages[2] = { NULL };
	char *p;

	ASSERT_VM_READY(t);
	pages[0] = alloc_page(GFP_HIGHUSER);
	pages[1] = alloc_page(GFP_KERNEL);
	KTEST_ASSERT(t, pages[0] && pages[1]);
	p = vmap(pages, 2, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT(t, p != NULL);
	KTEST_EXPECT(t, vmalloc_to_page(p) == pages[0]);
	KTEST_EXPECT(t, vmalloc_to_page(p + PAGE_SIZE + 1) == pages[1]);
	vunmap(p);
	__free_page(pages[0]);
	__free_page(pages[1]);
}
