/**
 * @file
 * The GDT, the IDT and the TSS: the tables the CPU reads on every trap.
 *
 * Segmentation is flat (every segment has base 0 and a 4 GiB limit), so
 * only privilege matters: ring-0 segments for the kernel, ring-3 segments
 * for user programs, and a TSS whose only job is to tell the CPU which
 * stack to switch to when a trap arrives from ring 3.  See asm/segment.h
 * for the table's layout.
 */
#include <linux/kernel.h>
#include <asm/desc.h>
#include <asm/segment.h>
#include <asm/traps.h>

/* Descriptor access bytes: P | DPL | S | type. */
#define ACC_KERNEL_CODE 0x9A	/* present, ring 0, code, readable */
#define ACC_KERNEL_DATA 0x92	/* present, ring 0, data, writable */
#define ACC_USER_CODE   0xFA	/* present, ring 3, code, readable */
#define ACC_USER_DATA   0xF2	/* present, ring 3, data, writable */
#define ACC_TSS         0x89	/* present, ring 0, 32-bit available TSS */
#define FLAGS_4K_32BIT  0xC	/* granularity 4 KiB, 32-bit default size */

/* IDT gate types. */
#define GATE_INTERRUPT  0x8E	/* present, DPL 0, 32-bit interrupt gate: IF cleared */
#define GATE_SYSCALL    0xEE	/* present, DPL 3: user code may `int $0x80` */
#define IDT_ENTRIES     256	/* one gate per vector the CPU can raise */

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

static u64 gdt[GDT_ENTRIES] __aligned(8);
static u64 idt[IDT_ENTRIES] __aligned(8);
struct tss_struct init_tss __aligned(16);

extern const u32 trap_stub_table[];	/* entry.S */

static u64 make_segment(u32 base, u32 limit, u8 access, u8 flags)
{
	return (u64)(limit & 0xFFFF) | ((u64)(base & 0xFFFFFF) << 16) |
	       ((u64)access << 40) | ((u64)((limit >> 16) & 0xF) << 48) |
	       ((u64)flags << 52) | ((u64)(base >> 24) << 56);
}

static u64 make_gate(u32 handler, u16 selector, u8 type)
{
	return (u64)(handler & 0xFFFF) | ((u64)selector << 16) |
	       ((u64)type << 40) | ((u64)(handler >> 16) << 48);
}

/** Load the kit's GDT and TSS, replacing the boot loader's GDT. */
void gdt_init(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u32)gdt };

	gdt[GDT_ENTRY_KERNEL_CS] = make_segment(0, 0xFFFFF, ACC_KERNEL_CODE, FLAGS_4K_32BIT);
	gdt[GDT_ENTRY_KERNEL_DS] = make_segment(0, 0xFFFFF, ACC_KERNEL_DATA, FLAGS_4K_32BIT);
	gdt[GDT_ENTRY_USER_CS] = make_segment(0, 0xFFFFF, ACC_USER_CODE, FLAGS_4K_32BIT);
	gdt[GDT_ENTRY_USER_DS] = make_segment(0, 0xFFFFF, ACC_USER_DATA, FLAGS_4K_32BIT);
	gdt[GDT_ENTRY_TSS] = make_segment((u32)&init_tss, sizeof(init_tss) - 1, ACC_TSS, 0);
	init_tss.ss0 = __KERNEL_DS;
	init_tss.iomap_base = sizeof(init_tss);	/* no I/O bitmap */

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\tmovl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\tmovl %%eax, %%es\n\tmovl %%eax, %%ss\n\t"
		"movl %%eax, %%fs\n\tmovl %%eax, %%gs\n\t"
		"ltr %w3"
		: : "m"(p), "i"(__KERNEL_CS), "i"(__KERNEL_DS), "r"(__TSS)
		: "eax", "memory");
}

void tss_set_kernel_stack(unsigned long esp0)
{
	init_tss.esp0 = esp0;
}

/** Point every vector at its stub in entry.S and load the IDT. */
void idt_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (u32)idt };
	unsigned int v;

	for (v = 0; v < FIRST_EXTERNAL_VECTOR + NR_IRQS; v++)
		idt[v] = make_gate(trap_stub_table[v], __KERNEL_CS, GATE_INTERRUPT);
	/* The stub table ends with the system-call stub, after the 48 above. */
	idt[SYSCALL_VECTOR] = make_gate(trap_stub_table[FIRST_EXTERNAL_VECTOR + NR_IRQS],
					__KERNEL_CS, GATE_SYSCALL);
	__asm__ __volatile__("lidt %0" : : "m"(p));
}
