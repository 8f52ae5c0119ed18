# scxkit - build, run and test sched_ext policies written in C.
#
#   make run      set up, build, run the default policy (in the VM if needed)
#   make test     set up, build, run unit and VM tests
#   make help     everything else
#
# A new policy, unit test or program needs no line here: a policy is a
# directory policies/<name>/ with <name>.bpf.c (and, if it has an agent,
# more .c files), a unit test is tests/unit/test_*.c, a VM test program is
# tests/progs/*.c, a benchmark program bench/*.c; each is found by
# wildcard.  A program that needs another library gets one PROG_LIBS line,
# a fuzz target one line naming the sources it exercises.
# docs/architecture.md says what each folder is.

.DELETE_ON_ERROR:
# Objects made on the way (policy .full.bpf.o, test objects) are kept.
.SECONDARY:
.SUFFIXES:
.SECONDEXPANSION:
MAKEFLAGS += --no-builtin-rules

BUILD    ?= build
OBJ      := $(BUILD)/obj
# The kernel cache make deps fills; SCXKIT_CACHE= names another, as for
# the scripts (a worktree sharing its main checkout's).
CACHE    ?= $(or $(SCXKIT_CACHE),.cache)
# Policies are compiled against the running kernel's BTF when it has
# sched_ext, else against the VM kernel's vmlinux.h (from linux-bpf-dev).
HOST_VMLINUX_H := $(CACHE)/host/vmlinux.h
VMLINUX_H ?= $(if $(wildcard /sys/kernel/sched_ext),$(HOST_VMLINUX_H),$(CACHE)/kernel/vmlinux.h)

CLANG    ?= clang-19
LLVM_STRIP ?= llvm-strip-19
LLVM_OBJDUMP ?= llvm-objdump-19
BPFTOOL  ?= bpftool
# bpf_tracing.h wants the target architecture by its kernel name.
ARCH     := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' \
	-e 's/ppc64le/powerpc/' -e 's/s390x/s390/' -e 's/riscv64/riscv/' \
	-e 's/loongarch64/loongarch/')

POLICY   ?= shinjuku
ARGS     ?=
CMD      ?=
VM_CPUS  ?= 2
VM_MEM   ?= 1024
VM_TIMEOUT ?= 600
NPROC    := $(shell nproc 2>/dev/null || echo 1)

# What the build needs is kept apart from what a user may set: CFLAGS
# (optimisation, debugging) and LDFLAGS can be changed on the command
# line, the warnings (-Werror among them) and include paths cannot.
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
INCLUDES := -Iinclude -Iframework -Itui -Ilauncher -Ibench -I$(OBJ)/gen
# -w (and -Wno-error) would silence WARN whatever its place: dropped.
BUILD_CFLAGS = $(filter-out -w -Wno-error%,$(CFLAGS)) $(WARN) -std=gnu11 -D_GNU_SOURCE $(INCLUDES) -MMD -MP
LIBS     := -lbpf -lelf -lz -lm -ljansson -lpthread

# sched_ext callbacks have fixed signatures, so unused parameters are the
# norm there; every other warning is an error.
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -mcpu=v3 \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-isystem $(OBJ)/include -Iinclude -MMD -MP

# --- what there is -----------------------------------------------------

