# mk/host.mk - host unit tests: the kernel's portable code under Check,
# AddressSanitizer and UBSan, on a simulated machine (tests/host/sim/).
#
#   make test-host             build and run every suite: the core suites
#                              once, each lab's suites against solutions/;
#                              last line "host: N passed, M failed"
#   make test-host-skeletons   each lab's suites against labs/ (the
#                              skeletons): every one must FAIL
#   make test-host-lab LAB=n SRC=labs   lab n's suites against your tree
#   make host-suites LAB=n SRC=t HOST_EARLIER_TREE=t HOSTBUILD=DIR
#                  [HOST_KIT_OBJ_DIR=DIR2]
#                              build them only (the grader's host cases)
#   make host-kit-objects LAB=n HOSTBUILD=DIR2
#                              the kit's share of those, prebuilt
#
# A test program is one *_check.c file (and its parts, *_check_*.c, if
# it has any) linked with the portable kernel files, the simulator, and
# (for tests/labN/*_check.c) lab N's sources:
#
#   tests/core/X_check.c      -> build/host/bin/core/X_check
#   tests/labN/X_check.c      -> build/host/bin/<tree>/labN/X_check
#                                with <tree>/labN/*.c and solutions/lab0..N-1
#
# Earlier labs always come from solutions/, so a lab's suite judges that
# lab's code alone (a skeleton lab 3 suite fails because of lab 3, not
# because lab 0 is a stub too).  Kernel and lab sources get
# tests/host/sim/host_names.h (see that file).
# Variables: CK_FORK=no (debug in one process), HOST_ASAN_OPTIONS,
# HOST_UBSAN_OPTIONS, HOST_SKEL_TREE (default labs).

# ---- sources, one per line ---------------------------------------------------
# The kernel's portable files, compiled unchanged with -D__HOST_SIM__.  None
# of them (nor any lab source) depends on CONFIG_LAB, so each object is
# built once and shared by every program.  They are linked from an archive,
# so a program gets only the files it uses: page_address.o (which needs
# lab 2) is not pulled into lab 1's suites.
HOST_KERNEL_SRCS := \
	kernel/lib/vsprintf.c \
	kernel/lib/strlcpy.c \
	kernel/core/printk.c \
	kernel/core/cmdline.c \
	kernel/core/warn.c \
	kernel/core/e820.c \
	kernel/core/memblock.c \
	kernel/core/preempt.c \
	kernel/core/wait.c \
	kernel/ktest/ktest_select.c \
	kernel/mm/globals.c \
	kernel/mm/page_address.c \
	kernel/mm/ptdump.c \
	kernel/mm/vmstat.c \
	kernel/mm/slabinfo.c \
	kernel/mm/vmallocinfo.c

# The simulated machine and the host's kernel services.
HOST_SIM_SRCS := \
	tests/host/sim/machine.c \
	tests/host/sim/mmu.c \
	tests/host/sim/paging.c \
	tests/host/sim/sched.c \
	tests/host/sim/traps.c \
	tests/host/sim/e820_maps.c \
	tests/host/sim/console.c \
	tests/host/sim/panic.c \
	tests/host/sim/child.c \
	tests/host/sim/mark_point.c \
	tests/host/sim/case_guard.c \
	tests/host/sim/fixtures.c \
	tests/host/sim/suite_main.c

# The fixtures the lab suites share (tests/lib/), linked from an archive
# too: a program gets only those its suite calls (buddy_fixture.o calls
# lab 3, mm_fixture.o labs 1-5).
HOST_TEST_LIB_SRCS := \
	tests/lib/buddy_fixture.c \
	tests/lib/mm_fixture.c

# Suites of the kernel core: one test program each (tests/core/*_check.c,
# in this order: the simulator first, as everything else stands on it).
HOST_CORE_SUITES := \
	tests/core/sim_check.c \
	tests/core/paging_check.c \
	tests/core/vsprintf_check.c \
	tests/core/e820_check.c \
	tests/core/memblock_check.c \
	tests/core/memblock_random_check.c \
	tests/core/ktest_check.c

