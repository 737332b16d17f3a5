/*
 * tools/book/i386_sizes.c - the i386 sizes the slab figure and the splits
 * table (splits.sh) need, as the kernel's own compiler and headers give
 * them.
 *
 * Why this way: the figure program runs on the x86-64 host, where
 * sizeof(struct slab) is not the kernel's.  This file is compiled with
 * the kernel's flags (-m32) and never linked; each array's size is one
 * number, and `nm -S` lists it.  mkfigures reads that list.
 */
#include <linux/slab.h>
#include <linux/mm_types.h>
#include <asm/page.h>
#include "slab_priv.h"

#define BOOK_SIZE(name, value) char book_##name[value]

BOOK_SIZE(slab_desc, sizeof(struct slab));
BOOK_SIZE(bufctl, sizeof(kmem_bufctl_t));
BOOK_SIZE(redzone, REDZONE_SIZE);
BOOK_SIZE(cache_line, SLAB_CACHE_LINE);
BOOK_SIZE(page_size, PAGE_SIZE);

/* For the splits table (tools/book/splits.sh): the kit's own layout. */
BOOK_SIZE(struct_page, sizeof(struct page));
BOOK_SIZE(page_offset_mib, __PAGE_OFFSET >> 20);
BOOK_SIZE(vmalloc_reserve_mib, VMALLOC_RESERVE >> 20);
