# mk/run.mk - booting the stage's kernel: make run, qemu, qemu-gdb, bochs-debug
#
# Every boot goes through build/tools/bootrun (tools/bootrun/), which owns
# the limits, dumps the CPU of a guest it has to kill, and kills the
# emulator's whole process group.  Each run's serial output and emulator
# log are kept under $(BUILD)/.

BOOTRUN  := build/tools/bootrun
# What `make run` runs: bootrun, or a stand-in given the same arguments
# (tools/book/bootkey.sh hashes them).  Only the command changes; the
# target that builds bootrun stays bootrun's.
RUNNER   ?= $(BOOTRUN)
BOOTRUN_OBJ := build/tools/obj/bootrun
MEM      ?= 1024
# TIMEOUT counts the emulator's CPU seconds, and a boot that prints nothing
# for 20 of them is stopped as idle: a busy host makes a boot slower, never
# a different verdict.  The wall clock only backs that up, ten times wider.
TIMEOUT  ?= 60
RUN_LIMITS = --cpu-timeout $(TIMEOUT) --cpu-idle 20 --timeout $(shell echo $$(( $(TIMEOUT) * 10 )))
CMDLINE  ?=
CRASH    ?=
RUN_CMDLINE = $(strip $(CMDLINE) $(if $(CRASH),crash=$(CRASH)))

BOOTRUN_SRCS := \
	tools/bootrun/channels.c \
	tools/bootrun/cpudump.c \
	tools/bootrun/cputime.c \
	tools/bootrun/emulator.c \
	tools/bootrun/ksyms.c \
	tools/bootrun/main.c \
	tools/bootrun/monitor.c \
	tools/bootrun/supervise.c
BOOTRUN_OBJS := $(BOOTRUN_SRCS:tools/bootrun/%.c=$(BOOTRUN_OBJ)/%.o)

$(BOOTRUN_OBJ)/%.o: tools/bootrun/%.c
	$(quiet) HOSTCC $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) -D_GNU_SOURCE -c $< -o $@

$(BOOTRUN): $(BOOTRUN_OBJS)
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) $^ -o $@

-include $(BOOTRUN_OBJS:.o=.d)

.PHONY: run qemu qemu-gdb bochs-debug
run: deps-check image $(BOOTRUN)
	$(Q)$(RUNNER) --emu bochs --image $(BUILD)/disk.img --kernel $(BUILD)/kernel.elf \
		--mem $(MEM) $(RUN_LIMITS) --cmdline "$(RUN_CMDLINE)" \
		--serial $(BUILD)/serial.log --log $(BUILD)/bochs.log

qemu: deps-check kernel $(BOOTRUN)
	$(Q)$(BOOTRUN) --emu qemu --kernel $(BUILD)/kernel.elf \
		--mem $(MEM) $(RUN_LIMITS) --cmdline "$(RUN_CMDLINE)" \
		--serial $(BUILD)/serial-qemu.log --log $(BUILD)/qemu.log

qemu-gdb: deps-check kernel $(BOOTRUN)
	@echo "In another terminal: gdb -x .gdbinit $(BUILD)/kernel.elf"
	$(Q)$(BOOTRUN) --emu qemu --debug --kernel $(BUILD)/kernel.elf \
		--mem $(MEM) --timeout 3600 --cmdline "$(RUN_CMDLINE)" \
		--serial $(BUILD)/serial-qemu.log --log $(BUILD)/qemu.log

bochs-debug: deps-check image $(BOOTRUN)
	$(Q)$(BOOTRUN) --emu bochs --debug --image $(BUILD)/disk.img \
		--mem $(MEM) --cmdline "$(RUN_CMDLINE)" \
		--serial $(BUILD)/serial.log --log $(BUILD)/bochs.log

# make bench: the numbers the book quotes, measured now on this machine.
# Boot time is wall-clock seconds from starting Bochs to the power-off with
# no tests run; the rest are emulated instructions per operation from the
# bench groups (exact and repeatable under Bochs).
.PHONY: bench test-kernel
bench: deps-check image $(BOOTRUN)
	$(Q)for i in 1 2 3; do $(BOOTRUN) --image $(BUILD)/disk.img --quiet \
		--cmdline "ktest=none" --cpu-timeout 60 --timeout 600 2>&1 | \
		sed -n 's/^bootrun: kernel powered off after \(.*\) s$$/bench: boot to power-off, Bochs, $(MEM) MiB: \1 s/p'; done
	$(Q)$(BOOTRUN) --image $(BUILD)/disk.img --cmdline "ktest.filter=*.bench.*" \
		--mem $(MEM) --cpu-timeout 120 --cpu-idle 30 --timeout 1200 2>/dev/null | sed -n 's/^# bench: /bench: /p'
	$(Q)if [ "$(LAB)" -ge 4 ] 2>/dev/null; then $(MAKE) -s --no-print-directory bench-host; fi

test-kernel: deps-check tools
	$(Q)tests/kernel/boot_tests.sh

# The machines the kernel runs on (CPU models, RAM sizes, boot paths):
# a sample of about 30 s of CPU; FULL=1 every row with every test; with
# UPDATE=1 FULL=1 it rewrites README's table of them.
.PHONY: test-machines
test-machines: deps-check tools
	$(Q)FULL=$(FULL) UPDATE=$(UPDATE) tests/kernel/machines_tests.sh

# bootrun's CPU-time limits and CPU dump, idle host and oversubscribed.
.PHONY: test-bootrun
test-bootrun: deps-check $(BOOTRUN)
	$(Q)tests/kernel/bootrun_tests.sh
