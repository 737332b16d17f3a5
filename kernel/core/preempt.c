/**
 * @file
 * The preempt count itself (linux/preempt.h explains its fields).
 *
 * One CPU, so one variable.  It lives in a portable file of its own so
 * that the host tests, which have no interrupts and no threads, still
 * link code that counts kmap_atomic() sections.
 */
#include <linux/preempt.h>

unsigned int __preempt_count;
