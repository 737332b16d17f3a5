/**
 * @file
 * Tests of the simulated machine itself (tests/host/sim/).
 *
 * Every other suite trusts the sim, so this one checks what they rely on:
 *  - the window: 4 GiB-aligned, __va()/__pa() round-trip, the direct map
 *    covers exactly [0, min(RAM, 896 MiB)) and nothing else is reachable
 *    (highmem has no direct-map address, as on i386); printk() and
 *    read_cr2() hand lab code the addresses the kernel would see;
 *  - the MMU primitives: sim_map_page() aliases physical pages, read-only
 *    pages refuse stores, unmapping faults again, a changed PTE stays
 *    stale until a flush (the TLB model later labs build on);
 *  - boot: E820 loaded and printed, memblock set up as setup_arch() does;
 *  - kernel services: console capture, WARN counts, panic/BUG abort with
 *    the kernel's words;
 *  - the sanitizers still work with the window in place: ASan catches a
 *    heap overflow and a stray kernel pointer, UBSan an overflow, LSan a
 *    leak (each one a deliberate fault, in a child process;
 *    sim_check_sanitizers.c, the same program).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <check.h>
#include <sanitizer/lsan_interface.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include <asm/processor.h>
#include "sim/sim.h"
#include "sim_check.h"

/* Where lab 6's pkmap will live: the first page of the last 8 MiB. */
#define PKMAP_KVA 0xFF800000UL
#define FOUR_GB   (1UL << 32)

/* ---- the window and the direct map --------------------------------------- */

START_TEST(test_window_is_aligned)
{
	ck_assert_uint_ne(sim_window, 0);
	ck_assert_uint_eq(sim_window % FOUR_GB, 0);
	ck_assert_uint_eq(sim_kva(__va(0x1000)), 0xC0001000);
	ck_assert_ptr_eq(__va(0), (void *)(sim_window + __PAGE_OFFSET));
	ck_assert_uint_eq(__pa(__va(0x123456)), 0x123456);
	ck_assert_ptr_eq(sim_ptr(0xC0000000), __va(0));
}
END_TEST

/*
 * Lab code prints and compares addresses as the kernel does, with no
 * conversion of its own: printk's %lx shows a long inside the window as
 * the 32-bit address (asm/page.h), and read_cr2() returns CR2 inside the
 * window (sim/traps.c).  A long outside the window prints unchanged.
 */
START_TEST(test_window_addresses_as_kernel_sees_them)
{
	sim_console_clear();
	printk("%08lx %#lx %lx\n", PAGE_OFFSET, (unsigned long)__va(0x1000), 0x1234UL);
	ck_assert_str_eq(sim_console_text(), "c0000000 0xc0001000 1234\n");
	sim_console_clear();
	sim_set_cr2(0x40001234);
	ck_assert_uint_eq(read_cr2(), KVA_BIAS + 0x40001234UL);
	sim_set_cr2(0);
}
END_TEST

/* Bytes of lowmem each ready-made machine has: RAM - 64 KiB, cut at 896 MiB. */
static const u64 lowmem_of[SIM_NR_E820_MAPS] = {
	0x3FF0000, MAXMEM, MAXMEM, MAXMEM,
};

START_TEST(test_direct_map_bounds)
{
	u64 low = lowmem_of[_i];
	char *first, *last;

	ck_assert_int_eq(sim_machine_init(sim_e820_maps[_i]->rows,
					  sim_e820_maps[_i]->nr), 0);
	ck_assert_uint_eq(sim_lowmem_size(), low);
	first = __va(0);
	last = __va(low - 1);
	ck_assert(sim_writable(first));
	ck_assert(sim_writable(last));
	*last = 0x5a;
	ck_assert_int_eq(*last, 0x5a);
	/* Beyond lowmem (highmem, or no RAM at all) there is no direct map. */
	ck_assert(!sim_readable(__va(low)));
	ck_assert(!sim_readable(sim_ptr(__PAGE_OFFSET - 1)));
	ck_assert(!sim_readable(sim_ptr(0x08048000)));		/* user space */
	ck_assert(!sim_readable(sim_ptr(0xFFFFF000)));		/* fixmap */
	sim_machine_exit();
}
END_TEST

