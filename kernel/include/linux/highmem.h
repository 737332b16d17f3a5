/**
 * @file
 * Reaching high memory: kmap (lab 6) and kmap_atomic (lab 7).
 *
 * A high page (ZONE_HIGHMEM, pfn >= max_low_pfn) has no place in the
 * direct map, so the kernel can touch it only after mapping it somewhere
 * for a while.  It has two windows for that, both at the top of the
 * address space (asm/highmem.h, asm/fixmap.h):
 *
 * @verbatim
 *                 kmap() / kunmap()              kmap_atomic() / kunmap_atomic()
 *   where         pkmap: 1024 slots, 4 MiB       fixmap: 20 slots per CPU
 *   may sleep     yes (waits for a free slot)    never: any context, even IRQ
 *   lifetime      until kunmap(), any order      a stack: unmap in reverse order
 *   TLB cost      one flush for all 1024 slots   one invlpg per unmap
 *                 when they run out
 * @endverbatim
 *
 * A low page needs neither: kmap() and kmap_atomic() return its
 * direct-map address.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/wait.h>
#include <asm/highmem.h>
#include <asm/fixmap.h>
#include <asm/pgtable.h>

/* ---- lab 6: persistent kernel mappings (the pkmap area) ---------------- */

/**
 * pkmap_count[i] says what slot i of the pkmap area is doing:
 * 0 = free and flushed, usable; 1 = unmapped by its last kunmap() but its
 * stale TLB entry may remain (usable after the next flush); n > 1 = mapped,
 * with n - 1 users.
 */
extern int pkmap_count[LAST_PKMAP];
/** Where kmap() sleeps when every slot is in use. */
extern wait_queue_head_t pkmap_map_wait;

/**
 * kmap() - Map a page into the kernel's address space for a while.
 * @param page  any page; a low page returns its direct-map address
 * @return the kernel virtual address of the page.
 * @context May sleep (when all LAST_PKMAP slots are in use); not from
 *          interrupt context, which is reported and returns NULL.  Lab 6.
 */
void *kmap(struct page *page);
/**
 * kunmap() - Drop a kmap() reference.  The slot stays mapped (count 1)
 * until a later flush; kunmap() of a page that is not kmapped is reported.
 * @context May not sleep.  Lab 6.
 */
void kunmap(struct page *page);
/** The pkmap address of a high page, or NULL if it is not kmapped.  Lab 6. */
void *kmap_page_address(const struct page *page);
/** Set up the pkmap page table; mm_init() calls it after mem_init().  Lab 6. */
void kmap_init(void);

/*
 * Lab 6's internals under Linux 2.6.20's names, declared here so the tests
 * can watch the pkmap area work (Linux keeps most of them static).
 */
/** The slot the last scan for a free slot stopped at (0..LAST_PKMAP-1). */
extern unsigned int last_pkmap_nr;
/** Flushes of the whole pkmap area since boot (one per wrap that freed slots). */
extern unsigned long pkmap_flush_count;
/** kmap() of a high page: find or make its pkmap mapping, take a reference. */
void *kmap_high(struct page *page);
/** kunmap() of a high page: drop a reference, wake the waiters at count 1. */
void kunmap_high(struct page *page);
/** Free every slot whose count is 1, then flush the TLB once.  Lab 6. */
void flush_all_zero_pkmaps(void);
/** Record (@p virtual) or forget (NULL) the pkmap address of a high page. */
void set_page_address(struct page *page, void *virtual);

/* ---- lab 7: temporary kernel mappings (kmap_atomic, fixmap slots) -------- */

/**
 * kmap_atomic() - Map a page for a short, atomic section.
 * @param page  any page; a low page returns its direct-map address
 * @return the address, in the next free fixmap slot of the CPU's stack of
 *         KM_TYPE_NR slots.  Disables page faults and preemption until the
 *         matching kunmap_atomic(); more than KM_TYPE_NR nested mappings
 *         are a BUG.
 * @context Any, including interrupt handlers.  Never sleeps.  Lab 7.
 */
void *kmap_atomic(struct page *page);
/**
 * kunmap_atomic() - Unmap the most recent kmap_atomic() mapping.
 * @param kvaddr  what kmap_atomic() returned; not the top of the stack is
 *                reported ("out of order") and the stack is left as it was.
 * @context Any.  Lab 7.
 */
void kunmap_atomic(void *kvaddr);
/** Set up the fixmap's page table for the kmap_atomic slots.  Lab 7. */
void kmap_atomic_init(void);
/**
 * The page table entry of kmap_atomic slot 0 (fixmap index FIX_KMAP_BEGIN);
 * slot i's entry is kmap_pte - i.  NULL until kmap_atomic_init().  Lab 7.
 */
extern pte_t *kmap_pte;
/** How many kmap_atomic() mappings are live (the depth of the stack). */
int kmap_atomic_depth(void);

/** Fill a page, low or high, with zeroes (through kmap_atomic).  Lab 7. */
void clear_highpage(struct page *page);
/** Copy one page to another, either of them high.  Lab 7. */
void copy_highpage(struct page *to, struct page *from);
/** Copy @p len bytes into @p page at @p offset.  Lab 7. */
void memcpy_to_page(struct page *page, size_t offset, const void *from,
		    size_t len);
/** Copy @p len bytes out of @p page at @p offset.  Lab 7. */
void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len);

#endif /* _LINUX_HIGHMEM_H */
