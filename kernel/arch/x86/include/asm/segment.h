/**
 * @file
 * GDT layout and segment selectors.
 *
 * @verbatim
 *   index  selector  descriptor
 *   0      0x00      null
 *   1      0x08      kernel code  (ring 0, base 0, limit 4 GiB)
 *   2      0x10      kernel data  (ring 0)
 *   3      0x1B      user code    (ring 3; selector has RPL 3)
 *   4      0x23      user data    (ring 3)
 *   5      0x28      TSS          (the ring-0 stack for traps from ring 3)
 * @endverbatim
 */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS  1
#define GDT_ENTRY_KERNEL_DS  2
#define GDT_ENTRY_USER_CS    3
#define GDT_ENTRY_USER_DS    4
#define GDT_ENTRY_TSS        5
#define GDT_ENTRIES          6

/* A selector is index * 8 | TI | RPL: bits 0-1 are the requested privilege level. */
#define SEGMENT_RPL_MASK 0x3	/**< the RPL bits of a selector */
#define KERNEL_RPL       0x0	/**< ring 0 */
#define USER_RPL         0x3	/**< ring 3 */

#define __KERNEL_CS  (GDT_ENTRY_KERNEL_CS * 8 + KERNEL_RPL)
#define __KERNEL_DS  (GDT_ENTRY_KERNEL_DS * 8 + KERNEL_RPL)
#define __USER_CS    (GDT_ENTRY_USER_CS * 8 + USER_RPL)
#define __USER_DS    (GDT_ENTRY_USER_DS * 8 + USER_RPL)
#define __TSS        (GDT_ENTRY_TSS * 8)

#endif /* _ASM_SEGMENT_H */
