/**
 * @file
 * In-kernel tests of memblock on the machine the kernel booted on.
 *
 * The host suite checks the algorithm against a reference model on many
 * simulated machines; these check what boot really did: the E820 RAM is
 * registered, the first megabyte and the kernel image are reserved, and an
 * allocation lands above 16 MiB, aligned, reserved, and usable.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <kit/ktest.h>

extern char _text[], _end[];

KTEST(core, memblock, boot_reservations)
{
	KTEST_EXPECT(t, memblock_is_reserved(0, PAGE_SIZE));
	KTEST_EXPECT(t, memblock_is_reserved(0x9F000, PAGE_SIZE));
	KTEST_EXPECT(t, memblock_is_reserved(__pa(_text), PAGE_SIZE));
	KTEST_EXPECT(t, memblock_is_reserved(__pa(_end) - 1, 1));
	/*
	 * Boot allocations go above MEMBLOCK_GOAL (16 MiB) when there is RAM
	 * there; on a smaller machine they follow the kernel's image.
	 */
	if (memblock_is_memory(MEMBLOCK_GOAL, PAGE_SIZE))
		KTEST_EXPECT(t, !memblock_is_reserved(PAGE_ALIGN(__pa(_end)) + 4 * PAGE_SIZE,
						      PAGE_SIZE));
}

KTEST(core, memblock, memory_matches_e820)
{
	phys_addr_t ram = 0;
	u32 i;

	for (i = 0; i < e820.nr_map; i++)
		if (e820.map[i].type == E820_RAM && e820.map[i].addr < 0x100000000ULL)
			ram += ALIGN_DOWN(e820.map[i].addr + e820.map[i].size, PAGE_SIZE) -
			       ALIGN(e820.map[i].addr, PAGE_SIZE);
	KTEST_EXPECT_EQ(t, memblock_total(&memblock.memory), ram);
}

KTEST(core, memblock, alloc_is_aligned_reserved_and_usable)
{
	phys_addr_t pa;
	u32 *p;

	/* After lab 3's mem_init() the buddy allocator owns every free frame. */
	if (totalram_pages)
		KTEST_SKIP(t, "memblock's free memory now belongs to the buddy allocator");
	/* 3 pages with 4-page alignment: memblock rounds the size up to 4 pages. */
	pa = memblock_phys_alloc(3 * PAGE_SIZE, 4 * PAGE_SIZE);
	KTEST_ASSERT(t, pa != 0);
	KTEST_EXPECT_EQ(t, pa & (4 * PAGE_SIZE - 1), 0);
	KTEST_EXPECT(t, pa >= MEMBLOCK_GOAL || memblock.current_limit <= MEMBLOCK_GOAL);
	KTEST_EXPECT(t, memblock_is_reserved(pa, 3 * PAGE_SIZE));
	p = __va(pa);
	p[0] = 0x5a5a5a5a;
	p[3 * PAGE_SIZE / 4 - 1] = 0xa5a5a5a5;
	KTEST_EXPECT_EQ(t, p[0] + p[3 * PAGE_SIZE / 4 - 1], 0xffffffffU);
	KTEST_EXPECT(t, memblock_is_reserved(pa + 3 * PAGE_SIZE, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, memblock_free(pa, 4 * PAGE_SIZE), 0);
	KTEST_EXPECT(t, !memblock_is_reserved(pa, 4 * PAGE_SIZE));
}
