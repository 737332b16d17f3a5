/**
 * @file
 * What the directmap suite's two files share: directmap_check.c (building
 * the map, the model comparison, the dump) and directmap_check_lookup.c
 * (lookup_address, __phys_addr, virt_addr_valid), one program.
 */
#ifndef _TESTS_LAB1_DIRECTMAP_CHECK_H
#define _TESTS_LAB1_DIRECTMAP_CHECK_H

#include <check.h>

/** Boot ready-made machine @p i and do what mm_init() does before paging_init(). */
void boot_to_paging(int i);
/** boot_to_paging(), then lab 1's paging_init(). */
void boot_and_page(int i);
/** Power the machine off, forget the bounds (the checked fixture's teardown). */
void shutdown(void);

/** directmap_check_lookup.c: the lookup and physaddr test cases, in order. */
void add_lookup_tcases(Suite *s);

#endif /* _TESTS_LAB1_DIRECTMAP_CHECK_H */
