/**
 * @file stage1.S
 * @brief Stage 1: the 512-byte master boot record that loads stage 2.
 *
 * The BIOS reads sector 0 of the boot disk to 0x7C00 and jumps to it in
 * 16-bit real mode with DL = the BIOS drive number (0x80 = first hard
 * disk).  Nothing else is promised: not CS, not DS, not the stack.  512
 * bytes are too few for a kernel loader, so this sector does one job:
 * read stage 2 (LBA 2.., at most 62 sectors) to 0x8000 and jump there.
 *
 * Where stage 2 is comes from the boot table that mkdisk patches into this
 * sector at BOOT_TABLE_OFF (layout in boot.h):
 *
 * @verbatim
 *   0x000 +--------------------+ <- 0x7C00 in memory
 *         | code, packet, text |
 *   0x1A0 +--------------------+
 *         | boot table         |  magic, stage2_lba, stage2_sectors,
 *         |                    |  kernel_lba, kernel_size, cmdline_lba
 *   0x1B8 +--------------------+
 *         | zeros (no parts.)  |
 *   0x1FE +--------------------+
 *         | 0x55 0xAA          |  "bootable" signature the BIOS checks
 *         +--------------------+
 * @endverbatim
 *
 * The disk is read with the "enhanced disk drive" (EDD) BIOS calls: int
 * 13h AH=41h asks whether they exist, AH=42h reads sectors named by a
 * 64-bit LBA in a 16-byte "disk address packet", with no cylinder/head/
 * sector arithmetic.  On any error we print "boot: ..." on the screen
 * (int 10h AH=0Eh, teletype) and on COM1, then halt for good.
 */
#include "boot.h"

#define COM1		0x3F8	/* first serial port */
#define UART_LSR_THRE	0x20	/* line status: transmit holding reg. empty */

	.code16
	.text
	.globl	_start
_start:
	/* Some BIOSes jump to 07C0:0000, others to 0000:7C00: same byte,
	 * different CS.  A far jump makes CS = 0 so our labels work. */
	ljmp	$0, $flat_cs
flat_cs:
	cli				/* no interrupt while SS:SP is half set */
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$STACK_TOP, %sp		/* stack grows down from 0x7C00 */
	sti
	cld
	movb	%dl, boot_drive

	/* 1. Ask for the EDD extensions: BX = 0xAA55 back and bit 0 of CX
	 *    ("packet calls supported") set mean int 13h AH=42h works. */
	movb	$0x41, %ah
	movw	$0x55AA, %bx
	int	$0x13
	jc	no_edd
	cmpw	$0xAA55, %bx
	jne	no_edd
	testb	$1, %cl
	jz	no_edd

	/* 2. Trust but verify the boot table: 1..62 sectors of stage 2. */
	movl	boot_table + BT_STAGE2_SECTORS, %ecx
	jecxz	bad_table		/* 0: mkdisk never patched us */
	cmpl	$STAGE2_MAX_SECTORS, %ecx
	ja	bad_table
	movl	boot_table + BT_STAGE2_LBA, %eax
	movl	%eax, dap_lba

	/* 3. Read stage 2; on error reset the disk (AH=0) and try again. */
	movw	$3, %bp			/* attempts left */
read_stage2:
	movw	boot_table + BT_STAGE2_SECTORS, %ax
	movw	%ax, dap_count		/* a failed read may have lowered it */
	movw	$dap, %si		/* DS:SI -> disk address packet */
	movb	boot_drive, %dl
	movb	$0x42, %ah
	int	$0x13
	jnc	start_stage2
	xorb	%ah, %ah
	movb	boot_drive, %dl
	int	$0x13
	decw	%bp
	jnz	read_stage2
	movw	$msg_read, %si
	jmp	fail

start_stage2:
	/* 4. Hand over: stage 2 expects CS = 0, IP = 0x8000, DL = drive. */
	movb	boot_drive, %dl
	ljmp	$0, $STAGE2_ADDR

no_edd:
	movw	$msg_edd, %si
	jmp	fail
bad_table:
	movw	$msg_table, %si
	/* fall through */

/*
 * fail - print the NUL-terminated message at DS:SI on screen and COM1,
 * then stop.  COM1 is set to 115200 baud, 8 data bits, no parity, 1 stop
 * bit (8N1): LCR bit 7 (DLAB) exposes the divisor latch at 0x3F8/0x3F9,
 * divisor 1 = 115200 / 1, then LCR = 0x03 selects 8N1 and hides it.
 */
fail:
	movw	$COM1 + 3, %dx		/* LCR */
	movb	$0x80, %al
	outb	%al, %dx
	movw	$COM1, %dx		/* divisor low byte */
	movb	$1, %al
	outb	%al, %dx
	incw	%dx			/* divisor high byte */
	xorb	%al, %al
	outb	%al, %dx
	movw	$COM1 + 3, %dx
	movb	$0x03, %al
	outb	%al, %dx
next_char:
	lodsb
	testb	%al, %al
	jz	halt
	movb	%al, %cl		/* int 10h may not keep AL */
	movb	$0x0E, %ah		/* teletype output of AL */
	movw	$0x0007, %bx		/* page 0, light grey */
	int	$0x10
	movw	$COM1 + 5, %dx		/* LSR */
wait_thre:
	inb	%dx, %al
	testb	$UART_LSR_THRE, %al
	jz	wait_thre
	movw	$COM1, %dx
	movb	%cl, %al
	outb	%al, %dx
	jmp	next_char
halt:
	cli
	hlt
	jmp	halt

/* The EDD disk address packet (16 bytes), filled in above. */
	.balign	4
dap:
	.byte	16			/* size of this packet */
	.byte	0			/* reserved */
dap_count:
	.word	0			/* sectors to read */
	.word	STAGE2_ADDR, 0		/* buffer offset, segment = 0:8000 */
dap_lba:
	.quad	0			/* first sector */

boot_drive:
	.byte	0

msg_edd:	.asciz	"boot: no EDD disk BIOS\r\n"
msg_table:	.asciz	"boot: bad boot table\r\n"
msg_read:	.asciz	"boot: disk read error\r\n"

/* The boot table; mkdisk overwrites every field but the magic. */
	.org	BOOT_TABLE_OFF
boot_table:
	.long	BOOT_TABLE_MAGIC
	.long	STAGE2_LBA
	.long	0			/* stage2_sectors: 0 = not patched */
	.long	KERNEL_LBA
	.long	0			/* kernel_size */
	.long	CMDLINE_LBA

	.org	MBR_SIGNATURE_OFF
	.byte	0x55, 0xAA
