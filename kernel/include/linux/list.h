/**
 * @file
 * Circular doubly linked lists, with Linux's API.
 *
 * A list is a struct list_head embedded in each element; the head is a
 * struct list_head of its own that points to the first and last element.
 * An empty list points to itself:
 *
 * @verbatim
 *   empty:   head <-> head
 *   two:     head <-> a.lru <-> b.lru <-> (back to head)
 * @endverbatim
 *
 * list_entry() (container_of) gets from the embedded node to its element.
 * The buddy allocator keeps its free lists this way (page->lru), and so do
 * the slab allocator and vmalloc.
 */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <linux/kernel.h>

/** A link of a doubly linked circular list, embedded in the listed object (Linux's list.h). */
struct list_head {
	struct list_head *next, *prev;
};

/** Initialiser of an empty list head called @p name. */
#define LIST_HEAD_INIT(name) { &(name), &(name) }
/** Define an empty list head @p name. */
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/** Make @p list an empty list: both links point to itself. */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/** Link @p new between two known consecutive entries. */
static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/** Insert @p new right after @p head (stack order). */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/** Insert @p new right before @p head, i.e. at the tail (queue order). */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

/**
 * Unlink @p entry.  Its pointers are poisoned (as in Linux) so a second
 * list_del of the same node faults at a recognisable address instead of
 * silently corrupting the list.
 */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = (struct list_head *)0x00100100;	/* LIST_POISON1 */
	entry->prev = (struct list_head *)0x00200200;	/* LIST_POISON2 */
}

/** Unlink @p entry and make it an empty list of its own. */
static inline void list_del_init(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

/** Move @p entry from its list to the front of @p head. */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	list_del_init(entry);
	list_add(entry, head);
}

/** Unlink @p entry and add it at the tail of @p head. */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	list_del_init(entry);
	list_add_tail(entry, head);
}

/** True if the list @p head has no entries. */
static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/** The @p type object that holds link @p ptr as its @p member. */
#define list_entry(ptr, type, member) container_of(ptr, type, member)
/** The first object of a non-empty list. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

/** Loop @p pos over the links of @p head. */
#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

/** Loop @p pos over the objects of @p head. */
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_entry((head)->next, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

/** Like list_for_each_entry(), but @p pos may be removed inside the loop. */
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_entry((head)->next, __typeof__(*pos), member),	\
	     n = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != (head);					\
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

#endif /* _LINUX_LIST_H */
