/**
 * @file
 * The memory-management interface: page frames, their descriptors, and
 * the boot-time setup of labs 1-3.
 *
 * Conversions between the three ways of naming a low page:
 *
 * @verbatim
 *   kernel virtual address --__pa()--> physical address --PFN_DOWN--> pfn
 *          ^                                                           |
 *          +-------------- page_address() <-- struct page <-- pfn_to_page()
 *   virt_to_page(kaddr) = pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
 * @endverbatim
 *
 * A high page (pfn >= max_low_pfn) has a pfn and a struct page but no
 * kernel virtual address: page_address() returns NULL for it until kmap()
 * (lab 6) maps it somewhere.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/gfp.h>
#include <asm/page.h>
#include <asm/pgtable.h>

/* Page-frame bounds, set at boot (Linux's names and meanings). */
extern unsigned long max_pfn;		/**< one past the last RAM frame below 4 GiB */
extern unsigned long max_low_pfn;	/**< one past the last direct-mapped frame */
extern unsigned long highstart_pfn;	/**< first high frame (= max_low_pfn) */
extern unsigned long highend_pfn;	/**< one past the last high frame (= max_pfn) */
extern unsigned long totalram_pages;	/**< pages handed to the buddy allocator */
extern unsigned long totalhigh_pages;	/**< ... of which in ZONE_HIGHMEM */
extern void *high_memory;		/**< __va(max_low_pfn << PAGE_SHIFT) */
extern struct page *mem_map;		/**< descriptors of pfn 0 .. max_pfn - 1 */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

/** True if @p pfn has a descriptor in mem_map. */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

#define virt_to_page(kaddr) pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline void set_page_zone(struct page *page, enum zone_type zone)
{
	page->flags &= ~(ZONES_MASK << ZONES_PGSHIFT);
	page->flags |= (unsigned long)zone << ZONES_PGSHIFT;
}

/** The zone a page frame belongs to.  Lab 2 stores it in page->flags. */
static inline struct zone *page_zone(const struct page *page)
{
	return &contig_page_data.node_zones[page_zonenum(page)];
}

/** True for a page in ZONE_HIGHMEM: it has no direct-map address. */
static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

static inline int page_count(const struct page *page) { return page->_count; }
static inline void set_page_count(struct page *page, int v) { page->_count = v; }
static inline void get_page(struct page *page) { page->_count++; }

/** Order of a free block, valid while PageBuddy. */
static inline unsigned int page_order(const struct page *page)
{
	return (unsigned int)page->private;
}

/**
 * lowmem_page_address() - The direct-map address of a low page.
 * @param page  a page below max_low_pfn
 * @return __va(its physical address).  Lab 2.
 */
void *lowmem_page_address(const struct page *page);

/**
 * page_address() - The kernel virtual address of a page.
 * @param page  any page
 * @return its direct-map address for a low page; for a high page its
 *         current kmap() address (lab 6), or NULL when it is not mapped.
 */
void *page_address(const struct page *page);

/* Lab 1: the direct map. */

/**
 * __phys_addr() - __pa() with a check: the physical address of a
 * direct-map kernel virtual address.
 * @param x  a kernel virtual address in [PAGE_OFFSET, high_memory)
 * @return x - PAGE_OFFSET.  An address outside the direct map (vmalloc,
 *         pkmap, user) has no such physical address: that is a bug in the
 *         caller, reported with a warning.  Lab 1.
 */
phys_addr_t __phys_addr(unsigned long x);

/**
 * virt_addr_valid() - Is this a direct-mapped kernel address with a struct page?
 * @param kaddr  any address
 * @return true for [PAGE_OFFSET, high_memory) backed by a valid pfn;
 *         false for user, vmalloc, pkmap and fixmap addresses.  Lab 1.
 */
bool virt_addr_valid(const void *kaddr);

/* Lab 2: zones and mem_map. */

/** Set max_pfn from the E820 map: one past the highest usable frame below 4 GiB.  Lab 2. */
void find_max_pfn(void);
/**
 * find_max_low_pfn() - How much of RAM the direct map covers.
 * @return min(max_pfn, MAXMEM >> PAGE_SHIFT); also sets highstart_pfn and
 *         highend_pfn and prints "NNNMB HIGHMEM available." when there is
 *         high memory, then "NNNMB LOWMEM available.".  Lab 2.
 */
unsigned long find_max_low_pfn(void);
/**
 * zone_sizes_init() - Size the three zones, allocate and fill mem_map.
 *
 * Prints "Zone PFN ranges:" in Linux's format and where mem_map lives.
 * Every struct page starts PG_reserved with its zone number set; lab 3's
 * mem_init() clears the flag on the pages it frees.  Lab 2.
 */
void zone_sizes_init(void);

/* Lab 3: the buddy allocator. */

