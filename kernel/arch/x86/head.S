/**
 * @file
 * The kernel's first instructions: from the boot loader to C, in the higher half.
 *
 * The boot loader (ours, GRUB or QEMU's -kernel) jumps here in 32-bit
 * protected mode with paging off, EAX = 0x2BADB002 and EBX = the physical
 * address of the Multiboot information.  The kernel is linked at 0xC0100000
 * but loaded at 0x00100000, so until paging is on every symbol must be
 * turned into a physical address by subtracting PAGE_OFFSET.
 *
 * The boot page directory maps low memory twice with 4 MiB pages:
 *
 * @verbatim
 *   virtual                        physical
 *   0x00000000 .. MAXMEM     ->    0 .. MAXMEM   identity: lets the CPU fetch the
 *                                                next instruction after PG is set
 *   0xC0000000 .. +MAXMEM    ->    0 .. MAXMEM   the higher half the kernel runs in
 * @endverbatim
 *
 * MAXMEM / 4 MiB = 896 / 4 = 224 directory entries each.  The identity half
 * is removed as soon as EIP is in the higher half, so from the first line of
 * C on a NULL pointer faults.  These tables are coarse and temporary: lab 1
 * builds the real ones (swapper_pg_dir) with 4 KiB pages.
 *
 * 4 MiB pages need CR4.PSE, which came with the Pentium: verify_cpu.S has
 * checked the CPU before the first line that depends on it.
 */
#include <asm/page.h>
#include <asm/processor.h>

#define MULTIBOOT_MAGIC   0x1BADB002
#define MULTIBOOT_FLAGS   0x00000003	/* align modules, want memory info */
#define PDE_4M_KERNEL     0x083		/* present | writable | 4 MiB page */
#define BOOT_PDES         (MAXMEM >> 22)
#define phys(sym)         ((sym) - __PAGE_OFFSET)

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MULTIBOOT_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

	.section .text.head, "ax"
	.globl startup_32
startup_32:
	cli
	cld
	movl %eax, phys(boot_magic)
	movl %ebx, phys(boot_info_phys)

	/* Clear .bss: some loaders do not, and C expects zeroes there. */
	movl $phys(__bss_start), %edi
	movl $phys(__bss_stop), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb

	/*
	 * Everything above runs on a 386; what follows needs a Pentium
	 * (CR4.PSE) and so does the C code.  verify_cpu.S halts with one
	 * line on screen and COM1 on anything older.
	 */
	movl $phys(init_stack_top), %esp
	call verify_cpu

	/* Fill both halves of the boot page directory. */
	movl $phys(boot_pg_dir), %edi
	movl $PDE_4M_KERNEL, %eax
	xorl %ecx, %ecx
1:	movl %eax, (%edi, %ecx, 4)
	movl %eax, (768 * 4)(%edi, %ecx, 4)
	addl $0x400000, %eax
	incl %ecx
	cmpl $BOOT_PDES, %ecx
	jb 1b

	movl %cr4, %eax
	orl $X86_CR4_PSE, %eax
	movl %eax, %cr4
	movl $phys(boot_pg_dir), %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $X86_CR0_PG, %eax
	movl %eax, %cr0

	/* Paging is on; an absolute jump moves EIP into the higher half. */
	movl $higher_half, %eax
	jmp *%eax

higher_half:
	/*
	 * Nothing runs at the identity addresses any more: unmap them, so a
	 * NULL pointer (or any user address) faults from the first C line on.
	 */
	movl $boot_pg_dir, %edi
	xorl %eax, %eax
	movl $BOOT_PDES, %ecx
	rep stosl
	movl %cr3, %eax
	movl %eax, %cr3			/* flush the TLB */

	movl $init_stack_top, %esp
	xorl %ebp, %ebp			/* ends every backtrace */
	pushl boot_info_phys
	pushl boot_magic
	call start_kernel
2:	cli
	hlt
	jmp 2b

	.data
	.globl boot_magic, boot_info_phys
boot_magic:     .long 0
boot_info_phys: .long 0

	.bss
	.align PAGE_SIZE
	.globl boot_pg_dir
boot_pg_dir:
	.skip PAGE_SIZE
	.globl swapper_pg_dir		/* the kernel's real one: lab 1 fills it */
swapper_pg_dir:
	.skip PAGE_SIZE
	.globl init_stack
init_stack:
	.skip 4 * PAGE_SIZE
init_stack_top:
