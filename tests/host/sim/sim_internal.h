/**
 * @file
 * What the sim's own files share and tests do not need.
 */
#ifndef _SIM_INTERNAL_H
#define _SIM_INTERNAL_H

/** The memfd holding simulated physical memory, or -1 (machine.c). */
extern int sim_phys_fd;

/** Allocate the TLB table (mmu.c); 0 or -ENOMEM. */
int sim_mmu_init(void);
/** Free it and forget the walker. */
void sim_mmu_exit(void);

/** Lay out the fake kernel image, fill the boot directory, CR3 -> it (paging.c). */
void sim_paging_init(void);
/** Forget the image, the directories and CR3. */
void sim_paging_exit(void);

/**
 * Arm the case guard (case_guard.c) before Check runs: its pipe, and the
 * grader's channel when SIM_RESULT_FD is set; 0 or -1 (said on stderr).
 */
int sim_case_guard_init(void);
/** Cases Check passed that never finished (an early exit): 0 for a pass. */
unsigned int sim_case_guard_unfinished(void);

#endif /* _SIM_INTERNAL_H */
