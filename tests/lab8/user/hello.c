/**
 * @file
 * hello: the first user program.  It gets to ring 3, makes two system calls
 * (getpid, write) and returns 0 through _start's exit().
 *
 * Expected: prints "hello: hello from user space, pid N" and exits with 0.
 */
#include <user.h>

int main(void)
{
	int pid = getpid();

	say("hello from user space, pid %d\n", pid);
	UCHECK(pid > 0);
	return 0;
}
