# mk/iso.mk - a GRUB CD image of the stage's kernel, for a real PC (make iso)
#
#   make iso        $(BUILD)/mmkit.iso: GRUB, kernel.elf, CMDLINE as the default
#                   command line, a menu that waits ISO_TIMEOUT seconds (e edits)
#   make run-iso    boot that ISO under Bochs (CD-ROM); qemu-iso under QEMU
#   make test-iso   tests/kernel/iso_tests.sh: GRUB boots run the stage's tests
#                   like the disk boot, and the VGA screen shows the console
#
# The ISO is also a hybrid disk image: `dd` it to a USB stick (README.md,
# "Running on a real PC").  tools/mkiso.sh explains the rest.

ISO         := $(BUILD)/mmkit.iso
ISO_TIMEOUT ?= 5
MKISO       := tools/mkiso.sh

.PHONY: iso run-iso qemu-iso test-iso
# Rebuilt every time: the command line is not a file make could watch.
iso: deps-check kernel
	$(quiet) MKISO $(ISO)
	$(Q)$(MKISO) -o $(ISO) -k $(BUILD)/kernel.elf -c "$(RUN_CMDLINE)" \
		-t $(ISO_TIMEOUT) -n "mmkit lab$(LAB) ($(SRC))"

run-iso: iso $(BOOTRUN)
	$(Q)$(BOOTRUN) --emu bochs --iso $(ISO) --kernel $(BUILD)/kernel.elf \
		--mem $(MEM) $(RUN_LIMITS) --serial $(BUILD)/serial-iso.log \
		--log $(BUILD)/bochs-iso.log

qemu-iso: iso $(BOOTRUN)
	$(Q)$(BOOTRUN) --emu qemu --iso $(ISO) --kernel $(BUILD)/kernel.elf \
		--mem $(MEM) $(RUN_LIMITS) --serial $(BUILD)/serial-qemu-iso.log \
		--log $(BUILD)/qemu-iso.log

test-iso: deps-check tools
	$(Q)tests/kernel/iso_tests.sh
