/**
 * @file
 * The sim's MMU: single pages of physical memory mapped into the window.
 *
 * On the real machine a kernel virtual address reaches memory through the
 * page tables, cached in the TLB.  In the sim it reaches memory through a
 * host mapping in the window, so the host mappings play the TLB.  Beside
 * them the sim keeps `tlb[]`, one entry per 4 KiB virtual page of the 4 GiB
 * space (1 Mi entries, 4 MiB), encoded like an i386 PTE:
 *
 * @verbatim
 *   31                      12 11          2   1   0
 *   +-------------------------+------------+---+---+
 *   |  page frame number      |     0      |R/W| P |     0 = nothing mapped
 *   +-------------------------+------------+---+---+
 *   tlb[0xFF800] = 0x9FFF0003: PKMAP_BASE maps pfn 0x9FFF0, read-write
 * @endverbatim
 *
 * Invariant: tlb[i] is non-zero exactly when page i of the window (outside
 * the direct map) has a host mapping of memfd page tlb[i] >> 12.  The
 * direct map is not in tlb[]: it is fixed at boot, like the global pages
 * of a kernel's lowmem mapping, and flushes never touch it.
 *
 * Many single-page mappings cost one host VMA each unless neighbours map
 * consecutive frames (the host then merges them); the host's limit is
 * vm.max_map_count (65530 by default), far above what a test maps.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include "sim.h"
#include "sim_internal.h"

#define TLB_PRESENT 0x1u	/* a host mapping exists */
#define TLB_RW      0x2u	/* ... and it is writable */
#define NR_VPAGES   (1u << 20)	/* 4 GiB / 4 KiB */

#define LONG_BITS   (8 * sizeof(unsigned long))

static u32 *tlb;
/*
 * One bit per page that has a tlb[] entry, so that flushing everything
 * visits the few live entries, not all 2^20 (lab 6 flushes on every wrap
 * of the pkmap slots; scanning tlb[] took most of its suite's time).
 */
static unsigned long *live;
static sim_pte_walker_t pte_walker;

int sim_mmu_init(void)
{
	tlb = calloc(NR_VPAGES, sizeof(*tlb));
	live = calloc(NR_VPAGES / LONG_BITS, sizeof(*live));
	if (tlb && live)
		return 0;
	sim_mmu_exit();
	return -ENOMEM;
}

void sim_mmu_exit(void)
{
	free(tlb);
	free(live);
	tlb = NULL;
	live = NULL;
	pte_walker = NULL;
}

static void set_live(u32 page, bool on)
{
	unsigned long bit = 1UL << (page % LONG_BITS);

	if (on)
		live[page / LONG_BITS] |= bit;
	else
		live[page / LONG_BITS] &= ~bit;
}

/* Biased (window) or raw 32-bit address -> raw; false if neither. */
static bool to_kva(unsigned long vaddr, u32 *kva)
{
	if (!sim_window)
		return false;
	if (vaddr - sim_window < (1UL << 32))
		vaddr -= sim_window;
	else if (vaddr >= (1UL << 32))
		return false;
	*kva = (u32)vaddr;
	return true;
}

static bool in_direct_map(u32 kva)
{
	return kva >= __PAGE_OFFSET && kva - __PAGE_OFFSET < sim_lowmem_size();
}

static int host_map(u32 kva, unsigned long pfn, bool writable)
{
	void *want = sim_ptr(kva);
	int prot = PROT_READ | (writable ? PROT_WRITE : 0);
	void *p = mmap(want, PAGE_SIZE, prot, MAP_SHARED | MAP_FIXED,
		       sim_phys_fd, (off_t)pfn << PAGE_SHIFT);

	return p == want ? 0 : -ENOMEM;
}

/* Back to the reservation: PROT_NONE, never munmap (that would open a hole). */
static int host_unmap(u32 kva)
{
	void *want = sim_ptr(kva);
	void *p = mmap(want, PAGE_SIZE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		       -1, 0);

	return p == want ? 0 : -ENOMEM;
}

