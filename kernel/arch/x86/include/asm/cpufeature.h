/**
 * @file
 * CPU features: what CPUID says this processor has, and the kit's minimum.
 *
 * CPUID leaf 1 returns the family in EAX bits 8-11 (4 for a 486, 5 for a
 * Pentium, 6 for a Pentium Pro and everything since in 32-bit mode, 15
 * for a Pentium 4) and one bit per feature in EDX.  The bits the kit
 * cares about, as Linux names them (X86_FEATURE_*, word 0):
 *
 * @verbatim
 *   bit  name  since            what the kit does with it
 *    3   PSE   Pentium          required: 4 MiB pages in head.S's boot
 *                               directory and lab 1's direct map
 *    4   TSC   Pentium          optional: rdtsc() reads 0 without it, and
 *                               the ktest benchmarks measure nothing
 *   13   PGE   Pentium Pro      unused: the kit sets no _PAGE_GLOBAL
 *   15   CMOV  Pentium Pro      never emitted: the kit builds for i586
 * @endverbatim
 *
 * The minimum is an i586 (family 5) with PSE, the Pentium: verify_cpu.S
 * checks it before the first instruction that needs it, and on anything
 * older prints one line and halts.  A worked example: QEMU's `-cpu 486`
 * answers family 4, so the boot stops with "... only detected an i486
 * CPU ...".
 */
#ifndef _ASM_CPUFEATURE_H
#define _ASM_CPUFEATURE_H

#define X86_FEATURE_PSE   3	/**< 4 MiB pages (CR4.PSE) */
#define X86_FEATURE_TSC   4	/**< the time-stamp counter (rdtsc) */
#define X86_FEATURE_PGE   13	/**< global pages (CR4.PGE) */
#define X86_FEATURE_CMOV  15	/**< cmovcc: what -march=i686 assumes */

#define X86_MIN_FAMILY    5	/**< i586: the Pentium */
/** Feature bits the kernel cannot boot without (verify_cpu.S checks them). */
#define X86_REQUIRED_FEATURES (1 << X86_FEATURE_PSE)

#ifndef __ASSEMBLY__
#include <linux/types.h>

/** CPUID leaf 1's EDX, saved by verify_cpu.S before paging is on. */
extern u32 x86_capability;

/** Does the boot CPU have feature @p bit (an X86_FEATURE_* number)? */
static inline bool boot_cpu_has(unsigned int bit)
{
	return (x86_capability >> bit) & 1;
}
#endif /* __ASSEMBLY__ */
#endif /* _ASM_CPUFEATURE_H */
