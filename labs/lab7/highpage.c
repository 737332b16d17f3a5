/**
 * @file
 * Lab 7, step 7.4: page helpers built on kmap_atomic(), as in Linux's
 * include/linux/highmem.h: clear_highpage(), copy_highpage(),
 * memcpy_to_page() and memcpy_from_page().
 *
 * Each helper wants a page's bytes for a few hundred instructions and
 * does not care where the page lives; kmap_atomic() gives a low page its
 * direct-map address and a high page a fixmap slot, so one body serves
 * both.  They never sleep, so they work in interrupt handlers too.
 *
 * copy_highpage() holds two slots at once, and unmaps them in the reverse
 * order of mapping (the stack rule):
 *
 * @verbatim
 *   vfrom = kmap_atomic(from)   slot 0   0xFFFFE000  (if from is high)
 *   vto   = kmap_atomic(to)     slot 1   0xFFFFD000  (if to is high)
 *   memcpy(vto, vfrom, 4096)
 *   kunmap_atomic(vto)          pops slot 1
 *   kunmap_atomic(vfrom)        pops slot 0
 * @endverbatim
 *
 * A range that runs past the end of the page (offset + len > PAGE_SIZE)
 * is the caller's bug: reported with WARN, and nothing is copied.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/highmem.h>

/* True, with a warning, if [offset, offset + len) is not inside one page. */
static bool bad_page_range(const char *who, size_t offset, size_t len)
{
	return WARN(offset > PAGE_SIZE || len > PAGE_SIZE - offset,
		    "%s: offset %zu + length %zu runs past the end of the page\n",
		    who, offset, len);
}

void clear_highpage(struct page *page)
{
	/* TODO(7.4): Zero all PAGE_SIZE bytes of the page, low or high,
	 * through a temporary mapping that is gone when the function
	 * returns.  A NULL mapping (kmap_atomic refused) leaves the page
	 * alone.  Checked by lab7.helpers.clear_highpage. */
	(void)page;
}

void copy_highpage(struct page *to, struct page *from)
{
	/* TODO(7.4): Copy the whole page @p from into @p to, both mapped
	 * at once; unmap them in the reverse order of mapping.
	 * Checked by lab7.helpers.copy_highpage. */
	(void)to;
	(void)from;
}

void memcpy_to_page(struct page *page, size_t offset, const void *from,
		    size_t len)
{
	char *kaddr;

	if (bad_page_range("memcpy_to_page", offset, len))
		return;
	/* TODO(7.4): Copy @p len bytes from @p from to byte @p offset of the
	 * page, through a temporary mapping.
	 * Checked by lab7.helpers.memcpy_to_from_page. */
	(void)kaddr;
	(void)page;
	(void)from;
}

void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len)
{
	char *kaddr;

	if (bad_page_range("memcpy_from_page", offset, len))
		return;
	/* TODO(7.4): The other direction: @p len bytes from byte @p offset
	 * of the page into @p to.  Checked by lab7.helpers.memcpy_to_from_page. */
	(void)kaddr;
	(void)page;
	(void)to;
}
