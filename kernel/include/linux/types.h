/**
 * @file
 * Fixed-width integer types and the kernel's basic typedefs.
 *
 * The same header serves the i386 kernel and the x86-64 host build, so it
 * takes every width from gcc's own <stdint.h> and never assumes
 * sizeof(long) == 4.  Physical addresses are 32 bits on i386 without PAE.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t   s8;
typedef int16_t  s16;
typedef int32_t  s32;
typedef int64_t  s64;

/** A physical address: 32 bits on i386 without PAE. */
typedef u32 phys_addr_t;
/** A page frame number: physical address >> PAGE_SHIFT. */
typedef unsigned long pfn_t;
/** Allocation flags (GFP_KERNEL, __GFP_HIGHMEM, ...). */
typedef unsigned int gfp_t;

#ifndef __HOST_SIM__
typedef long ssize_t;
#endif

#endif /* __ASSEMBLY__ */
#endif /* _LINUX_TYPES_H */
