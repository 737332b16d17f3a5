# mk/grader.mk - the autograder (grader/): build/tools/grade, `make grade`,
# `make test-grader`.  Included by the top Makefile after mk/common.mk.
#
#   make grade [LAB=n|all] [SRC=labs|solutions] [SUBMISSION=dir]
#              [EMU=bochs|qemu] [FORMAT=text|json|tap|junit|gradescope]
#              [OUT=path] [SCALE=f] [GRADE_FLAGS='--keep ...']
#   make test-grader      Check suite of the grader, under ASan and UBSan
#   make test-grade       the grader on the real kernel: the reference scores
#                         full marks (Bochs and QEMU), the skeletons zero (QEMU), the object cache
#                         builds a clean build's images (tests/kernel/grade_tests.sh)
#   make bench-grade      wall seconds of a grade: warm and cold object cache,
#                         and --no-cache, under Bochs and QEMU, and a boot's
#                         floor (grader/bench.sh); prints, asserts nothing
#   make grade-batch DIR=submissions/ [LAB=n] [JOBS=n] [HOSTS=file] [OUT=dir]
#                    [RESUME=1] [TIMEOUT=s]
#                         a whole class on GNU parallel (grader/batch.sh)
#   make test-grade-batch twelve lab 0 submissions through it
#                         (tests/kernel/batch_tests.sh)
#   make check-objcheck-allow   the rubrics' allow lines cover what the
#                         reference's objects need (objcheck-allow: print them)
#   make test-objcheck    real lab 0 submissions breaking the object check
#                         (tests/kernel/objcheck_tests.sh)
#   make submission LAB=n build/submission-labN.zip: the rubrics' files of
#                         labs 0..n, what a grade of lab n takes from a student
#
# LAB left unset grades every lab that has a rubric (the kit's own LAB
# default, the last lab, is for building a stage, not for grading).

GRADER_DIR   := grader
GRADER_OBJ   := build/grader
GRADE_BIN    := build/tools/grade

GRADER_SRCS := \
	$(GRADER_DIR)/build.c \
	$(GRADER_DIR)/cache.c \
	$(GRADER_DIR)/depcheck.c \
	$(GRADER_DIR)/elfobj.c \
	$(GRADER_DIR)/fsutil.c \
	$(GRADER_DIR)/grade.c \
	$(GRADER_DIR)/hostsuite.c \
	$(GRADER_DIR)/kit.c \
	$(GRADER_DIR)/machines.c \
	$(GRADER_DIR)/objcheck.c \
	$(GRADER_DIR)/objinsn.c \
	$(GRADER_DIR)/options.c \
	$(GRADER_DIR)/overlay.c \
	$(GRADER_DIR)/pool.c \
	$(GRADER_DIR)/proc.c \
	$(GRADER_DIR)/progress.c \
	$(GRADER_DIR)/report/common.c \
	$(GRADER_DIR)/report/escape.c \
	$(GRADER_DIR)/report/gradescope.c \
	$(GRADER_DIR)/report/json.c \
	$(GRADER_DIR)/report/junit.c \
	$(GRADER_DIR)/report/summary.c \
	$(GRADER_DIR)/report/tap.c \
	$(GRADER_DIR)/report/text.c \
	$(GRADER_DIR)/results.c \
	$(GRADER_DIR)/rubric.c \
	$(GRADER_DIR)/runner.c \
	$(GRADER_DIR)/serial.c \
	$(GRADER_DIR)/serial_boot.c \
	$(GRADER_DIR)/session.c \
	$(GRADER_DIR)/sha256.c \
	$(GRADER_DIR)/tapline.c \
	$(GRADER_DIR)/tapsummary.c \
	$(GRADER_DIR)/timings.c \
	$(GRADER_DIR)/util.c

GRADER_TEST_SRCS := \
	$(GRADER_DIR)/tests/check_main.c \
	$(GRADER_DIR)/tests/fixtures.c \
	$(GRADER_DIR)/tests/test_rubric.c \
	$(GRADER_DIR)/tests/test_machines.c \
	$(GRADER_DIR)/tests/test_hostsuite.c \
	$(GRADER_DIR)/tests/test_serial.c \
	$(GRADER_DIR)/tests/test_forgery.c \
	$(GRADER_DIR)/tests/test_session.c \
	$(GRADER_DIR)/tests/test_score.c \
	$(GRADER_DIR)/tests/test_reports.c \
	$(GRADER_DIR)/tests/test_overlay.c \
	$(GRADER_DIR)/tests/test_grade.c \
	$(GRADER_DIR)/tests/test_cache.c \
	$(GRADER_DIR)/tests/test_objcheck.c

