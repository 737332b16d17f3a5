/**
 * @file
 * Lab 2 hidden test: graded, left out of the student handout.
 *
 * The visible tests check each zone's fields against the expected
 * boundaries and each frame's zone number on its own.  This one checks
 * that the zones and the struct pages tell one story where mistakes
 * happen, at the frames on either side of every zone edge:
 *
 * @verbatim
 *   the zones tile [0, max_pfn): zone z+1 starts where zone z ends,
 *   the spans add up to the node's, present <= spanned, presents add up
 *   for pfn in [edge - 2, edge + 2) of every zone's start and end:
 *     page_zone(pfn_to_page(pfn)) == zone  <=>  zone_spans_pfn(zone, pfn)
 *     zone->zone_mem_map + (pfn - start) == pfn_to_page(pfn)
 *     PageHighMem(page) == is_highmem(page_zone(page))
 *     a low page: page_address() is __va(pfn << 12), virt_to_page() of
 *     it is the page again
 * @endverbatim
 *
 * An off-by-one in a zone's end (max_zone_pfns used as the last frame
 * instead of one past it), or frames given the zone of their neighbour
 * at an edge, breaks one of these lines.  With step 2.3 undone mem_map is
 * NULL and the test fails at its first check, touching nothing.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <kit/ktest.h>

#define EDGE_REACH 2	/* frames checked on each side of an edge */

/* Page @p pfn against zone @p z (the one whose edge it is near); false if wrong. */
static bool hidden_frame_ok(struct ktest *t, unsigned int z, unsigned long pfn)
{
	struct zone *zone = &contig_page_data.node_zones[z];
	struct page *page = pfn_to_page(pfn);
	bool inside = pfn >= zone->zone_start_pfn &&
		      pfn < zone->zone_start_pfn + zone->spanned_pages;

	if (!KTEST_EXPECT_EQ(t, zone_spans_pfn(zone, pfn), inside) ||
	    !KTEST_EXPECT_EQ(t, page_zone(page) == zone, inside) ||
	    !KTEST_EXPECT_EQ(t, PageHighMem(page), is_highmem(page_zone(page))) ||
	    !KTEST_EXPECT_EQ(t, page_to_pfn(page), pfn))
		goto bad;
	if (inside && !KTEST_EXPECT(t, zone->zone_mem_map +
				    (pfn - zone->zone_start_pfn) == page))
		goto bad;
	if (pfn < max_low_pfn &&
	    (!KTEST_EXPECT(t, page_address(page) == __va(PFN_PHYS(pfn))) ||
	     !KTEST_EXPECT(t, virt_to_page(page_address(page)) == page)))
		goto bad;
	return true;
bad:
	printk("# lab2: pfn %#lx near an edge of %s [%#lx, %#lx): page says zone %d\n",
	       pfn, zone->name, zone->zone_start_pfn,
	       zone->zone_start_pfn + zone->spanned_pages, page_zonenum(page));
	return false;
}

/* Every frame within EDGE_REACH of @p edge, against zone @p z. */
static bool hidden_edge_ok(struct ktest *t, unsigned int z, unsigned long edge)
{
	unsigned long pfn = edge > EDGE_REACH ? edge - EDGE_REACH : 0;

	for (; pfn < edge + EDGE_REACH && pfn < max_pfn; pfn++)
		if (!hidden_frame_ok(t, z, pfn))
			return false;
	return true;
}

KTEST(lab2, hidden, zone_edges_agree)
{
	const struct pglist_data *pgdat = &contig_page_data;
	unsigned long next = 0, spanned = 0, present = 0;
	unsigned int z;

	KTEST_ASSERT(t, mem_map != NULL);
	KTEST_ASSERT(t, max_pfn > 0 && max_low_pfn > 0);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];

		if (!zone->spanned_pages)
			continue;
		KTEST_EXPECT_EQ(t, zone->zone_start_pfn, next);
		KTEST_EXPECT(t, zone->present_pages <= zone->spanned_pages);
		next = zone->zone_start_pfn + zone->spanned_pages;
		spanned += zone->spanned_pages;
		present += zone->present_pages;
	}
	KTEST_EXPECT_EQ(t, next, max_pfn);
	KTEST_EXPECT_EQ(t, spanned, pgdat->node_spanned_pages);
	KTEST_EXPECT_EQ(t, present, pgdat->node_present_pages);
	KTEST_ASSERT(t, next == max_pfn);

	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];

		if (!zone->spanned_pages)
			continue;
		if (!hidden_edge_ok(t, z, zone->zone_start_pfn) ||
		    !hidden_edge_ok(t, z, zone->zone_start_pfn + zone->spanned_pages))
			return;
	}
}
