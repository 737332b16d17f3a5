/**
 * @file
 * What the mmap suite's three files share: mmap_check.c (the VMA list,
 * mmap), mmap_check_munmap.c and mmap_check_random.c (the random test
 * against a page model), one program.
 */
#ifndef _TESTS_LAB8_MMAP_CHECK_H
#define _TESTS_LAB8_MMAP_CHECK_H

#include <check.h>

/** The fixture of the single-machine test cases: the 1 GiB machine, booted. */
void boot_1g(void);
/** mmap_check_munmap.c: the "munmap" test case. */
TCase *munmap_tcase(void);
/** mmap_check_random.c: the deliberate fault, added to test case @p tc. */
void add_checkers_fire_test(TCase *tc);
/** mmap_check_random.c: the "random" test case. */
TCase *random_tcase(void);

#endif /* _TESTS_LAB8_MMAP_CHECK_H */
