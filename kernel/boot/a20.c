/**
 * @file a20.c
 * @brief Open the A20 gate so that memory above 1 MiB is really there.
 *
 * The 8086 had 20 address lines; FFFF:0010 (= 0x100000) wrapped to 0.  To
 * stay compatible, PCs can force address line 20 to zero: with the gate
 * closed, 0x100000..0x1FFFFF are aliases of 0x000000..0x0FFFFF, and the
 * kernel we load at 1 MiB would overwrite the interrupt vector table.
 *
 * Methods, tried in order until the wrap-around test says the gate is
 * open (it often already is):
 *
 * @verbatim
 *   1. int 15h AX=2401h   ask the BIOS
 *   2. port 0x92 bit 1    "fast A20" on the system control port A; bit 0
 *                         of that port resets the machine: keep it 0
 * @endverbatim
 *
 * The test writes two different values to a variable and to the address
 * exactly 1 MiB above it.  With the gate closed they are the same byte:
 *
 * @verbatim
 *      &a20_probe            &a20_probe + 0x100000
 *      (e.g. 0x0000A010)     (0x0010A010; bit 20 forced to 0 -> 0x0A010)
 * @endverbatim
 */
#include "stage2.h"

#define A20_TEST_LOOPS	1000	/* the port-0x92 switch may take a while */
#define PORT_A		0x92
#define PORT_A_A20	0x02
#define PORT_A_RESET	0x01

static volatile u32 a20_probe;

/* True if &a20_probe and the address 1 MiB above it are different bytes. */
static int a20_is_open(void)
{
	volatile u32 *alias = (volatile u32 *)((u32)&a20_probe + 0x100000);
	u32 saved = *alias;
	int open;

	a20_probe = 0x1234ABCD;
	*alias = ~0x1234ABCDu;
	open = a20_probe == 0x1234ABCD;
	*alias = saved;
	return open;
}

static int a20_wait_open(void)
{
	for (int i = 0; i < A20_TEST_LOOPS; i++)
		if (a20_is_open())
			return 1;
	return 0;
}

static void a20_bios(void)
{
	struct biosregs r = { 0 };

	r.eax = 0x2401;
	bios_int(0x15, &r);
}

static void a20_port92(void)
{
	u8 v = inb(PORT_A);

	if (!(v & PORT_A_A20))
		outb(PORT_A, (v | PORT_A_A20) & ~PORT_A_RESET);
}

/**
 * enable_a20() - Open the A20 gate or panic.
 * @context Stage 2, before anything touches memory above 1 MiB.
 */
void enable_a20(void)
{
	if (a20_is_open())
		return;
	a20_bios();
	if (a20_wait_open())
		return;
	a20_port92();
	if (a20_wait_open())
		return;
	boot_panic("cannot enable the A20 line");
}
