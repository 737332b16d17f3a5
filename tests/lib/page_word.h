/**
 * @file
 * Reading and writing one word of any page without the code under test:
 * through the direct map for a low page, through a one-page vmap() of its
 * own (lab 5) for a high one.  A test that checks kmap or kmap_atomic
 * looks at the page's bytes this way, so a mapping that shows the wrong
 * frame cannot hide itself.  Shared by the in-kernel tests of labs 5 and 7
 * and the host suites of labs 5 to 8 (mm_fixture.c).
 */
#ifndef _TESTS_LIB_PAGE_WORD_H
#define _TESTS_LIB_PAGE_WORD_H

#include <linux/mm.h>
#include <linux/vmalloc.h>

/** Word @p word of @p page into @p val; false if no vmap() was to be had. */
static inline bool peek_page_word(struct page *page, unsigned int word, u32 *val)
{
	u32 *p;

	if (!PageHighMem(page)) {
		*val = ((u32 *)page_address(page))[word];
		return true;
	}
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!p)
		return false;
	*val = p[word];
	vunmap(p);
	return true;
}

/** Store @p val in word @p word of @p page; false if no vmap() was to be had. */
static inline bool poke_page_word(struct page *page, unsigned int word, u32 val)
{
	u32 *p;

	if (!PageHighMem(page)) {
		((u32 *)page_address(page))[word] = val;
		return true;
	}
	p = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!p)
		return false;
	p[word] = val;
	vunmap(p);
	return true;
}

#endif /* _TESTS_LIB_PAGE_WORD_H */
