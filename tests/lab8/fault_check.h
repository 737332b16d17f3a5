/**
 * @file
 * The fault suite's fixture, shared by its two files: fault_check.c and
 * fault_check_dpf.c (expand_stack, and do_page_fault as the CPU calls
 * it), one program.
 */
#ifndef _TESTS_LAB8_FAULT_CHECK_H
#define _TESTS_LAB8_FAULT_CHECK_H

#include <check.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include "sim/sim.h"

/** The mm each test runs on, and the task that owns it (current). */
extern struct mm_struct *mm;
extern struct task_struct task;

/** A machine, an mm to run on, and a task that owns it (current). */
void setup(const struct sim_e820_map *m);
/** setup() on the 1 GiB machine. */
void setup_1g(void);
/** Back to no task, the mm freed, the machine off. */
void teardown(void);
/** The VMA holding @p addr (the test fails if none does). */
struct vm_area_struct *vma_at(unsigned long addr);

/* Loop tests boot their machine themselves (the fixture has no _i). */
#define LOOP_SETUP()	setup(sim_e820_maps[_i])
#define LOOP_TEARDOWN()	teardown()

/** fault_check_dpf.c: the "stack" test case. */
TCase *stack_tcase(void);
/** fault_check_dpf.c: do_page_fault of a vmalloc address, as a loop test of @p tc. */
void add_dpf_vmalloc_test(TCase *tc);
/** fault_check_dpf.c: the "do_page_fault" test case. */
TCase *dpf_tcase(void);

#endif /* _TESTS_LAB8_FAULT_CHECK_H */
