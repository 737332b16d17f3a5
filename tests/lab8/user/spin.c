/**
 * @file
 * spin: a program that never ends, for the kit's CPU budget.
 *
 * Expected: prints one line, then loops forever without a system call; the
 * kernel must stop it when its budget runs out and go on with the tests.
 */
#include <user.h>

int main(void)
{
	volatile unsigned long n = 0;

	say("spinning until the kernel stops me\n");
	for (;;)
		n++;
	return 0;
}
