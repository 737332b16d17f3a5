/**
 * @file
 * segv_write_ro: a write to a page mapped PROT_READ.
 *
 * The read first maps the zero page (read-only, as a read fault always
 * does); the write then faults on a present page, and the VMA forbids
 * writes.  Expected: "segv_write_ro[pid]: segfault at ADDR ip ... error 7"
 * (user mode, write, protection violation) and the program is killed.  If
 * the write returns the program says so and returns 1.
 */
#include <user.h>

int main(void)
{
	volatile unsigned char *p;

	p = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(p), 0);
	UCHECK_EQ(p[0], 0);
	say("writing to a read-only page\n");
	p[0] = 1;
	say("the write returned: no fault\n");
	return 1;
}
