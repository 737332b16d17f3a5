/**
 * @file
 * memblock: the early boot allocator (see linux/memblock.h for the picture).
 *
 * Each table is kept sorted by base with no two regions touching: adding a
 * range merges it with every neighbour it overlaps or abuts, so a table of
 * 128 slots describes any sane machine.  The invariant is checked after
 * every change (memblock_check), so a bug here oopses at once instead of
 * handing out the same page twice much later.
 *
 * This file is portable: the host tests run it against simulated E820 maps.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <asm/page.h>

struct memblock memblock;

void memblock_reset(void)
{
	memset(&memblock, 0, sizeof(memblock));
	memblock.current_limit = (phys_addr_t)MAXMEM;
}

/* 64-bit end, so a range that ends exactly at 4 GiB does not wrap to 0. */
static u64 region_end(const struct memblock_region *r)
{
	return (u64)r->base + r->size;
}

/* Sorted, non-empty, and separated by at least one byte. */
static void memblock_check(const struct memblock_type *type)
{
	unsigned int i;

	for (i = 0; i < type->cnt; i++) {
		BUG_ON(type->regions[i].size == 0);
		if (i)
			BUG_ON(region_end(&type->regions[i - 1]) >= type->regions[i].base);
	}
}

static void remove_slot(struct memblock_type *type, unsigned int i)
{
	memmove(&type->regions[i], &type->regions[i + 1],
		(type->cnt - i - 1) * sizeof(type->regions[0]));
	type->cnt--;
}

static int insert_slot(struct memblock_type *type, unsigned int i,
		       phys_addr_t base, phys_addr_t size)
{
	if (type->cnt == INIT_MEMBLOCK_REGIONS)
		return -ENOSPC;
	memmove(&type->regions[i + 1], &type->regions[i],
		(type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i] = (struct memblock_region){ base, size };
	type->cnt++;
	return 0;
}

/* Add [base, base + size), merging with every region it overlaps or touches. */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	u64 start = base, end = (u64)base + size;
	unsigned int i = 0;
	int ret;

	if (!size)
		return 0;
	while (i < type->cnt && region_end(&type->regions[i]) < start)
		i++;
	/* Swallow every region that overlaps or abuts [start, end). */
	while (i < type->cnt && type->regions[i].base <= end) {
		start = min(start, (u64)type->regions[i].base);
		end = max(end, region_end(&type->regions[i]));
		remove_slot(type, i);
	}
	ret = insert_slot(type, i, (phys_addr_t)start, (phys_addr_t)(end - start));
	memblock_check(type);
	return ret;
}

/* Cut [base, base + size) out of the table, splitting a region if needed. */
static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	u64 start = base, end = (u64)base + size;
	unsigned int i;
	int ret;

	if (!size)
		return 0;
	for (i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];
		u64 rs = r->base, re = region_end(r);

		if (re <= start || rs >= end)
			continue;
		if (rs < start && re > end) {		/* hole in the middle */
			/* Take the new slot first: if the table is full, change nothing. */
			ret = insert_slot(type, i + 1, (phys_addr_t)end,
					  (phys_addr_t)(re - end));
			if (ret)
				return ret;
			r->size = (phys_addr_t)(start - rs);
			break;
		}
		if (rs < start) {			/* trim the tail */
			r->size = (phys_addr_t)(start - rs);
		} else if (re > end) {			/* trim the head */
			r->base = (phys_addr_t)end;
			r->size = (phys_addr_t)(re - end);
		} else {				/* covered: drop it */
			remove_slot(type, i--);
		}
	}
	memblock_check(type);
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

/* True if [base, base + size) lies inside one region of @type. */
static bool covered(const struct memblock_type *type, phys_addr_t base,
		    phys_addr_t size)
{
	unsigned int i;

	for (i = 0; i < type->cnt; i++)
		if (type->regions[i].base <= base &&
		    (u64)base + size <= region_end(&type->regions[i]))
			return true;
	return false;
}

int memblock_free(phys_addr_t base, phys_addr_t size)
{
	if (WARN(!covered(&memblock.reserved, base, size),
		 "memblock_free: [%#x-%#x] was not reserved\n", base, base + size - 1))
		return -EINVAL;
	return memblock_remove_range(&memblock.reserved, base, size);
}

bool memblock_is_memory(phys_addr_t base, phys_addr_t size)
{
	return covered(&memblock.memory, base, size);
}

bool memblock_is_reserved(phys_addr_t base, phys_addr_t size)
{
	unsigned int i;

	for (i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		if (r->base < (u64)base + size && region_end(r) > base)
			return true;
	}
	return false;
}

bool memblock_next_free_range(phys_addr_t from, phys_addr_t *start,
			      phys_addr_t *end)
{
	const struct memblock_type *res = &memblock.reserved;
	unsigned int i, j;

	for (i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *m = &memblock.memory.regions[i];
		u64 s = max((u64)m->base, (u64)from), e = region_end(m);

		/* Step over reserved regions that cover s, until a gap shows. */
		for (j = 0; j < res->cnt && s < e; j++) {
			const struct memblock_region *r = &res->regions[j];

			if (region_end(r) <= s)
				continue;
			if (r->base > s) {
				e = min(e, (u64)r->base);
				break;
			}
			s = region_end(r);
		}
		if (s < e) {
			*start = (phys_addr_t)s;
			*end = (phys_addr_t)e;
			return true;
		}
	}
	return false;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	/* Never hand out page 0: 0 is the failure value (as in Linux). */
	phys_addr_t s, e, cursor = max(start, (phys_addr_t)PAGE_SIZE);

	BUG_ON(!align);
	BUG_ON(align & (align - 1));	/* not a power of two */
	size = ALIGN(size, align);
	end = min(end, memblock.current_limit);
	while (size && memblock_next_free_range(cursor, &s, &e) && s < end) {
		u64 base = ALIGN((u64)s, align);

		if (base + size <= min(e, end)) {
			if (memblock_reserve((phys_addr_t)base, size))
				return 0;
			return (phys_addr_t)base;
		}
		cursor = e;
	}
	return 0;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t pa = memblock_phys_alloc_range(size, align, MEMBLOCK_GOAL,
						   memblock.current_limit);

	if (!pa)
		pa = memblock_phys_alloc_range(size, align, 0, MEMBLOCK_GOAL);
	return pa;
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t pa = memblock_phys_alloc(size, align);
	void *p;

	if (!pa)
		return NULL;
	p = __va(pa);
	memset(p, 0, size);
	return p;
}

phys_addr_t memblock_total(const struct memblock_type *type)
{
	phys_addr_t sum = 0;
	unsigned int i;

	for (i = 0; i < type->cnt; i++)
		sum += type->regions[i].size;
	return sum;
}

static void memblock_dump_type(const char *name, const struct memblock_type *type)
{
	unsigned int i;

	printk(" %s.cnt = %u\n", name, type->cnt);
	for (i = 0; i < type->cnt; i++)
		printk(" %s[%u]\t[%#010x-%#010x], %#x bytes\n", name, i,
		       type->regions[i].base,
		       (u32)(region_end(&type->regions[i]) - 1),
		       type->regions[i].size);
}

void memblock_dump(void)
{
	printk("MEMBLOCK configuration:\n");
	printk(" memory size = %#x reserved size = %#x\n",
	       memblock_total(&memblock.memory), memblock_total(&memblock.reserved));
	memblock_dump_type("memory", &memblock.memory);
	memblock_dump_type("reserved", &memblock.reserved);
}
