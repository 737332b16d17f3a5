/**
 * @file
 * mmap()'s protection and flag bits, with Linux i386's values.
 *
 * Shared by the kernel and the kit's user programs (kernel/user/), so it
 * holds plain numbers only.  Lab 8 implements anonymous private mappings:
 * MAP_SHARED and file mappings are refused with -EINVAL.
 */
#ifndef _LINUX_MMAN_H
#define _LINUX_MMAN_H

#define PROT_NONE      0x0	/* no access: every touch faults */
#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4	/* i386 without NX: readable means executable */

#define MAP_SHARED     0x01	/* not supported by the kit */
#define MAP_PRIVATE    0x02	/* changes stay in this process */
#define MAP_FIXED      0x10	/* exactly at addr, replacing what is there */
#define MAP_ANONYMOUS  0x20	/* no file: pages start zero-filled */
#define MAP_GROWSDOWN  0x0100	/* a stack: faults just below it extend it */

/** What mmap() returns on failure, in user space. */
#define MAP_FAILED     ((void *)-1)

#endif /* _LINUX_MMAN_H */