START_TEST(test_phys_size)
{
	static const u64 ram_end[SIM_NR_E820_MAPS] = {
		0x3FF0000, 0x3FFF0000, 0x383F0000, 0xBFFF0000,
	};

	ck_assert_int_eq(sim_machine_init(sim_e820_maps[_i]->rows,
					  sim_e820_maps[_i]->nr), 0);
	ck_assert_uint_eq(sim_phys_size(), ram_end[_i]);
	sim_machine_exit();
	ck_assert_uint_eq(sim_phys_size(), 0);
	ck_assert_uint_eq(sim_window, 0);
}
END_TEST

/* ---- the MMU primitives -------------------------------------------------- */

START_TEST(test_map_aliases_direct_map)
{
	u32 *direct = __va(0x200000), *alias = sim_ptr(PKMAP_KVA);

	ck_assert(!sim_readable(alias));
	ck_assert_int_eq(sim_map_page(PKMAP_KVA, 0x200, true), 0);
	*direct = 0xdeadbeef;
	ck_assert_uint_eq(*alias, 0xdeadbeef);
	alias[1] = 0x12345678;
	ck_assert_uint_eq(direct[1], 0x12345678);
}
END_TEST

START_TEST(test_map_biased_or_raw)
{
	unsigned long pfn;

	/* Kernel code on the host holds biased addresses; both forms work. */
	ck_assert_int_eq(sim_map_page(sim_window + PKMAP_KVA, 0x300, true), 0);
	ck_assert(sim_tlb_lookup(PKMAP_KVA, &pfn, NULL));
	ck_assert_uint_eq(pfn, 0x300);
	ck_assert(sim_tlb_lookup(sim_window + PKMAP_KVA + 0x123, &pfn, NULL));
	ck_assert_uint_eq(pfn, 0x300);
}
END_TEST

START_TEST(test_map_highmem_page)
{
	unsigned long high = 0xA0000;		/* 2.5 GiB: highmem */
	u32 *rw = sim_ptr(PKMAP_KVA), *ro = sim_ptr(PKMAP_KVA + PAGE_SIZE);
	bool writable = true;

	ck_assert_uint_ge(PFN_PHYS(high), sim_lowmem_size());
	ck_assert_int_eq(sim_map_page(PKMAP_KVA, high, true), 0);
	ck_assert_int_eq(sim_map_page(PKMAP_KVA + PAGE_SIZE, high, false), 0);
	rw[7] = 0xcafe;
	ck_assert_uint_eq(ro[7], 0xcafe);
	ck_assert(sim_writable(rw));
	ck_assert(sim_readable(ro));
	ck_assert(!sim_writable(ro));
	ck_assert(sim_tlb_lookup(PKMAP_KVA + PAGE_SIZE, NULL, &writable));
	ck_assert(!writable);
}
END_TEST

START_TEST(test_map_rejects_misuse)
{
	unsigned long ram_pages = sim_phys_size() >> PAGE_SHIFT;
	int local;

	ck_assert_int_eq(sim_map_page(PKMAP_KVA + 4, 1, true), -EINVAL);
	ck_assert_int_eq(sim_map_page(PKMAP_KVA, ram_pages, true), -EINVAL);
	ck_assert_int_eq(sim_map_page((unsigned long)&local & PAGE_MASK, 1, true),
			 -EINVAL);
	/* The direct map is fixed: only its own frame, read-write, is accepted. */
	ck_assert_int_eq(sim_map_page((unsigned long)__va(0x5000), 5, true), 0);
	ck_assert_int_eq(sim_map_page(__PAGE_OFFSET + 0x5000, 5, true), 0);
	ck_assert_int_eq(sim_map_page(__PAGE_OFFSET + 0x5000, 6, true), -EINVAL);
	ck_assert_int_eq(sim_map_page((unsigned long)__va(0x5000), 5, false), -EINVAL);
	ck_assert_int_eq(sim_unmap_page((unsigned long)__va(0x5000)), -EINVAL);
	ck_assert_int_eq(sim_unmap_page(PKMAP_KVA + 1), -EINVAL);
	ck_assert(sim_writable(__va(0x5000)));
}
END_TEST

