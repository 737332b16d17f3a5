/**
 * @file
 * show_vmallocinfo(): the vmalloc areas, printed as Linux's
 * /proc/vmallocinfo prints them.
 *
 * One line per area of vmlist, in address order: the range the area
 * holds, its size in bytes (the guard page included, so an area of 4
 * pages shows 20480), who asked for it, how many pages it owns, and what
 * kind of area it is:
 *
 * @verbatim
 *   0xf8800000-0xf8805000   20480 vmalloc_demo+0x2c/0x90 pages=4 vmalloc
 *   0xf8805000-0xf8807000    8192 vmap_test+0x41/0x120 vmap
 *   |          |           |      |                      |       |
 *   addr       addr + size size   caller (symbol+off/len) owned   VM_ALLOC / VM_MAP
 * @endverbatim
 *
 * (Linux added the file in 2.6.24; 2.6.20's areas carry the same facts.)
 * The kit has no /proc: mm_init() calls this when the command line says
 * `show.vmallocinfo`, and tests and debugging sessions may call it at any
 * time.  It only reads vmlist, so it is safe with lab 5 still a skeleton
 * (the list is then empty and nothing is printed).  The host build has no
 * symbol table: it prints the caller as a bare address.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#ifndef __HOST_SIM__
#include <kit/kallsyms.h>
#endif

/* "name+0xoff/0xsize" for a return address, or the bare address. */
static int format_caller(char *buf, size_t n, const void *caller)
{
#ifndef __HOST_SIM__
	unsigned long size, offset;
	const char *name = kallsyms_lookup((unsigned long)caller, &size, &offset);

	if (name)
		return snprintf(buf, n, " %s+0x%lx/0x%lx", name, offset, size);
#endif
	return caller ? snprintf(buf, n, " 0x%lx", (unsigned long)caller) : 0;
}

/* One area as one line, into @buf. */
static void format_area(char *buf, size_t n, const struct vm_struct *v)
{
	int len;

	len = snprintf(buf, n, "0x%08lx-0x%08lx %7lu", (unsigned long)v->addr,
		       (unsigned long)v->addr + v->size, v->size);
	len += format_caller(buf + len, n - len, v->caller);
	if (len > (int)n - 40)		/* a very long symbol: keep the flags */
		len = (int)n - 40;
	if (v->nr_pages)
		len += snprintf(buf + len, n - len, " pages=%u", v->nr_pages);
	if (v->phys_addr)
		len += snprintf(buf + len, n - len, " phys=%lx", v->phys_addr);
	if (v->flags & VM_IOREMAP)
		len += snprintf(buf + len, n - len, " ioremap");
	if (v->flags & VM_ALLOC)
		len += snprintf(buf + len, n - len, " vmalloc");
	if (v->flags & VM_MAP)
		len += snprintf(buf + len, n - len, " vmap");
	snprintf(buf + len, n - len, "\n");
}

void show_vmallocinfo(void)
{
	const struct vm_struct *v;
	char line[200];

	for (v = vmlist; v; v = v->next) {
		format_area(line, sizeof(line), v);
		printk("%s", line);
	}
}
