/**
 * @file
 * Where the kernel image's sections start and end (from kernel.ld).
 *
 * @verbatim
 *   _text .. _etext             code           read-only after lab 1
 *   _srodata .. __end_rodata    constant data  read-only after lab 1
 *   __init_begin .. __init_end  boot-only code and data
 *   _sdata .. _edata, __bss_start .. __bss_stop, .. _end
 * @endverbatim
 *
 * On the host build the "image" is a region of simulated RAM that the
 * simulated machine lays out the same way, so these names are pointers
 * into it.
 */
#ifndef _ASM_SECTIONS_H
#define _ASM_SECTIONS_H

#ifdef __HOST_SIM__
struct sim_sections {
	char *text, *etext, *srodata, *end_rodata, *init_begin, *init_end,
	     *sdata, *edata, *bss_start, *bss_stop, *end;
};
extern struct sim_sections sim_sections;
#define _text         (sim_sections.text)
#define _etext        (sim_sections.etext)
#define _srodata      (sim_sections.srodata)
#define __end_rodata  (sim_sections.end_rodata)
#define __init_begin  (sim_sections.init_begin)
#define __init_end    (sim_sections.init_end)
#define _sdata        (sim_sections.sdata)
#define _edata        (sim_sections.edata)
#define __bss_start   (sim_sections.bss_start)
#define __bss_stop    (sim_sections.bss_stop)
#define _end          (sim_sections.end)
#else
extern char _text[], _etext[], _srodata[], __end_rodata[];
extern char __init_begin[], __init_end[], _sdata[], _edata[];
extern char __bss_start[], __bss_stop[], _end[];
#endif

#endif /* _ASM_SECTIONS_H */
