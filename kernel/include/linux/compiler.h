/**
 * @file
 * Compiler attributes the kernel uses, with Linux's names.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __used          __attribute__((__used__))
#define __unused        __attribute__((__unused__))
#define __noreturn      __attribute__((__noreturn__))
#define __packed        __attribute__((__packed__))
#define __aligned(x)    __attribute__((__aligned__(x)))
#define __section(s)    __attribute__((__section__(s)))
#define __printf(a, b)  __attribute__((__format__(printf, a, b)))
#define __noinline      __attribute__((__noinline__))
#ifndef __always_inline	/* glibc's <sys/cdefs.h> has one on the host */
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

/** Stop the compiler from caching or reordering memory accesses across it. */
#define barrier()       __asm__ __volatile__("" ::: "memory")
/** Read @p x exactly once, as the hardware (or another context) sees it. */
#define READ_ONCE(x)    (*(const volatile __typeof__(x) *)&(x))
/** Write @p v to @p x exactly once. */
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif /* _LINUX_COMPILER_H */
