/**
 * @file
 * The VGA text screen as a second, output-only console (arch/x86/vga.c).
 */
#ifndef _ASM_VGA_H
#define _ASM_VGA_H

#include <linux/types.h>

/** Find the text screen (BIOS video mode 2, 3 or 7) and clear it; prints nothing. */
void vga_init(void);
/** Linux's `console=`: leave the screen if the consoles named omit ttyN. */
void vga_console_setup(void);
/** Show @p len bytes of console output on the screen, if there is one and it is mapped. */
void vga_write(const char *s, size_t len);

#endif /* _ASM_VGA_H */
