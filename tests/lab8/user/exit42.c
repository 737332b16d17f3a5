/**
 * @file
 * exit42: main()'s return value becomes the exit status.
 *
 * Expected: exits with status 42 (_start passes it to exit()); the kernel's
 * test checks the status, so the program prints nothing.
 */
#include <user.h>

int main(void)
{
	return 42;
}
