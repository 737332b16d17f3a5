/**
 * @file
 * Errors returned in an address: do_mmap() returns either where the mapping
 * went or -errno, and the top 4095 values of an unsigned long are the errors
 * (no mapping can start in the last page of the address space).
 */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#define MAX_ERRNO 4095

/** True if @p x (an address-sized result) is -errno, not an address. */
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

#endif /* _LINUX_ERR_H */
