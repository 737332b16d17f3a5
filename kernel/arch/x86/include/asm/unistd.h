/**
 * @file
 * System-call numbers: Linux i386's, so the user programs look familiar.
 *
 * A user program asks for a system call with `int $0x80`: the number in
 * EAX, up to six arguments in EBX, ECX, EDX, ESI, EDI and EBP, the result
 * back in EAX.  A result between -4095 and -1 is -errno (Linux's raw
 * convention; the kit's user library does not set errno).
 *
 * @verbatim
 *   nr   name          arguments                         result
 *   1    exit          code                              does not return
 *   4    write         fd (1 or 2), buf, count           bytes written, -EFAULT, -EBADF
 *   20   getpid        -                                 the process id
 *   91   munmap        addr, len                         0 or -EINVAL
 *   192  mmap2         addr, len, prot, flags, fd, pgoff the address, or -errno
 *   400  mmkit_pagemap addr, struct mmkit_pageinfo *     0, -EFAULT (kit/pagemap.h)
 * @endverbatim
 *
 * mmkit_pagemap is the kit's own: what /proc/self/pagemap tells a Linux
 * process about one of its addresses, as one call.
 */
#ifndef _ASM_UNISTD_H
#define _ASM_UNISTD_H

#define __NR_exit           1
#define __NR_write          4
#define __NR_getpid        20
#define __NR_munmap        91
#define __NR_mmap2        192
#define __NR_mmkit_pagemap 400

#endif /* _ASM_UNISTD_H */
