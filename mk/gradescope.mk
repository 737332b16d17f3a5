# mk/gradescope.mk - the Gradescope autograder bundle (tools/gradescope/).
# Included by the top Makefile after mk/grader.mk (for GRADE_LAB).
#
#   make gradescope [LAB=n] [HIDDEN_VISIBILITY=after_published]
#                          build/gradescope/autograder.zip, the file to
#                          upload as a Gradescope assignment's autograder;
#                          LAB unset grades every lab (as make grade)
#   make test-gradescope   the bundle run as Gradescope runs it, in a
#                          temporary /autograder (tests/kernel/gradescope_tests.sh)
#
# tools/gradescope/mkbundle.sh says what goes into the zip, and why.

GRADESCOPE_ZIP    := build/gradescope/autograder.zip
HIDDEN_VISIBILITY ?= after_published

.PHONY: gradescope test-gradescope

gradescope: deps-check
	$(Q)tools/gradescope/mkbundle.sh $(GRADESCOPE_ZIP) $(GRADE_LAB) $(HIDDEN_VISIBILITY)

test-gradescope: deps-check
	$(Q)tests/kernel/gradescope_tests.sh
