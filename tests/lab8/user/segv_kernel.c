/**
 * @file
 * segv_kernel: ring 3 reads the kernel's text.
 *
 * 0xC0100000 is mapped (the kernel lives there) but its page table entries
 * have no _PAGE_USER bit.  Expected: "segv_kernel[pid]: segfault at
 * c0100000 ip ... error 5" (user mode, read, protection violation) and the
 * program is killed.  If the read succeeds it says so and returns 1.
 */
#include <user.h>

int main(void)
{
	volatile unsigned char *p = (volatile unsigned char *)0xC0100000;
	unsigned char v;

	say("reading 0xC0100000, the kernel's text\n");
	v = *p;
	say("the read returned 0x%x: no fault\n", v);
	return 1;
}
