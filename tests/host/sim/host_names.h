/**
 * @file
 * Renames for kernel functions that share a name with the C library.
 *
 * The build force-includes this file (gcc -include) into every kernel and
 * lab source compiled for the host, and into nothing else.  Why: the
 * kernel defines vsnprintf() and snprintf() (kernel/lib/vsprintf.c).  In a
 * static link those definitions would win over glibc's for the whole
 * process, and Check (linked statically as libcheck_pic.a) formats its
 * messages with vsnprintf("%jd", ...) -- a conversion the kernel does not
 * have.  Renamed, the two live side by side:
 *
 * @verbatim
 *   kernel and lab code:  snprintf(...)  ->  kernel_snprintf  (kernel/lib/vsprintf.c)
 *   test and sim code:    snprintf(...)  ->  glibc's snprintf
 *   tests that want the kernel's call kernel_snprintf() (declared in sim.h)
 * @endverbatim
 *
 * Only names a kernel source defines belong here, plus the one CPU
 * register kernel code reads and the host cannot (CR2, below); a kernel
 * source that merely calls a libc name (memset, strlen) keeps it.
 */
#ifndef _SIM_HOST_NAMES_H
#define _SIM_HOST_NAMES_H


#define vsnprintf kernel_vsnprintf
#define snprintf  kernel_snprintf

/*
 * CR2 (lab 8's do_page_fault()): `mov %cr2` is privileged, so a call
 * read_cr2() becomes sim_read_cr2() (sim/traps.c), the value a test set
 * with sim_set_cr2().  asm/processor.h defines read_cr2 by pasting
 * read_cr##n(void); the pasted name is rescanned, so this one macro also
 * renames that definition, to an unused sim_read_cr2void(void):
 *
 *   read_cr2()      ->  sim_read_cr2()          the sim's CR2
 *   read_cr2(void)  ->  sim_read_cr2void(void)  the asm, never called
 */
#define read_cr2(x) sim_read_cr2##x(x)
unsigned long sim_read_cr2(void);

#endif /* _SIM_HOST_NAMES_H */
