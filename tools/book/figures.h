/**
 * @file
 * The book's figures, one per lab from lab 1 on, each drawn from a boot
 * log (bootlog.h) and, for the slab, from i386 sizes the compiler reports
 * (mkfigures.c).
 */
#ifndef BOOK_FIGURES_H
#define BOOK_FIGURES_H

#include "bootlog.h"

/** i386 sizes of the slab's parts, as the kernel's compiler sees them. */
struct slab_sizes {
	unsigned long slab_desc;	/**< sizeof(struct slab) */
	unsigned long bufctl;		/**< sizeof(kmem_bufctl_t) */
	unsigned long redzone;		/**< REDZONE_SIZE */
	unsigned long cache_line;	/**< SLAB_CACHE_LINE, the colour unit */
	unsigned long page_size;	/**< PAGE_SIZE */
};

int fig_vmlayout(const char *path, const struct bootlog *log);
int fig_physmap(const char *path, const struct bootlog *log);
int fig_buddy(const char *path, const struct bootlog *log);
int fig_slab(const char *path, const struct bootlog *log, const struct slab_sizes *sz);
int fig_vmalloc(const char *path, const struct bootlog *log);
int fig_pkmap(const char *path, const struct bootlog *log);
int fig_kmap_atomic(const char *path, const struct bootlog *log);
int fig_vmas(const char *path, const struct bootlog *log);

#endif
