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
 * Only names a kernel source defines belong here; a kernel source that
 * merely calls a libc name (memset, strlen) keeps it.
 */
#ifndef _SIM_HOST_NAMES_H
#define _SIM_HOST_NAMES_H


#define vsnprintf kernel_vsnprintf
#define snprintf  kernel_snprintf

#endif /* _SIM_HOST_NAMES_H */
