# mk/boot.mk - the two-stage BIOS boot loader (kernel/boot/) and the mkdisk tool.
#
# Included by the top Makefile after mk/common.mk.  Builds:
#
#   $(BUILD)/boot/stage1.bin   512-byte MBR (stage1.S, stage1.ld)
#   $(BUILD)/boot/stage2.bin   second stage, <= 62 sectors (stage2*.S, *.c)
#   build/tools/mkdisk         host tool that writes disk images
#   $(BUILD)/disk.img          from $(BUILD)/kernel.elf, see below
#
# With KIT_OBJ_DIR (mk/kernel.mk) disk.img takes the loader and mkdisk
# prebuilt from there instead; `make kit-objects` puts them there.
#
# For other fragments:
#
#   MKDISK, STAGE1_BIN, STAGE2_BIN, BOOT_BINS   the files disk.img uses
#   $(call mkdisk_image,IMAGE,KERNEL_ELF,CMDLINE)
#                              recipe line that writes IMAGE
#   BOOT_CMDLINE               command line the disk.img rule bakes in
#                              (default empty; runners rewrite it later
#                              with `mkdisk --set-cmdline IMAGE TEXT`)
#
# Stage 2 is 32-bit C built like the kernel (TARGET_CFLAGS) but linked on
# its own at 0x8000; stage2.S explains why it is not gcc -m16 code.

BOOT_SRC   := kernel/boot
BOOT_OUT   := $(BUILD)/boot
BOOT_BUILT := $(BOOT_OUT)/stage1.bin $(BOOT_OUT)/stage2.bin

# What disk.img is made with: built here, or prebuilt (KIT_BUILD).
MKDISK     := $(if $(KIT_OBJ_DIR),$(KIT_OBJ_DIR)/tools/mkdisk,build/tools/mkdisk)
STAGE1_BIN := $(KIT_BUILD)/boot/stage1.bin
STAGE2_BIN := $(KIT_BUILD)/boot/stage2.bin
BOOT_BINS  := $(STAGE1_BIN) $(STAGE2_BIN)

BOOT_CMDLINE ?=

# stage2.o holds _start; stage2.ld puts it first whatever the order here.
STAGE2_ASM_OBJS := \
	$(BOOT_OUT)/stage2.o \
	$(BOOT_OUT)/stage2_bios.o

STAGE2_C_OBJS := \
	$(BOOT_OUT)/main.o \
	$(BOOT_OUT)/a20.o \
	$(BOOT_OUT)/memory.o \
	$(BOOT_OUT)/disk.o \
	$(BOOT_OUT)/elf_load.o \
	$(BOOT_OUT)/multiboot.o \
	$(BOOT_OUT)/console.o \
	$(BOOT_OUT)/string.o

STAGE2_OBJS := $(STAGE2_ASM_OBJS) $(STAGE2_C_OBJS)

# -Os: stage 2 must fit 62 sectors; it has no speed-critical C code.
# -march=i386: the loader must run on any CPU to reach the kernel's
# verify_cpu.S, which tells a too-old CPU so in words.
BOOT_CFLAGS := $(TARGET_CFLAGS) -Os -march=i386

# $(call mkdisk_image,IMAGE,KERNEL_ELF,CMDLINE)
mkdisk_image = $(MKDISK) -o $(1) --stage1 $(STAGE1_BIN) \
	--stage2 $(STAGE2_BIN) --kernel $(2) --cmdline '$(3)'

.PHONY: boot
boot: $(BOOT_BINS) $(MKDISK)

# ---- stage 1 ----------------------------------------------------------------
$(BOOT_OUT)/stage1.o: $(BOOT_SRC)/stage1.S
	$(quiet) AS $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(TARGET_ASFLAGS) -c -o $@ $<

$(BOOT_OUT)/stage1.elf: $(BOOT_OUT)/stage1.o $(BOOT_SRC)/stage1.ld
	$(quiet) LD $@
	$(Q)$(LD) $(TARGET_LDFLAGS) -T $(BOOT_SRC)/stage1.ld -o $@ $<

# ---- stage 2 ----------------------------------------------------------------
$(STAGE2_ASM_OBJS): $(BOOT_OUT)/%.o: $(BOOT_SRC)/%.S
	$(quiet) AS $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(TARGET_ASFLAGS) -c -o $@ $<

$(STAGE2_C_OBJS): $(BOOT_OUT)/%.o: $(BOOT_SRC)/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(BOOT_CFLAGS) -c -o $@ $<

# Built for another CPU (TARGET_MARCH, in the stage's config): rebuild.
$(STAGE2_OBJS) $(BOOT_OUT)/stage1.o: $(BUILD)/config

$(BOOT_OUT)/stage2.elf: $(STAGE2_OBJS) $(BOOT_SRC)/stage2.ld
	$(quiet) LD $@
	$(Q)$(LD) $(TARGET_LDFLAGS) -T $(BOOT_SRC)/stage2.ld -o $@ \
		$(STAGE2_OBJS)

# ---- raw binaries -----------------------------------------------------------
$(BOOT_BUILT): %.bin: %.elf
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@

# ---- host tool (one for all labs, hence not under $(BUILD)) -----------------
build/tools/mkdisk: tools/mkdisk.c $(BOOT_SRC)/boot.h
	$(quiet) HOSTCC $@
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) -o $@ $<

# ---- the disk image ---------------------------------------------------------
$(BUILD)/disk.img: $(BUILD)/kernel.elf $(BOOT_BINS) $(MKDISK)
	$(quiet) MKDISK $@
	$(Q)$(call mkdisk_image,$@,$<,$(BOOT_CMDLINE))

# The loader and mkdisk are part of the kit's share (mk/kernel.mk).
kit-objects: $(BOOT_BUILT) build/tools/mkdisk
KIT_DEPS += $(STAGE2_OBJS:.o=.d) $(BOOT_OUT)/stage1.d

-include $(STAGE2_OBJS:.o=.d) $(BOOT_OUT)/stage1.d build/tools/mkdisk.d