POLICIES := $(sort $(patsubst policies/%/,%,$(dir $(wildcard policies/*/*.bpf.c))))
# The objects embedded: stripped, in a directory of their own (a build
# directory from before this layout has unstripped ones in policies/).
POLICY_OBJS := $(POLICIES:%=$(OBJ)/blobs/%.bpf.o)
# Userspace code of policies that have an agent (<scxkit/agent.h>).  They
# register by constructor, so they are linked as objects, not archived.
AGENT_SRCS := $(sort $(filter-out %.bpf.c,$(wildcard policies/*/*.c)))

# libscxkit: the framework's userspace library (loader, stats, servers,
# agent host, QoS client); libscxkit_qos: the part applications link.
LIB_SRCS := $(sort $(wildcard framework/*.c))
QOS_LIB_SRCS := framework/qos_client.c framework/qos_request.c \
	framework/proc_thread.c framework/fd_pass.c
TUI_SRCS := $(sort $(wildcard tui/*.c))
LAUNCHER_SRCS := $(sort $(wildcard launcher/*.c))
# The scheduling simulator (bench/ideal, and unit tests hold it to theory).
SIM_SRCS := $(sort $(wildcard bench/sim/*.c))

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(sort $(wildcard tests/unit/test_*.c)))
BPF_TEST_OBJS := $(patsubst tests/bpf/%.bpf.c,$(OBJ)/tests/%.bpf.o,$(wildcard tests/bpf/*.bpf.c))
# Programs the VM tests and benchmarks run, all in $(BUILD)/tests/.
PROG_SRCS := $(sort $(filter-out %.bpf.c,$(wildcard tests/progs/*.c bench/*.c)))
PROG_BINS := $(addprefix $(BUILD)/tests/,$(basename $(notdir $(PROG_SRCS))))
# Schedulers the benchmarks load without the framework (bench/*.bpf.c).
BENCH_BPF_OBJS := $(patsubst bench/%.bpf.c,$(BUILD)/tests/%.bpf.o,$(wildcard bench/*.bpf.c))
# Policies broken on purpose, which `scxkit check` must fail (t_check).
BROKEN_BPF_OBJS := $(patsubst tests/policies/%.bpf.c,$(BUILD)/tests/policies/%.bpf.o,$(wildcard tests/policies/*.bpf.c))

o = $(patsubst %.c,$(OBJ)/%.o,$(1))
asan = $(patsubst %.c,$(OBJ)/asan/%.o,$(1))

.PHONY: all deps run vm vm-shell test test-unit test-vm test-scale test-deb \
	bench bench-bimodal bench-wake bench-apps bench-ab fuzz testbed clean distclean \
	help format

all: $(BUILD)/scxkit $(BUILD)/libscxkit.a $(BUILD)/libscxkit_qos.a $(PROG_BINS) \
	$(BENCH_BPF_OBJS) $(BROKEN_BPF_OBJS)

help:
	@echo 'make run        set up, build, run POLICY=$(POLICY) (ARGS=...) natively or in the VM'
	@echo 'make test       set up, build, run unit tests and VM tests'
	@echo 'make deps       install packages and fetch the sched_ext kernel (root)'
	@echo 'make            build everything into $(BUILD)/ (launcher: $(BUILD)/scxkit)'
	@echo "make vm CMD='scxkit list'   run CMD in the VM (VM_CPUS, VM_MEM, VM_TIMEOUT)"
	@echo 'make bench      RocksDB latency experiment, ms and us shapes (RDB_SHAPE), CFS vs every policy'
	@echo 'make bench-bimodal   the synthetic bimodal benchmark'
	@echo 'make bench-wake      cross-CPU wake-up round trip, CFS vs bare vs every policy'
	@echo 'make bench-apps      Redis (Debian, unmodified) beside a batch load, CFS vs policies, QoS rules'
	@echo 'make bench-ab        A against B, AB_A/AB_B="NAME [OPTION...]" (bench/README.md)'
	@echo 'make testbed    wake-up and timer latency of each VM mode (latprobe)'
	@echo 'make vm-shell   interactive shell in the VM'
	@echo 'make test-unit / test-vm   one half of the tests'
	@echo 'make test-deb   build the Debian packages, try them in a throwaway root (root)'
	@echo 'make fuzz       the fuzz targets for FUZZ_SECONDS each (default 300)'
	@echo 'make format     clang-format the C sources'
	@echo 'make install    PREFIX=/usr/local DESTDIR= (make uninstall; docs/install.md)'
	@echo 'make clean      remove $(BUILD)/ (the kernel cache in $(CACHE)/ stays)'
	@echo 'policies: $(POLICIES)'

# --- setup ---------------------------------------------------------------

deps:
	@scripts/deps.sh

# Setup runs only when something is missing; the check itself is quick.
$(CACHE)/.deps-ok: scripts/deps.sh
	@scripts/deps.sh
	@touch $@

$(CACHE)/kernel/vmlinux.h: | $(CACHE)/.deps-ok

$(HOST_VMLINUX_H): | $(CACHE)/.deps-ok
	@mkdir -p $(@D)
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@

$(OBJ)/include/vmlinux.h: $(VMLINUX_H)
	@mkdir -p $(@D)
	cp $< $@

# --- BPF -----------------------------------------------------------------

# A policy object as compiled (with DWARF, for debugging) ...
$(OBJ)/policies/%.full.bpf.o: policies/$$*/$$*.bpf.c $(OBJ)/include/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# ... and as embedded: without DWARF (BTF, which libbpf needs, stays), and
# refused if it has an indirect call, which the verifier would reject at
# load time: the hooks must fold into direct calls (bpf/hooks.bpf.h).
$(OBJ)/blobs/%.bpf.o: $(OBJ)/policies/%.full.bpf.o
	@mkdir -p $(@D)
	$(LLVM_STRIP) -g $< -o $@
	@if $(LLVM_OBJDUMP) -d $@ | grep -q 'callx'; then \
		echo "$@: indirect call (callx) in a policy object" >&2; \
		rm -f $@; exit 1; fi

$(OBJ)/tests/%.bpf.o: tests/bpf/%.bpf.c $(OBJ)/include/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OBJ)/bench/%.bpf.o: bench/%.bpf.c $(OBJ)/include/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/policies/%.bpf.o: tests/policies/%.bpf.c $(OBJ)/include/vmlinux.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.bpf.o: $(OBJ)/bench/%.bpf.o
	@mkdir -p $(@D)
	$(LLVM_STRIP) -g $< -o $@

# A generated file is written to $@.new and moved over $@ only when its
# text differs: an unchanged file keeps its time, and nothing that
# depends on it is rebuilt.
update_if_changed = if cmp -s $@.new $@; then rm -f $@.new; \
	else mv -f $@.new $@; fi

# The policies' objects are embedded in the launcher: a list of names and
# an assembler file that includes each object as data.  Both are written
# from the list of policies, kept in a stamp whose text changes only when
# a policy is added or removed: editing a policy re-assembles the blobs
# and relinks the launcher, and compiles nothing else.
POLICY_STAMP := $(OBJ)/gen/policies.stamp
POLICY_LIST_H := $(OBJ)/gen/policy_list.h
POLICY_BLOBS_S := $(OBJ)/gen/policy_blobs.S

$(POLICY_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(POLICIES)' >$@.new
	@$(update_if_changed)

$(POLICY_LIST_H): $(POLICY_STAMP)
	@{ echo '/* Generated by the Makefile: the policies built in. */'; \
	  for p in $(POLICIES); do echo "SCXKIT_BLOB($$p)"; done; } >$@.new
	@mv -f $@.new $@

$(POLICY_BLOBS_S): $(POLICY_STAMP)
	@{ echo '/* Generated by the Makefile: policy objects as data. */'; \
	  printf '\t.section .rodata\n'; \
	  for p in $(POLICIES); do \
		printf '\t.balign 8\n\t.global %s, %s\n%s:\n' \
			"scxkit_blob_$${p}_start" "scxkit_blob_$${p}_end" \
			"scxkit_blob_$${p}_start"; \
		printf '\t.incbin "%s"\n%s:\n' "$(OBJ)/blobs/$$p.bpf.o" \
			"scxkit_blob_$${p}_end"; \
	  done; \
	  printf '\t.section .note.GNU-stack,"",@progbits\n'; } >$@.new
	@mv -f $@.new $@

$(OBJ)/gen/policy_blobs.o: $(POLICY_BLOBS_S) $(POLICY_OBJS)
	$(CC) -c $< -o $@

# The files `scxkit new` writes (launcher/cmd_new.c), as data.
NEW_TEMPLATE := $(wildcard launcher/new_template/*)
$(OBJ)/gen/new_template.o: launcher/new_template.S $(NEW_TEMPLATE)
	@mkdir -p $(@D)
	$(CC) -c $< -o $@

# What the launcher knows of its build (launcher/build_info.c): the
# version, with what git describe says of the commit in a git checkout,
# and the build folder, to tell whether it runs from there or installed.
# Rewritten only when its text changes (a commit, another BUILD).
SCXKIT_VERSION ?= 0.1
SCXKIT_GIT := $(if $(wildcard .git),$(shell git describe --tags --always \
	--dirty 2>/dev/null))
BUILD_INFO_H := $(OBJ)/gen/build_info_gen.h
$(BUILD_INFO_H): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '/* Generated by the Makefile: what scxkit knows of its build. */' \
		'#define SCXKIT_VERSION_STR "$(SCXKIT_VERSION)$(if $(SCXKIT_GIT), (git $(SCXKIT_GIT)))"' \
		"#define SCXKIT_BUILD_DIR \"$$(cd $(BUILD) && pwd -P)\"" >$@.new
	@$(update_if_changed)
$(OBJ)/launcher/build_info.o $(OBJ)/asan/launcher/build_info.o: $(BUILD_INFO_H)

# --- userspace -----------------------------------------------------------

# Every object may include the generated list; make it exist first.
$(OBJ)/%.o: %.c | $(POLICY_LIST_H)
	@mkdir -p $(@D)
	$(CC) $(BUILD_CFLAGS) -c $< -o $@

$(BUILD)/libscxkit.a: $(call o,$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

# The QoS client library applications link (see include/scxkit/qos.h).
$(BUILD)/libscxkit_qos.a: $(call o,$(QOS_LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/scxkit: $(call o,$(LAUNCHER_SRCS) $(TUI_SRCS) $(AGENT_SRCS)) \
		$(OBJ)/gen/policy_blobs.o $(OBJ)/gen/new_template.o \
		$(BUILD)/libscxkit.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LIBS) -lncurses

# Programs the VM tests and benchmarks run; they may use the QoS library.
$(BUILD)/tests/%: $(OBJ)/progs/%.o $(BUILD)/libscxkit_qos.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LIBS) $(PROG_LIBS)
$(BUILD)/tests/rocksdb_bench: PROG_LIBS := -lrocksdb
# bench/ideal replays the bench's arrivals through the simulator.
$(BUILD)/tests/ideal: $(call o,$(SIM_SRCS))

$(OBJ)/progs/%.o: $$(wildcard tests/progs/$$*.c bench/$$*.c) | $(POLICY_LIST_H)
	@mkdir -p $(@D)
	$(CC) $(BUILD_CFLAGS) -c $< -o $@

# --- tests ---------------------------------------------------------------

# Unit tests run on the host with ASan and UBSan.  Each source is compiled
# once with the sanitizers, into one archive every test links.
SAN_FLAGS := -fsanitize=address,undefined,float-cast-overflow \
	-fno-omit-frame-pointer -fno-sanitize-recover=all
TESTLIB_SRCS := $(LIB_SRCS) $(TUI_SRCS) $(filter-out launcher/main.c,$(LAUNCHER_SRCS)) \
	$(SIM_SRCS)

$(OBJ)/asan/%.o: %.c | $(POLICY_LIST_H)
	@mkdir -p $(@D)
	$(CC) $(BUILD_CFLAGS) $(SAN_FLAGS) -Itests/unit -c $< -o $@

$(OBJ)/asan/libscxkit_test.a: $(call asan,$(TESTLIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/unit/%: $(OBJ)/asan/tests/unit/%.o $(call asan,$(AGENT_SRCS)) \
		$(OBJ)/asan/libscxkit_test.a $(OBJ)/gen/policy_blobs.o \
		$(OBJ)/gen/new_template.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@ $(LIBS) -lncurses

# Fuzz targets (libFuzzer, clang) for the inputs other processes and
# users control: options, QoS socket requests, stats replies.
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all $(WARN) -std=gnu11 -D_GNU_SOURCE $(INCLUDES)
FUZZ_run_options := framework/run_options.c framework/policy_meta.c
FUZZ_qos_request := framework/qos_request.c framework/proc_thread.c
FUZZ_qos_rules := framework/qos_rules.c
FUZZ_stats_reply := tui/dash_model.c tui/dash_layout.c tui/dash_canvas.c \
	tui/dash_view.c tui/dash_render.c framework/stats.c framework/json_out.c
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_$$*) \
		$(wildcard include/scxkit/*.h framework/*.h tui/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_FLAGS) $< $(FUZZ_$*) -o $@ $(LIBS)

test-unit: $(UNIT_TESTS) $(BPF_TEST_OBJS) $(FUZZ_BINS) $(BUILD)/scxkit \
		$(OBJ)/include/vmlinux.h
	@CC='$(CC)' CLANG='$(CLANG)' BPF_CFLAGS='$(BPF_CFLAGS)' \
		tests/run_unit.sh $(UNIT_TESTS)
	@tests/fuzz/run_fuzz.sh $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} tests/fuzz/run_fuzz.sh $(FUZZ_BINS)

# The VM boots of make test (tests/run_vm_suite.sh says which and why):
# 2 vCPUs, 4, 16 and 64 (tests declare "# cpus: N" when they need more
# than 2), and the second kernel make deps fetched.  They run side by
# side on a host with two cores or more.
VM4_TESTS ?= t_nest
VM_SUITE_LOGS := $(patsubst %,$(BUILD)/vm-tests-%.log,main stress cpu64 old \
	cpu16 vm4)

test-vm: all $(BUILD)/out-of-tree/qos_app
	@VM4_TESTS='$(VM4_TESTS)' tests/run_vm_suite.sh test

# What tests/vm/t_out_of_tree.sh runs: built from an install, outside the
# tree, by a host check (run by test-unit; again here if test-vm or
# test-scale runs alone).  A failure there shows in test-unit and in the
# VM test.
$(BUILD)/out-of-tree/qos_app: $(BUILD)/scxkit $(BUILD)/libscxkit_qos.a \
		$(NEW_TEMPLATE) \
		tests/out_of_tree/qos_app.c tests/host/check_out_of_tree.sh
	-@CC='$(CC)' tests/host/check_out_of_tree.sh >/dev/null

# Builds use every core; the tests themselves run one at a time.
test:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@$(MAKE) --no-print-directory -j$(NPROC) test-unit
	@rc=0; $(MAKE) --no-print-directory test-vm || rc=1; \
		tests/reliability_summary.sh $(BUILD)/fuzz-results \
			$(VM_SUITE_LOGS) || rc=1; \
		exit $$rc

# The Debian packages (debian/): built, then installed, used and purged
# in a debootstrapped bookworm root, never on the host (root, network).
test-deb:
	@CACHE='$(CACHE)' VMLINUX_H='$(abspath $(VMLINUX_H))' \
		tests/host/check_deb.sh

# The long runs of the many-CPU and second-kernel boots (not in make
# test; tests/run_vm_suite.sh lists them): every test on the second
# kernel, every policy on 16, 64 and 80 vCPUs.  The second kernel's boot
# runs t_out_of_tree too, which needs the out-of-tree build.
test-scale: all $(BUILD)/out-of-tree/qos_app
	@scripts/deps.sh
	@tests/run_vm_suite.sh scale

# --- running -------------------------------------------------------------

bench: all
	@scripts/bench.sh

bench-bimodal: all
	@scripts/bench_bimodal.sh

bench-wake: all
	@scripts/bench_wake.sh

bench-apps: all
	@scripts/bench_apps.sh

bench-ab: all
	@bench/ab.sh

testbed: all
	@scripts/testbed_report.sh

run:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@scripts/run.sh $(POLICY) $(ARGS)

# CMD reaches the recipe unexpanded through the environment, so its
# quotes, operators and $variables stay the guest shell's.
vm vm-shell: export SCXKIT_VM_CMD = $(value CMD)
vm: all
	@VM_CPUS=$(VM_CPUS) VM_MEM=$(VM_MEM) VM_TIMEOUT=$(VM_TIMEOUT) \
		scripts/vm.sh -- "$$SCXKIT_VM_CMD"

vm-shell: all
	@VM_CPUS=$(VM_CPUS) VM_MEM=$(VM_MEM) scripts/vm.sh --interactive -- \
		"$$SCXKIT_VM_CMD"

format:
	clang-format -i $$(git ls-files '*.c' '*.h' ':!launcher/new_template/')

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(CACHE)

# make install, make uninstall and the shared QoS library.
include mk/install.mk

# Header dependencies, written by the compilers (-MMD).
-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
