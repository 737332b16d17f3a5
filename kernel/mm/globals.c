/**
 * @file
 * The memory-management globals, defined once for every stage.
 *
 * Labs set them (max_low_pfn in lab 2, mem_map in lab 2, totalram_pages
 * in lab 3); the kit defines them here so that a stage without a lab still
 * links, and so the host tests share the same definitions.
 */
#include <linux/mm.h>

unsigned long max_pfn;
unsigned long max_low_pfn;
unsigned long highstart_pfn;
unsigned long highend_pfn;
unsigned long totalram_pages;
unsigned long totalhigh_pages;
void *high_memory;
struct page *mem_map;
struct pglist_data contig_page_data;
