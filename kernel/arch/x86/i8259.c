/**
 * @file
 * The two 8259A interrupt controllers (PICs), remapped to vectors 32..47.
 *
 * At power-on the master PIC delivers IRQ 0-7 on vectors 8-15, which are
 * also CPU exceptions (8 is the double fault).  The initialisation words
 * move IRQ 0-7 to 32-39 and IRQ 8-15 to 40-47.  Every line starts masked;
 * request_irq() unmasks the ones that get a handler.
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/traps.h>

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define PIC_EOI    0x20
#define ICW1_INIT  0x11	/* ICW1: edge triggered, cascade, ICW4 follows */
#define ICW4_8086  0x01	/* ICW4: 8086 mode, normal EOI */
#define PIC_CASCADE_IRQ 2	/* PIC2 hangs off PIC1's IRQ 2 */

static irq_handler_t irq_handlers[NR_IRQS];
static u16 irq_mask = 0xFFFF & ~(1 << PIC_CASCADE_IRQ);	/* all masked but the cascade */

static void pic_write_mask(void)
{
	outb(irq_mask & 0xFF, PIC1_DATA);
	outb(irq_mask >> 8, PIC2_DATA);
}

void init_8259A(void)
{
	outb(ICW1_INIT, PIC1_CMD);
	outb(ICW1_INIT, PIC2_CMD);
	outb(FIRST_EXTERNAL_VECTOR, PIC1_DATA);		/* ICW2: vector base */
	outb(FIRST_EXTERNAL_VECTOR + 8, PIC2_DATA);
	outb(1 << PIC_CASCADE_IRQ, PIC1_DATA);	/* ICW3: which input has PIC2 */
	outb(PIC_CASCADE_IRQ, PIC2_DATA);	/* ICW3: PIC2's cascade identity */
	outb(ICW4_8086, PIC1_DATA);
	outb(ICW4_8086, PIC2_DATA);
	pic_write_mask();
}

void request_irq(unsigned int irq, irq_handler_t handler)
{
	BUG_ON(irq >= NR_IRQS);
	irq_handlers[irq] = handler;
	irq_mask &= ~(1 << irq);
	pic_write_mask();
}

/** Called by do_trap() for vectors 32..47; acknowledges the PIC(s). */
void do_IRQ(struct pt_regs *regs)
{
	unsigned int irq = regs->trapnr - FIRST_EXTERNAL_VECTOR;

	if (irq >= 8)
		outb(PIC_EOI, PIC2_CMD);
	outb(PIC_EOI, PIC1_CMD);
	if (irq_handlers[irq])
		irq_handlers[irq](regs);
}
