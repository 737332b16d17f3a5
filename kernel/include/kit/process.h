/**
 * @file
 * User processes: run one of the embedded programs in ring 3 (lab 8).
 *
 * A user process is a kernel thread (linux/sched.h) that, before it drops
 * to ring 3, gets an address space of its own (mm_alloc()), loads a
 * program into it (exec_user_program(), kernel/core/exec.c) and builds the
 * IRET frame that starts it (start_thread(), kernel/arch/x86/process.c):
 *
 * @verbatim
 *   run_user_program("hello")
 *     user_process_create   kthread "hello", not yet running
 *     wake_up_process       ...
 *       mm_alloc            a page directory with the kernel's 256 entries
 *       exec_user_program   VMAs for text, data, bss and stack (do_mmap),
 *                           the ELF's bytes copied in (install_page)
 *       start_thread        IRET to 0x1B:entry, ESP at STACK_TOP, IF on
 *         ... ring 3: faults, int $0x80 ...
 *       do_exit             do_munmap(everything), free page tables and pgd
 *     kthread_join          the wait status: W_EXITCODE(code, 0) or the signal
 * @endverbatim
 *
 * The kit guards against a lab that is not done yet: a fault that comes back
 * unresolved USER_FAULT_REPEATS times in a row, or a process that runs
 * USER_CPU_BUDGET_TICKS of user time, is killed with a message, so a
 * skeleton fails its tests instead of hanging the machine.
 */
#ifndef _KIT_PROCESS_H
#define _KIT_PROCESS_H

#include <linux/sched.h>
#include <linux/mm_types.h>

/*
 * True from stage 8 on.  The arch code tests it in plain `if`s, so before
 * lab 8 the compiler drops the calls into process code that is not built.
 * The host suites build no process code (fork.c, exec.c): there it is
 * false, even in kernel/mm/mm_init.c built as stage 8.
 */
#if defined(CONFIG_LAB) && !defined(__HOST_SIM__)
#define HAVE_USER_PROCESSES (CONFIG_LAB >= 8)
#else
#define HAVE_USER_PROCESSES 0
#endif

/** Same fault, same place, this many times in a row: the handler is not fixing it. */
#define USER_FAULT_REPEATS     64
/** User-mode CPU time after which the kit kills a process: 2 s at HZ = 100. */
#define USER_CPU_BUDGET_TICKS  200

/** Exit code of a process whose program could not be loaded (as a shell's 127). */
#define EXEC_FAILED_CODE       127

/** Make the vm_area_struct and mm_struct slab caches (mm_init(), stage 8). */
void proc_caches_init(void);
/**
 * Give the empty slabs of those two caches back to the buddy allocator,
 * so that free-page counts before and after a process can be compared.
 */
void proc_caches_shrink(void);
/** mm_structs come from this slab cache ("mm_struct" in slabinfo). */
extern struct kmem_cache *mm_cachep;

/**
 * run_user_program() - Run embedded program @p name to its end.
 * @return its wait status (see WIFEXITED() and friends in linux/sched.h),
 *         or -ENOENT if there is no such program, -ENOMEM if no thread
 *         could be made.  A program that cannot be loaded exits with
 *         EXEC_FAILED_CODE after printing why.
 * @context Process context; sleeps until the program ends.
 */
int run_user_program(const char *name);

/** Make a process for program @p name, not yet running (wake_up_process() starts it). */
struct task_struct *user_process_create(const char *name);

/** Wait for @p p, made by user_process_create(), to end; returns its wait status. */
int user_process_wait(struct task_struct *p);

/**
 * mm_alloc() - A new, empty address space.
 * Its page directory's user half is empty and its kernel half is a copy of
 * swapper_pg_dir's entries 768..1023.
 * @return the mm, or NULL without memory.
 */
struct mm_struct *mm_alloc(void);

/**
 * mmput() - Free @p mm: every mapping (do_munmap() over all of user
 * space), then the page tables and the page directory.  It must not be the
 * address space the CPU is using (switch to another one first).
 */
void mmput(struct mm_struct *mm);

/**
 * use_mm() - Make @p mm the current address space of a kernel thread (or
 * NULL: back to none, and to swapper_pg_dir).  The lab 8 tests use it to
 * work on an address space without starting a process.
 */
void use_mm(struct mm_struct *mm);

/**
 * install_page() - Map @p page at @p addr in @p mm with the rights of the
 * VMA there, as if it had been faulted in.  The ELF loader uses it for the
 * program's bytes: the kit's stand-in for reading a file's pages.
 * @return 0, -EFAULT if no VMA holds @p addr, -ENOMEM without a page table.
 */
int install_page(struct mm_struct *mm, unsigned long addr, struct page *page);

struct pt_regs;

/**
 * exec_user_program() - Load program @p name into the current (empty)
 * address space and set @p regs to start it.
 * @return 0, or -ENOENT, -ENOEXEC (not an i386 ELF executable the kit can
 *         load), -ENOMEM or whatever do_mmap() refused with.
 */
int exec_user_program(const char *name, struct pt_regs *regs);

#endif /* _KIT_PROCESS_H */
