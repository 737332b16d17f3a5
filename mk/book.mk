# mk/book.mk - the book: make book [EDITION=student|instructor]
#
# The student edition reads the skeletons (labs/) and no solution code; the
# instructor edition adds solutions/.  Doxygen fails on any warning
# (WARN_AS_ERROR in the Doxyfile); the log is kept under the output.

EDITION  ?= student
BOOK_OUT := build/book$(if $(filter instructor,$(EDITION)),-instructor)

.PHONY: book
book: deps-check
	$(Q)if [ "$(EDITION)" = instructor ] && [ ! -d solutions ]; then \
		echo "book: the instructor edition needs solutions/ (this is a handout)" >&2; exit 1; fi
	$(quiet) DOXYGEN $(BOOK_OUT)/html
	@mkdir -p $(BOOK_OUT)
	$(Q)BOOK_OUT=$(BOOK_OUT) BOOK_ROOT=$(CURDIR) \
		BOOK_EXTRA_INPUT="$(if $(filter instructor,$(EDITION)),solutions)" \
		doxygen Doxyfile || { cat $(BOOK_OUT)/warnings.log >&2; exit 1; }
	$(Q)if [ -s $(BOOK_OUT)/warnings.log ]; then cat $(BOOK_OUT)/warnings.log >&2; exit 1; fi
	@echo "book: $(BOOK_OUT)/html/index.html ($(EDITION) edition, no warnings)"
