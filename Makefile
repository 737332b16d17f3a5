# mmkit - a lab kit that teaches Linux memory management on 32-bit x86.
#
# `make help` lists the targets.  The two you need first:
#   make run SRC=solutions   boot the reference kernel under Bochs, see its tests
#   make test                everything: host tests, kernel tests, skeleton check, book
#
# Stages: `make LAB=n` builds the kernel with labs 0..n; SRC=labs (default,
# the student's tree) or SRC=solutions (the reference) picks their sources.
#
# The same Makefile runs the student handout (make handout), which has no
# solutions/: there SRC=solutions and the instructor's targets stop at once
# with one line, and `make help` lists only what works.

# The labs: solutions/ in the instructor's kit, labs/ in a student handout.
ALL_LABS  := $(sort $(patsubst lab%,%,$(notdir $(wildcard solutions/lab[0-9] labs/lab[0-9]))))
LAST_LAB  := $(lastword $(ALL_LABS))
# Lab numbers up to $(1), and before $(1), in make alone (no $(shell seq):
# make parses this file on every build, and a grade is many builds).
LAB_NUMBERS := 0 1 2 3 4 5 6 7 8 9
labs_before = $(wordlist 1,$(1),$(LAB_NUMBERS))
labs_upto = $(call labs_before,$(words x $(call labs_before,$(1))))

include mk/common.mk

# The instructor's kit has solutions/; a handout has not.  These targets
# need solutions/ or make a handout, so in a handout they are refused
# before anything runs (the checks a handout can run, such as
# check-skeletons or book-figures-check, skip there instead).
INSTRUCTOR_KIT     := $(wildcard solutions)
INSTRUCTOR_TARGETS := handout classroom test-classroom skeletons mutants \
	bench-grade book-figures book-splits test-host-skeletons test-handout check-requirements
