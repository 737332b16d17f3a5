/**
 * @file
 * exec_user_program(): load an embedded ELF program into an address space.
 *
 * What Linux's load_elf_binary() does for a static executable, minus files:
 *
 * @verbatim
 *   for each PT_LOAD segment     (text r-x, then data+bss rw-)
 *     do_mmap(MAP_FIXED)         a VMA over the segment's pages   (lab 8)
 *     install_page() per page    the file's bytes, copied into new pages
 *                                (the pages of bss past the file's bytes
 *                                are left to demand paging)
 *   do_mmap(GROWSDOWN)           one page of stack under STACK_TOP
 *   regs: EIP = e_entry, ESP = STACK_TOP
 * @endverbatim
 *
 * Linux maps a file's pages from its page cache, so an executable's text
 * is in memory once however many processes run it.  The kit has no page
 * cache: each process gets its own copy, made here, of the bytes that come
 * from the ELF; everything past them is anonymous memory, which is exactly
 * what lab 8's demand paging provides.
 */
#include <linux/kernel.h>
#include <linux/elf.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <kit/process.h>
#include <kit/user_programs.h>
#include <asm/ptrace.h>

const struct user_program *find_user_program(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_user_programs; i++)
		if (!strcmp(user_programs[i].name, name))
			return &user_programs[i];
	return NULL;
}

int install_page(struct mm_struct *mm, unsigned long addr, struct page *page)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	pte_t *pte;

	if (!vma || vma->vm_start > addr)
		return -EFAULT;
	pte = pte_alloc_map(mm, addr);
	if (!pte)
		return -ENOMEM;
	if (WARN(!pte_none(*pte), "install_page: %08lx is mapped already\n",
		 addr))
		return -EBUSY;
	set_pte(pte, mk_pte(page, vm_get_page_prot(vma->vm_flags)));
	mm->rss++;
	return 0;
}

/* Is the header one the kit can load: an i386 ELF32 executable, sane sizes? */
static bool elf_header_ok(const struct user_program *prog)
{
	const struct elf32_hdr *eh = (const void *)prog->elf;

	return prog->size >= sizeof(*eh) && !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       eh->e_ident[EI_CLASS] == ELFCLASS32 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	       eh->e_type == ET_EXEC && eh->e_machine == EM_386 &&
	       eh->e_phentsize == sizeof(struct elf32_phdr) &&
	       eh->e_phoff + (u32)eh->e_phnum * sizeof(struct elf32_phdr) <= prog->size;
}

static unsigned long segment_prot(const struct elf32_phdr *ph)
{
	return (ph->p_flags & PF_R ? PROT_READ : 0) |
	       (ph->p_flags & PF_W ? PROT_WRITE : 0) |
	       (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* Copy the file bytes of @p ph that fall in the page at @p addr into a new page. */
static int load_page(struct mm_struct *mm, const struct user_program *prog,
		     const struct elf32_phdr *ph, unsigned long addr)
{
	unsigned long seg = ph->p_vaddr;	/* the segment in the mm */
	unsigned long from = max(addr, seg);
	unsigned long to = min(addr + PAGE_SIZE, seg + ph->p_filesz);
	struct page *page = alloc_page(GFP_HIGHUSER);
	int err;

	if (!page)
		return -ENOMEM;
	clear_highpage(page);
	memcpy_to_page(page, from - addr, prog->elf + ph->p_offset + (from - seg),
		       to - from);
	err = install_page(mm, addr, page);
	if (err)
		__free_page(page);
	return err;
}

static int load_segment(struct mm_struct *mm, const struct user_program *prog,
			const struct elf32_phdr *ph)
{
	unsigned long start = ph->p_vaddr & PAGE_MASK;
	unsigned long end = PAGE_ALIGN(ph->p_vaddr + ph->p_memsz);
	unsigned long file_end = ph->p_vaddr + ph->p_filesz;
	unsigned long addr;
	int err;

	if (ph->p_filesz > ph->p_memsz || ph->p_offset + ph->p_filesz > prog->size ||
	    start < PAGE_SIZE || end > TASK_SIZE || end <= start)
		return -ENOEXEC;
	addr = do_mmap(mm, start, end - start, segment_prot(ph),
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	if (addr != start)
		return -ENOMEM;		/* do_mmap ignored MAP_FIXED */
	for (addr = start; addr < file_end; addr += PAGE_SIZE) {
		err = load_page(mm, prog, ph, addr);
		if (err)
			return err;
	}
	return 0;
}

int exec_user_program(const char *name, struct pt_regs *regs)
{
	const struct user_program *prog = find_user_program(name);
	struct mm_struct *mm = current->mm;
	const struct elf32_hdr *eh;
	const struct elf32_phdr *ph;
	unsigned long stack;
	unsigned int i;
	int err;

	if (!prog)
		return -ENOENT;
	if (!elf_header_ok(prog))
		return -ENOEXEC;
	eh = (const void *)prog->elf;
	ph = (const void *)(prog->elf + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD)
			continue;
		err = load_segment(mm, prog, ph);
		if (err)
			return err;
		if (ph->p_flags & PF_X) {
			mm->start_code = ph->p_vaddr;
			mm->end_code = ph->p_vaddr + ph->p_memsz;
		} else {
			mm->start_data = ph->p_vaddr;
			mm->end_data = ph->p_vaddr + ph->p_memsz;
		}
	}
	/* One page of stack; the rest comes by growing it (VM_GROWSDOWN). */
	stack = do_mmap(mm, STACK_TOP - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN);
	if (IS_ERR_VALUE(stack))
		return (int)stack;
	mm->start_stack = STACK_TOP;
	memset(regs, 0, sizeof(*regs));
	regs->eip = eh->e_entry;
	regs->esp = STACK_TOP;
	return 0;
}
