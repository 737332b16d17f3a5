/**
 * @file
 * Small helpers every kernel file uses: array sizes, min/max, alignment,
 * container_of, and the three ways of reporting trouble.
 *
 * The kit reports trouble in exactly three ways (see STYLE.md):
 *  - BUG_ON(cond): an internal invariant is broken.  Prints file, line and
 *    the expression, then oopses.  Always on.
 *  - WARN(cond, fmt, ...): a caller misused an API but the kernel survives.
 *    Prints a warning in Linux's words; the caller then returns an error.
 *  - panic(fmt, ...): boot cannot go on.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

#define min(a, b)       ((a) < (b) ? (a) : (b))
#define max(a, b)       ((a) > (b) ? (a) : (b))

/** Round @p x up to a multiple of @p a (a power of two). */
#define ALIGN(x, a)         (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
/** Round @p x down to a multiple of @p a (a power of two). */
#define ALIGN_DOWN(x, a)    ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)    (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)  (((n) + (d) - 1) / (d))

/** From a pointer to @p member, get the structure of @p type holding it. */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn __bug(const char *file, int line, const char *expr);
void __warn(const char *file, int line, const char *fmt, ...) __printf(3, 4);

/** Oops if @p cond holds: an internal invariant is broken. */
#define BUG_ON(cond) \
	do { if (unlikely(cond)) __bug(__FILE__, __LINE__, #cond); } while (0)
#define BUG()        __bug(__FILE__, __LINE__, "BUG()")

/**
 * Warn (once per call) if @p cond holds and evaluate to it, so that a caller
 * can write `if (WARN(bad, "..."))  return -EINVAL;`.
 */
#define WARN(cond, ...) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__warn(__FILE__, __LINE__, __VA_ARGS__);		\
	__c;								\
})
#define WARN_ON(cond) WARN(cond, "%s\n", #cond)

#endif /* _LINUX_KERNEL_H */
