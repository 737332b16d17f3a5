/*
 * tools/book/fig_vma.c - vmas.svg: a process's VMAs against its page
 * tables, as lab8.demo.fault_trace left them on the figures' boot.
 *
 * Each VMA is drawn as its pages (one cell each, gaps between VMAs not to
 * scale); a page the trace touched shows what its page-table entry held
 * after the last access: the shared zero page (read-only), a frame of its
 * own (writable), or nothing.  Pages the trace did not touch (the
 * program's text and data, which exec loaded) are grey: the figure says
 * only what the log says.  The refused accesses are listed below.
 */
#include "figures.h"
#include "svg.h"

#define PAGE 4096UL

/* The entry after the trace's last access to the page at @p addr, or -1. */
static long last_pte(const struct bootlog *l, unsigned long addr)
{
	long pte = -1;

	for (int i = 0; i < l->nr_fault; i++)
		if ((l->fault[i].addr & ~(PAGE - 1)) == addr && l->fault[i].fault)
			pte = (long)l->fault[i].pte_after;
	return pte;
}

int fig_vmas(const char *path, const struct bootlog *l)
{
	unsigned long cells = 0, zero_frame = ~0UL;
	double x = 20, w, gap = 24;
	FILE *f;
	int i, n = 0;

	/* The zero page: what a read of a new page mapped (present, not RW). */
	for (i = 0; i < l->nr_fault; i++)
		if (l->fault[i].fault && !l->fault[i].refused && !l->fault[i].write &&
		    (l->fault[i].pte_after & 3) == 1) {
			zero_frame = l->fault[i].pte_after >> 12;
			break;
		}
	for (i = 0; i < l->nr_vma; i++)
		cells += (l->vma[i].end - l->vma[i].start) / PAGE;
	if (zero_frame == ~0UL || cells > 40) {
		fprintf(stderr, "mkfigures: the fault trace has no zero-page read, or too many pages\n");
		return -1;
	}
	w = (720.0 - gap * (double)(l->nr_vma - 1)) / (double)cells;
	f = svg_open(path, 760, 300, "A process's VMAs against its page tables");
	if (!f)
		return -1;
	svg_text(f, 380, 20, "middle", 14, "lab 8: the VMAs of one address space (gaps not to scale) "
		 "and each page's entry");
	for (i = 0; i < l->nr_vma; i++) {
		const struct vma_line *v = &l->vma[i];
		double x0 = x;

		svg_text(f, x, 48, "start", 10, "%08lx %s%s", v->start, v->perm, v->stack ? " stack" : "");
		for (unsigned long a = v->start; a < v->end; a += PAGE) {
			long pte = last_pte(l, a);
			const char *fill = "#dddddd", *what = "";

			if (pte == 0) {
				fill = "#ffffff";
				what = "none";
			} else if (pte > 0 && ((unsigned long)pte >> 12) == zero_frame) {
				fill = "#f3e3b5";
				what = "zero";
			} else if (pte > 0) {
				fill = "#c9e6c1";
				what = "own";
			}
			svg_rect(f, x, 56, w, 40, fill);
			svg_text(f, x + w / 2, 80, "middle", 9, "%s", what);
			x += w;
		}
		svg_line(f, x0, 104, x, 104, 0);
		n++;
		x += gap;
	}
	svg_rect(f, 20, 120, 14, 12, "#c9e6c1");
	svg_text(f, 40, 130, "start", 11, "own: a frame of its own, writable (a demand fault, or copy on write)");
	svg_rect(f, 20, 138, 14, 12, "#f3e3b5");
	svg_text(f, 40, 148, "start", 11, "zero: the shared zero page (frame 0x%lx), read-only, after a read",
		 zero_frame);
	svg_rect(f, 20, 156, 14, 12, "#ffffff");
	svg_text(f, 40, 166, "start", 11, "none: no entry, though the VMA allows one (the next touch faults)");
	svg_rect(f, 20, 174, 14, 12, "#dddddd");
	svg_text(f, 40, 184, "start", 11, "not touched by the trace (the ELF's text and data, loaded by exec)");
	int y = 208;

	for (i = 0; i < l->nr_fault; i++)
		if (l->fault[i].refused) {
			svg_text(f, 20, y, "start", 11, "refused: %s at %08lx (error %lx): %s",
				 l->fault[i].write ? "write" : "read", l->fault[i].addr, l->fault[i].error,
				 l->fault[i].write ? "the VMA has no VM_WRITE" : "no VMA covers it");
			y += 16;
		}
	svg_text(f, 20, y + 8, "start", 11, "The VMAs are what the process may touch; the entries are "
		 "what it has touched.  Numbers: lab8.demo.fault_trace.");
	return n ? svg_close(f) : -1;
}
