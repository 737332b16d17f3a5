/**
 * @file
 * The memblock reference model (see memblock_model.h for the picture).
 *
 * The rules the model predicts from, as linux/memblock.h documents them:
 *  - add/reserve merge with every region they overlap or touch; a range
 *    that touches nothing needs a new slot, and a full table (128 slots)
 *    refuses it with -ENOSPC, changing nothing;
 *  - free must name pages that are all reserved (-EINVAL otherwise);
 *  - allocation is first fit, bottom-up, at the first address aligned to
 *    @p align, never above current_limit; it never returns 0 (that means
 *    failure), so the search starts at PAGE_SIZE as in Linux; the size is
 *    rounded up to the alignment; memblock_phys_alloc tries
 *    [MEMBLOCK_GOAL, limit) and then [0, MEMBLOCK_GOAL).
 */
#include <stdio.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include "memblock_model.h"

/* The bits of word @w of @which, inverted when looking for clear bits. */
static u64 bits_of(const struct mb_model *m, enum mb_map which, u32 w, bool set)
{
	u64 bits;

	switch (which) {
	case MB_MEM:
		bits = m->mem.map[w];
		break;
	case MB_RES:
		bits = m->res.map[w];
		break;
	default:
		bits = m->mem.map[w] & ~m->res.map[w];
	}
	return set ? bits : ~bits;
}

/* Summary bit set for every word that may hold a bit we look for (a superset). */
static u64 candidates(const struct mb_model *m, enum mb_map which, u32 s, bool set)
{
	switch (which) {
	case MB_MEM:
		return set ? m->mem.any[s] : m->mem.notfull[s];
	case MB_RES:
		return set ? m->res.any[s] : m->res.notfull[s];
	default:	/* free = mem & ~res: needs RAM; not free needs a hole or a reservation */
		return set ? m->mem.any[s] : m->mem.notfull[s] | m->res.any[s];
	}
}

/* The next word at or after @w whose summary bit is set; MODEL_WORDS if none. */
static u32 next_candidate(const struct mb_model *m, enum mb_map which, u32 w, bool set)
{
	u32 s = w / 64;
	u64 c;

	if (w >= MODEL_WORDS)
		return MODEL_WORDS;
	c = candidates(m, which, s, set) & (~0ULL << (w % 64));
	while (!c) {
		if (++s == MODEL_SUMS)
			return MODEL_WORDS;
		c = candidates(m, which, s, set);
	}
	return s * 64 + (u32)__builtin_ctzll(c);
}

/* The first page at or after @from whose bit is @set; MODEL_PAGES if none. */
static u32 find_next(const struct mb_model *m, enum mb_map which, u32 from, bool set)
{
	u32 w = from / 64;
	u64 bits;

	if (from >= MODEL_PAGES)
		return MODEL_PAGES;
	bits = bits_of(m, which, w, set) & (~0ULL << (from % 64));
	while (!bits) {
		w = next_candidate(m, which, w + 1, set);
		if (w == MODEL_WORDS)
			return MODEL_PAGES;
		bits = bits_of(m, which, w, set);
	}
	return w * 64 + (u32)__builtin_ctzll(bits);
}

/* Bring the summaries of word @w up to date. */
static void sync_word(struct mb_bitmap *b, u32 w)
{
	u64 bit = 1ULL << (w % 64);

	b->any[w / 64] = b->map[w] ? b->any[w / 64] | bit : b->any[w / 64] & ~bit;
	b->notfull[w / 64] = ~b->map[w] ? b->notfull[w / 64] | bit
					: b->notfull[w / 64] & ~bit;
}

void model_set(struct mb_model *m, enum mb_map which, u64 base, u64 size, bool on)
{
	struct mb_bitmap *b = which == MB_MEM ? &m->mem : &m->res;
	u64 pg, first = base / PAGE_SIZE, last = (base + size) / PAGE_SIZE;

	for (pg = first; pg < last; pg++) {
		if (on)
			b->map[pg / 64] |= 1ULL << (pg % 64);
		else
			b->map[pg / 64] &= ~(1ULL << (pg % 64));
	}
	for (pg = first / 64; pg <= (last - 1) / 64 && last > first; pg++)
		sync_word(b, (u32)pg);
}

