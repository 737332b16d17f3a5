/**
 * @file
 * Boot-time entry points, in the order start_kernel() calls them.
 */
#ifndef _KIT_SETUP_H
#define _KIT_SETUP_H

#include <linux/types.h>

extern const char *boot_loader_name;

/** Copy the boot loader's information, print the E820 map, set up memblock. */
void setup_arch(u32 magic, u32 mbi_phys);
/** Bring up memory management as far as the stage's labs go (kernel/mm). */
void mm_init(void);
/** mm_init()'s steps of labs @p first to @p last, without the boot options' dumps. */
void mm_init_labs(int first, int last);
/** Page-frame bounds from E820 alone: the stand-in for lab 2's rule. */
void early_find_pfns(void);
/** high_memory and memblock's allocation limit, from max_low_pfn. */
void set_lowmem_end(void);
/** The C entry point, called by head.S in the higher half. */
void start_kernel(u32 magic, u32 mbi_phys);
/** Set up COM1 (115200 8N1) so printk() output reaches the serial log. */
void serial_init(void);

#endif /* _KIT_SETUP_H */
