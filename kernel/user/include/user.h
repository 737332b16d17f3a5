/**
 * @file
 * The kit's user library: everything a lab 8 test program includes.
 *
 * A user program is one C file, tests/labN/user/NAME.c, with an
 * `int main(void)`.  The build (mk/user.mk) links it with this library
 * (kernel/user/) into an i386 ELF executable and embeds that in the kernel
 * image, where exec_user_program() finds it by NAME.  There is no C library
 * behind it: the system calls are the raw ones, and a failing call returns
 * -errno instead of setting errno.
 *
 * What a program sees when it starts:
 *
 * @verbatim
 *   0xC0000000  +----------------------+  TASK_SIZE: the kernel, out of reach
 *               |  stack (grows down)  |  ESP 16-byte aligned, nothing pushed
 *               |          v           |
 *               |                      |
 *               |  mmap() areas        |  from TASK_UNMAPPED_BASE, 0x40000000
 *               |                      |
 *               |  .data .bss    RW-   |  second PT_LOAD, on a page of its own
 *   0x08048000  |  .text .rodata R-X   |  first PT_LOAD: _start is its first byte
 *               +----------------------+
 * @endverbatim
 *
 * The console is shared with the kernel's test output, which the grader
 * reads as TAP, so every line a program prints starts with its name
 * ("demand: ..."): never "ok", "not ok", "#", "1..", "TAP" or "Bail out".
 * say() and the UCHECK macros add the prefix.
 */
#ifndef _USER_H
#define _USER_H

#include <stddef.h>
#include <stdarg.h>
#include <linux/errno.h>
#include <linux/mman.h>
#include <kit/pagemap.h>

#ifndef EBADF
#define EBADF 9		/* Linux's value: write() to a file descriptor that is not open */
#endif

/*
 * The program's name, for the prefix of its lines.  mk/user.mk passes the
 * file name: -DPROG_NAME='"demand"' for demand.c.
 */
#ifndef PROG_NAME
#define PROG_NAME "user"
#endif

/* ---- system calls (syscall.c): the result, or -errno ---------------------- */

/** End the program with status @p code (the kernel frees all its memory). */
void exit(int code) __attribute__((__noreturn__));
/** Write @p count bytes from @p buf to @p fd (1 or 2: the console). */
long write(int fd, const void *buf, size_t count);
/** This process's id, greater than 0. */
int getpid(void);
/**
 * Map @p len bytes at (or near) @p addr; only MAP_PRIVATE|MAP_ANONYMOUS is
 * supported.  Calls mmap2 with @p offset in pages.  Unlike the C library's,
 * it returns (void *)-errno on failure, never MAP_FAILED: see MMAP_ERRNO().
 */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long offset);
/** Unmap [@p addr, @p addr + @p len); 0 even if nothing was mapped there. */
int munmap(void *addr, size_t len);
/** What the kernel knows about the page holding @p addr (kit/pagemap.h). */
int mmkit_pagemap(const void *addr, struct mmkit_pageinfo *info);

/**
 * The -errno that mmap() returned instead of an address, or 0 if @p p is an
 * address.  Linux keeps the top 4095 values for errors: -EINVAL is
 * 0xFFFFFFEA, far above any user address (those end at 0xC0000000).
 */
#define MMAP_ERRNO(p) \
	((unsigned long)(p) >= -4095UL ? (long)(unsigned long)(p) : 0L)

/* ---- output (printf.c) ----------------------------------------------------- */

/** Format like C's printf and write the result to fd 1 in one write(). */
int printf(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
/** The kernel's formatter (kernel/lib/vsprintf.c): %d %i %u %x %X %p %s %c, l, ll. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
/** vsnprintf() with the arguments inline. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((__format__(printf, 3, 4)));

/** printf() one line prefixed with the program's name: "demand: ...". */
#define say(fmt, ...) printf(PROG_NAME ": " fmt, ##__VA_ARGS__)

/* ---- memory and strings (kernel/lib/string.c) ------------------------------ */

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* ---- checks (check.c) ------------------------------------------------------ */

void __ucheck_failed(const char *prog, const char *file, int line,
		     const char *expr) __attribute__((__noreturn__));
void __ucheck_eq_failed(const char *prog, const char *file, int line,
			const char *a_expr, const char *b_expr,
			unsigned long a, unsigned long b)
	__attribute__((__noreturn__));

/**
 * If @p cond is false, print "<prog>: check failed at <file>:<line>: <cond>"
 * and exit(1): the kernel's test sees status 1 and reports the program.
 */
#define UCHECK(cond)							\
	do {								\
		if (!(cond))						\
			__ucheck_failed(PROG_NAME, __FILE__, __LINE__, #cond); \
	} while (0)

/**
 * Like UCHECK(@p a == @p b), and the message shows both values in hex:
 * "demand: check failed at ...: info.flags == want (0x3 != 0x7)".
 * Each side is evaluated once and compared as an unsigned long (32 bits).
 */
#define UCHECK_EQ(a, b)							\
	do {								\
		unsigned long __a = (unsigned long)(a);			\
		unsigned long __b = (unsigned long)(b);			\
		if (__a != __b)						\
			__ucheck_eq_failed(PROG_NAME, __FILE__, __LINE__, \
					   #a, #b, __a, __b);		\
	} while (0)

/** ESP as the kernel started the program (start.S saves it): its stack top. */
extern unsigned long user_stack_top;

/* ---- pages ----------------------------------------------------------------- */

/** log2 of the page size, as in the kernel: 4096 = 1 << 12. */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
/** Where the kernel puts mmap() areas when the caller gives no address. */
#define TASK_UNMAPPED_BASE 0x40000000UL
/** VMA flag of a stack that grows down (Linux's VM_GROWSDOWN). */
#define VM_GROWSDOWN 0x00000100UL

#endif /* _USER_H */