START_TEST(test_unmap_faults_again)
{
	ck_assert_int_eq(sim_map_page(PKMAP_KVA, 0x400, true), 0);
	ck_assert(sim_readable(sim_ptr(PKMAP_KVA)));
	ck_assert_int_eq(sim_unmap_page(PKMAP_KVA), 0);
	ck_assert(!sim_readable(sim_ptr(PKMAP_KVA)));
	ck_assert(!sim_tlb_lookup(PKMAP_KVA, NULL, NULL));
	ck_assert_int_eq(sim_unmap_page(PKMAP_KVA), 0);	/* twice is fine */
	/* The frame itself is untouched: unmapping is not freeing. */
	ck_assert(sim_writable(__va(0x400000)));
}
END_TEST

START_TEST(test_tlb_lookup_direct_map)
{
	unsigned long pfn = 0;
	bool writable = false;

	ck_assert(sim_tlb_lookup((unsigned long)__va(0x5678), &pfn, &writable));
	ck_assert_uint_eq(pfn, 5);
	ck_assert(writable);
	ck_assert(!sim_tlb_lookup((unsigned long)__va(MAXMEM), NULL, NULL));
	ck_assert(!sim_tlb_lookup((unsigned long)&pfn, NULL, NULL));
}
END_TEST

/* A fake page table for the walker: 4 PTEs for the 4 pages at PKMAP_KVA. */
static struct { bool present, writable; unsigned long pfn; } fake_pt[4];

static bool fake_walk(u32 vaddr, unsigned long *pfn, bool *writable)
{
	unsigned int i = (vaddr - PKMAP_KVA) >> PAGE_SHIFT;

	if (vaddr < PKMAP_KVA || i >= ARRAY_SIZE(fake_pt) || !fake_pt[i].present)
		return false;
	*pfn = fake_pt[i].pfn;
	*writable = fake_pt[i].writable;
	return true;
}

/* What a host set_pte_at() will do: store the PTE, map a present one at once. */
static void fake_set_pte(unsigned int i, bool present, unsigned long pfn)
{
	fake_pt[i].present = present;
	fake_pt[i].writable = true;
	fake_pt[i].pfn = pfn;
	if (present)
		ck_assert_int_eq(sim_map_page(PKMAP_KVA + i * PAGE_SIZE, pfn, true), 0);
}

START_TEST(test_stale_tlb_until_flush)
{
	u32 *page0 = sim_ptr(PKMAP_KVA), *page1 = sim_ptr(PKMAP_KVA + PAGE_SIZE);
	unsigned long pfn;

	*(u32 *)__va(0x10000) = 0xaaaa;
	*(u32 *)__va(0x11000) = 0xbbbb;
	sim_set_pte_walker(fake_walk);
	fake_set_pte(0, true, 0x10);
	fake_set_pte(1, true, 0x10);
	ck_assert_uint_eq(*page0, 0xaaaa);

	/* Clearing a PTE without a flush leaves the old translation usable. */
	fake_set_pte(1, false, 0);
	ck_assert_uint_eq(*page1, 0xaaaa);
	sim_flush_tlb_one(PKMAP_KVA + PAGE_SIZE);
	ck_assert(!sim_readable(page1));

	/* Retargeting a PTE behind the TLB's back: stale until flush_tlb_all. */
	fake_pt[0].pfn = 0x11;
	ck_assert_uint_eq(*page0, 0xaaaa);
	sim_flush_tlb_all();
	ck_assert_uint_eq(*page0, 0xbbbb);
	ck_assert(sim_tlb_lookup(PKMAP_KVA, &pfn, NULL));
	ck_assert_uint_eq(pfn, 0x11);
	ck_assert_uint_eq(*(u32 *)__va(0x11000), 0xbbbb);	/* direct map kept */
}
END_TEST

START_TEST(test_flush_without_walker_unmaps)
{
	ck_assert_int_eq(sim_map_page(PKMAP_KVA, 0x10, true), 0);
	sim_flush_tlb_one(PKMAP_KVA);		/* no page tables: no mapping */
	ck_assert(!sim_readable(sim_ptr(PKMAP_KVA)));
	sim_flush_tlb_one((unsigned long)__va(0x10000));	/* direct map: global */
	ck_assert(sim_writable(__va(0x10000)));
}
END_TEST

