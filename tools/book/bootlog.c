/*
 * tools/book/bootlog.c - read the numbers of bootlog.h from a serial log.
 *
 * One sscanf() pattern per kind of line, in the kernel's own formats
 * (kernel/mm/, solutions/lab3 demo); a missing line is an error that
 * names it, so a changed format breaks `make book` loudly, not a figure
 * silently.
 */
#include "bootlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_area(const char *line, const char *name, struct area *a)
{
	char fmt[64];

	snprintf(fmt, sizeof(fmt), " %s : 0x%%lx - 0x%%lx", name);
	if (sscanf(line, fmt, &a->start, &a->end) == 2)
		a->found = true;
}

static void read_zone(const char *line, struct bootlog *log)
{
	static const char *const names[3] = { "DMA", "Normal", "HighMem" };
	unsigned long s, e;
	char name[16];

	if (sscanf(line, " %15s %lu -> %lu", name, &s, &e) != 3)
		return;
	for (int i = 0; i < 3; i++)
		if (!strcmp(name, names[i])) {
			log->zone_start[i] = s;
			log->zone_end[i] = e;
			log->zones_found |= i == 2;
		}
}

/* "Node 0, zone  HighMem  n0 n1 ... n10" after one of the demo's headings. */
static void read_buddy(const char *line, struct bootlog *log)
{
	int *c;

	if (log->buddy_steps < 1 || log->buddy_steps > 4 || !strstr(line, "zone  HighMem"))
		return;
	c = log->highmem_free[log->buddy_steps - 1];
	sscanf(strstr(line, "HighMem") + 7, "%d %d %d %d %d %d %d %d %d %d %d",
	       &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &c[9], &c[10]);
}

/* The lines of the demos of labs 5 to 8 (tests/lab5..8/, book/lab5..8.md). */
static void read_demos(const char *line, struct bootlog *log)
{
	struct vm_area_line va;
	struct kmap_line km;
	struct vma_line v;
	struct fault_line fl;
	char kind[8], flag[16];
	const char *p;

	if (sscanf(line, "0x%lx-0x%lx %lu %*s pages=%lu vmalloc", &va.start, &va.end,
		   &va.size, &va.pages) == 4 && log->nr_vmarea < BOOK_MAX_LINES)
		log->vmarea[log->nr_vmarea++] = va;
	sscanf(line, "# HighMem: pfn %*x-%*x, %*u pages (%*u MiB); pkmap: %lu slots",
	       &log->pkmap_slots);
	if (sscanf(line, "#   pfn 0x%lx -> slot %lu at 0x%lx, %lu slots busy", &km.pfn,
		   &km.slot, &km.addr, &km.busy) == 4 && log->nr_kmap < BOOK_MAX_LINES)
		log->kmap[log->nr_kmap++] = km;
	sscanf(line, "# %lu distinct pages mapped, at most %lu at once, %lu TLB flushes",
	       &log->kmap_pages, &log->kmap_held, &log->kmap_flushes);
	if (sscanf(line, "# lab7: A (pfn 0x%lx) -> 0x%lx, B (pfn 0x%lx) -> 0x%lx, depth %d",
		   &log->atomic_pfn[0], &log->atomic_addr[0], &log->atomic_pfn[1],
		   &log->atomic_addr[1], &log->atomic_depth[0]) == 5)
		log->atomic_found[0] = true;
	if (sscanf(line, "# lab7:   C -> 0x%lx, D -> 0x%lx, depth %d", &log->atomic_addr[2],
		   &log->atomic_addr[3], &log->atomic_depth[1]) == 3)
		log->atomic_found[1] = true;

	if (!strcmp(line, "VMAs:\n"))
		log->vma_phase = 1;
	else if (!strcmp(line, "faults:\n"))
		log->vma_phase = 2;
	else if (!strcmp(line, "VMAs after:\n"))
		log->vma_phase = 3;
	else if (log->vma_phase == 3 && log->nr_vma < BOOK_MAX_LINES &&
		 sscanf(line, " %lx-%lx %3s %15s", &v.start, &v.end, v.perm, flag) >= 3) {
		v.stack = strstr(line, "[stack]") != NULL;
		log->vma[log->nr_vma++] = v;
	} else if (log->vma_phase == 2 && log->nr_fault < BOOK_MAX_LINES &&
		   sscanf(line, " %7s %lx", kind, &fl.addr) == 2) {
		fl.write = !strcmp(kind, "write");
		fl.fault = (p = strstr(line, "-> pte ")) != NULL;
		fl.pte_after = fl.fault ? strtoul(p + 7, NULL, 16) : 0;
		fl.error = (p = strstr(line, "error ")) ? strtoul(p + 6, NULL, 16) : 0;
		fl.refused = strstr(line, "refused") != NULL;
		log->fault[log->nr_fault++] = fl;
	}
}