HOST_SKEL_TREE ?= labs
CK_FORK ?= yes
# LeakSanitizer needs ptrace-like thread suspension (core/sim_check has a
# deliberate leak that proves it runs); UBSan stops at the first error,
# with a stack.
#
# The core suites test the simulator and the harness, and run with
# LeakSanitizer.  A lab's suites run without it, as the grader runs them
# (HOST_LAB_ASAN_OPTIONS): kernel and lab code never call the C library's
# allocator (they allocate from the simulated machine), so a leak there
# could only be the harness's, and the check stops every forked case at
# its exit to scan it: about 45 ms a case, half of make test-host.
# HOST_LAB_ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 checks them too.
HOST_ASAN_OPTIONS ?= detect_leaks=1:halt_on_error=1:abort_on_error=0
HOST_LAB_ASAN_OPTIONS ?= detect_leaks=0:halt_on_error=1:abort_on_error=0
HOST_UBSAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1

# ---- flags ---------------------------------------------------------------------
HOST_INCLUDES := -Ikernel/include -Ikernel/arch/x86/include -Itests/host \
	-Itests/lib
HOST_SIM_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -D_GNU_SOURCE -D__HOST_SIM__ \
	$(HOST_INCLUDES) $(CHECK_CFLAGS)
HOST_TEST_CFLAGS = $(HOST_SIM_CFLAGS)
HOST_KERNEL_CFLAGS = $(HOST_SIM_CFLAGS) -include tests/host/sim/host_names.h
HOST_ENV = CK_FORK=$(CK_FORK) ASAN_OPTIONS=$(HOST_ASAN_OPTIONS) \
	LAB_ASAN_OPTIONS=$(HOST_LAB_ASAN_OPTIONS) UBSAN_OPTIONS=$(HOST_UBSAN_OPTIONS)

host_objs = $(patsubst %.c,$(HOSTBUILD)/obj/%.o,$(1))
# The kit's share of a lab's programs (the simulator, the kernel library,
# the lab's suite files) is built here, or prebuilt: `make
# host-kit-objects LAB=n HOSTBUILD=DIR` in a pristine kit, then
# HOST_KIT_OBJ_DIR=DIR, and a build compiles only the labs' files (the
# grader's cache, as KIT_OBJ_DIR for the kernel: mk/kernel.mk).
HOST_KIT_BUILD := $(or $(HOST_KIT_OBJ_DIR),$(HOSTBUILD))
ifeq ($(abspath $(HOSTBUILD)),$(abspath $(BUILD)))
  $(error HOSTBUILD must not be BUILD: host and kernel objects have the same names)
endif
host_kit_objs = $(patsubst %.c,$(HOST_KIT_BUILD)/obj/%.o,$(1))
HOST_KERNEL_LIB := $(HOST_KIT_BUILD)/libkernel.a
HOST_TEST_LIB := $(HOST_KIT_BUILD)/libtests.a
# The core's suites stand on no lab, so on no fixture of tests/lib/.
HOST_CORE_BASE_OBJS := $(call host_kit_objs,$(HOST_SIM_SRCS)) $(HOST_KERNEL_LIB)
HOST_BASE_OBJS := $(call host_kit_objs,$(HOST_SIM_SRCS)) $(HOST_TEST_LIB) \
	$(HOST_KERNEL_LIB)
# mm_init() as the kernel of lab n's stage has it (kernel/mm/mm_init.c is
# the one kernel file that depends on CONFIG_LAB): the lab's suites bring
# their machine up with its steps.
host_mm_init_obj = $(HOST_KIT_BUILD)/obj/kernel/mm/mm_init.lab$(1).o
HOST_CORE_BINS := $(patsubst tests/core/%.c,$(HOSTBUILD)/bin/core/%,$(HOST_CORE_SUITES))

