/**
 * @file
 * Small helpers every kernel file uses: array sizes, min/max, alignment,
 * container_of, and the three ways of reporting trouble.
 *
 * The kit reports trouble in exactly three ways, as Linux does:
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

/** Number of elements of array @p a. */
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

/* Paste two tokens after expanding them (__COUNTER__ into a name). */
#define ___PASTE(a, b)  a##b
#define __PASTE(a, b)   ___PASTE(a, b)

/*
 * min()/max()'s body: copy each argument into a temporary of its own type
 * (so min(i++, n) increments i once), then compare the copies.  @p id,
 * a fresh __COUNTER__ value, makes the names unique, so min(min(a, b), c)
 * declares no name twice.
 */
#define __cmp_once(op, a, b, id) ({					\
	__typeof__(a) __PASTE(__a, id) = (a);				\
	__typeof__(b) __PASTE(__b, id) = (b);				\
	__PASTE(__a, id) op __PASTE(__b, id) ?				\
		__PASTE(__a, id) : __PASTE(__b, id);			\
})
/** The smaller of @p a and @p b (each evaluated once). */
#define min(a, b)       __cmp_once(<, a, b, __COUNTER__)
/** The larger of @p a and @p b (each evaluated once). */
#define max(a, b)       __cmp_once(>, a, b, __COUNTER__)
/** min() of @p a and @p b converted to @p type first, as Linux's min_t(). */
#define min_t(type, a, b)  min((type)(a), (type)(b))
/** max() of @p a and @p b converted to @p type first, as Linux's max_t(). */
#define max_t(type, a, b)  max((type)(a), (type)(b))

/** Round @p x up to a multiple of @p a (a power of two). */
#define ALIGN(x, a)         (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
/** Round @p x down to a multiple of @p a (a power of two). */
#define ALIGN_DOWN(x, a)    ((x) & ~((__typeof__(x))(a) - 1))
/** True if @p x is a multiple of @p a, a power of two. */
#define IS_ALIGNED(x, a)    (((x) & ((__typeof__(x))(a) - 1)) == 0)
/** @p n / @p d rounded up. */
#define DIV_ROUND_UP(n, d)  (((n) + (d) - 1) / (d))

/** From a pointer to @p member, get the structure of @p type holding it. */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/** Print the message, "Kernel panic - not syncing", and stop: for what boot cannot survive. */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
/** BUG()'s body: print "kernel BUG at file:line!" and the expression, then oops. */
void __noreturn __bug(const char *file, int line, const char *expr);
/** WARN()'s body: print "WARNING: at file:line", the message and a call trace. */
void __warn(const char *file, int line, const char *fmt, ...) __printf(3, 4);

/**
 * Oops if @p cond holds: an internal invariant is broken.
 *
 * The report prints @p cond as written (it is stringified here, never
 * forwarded to another macro, which would print NULL as "((void *)0)").
 * Write one condition per BUG_ON, as Linux does: `BUG_ON(!PageBuddy(page));
 * BUG_ON(page_order(page) != order);` says which of the two broke, where
 * `BUG_ON(a || b)` would leave the reader to guess.
 */
#define BUG_ON(cond) \
	do { if (unlikely(cond)) __bug(__FILE__, __LINE__, #cond); } while (0)
/** A broken invariant: "kernel BUG at file:line!", then an oops. */
#define BUG()        __bug(__FILE__, __LINE__, "BUG()")

/**
 * Warn if @p cond holds, every time it does, as Linux's WARN() (the kit has
 * no WARN_ONCE()), and evaluate to it, so that a caller can write
 * `if (WARN(bad, "..."))  return -EINVAL;`.
 */
#define WARN(cond, ...) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__warn(__FILE__, __LINE__, __VA_ARGS__);		\
	__c;								\
})
/** Warn with a call trace if @p cond holds, printing @p cond as written; returns it. */
#define WARN_ON(cond) WARN(cond, "%s\n", #cond)

#endif /* _LINUX_KERNEL_H */
