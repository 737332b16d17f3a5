/**
 * @file
 * The simulated machine: the 4 GiB window, physical memory, and boot.
 *
 * sim_machine_init() plays the part of the firmware, the boot loader and
 * setup_arch() (kernel/arch/x86/setup.c) for a host test:
 *
 * @verbatim
 *   1. e820 table   <- the test's rows, through e820_add_region()
 *   2. boot log     <- e820_print_map("BIOS-e820"), into the console buffer
 *   3. window       <- mmap 8 GiB PROT_NONE, keep the 4 GiB-aligned middle
 *   4. RAM          <- memfd of sim_phys_size() bytes (sparse: untouched
 *                      pages cost nothing, so 3 GiB machines are cheap)
 *   5. direct map   <- memfd [0, lowmem) at window + 0xC0000000, shared
 *   6. memblock     <- reset, e820_memblock_setup(), reserve [0, 1 MiB)
 *                      and the kernel image [1 MiB, 3 MiB)
 *   7. paging       <- the image's sections and page directories, CR3 on
 *                      the boot directory, as head.S leaves it (paging.c)
 * @endverbatim
 *
 * Invariant while a machine runs: sim_window % 4 GiB == 0 and
 * [sim_window, sim_window + 4 GiB) is ours; every part of it not mapped
 * by steps 5 or sim_map_page() is PROT_NONE, so a stray access faults.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include "sim.h"
#include "sim_internal.h"

#define FOUR_GB (1UL << 32)

unsigned long sim_window;
int sim_phys_fd = -1;
static u64 phys_size;

u64 sim_phys_size(void)
{
	return phys_size;
}

u64 sim_lowmem_size(void)
{
	return min(phys_size, (u64)MAXMEM);
}

/* Reserve 4 GiB aligned to 4 GiB: take 8 GiB, give back both ends. */
static int reserve_window(void)
{
	unsigned long base, aligned;
	void *p = mmap(NULL, 2 * FOUR_GB, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return -ENOMEM;
	base = (unsigned long)p;
	aligned = ALIGN(base, FOUR_GB);
	if (aligned > base)
		munmap(p, aligned - base);
	munmap((void *)(aligned + FOUR_GB), base + FOUR_GB - aligned);
	sim_window = aligned;
	return 0;
}

/* Physical memory as a memfd, its low part mapped as the direct map. */
static int create_phys(u64 size)
{
	void *want = sim_ptr(__PAGE_OFFSET), *p;

	sim_phys_fd = memfd_create("sim-phys", MFD_CLOEXEC);
	if (sim_phys_fd < 0 || ftruncate(sim_phys_fd, (off_t)size))
		return -ENOMEM;
	phys_size = size;
	p = mmap(want, sim_lowmem_size(), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, sim_phys_fd, 0);
	return p == want ? 0 : -ENOMEM;
}

/* Load the rows into the kernel's e820 table; 0 or -ENOSPC. */
static int load_e820(const struct sim_e820_row *rows, int n)
{
	int i, ret;

	memset(&e820, 0, sizeof(e820));
	for (i = 0; i < n; i++) {
		ret = e820_add_region(rows[i].start, rows[i].end - rows[i].start,
				      rows[i].type);
		if (ret)
			return ret;
	}
	return 0;
}

/* What setup_arch() does once E820 is known (kernel/arch/x86/setup.c). */
static void setup_memblock(void)
{
	memblock_reset();
	e820_memblock_setup();
	memblock_reserve(0, 0x100000);
	memblock_reserve(SIM_KERNEL_START, SIM_KERNEL_SIZE);
}

int sim_machine_init(const struct sim_e820_row *rows, int n)
{
	u64 ram_end;
	int ret;

	sim_machine_exit();
	ret = load_e820(rows, n);
	if (ret)
		return ret;
	ram_end = (u64)e820_end_of_ram_pfn() << PAGE_SHIFT;
	if (!ram_end)
		return -EINVAL;
	if (ram_end > SIM_MAX_PHYS)
		return -E2BIG;
	e820_print_map("BIOS-e820");
	ret = reserve_window();
	if (!ret)
		ret = create_phys(ram_end);
	if (!ret)
		ret = sim_mmu_init();
	if (ret) {
		sim_machine_exit();
		return ret;
	}
	setup_memblock();
	sim_paging_init();
	return 0;
}

void sim_machine_exit(void)
{
	sim_paging_exit();
	sim_mmu_exit();
	if (sim_window)
		munmap((void *)sim_window, FOUR_GB);
	if (sim_phys_fd >= 0)
		close(sim_phys_fd);
	sim_window = 0;
	sim_phys_fd = -1;
	phys_size = 0;
	memset(&e820, 0, sizeof(e820));
	memset(&memblock, 0, sizeof(memblock));
}