# Lab $(1)'s sources from tree $(2), with the earlier labs from solutions/
# (from labs/ in a student handout, which has no solutions/).
# The grader builds a submission's suites with HOST_EARLIER_TREE=labs: there
# every lab is the student's (make host-suites, below).
HOST_REF_TREE := $(if $(wildcard solutions/lab0),solutions,labs)
HOST_EARLIER_TREE ?= $(HOST_REF_TREE)
host_labs_before = $(filter $(call labs_before,$(1)),$(ALL_LABS))
host_lab_srcs = \
	$(foreach m,$(call host_labs_before,$(1)),$(wildcard $(HOST_EARLIER_TREE)/lab$(m)/*.c)) \
	$(wildcard $(2)/lab$(1)/*.c)
# Lab $(1)'s suites: tests/labN/*_check.c, by name (warmup_check).
host_lab_suites = $(patsubst tests/lab$(1)/%.c,%,$(wildcard tests/lab$(1)/*_check.c))
# Programs of lab(s) $(1) built against tree $(2).
host_lab_bins = $(foreach n,$(1),\
	$(patsubst %,$(HOSTBUILD)/bin/$(2)/lab$(n)/%,$(call host_lab_suites,$(n))))
# NAME=PROGRAM arguments for run_suites.sh.
host_run_args = $(foreach b,$(1),$(patsubst $(HOSTBUILD)/bin/%,%,$(b))=$(b))

# ---- compiling and linking ------------------------------------------------------
.PHONY: host-deps
host-deps:
	@pkg-config --exists check || { echo "host tests need Check and pkg-config:" \
		"sudo apt-get install check pkg-config" >&2; exit 1; }

$(HOSTBUILD)/obj/tests/%.o: tests/%.c | host-deps
	$(quiet) HOSTCC $<
	@mkdir -p $(dir $@)
	$(Q)$(CCACHE) $(HOSTCC) $(HOST_TEST_CFLAGS) -c $< -o $@

# mm_init.c once per stage (host_mm_init_obj); a rule per lab, as a
# pattern would also offer to make the objects' .d files.
define host_mm_init_rule
$(HOSTBUILD)/obj/kernel/mm/mm_init.lab$(1).o: kernel/mm/mm_init.c | host-deps
	$$(quiet) HOSTCC $$@
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CCACHE) $$(HOSTCC) $$(HOST_KERNEL_CFLAGS) -DCONFIG_LAB=$(1) -c $$< -o $$@
endef
$(foreach n,$(ALL_LABS),$(eval $(call host_mm_init_rule,$(n))))

# Kernel and lab sources (kernel/, solutions/, labs/ or HOST_SKEL_TREE).
$(HOSTBUILD)/obj/%.o: %.c | host-deps
	$(quiet) HOSTCC $<
	@mkdir -p $(dir $@)
	$(Q)$(CCACHE) $(HOSTCC) $(HOST_KERNEL_CFLAGS) -c $< -o $@

# --wrap: Check's per-assertion mark points go through the sim's filter
# (tests/host/sim/mark_point.c says why); every TCase gets the case guard,
# and every result passes through it (tests/host/sim/case_guard.c).
HOST_WRAPS := -Wl,--wrap=_mark_point -Wl,--wrap=tcase_create \
	-Wl,--wrap=_tcase_add_test -Wl,--wrap=log_test_start \
	-Wl,--wrap=log_test_end
# Objects first, archives last, whatever order the prerequisites came in.
HOST_LINK = $(HOSTCC) $(SAN_FLAGS) $(HOST_WRAPS) -o $@ $(filter-out %.a,$^) \
	$(filter %.a,$^) $(CHECK_LIBS)

ifeq ($(HOST_KIT_OBJ_DIR),)
$(HOST_KERNEL_LIB): $(call host_objs,$(HOST_KERNEL_SRCS))
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^
$(HOST_TEST_LIB): $(call host_objs,$(HOST_TEST_LIB_SRCS))
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^
else ifeq ($(abspath $(HOST_KIT_OBJ_DIR)),$(abspath $(HOSTBUILD)))
  $(error HOST_KIT_OBJ_DIR must not be HOSTBUILD: prebuilt files are never rebuilt)
endif

# Helpers some core suites link besides their own file, one per line.
$(HOSTBUILD)/bin/core/memblock_check: \
	$(HOSTBUILD)/obj/tests/core/memblock_model.o
$(HOSTBUILD)/bin/core/memblock_random_check: \
	$(HOSTBUILD)/obj/tests/core/memblock_model.o

$(HOSTBUILD)/bin/core/%: $(HOSTBUILD)/obj/tests/core/%.o $(HOST_CORE_BASE_OBJS)
	$(quiet) LD $@
	@mkdir -p $(dir $@)
	$(Q)$(HOST_LINK)

# $(1) = lab number, $(2) = tree: how lab $(1)'s programs link from $(2).
define host_lab_rule
HOST_LAB_OBJS_$(2)_$(1) := $(call host_objs,$(call host_lab_srcs,$(1),$(2)))
$(HOSTBUILD)/bin/$(2)/lab$(1)/%: $(HOST_KIT_BUILD)/obj/tests/lab$(1)/%.o \
		$$(HOST_LAB_OBJS_$(2)_$(1)) $(call host_mm_init_obj,$(1)) $(HOST_BASE_OBJS)
	$$(quiet) LD $$@
	@mkdir -p $$(dir $$@)
	$$(Q)$$(HOST_LINK)
endef
$(foreach n,$(ALL_LABS),$(foreach t,solutions $(HOST_SKEL_TREE),\
	$(eval $(call host_lab_rule,$(n),$(t)))))

# A suite too long for one file is X_check.c plus parts X_check_*.c, all
# linked into the one program X_check, so its test ids are the suite's.
host_part_suite = $(firstword $(subst _check_, ,$(notdir $(1))))_check
$(foreach n,$(ALL_LABS),$(foreach t,solutions $(HOST_SKEL_TREE),\
	$(foreach f,$(wildcard tests/lab$(n)/*_check_*.c),\
	$(eval $(HOSTBUILD)/bin/$(t)/lab$(n)/$(call host_part_suite,$(f)): \
		$(call host_kit_objs,$(f))))))
$(foreach f,$(wildcard tests/core/*_check_*.c),\
	$(eval $(HOSTBUILD)/bin/core/$(call host_part_suite,$(f)): $(call host_objs,$(f))))

# ---- running ---------------------------------------------------------------------
HOST_SOLUTION_BINS := $(if $(wildcard solutions/lab0),$(call host_lab_bins,$(ALL_LABS),solutions))
HOST_SKEL_BINS := $(call host_lab_bins,$(ALL_LABS),$(HOST_SKEL_TREE))
HOST_RUN = $(HOST_ENV) tests/host/run_suites.sh

.PHONY: test-host test-host-skeletons test-host-lab host-skel-present
test-host: $(HOST_CORE_BINS) $(HOST_SOLUTION_BINS)
	$(Q)$(HOST_RUN) pass $(HOSTBUILD)/logs $(call host_run_args,$^)

# Every lab with a host suite must have its skeleton, or the check means nothing.
host-skel-present:
	$(Q)for n in $(ALL_LABS); do \
		[ -z "$$(ls tests/lab$$n/*_check.c 2>/dev/null)" ] || \
		ls $(HOST_SKEL_TREE)/lab$$n/*.c > /dev/null 2>&1 || { \
		echo "$(HOST_SKEL_TREE)/lab$$n/ has no skeleton: run 'make skeletons'" >&2; \
		exit 1; }; done

test-host-skeletons: host-skel-present
	$(Q)$(MAKE) --no-print-directory $(HOST_SKEL_BINS)
	$(Q)$(HOST_RUN) fail $(HOSTBUILD)/logs-skeletons $(call host_run_args,$(HOST_SKEL_BINS))

test-host-lab: $(call host_lab_bins,$(LAB),$(SRC))
	$(Q)$(HOST_RUN) pass $(HOSTBUILD)/logs-$(SRC) $(call host_run_args,$^)

# The grader's build of lab LAB's suite programs from tree SRC, every lab
# from SRC (HOST_EARLIER_TREE=SRC), into HOSTBUILD; grader/hostsuite.c runs
# them in a sandbox.  Only builds: nothing of a submission runs here.
.PHONY: host-suites host-kit-objects
host-suites: $(call host_lab_bins,$(LAB),$(SRC))

# What HOST_KIT_OBJ_DIR holds for lab LAB.  No kit object may read a lab
# file (the grader's cache is keyed on the kit without labs/ and
# solutions/): every header an object read is a "PATH:" line of its .d.
HOST_KIT_OBJS = $(HOST_BASE_OBJS) $(call host_mm_init_obj,$(LAB)) \
	$(call host_objs,$(wildcard tests/lab$(LAB)/*_check.c tests/lab$(LAB)/*_check_*.c))
host-kit-objects: $(HOST_KIT_OBJS)
	$(if $(HOST_KIT_OBJ_DIR),$(error host-kit-objects builds a HOST_KIT_OBJ_DIR; do not give one))
	$(Q)! grep -lE '^([^ ]*/)?(labs|solutions)/[^ ]*:$$' /dev/null \
		$(wildcard $(patsubst %.o,%.d,$(filter %.o,$(HOST_KIT_OBJS)))) || \
		{ echo "host-kit-objects: the objects above read a file of labs/ or solutions/" >&2; exit 1; }

HOST_ALL_OBJS := $(call host_objs,$(HOST_SIM_SRCS) $(HOST_KERNEL_SRCS) $(HOST_TEST_LIB_SRCS)) \
	$(foreach n,$(ALL_LABS),$(HOSTBUILD)/obj/kernel/mm/mm_init.lab$(n).o) \
	$(call host_objs,$(HOST_CORE_SUITES) tests/core/memblock_model.c \
		$(wildcard tests/lab*/*_check.c tests/lab*/*_check_*.c tests/core/*_check_*.c) \
		$(wildcard solutions/lab*/*.c $(HOST_SKEL_TREE)/lab*/*.c))
.PRECIOUS: $(HOST_ALL_OBJS)		# keep objects reached by pattern rules (not .SECONDARY:
					# a missing secondary object would not be rebuilt)
-include $(HOST_ALL_OBJS:.o=.d)

# ---- bench-host: lab 4's kmalloc/kfree against glibc malloc/free -------------
# Not a test (timings vary): prints ns per pair and the ratio.  Built apart,
# from solutions/ (labs 0..4), with -O2 and no sanitizers: AddressSanitizer
# would replace glibc's malloc and the ratio would time ASan instead.
BENCH_HOST_BIN := $(HOSTBUILD)/bench/kmalloc_bench
BENCH_HOST_SRCS = tests/lab4/kmalloc_bench.c $(HOST_SIM_SRCS) \
	$(filter-out kernel/mm/vmallocinfo.c,$(HOST_KERNEL_SRCS)) \
	kernel/mm/mm_init.c tests/lib/buddy_fixture.c \
	$(foreach n,0 1 2 3 4,$(wildcard $(HOST_REF_TREE)/lab$(n)/*.c))

.PHONY: bench-host
$(BENCH_HOST_BIN): $(BENCH_HOST_SRCS) | host-deps
	$(quiet) LD $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(filter-out -MD -MP,$(HOST_CFLAGS)) -O2 -w -D_GNU_SOURCE \
		-D__HOST_SIM__ -DCONFIG_LAB=4 $(HOST_INCLUDES) $(CHECK_CFLAGS) \
		-include tests/host/sim/host_names.h $(HOST_WRAPS) -o $@ $^ \
		$(CHECK_LIBS)

bench-host: $(BENCH_HOST_BIN)
	$(Q)CK_FORK=no $(BENCH_HOST_BIN)