ifeq ($(INSTRUCTOR_KIT),)
  ifneq ($(filter $(INSTRUCTOR_TARGETS),$(MAKECMDGOALS)),)
    $(error make $(firstword $(filter $(INSTRUCTOR_TARGETS),$(MAKECMDGOALS))) is the instructor's: this is the student kit (no solutions/); make help lists what works here)
  endif
  ifeq ($(SRC),solutions)
    $(error SRC=solutions: this is the student kit, it has no solutions/; leave SRC out to build your own labs/)
  endif
  ifeq ($(EDITION),instructor)
    $(error EDITION=instructor: this is the student kit, it has no instructor edition; make book builds yours)
  endif
endif

ifeq ($(LAB),all)
  ifneq ($(filter-out grade grade-batch classroom,$(or $(MAKECMDGOALS),all)),)
    $(error LAB=all only works with 'make grade', 'make grade-batch' and 'make classroom'; build a stage with LAB=n)
  endif
else ifeq ($(filter $(LAB),$(ALL_LABS)),)
  $(error LAB=$(LAB) is not a lab of this kit (labs: $(ALL_LABS)))
endif
ifeq ($(filter $(SRC),labs solutions),)
$(error SRC=$(SRC) must be labs or solutions)
endif

.DEFAULT_GOAL := all
.PHONY: all kernel image tools FORCE
FORCE:

all: image

include mk/kernel.mk
include mk/boot.mk
include mk/run.mk
include mk/iso.mk
include mk/host.mk
include mk/skeletons.mk
include mk/handout.mk
include mk/book.mk
include mk/grader.mk
include mk/mutants.mk
include mk/gradescope.mk

kernel: $(BUILD)/kernel.elf
image: $(BUILD)/disk.img $(BUILD)/kernel.elf
tools: $(KALLSYMS) $(MKDISK) $(BOOTRUN) $(MKSKEL) $(GRADE_BIN) $(MUTATE)

# Every stage's image once, from each tree there is (make test's first
# step, so that its lanes never build the same tree at once).
STAGE_TREES := $(wildcard solutions labs)
.PHONY: stages
stages:
	$(Q)for src in $(STAGE_TREES); do for n in $(ALL_LABS); do \
		$(MAKE) -s --no-print-directory image LAB=$$n SRC=$$src || exit 1; \
	done; done

# ---- dependencies -----------------------------------------------------------
.PHONY: deps deps-check
deps:
	$(Q)tools/deps.sh install
deps-check:
	$(Q)tools/deps.sh check

# ---- everything -------------------------------------------------------------
# STEPS='host book' runs only those steps of tools/test-all.sh.
.PHONY: test test-load
test: deps-check
	$(Q)tools/test-all.sh $(STEPS)

# The same verdicts on an idle and an oversubscribed machine (budgets are
# emulated time): five lab 0 submissions graded twice.
test-load: deps-check tools
	$(Q)tests/kernel/load_tests.sh

# ---- editors ------------------------------------------------------------------
.PHONY: compile_commands.json
compile_commands.json:
	$(quiet) GEN $@
	$(Q){ echo '['; sep=''; for f in $(filter %.c,$(KERNEL_SRCS)); do \
		printf '%s{"directory":"%s","file":"%s","command":"%s %s -c %s"}\n' \
		"$$sep" "$(CURDIR)" "$$f" "$(CC)" "$(subst ",\\\",$(KERNEL_CFLAGS))" "$$f"; \
		sep=','; done; echo ']'; } > $@

.PHONY: clean
clean:
	rm -rf build compile_commands.json

.PHONY: help
help:
	@echo 'mmkit: Linux memory management on x86-32, one lab at a time'
	@echo
ifneq ($(INSTRUCTOR_KIT),)
	@echo 'Variables: LAB=n (0..$(LAST_LAB), default $(LAST_LAB))  SRC=labs|solutions'
else
	@echo 'Variables: LAB=n (0..$(LAST_LAB), default $(LAST_LAB)): your labs 0..n'
endif
	@echo '           MEM=MiB (default 1024)  CMDLINE="..."  V=1 (full commands)'
	@echo
	@echo '  make deps            install the Debian packages the kit needs (apt-get)'
	@echo '  make deps-check      say which of them are missing (and the apt-get line)'
	@echo '  make                 build the kernel and disk image for the stage (= make image)'
	@echo '  make kernel          the kernel alone: build/<tree>-labN/kernel.elf'
	@echo '  make boot            the boot loader (stage 1 and 2) and mkdisk'
	@echo '  make tools           the host tools: kallsyms, mkdisk, bootrun, mkskel, grade, mutate'
	@echo '  make stages          every stage'"'"'s image, from each tree there is'
	@echo '  make run             boot under Bochs, serial console on the terminal'
	@echo '  make run CRASH=null  boot into a deliberate crash (null paging bug divide'
	@echo '                       panic hlt loop triple tamper) to see how it is reported'
	@echo '  make qemu            boot under QEMU (faster, not the grading reference)'
	@echo '  make qemu-gdb        QEMU waiting for gdb on :1234 (gdb reads .gdbinit)'
	@echo '  make bochs-debug     Bochs with its debugger; xchg %bx,%bx is a breakpoint'
	@echo '  make iso             build/<src>-lab<n>/mmkit.iso: GRUB and the kernel, for a CD'
	@echo '                       or USB stick (CMDLINE= its default, ISO_TIMEOUT= the menu'"'"'s)'
	@echo '  make run-iso   qemu-iso   boot that ISO under Bochs / QEMU'
ifneq ($(INSTRUCTOR_KIT),)
	@echo '  make test            all tests: host (Check, ASan+UBSan), kernel, skeletons, book'
	@echo '                       (STEPS='"'"'host book'"'"': only those steps of tools/test-all.sh)'
	@echo '  make test-host       host unit tests only (solutions/)'
	@echo '  make test-host-lab   one lab'"'"'s host tests on your tree (LAB=n SRC=labs)'
	@echo '  make test-kernel     boot every stage, solutions and skeletons, check results'
	@echo '  make test-machines   CPU models, RAM sizes, boot paths: a sample; FULL=1 all of'
	@echo '                       them (README'"'"'s table; UPDATE=1 FULL=1 rewrites it)'
else
	@echo '  make test            check the kit on this machine: host, kernel, grader, book'
	@echo '                       (how far your labs are is make grade'"'"'s business;'
	@echo '                       STEPS='"'"'host book'"'"': only those steps)'
	@echo '  make test-host       host unit tests of the kernel'"'"'s core'
	@echo '  make test-host-lab   one lab'"'"'s host tests on your code (LAB=n)'
	@echo '  make test-kernel     boot every stage of your tree: core tests, crash reports'
endif
	@echo '  make test-iso        GRUB ISO boots (Bochs, QEMU) pass the stage'"'"'s tests; VGA screen'
	@echo '  make test-bootrun    the runner'"'"'s CPU-time limits and CPU dump (Bochs, QEMU)'
	@echo '  make test-grade      the grader on the real kernel, lab by lab, and its object cache'
	@echo '  make bench           emulated instructions per operation, per lab'
	@echo '  make bench-host      lab 4'"'"'s kmalloc/kfree against glibc malloc/free (ns per pair)'
ifneq ($(INSTRUCTOR_KIT),)
	@echo '  make grade           grade labs/ (LAB=n|all, SRC=, SUBMISSION=dir, EMU=,'
else
	@echo '  make grade           grade your labs/ (LAB=n|all, EMU=,'
endif
	@echo '                       FORMAT=text|json|tap|junit|gradescope, OUT=, SCALE=,'
	@echo '                       TEST=glob,... for some tests only, STRICT=1: fail make'
	@echo '                       when a test fails)'
	@echo '  make submission LAB=n     build/submission-labN.zip: the files a grade of'
	@echo '                       lab n takes (labs 0..n), laid out as in the kit'
	@echo '  make test-grader     the grader'"'"'s own tests'
	@echo '  make grader-tool     build the grader alone (build/tools/grade)'
	@echo '  make grader-help     the grader'"'"'s variables, one line each'
	@echo '  make host-suites     build lab LAB'"'"'s host suites from SRC, without running them'
	@echo '                       (HOST_EARLIER_TREE=, HOSTBUILD=: the grader'"'"'s host cases)'
	@echo '  make kit-objects BUILD=DIR   the kit'"'"'s share of a stage, prebuilt for'
	@echo '                       make image KIT_OBJ_DIR=DIR (the grader'"'"'s object cache)'
	@echo '  make user-programs   build lab 8'"'"'s user programs and show their ELF segments'
ifneq ($(INSTRUCTOR_KIT),)
	@echo '  make book            the book, HTML under build/book (EDITION=instructor)'
else
	@echo '  make book            the book, HTML under build/book'
endif
	@echo '  make book-linkcheck   book-browser   check the book'"'"'s links / render it'
	@echo '  make compile_commands.json   for clangd and other editors'
	@echo '  make clean           remove build/'
ifneq ($(INSTRUCTOR_KIT),)
	@echo
	@echo 'The instructor'"'"'s kit only (they need solutions/, which a handout has not):'
	@echo '  make test-host-skeletons   every skeleton'"'"'s host suite must fail'
	@echo '  make test-load       the same verdicts with every CPU oversubscribed'
	@echo '  make bench-grade     seconds per grade: cache warm, cold, --no-cache; Bochs and QEMU'
	@echo '  make grade-batch DIR=submissions/   a class on GNU parallel: one report per'
	@echo '                       student and scores.csv in OUT (default build/batch);'
	@echo '                       LAB=n, JOBS=n at once, HOSTS=file (ssh logins), RESUME=1'
	@echo '                       finishes an interrupted batch'
	@echo '  make test-grade-batch   twelve lab 0 submissions graded, resumed, over two hosts'
	@echo '  make objcheck-allow  the allow lines the object check needs, from solutions/'"'"' objects'
	@echo '  make check-objcheck-allow   every rubric allows what its reference needs'
	@echo '  make test-objcheck   graded lab 0 submissions that break the object check score 0'
	@echo '  make mutants LAB=n   test strength: grade mutants of the solution, list survivors'
	@echo '                       (N=k a fixed sample, JOBS=j at once, MIN=p: fail below p% killed)'
	@echo '  make test-mutants    the mutant generator'"'"'s tests and a three-mutant run of lab 0'
	@echo '  make skeletons       regenerate labs/ from solutions/'
	@echo '  make check-skeletons labs/ is what solutions/ generate'
	@echo '  make handout         the student kit in build/handout: no solutions, no hidden tests'
	@echo '  make gradescope      build/gradescope/autograder.zip, Gradescope'"'"'s autograder: the'
	@echo '                       handout plus hidden tests, no solutions (LAB=n, default all;'
	@echo '                       HIDDEN_VISIBILITY=after_published|after_due_date|hidden|visible)'
	@echo '  make test-gradescope the bundle run as Gradescope runs it, on three lab 0 submissions'
	@echo '  make classroom       the handout with a GitHub Classroom workflow that grades'
	@echo '                       LAB=n (default every lab) on each push'
	@echo '  make test-classroom  the workflow parses, names what exists, grades as it says'
	@echo '  make test-handout    the handout as a student meets it: nothing secret, help, quick start'
	@echo '  make check-requirements   every TODO of solutions/ has a requirement line naming rubric tests'
	@echo '  make book-experiments     rerun every $$ command of the book, compare (UPDATE=1, FULL=1)'
	@echo '  make book-figures    draw the figures from a boot (UPDATE=1: into book/figures)'
	@echo '  make book-figures-check   the committed figures match a fresh boot'
	@echo '  make book-splits     the questions chapter'"'"'s table of 32-bit splits, from the kit'"'"'s constants'
endif
