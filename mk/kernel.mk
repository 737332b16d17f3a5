# mk/kernel.mk - build the kernel for one stage: $(BUILD)/kernel.elf
#
# A stage is the kernel core plus labs 0..LAB, the labs' sources taken from
# $(SRC)/ (labs/ for the student's tree, solutions/ for the reference) and
# their in-kernel tests from tests/labN/.  The link is done twice so the
# oops backtraces can name functions (see kernel/core/kallsyms.c).

KERNEL_INCLUDES := -Ikernel/include -Ikernel/arch/x86/include
KERNEL_CFLAGS = $(TARGET_CFLAGS) $(KERNEL_INCLUDES) \
	-DCONFIG_LAB=$(LAB) -DCONFIG_SRC='"$(SRC)"'

# The kernel core, one object per line.
CORE_SRCS := \
	kernel/arch/x86/head.S \
	kernel/arch/x86/entry.S \
	kernel/arch/x86/setjmp.S \
	kernel/arch/x86/switch.S \
	kernel/arch/x86/desc.c \
	kernel/arch/x86/traps.c \
	kernel/arch/x86/fault.c \
	kernel/arch/x86/i8259.c \
	kernel/arch/x86/time.c \
	kernel/arch/x86/nmi.c \
	kernel/arch/x86/serial.c \
	kernel/arch/x86/power.c \
	kernel/arch/x86/setup.c \
	kernel/core/main.c \
	kernel/core/printk.c \
	kernel/core/panic.c \
	kernel/core/kallsyms.c \
	kernel/core/cmdline.c \
	kernel/core/e820.c \
	kernel/core/memblock.c \
	kernel/core/memblock_test.c \
	kernel/core/preempt.c \
	kernel/core/sched.c \
	kernel/core/wait.c \
	kernel/core/kthread.c \
	kernel/core/sched_test.c \
	kernel/mm/globals.c \
	kernel/mm/mm_init.c \
	kernel/lib/string.c \
	kernel/lib/strlcpy.c \
	kernel/lib/vsprintf.c \
	kernel/lib/vsprintf_test.c \
	kernel/ktest/ktest.c \
	kernel/ktest/ktest_select.c \
	kernel/ktest/ktest_test.c \
	kernel/ktest/crash_test.c

# Kit files that use what a lab provides, from that lab's stage on.
CORE_SRCS += $(if $(filter-out 0 1,$(LAB)),kernel/mm/page_address.c)
CORE_SRCS += $(if $(filter-out 0,$(LAB)),kernel/mm/ptdump.c)
CORE_SRCS += $(if $(filter-out 0 1 2,$(LAB)),kernel/mm/vmstat.c)
CORE_SRCS += $(if $(filter-out 0 1 2 3,$(LAB)),kernel/mm/slabinfo.c)
CORE_SRCS += $(if $(filter-out 0 1 2 3 4,$(LAB)),kernel/mm/vmallocinfo.c)

# User processes and system calls, from lab 8 on (kit/process.h).
USER_CORE_SRCS := \
	kernel/arch/x86/process.c \
	kernel/arch/x86/uaccess.c \
	kernel/core/fork.c \
	kernel/core/exec.c \
	kernel/core/exit.c \
	kernel/core/syscall.c
CORE_SRCS += $(if $(filter-out 0 1 2 3 4 5 6 7,$(LAB)),$(USER_CORE_SRCS))

# Labs 0..LAB: the student's (or reference) files, then the lab's ktests.
STAGE_LABS := $(if $(filter all,$(LAB)),$(ALL_LABS),$(filter $(ALL_LABS),$(shell seq 0 $(LAB))))
LAB_SRCS := $(foreach n,$(STAGE_LABS),$(sort $(wildcard $(SRC)/lab$(n)/*.c)))
LAB_TEST_SRCS := $(foreach n,$(STAGE_LABS),$(sort $(wildcard tests/lab$(n)/*_ktest.c)))

KERNEL_SRCS := $(CORE_SRCS) $(LAB_SRCS) $(LAB_TEST_SRCS)
KERNEL_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(KERNEL_SRCS)))

# The stage's user programs, linked in as data (mk/user.mk sets USER_OBJS).
-include mk/user.mk
KERNEL_OBJS += $(USER_OBJS)

$(BUILD)/obj/%.o: %.c
	$(quiet) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	$(quiet) AS $<
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(TARGET_ASFLAGS) $(KERNEL_INCLUDES) -c $< -o $@

# The stage's configuration is part of every object: rebuild if it changes.
$(BUILD)/config: FORCE
	@mkdir -p $(BUILD)
	@echo 'LAB=$(LAB) SRC=$(SRC) SRCS=$(KERNEL_SRCS)' > $@.new
	@cmp -s $@ $@.new && rm $@.new || mv $@.new $@
$(KERNEL_OBJS): $(BUILD)/config

KALLSYMS := build/tools/kallsyms
LINK_KERNEL = $(LD) $(TARGET_LDFLAGS) -T kernel/arch/x86/kernel.ld -o $@

# Pass 1 links an empty symbol table; pass 2 the table pass 1's symbols give.
# The check regenerates the table from the final image: it must not change,
# or some function moved between the links and backtraces would lie.
$(BUILD)/kernel.elf: $(KERNEL_OBJS) $(KALLSYMS) kernel/arch/x86/kernel.ld
	$(quiet) LD $@
	$(Q)$(KALLSYMS) < /dev/null > $(BUILD)/kallsyms0.S
	$(Q)$(CC) $(TARGET_ASFLAGS) -c $(BUILD)/kallsyms0.S -o $(BUILD)/kallsyms0.o
	$(Q)$(LD) $(TARGET_LDFLAGS) -T kernel/arch/x86/kernel.ld -o $(BUILD)/kernel.pass1.elf \
		$(KERNEL_OBJS) $(BUILD)/kallsyms0.o
	$(Q)$(NM) -n $(BUILD)/kernel.pass1.elf | $(KALLSYMS) > $(BUILD)/kallsyms.S
	$(Q)$(CC) $(TARGET_ASFLAGS) -c $(BUILD)/kallsyms.S -o $(BUILD)/kallsyms.o
	$(Q)$(LINK_KERNEL) $(KERNEL_OBJS) $(BUILD)/kallsyms.o
	$(Q)$(NM) -n $@ | $(KALLSYMS) | cmp -s - $(BUILD)/kallsyms.S || \
		{ echo "kallsyms: symbols moved between links" >&2; rm -f $@; exit 1; }

$(KALLSYMS): tools/kallsyms.c
	$(quiet) HOSTCC $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) -o $@ $<

-include $(KERNEL_OBJS:.o=.d)
