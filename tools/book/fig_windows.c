/*
 * tools/book/fig_windows.c - the three windows of the kernel's last
 * 128 MiB, each as the demo of its lab used it on the figures' boot:
 *   vmalloc.svg      lab 5: the window, and lab5.demo.pfns' two areas page
 *                    by page, each with the guard page vm_struct.size counts
 *   pkmap.svg        lab 6: the 1024 pkmap slots, the ones the demo's sample
 *                    pages got, and its counts of pages, slots and flushes
 *   kmap_atomic.svg  lab 7: the fixmap's kmap_atomic slots as a stack, with
 *                    lab7.demo.irq's two mappings and the interrupt's two
 * Every address and count comes from the log (bootlog.h); what is derived
 * (a slot from an address) is checked against the layout before drawing.
 */
#include "figures.h"
#include "svg.h"

#define PAGE 4096UL

int fig_vmalloc(const char *path, const struct bootlog *l)
{
	unsigned long cells = 2, guard[BOOK_MAX_LINES];
	double x = 20, w;
	FILE *f;
	int i;

	for (i = 0; i < l->nr_vmarea; i++) {
		const struct vm_area_line *a = &l->vmarea[i];

		guard[i] = a->size / PAGE - a->pages;
		if (a->size != a->end - a->start || guard[i] != 1 ||
		    (i && a->start != l->vmarea[i - 1].end)) {
			fprintf(stderr, "mkfigures: vmalloc area 0x%lx-0x%lx (%lu bytes, %lu pages) "
				"is not pages + one guard right after the last\n",
				a->start, a->end, a->size, a->pages);
			return -1;
		}
		cells += a->size / PAGE;
	}
	if (l->vmarea[0].start != l->vmalloc.start) {
		fprintf(stderr, "mkfigures: the first vmalloc area is not at VMALLOC_START\n");
		return -1;
	}
	f = svg_open(path, 760, 270, "The vmalloc window and two areas with their guard pages");
	if (!f)
		return -1;
	svg_text(f, 380, 20, "middle", 14, "lab 5: the vmalloc window (not to scale), then its first "
		 "pages one by one");
	svg_rect(f, x, 40, 130, 40, "#f3e3b5");
	svg_text(f, x + 65, 57, "middle", 11, "direct map");
	svg_text(f, x + 65, 72, "middle", 10, "ends 0x%08lx", l->lowmem.end);
	x += 130;
	svg_rect(f, x, 40, 110, 40, "#ffffff");
	svg_text(f, x + 55, 57, "middle", 11, "hole, %lu MiB", (l->vmalloc.start - l->lowmem.end) >> 20);
	svg_text(f, x + 55, 72, "middle", 10, "maps nothing");
	x += 110;
	svg_rect(f, x, 40, 320, 40, "#c9e6c1");
	svg_text(f, x + 160, 57, "middle", 11, "vmalloc window, %lu MiB",
		 (l->vmalloc.end - l->vmalloc.start) >> 20);
	svg_text(f, x + 160, 72, "middle", 10, "0x%08lx - 0x%08lx", l->vmalloc.start, l->vmalloc.end);
	x += 320;
	svg_rect(f, x, 40, 70, 40, "#ffffff");
	svg_text(f, x + 35, 57, "middle", 11, "%lu pages", (l->pkmap.start - l->vmalloc.end) / PAGE);
	svg_text(f, x + 35, 72, "middle", 10, "guard");
	x += 70;
	svg_rect(f, x, 40, 90, 40, "#e2c9ef");
	svg_text(f, x + 45, 57, "middle", 11, "pkmap ...");
	svg_text(f, x + 45, 72, "middle", 10, "0x%08lx", l->pkmap.start);
	svg_line(f, 270, 80, 20, 130, 1);
	svg_line(f, 590, 80, 740, 130, 1);

	w = 720.0 / (double)cells;
	x = 20;
	for (i = 0; i < l->nr_vmarea; i++) {
		const struct vm_area_line *a = &l->vmarea[i];

		svg_text(f, x, 125, "start", 10, "area %d: vmalloc(%lu KiB)", i + 1, a->pages * 4);
		for (unsigned long p = 0; p < a->pages; p++)
			svg_rect(f, x + w * (double)p, 130, w, 36, i % 2 ? "#b5dba9" : "#c9e6c1");
		x += w * (double)a->pages;
		svg_rect(f, x, 130, w, 36, "#ffffff");
		svg_text(f, x + w / 2, 152, "middle", 10, "G");
		x += w;
	}
	svg_rect(f, x, 130, 720 + 20 - x, 36, "#eeeeee");
	svg_text(f, x + (740 - x) / 2, 152, "middle", 10, "free");
	for (i = 0; i < l->nr_vmarea; i++) {
		const struct vm_area_line *a = &l->vmarea[i];

		svg_text(f, 20, 190 + 16 * i, "start", 11, "area %d: 0x%08lx-0x%08lx, %lu bytes = %lu "
			 "pages + %lu guard page (G): vm_struct.size counts it", i + 1, a->start,
			 a->end, a->size, a->pages, guard[i]);
	}
	svg_text(f, 20, 190 + 16 * i + 6, "start", 11, "A store past an area's last page hits its "
		 "guard page, which no entry maps, and faults.");
	return svg_close(f);
}

