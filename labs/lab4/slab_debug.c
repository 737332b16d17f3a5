/**
 * @file
 * Lab 4's debugging machinery (given): red zones, poisoning, and the checks
 * on every allocation and free, reported in Linux's words.
 *
 * A debugging cache's buffer, and what each part holds in each state:
 *
 * @verbatim
 *            | red zone 1 | object                          | red zone 2 |
 *   free     | RED_INACTIVE | 6b 6b 6b ... 6b 6b a5         | RED_INACTIVE |
 *   in use   | RED_ACTIVE   | 5a 5a ... a5, then the caller's | RED_ACTIVE |
 * @endverbatim
 *
 * - Allocation checks that the free object's poison is intact (a write
 *   after free shows as "Slab corruption") and that both red zones say
 *   inactive, then marks them active and poisons the object with 0x5a.
 * - Free checks the pointer (a slab page, this cache, the start of an
 *   object), that bufctl marks the object in use (else: a double free,
 *   refused), that both red zones say active (else: the caller wrote
 *   outside the object, or freed twice), then poisons it with 0x6b.
 *
 * Every report says which cache and which object, and the kernel carries
 * on: a double free or a bad pointer is refused, a corrupted red zone or
 * poison is reported and repaired, so the cache's lists stay consistent.
 * slab_error_count counts the reports (the tests compare it).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/traps.h>
#include "slab_priv.h"

static u64 *dbg_redzone1(const struct kmem_cache *cachep, void *objp)
{
	return (u64 *)((char *)objp + cachep->obj_offset - REDZONE_SIZE);
}

static u64 *dbg_redzone2(const struct kmem_cache *cachep, void *objp)
{
	return (u64 *)((char *)objp + cachep->buffer_size - REDZONE_SIZE);
}

void slab_error(const struct kmem_cache *cachep, const char *func,
		const char *msg, const void *objp)
{
	slab_error_count++;
	printk("slab error in %s(): cache `%s': %s\n", func, cachep->name, msg);
	if (objp)
		printk("%p: object of cache `%s'\n", objp, cachep->name);
	dump_stack();
}

/* Fill the caller's part of @p objp with @p val, the last byte POISON_END. */
static void poison_obj(const struct kmem_cache *cachep, void *objp, u8 val)
{
	u8 *p = (u8 *)objp + cachep->obj_offset;

	memset(p, val, cachep->obj_size);
	p[cachep->obj_size - 1] = POISON_END;
}

/* Print the 16-byte rows of @p obj that hold a byte other than expected. */
static void dump_bad_lines(const u8 *obj, unsigned int size)
{
	unsigned int i, j;

	for (i = 0; i < size; i += 16) {
		bool bad = false;

		for (j = i; j < i + 16 && j < size; j++)
			bad |= obj[j] != (j == size - 1 ? POISON_END : POISON_FREE);
		if (!bad)
			continue;
		printk("%03x:", i);
		for (j = i; j < i + 16 && j < size; j++)
			printk(" %02x", obj[j]);
		printk("\n");
	}
}

/* A free object must still hold its poison; report and repair if not. */
static void check_poison_obj(const struct kmem_cache *cachep, void *objp)
{
	u8 *p = (u8 *)objp + cachep->obj_offset;
	unsigned int i, size = cachep->obj_size;

	for (i = 0; i < size - 1; i++)
		if (p[i] != POISON_FREE)
			break;
	if (i == size - 1 && p[i] == POISON_END)
		return;
	slab_error_count++;
	printk("Slab corruption: %s start=%p, len=%u\n", cachep->name, p, size);
	dump_bad_lines(p, size);
	poison_obj(cachep, objp, POISON_FREE);
}

/* Print both red zones, as Linux does after a red-zone report. */
static void print_redzones(const struct kmem_cache *cachep, void *objp)
{
	printk("%p: redzone 1:0x%llx, redzone 2:0x%llx.\n",
	       (char *)objp + cachep->obj_offset,
	       (unsigned long long)*dbg_redzone1(cachep, objp),
	       (unsigned long long)*dbg_redzone2(cachep, objp));
}

void cache_init_obj_debug(struct kmem_cache *cachep, void *objp)
{
	if (cachep->flags & SLAB_POISON)
		poison_obj(cachep, objp, POISON_FREE);
	if (cachep->flags & SLAB_RED_ZONE) {
		*dbg_redzone1(cachep, objp) = RED_INACTIVE;
		*dbg_redzone2(cachep, objp) = RED_INACTIVE;
	}
}

