/**
 * @file
 * Descriptor tables: the GDT, the IDT and the TSS.
 */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#include <linux/types.h>

/** The 32-bit task-state segment; only esp0/ss0 are used (the ring-0 stack). */
struct tss_struct {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap_base;
} __packed;

extern struct tss_struct init_tss;

/** Load the kit's GDT (kernel and user segments) and the TSS. */
void gdt_init(void);
/** Point every vector at its entry stub and load the IDT; 0x80 may be called from ring 3. */
void idt_init(void);
/** Set the stack the CPU switches to on a trap from ring 3. */
void tss_set_kernel_stack(unsigned long esp0);

#endif /* _ASM_DESC_H */