/**
 * mem_init() - Hand every page memblock did not allocate to the buddy
 * allocator, set the watermarks, and print the "Memory:" line and the
 * "virtual kernel memory layout:" block.  Lab 3.
 */
void mem_init(void);

/** Print /proc/buddyinfo's format: free blocks per order, per zone. */
void show_buddyinfo(void);
/** Print /proc/zoneinfo's format: counters and watermarks, per zone. */
void show_zoneinfo(void);
/** Free pages in every zone's free lists (the sum of zone->free_pages). */
unsigned long nr_free_pages(void);

/**
 * "Bad page state" reports since boot (lab 3's __free_pages()).  Tests
 * compare it before and after a misuse, as they do warn_count.
 */
extern unsigned int bad_page_count;

/*
 * Lab 8: user address spaces, mmap and the page-fault handler.
 */

struct kmem_cache;

/* vm_flags: what a VMA allows (Linux 2.6's values). */
#define VM_READ        0x00000001	/**< may be read (and, on i386, executed) */
#define VM_WRITE       0x00000002	/**< may be written */
#define VM_EXEC        0x00000004	/**< may be executed */
#define VM_SHARED      0x00000008	/**< shared mapping (the kit has none) */
#define VM_GROWSDOWN   0x00000100	/**< a stack: a fault just below it extends it */

/**
 * The size of user space: 3 GiB.  On i386 user space is [0, TASK_SIZE), so
 * this is TASK_SIZE; the host build's user space starts at its window base.
 */
#define USER_SPACE_SIZE  (TASK_SIZE - KVA_BIAS)

/**
 * user_range_ok() - Does [@p addr, @p addr + @p len) lie in user space?
 * @param addr  the first byte.
 * @param len   the length, at most USER_SPACE_SIZE for a true answer.
 * @return true if the whole range is below TASK_SIZE.  addr + len is never
 * computed: it can wrap (0xFFFFF000 + 2 pages is 0x1000), so the test is
 * addr <= TASK_SIZE - len, as Linux's get_unmapped_area() writes it.
 */
static inline bool user_range_ok(unsigned long addr, unsigned long len)
{
	return len <= USER_SPACE_SIZE &&
	       addr - KVA_BIAS <= USER_SPACE_SIZE - len;
}

/** Where get_unmapped_area() starts looking: 1 GiB, a third of user space. */
#define TASK_UNMAPPED_BASE  (KVA_BIAS + PAGE_ALIGN(0xC0000000UL / 3))
/** The top of a new process's stack: the end of user space. */
#define STACK_TOP           TASK_SIZE
/** How far below ESP a stack access may be and still grow the stack (Linux's slack). */
#define STACK_GUARD_SLACK   (65536 + 32 * 4)
/** The most a stack may grow to (Linux's default RLIMIT_STACK, 8 MiB). */
#define STACK_LIMIT         (8UL << 20)

/* handle_mm_fault()'s results (Linux 2.6.20's). */
#define VM_FAULT_OOM    0x00	/**< no memory for a page or a page table */
#define VM_FAULT_SIGBUS 0x01	/**< the fault cannot be resolved */
#define VM_FAULT_MINOR  0x02	/**< resolved without I/O (every kit fault) */

/** The page table entry mapping @p page with protection @p prot. */
static inline pte_t mk_pte(struct page *page, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(page), prot);
}

/**
 * vm_get_page_prot() - The entry bits for a user page of a VMA with
 * @p vm_flags: present and user-accessible, writable only with VM_WRITE.
 * (i386 has no execute bit without PAE: readable means executable.)
 */
static inline pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	return vm_flags & VM_WRITE ? PAGE_SHARED : PAGE_READONLY;
}

#ifdef __HOST_SIM__
/* The host's simulated machine keeps its zero page in simulated RAM. */
extern unsigned long *sim_empty_zero_page;
#define empty_zero_page sim_empty_zero_page
#else
/** The page every never-written anonymous page maps, read-only: all zeros. */
extern unsigned long empty_zero_page[];
#endif
/** The struct page of the zero page (the same for every address). */
#define ZERO_PAGE(vaddr)  (virt_to_page(empty_zero_page))

/** VMAs come from this slab cache ("vm_area_struct" in slabinfo). */
extern struct kmem_cache *vm_area_cachep;

/**
 * find_vma() - The first VMA that ends above @p addr.
 * @param mm    the address space
 * @param addr  a user address
 * @return the VMA containing @p addr, or the first one above it, or NULL
 *         when every VMA ends at or below it.  Callers check
 *         `vma->vm_start <= addr` to know which.  Caches its answer in
 *         mm->mmap_cache, since faults come in runs on one mapping.
 * @context Any; does not sleep.  Lab 8, step 8.1.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/**
 * find_vma_prev() - find_vma(), and the VMA before it.
 * @param mm     the address space
 * @param addr   a user address
 * @param pprev  set to the VMA before the result (NULL if it is the first)
 * @return what find_vma() returns.  Lab 8, step 8.1.
 */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);

