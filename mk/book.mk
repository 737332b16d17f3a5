# mk/book.mk - the book: make book [EDITION=student|instructor]
#
# The student edition reads the skeletons (labs/) and no solution code, and
# leaves out the instructor's chapter (book/instructor.md; the chapters'
# `\if instructor` parts, such as the link to it, go with it) and any
# page that shows a line of the reference's answers (tools/book/
# leakcheck.sh, run on every student build); the
# instructor edition adds solutions/, the hidden tests' sources, that
# chapter and the pages on hidden tests and requirements.
# Doxygen fails on any warning (WARN_AS_ERROR in the Doxyfile); the log is
# kept under the output.  Before Doxygen runs: every section has a stable
# {#id}, every chapter is on the main page's list (so in the sidebar), and
# every number the prose quotes is printed by an experiment or is a
# constant (tools/book/prosecheck.sh, tests/book/prose-constants).
#
# Figures (tools/book/) are drawn from one boot of the stage-8 reference
# kernel: `make book` regenerates them into build/book-figures when
# solutions/ exists, and uses the committed copies in book/figures/ in a
# handout.  The checks a reader would make:
#   make book-figures-check   committed figures = freshly generated ones
#                             (make book-figures UPDATE=1 refreshes them)
#   make book-linkcheck       no broken relative link or #anchor in the HTML
#   make book-browser         headless Chromium renders every chapter and its
#                             figures; the sidebar lists the chapters in order,
#                             the next links visit them all (screenshots into
#                             build/book-shots/)
#   make book-experiments     every `$ command` block prints what the book
#                             shows (UPDATE=1 rewrites stale blocks and the
#                             memo; FULL=1 boots every block, memo or not)
#   make check-requirements   every TODO of solutions/ has its line in
#                             tests/labN/requirements.txt, naming tests of
#                             the rubric (tools/book/requirements.sh; the
#                             instructor's)

