/**
 * @file
 * segv_outside: a read from an address that no VMA covers.
 *
 * 0x10000000 (256 MiB) lies between the program's data and
 * TASK_UNMAPPED_BASE, where nothing is ever mapped.  Expected: the kernel
 * prints "segv_outside[pid]: segfault at 10000000 ip ... error 4" (user
 * mode, read, page not present) and kills the program; it never gets to
 * return.  If the read succeeds the program says so and returns 1.
 */
#include <user.h>

int main(void)
{
	volatile unsigned char *p = (volatile unsigned char *)0x10000000;
	unsigned char v;

	say("reading 0x10000000, outside every mapping\n");
	v = *p;
	say("the read returned 0x%x: no fault\n", v);
	return 1;
}
