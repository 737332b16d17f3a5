/**
 * @file
 * Lab 0 host suite: pfn_down(), pfn_up() and get_order() against a
 * reference model, over far more values than the in-kernel tests try.
 *
 * The model is written differently from the lab's intended solution, so
 * the two cannot share a mistake:
 *
 * @verbatim
 *   pfn_down(a)  = a / 4096                      (division, not a shift)
 *   pfn_up(a)    = a / 4096 + (a % 4096 != 0)    (in 64 bits: no wrap)
 *   get_order(s) = smallest n with 4096 << n >= s, found by doubling a
 *                  128-bit block size (no overflow even for s near 2^64)
 * @endverbatim
 *
 * Values: every page boundary and its neighbours, every order boundary
 * (2^(12+n) - 1, 2^(12+n), 2^(12+n) + 1 for every n that fits in an
 * unsigned long: lab code must not assume it is 32 bits), the top of the
 * 32-bit space (0xFFFFF001 must give 0x100000), and 100000 random values
 * from a fixed seed.  Test cases are named after the lab's steps:
 * pfn_down (0.1), pfn_up (0.2), order (0.3).  Each comparison reports the
 * first value that differs; one test feeds the checker a deliberately
 * wrong get_order() to prove it notices.
 */
#include <limits.h>
#include <stdio.h>
#include <check.h>

#include <linux/kernel.h>
#include <kit/warmup.h>
#include <asm/page.h>
#include "sim/sim.h"

/* ---- the reference model ------------------------------------------------- */

static unsigned long ref_pfn_down(phys_addr_t addr)
{
	return addr / 4096;
}

static unsigned long ref_pfn_up(phys_addr_t addr)
{
	return addr / 4096 + (addr % 4096 != 0);
}

static unsigned int ref_get_order(unsigned long size)
{
	unsigned __int128 block = 4096;
	unsigned int order = 0;

	while (block < size) {
		block <<= 1;
		order++;
	}
	return order;
}

/* ---- values -------------------------------------------------------------- */

static u64 rng = 0x853c49e6748fea9bULL;	/* fixed seed: the same values every run */

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define NR_RANDOM 100000

/* Addresses: page boundaries +-1 across the space, the top, and random ones. */
static unsigned int address_values(phys_addr_t *v, unsigned int max)
{
	unsigned int n = 0, i;
	u64 pg;

	for (pg = 0; pg <= 0x100000 && n + 3 <= max; pg += 0x101) {	/* 4K..4G */
		v[n++] = (phys_addr_t)(pg * 4096);
		v[n++] = (phys_addr_t)(pg * 4096 - 1);
		v[n++] = (phys_addr_t)(pg * 4096 + 1);
	}
	v[n++] = 0xFFFFF000;
	v[n++] = 0xFFFFF001;
	v[n++] = 0xFFFFFFFF;
	v[n++] = 0x37FFFFFF;		/* last byte of lowmem */
	v[n++] = 0x9F000;		/* end of usable low RAM */
	for (i = 0; i < NR_RANDOM && n < max; i++)
		v[n++] = (phys_addr_t)rnd();
	return n;
}

/* Sizes: up to 3 pages (every byte near a page edge), order edges, random. */
static unsigned int size_values(unsigned long *v, unsigned int max)
{
	unsigned int n = 0, i, shift;

	for (i = 1; i <= 3 * 4096 + 16 && n < max;
	     i += (i % 4096 < 16 || i % 4096 > 4080) ? 1 : 97)	/* near a page edge: all */
		v[n++] = i;
	for (shift = 12; shift < sizeof(unsigned long) * 8 && n + 3 <= max; shift++) {
		v[n++] = (1UL << shift) - 1;
		v[n++] = 1UL << shift;
		v[n++] = (1UL << shift) + 1;
	}
	v[n++] = ULONG_MAX;
	v[n++] = 3 * 4096;
	v[n++] = 128UL << 20;
	for (i = 0; i < NR_RANDOM && n < max; i++)
		/* Mostly below 4 GiB, as kernel sizes are; some use every bit. */
		v[n++] = (unsigned long)(i % 8 ? rnd() % (1ULL << (1 + rnd() % 32)) + 1
					       : rnd() | 1);
	return n;
}

#define MAX_VALUES (NR_RANDOM + 20000)
static phys_addr_t addrs[MAX_VALUES];
static unsigned long sizes[MAX_VALUES];

/* ---- comparing ----------------------------------------------------------- */

struct mismatch {
	unsigned int compared, count;
	unsigned long long value, got, want;
};

static void compare_addr(unsigned long (*fn)(phys_addr_t),
			 unsigned long (*ref)(phys_addr_t), struct mismatch *m)
{
	unsigned int n = address_values(addrs, MAX_VALUES), i;

	*m = (struct mismatch){ .compared = n };
	for (i = 0; i < n; i++) {
		unsigned long got = fn(addrs[i]), want = ref(addrs[i]);

		if (got != want && !m->count++)
			*m = (struct mismatch){ n, 1, addrs[i], got, want };
	}
}

static void compare_order(unsigned int (*fn)(unsigned long), struct mismatch *m)
{
	unsigned int n = size_values(sizes, MAX_VALUES), i;

	*m = (struct mismatch){ .compared = n };
	for (i = 0; i < n; i++) {
		unsigned int got = fn(sizes[i]), want = ref_get_order(sizes[i]);

		if (got != want && !m->count++)
			*m = (struct mismatch){ n, 1, sizes[i], got, want };
	}
}

