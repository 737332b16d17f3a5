/**
 * @file
 * `make bench-host`: kmalloc()/kfree() of lab 4's solution against glibc's
 * malloc()/free(), on the host, over the same sequence of sizes.
 *
 * Not a test: it prints times and their ratio and always passes (host
 * timings vary from run to run; the deterministic numbers are the
 * in-kernel bench group's instruction counts under Bochs).  It is built
 * with -O2 and without sanitizers (AddressSanitizer replaces malloc, which
 * would time ASan, not glibc).  The size mix: 1000 sizes from 8 to 512
 * bytes, a quarter of them 32 and a quarter 256, allocated in batches of
 * 1000 and freed in the order they came, 2000 rounds.  Two runs of the
 * kernel side: with the labs' default debugging (red zones and poison
 * checks on every call) and on caches made with SLAB_NO_DEBUG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <check.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "sim/sim.h"
#include "buddy_fixture.h"

#define BATCH  1000
#define ROUNDS 2000

/* WARN() asks the sanitizer for a trace; this build has no sanitizer. */
void __sanitizer_print_stack_trace(void);
void __sanitizer_print_stack_trace(void)
{
}

static size_t sizes[BATCH];
static void *ptrs[BATCH];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void make_sizes(void)
{
	unsigned int seed = 42, i;

	for (i = 0; i < BATCH; i++) {
		unsigned int r = (unsigned int)rand_r(&seed);

		sizes[i] = i % 4 == 0 ? 32 : i % 4 == 1 ? 256 : 8 + r % 505;
	}
}

static double time_glibc(void)
{
	double t0 = now();
	unsigned int r, i;

	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < BATCH; i++)
			ptrs[i] = malloc(sizes[i]);
		for (i = 0; i < BATCH; i++)
			free(ptrs[i]);
	}
	return now() - t0;
}

static double time_kmalloc(void)
{
	double t0 = now();
	unsigned int r, i;

	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < BATCH; i++)
			ptrs[i] = kmalloc(sizes[i], GFP_KERNEL);
		for (i = 0; i < BATCH; i++)
			kfree(ptrs[i]);
	}
	return now() - t0;
}

/* The same through SLAB_NO_DEBUG caches of the same classes. */
static struct kmem_cache *nodebug[7];

static double time_nodebug(void)
{
	static const char *const names[] = { "nd-8", "nd-16", "nd-32", "nd-64",
					     "nd-128", "nd-256", "nd-512" };
	static unsigned int cls[BATCH];
	double t0;
	unsigned int r, i;

	for (i = 0; i < 7; i++)
		nodebug[i] = kmem_cache_create(names[i], 8U << i, 0,
					       SLAB_HWCACHE_ALIGN | SLAB_NO_DEBUG, NULL);
	for (i = 0; i < BATCH; i++) {
		cls[i] = 0;
		while ((8U << cls[i]) < sizes[i])
			cls[i]++;
	}
	t0 = now();
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < BATCH; i++)
			ptrs[i] = kmem_cache_alloc(nodebug[cls[i]], GFP_KERNEL);
		for (i = 0; i < BATCH; i++)
			kmem_cache_free(nodebug[cls[i]], ptrs[i]);
	}
	return now() - t0;
}

START_TEST(bench_kmalloc_vs_malloc)
{
	double g, k, n, pairs = (double)BATCH * ROUNDS;

	machine_up(sim_e820_maps[1]);
	kmem_cache_init();
	make_sizes();
	g = time_glibc();
	k = time_kmalloc();
	n = time_nodebug();
	printf("bench-host: %.0f alloc+free pairs, sizes 8..512 (1/4 32, 1/4 256)\n", pairs);
	printf("bench-host: glibc malloc/free          %6.1f ns/pair\n", g / pairs * 1e9);
	printf("bench-host: kmalloc/kfree, debug on    %6.1f ns/pair  ratio %.2f\n",
	       k / pairs * 1e9, k / g);
	printf("bench-host: kmem_cache, no debug       %6.1f ns/pair  ratio %.2f\n",
	       n / pairs * 1e9, n / g);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("lab4-bench");
	TCase *tc = tcase_create("bench");

	tcase_add_checked_fixture(tc, NULL, machine_down);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, bench_kmalloc_vs_malloc);
	suite_add_tcase(s, tc);
	return s;
}