GRADER_CPPFLAGS := -D_GNU_SOURCE -I$(GRADER_DIR) -pthread
GRADER_LIBS     := -lm -pthread

GRADER_OBJS      := $(GRADER_SRCS:$(GRADER_DIR)/%.c=$(GRADER_OBJ)/tool/%.o)
GRADER_SAN_OBJS  := $(GRADER_SRCS:$(GRADER_DIR)/%.c=$(GRADER_OBJ)/san/%.o)
GRADER_TEST_OBJS := $(GRADER_TEST_SRCS:$(GRADER_DIR)/%.c=$(GRADER_OBJ)/san/%.o)
GRADER_TEST_BIN  := $(GRADER_OBJ)/check-grader
GRADER_SAN_GRADE := $(GRADER_OBJ)/grade-san

.PHONY: grade test-grader grader-tool grader-help bench-grade grade-batch \
	test-grade-batch test-grade

grader-tool: $(GRADE_BIN)

# The tool itself: optimised, no sanitizers (it drives long emulator runs).
$(GRADER_OBJ)/tool/%.o: $(GRADER_DIR)/%.c
	@mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) $(GRADER_CPPFLAGS) -c $< -o $@

$(GRADE_BIN): $(GRADER_OBJS) $(GRADER_OBJ)/tool/main.o
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) $^ -o $@ $(GRADER_LIBS)

# What objects import, define and which privileged instructions they hold
# (grader/objcheck-allow.sh writes the rubrics' allow-lists with it).
OBJLIST_BIN := build/tools/objlist
$(OBJLIST_BIN): $(GRADER_OBJS) $(GRADER_OBJ)/tool/objlist.o
	@mkdir -p $(dir $@)
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) $^ -o $@ $(GRADER_LIBS)

# The same sources under ASan and UBSan, for the Check suite.
$(GRADER_OBJ)/san/%.o: $(GRADER_DIR)/%.c
	@mkdir -p $(dir $@)
	$(quiet) CC $@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) $(GRADER_CPPFLAGS) \
		$(CHECK_CFLAGS) -c $< -o $@

$(GRADER_SAN_GRADE): $(GRADER_SAN_OBJS) $(GRADER_OBJ)/san/main.o
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) $^ -o $@ $(GRADER_LIBS)

$(GRADER_TEST_BIN): $(GRADER_SAN_OBJS) $(GRADER_TEST_OBJS)
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) $^ -o $@ $(CHECK_LIBS) \
		$(GRADER_LIBS)

test-grader: $(GRADER_TEST_BIN) $(GRADER_SAN_GRADE)
	@pkg-config --exists check || { echo "test-grader needs Check: apt-get install check pkg-config" >&2; exit 2; }
	$(quiet) TEST grader
	$(Q)GRADER_SRC=$(CURDIR)/$(GRADER_DIR) \
		GRADER_SAN_GRADE=$(CURDIR)/$(GRADER_SAN_GRADE) \
		CK_DEFAULT_TIMEOUT=60 $(GRADER_TEST_BIN)

test-grade: $(GRADE_BIN) tools deps-check
	$(Q)tests/kernel/grade_tests.sh

# The rubrics' allow lines cover what the reference solutions' objects
# import and hold (grader/objcheck-allow.sh; grader/README.md, "Object
# check").  Without RUBRICS= it prints the lines the reference needs.
OBJCHECK_REF := build/objcheck-ref
.PHONY: check-objcheck-allow objcheck-allow
check-objcheck-allow objcheck-allow: $(OBJLIST_BIN)
	$(Q)$(MAKE) --no-print-directory LAB=8 SRC=solutions BUILD=$(OBJCHECK_REF) \
		$(OBJCHECK_REF)/kernel.elf >/dev/null
	$(Q)grader/objcheck-allow.sh $(OBJLIST_BIN) $(OBJCHECK_REF) \
		$(if $(filter check-objcheck-allow,$@),grader/rubrics)

# `make grade`: map the make variables to options.  LAB unset (or
# LAB=all) grades every lab; empty variables are ignored by the grader.
GRADE_LAB = $(if $(filter command line environment environment override,$(origin LAB)),$(LAB),all)

