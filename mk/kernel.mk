# mk/kernel.mk - build the kernel for one stage: $(BUILD)/kernel.elf
#
# A stage is the kernel core plus labs 0..LAB, the labs' sources taken from
# $(SRC)/ (labs/ for the student's tree, solutions/ for the reference) and
# their in-kernel tests from tests/labN/ (the core's from tests/core/).
# The link is done twice so the oops backtraces can name functions (see
# kernel/core/kallsyms.c).
#
# Prebuilt kit objects (the grader's cache, grader/cache.c).  A stage is
# the student's LAB_SRCS plus the kit's own share: the core, the ktests,
# the user programs, the boot loader and the two host tools the image
# needs.  `make kit-objects BUILD=DIR` builds only the kit's share, in a
# pristine kit; `make image KIT_OBJ_DIR=DIR` then compiles only LAB_SRCS
# into $(BUILD) and takes the rest from DIR:
#
#     DIR/obj/kernel/...o  DIR/obj/tests/{core,labN}/...o   core and ktests
#     DIR/user/programs.o                                    lab 8 on (mk/user.mk)
#     DIR/boot/stage1.bin  DIR/boot/stage2.bin               mk/boot.mk
#     DIR/tools/kallsyms   DIR/tools/mkdisk                  host tools
#
# Prebuilt files have no rule (the pattern rules only make $(BUILD)/...)
# and their .d files are not read, so make never rebuilds one in DIR.
# Objects are the same bytes wherever they were built (PREFIX_MAP in
# mk/common.mk), so the image is the one a clean build makes.

KERNEL_INCLUDES := -Ikernel/include -Ikernel/arch/x86/include
KERNEL_CFLAGS = $(TARGET_CFLAGS) $(KERNEL_INCLUDES) \
	-DCONFIG_LAB=$(LAB)

# The kernel core, one object per line.
CORE_SRCS := \
	kernel/arch/x86/head.S \
	kernel/arch/x86/verify_cpu.S \
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
	kernel/arch/x86/vga.c \
	kernel/arch/x86/power.c \
	kernel/arch/x86/setup.c \
	kernel/core/main.c \
	kernel/core/printk.c \
	kernel/core/panic.c \
	kernel/core/warn.c \
	kernel/core/kallsyms.c \
	kernel/core/cmdline.c \
	kernel/core/e820.c \
	kernel/core/memmap.c \
	kernel/core/memblock.c \
	kernel/core/preempt.c \
	kernel/core/sched.c \
	kernel/core/wait.c \
	kernel/core/kthread.c \
	kernel/mm/globals.c \
	kernel/mm/mm_init.c \
	kernel/lib/string.c \
	kernel/lib/strlcpy.c \
	kernel/lib/vsprintf.c \
	kernel/ktest/ktest.c \
	kernel/ktest/ktest_channel.c \
	kernel/ktest/ktest_select.c

# The core's own in-kernel tests (core.*), in every stage, linked after
# the core and before the labs: ktest runs tests in link order.
CORE_TEST_SRCS := \
	tests/core/memmap_ktest.c \
	tests/core/memblock_ktest.c \
	tests/core/sched_ktest.c \
	tests/core/vsprintf_ktest.c \
	tests/core/ktest_ktest.c \
	tests/core/crash_ktest.c

# $(call from_lab,n,FILES): FILES in a stage that has lab n, i.e. LAB=n
# or later (LAB=all has every lab); nothing before.
from_lab = $(if $(filter-out $(call labs_before,$(1)),$(LAB)),$(2))

# Kit files that use what a lab provides, from that lab's stage on.
CORE_SRCS += $(call from_lab,2,kernel/mm/page_address.c)
CORE_SRCS += $(call from_lab,1,kernel/mm/ptdump.c)
CORE_SRCS += $(call from_lab,3,kernel/mm/vmstat.c)
CORE_SRCS += $(call from_lab,4,kernel/mm/slabinfo.c)
CORE_SRCS += $(call from_lab,5,kernel/mm/vmallocinfo.c)

