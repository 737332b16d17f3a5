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
/** The C entry point, called by head.S in the higher half. */
void start_kernel(u32 magic, u32 mbi_phys);
/** Set up COM1 (115200 8N1) so printk() output reaches the serial log. */
void serial_init(void);

#endif /* _KIT_SETUP_H */