#
# The grader exits 1 when a test did not pass.  make would turn that into
# "make: *** [grade] Error 1", which reads like a broken build, so a failed
# test ends in one plain line instead and make succeeds; STRICT=1 (for
# scripts; or run build/tools/grade itself) makes make fail too.  Status 2,
# grading could not run, always fails make.
grade: $(GRADE_BIN) tools deps-check
	$(Q)status=0; $(GRADE_BIN) --kit $(CURDIR) --lab $(GRADE_LAB) --src $(SRC) \
		--submission '$(SUBMISSION)' --emu $(or $(EMU),bochs) \
		--format $(or $(FORMAT),text) --out '$(OUT)' --test '$(TEST)' \
		--scale $(or $(SCALE),1) $(GRADE_FLAGS) || status=$$?; \
	if [ $$status -eq 1 ]; then \
		echo "grade: not every test passed (the grader's exit status is 1$(if $(STRICT),,; STRICT=1 makes make fail too))" >&2; \
		$(if $(STRICT),exit 1,exit 0); \
	fi; exit $$status

# LAB must be given, as for mutants: the kit's default LAB (the last one)
# is for building a stage, and a lab 8 zip is not what a lab 3 student sends.
SUBMISSION_LAB = $(if $(filter command line environment environment override,$(origin LAB)),$(LAB))
.PHONY: submission
submission: deps-check
	$(if $(SUBMISSION_LAB),,$(error make submission needs LAB=n, e.g. make submission LAB=3))
	$(Q)tools/mksubmission.sh $(SUBMISSION_LAB) build/submission-lab$(SUBMISSION_LAB).zip

bench-grade: $(GRADE_BIN) tools deps-check
	$(Q)$(GRADER_DIR)/bench.sh $(CURDIR)

# A class: every submission of DIR graded once, reports and scores.csv in
# OUT (default build/batch).  make fails when some submission has no
# report (interrupted: RESUME=1 finishes the batch).  DIR, JOBS, HOSTS,
# RESUME and TIMEOUT count only from the command line: names this common
# may be set for something else (mk/run.mk gives TIMEOUT a default, 60 s
# for `make run`, far too short a safety net for a grade).
batch_var = $(if $(filter command line override,$(origin $(1))),$($(1)))

grade-batch: $(GRADE_BIN) tools deps-check
	$(Q)$(GRADER_DIR)/batch.sh --dir '$(call batch_var,DIR)' --lab $(GRADE_LAB) \
		--out '$(or $(OUT),build/batch)' \
		$(if $(call batch_var,JOBS),--jobs '$(JOBS)') \
		$(if $(call batch_var,HOSTS),--hosts '$(HOSTS)') \
		$(if $(call batch_var,RESUME),--resume) \
		$(if $(call batch_var,TIMEOUT),--timeout '$(TIMEOUT)') -- $(GRADE_FLAGS)

test-grade-batch: $(GRADE_BIN) tools deps-check
	$(Q)tests/kernel/batch_tests.sh

.PHONY: test-objcheck
test-objcheck: $(GRADE_BIN) tools deps-check
	$(Q)tests/kernel/objcheck_tests.sh

grader-help:
	@echo "  grade          grade labs: LAB=n|all SRC=labs|solutions SUBMISSION=dir"
	@echo "                 EMU=bochs|qemu FORMAT=text|json|tap|junit|gradescope"
	@echo "                 OUT=path SCALE=f TEST='lab3.merge.*' STRICT=1"
	@echo "  test-grader    the grader's own Check tests (ASan, UBSan)"
	@echo "  bench-grade    seconds per grade: cache warm, cold, --no-cache; Bochs and QEMU"
	@echo "  grade-batch    a class: DIR=submissions/ LAB=n JOBS=n HOSTS=file OUT=dir RESUME=1"
	@echo "  test-grade-batch   twelve lab 0 submissions through grade-batch"
	@echo "  objcheck-allow      the rubrics' allow lines the reference needs"
	@echo "  check-objcheck-allow   the rubrics allow what the reference needs"
	@echo "  test-objcheck      lab 0 submissions that break the object check"

-include $(GRADER_OBJS:.o=.d) $(GRADER_SAN_OBJS:.o=.d) $(GRADER_TEST_OBJS:.o=.d) \
	$(GRADER_OBJ)/tool/main.d $(GRADER_OBJ)/san/main.d
