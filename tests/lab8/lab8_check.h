/**
 * @file
 * Lab 8 host suites' fixture: a booted machine, a process's address space
 * made as mm_alloc() makes it, an invariant checker for the VMA list, and
 * probes of user page tables that do not trust the lab's code.
 *
 * The machine boots as mm_init() does at stage 8 (labs 1 to 7 from
 * solutions/): paging_init (CR3 on swapper_pg_dir), zones, the buddy
 * allocator, kmalloc, kmap_atomic, then what the kernel itself supplies
 * lab 8 and the host build does not link: vm_area_cachep (kernel/core/
 * fork.c) is made here, and empty_zero_page is the sim's page of the fake
 * image (sim.h).  One VMA is allocated and freed at boot so the cache has
 * a slab: after that, do_mmap() of any size takes no page from the buddy.
 *
 * User addresses are biased on the host: U(0x40000000) is the address a
 * process sees as 0x40000000 (TASK_UNMAPPED_BASE).
 *
 * @verbatim
 *   mm_new()    kzalloc'd mm; pgd = a zeroed low page whose entries
 *               768..1023 are swapper_pg_dir's; mmap_base = TASK_UNMAPPED_BASE
 *   mm_enter()  CR3 = mm->pgd, as switch_mm() does: from then on a present
 *               user PTE is also a host mapping at the user address (the
 *               sim's TLB), and a cleared one stays until it is flushed
 *   mm_free()   back to swapper_pg_dir, do_munmap() of all user space,
 *               then the tables and the directory (mmput())
 * @endverbatim
 *
 * What the tests read: the PTEs through mm->pgd and the direct map (page
 * tables are low), the frames through kmap_atomic() (lab 7, from
 * solutions/), and the sim's TLB (sim_readable()/sim_writable() of the
 * user address) only for what the MMU would do.  One limit of the sim: it
 * loads a present entry into its TLB as soon as set_pte() writes it, so a
 * missing flush after a present-to-present change (copy on write) cannot
 * be seen on the host; a missing flush after clearing an entry (zap) can.
 */
#ifndef _TESTS_LAB8_LAB8_CHECK_H
#define _TESTS_LAB8_LAB8_CHECK_H

#include <check.h>

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/highmem.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include "sim/sim.h"
#include "mm_fixture.h"

/* What kernel/core/fork.c defines in the kernel: tests/lib/mm_fixture.c on the host. */
extern struct kmem_cache *vm_area_cachep;

/** User address @p off as the host's kernel code holds it (biased). */
#define U(off)      (KVA_BIAS + (unsigned long)(off))
/** Page @p n above TASK_UNMAPPED_BASE. */
#define BASE(n)     (TASK_UNMAPPED_BASE + (unsigned long)(n) * PAGE_SIZE)
#define PAGES(n)    ((unsigned long)(n) * PAGE_SIZE)
#define ANON        (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW          (PROT_READ | PROT_WRITE)
#define MMAP_ERR(r) ((long)(r))		/* do_mmap()'s -errno, as a long */

/* ---- the machine ------------------------------------------------------------ */

static inline void lab8_boot(const struct sim_e820_map *m)
{
	struct vm_area_struct *warm;

	sim_boot_mm_stage5(m);
	__preempt_count = 0;
	kmap_atomic_init();
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct), 0, 0, NULL);
	ck_assert_ptr_nonnull(vm_area_cachep);
	warm = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);
	ck_assert_ptr_nonnull(warm);
	kmem_cache_free(vm_area_cachep, warm);
	ck_assert_ptr_nonnull(empty_zero_page);
	ck_assert_ptr_eq(current_pgdir(), swapper_pg_dir);
	sim_set_cr2(0);
	sim_clear_fixups();
	sim_console_clear();
}

static inline void lab8_shutdown(void)
{
	vmlist = NULL;
	vm_area_cachep = NULL;
	sim_clear_fixups();
	sim_machine_exit();
	sim_console_clear();
}

/* ---- an address space --------------------------------------------------------- */

