# mk/handout.mk - the student kit, and GitHub Classroom around it.
#
#   make handout            the student kit in $(HANDOUT) (build/handout):
#                           tools/mkhandout.sh says what is left out
#   make classroom [LAB=n]  the handout plus .github/workflows/classroom.yml,
#                           which grades lab n (every lab without LAB) on
#                           each push: tools/handout/classroom.yml, filled in
#   make test-classroom     tests/kernel/classroom_tests.sh: the workflow
#                           parses, names only what exists, and its grading
#                           step, run here, sets the points
#   make test-handout       tests/kernel/handout_tests.sh: the handout as a
#                           student meets it
#
# All four are the instructor's: a handout refuses them (the Makefile).

HANDOUT ?= build/handout
CLASSROOM_YML := $(HANDOUT)/.github/workflows/classroom.yml
# LAB left out grades every lab (the kit's own LAB default, the last lab,
# is for building a stage), as make grade does.
CLASSROOM_LAB = $(if $(filter command line environment environment override,$(origin LAB)),$(LAB),all)
CLASSROOM_WHAT = $(if $(filter all,$(CLASSROOM_LAB)),every lab,lab $(CLASSROOM_LAB))

.PHONY: handout classroom test-classroom test-handout
handout:
	$(Q)rm -rf $(HANDOUT)
	$(Q)tools/mkhandout.sh $(HANDOUT)

classroom: handout
	$(Q)mkdir -p $(dir $(CLASSROOM_YML))
	$(Q)sed -e 's/@LAB@/$(CLASSROOM_LAB)/g' -e 's/@WHAT@/$(CLASSROOM_WHAT)/g' \
		tools/handout/classroom.yml > $(CLASSROOM_YML)
	@echo "classroom: $(CLASSROOM_YML) grades $(CLASSROOM_WHAT) on each push"

test-classroom: deps-check
	$(Q)tests/kernel/classroom_tests.sh

test-handout: deps-check
	$(Q)tests/kernel/handout_tests.sh