/* ---- boot ---------------------------------------------------------------- */

START_TEST(test_boot_like_setup_arch)
{
	const struct sim_e820_map *m = sim_e820_maps[_i];
	u64 ram_end = m->rows[3].end;

	sim_console_clear();
	ck_assert_int_eq(sim_machine_init(m->rows, m->nr), 0);
	ck_assert(sim_console_contains("BIOS-provided physical RAM map:\n"));
	ck_assert_uint_eq(e820.nr_map, 6);
	/* memory: the two usable rows; reserved: first MiB + image, merged. */
	ck_assert_uint_eq(memblock.memory.cnt, 2);
	ck_assert_uint_eq(memblock.memory.regions[0].base, 0);
	ck_assert_uint_eq(memblock.memory.regions[0].size, 0x9F000);
	ck_assert_uint_eq(memblock.memory.regions[1].base, 0x100000);
	ck_assert_uint_eq(memblock.memory.regions[1].size, ram_end - 0x100000);
	ck_assert_uint_eq(memblock.reserved.cnt, 1);
	ck_assert_uint_eq(memblock.reserved.regions[0].base, 0);
	ck_assert_uint_eq(memblock.reserved.regions[0].size, SIM_KERNEL_END);
	ck_assert_uint_eq(memblock.current_limit, MAXMEM);
	sim_machine_exit();
}
END_TEST

START_TEST(test_init_rejects_bad_maps)
{
	static const struct sim_e820_row none[] = {
		{ 0x0, 0x9F000, E820_RESERVED },
	};
	static const struct sim_e820_row too_big[] = {
		{ 0x100000, 0xF0000000, E820_RAM },
	};
	static struct sim_e820_row many[E820MAX + 1];
	int i;

	for (i = 0; i < E820MAX + 1; i++)
		many[i] = (struct sim_e820_row){ i * 0x2000, i * 0x2000 + 0x1000, E820_RAM };
	ck_assert_int_eq(sim_machine_init(none, 0), -EINVAL);
	ck_assert_int_eq(sim_machine_init(none, 1), -EINVAL);
	ck_assert_int_eq(sim_machine_init(too_big, 1), -E2BIG);
	ck_assert_int_eq(sim_machine_init(many, E820MAX + 1), -ENOSPC);
	ck_assert_uint_eq(sim_window, 0);
	ck_assert_int_eq(sim_machine_init(many, E820MAX), 0);
	ck_assert_uint_eq(sim_phys_size(), (E820MAX - 1) * 0x2000 + 0x1000);
	sim_machine_exit();
}
END_TEST

START_TEST(test_reboot_other_machine)
{
	ck_assert_int_eq(sim_machine_init(SIM_E820_3G), 0);
	*(u32 *)__va(0x1000000) = 1;
	ck_assert_int_eq(sim_machine_init(SIM_E820_64M), 0);	/* no exit first */
	ck_assert_uint_eq(sim_phys_size(), 0x3FF0000);
	ck_assert_uint_eq(*(u32 *)__va(0x1000000), 0);		/* fresh RAM */
	ck_assert(!sim_readable(__va(0x4000000)));
	sim_machine_exit();
}
END_TEST

/* ---- kernel services ----------------------------------------------------- */

START_TEST(test_console_capture)
{
	sim_console_clear();
	ck_assert_str_eq(sim_console_text(), "");
	printk("x=%d %s\n", -5, "ok");
	printk("%#010x\n", 0xbeef);
	ck_assert_str_eq(sim_console_text(), "x=-5 ok\n0x0000beef\n");
	sim_console_clear();
	ck_assert_str_eq(sim_console_text(), "");
	ck_assert(!sim_console_contains("x=-5"));
}
END_TEST

START_TEST(test_console_grows)
{
	char line[101];
	int i;

	memset(line, 'a', 100);
	line[100] = '\0';
	sim_console_clear();
	for (i = 0; i < 1000; i++)
		printk("%s\n", line);
	ck_assert_uint_eq(strlen(sim_console_text()), 101 * 1000);
}
END_TEST