int fig_pkmap(const char *path, const struct bootlog *l)
{
	static const char *const mark[] = { "#f0c070", "#e89f9f", "#9fc7e8", "#b5dba9" };
	unsigned long slots = (l->pkmap.end - l->pkmap.start) / PAGE;
	const int cols = 64;
	double cell = 11;
	FILE *f;
	int i;

	if (slots != l->pkmap_slots) {
		fprintf(stderr, "mkfigures: pkmap area holds %lu pages, the demo says %lu slots\n",
			slots, l->pkmap_slots);
		return -1;
	}
	for (i = 0; i < l->nr_kmap; i++)
		if (l->kmap[i].addr != l->pkmap.start + l->kmap[i].slot * PAGE) {
			fprintf(stderr, "mkfigures: slot %lu is not at 0x%lx\n", l->kmap[i].slot,
				l->kmap[i].addr);
			return -1;
		}
	f = svg_open(path, 760, 330, "The pkmap slots");
	if (!f)
		return -1;
	svg_text(f, 380, 20, "middle", 14, "lab 6: %lu pkmap slots at 0x%08lx, one page table "
		 "(pgd entry %lu)", slots, l->pkmap.start, l->pkmap.start >> 22);
	for (unsigned long s = 0; s < slots; s++) {
		const char *fill = "#ffffff";

		for (i = 0; i < l->nr_kmap; i++)
			if (l->kmap[i].slot == s)
				fill = mark[i % 4];
		svg_rect(f, 28 + cell * (double)(s % cols), 40 + cell * (double)(s / cols), cell, cell, fill);
	}
	svg_text(f, 24, 49, "end", 9, "0");
	svg_text(f, 24, 40 + cell * (double)(slots / cols), "end", 9, "%lu", slots - cols);
	for (i = 0; i < l->nr_kmap; i++) {
		double y = 40 + cell * (double)(slots / cols) + 22 + 16 * i;

		svg_rect(f, 28, y - 10, 12, 12, mark[i % 4]);
		svg_text(f, 46, y, "start", 11, "pfn 0x%lx -> slot %lu at 0x%08lx = PKMAP_BASE + %lu x "
			 "4 KiB (%lu slot(s) busy then)", l->kmap[i].pfn, l->kmap[i].slot,
			 l->kmap[i].addr, l->kmap[i].slot, l->kmap[i].busy);
	}
	double y = 40 + cell * (double)(slots / cols) + 30 + 16 * i;

	svg_text(f, 20, y, "start", 11, "The demo mapped %lu distinct high pages, at most %lu at once, "
		 "with %lu TLB flushes: a slot is lent, not owned.", l->kmap_pages, l->kmap_held,
		 l->kmap_flushes);
	svg_text(f, 20, y + 16, "start", 11, "kmap(page) looks the page up in the page_address hash "
		 "(struct page -> slot address) before taking a free slot;");
	svg_text(f, 20, y + 32, "start", 11, "kunmap() drops the slot's count to 1; the scan frees "
		 "count-1 slots, with one flush, when it wraps to slot 0.");
	return svg_close(f);
}

int fig_kmap_atomic(const char *path, const struct bootlog *l)
{
	static const char *const name[4] = { "A", "B", "C", "D" };
	unsigned long top = l->fixmap.end, nslots = (top - l->fixmap.start) / PAGE - 1;
	unsigned long slot[4];
	double row = 15, y0 = 50;
	FILE *f;
	int i;

	for (i = 0; i < 4; i++) {
		slot[i] = (top - l->atomic_addr[i]) / PAGE - 1;
		if (l->atomic_addr[i] >= top || slot[i] != (unsigned long)i) {
			fprintf(stderr, "mkfigures: kmap_atomic mapping %s at 0x%lx is not slot %d\n",
				name[i], l->atomic_addr[i], i);
			return -1;
		}
	}
	f = svg_open(path, 640, (int)(y0 + row * (double)(nslots + 1) + 80),
		     "The kmap_atomic slots as a stack");
	if (!f)
		return -1;
	svg_text(f, 320, 20, "middle", 14, "lab 7: the fixmap's %lu kmap_atomic slots (KM_TYPE_NR), "
		 "one CPU", nslots);
	svg_rect(f, 150, y0, 200, row, "#eeeeee");
	svg_text(f, 250, y0 + 11, "middle", 10, "fixmap index 0 (not a kmap slot)");
	svg_text(f, 144, y0 + 11, "end", 10, "0x%08lx", top);
	for (unsigned long s = 0; s < nslots; s++) {
		double y = y0 + row * (double)(s + 1);
		const char *fill = s < 2 ? "#c9e6c1" : s < 4 ? "#f7c9c9" : "#ffffff";

		svg_rect(f, 150, y, 200, row, fill);
		svg_text(f, 144, y + 11, "end", 10, "0x%08lx", top - (s + 1) * PAGE);
		if (s < 4)
			svg_text(f, 250, y + 11, "middle", 10, "slot %lu: %s%s", s, name[s],
				 s < 2 ? "" : " (interrupt)");
		else if (s == 4 || s == nslots - 1)
			svg_text(f, 250, y + 11, "middle", 10, "slot %lu: free", s);
	}
	svg_text(f, 360, y0 + row * 2 + 4, "start", 11, "process context: A (pfn 0x%lx), B (pfn 0x%lx),",
		 l->atomic_pfn[0], l->atomic_pfn[1]);
	svg_text(f, 360, y0 + row * 3 + 4, "start", 11, "depth %d", l->atomic_depth[0]);
	svg_text(f, 360, y0 + row * 4 + 4, "start", 11, "the timer interrupt maps C, D above them:");
	svg_text(f, 360, y0 + row * 5 + 4, "start", 11, "depth %d; unmapped before it returns", l->atomic_depth[1]);
	svg_text(f, 20, y0 + row * (double)(nslots + 1) + 30, "start", 11, "Slot n is at FIXADDR_TOP "
		 "- (n + 1) x 4 KiB: the stack grows downwards in memory, and only its top may be");
	svg_text(f, 20, y0 + row * (double)(nslots + 1) + 46, "start", 11, "unmapped.  Numbers: "
		 "lab7.demo.irq on this boot.");
	return svg_close(f);
}