bool model_all(const struct mb_model *m, enum mb_map which, u64 base, u64 size)
{
	u32 first = (u32)(base / PAGE_SIZE);

	return find_next(m, which, first, false) >= (base + size) / PAGE_SIZE;
}

bool model_any(const struct mb_model *m, enum mb_map which, u64 base, u64 size)
{
	u32 first = (u32)(base / PAGE_SIZE);

	return size && find_next(m, which, first, true) < (base + size) / PAGE_SIZE;
}

bool model_next_run(const struct mb_model *m, enum mb_map which, u64 from,
		    u64 *start, u64 *end)
{
	u32 pg = (u32)min(from / PAGE_SIZE, (u64)MODEL_PAGES);
	u32 s = find_next(m, which, pg, true);

	if (s == MODEL_PAGES)
		return false;
	*start = max((u64)s * PAGE_SIZE, from);
	*end = (u64)find_next(m, which, s, false) * PAGE_SIZE;
	return true;
}

unsigned int model_runs(const struct mb_model *m, enum mb_map which)
{
	unsigned int n = 0;
	u64 s, e = 0;

	while (model_next_run(m, which, e, &s, &e))
		n++;
	return n;
}

void model_boot(struct mb_model *m, const struct sim_e820_row *rows, int n)
{
	int i;

	memset(m, 0, sizeof(*m));
	memset(m->mem.notfull, 0xff, sizeof(m->mem.notfull));	/* all words empty */
	memset(m->res.notfull, 0xff, sizeof(m->res.notfull));
	for (i = 0; i < n; i++) {
		u64 s = ALIGN(rows[i].start, (u64)PAGE_SIZE);
		u64 e = ALIGN_DOWN(min(rows[i].end, 1ULL << 32), (u64)PAGE_SIZE);

		if (rows[i].type == E820_RAM && s < e)
			model_set(m, MB_MEM, s, e - s, true);
	}
	model_set(m, MB_RES, 0, SIM_KERNEL_END, true);	/* BIOS + kernel image */
	m->limit = MAXMEM;
}

/* Would [base, base + size) merge with a region of @which (overlap or touch)? */
static bool touches(const struct mb_model *m, enum mb_map which, u64 base, u64 size)
{
	u64 lo = base ? base - PAGE_SIZE : 0;
	u64 hi = min(base + size + PAGE_SIZE, (u64)MODEL_PAGES * PAGE_SIZE);

	return model_any(m, which, lo, hi - lo);
}

int model_add(struct mb_model *m, enum mb_map which, u64 base, u64 size)
{
	if (!size)
		return 0;
	if (!touches(m, which, base, size) &&
	    model_runs(m, which) == INIT_MEMBLOCK_REGIONS)
		return -ENOSPC;
	model_set(m, which, base, size, true);
	return 0;
}

int model_free(struct mb_model *m, u64 base, u64 size)
{
	if (!model_all(m, MB_RES, base, size))
		return -EINVAL;
	model_set(m, MB_RES, base, size, false);
	return 0;
}

/* The lowest fitting address in [start, end), or 0; reserves nothing. */
static u64 first_fit(const struct mb_model *m, u64 size, u64 align, u64 start,
		     u64 end)
{
	u64 from = max(start, (u64)PAGE_SIZE), s, e;

	end = min(end, m->limit);
	while (model_next_run(m, MB_FREE, from, &s, &e) && s < end) {
		u64 base = ALIGN(s, align);

		if (base + size <= min(e, end))
			return base;
		from = e;
	}
	return 0;
}

u64 model_predict_range(const struct mb_model *m, u64 size, u64 align, u64 start,
			u64 end)
{
	u64 base;

	size = ALIGN(size, align);
	base = size ? first_fit(m, size, align, start, end) : 0;
	/* A fit memblock cannot record (full table) is no fit. */
	if (base && !touches(m, MB_RES, base, size) &&
	    model_runs(m, MB_RES) == INIT_MEMBLOCK_REGIONS)
		return 0;
	return base;
}