# User processes and system calls, from lab 8 on (kit/process.h).
USER_CORE_SRCS := \
	kernel/arch/x86/process.c \
	kernel/arch/x86/uaccess.c \
	kernel/core/fork.c \
	kernel/core/exec.c \
	kernel/core/exit.c \
	kernel/core/syscall.c
CORE_SRCS += $(call from_lab,8,$(USER_CORE_SRCS))

# Labs 0..LAB: the student's (or reference) files, then the lab's ktests.
STAGE_LABS := $(if $(filter all,$(LAB)),$(ALL_LABS),$(filter $(ALL_LABS),$(call labs_upto,$(LAB))))
LAB_SRCS := $(foreach n,$(STAGE_LABS),$(sort $(wildcard $(SRC)/lab$(n)/*.c)))
LAB_TEST_SRCS := $(foreach n,$(STAGE_LABS),$(sort $(wildcard tests/lab$(n)/*_ktest.c)))

KERNEL_SRCS := $(CORE_SRCS) $(CORE_TEST_SRCS) $(LAB_SRCS) $(LAB_TEST_SRCS)

# Where the kit's share comes from: built here, or prebuilt.
ifeq ($(KIT_OBJ_DIR),)
  KIT_BUILD := $(BUILD)
else ifeq ($(abspath $(KIT_OBJ_DIR)),$(abspath $(BUILD)))
  $(error KIT_OBJ_DIR must not be BUILD: prebuilt files are never rebuilt)
else
  KIT_BUILD := $(KIT_OBJ_DIR)
endif
objs_in = $(patsubst %,$(1)/obj/%.o,$(basename $(2)))

# The stage's user programs, linked in as data (mk/user.mk sets USER_OBJS).
-include mk/user.mk

# Link order: core, core ktests, labs, lab ktests, user programs, whoever
# built them.
LAB_OBJS := $(call objs_in,$(BUILD),$(LAB_SRCS))
KIT_OBJS := $(call objs_in,$(KIT_BUILD),$(CORE_SRCS) $(CORE_TEST_SRCS) $(LAB_TEST_SRCS)) \
	$(USER_OBJS)
KERNEL_OBJS := $(call objs_in,$(KIT_BUILD),$(CORE_SRCS) $(CORE_TEST_SRCS)) $(LAB_OBJS) \
	$(call objs_in,$(KIT_BUILD),$(LAB_TEST_SRCS)) $(USER_OBJS)
# The objects this make compiles.
BUILT_OBJS := $(if $(KIT_OBJ_DIR),$(LAB_OBJS),$(KERNEL_OBJS))

# The tests also find the helpers they share with the host suites
# (tests/lib/: page_word.h, buddy_model.h).
$(BUILD)/obj/tests/%.o: KERNEL_TEST_INCLUDES := -Itests/lib
$(BUILD)/obj/%.o: %.c
	$(quiet) CC $<
	@mkdir -p $(dir $@)
	$(Q)$(CCACHE) $(CC) $(KERNEL_CFLAGS) $(KERNEL_TEST_INCLUDES) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	$(quiet) AS $<
	@mkdir -p $(dir $@)
	$(Q)$(CCACHE) $(CC) $(TARGET_ASFLAGS) $(KERNEL_INCLUDES) -c $< -o $@

# The stage's configuration is part of every object: rebuild if it changes.
# The image depends on it too: another KIT_OBJ_DIR means other inputs.
# TARGET_MARCH is in it so that a tree built for another CPU is rebuilt
# whole, the loader (mk/boot.mk) and the user programs (mk/user.mk) too.
$(BUILD)/config: FORCE
	@mkdir -p $(BUILD)
	@echo 'LAB=$(LAB) SRC=$(SRC) KIT_OBJ_DIR=$(KIT_OBJ_DIR) SRCS=$(KERNEL_SRCS) MARCH=$(TARGET_MARCH)' > $@.new
	@cmp -s $@ $@.new && rm $@.new || mv $@.new $@
$(BUILT_OBJS): $(BUILD)/config

KALLSYMS := $(if $(KIT_OBJ_DIR),$(KIT_OBJ_DIR)/tools/kallsyms,build/tools/kallsyms)
LINK_KERNEL = $(LD) $(TARGET_LDFLAGS) -T kernel/arch/x86/kernel.ld -o $@

# Pass 1 links an empty symbol table; pass 2 the table pass 1's symbols give.
# The check regenerates the table from the final image: it must not change,
# or some function moved between the links and backtraces would lie.
#
# The stage's SRC is not compiled into any kit object (so one cached set of
# objects serves solutions/ and labs/ alike): the banner reads it from
# kit_stage_src, a string assembled here for this image alone.
$(BUILD)/kernel.elf: $(KERNEL_OBJS) $(KALLSYMS) kernel/arch/x86/kernel.ld $(BUILD)/config
	$(quiet) LD $@
	$(Q)printf '\t.section .rodata\n\t.globl kit_stage_src\nkit_stage_src:\n\t.asciz "%s"\n' \
		'$(SRC)' > $(BUILD)/stage.S
	$(Q)$(CC) $(TARGET_ASFLAGS) -c $(BUILD)/stage.S -o $(BUILD)/stage.o
	$(Q)$(KALLSYMS) < /dev/null > $(BUILD)/kallsyms0.S
	$(Q)$(CC) $(TARGET_ASFLAGS) -c $(BUILD)/kallsyms0.S -o $(BUILD)/kallsyms0.o
	$(Q)$(LD) $(TARGET_LDFLAGS) -T kernel/arch/x86/kernel.ld -o $(BUILD)/kernel.pass1.elf \
		$(KERNEL_OBJS) $(BUILD)/stage.o $(BUILD)/kallsyms0.o
	$(Q)$(NM) -n $(BUILD)/kernel.pass1.elf | $(KALLSYMS) > $(BUILD)/kallsyms.S
	$(Q)$(CC) $(TARGET_ASFLAGS) -c $(BUILD)/kallsyms.S -o $(BUILD)/kallsyms.o
	$(Q)$(LINK_KERNEL) $(KERNEL_OBJS) $(BUILD)/stage.o $(BUILD)/kallsyms.o
	$(Q)$(NM) -n $@ | $(KALLSYMS) | cmp -s - $(BUILD)/kallsyms.S || \
		{ echo "kallsyms: symbols moved between links" >&2; rm -f $@; exit 1; }

build/tools/kallsyms: tools/kallsyms.c
	$(quiet) HOSTCC $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) -o $@ $<

# The kit's share of the stage, for KIT_OBJ_DIR (mk/boot.mk adds
# the loader and mkdisk).  The grader keys its cache on every kit file
# except labs/ and solutions/: the check proves no kit object reads one
# (with -MP every header an object read is a "PATH:" line of its .d).
KIT_DEPS = $(KIT_OBJS:.o=.d) $(USER_LIB:.o=.d) $(USER_ELFS:.elf=.d)
.PHONY: kit-objects
kit-objects: $(KIT_OBJS) build/tools/kallsyms
	$(if $(KIT_OBJ_DIR),$(error kit-objects builds a KIT_OBJ_DIR; do not give one))
	@mkdir -p $(BUILD)/tools
	$(Q)cp build/tools/kallsyms build/tools/mkdisk $(BUILD)/tools/
	$(Q)! grep -lE '^([^ ]*/)?(labs|solutions)/[^ ]*:$$' /dev/null $(wildcard $(KIT_DEPS)) || \
		{ echo "kit-objects: the kit objects above read a file of labs/ or solutions/" >&2; exit 1; }

-include $(BUILT_OBJS:.o=.d)
