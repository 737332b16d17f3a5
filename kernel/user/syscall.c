/**
 * @file
 * The user library's system calls: one C wrapper per call around
 * __syscall() (syscall_entry.S), which traps with int $0x80.
 *
 * Each wrapper returns what the kernel put in EAX: the result, or -errno
 * (-4095..-1).  There is no errno variable; see MMAP_ERRNO() in user.h
 * for telling an mmap() error from an address.
 */
#include <user.h>
#include <asm/unistd.h>

long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

void exit(int code)
{
	__syscall(__NR_exit, code, 0, 0, 0, 0, 0);
	for (;;)		/* the kernel never returns from exit */
		;
}

long write(int fd, const void *buf, size_t count)
{
	return __syscall(__NR_write, fd, (long)buf, (long)count, 0, 0, 0);
}

int getpid(void)
{
	return (int)__syscall(__NR_getpid, 0, 0, 0, 0, 0, 0);
}

/*
 * mmap2 takes the file offset in pages (4096 bytes), so a 32-bit offset
 * can reach 16 TiB of a file; an offset that is not a whole number of
 * pages cannot be expressed and is refused here, as Linux's old mmap does.
 */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long offset)
{
	if (offset & (long)(PAGE_SIZE - 1))
		return (void *)(long)-EINVAL;
	return (void *)__syscall(__NR_mmap2, (long)addr, (long)len, prot,
				 flags, fd, (unsigned long)offset >> PAGE_SHIFT);
}

int munmap(void *addr, size_t len)
{
	return (int)__syscall(__NR_munmap, (long)addr, (long)len, 0, 0, 0, 0);
}

int mmkit_pagemap(const void *addr, struct mmkit_pageinfo *info)
{
	return (int)__syscall(__NR_mmkit_pagemap, (long)addr, (long)info,
			      0, 0, 0, 0);
}
