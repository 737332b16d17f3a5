/*
 * tools/book/fig_slab.c - slab.svg: one order-0 slab of the size-64
 * general cache, with on-slab descriptor, as lab 4's solution lays it out.
 *
 * From the boot's slabinfo: the buffer size (objsize, 64 bytes plus two
 * red zones), the objects per slab and the pages per slab.  From the
 * compiler (i386): sizeof(struct slab), sizeof(kmem_bufctl_t), the red
 * zone and the colour unit.  The arithmetic is the solution's
 * slab_mgmt_size() and colour rule (solutions/lab4/slab.c):
 *   mgmt = ALIGN(sizeof(struct slab) + num * sizeof(kmem_bufctl_t), align)
 *   left over = slab bytes - num * objsize - mgmt
 *   colour_off = max(align, SLAB_CACHE_LINE); colours = left / colour_off
 * and mkfigures checks it adds up before drawing.
 */
#include "figures.h"
#include "svg.h"

static unsigned long align_up(unsigned long x, unsigned long a)
{
	return (x + a - 1) / a * a;
}

int fig_slab(const char *path, const struct bootlog *l, const struct slab_sizes *sz)
{
	unsigned long bytes = l->slab_pages * sz->page_size, num = l->slab_num;
	unsigned long obj = l->slab_objsize, align = sz->redzone;	/* red-zoned: 8 */
	unsigned long mgmt = align_up(sz->slab_desc + num * sz->bufctl, align);
	unsigned long used = num * obj + mgmt, left = bytes - used;
	/* The solution's rule: colour_off = max(align, cache line), colours = left / it. */
	unsigned long line = align > sz->cache_line ? align : sz->cache_line;
	unsigned long colours;
	double scale = 720.0 / (double)bytes, x = 20;
	FILE *f;

	if (used > bytes || obj != 64 + 2 * sz->redzone) {
		fprintf(stderr, "mkfigures: size-64 slab does not add up (objsize %lu, %lu objects)\n",
			obj, num);
		return -1;
	}
	colours = left / line;
	f = svg_open(path, 760, 260, "One slab of the size-64 cache");
	if (!f)
		return -1;
	svg_text(f, 20, 20, "start", 13, "A slab of size-64: %lu page (%lu bytes), %lu objects of "
		 "%lu bytes, colour 0", l->slab_pages, bytes, num, obj);
	svg_rect(f, x, 40, scale * (double)sz->slab_desc, 40, "#9fc7e8");
	x += scale * (double)sz->slab_desc;
	svg_rect(f, x, 40, scale * (double)(mgmt - sz->slab_desc), 40, "#cfe2f3");
	x += scale * (double)(mgmt - sz->slab_desc);
	for (unsigned long i = 0; i < num; i++) {
		svg_rect(f, x, 40, scale * (double)obj, 40, i % 2 ? "#c9e6c1" : "#b5dba9");
		x += scale * (double)obj;
	}
	svg_rect(f, x, 40, scale * (double)left, 40, "#eeeeee");
	svg_text(f, 20, 94, "start", 10, "^ struct slab + bufctl[]");
	svg_text(f, 400, 94, "middle", 10, "objects 0 .. %lu, back to back", num - 1);
	svg_text(f, 740, 94, "end", 10, "left over ^");
	svg_text(f, 20, 112, "start", 11, "struct slab: %lu bytes, then bufctl[%lu] of %lu bytes: "
		 "%lu bytes of management, aligned to %lu", sz->slab_desc, num, sz->bufctl, mgmt, align);
	svg_text(f, 20, 128, "start", 11, "objects: %lu x %lu = %lu bytes from s_mem = "
		 "page + %lu", num, obj, num * obj, mgmt);
	if (colours > 1)
		svg_text(f, 20, 144, "start", 11, "left over: %lu bytes, so %lu colours of %lu bytes: "
			 "successive slabs start their objects at +0, +%lu, ... +%lu", left, colours,
			 line, line, (colours - 1) * line);
	else
		svg_text(f, 20, 144, "start", 11, "left over: %lu bytes, %lu colour of %lu bytes: every "
			 "slab starts its objects at +0 (colouring needs two)", left, colours, line);
	/* One buffer, to scale of its own. */
	svg_text(f, 20, 165, "start", 12, "One %lu-byte buffer, what kmalloc(64) returns points "
		 "past the first red zone:", obj);
	x = 20;
	svg_rect(f, x, 175, 80, 36, "#f7c9c9");
	svg_text(f, x + 40, 197, "middle", 10, "red zone %lu", sz->redzone);
	svg_rect(f, x + 80, 175, 480, 36, "#c9e6c1");
	svg_text(f, x + 320, 197, "middle", 11, "object: 64 bytes, the caller's");
	svg_rect(f, x + 560, 175, 80, 36, "#f7c9c9");
	svg_text(f, x + 600, 197, "middle", 10, "red zone %lu", sz->redzone);
	svg_text(f, 20, 240, "start", 10, "Numbers: this boot's slabinfo and the i386 sizes of the "
		 "kernel's structures (tools/book/i386_sizes.c).");
	return svg_close(f);
}
