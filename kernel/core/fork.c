/**
 * @file
 * Address spaces and processes: mm_alloc(), mmput(), run_user_program().
 *
 * The kit has no fork(): a process is born from a kernel thread that makes
 * itself an address space and loads a program (kit/process.h draws the
 * whole life).  This file holds the kit's side of an address space's life;
 * what goes into it (VMAs, demand-paged pages) is lab 8's.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kit/process.h>
#include <kit/user_programs.h>
#include <asm/mmu_context.h>
#include <asm/ptrace.h>
#include <asm/tlbflush.h>

struct kmem_cache *vm_area_cachep;
struct kmem_cache *mm_cachep;

void proc_caches_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct), 0, 0, NULL);
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0, 0, NULL);
	if (!vm_area_cachep || !mm_cachep)
		printk("proc_caches_init: no vm_area_struct or mm_struct cache "
		       "(lab 4 not done?)\n");
}

void proc_caches_shrink(void)
{
	if (vm_area_cachep)
		kmem_cache_shrink(vm_area_cachep);
	if (mm_cachep)
		kmem_cache_shrink(mm_cachep);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = mm_cachep ? kmem_cache_alloc(mm_cachep, GFP_KERNEL) : NULL;

	if (!mm)
		return NULL;
	memset(mm, 0, sizeof(*mm));
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	mm->mmap_base = TASK_UNMAPPED_BASE;
	return mm;
}

/* Free the user page tables (entries 0..767); the kernel's are shared. */
static void free_pgtables(struct mm_struct *mm)
{
	unsigned int i;

	for (i = 0; i < USER_PTRS_PER_PGD; i++) {
		pgd_t *pgd = mm->pgd + i;

		if (pgd_none(*pgd))
			continue;
		free_page((unsigned long)pgd_page_vaddr(*pgd));
		set_pgd(pgd, __pgd(0));
	}
}

void mmput(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;

	BUG_ON(current_pgdir() == mm->pgd);	/* switch_mm() away first */
	do_munmap(mm, 0, TASK_SIZE);
	/* Whatever do_munmap() left is a lab bug: report it, then tidy up. */
	if (WARN(mm->mmap, "mmput: %d VMAs left after do_munmap() of all user space\n",
		 mm->map_count)) {
		for (vma = mm->mmap; vma; vma = next) {
			next = vma->vm_next;
			kmem_cache_free(vm_area_cachep, vma);
		}
	}
	WARN(mm->rss, "mmput: %lu pages still mapped after do_munmap(): they leak\n",
	     mm->rss);
	free_pgtables(mm);
	pgd_free(mm->pgd);
	kmem_cache_free(mm_cachep, mm);
}

void use_mm(struct mm_struct *mm)
{
	current->mm = mm;
	switch_mm(mm);
}

/* The first code a user process runs, in the kernel, as a kernel thread. */
static int user_process_main(void *data)
{
	const char *name = data;
	struct pt_regs regs;
	struct mm_struct *mm = mm_alloc();
	int err;

	if (!mm) {
		printk("exec %s: no memory for an address space\n", name);
		return W_EXITCODE(EXEC_FAILED_CODE, 0);
	}
	use_mm(mm);
	err = exec_user_program(name, &regs);
	if (err) {
		printk("exec %s: cannot load the program (%d)\n", name, err);
		use_mm(NULL);
		mmput(mm);
		return W_EXITCODE(EXEC_FAILED_CODE, 0);
	}
	start_thread(regs.eip, regs.esp);
}

struct task_struct *user_process_create(const char *name)
{
	const struct user_program *prog = find_user_program(name);

	if (!prog)
		return NULL;
	/* The thread's name is the program's: segfault messages say "demand[3]". */
	return kthread_create(user_process_main, (void *)prog->name, prog->name);
}

int user_process_wait(struct task_struct *p)
{
	return kthread_join(p);
}

int run_user_program(const char *name)
{
	struct task_struct *p;

	if (!find_user_program(name))
		return -ENOENT;
	p = user_process_create(name);
	if (!p)
		return -ENOMEM;
	wake_up_process(p);
	return user_process_wait(p);
}
