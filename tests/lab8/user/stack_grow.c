/**
 * @file
 * stack_grow: the stack VMA grows down as the program uses more stack.
 *
 * The kernel gives a program a small stack VMA marked VM_GROWSDOWN; a
 * fault just below it extends it.  Here each level of a recursion holds a
 * 16 KiB array, filled with a pattern, until the arrays reach 256 KiB below
 * the stack pointer the program started with (user_stack_top): 16 levels
 * of a little over 16 KiB each, about 65 pages of new stack.  At the
 * deepest level pagemap shows a VMA with VM_GROWSDOWN covering the
 * address; on the way back each level checks its pattern.  The arrays
 * are of words, each word's value its own (level and index): a byte
 * loop would cost Bochs four times as much, and a byte pattern repeats
 * every 256 bytes, so two pages of one array that shared a frame would
 * not show.
 *
 * Expected: exit status 0.
 */
#include <user.h>

#define FRAME_BYTES	16384
#define DEPTH_BYTES	(256 * 1024UL)

static unsigned long deepest;		/* lowest array address reached */

#define FRAME_WORDS	(FRAME_BYTES / sizeof(unsigned long))

static unsigned long pattern(int level, int i)
{
	return 0x5a000000UL ^ ((unsigned long)level << 16) ^ (unsigned long)i;
}

/* Fill a fresh 16 KiB frame, go deeper until DEPTH_BYTES, then check it. */
static __attribute__((__noinline__)) int descend(int level)
{
	volatile unsigned long frame[FRAME_WORDS];
	unsigned long here = (unsigned long)frame;
	int i, levels = level;

	for (i = 0; i < (int)FRAME_WORDS; i++)
		frame[i] = pattern(level, i);
	if (user_stack_top - here < DEPTH_BYTES) {
		levels = descend(level + 1);
	} else {
		struct mmkit_pageinfo info;

		deepest = here;
		UCHECK_EQ(mmkit_pagemap((const void *)here, &info), 0);
		UCHECK_EQ(info.flags & MMKIT_PAGE_VMA, MMKIT_PAGE_VMA);
		UCHECK_EQ(info.vm_flags & VM_GROWSDOWN, VM_GROWSDOWN);
		UCHECK(info.vm_start <= here);
		say("level %d at 0x%lx, %lu KiB below the start: stack VMA "
		    "0x%x-0x%x\n", level, here, (user_stack_top - here) / 1024,
		    info.vm_start, info.vm_end);
	}
	for (i = 0; i < (int)FRAME_WORDS; i++)
		UCHECK_EQ(frame[i], pattern(level, i));
	return levels;
}

int main(void)
{
	int levels;

	levels = descend(0);
	UCHECK(user_stack_top - deepest >= DEPTH_BYTES);
	say("%d levels of 16 KiB deep and back, every value intact\n",
	    levels + 1);
	return 0;
}
