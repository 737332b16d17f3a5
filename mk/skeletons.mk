# mk/skeletons.mk - labs/ is generated from solutions/ by tools/mkskel.
#
#   make skeletons         regenerate labs/ (commit the result)
#   make check-skeletons   fail if labs/ differs from what mkskel makes
#
# Instructors edit solutions/ only; the markers there say what students
# write (see tools/mkskel.c).

MKSKEL := build/tools/mkskel

$(MKSKEL): tools/mkskel.c
	$(quiet) HOSTCC $@
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) -o $@ $<

# Generate every skeleton under directory $(1).
define gen_skeletons
	$(Q)rm -rf $(1) && for f in $(sort $(wildcard solutions/lab*/*)); do \
		out=$(1)/$${f#solutions/}; mkdir -p $$(dirname $$out); \
		$(MKSKEL) $$f > $$out || exit 1; done
endef

.PHONY: skeletons check-skeletons
# Files are replaced one by one (never the whole of labs/ at once), so a
# build reading labs/ meanwhile sees old or new files, never none.
skeletons: $(MKSKEL)
	$(quiet) GEN labs/
	$(call gen_skeletons,build/skel.new)
	$(Q)cd build/skel.new && find . -type f | while read f; do \
		mkdir -p ../../labs/$$(dirname $$f); \
		cmp -s $$f ../../labs/$$f || cp $$f ../../labs/$$f; done
	$(Q)cd labs && find . -type f | while read f; do \
		[ -e ../build/skel.new/$$f ] || rm -f $$f; done

ifeq ($(wildcard solutions),)
check-skeletons:
	@echo "skeletons: no solutions/ here (a student handout): nothing to compare"
else
check-skeletons: $(MKSKEL)
	$(quiet) CHECK labs/
	$(call gen_skeletons,build/skel.check)
	$(Q)diff -ru build/skel.check labs > build/skel.diff || { \
		echo "labs/ differs from what tools/mkskel makes from solutions/:" >&2; \
		head -40 build/skel.diff >&2; \
		echo "Run 'make skeletons' and commit labs/ (edit solutions/, never labs/)." >&2; \
		exit 1; }
	@echo "skeletons: labs/ matches solutions/"
endif