/* A new, empty address space, as mm_alloc() (kernel/core/fork.c) makes it. */
static inline struct mm_struct *mm_new(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	ck_assert_ptr_nonnull(mm);
	mm->pgd = (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	ck_assert_ptr_nonnull(mm->pgd);
	memcpy(mm->pgd + KERNEL_PGD_BOUNDARY, swapper_pg_dir + KERNEL_PGD_BOUNDARY,
	       (PTRS_PER_PGD - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	mm->mmap_base = TASK_UNMAPPED_BASE;
	return mm;
}

/* Run on @p mm's page tables (switch_mm()). */
static inline void mm_enter(struct mm_struct *mm)
{
	load_cr3(mm->pgd);
}

/* Page tables @p mm has for user space (present entries 0..767). */
static inline unsigned int user_tables(const struct mm_struct *mm)
{
	unsigned int i, n = 0;

	for (i = 0; i < USER_PTRS_PER_PGD; i++)
		n += pgd_present(mm->pgd[i]);
	return n;
}

/* mmput(): everything unmapped, the tables and the directory freed. */
static inline void mm_free(struct mm_struct *mm)
{
	unsigned int i;

	if (current_pgdir() == mm->pgd)
		load_cr3(swapper_pg_dir);
	ck_assert_int_eq(do_munmap(mm, U(0), TASK_SIZE - U(0)), 0);
	ck_assert_ptr_null(mm->mmap);
	ck_assert_int_eq(mm->map_count, 0);
	ck_assert_uint_eq(mm->total_vm, 0);
	ck_assert_uint_eq(mm->rss, 0);
	for (i = 0; i < USER_PTRS_PER_PGD; i++)
		if (pgd_present(mm->pgd[i]))
			free_page((unsigned long)pgd_page_vaddr(mm->pgd[i]));
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}

/* Free pages once the VMA cache has given back its empty slabs. */
static inline unsigned long free_pages_now(void)
{
	kmem_cache_shrink(vm_area_cachep);
	return nr_free_pages();
}

/* ---- the VMA list's invariants --------------------------------------------------- */

/*
 * NULL if @p mm's list is sorted, non-overlapping, page aligned, inside
 * user space, owned by @p mm, and map_count and total_vm say what it
 * holds, and mmap_cache is NULL or on the list; else what is wrong.
 */
static inline const char *mm_problem(const struct mm_struct *mm)
{
	const struct vm_area_struct *v;
	unsigned long prev_end = U(0), pages = 0;
	bool cache_seen = mm->mmap_cache == NULL;
	int n = 0;

	for (v = mm->mmap; v; v = v->vm_next) {
		if (++n > 100000)
			return "the list does not end";
		if ((v->vm_start | v->vm_end) & ~PAGE_MASK)
			return "a VMA is not page aligned";
		if (v->vm_start >= v->vm_end)
			return "a VMA is empty or inside out";
		if (v->vm_start < prev_end)
			return "VMAs overlap or are out of order";
		if (v->vm_end > TASK_SIZE)
			return "a VMA runs past TASK_SIZE";
		if (v->vm_mm != mm)
			return "a VMA's vm_mm is not its mm";
		cache_seen |= v == mm->mmap_cache;
		pages += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		prev_end = v->vm_end;
	}
	if (n != mm->map_count)
		return "map_count is not the length of the list";
	if (pages != mm->total_vm)
		return "total_vm is not the pages the VMAs cover";
	if (!cache_seen)
		return "mmap_cache points to a VMA not on the list";
	return NULL;
}

#define ck_assert_mm_ok(mm) do {					\
	const char *__why = mm_problem(mm);				\
	ck_assert_msg(__why == NULL, "mm: %s", __why);			\
} while (0)

/* The @p i th VMA of @p mm (0 = lowest), or NULL. */
static inline struct vm_area_struct *nth_vma(struct mm_struct *mm, int i)
{
	struct vm_area_struct *v = mm->mmap;

	while (v && i--)
		v = v->vm_next;
	return v;
}

#define ck_assert_vma(v, start, end) do {				\
	const struct vm_area_struct *__v = (v);				\
	ck_assert_ptr_nonnull(__v);					\
	ck_assert_uint_eq(__v->vm_start, (start));			\
	ck_assert_uint_eq(__v->vm_end, (end));				\
} while (0)

/* A VMA not from do_mmap(), from the cache, for insert_vm_struct(). */
static inline struct vm_area_struct *new_vma(unsigned long start, unsigned long end,
				      unsigned long flags)
{
	struct vm_area_struct *v = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	ck_assert_ptr_nonnull(v);
	memset(v, 0, sizeof(*v));
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = flags;
	return v;
}

/* do_mmap() that must succeed: anonymous, private, at the place it picks. */
static inline unsigned long mmap_ok(struct mm_struct *mm, unsigned long addr,
			     unsigned long len, unsigned long prot, unsigned long flags)
{
	unsigned long r = do_mmap(mm, addr, len, prot, ANON | flags);

	ck_assert_msg(!IS_ERR_VALUE(r), "do_mmap(%#lx, %#lx) = %ld",
		      (unsigned long)__cpu_addr(addr), len, MMAP_ERR(r));
	return r;
}

/* ---- user page tables, read without the lab's help ---------------------------------- */

/* The entry for @p addr in @p mm's tables, or NULL if it has no table there. */
static inline pte_t *user_pte(const struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = mm->pgd + pgd_index(addr);

	if (!pgd_present(*pgd) || pgd_large(*pgd))
		return NULL;
	return pte_offset_kernel(pgd, addr);
}

/* The present entry for @p addr, or an empty one. */
static inline pte_t user_entry(const struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = user_pte(mm, addr);

	return pte && pte_present(*pte) ? *pte : __pte(0);
}

static inline unsigned long zero_pfn(void)
{
	return page_to_pfn(ZERO_PAGE(0));
}

/* Word @p w of frame @p pfn, through a kmap_atomic() mapping of its own. */
static inline u32 frame_word(unsigned long pfn, unsigned int w)
{
	u32 *p = kmap_atomic(pfn_to_page(pfn)), v;

	v = p[w];
	kunmap_atomic(p);
	return v;
}

static inline void frame_fill(unsigned long pfn, u32 val)
{
	u32 *p = kmap_atomic(pfn_to_page(pfn));
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / 4; i++)
		p[i] = val;
	kunmap_atomic(p);
}

/* True if every word of frame @p pfn is zero. */
static inline bool frame_is_zero(unsigned long pfn)
{
	u32 *p = kmap_atomic(pfn_to_page(pfn));
	unsigned int i;
	bool zero = true;

	for (i = 0; i < PAGE_SIZE / 4; i++)
		zero &= p[i] == 0;
	kunmap_atomic(p);
	return zero;
}

#endif /* _TESTS_LAB8_LAB8_CHECK_H */
