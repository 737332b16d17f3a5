# mk/mutants.mk - mutation testing (tools/mutants/): how strong are a lab's tests?
# Included by the top Makefile after mk/common.mk and mk/grader.mk.
#
#   make mutants LAB=n [N=k] [JOBS=j] [MIN=p] [EMU=bochs|qemu]
#                        grade mutants of solutions/labN inside the TODO
#                        regions; print the survivors and
#                        "mutants: K killed / N (S equivalent)".  N=k: a
#                        fixed sample of k; MIN=p: fail below p% killed;
#                        EMU: the emulator of every grade (default Bochs)
#   make test-mutants    the generator on its fixture (under ASan and
#                        UBSan), then a three-mutant run on lab 0
#
# build/tools/mutate lists and applies mutants (tools/mutants/mutate.c);
# tools/mutants/run.sh grades them with build/tools/grade.

MUTATE     := build/tools/mutate
MUTATE_SAN := build/tools/obj/mutants/mutate-san

MUTATE_SRCS := \
	tools/mutants/lex.c \
	tools/mutants/mutate.c \
	tools/mutants/plan.c

MUTATE_OBJS     := $(MUTATE_SRCS:tools/mutants/%.c=build/tools/obj/mutants/%.o)
MUTATE_SAN_OBJS := $(MUTATE_SRCS:tools/mutants/%.c=build/tools/obj/mutants/san/%.o)

build/tools/obj/mutants/%.o: tools/mutants/%.c
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) -D_GNU_SOURCE -c $< -o $@

build/tools/obj/mutants/san/%.o: tools/mutants/%.c
	@mkdir -p $(dir $@)
	$(quiet) HOSTCC $@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) -D_GNU_SOURCE -c $< -o $@

$(MUTATE): $(MUTATE_OBJS)
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(TOOL_CFLAGS) $^ -o $@

$(MUTATE_SAN): $(MUTATE_SAN_OBJS)
	$(quiet) LD $@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) $^ -o $@

# LAB must be given: the kit's default LAB (the last one) is for building
# a stage, and a full run of a big lab takes a while.
MUTANTS_LAB = $(if $(filter command line environment environment override,$(origin LAB)),$(LAB))

.PHONY: mutants test-mutants
mutants: $(MUTATE) $(GRADE_BIN) tools deps-check
	$(if $(MUTANTS_LAB),,$(error make mutants needs LAB=n, e.g. make mutants LAB=0 N=10))
	$(Q)tools/mutants/run.sh --lab $(MUTANTS_LAB) $(if $(N),--sample $(N)) \
		$(if $(JOBS),--jobs $(JOBS)) $(if $(MIN),--min $(MIN)) \
		$(if $(EMU),--emu $(EMU))

test-mutants: $(MUTATE) $(MUTATE_SAN) $(GRADE_BIN) tools deps-check
	$(quiet) TEST mutants
	$(Q)tools/mutants/test.sh $(MUTATE_SAN) $(MUTATE)

-include $(MUTATE_OBJS:.o=.d) $(MUTATE_SAN_OBJS:.o=.d)