/**
 * insert_vm_struct() - Link @p vma into @p mm's sorted list.
 * @return 0, or -ENOMEM if it would overlap a VMA already there (nothing
 *         is changed then).  Updates map_count and total_vm.  Lab 8, step 8.1.
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);

/**
 * get_unmapped_area() - Choose where a new mapping of @p len bytes goes.
 * @param mm     the address space
 * @param addr   the caller's hint (0: none); with MAP_FIXED, the answer
 * @param len    page-aligned length
 * @param flags  mmap's MAP_* flags
 * @return a page-aligned address where [addr, addr + len) is free and below
 *         TASK_SIZE: the hint if it is free, else the lowest free gap at or
 *         above mm->mmap_base; -ENOMEM (as an unsigned long) if none.
 * @context Lab 8, step 8.2.  Linux 2.6's takes a struct file * and uses
 *          current->mm; the kit has no files and names the mm.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long flags);

/**
 * do_mmap() - Make an anonymous private mapping (the kernel side of mmap()).
 * @param mm     the address space
 * @param addr   hint, or the exact address with MAP_FIXED
 * @param len    length in bytes (rounded up to pages)
 * @param prot   PROT_READ | PROT_WRITE | PROT_EXEC, or PROT_NONE
 * @param flags  MAP_PRIVATE | MAP_ANONYMOUS, optionally MAP_FIXED, MAP_GROWSDOWN
 * @return the mapping's address, or -errno cast to unsigned long: -EINVAL
 *         for len 0, an unaligned MAP_FIXED address, a range past TASK_SIZE,
 *         MAP_SHARED or a file mapping; -ENOMEM when no room or no memory.
 *         MAP_FIXED first unmaps whatever was in the range.  No page is
 *         allocated: the pages arrive one fault at a time.
 * @context Process context.  Lab 8, step 8.2.  (Linux 2.6's takes a file
 *          and an offset and works on current->mm.)
 */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags);

/**
 * do_munmap() - Remove [start, start + len) from @p mm.
 * @return 0 (also when nothing was mapped there), or -EINVAL for an
 *         unaligned start, len 0 or a range past TASK_SIZE.  A VMA that
 *         straddles an end is split; every page mapped in the range is
 *         unmapped and freed (zap_page_range()).
 * @context Process context.  Lab 8, step 8.3.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);

/**
 * zap_page_range() - Unmap and free the pages of [start, end) in @p vma.
 * Clears each present entry, flushes its TLB entry, drops the page's
 * reference (the zero page is never freed) and counts mm->rss down.
 * Page tables stay: they are freed when the mm is.  Lab 8, step 8.3.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end);

/**
 * pte_alloc_map() - The page table entry for @p address in @p mm, making
 * the page table if there is none yet.
 * @return the entry, or NULL if no page could be had for a new table.
 * @context Process context.  Lab 8, step 8.4.
 */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long address);

/**
 * handle_mm_fault() - Resolve a fault at @p address, inside @p vma.
 * @param mm            the address space
 * @param vma           the VMA holding @p address (access already checked)
 * @param address       the faulting address
 * @param write_access  nonzero for a write
 * @return VM_FAULT_MINOR when the page is now mapped, VM_FAULT_OOM.
 *         A not-present page: a read maps ZERO_PAGE read-only, a write
 *         maps a new zeroed GFP_HIGHUSER page writable.  A write to a
 *         present read-only page (the zero page) copies on write.
 * @context Process context, from do_page_fault().  Lab 8, step 8.4.
 */
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    unsigned long address, int write_access);

/**
 * expand_stack() - Grow a VM_GROWSDOWN @p vma down to cover @p address.
 * @return 0, or -ENOMEM if it would meet the VMA below or pass STACK_LIMIT.
 * @context Lab 8, step 8.5.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address);

/**
 * access_error() - Does the fault's @p error_code ask for more than @p vma
 * allows?  A write needs VM_WRITE; a read of a present page is a protection
 * fault the VMA cannot cure; any other read needs VM_READ (or VM_EXEC).
 * @context Lab 8, step 8.5.
 */
bool access_error(unsigned long error_code, const struct vm_area_struct *vma);

/**
 * vmalloc_fault() - Fix a kernel-mode fault on a vmalloc address.
 * The current page directory was copied from swapper_pg_dir before that
 * vmalloc area existed: copy the missing entry from swapper_pg_dir.
 * @return 0 if the entry was copied and the access may be retried,
 *         -EFAULT if swapper_pg_dir does not map @p address either (a real
 *         bug, or a guard page).
 * @context Any, interrupts included.  Lab 8, step 8.6.
 */
int vmalloc_fault(unsigned long address);

#endif /* _LINUX_MM_H */
