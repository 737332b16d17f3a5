/**
 * @file
 * The screen console: printk()'s output on the VGA text screen too.
 *
 * A PC without a serial port still has a screen, so console_write() also
 * hands every byte to vga_write().  COM1 stays the console the grader and
 * the book read, byte for byte; the screen is output only and prints
 * nothing of its own.
 *
 * The BIOS leaves the screen in text mode 3: 80 columns by 25 rows at
 * physical 0xB8000 (0xB0000 on a monochrome adapter, mode 7), two bytes a
 * cell, the character then its colour:
 *
 * @verbatim
 *   cell (row r, column c) at 0xB8000 + 2 * (80 * r + c)
 *   e.g. row 24, column 0: 0xB8000 + 2 * 1920 = 0xB8F00, the last line
 *   byte 0  character (code page 437; printk's ASCII is the same)
 *   byte 1  attribute 0x07: light grey (7) on black (0)
 * @endverbatim
 *
 * The kernel reaches it through the direct map, __va(0xB8000) =
 * 0xC00B8000: the boot page directory maps [0, 896 MiB) with 4 MiB pages
 * from head.S on, and lab 1's swapper_pg_dir maps every low frame,
 * the legacy hole at 640 KiB-1 MiB included, as Linux's does.  A lab 1
 * still under way may not map it; a write there would fault inside
 * printk and turn one message into an oops.  So each write first walks
 * the page directory the CPU uses now and writes nothing unless 0xC00B8000
 * is mapped, writable, to 0xB8000: the screen then simply stops showing
 * output, and the serial log is the same as without a screen.
 *
 * Linux's `console=` chooses too: with `console=ttyS0` and no
 * `console=tty0` on the command line, vga_console_setup() turns the screen
 * off once the command line is known.  The grader boots that way, because
 * Bochs emulates every cell a scroll moves (25 rows a newline): the screen
 * cost a 1 GiB lab 3 boot about 5% of its host time.  Unlike Linux,
 * the kit never turns COM1 off; the grader reads it.
 *
 * Output goes at the bottom line and the screen scrolls up one line per
 * newline, like a terminal; the hardware cursor follows it (CRT
 * controller registers 0x0E and 0x0F: the cursor's cell index).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/vga.h>
#include <kit/cmdline.h>

#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_COLOR_TEXT	0xB8000		/* modes 2 and 3 */
#define VGA_MONO_TEXT	0xB0000		/* mode 7 */
#define VGA_ATTR	0x07		/* light grey on black */
#define BDA_VIDEO_MODE	0x449		/* BIOS data area: current video mode */
#define CRTC_INDEX	0x3D4		/* 0x3B4 on a monochrome adapter */
#define CRTC_CURSOR_HI	0x0E
#define CRTC_CURSOR_LO	0x0F

static u16 *screen;			/* NULL: no text screen */
static unsigned long screen_phys;
static unsigned int crtc;
static unsigned int col;		/* the cursor, on the bottom row */

static inline u16 cell(char c)
{
	return (u16)(VGA_ATTR << 8) | (u8)c;
}

void vga_init(void)
{
	u8 mode = *(u8 *)__va(BDA_VIDEO_MODE);
	unsigned int i;

	if (mode == 2 || mode == 3) {
		screen_phys = VGA_COLOR_TEXT;
		crtc = CRTC_INDEX;
	} else if (mode == 7) {
		screen_phys = VGA_MONO_TEXT;
		crtc = CRTC_INDEX - 0x20;
	} else {
		return;			/* graphics, or no BIOS: no screen */
	}
	screen = __va(screen_phys);
	for (i = 0; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = cell(' ');
	col = 0;
}

/* A Linux console name for the screen: tty0 (the current one) or ttyN. */
static bool names_screen(const char *val, size_t len)
{
	return len > 3 && !strncmp(val, "tty", 3) && val[3] >= '0' && val[3] <= '9';
}

void vga_console_setup(void)
{
	const char *val = NULL;
	size_t len;
	bool named = false;

	while ((val = cmdline_next("console", val, &len))) {
		if (names_screen(val, len))
			return;
		named = true;
		val += len;
	}
	if (named)
		screen = NULL;
}

/* Does the page directory in CR3 map the screen, writable, to its frame? */
static bool screen_mapped(void)
{
	unsigned long addr = (unsigned long)screen;
	pgd_t pgd = ((pgd_t *)__va(read_cr3() & PAGE_MASK))[pgd_index(addr)];
	pte_t pte;

	if (!pgd_present(pgd) || !(pgd_val(pgd) & _PAGE_RW))
		return false;
	if (pgd_large(pgd))		/* the boot tables' 4 MiB pages */
		return (pgd_val(pgd) & PGDIR_MASK) == (screen_phys & PGDIR_MASK);
	if ((pgd_val(pgd) & PAGE_MASK) >= MAXMEM)
		return false;		/* the table itself is not in the direct map */
	pte = pgd_page_vaddr(pgd)[pte_index(addr)];
	return pte_present(pte) && pte_write(pte) &&
	       pte_pfn(pte) == screen_phys >> PAGE_SHIFT;
}

/* Move every row up one and blank the bottom row. */
static void scroll(void)
{
	unsigned int i;

	for (i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		screen[i] = screen[i + VGA_COLS];
	for (; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = cell(' ');
	col = 0;
}

static void put_char(char c)
{
	u16 *bottom = screen + VGA_COLS * (VGA_ROWS - 1);

	if (c == '\n') {
		scroll();
	} else if (c == '\t') {
		do
			put_char(' ');
		while (col % 8);
	} else if ((u8)c >= ' ' && c != 0x7f) {	/* other controls: nothing */
		if (col == VGA_COLS)
			scroll();		/* a long line wraps */
		bottom[col++] = cell(c);
	}
}

static void move_cursor(void)
{
	unsigned int pos = VGA_COLS * (VGA_ROWS - 1) + min_t(unsigned int, col, VGA_COLS - 1);

	outb(CRTC_CURSOR_HI, crtc);
	outb(pos >> 8, crtc + 1);
	outb(CRTC_CURSOR_LO, crtc);
	outb(pos & 0xff, crtc + 1);
}

void vga_write(const char *s, size_t len)
{
	if (!screen || !screen_mapped())
		return;
	while (len--)
		put_char(*s++);
	move_cursor();
}