void *cache_alloc_debugcheck_after(struct kmem_cache *cachep, void *objp)
{
	struct page *page = virt_to_page(objp);
	struct slab *slabp = page_get_slab(page);

	if (cachep->flags & SLAB_POISON) {
		check_poison_obj(cachep, objp);
		poison_obj(cachep, objp, POISON_INUSE);
	}
	if (cachep->flags & SLAB_RED_ZONE) {
		if (*dbg_redzone1(cachep, objp) != RED_INACTIVE ||
		    *dbg_redzone2(cachep, objp) != RED_INACTIVE) {
			slab_error(cachep, "cache_alloc_debugcheck_after",
				   "double free, or memory outside object was "
				   "overwritten", NULL);
			print_redzones(cachep, objp);
		}
		*dbg_redzone1(cachep, objp) = RED_ACTIVE;
		*dbg_redzone2(cachep, objp) = RED_ACTIVE;
	}
	if (cachep->flags & SLAB_DEBUG_FREE)
		slab_bufctl(slabp)[obj_to_index(cachep, slabp, objp)] = BUFCTL_ACTIVE;
	objp = (char *)objp + cachep->obj_offset;
	if (cachep->ctor && (cachep->flags & SLAB_POISON))
		cachep->ctor(objp);
	return objp;
}

/* The buffer of the object @p objp points at, or NULL (reported) if none. */
static void *free_debug_find_buffer(struct kmem_cache *cachep, void *objp)
{
	struct page *page;
	struct slab *slabp;
	char *buf = (char *)objp - cachep->obj_offset;
	unsigned int objnr;

	if (!virt_addr_valid(objp)) {
		WARN(1, "kfree_debugcheck: out of range ptr %p.\n", objp);
		return NULL;
	}
	page = virt_to_page(objp);
	if (!PageSlab(page)) {
		WARN(1, "kfree_debugcheck: bad ptr %p.\n", objp);
		return NULL;
	}
	if (page_get_cache(page) != cachep) {
		slab_error(cachep, "cache_free_debugcheck", "mismatch in "
			   "kmem_cache_free: the object belongs to another cache",
			   objp);
		printk("%p is %s.\n", objp, page_get_cache(page)->name);
		return NULL;
	}
	slabp = page_get_slab(page);
	objnr = obj_to_index(cachep, slabp, buf);
	if (buf < (char *)slabp->s_mem || objnr >= cachep->num ||
	    index_to_obj(cachep, slabp, objnr) != buf) {
		slab_error(cachep, "cache_free_debugcheck", "bad pointer: not "
			   "the start of an object", objp);
		return NULL;
	}
	return buf;
}

void *cache_free_debugcheck(struct kmem_cache *cachep, void *objp)
{
	char *buf = free_debug_find_buffer(cachep, objp);
	struct slab *slabp;
	unsigned int objnr;
	bool in_use = true;

	if (!buf)
		return NULL;
	slabp = page_get_slab(virt_to_page(buf));
	objnr = obj_to_index(cachep, slabp, buf);
	if (cachep->flags & SLAB_DEBUG_FREE)
		in_use = slab_bufctl(slabp)[objnr] == BUFCTL_ACTIVE;
	if ((cachep->flags & SLAB_RED_ZONE) &&
	    (*dbg_redzone1(cachep, buf) != RED_ACTIVE ||
	     *dbg_redzone2(cachep, buf) != RED_ACTIVE)) {
		slab_error(cachep, "cache_free_debugcheck", "double free, or "
			   "memory outside object was overwritten", objp);
		print_redzones(cachep, buf);
	} else if (!in_use) {
		slab_error(cachep, "cache_free_debugcheck", "double free detected",
			   objp);
	}
	if (!in_use)
		return NULL;	/* refused: it is on the chain already */
	if (cachep->flags & SLAB_RED_ZONE) {
		*dbg_redzone1(cachep, buf) = RED_INACTIVE;
		*dbg_redzone2(cachep, buf) = RED_INACTIVE;
	}
	if (cachep->flags & SLAB_POISON)
		poison_obj(cachep, buf, POISON_FREE);
	return buf;
}

void slab_destroy_debugcheck(struct kmem_cache *cachep, struct slab *slabp)
{
	unsigned int i;

	for (i = 0; i < cachep->num; i++)
		check_poison_obj(cachep, index_to_obj(cachep, slabp, i));
}
