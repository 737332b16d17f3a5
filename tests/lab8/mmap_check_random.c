/**
 * @file
 * Lab 8 host suite "mmap", the lab as a whole: random mmap, munmap and
 * write faults against a reference model, on the simulated machines.
 * Part of the mmap_check program (mmap_check.c has steps 8.1-8.3 and the
 * suite).
 *
 * The reference model of the random test is a page-granular picture of a
 * bounded window of user space, MODEL_PAGES pages from TASK_UNMAPPED_BASE:
 *
 * @verbatim
 *   model.id[i]     0: page i unmapped; else the number of the mmap that
 *                   made it (a VMA is a maximal run of pages with one id)
 *   model.flags[i]  the VM_* flags page i must have
 *   model.page[i]   page i has a frame (a write fault put one there)
 *
 *   e.g.  id = 0 0 7 7 7 0 9 9 4 4   ->  VMAs [2,5) [6,8) [8,10)
 * @endverbatim
 *
 * After every step the VMA list must be exactly the model's runs (ends,
 * flags), the list must keep its invariants (mm_problem()), a page has a
 * present PTE exactly when the model says it has a frame, mm->rss counts
 * them, and a page that lost its frame is unreachable at its user address
 * (the TLB was flushed).  A non-fixed mmap must land where first fit in
 * the model says.  The deliberate fault: the list checker and the model
 * comparison must each see a corruption made behind the lab's back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lab8_check.h"
#include "mmap_check.h"

/* ---- the random test against the model ------------------------------------------------------ */

#define MODEL_PAGES 384
#define MODEL_STEPS 4000

static struct {
	u32 id[MODEL_PAGES];
	unsigned long flags[MODEL_PAGES];
	u8 page[MODEL_PAGES];		/* NONE, ZERO or OWN */
	u32 next_id;
} model;

enum { NONE, ZERO, OWN };	/* no entry, the zero page, a frame of its own */

static unsigned long maddr(int i)
{
	return BASE(i);
}

/* First fit in the model from page 0, or -1 (nothing ever fits past the window). */
static int model_first_fit(int n)
{
	int i, run = 0;

	for (i = 0; i < MODEL_PAGES; i++) {
		run = model.id[i] ? 0 : run + 1;
		if (run == n)
			return i - n + 1;
	}
	return -1;
}

static bool model_free(int at, int n)
{
	int i;

	for (i = at; i < at + n; i++)
		if (i >= MODEL_PAGES || model.id[i])
			return false;
	return true;
}

static void model_map(int at, int n, unsigned long vm)
{
	int i;

	model.next_id++;
	for (i = at; i < at + n; i++) {
		model.id[i] = model.next_id;
		model.flags[i] = vm;
		model.page[i] = NONE;
	}
}

static void model_unmap(int at, int n)
{
	int i;

	for (i = at; i < at + n && i < MODEL_PAGES; i++) {
		model.id[i] = 0;
		model.page[i] = NONE;
	}
}

/*
 * NULL if @p mm is what the model says (VMAs = the model's runs, flags,
 * entries, rss, TLB); else what differs.  @p where returns the page.
 */
static const char *model_mismatch(struct mm_struct *mm, int *where)
{
	struct vm_area_struct *v = mm->mmap;
	unsigned long rss = 0;
	int i = 0;

	while (i < MODEL_PAGES) {
		int j = i;

		*where = i;
		if (!model.id[i]) {
			if (v && v->vm_start <= maddr(i))
				return "a VMA covers a page the model says is unmapped";
			i++;
			continue;
		}
		while (j < MODEL_PAGES && model.id[j] == model.id[i])
			j++;
		if (!v || v->vm_start != maddr(i) || v->vm_end != maddr(j))
			return "the VMAs are not the model's runs";
		if ((v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC | VM_GROWSDOWN)) !=
		    model.flags[i])
			return "a VMA's flags are not the model's";
		v = v->vm_next;
		i = j;
	}
	if (v)
		return "a VMA lies above the model's window";
	for (i = 0; i < MODEL_PAGES; i++) {
		pte_t pte = user_entry(mm, maddr(i));
		unsigned long tlb_pfn;
		bool tlb_w;

		*where = i;
		if (pte_present(pte) != (model.page[i] != NONE))
			return "a page's entry is not what the model says";
		if ((model.page[i] == ZERO) != (pte_present(pte) && pte_pfn(pte) == zero_pfn()))
			return "a page maps the zero page, or not, against the model";
		if (pte_present(pte) && pte_write(pte) != (model.page[i] == OWN))
			return "a page's entry is writable, or not, against the model";
		/* CR3 is mm->pgd: the sim's TLB must agree with the entry. */
		if (sim_tlb_lookup(maddr(i), &tlb_pfn, &tlb_w) != pte_present(pte) ||
		    (pte_present(pte) && (tlb_pfn != pte_pfn(pte) || tlb_w != pte_write(pte))))
			return "the TLB does not hold what the entry says (a missing flush?)";
		rss += model.page[i] == OWN;
	}
	*where = -1;
	return rss == mm->rss ? NULL : "mm->rss is not the pages with frames";
}

#define ck_assert_model(mm, step) do {					\
	int __at;							\
	const char *__why = model_mismatch(mm, &__at);			\
	ck_assert_msg(__why == NULL, "step %d, page %d: %s", step, __at, __why); \
	ck_assert_mm_ok(mm);						\
} while (0)