START_TEST(test_warn_counts_and_prints)
{
	unsigned int before = warn_count;
	int line;

	sim_console_clear();
	ck_assert(!WARN(0, "not printed\n"));
	ck_assert_uint_eq(warn_count, before);
	line = __LINE__ + 1;
	ck_assert(WARN(1, "bad value %d\n", 7));
	ck_assert_uint_eq(warn_count, before + 1);
	ck_assert(sim_console_contains("------------[ cut here ]------------\n"));
	ck_assert(strstr(sim_console_text(), "WARNING: at tests/core/sim_check.c:"));
	ck_assert_int_eq(atoi(strstr(sim_console_text(), "sim_check.c:") + 12), line);
	ck_assert(sim_console_contains("bad value 7\n"));
	ck_assert(sim_console_contains("---[ end trace ]---\n"));
	ck_assert(!sim_console_contains("not printed"));
}
END_TEST

/* These die on purpose: keep their message (copied to stderr) out of the log. */
static void quiet_stderr(void)
{
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
}

START_TEST(test_panic_aborts)
{
	quiet_stderr();
	panic("cannot go on");
}
END_TEST

START_TEST(test_bug_on_aborts)
{
	int x = 1;

	quiet_stderr();
	BUG_ON(x == 1);
}
END_TEST

static void do_panic(void *arg)
{
	panic("out of memory %d", *(int *)arg);
}

static void do_bug(void *arg)
{
	BUG_ON(*(int *)arg == 3);
}

START_TEST(test_panic_and_bug_words)
{
	struct sim_child_result r;
	int arg = 42;

	ck_assert_int_eq(sim_run_child(do_panic, &arg, &r), 0);
	ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
	ck_assert_msg(strstr(r.err, "Kernel panic - not syncing: out of memory 42\n"),
		      "stderr: %s", r.err);
	arg = 3;
	ck_assert_int_eq(sim_run_child(do_bug, &arg, &r), 0);
	ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
	ck_assert_msg(strstr(r.err, "kernel BUG at tests/core/sim_check.c:"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "BUG_ON(*(int *)arg == 3)\n"), "%s", r.err);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("sim");
	TCase *tc;

	tc = tcase_create("window");
	tcase_add_checked_fixture(tc, sim_fixture_boot_1g, sim_fixture_shutdown);
	tcase_add_test(tc, test_window_is_aligned);
	tcase_add_test(tc, test_window_addresses_as_kernel_sees_them);
	tcase_add_test(tc, test_tlb_lookup_direct_map);
	suite_add_tcase(s, tc);

	tc = tcase_create("machines");
	tcase_add_checked_fixture(tc, NULL, sim_fixture_shutdown);
	tcase_add_loop_test(tc, test_direct_map_bounds, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_phys_size, 0, SIM_NR_E820_MAPS);
	tcase_add_loop_test(tc, test_boot_like_setup_arch, 0, SIM_NR_E820_MAPS);
	tcase_add_test(tc, test_init_rejects_bad_maps);
	tcase_add_test(tc, test_reboot_other_machine);
	suite_add_tcase(s, tc);

	tc = tcase_create("mmu");
	tcase_add_checked_fixture(tc, sim_fixture_boot_3g, sim_fixture_shutdown);
	tcase_add_test(tc, test_map_aliases_direct_map);
	tcase_add_test(tc, test_map_biased_or_raw);
	tcase_add_test(tc, test_map_highmem_page);
	tcase_add_test(tc, test_map_rejects_misuse);
	tcase_add_test(tc, test_unmap_faults_again);
	tcase_add_test(tc, test_stale_tlb_until_flush);
	tcase_add_test(tc, test_flush_without_walker_unmaps);
	suite_add_tcase(s, tc);

	tc = tcase_create("services");
	tcase_add_checked_fixture(tc, sim_fixture_boot_1g, sim_fixture_shutdown);
	tcase_add_test(tc, test_console_capture);
	tcase_add_test(tc, test_console_grows);
	tcase_add_test(tc, test_warn_counts_and_prints);
	tcase_add_test_raise_signal(tc, test_panic_aborts, SIGABRT);
	tcase_add_test_raise_signal(tc, test_bug_on_aborts, SIGABRT);
	tcase_add_test(tc, test_panic_and_bug_words);
	suite_add_tcase(s, tc);

	add_sanitizers_tcases(s);
	return s;
}