u64 model_alloc_range(struct mb_model *m, u64 size, u64 align, u64 start, u64 end)
{
	u64 base = model_predict_range(m, size, align, start, end);

	if (base)
		model_set(m, MB_RES, base, ALIGN(size, align), true);
	return base;
}

u64 model_alloc(struct mb_model *m, u64 size, u64 align)
{
	u64 base = model_alloc_range(m, size, align, MEMBLOCK_GOAL, m->limit);

	return base ? base : model_alloc_range(m, size, align, 0, MEMBLOCK_GOAL);
}

/* ---- comparing with memblock --------------------------------------------- */

/* Count a difference; describe it in @why if it is the first one. */
#define DIFF(...) do {							\
	if (!diffs++ && !*why)						\
		snprintf(why, len, __VA_ARGS__);			\
} while (0)

/* The table's own invariants: sorted, non-empty, at least a byte apart. */
static int check_table(const struct memblock_type *type, const char *name,
		       char *why, size_t len)
{
	int diffs = 0;
	unsigned int i;

	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i], *p = r - 1;

		if (!r->size || (i && p->base + (u64)p->size >= r->base))
			DIFF("%s[%u] = [%#x, +%#x): table not sorted and merged",
			     name, i, r->base, r->size);
	}
	return diffs;
}

static int compare_table(const struct mb_model *m, enum mb_map which,
			 const char *name, char *why, size_t len)
{
	const struct memblock_type *type = which == MB_MEM ? &memblock.memory
							   : &memblock.reserved;
	int diffs = check_table(type, name, why, len);
	unsigned int i;
	u64 s, e = 0;

	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (!model_next_run(m, which, e, &s, &e))
			DIFF("%s[%u] = [%#x, +%#x) is not in the model", name, i,
			     r->base, r->size);
		else if (r->base != s || r->base + (u64)r->size != e)
			DIFF("%s[%u] = [%#x, %#llx), the model says [%#llx, %#llx)",
			     name, i, r->base, r->base + (unsigned long long)r->size,
			     (unsigned long long)s, (unsigned long long)e);
	}
	if (model_next_run(m, which, e, &s, &e))
		DIFF("%s: the model has [%#llx, %#llx) after the last of %u regions",
		     name, (unsigned long long)s, (unsigned long long)e, type->cnt);
	return diffs;
}

/* memblock_next_free_range() must walk exactly the model's free runs. */
static int compare_free(const struct mb_model *m, char *why, size_t len)
{
	phys_addr_t s, e, from = 0;
	u64 ms, me = 0;
	int diffs = 0, steps = 0;

	while (memblock_next_free_range(from, &s, &e)) {
		if (!model_next_run(m, MB_FREE, me, &ms, &me) || s != ms || e != me)
			DIFF("next_free_range(%#x) = [%#x, %#x), the model says [%#llx, %#llx)",
			     from, s, e, (unsigned long long)ms, (unsigned long long)me);
		if (e <= from || ++steps > 2 * INIT_MEMBLOCK_REGIONS + 2) {
			DIFF("next_free_range(%#x) does not advance", from);
			break;
		}
		from = e;
	}
	if (!diffs && model_next_run(m, MB_FREE, me, &ms, &me))
		DIFF("next_free_range stops at %#x; the model has [%#llx, %#llx) free",
		     from, (unsigned long long)ms, (unsigned long long)me);
	return diffs;
}

int model_compare(const struct mb_model *m, char *why, size_t len)
{
	int diffs;

	*why = '\0';
	diffs = compare_table(m, MB_MEM, "memory", why, len);
	diffs += compare_table(m, MB_RES, "reserved", why, len);
	if (!diffs)		/* walking broken tables would prove nothing */
		diffs += compare_free(m, why, len);
	if (memblock.current_limit != m->limit)
		DIFF("current_limit %#x, the model says %#llx", memblock.current_limit,
		     (unsigned long long)m->limit);
	return diffs;
}
