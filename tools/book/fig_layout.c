/*
 * tools/book/fig_layout.c - the two address-space figures: the 4 GiB of
 * virtual addresses (vmlayout.svg) and physical memory (physmap.svg).
 *
 * Areas differ in size by five orders of magnitude (3 GiB of user space,
 * 84 kB of fixmap), so a box's height is not to scale: each box is as
 * tall as its share of the space plus a fixed part that fits its
 * label.  The labels carry the real numbers.
 */
#include "figures.h"
#include "svg.h"

#define MIN_BOX 26.0

static double box_height(unsigned long long size, unsigned long long total, double full)
{
	return MIN_BOX + full * (double)size / (double)total;
}

static void size_text(char *buf, size_t n, unsigned long long bytes)
{
	if (bytes >= (1ULL << 30) && bytes % (1ULL << 30) == 0)
		snprintf(buf, n, "%llu GiB", bytes >> 30);
	else if (bytes >= (16ULL << 20) || (bytes >= (1ULL << 20) && bytes % (1ULL << 20) == 0))
		snprintf(buf, n, "%llu MiB", bytes >> 20);
	else
		snprintf(buf, n, "%llu KiB", bytes >> 10);
}

/* One area of the virtual map, drawn upwards from *y (high addresses on top). */
static void vm_box(FILE *f, double *y, unsigned long long start, unsigned long long end,
		   const char *name, const char *what, const char *fill)
{
	double h = box_height(end - start, 1ULL << 32, 300.0);
	char size[32];

	*y -= h;
	size_text(size, sizeof(size), end - start);
	svg_rect(f, 150, *y, 180, h, fill);
	svg_text(f, 240, *y + h / 2 + 4, "middle", 12, "%s (%s)", name, size);
	svg_text(f, 144, *y + h + 4, "end", 11, "0x%08llx", start);
	svg_text(f, 338, *y + h / 2 + 4, "start", 11, "%s", what);
}

int fig_vmlayout(const char *path, const struct bootlog *l)
{
	FILE *f = svg_open(path, 640, 680, "The 4 GiB virtual address space, from the boot log");
	double y = 620;

	if (!f)
		return -1;
	svg_text(f, 320, 20, "middle", 14, "Virtual addresses of the 1 GiB machine (not to scale)");
	vm_box(f, &y, 0, l->lowmem.start, "user space", "per process: 0 .. TASK_SIZE", "#dde8f7");
	vm_box(f, &y, l->lowmem.start, l->text.start, "first MiB", "BIOS, ROMs: __va(0 .. 1 MiB)", "#f3e3b5");
	vm_box(f, &y, l->text.start, l->data.end, "kernel image", ".text and .data", "#f0c070");
	vm_box(f, &y, l->data.end, l->lowmem.end, "direct map", "lowmem up to high_memory", "#f3e3b5");
	vm_box(f, &y, l->lowmem.end, l->vmalloc.start, "hole", "VMALLOC_OFFSET guard", "#ffffff");
	vm_box(f, &y, l->vmalloc.start, l->vmalloc.end, "vmalloc", "lab 5: vmalloc, vmap", "#c9e6c1");
	vm_box(f, &y, l->vmalloc.end, l->pkmap.start, "guard", "2 pages", "#ffffff");
	vm_box(f, &y, l->pkmap.start, l->pkmap.end, "pkmap", "lab 6: kmap, LAST_PKMAP slots", "#e2c9ef");
	vm_box(f, &y, l->pkmap.end, l->fixmap.start, "unused", "up to the fixmap", "#ffffff");
	vm_box(f, &y, l->fixmap.start, l->fixmap.end, "fixmap", "lab 7: kmap_atomic slots", "#f7c9c9");
	svg_text(f, 144, y + 4, "end", 11, "0x%08lx", l->fixmap.end);
	svg_text(f, 20, 660, "start", 11, "PAGE_OFFSET 0x%08lx; 128 MiB above high_memory 0x%08lx hold "
		 "no RAM for good, only windows", l->lowmem.start, l->lowmem.end);
	return svg_close(f);
}

/* One range of physical memory, drawn left to right from *x. */
static void phys_box(FILE *f, double *x, double y, double w, const char *name,
		     unsigned long from, unsigned long to, const char *fill)
{
	svg_rect(f, *x, y, w, 40, fill);
	svg_text(f, *x + w / 2, y + 17, "middle", 11, "%s", name);
	svg_text(f, *x + w / 2, y + 32, "middle", 9, "0x%lx-0x%lx", from, to);
	*x += w;
}

