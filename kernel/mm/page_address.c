/**
 * @file
 * page_address(): a page's kernel virtual address, low or high.
 *
 * A low page always has one (its direct-map address, lab 2).  A high page
 * has one only while kmap() has mapped it, and the pkmap code (lab 6)
 * keeps a table of those; before stage 6 a high page has none.
 */
#include <linux/mm.h>

#if CONFIG_LAB >= 2		/* struct pages exist from lab 2 on */
#if CONFIG_LAB >= 6
void *kmap_page_address(const struct page *page);
#endif

void *page_address(const struct page *page)
{
	if (!PageHighMem(page))
		return lowmem_page_address(page);
#if CONFIG_LAB >= 6
	return kmap_page_address(page);
#else
	return NULL;
#endif
}
#endif /* CONFIG_LAB >= 2 */
