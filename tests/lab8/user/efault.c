/**
 * @file
 * efault: a bad pointer handed to a system call is an error, not a crash.
 *
 * The kernel copies from and to user memory with accessors that catch the
 * fault (an exception-table fixup) and return -EFAULT.  Checks:
 *  - write() from 0x10000000 (in no VMA): -EFAULT;
 *  - write() from 0xC0100000 (kernel memory, above TASK_SIZE): -EFAULT,
 *    refused before any copy, even though the kernel could read it;
 *  - mmkit_pagemap() of a good address into 0x10000000: -EFAULT;
 *  - mmkit_pagemap() whose result goes into an mmap()ed page never
 *    touched before: the kernel's copy_to_user() faults, the page-fault
 *    handler maps the page as it would for the program itself, and the
 *    call succeeds; the page is then present and writable;
 *  - write() to fd 7, which is not open: -EBADF.
 *
 * Expected: exit status 0; the program itself is never killed.
 */
#include <user.h>

int main(void)
{
	struct mmkit_pageinfo info;
	char *page;
	int x = 0;

	UCHECK_EQ(write(1, (void *)0x10000000, 8), -EFAULT);
	UCHECK_EQ(write(1, (void *)0xC0100000, 8), -EFAULT);
	UCHECK_EQ(mmkit_pagemap(&x, (void *)0x10000000), -EFAULT);
	say("bad buffers: -EFAULT, and still alive\n");

	page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UCHECK_EQ(MMAP_ERRNO(page), 0);
	UCHECK_EQ(mmkit_pagemap(page, &info), 0);
	UCHECK_EQ(info.flags & MMKIT_PAGE_PRESENT, 0);
	/* The kernel writes the answer into the untouched page itself. */
	UCHECK_EQ(mmkit_pagemap(&x, (struct mmkit_pageinfo *)page), 0);
	UCHECK_EQ(mmkit_pagemap(page, &info), 0);
	UCHECK_EQ(info.flags & (MMKIT_PAGE_PRESENT | MMKIT_PAGE_WRITABLE),
		  MMKIT_PAGE_PRESENT | MMKIT_PAGE_WRITABLE);
	UCHECK(((struct mmkit_pageinfo *)page)->flags & MMKIT_PAGE_VMA);
	say("the kernel faulted in the untouched page it wrote to\n");

	UCHECK_EQ(write(7, &x, 1), -EBADF);
	say("write to fd 7: -EBADF\n");
	return 0;
}
