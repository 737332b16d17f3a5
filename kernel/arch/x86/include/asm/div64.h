/**
 * @file
 * 64-by-32-bit division without libgcc.
 *
 * gcc turns a 64-bit `/` on i386 into a call to __udivdi3 from libgcc,
 * which a freestanding kernel does not link.  The x86 `divl` instruction
 * divides the 64-bit EDX:EAX by a 32-bit value, but faults if the quotient
 * does not fit in 32 bits, so the high half is divided first:
 *
 * @verbatim
 *   n = hi * 2^32 + lo
 *   q_hi = hi / d,  r = hi % d          (r < d, so r:lo / d fits in 32 bits)
 *   q_lo, rem = divl(r:lo, d)
 *   n / d = q_hi * 2^32 + q_lo
 * @endverbatim
 */
#ifndef _ASM_DIV64_H
#define _ASM_DIV64_H

#include <linux/types.h>

/** Divide @p dividend by @p divisor; the remainder goes to *@p rem. */
static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *rem)
{
#ifdef __i386__
	u32 hi = dividend >> 32, lo = (u32)dividend, q_hi = 0;

	if (hi >= divisor) {
		q_hi = hi / divisor;
		hi %= divisor;
	}
	__asm__("divl %2" : "=a"(lo), "=d"(hi) : "rm"(divisor), "0"(lo), "1"(hi));
	*rem = hi;
	return ((u64)q_hi << 32) | lo;
#else
	*rem = (u32)(dividend % divisor);
	return dividend / divisor;
#endif
}

/** @p dividend / @p divisor without libgcc's 64-bit division, which the kernel does not link. */
static inline u64 div_u64(u64 dividend, u32 divisor)
{
	u32 rem;

	return div_u64_rem(dividend, divisor, &rem);
}

#endif /* _ASM_DIV64_H */
