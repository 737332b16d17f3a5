# mk/common.mk - variables and quiet-build helpers shared by every fragment.
#
# Every fragment (kernel, boot loader, host tests, grader, book) includes
# this file through the top-level Makefile and builds into $(BUILD).  Output
# is one short line per step ("  CC      kernel/core/printk.o"); V=1 prints
# the full command lines instead.

# ---- where things go ------------------------------------------------------
LAB      ?= $(LAST_LAB)
SRC      ?= labs
BUILD    ?= build/$(SRC)-lab$(LAB)
HOSTBUILD ?= build/host

# ---- quiet output ---------------------------------------------------------
ifeq ($(V),1)
  Q :=
  quiet = @true
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
  Q := @
  quiet = @true
else
  Q := @
  quiet = @printf '  %-7s %s\n'
endif

# ---- target toolchain: the machine's gcc, no cross compiler ---------------
CC       := gcc
LD       := ld
OBJCOPY  := objcopy
NM       := nm
# CCACHE=ccache puts a compiler cache in front of the kernel's and the
# host suites' compiles (the grader uses it for lab files: grader/build.c;
# make test for every build of every copy of the kit it makes); empty by
# default, and taken from the environment.  Every object is the same bytes
# wherever the tree sits (PREFIX_MAP, below), so copies of the kit in other
# folders may share one cache: paths are hashed relative to the tree
# (base_dir) and the working directory is left out of the hash (hash_dir).
CCACHE   ?=
ifneq ($(CCACHE),)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
endif
GCC_INC  := $(shell $(CC) -print-file-name=include)

# Flags for 32-bit freestanding code (kernel and boot loader).  -nostdinc
# keeps the host's libc headers out; gcc's own stddef.h/stdint.h/stdarg.h
# come back through -isystem.  -fno-pie because the kernel is linked at a
# fixed address; -fno-omit-frame-pointer so oops backtraces can walk EBP;
# -fno-toplevel-reorder keeps KTEST()s in the order they are written;
# -fno-delete-null-pointer-checks (as Linux) makes a NULL access a real
# access that faults, not undefined behaviour gcc may turn into ud2.
# -ffile-prefix-map: the debug info names the build directory
# (DW_AT_comp_dir); written as "." instead, an object is the same bytes
# wherever the tree sits, so the grader can reuse objects built in another
# copy of the kit and still link the image a clean build links.
# TARGET_MARCH: the oldest CPU the kit runs on, the Pentium (i586): no
# cmov, which -march=i686 emits freely.  kernel/arch/x86/verify_cpu.S
# stops an older CPU with one line instead of a triple fault, and
# asm/cpufeature.h lists the CPU features the kernel uses.  -mtune=generic:
# gcc's Pentium tuning (the default for i586) splits read-modify-write
# instructions for its two pipes and made the bench groups 2-14% longer;
# tuned generically, they stay within a few instructions of -march=i686.
PREFIX_MAP := -ffile-prefix-map=$(CURDIR)=.
TARGET_MARCH := -march=i586 -mtune=generic
TARGET_CFLAGS := -m32 $(TARGET_MARCH) $(PREFIX_MAP) -ffreestanding -fno-pie -fno-pic \
	-nostdinc -isystem $(GCC_INC) -fno-stack-protector \
	-fno-omit-frame-pointer -fno-builtin -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 \
	-fno-toplevel-reorder -fno-delete-null-pointer-checks \
	-std=gnu11 -O2 -g -Wall -Wextra -Werror -MD -MP
TARGET_ASFLAGS := -m32 $(TARGET_MARCH) $(PREFIX_MAP) -fno-pie -nostdinc -g -MD -MP -D__ASSEMBLY__
# --no-warn-rwx-segments silences binutils 2.39+ about the one RWX segment
# a flat kernel image has; older ld (Ubuntu 22.04's 2.38) neither warns nor
# knows the option, so it is passed only where ld knows it.
LD_NO_RWX_WARN := $(shell $(LD) --help 2>/dev/null | grep -q -- --no-warn-rwx-segments && \
	echo --no-warn-rwx-segments)
TARGET_LDFLAGS := -m elf_i386 -nostdlib $(LD_NO_RWX_WARN) -z noexecstack

# ---- host toolchain: tests and tools, under sanitizers --------------------
HOSTCC   := gcc
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -MD -MP \
	-fno-omit-frame-pointer $(PREFIX_MAP)
TOOL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -MD -MP
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)
