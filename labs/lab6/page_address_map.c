/**
 * @file
 * Lab 6, step 6.2: which address does a high page have right now?  The
 * page_address hash table of Linux 2.6.20's mm/highmem.c.
 *
 * A low page's address is arithmetic (its direct-map address).  A high
 * page has an address only while it sits in a pkmap slot, and struct page
 * has no room to say which one (Linux on i386 keeps struct page at 32
 * bytes and has no `virtual` field: HASHED_PAGE_VIRTUAL).  So the kmap
 * code records each mapping in a small hash table keyed by the page:
 *
 * @verbatim
 *   page_address_htable[PA_HASH_SIZE = 128]      page_address_maps[LAST_PKMAP]
 *   +-----+                                       (one per pkmap slot, static)
 *   |  0  |   (empty)
 *   | 15  |-> {page of pfn 0x40012, 0xFF801000}
 *   | 64  |-> {page of pfn 0x38000, 0xFF800000} -> (more in the bucket)
 *   | 127 |-> {page of pfn 0x3A001, 0xFF9FF000}
 *   +-----+
 *   page_address_pool: the unused entries of page_address_maps
 *
 *   bucket = ((pfn * 0x9E370001) mod 2^32) >> (32 - 7)
 *   pfn 0x38000: 0x38000 * 0x9E370001 mod 2^32 = 0x80038000,
 *                0x80038000 >> 25 = 64
 *   pfn 0x40012 -> 0x1FE20012 >> 25 = 15;  pfn 0x3A001 -> 127
 * @endverbatim
 *
 * Invariants: a page is in the table at most once; an entry is in exactly
 * one place, a bucket or the pool; there are LAST_PKMAP entries because a
 * page is in the table only while it owns a pkmap slot (count >= 1), and
 * there are LAST_PKMAP slots.  Callers (kmap_high, kunmap_high,
 * flush_all_zero_pkmaps) run with interrupts off: Linux's kmap_lock.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/irqflags.h>
#include <linux/list.h>
#include <linux/mm.h>

#define PA_HASH_ORDER 7
#define PA_HASH_SIZE  (1U << PA_HASH_ORDER)
/*
 * Linux's multiplier for hash_long() on 32 bits (linux/hash.h): a prime
 * near 2^32 / phi, so consecutive pfns land in buckets far apart.
 */
#define GOLDEN_RATIO_PRIME_32 0x9E370001U

/* One recorded mapping: @page is at @virtual. */
struct page_address_map {
	struct page *page;
	void *virtual;
	struct list_head list;	/* in a bucket, or in page_address_pool */
};

static struct page_address_map page_address_maps[LAST_PKMAP];
static struct list_head page_address_pool;
static struct list_head page_address_htable[PA_HASH_SIZE];
static bool page_address_ready;

/* Put every entry in the pool and empty the buckets (once, on first use). */
static void page_address_init(void)
{
	unsigned int i;

	INIT_LIST_HEAD(&page_address_pool);
	for (i = 0; i < LAST_PKMAP; i++)
		list_add(&page_address_maps[i].list, &page_address_pool);
	for (i = 0; i < PA_HASH_SIZE; i++)
		INIT_LIST_HEAD(&page_address_htable[i]);
	page_address_ready = true;
}

/* The bucket of @page: a multiplicative hash of its frame number. */
static __unused struct list_head *page_slot(const struct page *page)
{
	u32 pfn = (u32)page_to_pfn(page);

	return &page_address_htable[(u32)(pfn * GOLDEN_RATIO_PRIME_32) >>
				    (32 - PA_HASH_ORDER)];
}

/* The entry that records @page, or NULL.  Interrupts off. */
static struct page_address_map *find_page_address(const struct page *page)
{
	/* TODO(6.2): Look in the page's bucket for the entry whose page is
	 * @p page.  Checked by lab6.hash.*. */
	(void)page;
	return NULL;
}

void *kmap_page_address(const struct page *page)
{
	struct page_address_map *pam;
	unsigned long flags;
	void *ret = NULL;

	if (!page_address_ready)
		return NULL;		/* nothing was ever recorded */
	flags = local_irq_save();
	pam = find_page_address(page);
	if (pam)
		ret = pam->virtual;
	local_irq_restore(flags);
	return ret;
}

void set_page_address(struct page *page, void *virtual)
{
	unsigned long flags;

	BUG_ON(!PageHighMem(page));	/* a low page's address is arithmetic */
	if (!page_address_ready)
		page_address_init();
	flags = local_irq_save();
	/* TODO(6.2): With an address: take an entry from the pool, fill it
	 * in and put it in the page's bucket (a page recorded twice, or an
	 * empty pool, is a broken invariant: BUG).  With NULL: find the
	 * page's entry and give it back to the pool (a page that was not
	 * recorded is a broken invariant too).  Checked by lab6.hash.*. */
	(void)virtual;
	local_irq_restore(flags);
}
