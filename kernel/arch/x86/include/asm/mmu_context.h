/**
 * @file
 * Address spaces and the CPU: page directories, CR3, the first IRET to ring 3.
 * (kernel/arch/x86/process.c; lab 8.)
 */
#ifndef _ASM_MMU_CONTEXT_H
#define _ASM_MMU_CONTEXT_H

#include <linux/compiler.h>
#include <asm/pgtable.h>

struct mm_struct;
struct task_struct;

/** A page directory: user half empty, kernel half copied from swapper_pg_dir. */
pgd_t *pgd_alloc(void);
/** Free it (the user page tables under it must be freed already). */
void pgd_free(pgd_t *pgd);
/** Load @p mm's page directory into CR3 (swapper_pg_dir for NULL). */
void switch_mm(struct mm_struct *mm);
/** Called by schedule() before it switches to @p next. */
void arch_switch_to(struct task_struct *next);
/** Drop to ring 3 at @p eip with user stack @p esp; never returns. */
void __noreturn start_thread(unsigned long eip, unsigned long esp);

#endif /* _ASM_MMU_CONTEXT_H */
