/**
 * @file
 * Lab 8, steps 8.1-8.3: a process's VMAs, mmap() and munmap().
 *
 * An address space is a sorted list of VMAs (linux/mm_types.h).  Nothing
 * here touches a page: do_mmap() only records that a range may be used,
 * and the pages arrive one fault at a time (memory.c).  do_munmap() is the
 * one place that both edits the list and frees pages, because a range that
 * leaves the list must leave the page tables too.
 *
 * @verbatim
 *   do_munmap(mm, 0x40003000, 2 pages) on one VMA [0x40000000, 0x40008000):
 *
 *   before  [40000000 ................................ 40008000)
 *   split   [40000000 ... 40003000)[40003000 ......... 40008000)
 *   split   [40000000 ... 40003000)[40003000 40005000)[40005000 40008000)
 *   remove  [40000000 ... 40003000)                   [40005000 40008000)
 *           zap_page_range() frees the pages of the middle one first
 * @endverbatim
 *
 * Linux 2.6 also merges a new VMA with a neighbour that has the same
 * flags (vma_merge()); the kit does not, so two adjacent mmap()s are two
 * VMAs.
 */
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	/* TODO(8.1): Return the first VMA with vm_end > addr (the list is
	 * sorted, so that is the one containing addr, or the next one up), or
	 * NULL.  Try mm->mmap_cache first when it contains addr, and remember
	 * what you return in it.  Checked by lab8.vma.*. */
	vma = mm->mmap_cache;
	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;
	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		if (vma->vm_end > addr) {
			mm->mmap_cache = vma;
			return vma;
		}
	}
	return NULL;
	/* END TODO stub: (void)mm; (void)addr; (void)vma; return NULL; */
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma, *prev = NULL;

	/* TODO(8.1): Like find_vma(), and set *pprev to the VMA before the
	 * result (the last one with vm_end <= addr), NULL if there is none.
	 * Checked by lab8.vma.find_prev. */
	for (vma = mm->mmap; vma && vma->vm_end <= addr; vma = vma->vm_next)
		prev = vma;
	*pprev = prev;
	return vma;
	/* END TODO stub: (void)mm; (void)addr; (void)vma; *pprev = prev; return NULL; */
}

int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next;

	/* TODO(8.1): Find the neighbours: prev ends at or below vm_start, next
	 * is the one after prev (or the list's head).  Refuse an overlap with
	 * next (-ENOMEM), else link vma between them, set vma->vm_mm, and count
	 * it in map_count and its pages in total_vm.
	 * Checked by lab8.vma.insert_sorted and lab8.vma.insert_overlap. */
	next = find_vma_prev(mm, vma->vm_start, &prev);
	if (next && next->vm_start < vma->vm_end)
		return -ENOMEM;
	vma->vm_mm = mm;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	mm->map_count++;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	return 0;
	/* END TODO stub: (void)prev; (void)next; (void)mm; (void)vma; return -ENOMEM; */
}

unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long flags)
{
	struct vm_area_struct *vma;

	/* TODO(8.2): With MAP_FIXED the answer is addr (do_mmap checked it).
	 * A hint (addr != 0) is used if [addr, addr + len) fits below
	 * TASK_SIZE and overlaps no VMA.  Otherwise first fit, from
	 * mm->mmap_base upwards: walk the VMAs from find_vma(mm, addr); the
	 * gap before each is a candidate; past the last, the gap runs to
	 * TASK_SIZE.  No room: -ENOMEM.  Compare with TASK_SIZE - len, never
	 * addr + len (it can wrap).  Checked by lab8.mmap.*. */
	if (flags & MAP_FIXED)
		return addr;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma(mm, addr);
		if (addr <= TASK_SIZE - len && (!vma || addr + len <= vma->vm_start))
			return addr;
	}
	addr = mm->mmap_base;
	for (vma = find_vma(mm, addr); ; vma = vma->vm_next) {
		if (addr > TASK_SIZE - len)
			return (unsigned long)-ENOMEM;
		if (!vma || addr + len <= vma->vm_start)
			return addr;
		addr = vma->vm_end;
	}
	/* END TODO stub: (void)mm; (void)addr; (void)len; (void)flags; (void)vma; return (unsigned long)-ENOMEM; */
}