static void read_line(const char *line, struct bootlog *log)
{
	unsigned long pfn, n, size, pages;
	int order;
	char name[32];

	read_area(line, "fixmap", &log->fixmap);
	read_area(line, "pkmap", &log->pkmap);
	read_area(line, "vmalloc", &log->vmalloc);
	read_area(line, "lowmem", &log->lowmem);
	read_area(line, ".data", &log->data);
	read_area(line, ".text", &log->text);
	read_zone(line, log);
	read_buddy(line, log);
	read_demos(line, log);
	sscanf(line, "mem_map: %*uk at 0x%lx-0x%lx", &log->mem_map_start, &log->mem_map_end);
	sscanf(line, "page tables: %lu (%*uK) at phys 0x%lx..0x%lx",
	       &log->pt_count, &log->pt_start, &log->pt_end);
	if (!strcmp(line, "buddyinfo at boot:\n") || !strcmp(line, "after freeing both:\n"))
		log->buddy_steps++;
	if (sscanf(line, "after alloc_pages(GFP_HIGHUSER, %d) = pfn 0x%lx", &order, &pfn) == 2 &&
	    log->buddy_steps >= 1 && log->buddy_steps <= 2) {
		log->alloc_order[log->buddy_steps - 1] = order;
		log->alloc_pfn[log->buddy_steps - 1] = pfn;
		log->buddy_steps++;
	}
	if (sscanf(line, "%31s %*u %*u %lu %lu %lu", name, &size, &n, &pages) == 4 &&
	    !strcmp(name, "size-64")) {
		log->slab_objsize = size;
		log->slab_num = n;
		log->slab_pages = pages;
		log->slab_found = true;
	}
}

static int missing(const char *path, const char *what)
{
	fprintf(stderr, "mkfigures: %s has no %s\n", path, what);
	return -1;
}

int bootlog_read(const char *path, struct bootlog *log)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	memset(log, 0, sizeof(*log));
	while (fgets(line, sizeof(line), f))
		read_line(line, log);
	fclose(f);
	if (!log->fixmap.found || !log->pkmap.found || !log->vmalloc.found ||
	    !log->lowmem.found || !log->text.found || !log->data.found)
		return missing(path, "complete \"virtual kernel memory layout:\"");
	if (!log->zones_found)
		return missing(path, "\"Zone PFN ranges:\"");
	if (!log->mem_map_end)
		return missing(path, "\"mem_map:\" line");
	if (!log->pt_count)
		return missing(path, "\"page tables:\" line (show.pagetables)");
	if (log->buddy_steps != 4)
		return missing(path, "lab3.demo.buddyinfo output");
	if (!log->slab_found)
		return missing(path, "size-64 row of slabinfo (show.slabinfo)");
	if (log->nr_vmarea < 2)
		return missing(path, "vmallocinfo lines of lab5.demo.pfns");
	if (!log->pkmap_slots || log->nr_kmap < 2 || !log->kmap_pages)
		return missing(path, "lab6.demo.zone_through_slots output");
	if (!log->atomic_found[0] || !log->atomic_found[1])
		return missing(path, "lab7.demo.irq output");
	if (!log->nr_vma || !log->nr_fault)
		return missing(path, "lab8.demo.fault_trace output");
	return 0;
}