EDITION  ?= student
BOOK_OUT := build/book$(if $(filter instructor,$(EDITION)),-instructor)
# The chapters of the edition: each must come out as its page.
BOOK_CHAPTERS := $(filter-out $(if $(filter instructor,$(EDITION)),,book/instructor.md),\
	$(wildcard book/*.md))

# Left out of the student edition: the hidden tests, the instructor's
# chapter, and tests/lab1/directmap_ref.h, whose reference walk is step
# 1.4's answer (the visible tests need the file, so the handout ships it;
# the book does not show or point to it).
BOOK_STUDENT_ONLY_OUT := tests/lab1/directmap_ref.h
BOOK_STUDENT_EXCLUDE  := *_hidden_* */book/instructor.md $(addprefix */,$(BOOK_STUDENT_ONLY_OUT))

# Every lab chapter ends with its assignment, in these parts
# ({#labN_PART} anchors); assignment.sh fills in the table of steps.
BOOK_ASSIGNMENT_PARTS := assignment prerequisites assignment_steps done_when faq \
			 design_questions challenges differences

BOOK_FIG_LAB     := 8
BOOK_FIG_BUILD   := build/solutions-lab$(BOOK_FIG_LAB)
BOOK_FIG_DIR     := build/book-figures
BOOK_FIG_CMDLINE := ktest.filter=lab3.demo.buddyinfo,lab5.demo.pfns,lab6.demo.zone_through_slots,lab7.demo.irq,lab8.demo.fault_trace \
		    show.pagetables show.slabinfo
# One per lab from lab 1 on, in lab order.
BOOK_FIGS        := vmlayout.svg physmap.svg buddy.svg slab.svg vmalloc.svg pkmap.svg \
		    kmap_atomic.svg vmas.svg
BOOK_IMAGES      := $(if $(wildcard solutions),$(BOOK_FIG_DIR),book/figures)

MKFIGURES      := build/tools/mkfigures
MKFIGURES_SRCS := \
	tools/book/mkfigures.c \
	tools/book/bootlog.c \
	tools/book/svg.c \
	tools/book/fig_layout.c \
	tools/book/fig_buddy.c \
	tools/book/fig_slab.c \
	tools/book/fig_windows.c \
	tools/book/fig_vma.c
LINKCHECK      := build/tools/linkcheck
BOOK_TOOL_CFLAGS := $(filter-out -MD -MP,$(TOOL_CFLAGS))

$(MKFIGURES): $(MKFIGURES_SRCS) $(wildcard tools/book/*.h)
	$(quiet) HOSTCC $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(BOOK_TOOL_CFLAGS) -o $@ $(MKFIGURES_SRCS)

$(LINKCHECK): tools/book/linkcheck.c
	$(quiet) HOSTCC $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(BOOK_TOOL_CFLAGS) -o $@ $<

.PHONY: book book-figures book-figures-check book-linkcheck book-browser book-experiments \
	book-splits check-requirements
book: deps-check $(if $(wildcard solutions),book-figures)
	$(Q)if [ "$(EDITION)" = instructor ] && [ ! -d solutions ]; then \
		echo "book: the instructor edition needs solutions/ (this is a handout)" >&2; exit 1; fi
	$(quiet) DOXYGEN $(BOOK_OUT)/html
	@rm -rf $(BOOK_OUT)/html	# no stale page of an earlier build (a hidden test's, say)
	@mkdir -p $(BOOK_OUT)
	$(Q)if [ "$(EDITION)" = instructor ]; then tools/book/hidden-tests.sh $(BOOK_OUT)/hidden_tests.md; \
		tools/book/requirements.sh render $(BOOK_OUT)/requirements.md; fi
	$(Q)for f in $(filter-out book/index.md,$(BOOK_CHAPTERS)); do \
		id=$$(sed -n '1s/.*{#\(.*\)}.*/\1/p' $$f); \
		tools/book/chapters.sh $(EDITION) | cut -f1 | grep -qx "$$id" || \
		{ echo "book: $$f ($$id) is not a \\subpage of book/index.md, so in no sidebar" >&2; exit 1; }; done
	$(Q)awk '/^```/ { fence = !fence } !fence && /^##+ / && !/\{#[a-z0-9_]+\}[[:space:]]*$$/ { \
		printf "book: %s:%d: a section without a stable {#id}: %s\n", FILENAME, FNR, $$0; bad = 1 } \
		END { exit bad }' $(BOOK_CHAPTERS) >&2
	$(Q)for f in $(filter book/lab%.md,$(BOOK_CHAPTERS)); do id=$$(basename $$f .md); \
		for part in $(BOOK_ASSIGNMENT_PARTS); do grep -qF "{#$${id}_$$part}" $$f || \
		{ echo "book: $$f has no assignment part {#$${id}_$$part}" >&2; exit 1; }; done; \
		grep -qx '<!-- assignment-steps -->' $$f && grep -q "^    \$$ tools/book/grade-student.sh $${id#lab}$$" $$f || \
		{ echo "book: $$f's assignment lacks its table of steps or its done-when grade" >&2; exit 1; }; done
	$(Q)tools/book/prosecheck.sh $(BOOK_CHAPTERS)
	$(Q)tools/book/mklayout.sh $(BOOK_OUT)/DoxygenLayout.xml $(EDITION)
	$(Q)BOOK_OUT=$(BOOK_OUT) BOOK_ROOT=$(CURDIR) BOOK_IMAGES=$(BOOK_IMAGES) \
		BOOK_EXTRA_INPUT="$(if $(filter instructor,$(EDITION)),solutions $(BOOK_OUT)/hidden_tests.md $(BOOK_OUT)/requirements.md)" \
		BOOK_EXCLUDE_PATTERNS="$(if $(filter instructor,$(EDITION)),,$(BOOK_STUDENT_EXCLUDE))" \
		BOOK_SECTIONS="$(filter instructor,$(EDITION))" \
		doxygen Doxyfile || { cat $(BOOK_OUT)/warnings.log >&2; exit 1; }
	$(Q)if [ -s $(BOOK_OUT)/warnings.log ]; then cat $(BOOK_OUT)/warnings.log >&2; exit 1; fi
	$(Q)for f in $(BOOK_CHAPTERS); do \
		id=$$(sed -n '1s/.*{#\(.*\)}.*/\1/p' $$f); [ "$$id" = mainpage ] && id=index; \
		test -s $(BOOK_OUT)/html/$$id.html || \
		{ echo "book: $$f made no page $(BOOK_OUT)/html/$$id.html (an input left out?)" >&2; exit 1; }; done
	$(Q)if [ "$(EDITION)" != instructor ]; then \
		if [ -e $(BOOK_OUT)/html/instructor.html ]; then \
			echo "book: the instructor's chapter is in the student edition" >&2; exit 1; fi; \
		for id in $$(grep -hoE '^[[:space:]]*test[[:space:]]+[a-z0-9_.]+[[:space:]]+[0-9]+[[:space:]]+hidden' \
			grader/rubrics/*.rubric | awk '{print $$2}'); do \
		if grep -rqF "$$id" $(BOOK_OUT)/html; then \
			echo "book: hidden test $$id appears in the student edition" >&2; exit 1; fi; done; \
		for f in $(wildcard tests/lab*/*_hidden_*); do \
		if grep -rqF "$$(basename $$f)" $(BOOK_OUT)/html; then \
			echo "book: $$f is in the student edition" >&2; exit 1; fi; done; \
		for f in $(BOOK_STUDENT_ONLY_OUT); do page=$$(echo "$$(basename $$f)" | sed 's/_/__/g; s/\./_8/'); \
		if ls $(BOOK_OUT)/html/$$page*.html > /dev/null 2>&1; then \
			echo "book: $$f has a page in the student edition" >&2; exit 1; fi; done; \
		if grep -lF '(instructor edition only)' $(BOOK_OUT)/html/*.html; then \
			echo "book: instructor-only text (model answers) in the student edition" >&2; exit 1; fi; \
		tools/book/leakcheck.sh $(BOOK_OUT)/html; fi
	@echo "book: $(BOOK_OUT)/html/index.html ($(EDITION) edition, no warnings)"

# One boot of the reference kernel, again only when that kernel changed;
# the i386 sizes come from compiling tools/book/i386_sizes.c for it.
book-figures: $(MKFIGURES) $(BOOTRUN)
	$(Q)test -d solutions || { echo "book-figures: needs solutions/ (a handout uses book/figures/)" >&2; exit 1; }
	$(Q)$(MAKE) -s --no-print-directory LAB=$(BOOK_FIG_LAB) SRC=solutions image
	@mkdir -p $(BOOK_FIG_DIR)
	$(Q)if [ ! -s $(BOOK_FIG_DIR)/bootlog.txt ] || \
	     [ $(BOOK_FIG_BUILD)/kernel.elf -nt $(BOOK_FIG_DIR)/bootlog.txt ]; then \
		$(BOOTRUN) --image $(BOOK_FIG_BUILD)/disk.img --cmdline "$(BOOK_FIG_CMDLINE)" \
			--cpu-timeout 60 --cpu-idle 20 --timeout 600 > $(BOOK_FIG_DIR)/bootlog.tmp 2> $(BOOK_FIG_DIR)/bootlog.err && \
		mv $(BOOK_FIG_DIR)/bootlog.tmp $(BOOK_FIG_DIR)/bootlog.txt || \
		{ cat $(BOOK_FIG_DIR)/bootlog.err >&2; exit 1; }; fi
	$(Q)$(CC) $(TARGET_CFLAGS) -Ikernel/include -Ikernel/arch/x86/include -Isolutions/lab4 \
		-DCONFIG_LAB=$(BOOK_FIG_LAB) \
		-c tools/book/i386_sizes.c -o $(BOOK_FIG_DIR)/i386_sizes.o
	$(Q)$(NM) -S $(BOOK_FIG_DIR)/i386_sizes.o > $(BOOK_FIG_DIR)/i386_sizes.txt
	$(Q)$(MKFIGURES) $(BOOK_FIG_DIR)/bootlog.txt $(BOOK_FIG_DIR)/i386_sizes.txt $(BOOK_FIG_DIR)
	$(Q)if [ "$(UPDATE)" = 1 ]; then mkdir -p book/figures && \
		for f in $(BOOK_FIGS); do cp $(BOOK_FIG_DIR)/$$f book/figures/$$f; done && \
		echo "book-figures: book/figures/ updated; commit it"; fi

book-figures-check:
	$(Q)if [ ! -d solutions ]; then echo "book-figures-check: skipped (a handout cannot boot the solutions)"; \
	else $(MAKE) -s --no-print-directory book-figures && \
		for f in $(BOOK_FIGS); do cmp -s $(BOOK_FIG_DIR)/$$f book/figures/$$f || \
		{ echo "book-figures-check: book/figures/$$f is stale; run make book-figures UPDATE=1 and commit" >&2; exit 1; }; \
		done && echo "book-figures-check: $(words $(BOOK_FIGS)) figures match the kernel"; fi

book-linkcheck: $(LINKCHECK)
	$(Q)n=$$($(LINKCHECK) tests/book/linkcheck | grep -c 'broken link '); [ "$$n" = 4 ] || \
		{ echo "book-linkcheck: the checker found $$n of the 4 broken links of tests/book/linkcheck" >&2; exit 1; }
	$(Q)for d in build/book/html $(if $(wildcard solutions),build/book-instructor/html); do \
		test -f $$d/index.html || { echo "book-linkcheck: no $$d; run make book first" >&2; exit 1; }; \
		$(LINKCHECK) $$d || exit 1; done

book-browser:
	$(Q)tools/book/browser.sh build/book/html

check-requirements:
	$(Q)tools/book/requirements.sh check

# The questions chapter's table of 32-bit splits, from the kit's constants
# as the figures' compile of tools/book/i386_sizes.c reports them.
# (UPDATE= : a book-experiments UPDATE=1 run must not refresh book/figures.)
book-splits:
	$(Q)$(MAKE) -s --no-print-directory book-figures UPDATE=
	$(Q)tools/book/splits.sh $(BOOK_FIG_DIR)/i386_sizes.txt

book-experiments:
	$(Q)tools/book/experiments.sh $(if $(filter 1,$(UPDATE)),--update) \
		$(if $(filter 1,$(FULL)),--full)
