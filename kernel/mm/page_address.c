/**
 * @file
 * page_address(): a page's kernel virtual address, low or high.
 *
 * A low page always has one (its direct-map address, lab 2).  A high page
 * has one only while kmap() has mapped it, and the pkmap code of lab 6
 * keeps a table of those.  kmap_page_address() is a weak reference: in a
 * kernel built before lab 6 it is NULL, and a high page has no address.
 */
#include <linux/mm.h>

void *kmap_page_address(const struct page *page) __attribute__((weak));

void *page_address(const struct page *page)
{
	if (!PageHighMem(page))
		return lowmem_page_address(page);
	return kmap_page_address ? kmap_page_address(page) : NULL;
}