int sim_map_page(unsigned long vaddr, unsigned long pfn, bool writable)
{
	u32 kva;
	int ret;

	if (!to_kva(vaddr, &kva) || kva & ~PAGE_MASK ||
	    pfn >= sim_phys_size() >> PAGE_SHIFT)
		return -EINVAL;
	if (in_direct_map(kva))		/* fixed: only its own frame, read-write */
		return pfn == (kva - __PAGE_OFFSET) >> PAGE_SHIFT && writable ?
		       0 : -EINVAL;
	ret = host_map(kva, pfn, writable);
	if (!ret) {
		tlb[kva >> PAGE_SHIFT] = (u32)(pfn << PAGE_SHIFT) | TLB_PRESENT |
					 (writable ? TLB_RW : 0);
		set_live(kva >> PAGE_SHIFT, true);
	}
	return ret;
}

int sim_unmap_page(unsigned long vaddr)
{
	u32 kva;
	int ret;

	if (!to_kva(vaddr, &kva) || kva & ~PAGE_MASK || in_direct_map(kva))
		return -EINVAL;
	ret = host_unmap(kva);
	if (!ret) {
		tlb[kva >> PAGE_SHIFT] = 0;
		set_live(kva >> PAGE_SHIFT, false);
	}
	return ret;
}

bool sim_tlb_lookup(unsigned long vaddr, unsigned long *pfn, bool *writable)
{
	unsigned long frame;
	bool rw;
	u32 kva;

	if (!to_kva(vaddr, &kva))
		return false;
	if (in_direct_map(kva)) {
		frame = (kva - __PAGE_OFFSET) >> PAGE_SHIFT;
		rw = true;
	} else if (tlb[kva >> PAGE_SHIFT] & TLB_PRESENT) {
		frame = tlb[kva >> PAGE_SHIFT] >> PAGE_SHIFT;
		rw = tlb[kva >> PAGE_SHIFT] & TLB_RW;
	} else {
		return false;
	}
	if (pfn)
		*pfn = frame;
	if (writable)
		*writable = rw;
	return true;
}

void sim_set_pte_walker(sim_pte_walker_t walk)
{
	pte_walker = walk;
}

void sim_flush_tlb_one(unsigned long vaddr)
{
	unsigned long pfn;
	bool writable;
	u32 kva;

	if (!to_kva(vaddr, &kva) || in_direct_map(kva))
		return;
	kva &= PAGE_MASK;
	/*
	 * Touch the host mapping only when the entry changes: vfree() flushes
	 * every page of an area, mapped or not, and one host mmap() per page
	 * was most of lab 5's suite time.
	 */
	if (pte_walker && pte_walker(kva, &pfn, &writable)) {
		u32 entry = (u32)(pfn << PAGE_SHIFT) | TLB_PRESENT |
			    (writable ? TLB_RW : 0);

		if (tlb[kva >> PAGE_SHIFT] == entry ||
		    !sim_map_page(kva, pfn, writable))
			return;
	}
	if (tlb[kva >> PAGE_SHIFT])
		sim_unmap_page(kva);	/* no PTE (or a frame beyond RAM): fault */
}

void sim_flush_tlb_all(void)
{
	for (u32 w = 0; w < NR_VPAGES / LONG_BITS; w++) {
		/* A copy: flushing an entry clears its bit in live[w]. */
		unsigned long bits = live[w];

		while (bits) {
			u32 page = w * LONG_BITS + (u32)__builtin_ctzl(bits);

			bits &= bits - 1;
			if (tlb[page] & TLB_PRESENT)
				sim_flush_tlb_one((unsigned long)page << PAGE_SHIFT);
		}
	}
}

/*
 * Probes: let the host kernel touch the byte for us.  write() from an
 * unreadable address and read() into an unwritable one fail with EFAULT
 * instead of raising SIGSEGV in the test.
 */
bool sim_readable(const void *p)
{
	int fd[2];
	char c;
	bool ok;

	if (pipe(fd))
		return false;
	ok = write(fd[1], p, 1) == 1;
	if (ok && read(fd[0], &c, 1) != 1)
		ok = false;
	close(fd[0]);
	close(fd[1]);
	return ok;
}

bool sim_writable(void *p)
{
	int fd[2];
	bool ok;

	if (!sim_readable(p) || pipe(fd))
		return false;
	ok = write(fd[1], p, 1) == 1 && read(fd[0], p, 1) == 1;	/* same byte back */
	close(fd[0]);
	close(fd[1]);
	return ok;
}