/* PROT_* to VM_* (and MAP_GROWSDOWN to VM_GROWSDOWN). */
static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0) |
	       (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0);
}

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags)
{
	struct vm_area_struct *vma;

	/* TODO(8.2): Refuse with -EINVAL: len 0, anything but
	 * MAP_PRIVATE | MAP_ANONYMOUS (MAP_SHARED, files), and with MAP_FIXED
	 * an unaligned addr or a range that does not fit below TASK_SIZE.
	 * Round len up to pages (a length so big it wraps: -ENOMEM).  Pick
	 * the place (get_unmapped_area), clear it if MAP_FIXED (do_munmap),
	 * then make the VMA from vm_area_cachep with the VM_* flags of prot
	 * and flags (calc_vm_flags) and insert it.  Allocate no page.
	 * Return the address, or -errno as an unsigned long.
	 * Checked by lab8.mmap.*. */
	if (!len || (flags & (MAP_SHARED | MAP_PRIVATE)) != MAP_PRIVATE ||
	    !(flags & MAP_ANONYMOUS))
		return (unsigned long)-EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > USER_SPACE_SIZE)
		return (unsigned long)-ENOMEM;
	if ((flags & MAP_FIXED) &&
	    ((addr & ~PAGE_MASK) || !user_range_ok(addr, len)))
		return (unsigned long)-EINVAL;
	addr = get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED) && do_munmap(mm, addr, len))
		return (unsigned long)-ENOMEM;
	vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);
	if (!vma)
		return (unsigned long)-ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = calc_vm_flags(prot, flags);
	if (insert_vm_struct(mm, vma)) {
		kmem_cache_free(vm_area_cachep, vma);
		return (unsigned long)-ENOMEM;
	}
	return addr;
	/* END TODO stub: (void)mm; (void)addr; (void)len; (void)prot; (void)flags; (void)vma; (void)calc_vm_flags; return (unsigned long)-ENOMEM; */
}

/* Cut @p vma in two at @p addr: it keeps [vm_start, addr), a new VMA takes the rest. */
static int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr)
{
	struct vm_area_struct *new = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	if (!new)
		return -ENOMEM;
	*new = *vma;
	new->vm_start = addr;
	vma->vm_end = addr;
	vma->vm_next = new;
	mm->map_count++;
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *prev, *last, *next;
	unsigned long end;

	/* TODO(8.3): -EINVAL for an unaligned start, len 0, or a range that
	 * does not fit below TASK_SIZE.  Round len up to pages.  Find the
	 * first VMA that ends above start (find_vma_prev, you need the one
	 * before it to unlink); none, or it starts at or above end: nothing to
	 * do, return 0.  Split it if it starts below start, and split the one
	 * holding end if it straddles end (split_vma), so whole VMAs lie
	 * inside [start, end).  Then for each of them: zap_page_range() its
	 * pages, unlink it, uncount it (map_count, total_vm), free it.  Forget
	 * mm->mmap_cache: it may point at a freed VMA.
	 * Checked by lab8.munmap.*. */
	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	vma = find_vma_prev(mm, start, &prev);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start) {
		if (split_vma(mm, vma, start))
			return -ENOMEM;
		prev = vma;
		vma = vma->vm_next;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end && split_vma(mm, last, end))
		return -ENOMEM;
	while (vma && vma->vm_start < end) {
		next = vma->vm_next;
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		if (prev)
			prev->vm_next = next;
		else
			mm->mmap = next;
		mm->map_count--;
		mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		kmem_cache_free(vm_area_cachep, vma);
		vma = next;
	}
	mm->mmap_cache = NULL;
	return 0;
	/* END TODO stub: (void)mm; (void)start; (void)len; (void)vma; (void)prev; (void)last; (void)next; (void)end; (void)split_vma; return -EINVAL; */
}

int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_area_struct *prev;

	/* TODO(8.5): Round address down to a page.  Refuse (-ENOMEM) if the
	 * stack would then be larger than STACK_LIMIT, or would reach down
	 * into the VMA below it (find_vma_prev on vma->vm_start).  Else move
	 * vm_start down and count the new pages in total_vm.
	 * Checked by lab8.fault.stack_*. */
	address &= PAGE_MASK;
	if (vma->vm_end - address > STACK_LIMIT)
		return -ENOMEM;
	find_vma_prev(vma->vm_mm, vma->vm_start, &prev);
	if (prev && prev->vm_end > address)
		return -ENOMEM;
	vma->vm_mm->total_vm += (vma->vm_start - address) >> PAGE_SHIFT;
	vma->vm_start = address;
	return 0;
	/* END TODO stub: (void)vma; (void)address; (void)prev; return -ENOMEM; */
}