#define EXPECT_NO_MISMATCH(name, m)					\
	ck_assert_msg(!(m).count, "%s(%#llx) = %#llx, should be %#llx "	\
		      "(%u of %u values differ)", name, (m).value, (m).got,	\
		      (m).want, (m).count, (m).compared)

/* ---- 0.1 pfn_down -------------------------------------------------------- */

START_TEST(test_pfn_down_examples)
{
	ck_assert_uint_eq(pfn_down(0), 0);
	ck_assert_uint_eq(pfn_down(0xFFF), 0);
	ck_assert_uint_eq(pfn_down(0x1000), 1);
	ck_assert_uint_eq(pfn_down(0x00123456), 0x123);
	ck_assert_uint_eq(pfn_down(0xFFFFFFFF), 0xFFFFF);
}
END_TEST

START_TEST(test_pfn_down_model)
{
	struct mismatch m;

	compare_addr(pfn_down, ref_pfn_down, &m);
	EXPECT_NO_MISMATCH("pfn_down", m);
	ck_assert_uint_gt(m.compared, NR_RANDOM);
}
END_TEST

/* ---- 0.2 pfn_up ---------------------------------------------------------- */

START_TEST(test_pfn_up_examples)
{
	ck_assert_uint_eq(pfn_up(0), 0);
	ck_assert_uint_eq(pfn_up(1), 1);
	ck_assert_uint_eq(pfn_up(0x1000), 1);
	ck_assert_uint_eq(pfn_up(0x1001), 2);
	ck_assert_uint_eq(pfn_up(0x9F000), 0x9F);
}
END_TEST

START_TEST(test_pfn_up_top_of_memory)
{
	/* 0xFFFFF001 + 0xFFF wraps to 0 in 32 bits: the sum needs 64. */
	ck_assert_uint_eq(pfn_up(0xFFFFF001), 0x100000);
	ck_assert_uint_eq(pfn_up(0xFFFFFFFF), 0x100000);
	ck_assert_uint_eq(pfn_up(0xFFFFF000), 0xFFFFF);
}
END_TEST

START_TEST(test_pfn_up_model)
{
	struct mismatch m;

	compare_addr(pfn_up, ref_pfn_up, &m);
	EXPECT_NO_MISMATCH("pfn_up", m);
	ck_assert_uint_gt(m.compared, NR_RANDOM);
}
END_TEST

/* ---- 0.3 get_order ------------------------------------------------------- */

START_TEST(test_order_exact_powers)
{
	ck_assert_uint_eq(get_order(PAGE_SIZE << _i), _i);
}
END_TEST

START_TEST(test_order_boundaries)
{
	unsigned long block = PAGE_SIZE << _i;

	ck_assert_uint_eq(get_order(block + 1), _i + 1);
	ck_assert_uint_eq(get_order(2 * block - 1), _i + 1);
	ck_assert_uint_eq(get_order(block - 1), _i);	/* 4095 -> 0, 8191 -> 1 */
}
END_TEST

START_TEST(test_order_examples)
{
	ck_assert_uint_eq(get_order(1), 0);
	ck_assert_uint_eq(get_order(4097), 1);
	ck_assert_uint_eq(get_order(8193), 2);
	ck_assert_uint_eq(get_order(3 * PAGE_SIZE), 2);
	ck_assert_uint_eq(get_order(128UL << 20), 15);
}
END_TEST

START_TEST(test_order_model)
{
	struct mismatch m;

	compare_order(get_order, &m);
	EXPECT_NO_MISMATCH("get_order", m);
	ck_assert_uint_gt(m.compared, NR_RANDOM);
}
END_TEST

/* The deliberate fault: an off-by-one get_order must be caught. */
static unsigned int wrong_get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) <= size && order < 63)	/* <= instead of < */
		order++;
	return order;
}

START_TEST(test_model_catches_wrong_order)
{
	struct mismatch m;

	compare_order(wrong_get_order, &m);
	ck_assert_uint_gt(m.count, 0);
	ck_assert_uint_eq(ref_get_order(m.value), m.want);
	ck_assert_uint_ne(m.got, m.want);
}
END_TEST

/* Orders whose block fits in an unsigned long: 0..51 on the host, 0..19 on i386. */
#define NR_ORDERS ((int)(sizeof(unsigned long) * 8 - PAGE_SHIFT))

Suite *host_suite(void)
{
	Suite *s = suite_create("lab0");
	TCase *tc;

	tc = tcase_create("pfn_down");
	tcase_add_test(tc, test_pfn_down_examples);
	tcase_add_test(tc, test_pfn_down_model);
	suite_add_tcase(s, tc);

	tc = tcase_create("pfn_up");
	tcase_add_test(tc, test_pfn_up_examples);
	tcase_add_test(tc, test_pfn_up_top_of_memory);
	tcase_add_test(tc, test_pfn_up_model);
	suite_add_tcase(s, tc);

	tc = tcase_create("order");
	tcase_add_loop_test(tc, test_order_exact_powers, 0, NR_ORDERS);
	tcase_add_loop_test(tc, test_order_boundaries, 0, NR_ORDERS - 1);
	tcase_add_test(tc, test_order_examples);
	tcase_add_test(tc, test_order_model);
	tcase_add_test(tc, test_model_catches_wrong_order);
	suite_add_tcase(s, tc);
	return s;
}