int fig_physmap(const char *path, const struct bootlog *l)
{
	static const char *const zone[3] = { "ZONE_DMA", "ZONE_NORMAL", "ZONE_HIGHMEM" };
	static const char *const fill[3] = { "#f3e3b5", "#c9e6c1", "#e2c9ef" };
	unsigned long total = l->zone_end[2];
	unsigned long kstart = l->text.start - l->lowmem.start, kend = l->data.end - l->lowmem.start;
	FILE *f = svg_open(path, 760, 240, "Physical memory: zones, kernel image, page tables, mem_map");
	double x = 20;

	if (!f)
		return -1;
	svg_text(f, 380, 20, "middle", 14, "Physical memory of the 1 GiB machine, page frame numbers");
	double w[3];

	for (int i = 0; i < 3; i++) {
		w[i] = 720.0 * (double)(l->zone_end[i] - l->zone_start[i]) / (double)total;
		w[i] = w[i] < 110 ? 110 : w[i];
	}
	w[1] = 720 - w[0] - w[2];
	for (int i = 0; i < 3; i++) {
		svg_rect(f, x, 40, w[i], 40, fill[i]);
		svg_text(f, x + w[i] / 2, 57, "middle", 12, "%s", zone[i]);
		svg_text(f, x + w[i] / 2, 72, "middle", 10, "pfn %lu-%lu", l->zone_start[i], l->zone_end[i]);
		x += w[i];
	}
	/*
	 * The page-table range the dump prints spans every kernel page table:
	 * the direct map's (one per 4 MiB of low memory, made by paging_init()
	 * before mem_map) and the later ones (pkmap's, fixmap's), which came
	 * from the buddy allocator after mem_map.  Split it, and check that the
	 * split agrees with where mem_map is.
	 */
	unsigned long direct = (l->lowmem.end - l->lowmem.start) >> 22;
	unsigned long direct_end = l->pt_start + direct * 4096;
	unsigned long later = l->pt_count - direct, later_start = l->pt_end - later * 4096;

	if (l->pt_count < direct || direct_end > l->mem_map_start ||
	    later_start < l->mem_map_end + 1) {
		fprintf(stderr, "mkfigures: %lu page tables at 0x%lx..0x%lx do not fit around "
			"mem_map 0x%lx-0x%lx\n", l->pt_count, l->pt_start, l->pt_end,
			l->mem_map_start, l->mem_map_end);
		svg_close(f);
		return -1;
	}
	svg_text(f, 20, 110, "start", 12, "The first 32 MiB, in physical addresses (not to scale):");
	x = 20;
	phys_box(f, &x, 120, 90, "BIOS, EBDA, ROMs", 0, kstart, "#eeeeee");
	phys_box(f, &x, 120, 100, "kernel image", kstart, kend, "#f0c070");
	phys_box(f, &x, 120, 110, "free (DMA)", kend, l->pt_start, "#f3e3b5");
	phys_box(f, &x, 120, 120, "direct-map tables", l->pt_start, direct_end, "#9fc7e8");
	phys_box(f, &x, 120, 120, "mem_map", l->mem_map_start, l->mem_map_end + 1, "#e89f9f");
	phys_box(f, &x, 120, 90, "pkmap, fixmap", later_start, l->pt_end, "#9fc7e8");
	phys_box(f, &x, 120, 90, "free ...", l->pt_end, 0x2000000, "#c9e6c1");
	svg_text(f, 20, 190, "start", 11, "%lu page tables map the %lu MiB direct map, before mem_map; "
		 "the %lu later ones (pkmap's, fixmap's) came from", direct,
		 (l->lowmem.end - l->lowmem.start) >> 20, later);
	svg_text(f, 20, 206, "start", 11, "the buddy allocator, after it: %lu in all.  mem_map holds "
		 "%lu struct pages, one per frame up to max_pfn.", l->pt_count, l->zone_end[2]);
	svg_text(f, 20, 224, "start", 11, "Low memory ends at pfn %lu (896 MiB): frames above it have "
		 "a struct page but no kernel address.", l->zone_end[1]);
	return svg_close(f);
}
