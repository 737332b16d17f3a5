/**
 * @file
 * Power-off: how every run of the kit's kernel ends.
 */
#ifndef _KIT_POWER_H
#define _KIT_POWER_H

#include <linux/compiler.h>

/** Drain the console and switch the (emulated) machine off. */
void __noreturn machine_power_off(void);

#endif /* _KIT_POWER_H */