static unsigned long random_prot(unsigned int r, unsigned long *vm)
{
	static const unsigned long prot[] = { PROT_READ, RW, PROT_NONE, RW | PROT_EXEC };
	static const unsigned long vmf[] = { VM_READ, VM_READ | VM_WRITE, 0,
					     VM_READ | VM_WRITE | VM_EXEC };

	*vm = vmf[r % 4];
	return prot[r % 4];
}

static void random_step(struct mm_struct *mm, int step)
{
	unsigned int op = (unsigned int)rand() % 10;
	int n = 1 + rand() % 12, at = rand() % (MODEL_PAGES - n);
	unsigned long vm, prot = random_prot((unsigned int)rand(), &vm), r;

	if (op < 3) {				/* mmap, no hint: first fit */
		int want = model_first_fit(n);

		if (want < 0)
			op = 5;
		else {
			r = mmap_ok(mm, 0, PAGES(n), prot, 0);
			ck_assert_msg(r == maddr(want), "step %d: mmap of %d pages at page %ld, "
				      "first fit is %d", step, n, (long)(r - maddr(0)) >> 12, want);
			model_map(want, n, vm);
		}
	} else if (op == 3) {			/* mmap with a hint */
		int want = model_free(at, n) ? at : model_first_fit(n);

		if (want >= 0) {
			r = mmap_ok(mm, maddr(at), PAGES(n), prot, 0);
			ck_assert_msg(r == maddr(want), "step %d: hinted mmap", step);
			model_map(want, n, vm);
		}
	} else if (op == 4) {			/* MAP_FIXED over whatever is there */
		ck_assert_uint_eq(mmap_ok(mm, maddr(at), PAGES(n), prot, MAP_FIXED), maddr(at));
		model_map(at, n, vm);
	}
	if (op >= 5 && op < 7) {		/* munmap */
		ck_assert_int_eq(do_munmap(mm, maddr(at), PAGES(n)), 0);
		model_unmap(at, n);
	} else if (op >= 7) {			/* a fault the VMA allows */
		int i = rand() % MODEL_PAGES;
		struct vm_area_struct *v = find_vma(mm, maddr(i));
		bool write = rand() & 1;

		if (!model.id[i]) {
			ck_assert(!v || v->vm_start > maddr(i));
		} else if (write && (model.flags[i] & VM_WRITE)) {
			ck_assert_ptr_nonnull(v);
			ck_assert_int_eq(handle_mm_fault(mm, v, maddr(i) + 7, 1), VM_FAULT_MINOR);
			model.page[i] = OWN;
		} else if (model.flags[i] & VM_READ) {
			ck_assert_ptr_nonnull(v);
			ck_assert_int_eq(handle_mm_fault(mm, v, maddr(i) + 9, 0), VM_FAULT_MINOR);
			if (model.page[i] == NONE)
				model.page[i] = ZERO;
		}
	}
	ck_assert_model(mm, step);
}

START_TEST(test_random)
{
	struct mm_struct *mm;
	unsigned long before;
	unsigned int w = warn_count;
	int step;

	lab8_boot(sim_e820_maps[_i]);
	mm = mm_new();
	mm_enter(mm);
	memset(&model, 0, sizeof(model));
	srand(8 + (unsigned int)_i);
	before = free_pages_now();
	for (step = 0; step < MODEL_STEPS; step++)
		random_step(mm, step);
	ck_assert_int_eq(do_munmap(mm, maddr(0), PAGES(MODEL_PAGES)), 0);
	ck_assert_ptr_null(mm->mmap);
	ck_assert_uint_eq(free_pages_now(), before - user_tables(mm));
	ck_assert_uint_eq(warn_count, w);
	mm_free(mm);
	lab8_shutdown();
}
END_TEST

/* ---- the deliberate fault --------------------------------------------------------------- */

/* Both checkers see a corruption made behind the lab's back. */
START_TEST(test_checkers_fire)
{
	struct mm_struct *mm = mm_new();
	struct vm_area_struct *a, *b;
	int at;

	memset(&model, 0, sizeof(model));
	mmap_ok(mm, maddr(0), PAGES(2), RW, MAP_FIXED);
	model_map(0, 2, VM_READ | VM_WRITE);
	mmap_ok(mm, maddr(5), PAGES(3), PROT_READ, MAP_FIXED);
	model_map(5, 3, VM_READ);
	ck_assert_ptr_null(model_mismatch(mm, &at));
	ck_assert_ptr_null(mm_problem(mm));
	/* The model forgets a page: the comparison must notice. */
	model.id[6] = 0;
	ck_assert_str_eq(model_mismatch(mm, &at), "the VMAs are not the model's runs");
	model.id[6] = model.id[5];
	/* Swap the two VMAs on the list: the invariant checker must notice. */
	a = mm->mmap;
	b = a->vm_next;
	mm->mmap = b;
	b->vm_next = a;
	a->vm_next = NULL;
	ck_assert_str_eq(mm_problem(mm), "VMAs overlap or are out of order");
	mm->mmap = a;
	a->vm_next = b;
	b->vm_next = NULL;
	mm->total_vm++;
	ck_assert_str_eq(mm_problem(mm), "total_vm is not the pages the VMAs cover");
	mm->total_vm--;
	ck_assert_ptr_null(mm_problem(mm));
	mm_free(mm);
}
END_TEST

void add_checkers_fire_test(TCase *tc)
{
	tcase_add_test(tc, test_checkers_fire);
}

TCase *random_tcase(void)
{
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_random, 0, SIM_NR_E820_MAPS);
	return tc;
}
