/**
 * @file
 * The kit's pagemap system call: how one user address is mapped, right now.
 *
 * Linux lets a process read /proc/self/pagemap to learn which frame backs
 * each of its pages.  The kit has no files, so the same question is one
 * system call, mmkit_pagemap(addr, &info) (asm/unistd.h), which the lab 8
 * test programs use to watch demand paging happen: a page of a new mapping
 * is not present, a read maps the shared zero page, a write gets a frame of
 * its own.  Plain types only: user programs include this header too.
 */
#ifndef _KIT_PAGEMAP_H
#define _KIT_PAGEMAP_H

#define MMKIT_PAGE_VMA       0x01	/* the address is inside a VMA */
#define MMKIT_PAGE_PRESENT   0x02	/* its page table entry is present */
#define MMKIT_PAGE_WRITABLE  0x04	/* ... and writable */
#define MMKIT_PAGE_ZERO      0x08	/* ... and maps the shared zero page */
#define MMKIT_PAGE_HIGHMEM   0x10	/* ... and the frame is in ZONE_HIGHMEM */

/** What mmkit_pagemap() reports about one address. */
struct mmkit_pageinfo {
	unsigned int flags;		/**< MMKIT_PAGE_* */
	unsigned int pte;		/**< the raw page table entry (0 if none) */
	unsigned int pfn;		/**< the frame, if present */
	unsigned int vm_start;		/**< the VMA holding the address, if any */
	unsigned int vm_end;
	unsigned int vm_flags;		/**< its VM_* flags */
	unsigned int nr_free_pages;	/**< free pages in the whole machine */
};

#endif /* _KIT_PAGEMAP_H */
