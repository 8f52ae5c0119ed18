# scxkit - build, run and test sched_ext policies written in C.
#
#   make run      set up, build, run the default policy (in the VM if needed)
#   make test     set up, build, run unit and VM tests
#   make help     everything else
#
# A policy is a directory policies/<name>/ with <name>.bpf.c; it is found
# and built into the launcher with no change here.

.DELETE_ON_ERROR:
.SUFFIXES:

BUILD    ?= build
OBJ      := $(BUILD)/obj
CACHE    ?= .cache
# Policies are compiled against the running kernel's BTF when it has
# sched_ext, else against the VM kernel's vmlinux.h (from linux-bpf-dev).
HOST_VMLINUX_H := $(CACHE)/host/vmlinux.h
VMLINUX_H ?= $(if $(wildcard /sys/kernel/sched_ext),$(HOST_VMLINUX_H),$(CACHE)/kernel/vmlinux.h)

CLANG    ?= clang-19
CC       ?= gcc
BPFTOOL  ?= bpftool

POLICIES := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard policies/*/*.bpf.c)))))
# Userspace code of policies that have an agent (include/scxkit/agent.h).
POLICY_AGENT_SRCS := $(sort $(filter-out %.bpf.c,$(wildcard policies/*/*.c)))
POLICY   ?= shinjuku
ARGS     ?=
CMD      ?=
VM_CPUS  ?= 2
VM_MEM   ?= 1024
VM_TIMEOUT ?= 600

# sched_ext callbacks have fixed signatures, so unused parameters are the
# norm there; every other warning is an error.
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -mcpu=v3 \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-isystem $(OBJ)/include -Iinclude

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS   ?= -O2 -g
CFLAGS   += $(WARN) -std=gnu11 -D_GNU_SOURCE -Iinclude -Iframework -Itui \
	-I$(OBJ)/gen
LDLIBS   := -lbpf -lelf -lz -lm -lncurses

# The launcher: one file per responsibility, listed one per line.
LAUNCHER_SRCS := \
	framework/main.c \
	framework/cmd_list.c \
	framework/cmd_run.c \
	framework/cmd_stats.c \
	framework/stats_client.c \
	framework/stats_server.c \
	framework/line_server.c \
	framework/qos_server.c \
	framework/qos_request.c \
	framework/proc_thread.c \
	framework/run_options.c \
	framework/policy_meta.c \
	framework/policy_table.c \
	framework/loader.c \
	framework/sched_ext_sysfs.c \
	framework/exit_kind.c \
	framework/stats.c \
	framework/map_in_map.c \
	framework/exit_record.c \
	framework/cmd_top.c \
	framework/agent.c \
	tui/json_reader.c \
	tui/dash_model.c \
	tui/dash_layout.c \
	tui/dash_canvas.c \
	tui/dash_view.c \
	tui/dash_render.c \
	tui/dash_collect.c \
	tui/dash_screen.c \
	tui/dash.c \
	$(POLICY_AGENT_SRCS) \
	#

# Everything but main.c, shared with the unit tests.
LIB_SRCS := $(filter-out framework/main.c,$(LAUNCHER_SRCS))

UNIT_TESTS := \
	tests/unit/test_run_options.c \
	tests/unit/test_policy_meta.c \
	tests/unit/test_stats.c \
	tests/unit/test_bpf_deque.c \
	tests/unit/test_bpf_task_queue.c \
	tests/unit/test_bpf_qos.c \
	tests/unit/test_qos_request.c \
	tests/unit/test_dash.c \
	tests/unit/test_agent.c \
	#

# BPF objects of the host-side BPF unit tests (SEC("syscall") programs).
BPF_TEST_OBJS := \
	$(OBJ)/tests/deque_test.bpf.o \
	$(OBJ)/tests/task_queue_test.bpf.o \
	$(OBJ)/tests/qos_test.bpf.o \
	#

VM_TEST_PROGS := \
	tests/progs/spin.c \
	tests/bench/bimodal.c \
	tests/bench/rocksdb_bench.c \
	tests/progs/churn.c \
	tests/progs/qos_roundtrip.c \
	tests/progs/turns.c \
	tests/progs/wakelat.c \
	tests/progs/rtfront.c \
	tests/progs/mixqos.c \
	tests/progs/ext_exec.c \
	tests/progs/qos_perm.c \
	tests/progs/qos_garbage.c \
	tests/progs/duty.c \
	tests/progs/latprobe.c \
	#

POLICY_OBJS := $(foreach p,$(POLICIES),$(OBJ)/policies/$(p).bpf.o)

.PHONY: all deps run vm vm-shell test test-unit test-vm bench bench-bimodal fuzz testbed \
	clean distclean \
	help format check-format

TEST_PROG_BINS := $(foreach f,$(VM_TEST_PROGS),$(BUILD)/tests/$(basename $(notdir $(f))))

all: $(BUILD)/scxkit $(BUILD)/libscxkit_qos.a $(TEST_PROG_BINS)

help:
	@echo 'make run        set up, build, run POLICY=$(POLICY) (ARGS=...) natively or in the VM'
	@echo 'make test       set up, build, run unit tests and VM tests'
	@echo 'make deps       install packages and fetch the sched_ext kernel (root)'
	@echo 'make            build everything into $(BUILD)/ (launcher: $(BUILD)/scxkit)'
	@echo "make vm CMD='scxkit list'   run CMD in the VM (VM_CPUS, VM_MEM, VM_TIMEOUT)"
	@echo 'make bench      RocksDB latency experiment, CFS vs every policy (build/bench/)'
	@echo 'make bench-bimodal   the synthetic bimodal benchmark'
	@echo 'make testbed    wake-up and timer latency of each VM mode (latprobe)'
	@echo 'make vm-shell   interactive shell in the VM'
	@echo 'make test-unit / test-vm   one half of the tests'
	@echo 'make fuzz       the fuzz targets for FUZZ_SECONDS each (default 300)'
	@echo 'make format     clang-format the C sources'
	@echo 'make clean      remove $(BUILD)/ (the kernel cache in $(CACHE)/ stays)'
	@echo 'policies: $(POLICIES)'

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

BPF_HEADERS := $(wildcard include/scxkit/*.h framework/bpf/*.h)
define policy_rule
$(OBJ)/policies/$(1).bpf.o: policies/$(1)/$(1).bpf.c $(OBJ)/include/vmlinux.h $(BPF_HEADERS) \
		$(wildcard policies/$(1)/*.h)
	@mkdir -p $$(@D)
	$$(CLANG) $$(BPF_CFLAGS) -c $$< -o $$@
endef
$(foreach p,$(POLICIES),$(eval $(call policy_rule,$(p))))

# The policies' objects are embedded in the launcher.
$(OBJ)/gen/policy_list.h: $(POLICY_OBJS) Makefile
	@mkdir -p $(@D)
	@{ echo '/* Generated by the Makefile: the policies built in. */'; \
	  $(foreach p,$(POLICIES),echo 'SCXKIT_BLOB($(p))';) } > $@

$(OBJ)/gen/policy_blobs.S: $(POLICY_OBJS) Makefile
	@mkdir -p $(@D)
	@{ echo '/* Generated by the Makefile: policy objects as data. */'; \
	  echo '	.section .rodata'; \
	  $(foreach p,$(POLICIES), \
	    echo '	.balign 8'; \
	    echo '	.global scxkit_blob_$(p)_start, scxkit_blob_$(p)_end'; \
	    echo 'scxkit_blob_$(p)_start:'; \
	    echo '	.incbin "$(OBJ)/policies/$(p).bpf.o"'; \
	    echo 'scxkit_blob_$(p)_end:';) \
	  echo '	.section .note.GNU-stack,"",@progbits'; } > $@

$(OBJ)/%.o: %.c $(OBJ)/gen/policy_list.h \
		$(wildcard include/scxkit/*.h framework/*.h tui/*.h policies/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(OBJ)/gen/policy_blobs.o: $(OBJ)/gen/policy_blobs.S $(POLICY_OBJS)
	$(CC) -c $< -o $@

$(BUILD)/scxkit: $(LAUNCHER_SRCS:%.c=$(OBJ)/%.o) $(OBJ)/gen/policy_blobs.o
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

# The QoS client library applications link (see include/scxkit/qos.h).
QOS_LIB_SRCS := framework/qos_client.c framework/qos_request.c \
	framework/proc_thread.c
$(BUILD)/libscxkit_qos.a: $(QOS_LIB_SRCS:%.c=$(OBJ)/%.o)
	ar rcs $@ $^

# Programs the VM tests run (workloads, probes); they may use the library.
$(BUILD)/tests/%: tests/progs/%.c tests/progs/timing.h $(BUILD)/libscxkit_qos.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $@ $(BUILD)/libscxkit_qos.a -lbpf -lelf -lz \
		-lpthread -lm

$(BUILD)/tests/%: tests/bench/%.c tests/progs/timing.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $@ -lpthread -lm

# The RocksDB experiment links RocksDB and the QoS client library.
$(BUILD)/tests/rocksdb_bench: tests/bench/rocksdb_bench.c tests/progs/timing.h \
		$(BUILD)/libscxkit_qos.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $@ $(BUILD)/libscxkit_qos.a -lrocksdb -lbpf \
		-lelf -lz -lpthread -lm

# Unit tests run on the host, with ASan and UBSan.
SAN_FLAGS := -fsanitize=address,undefined,float-cast-overflow \
	-fno-omit-frame-pointer \
	-fno-sanitize-recover=all
$(BUILD)/unit/%: tests/unit/%.c $(LIB_SRCS) tests/unit/unit.h \
		$(OBJ)/gen/policy_blobs.o $(OBJ)/gen/policy_list.h \
		$(wildcard tests/unit/*.h framework/*.h tui/*.h include/scxkit/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -Itests/unit $< $(LIB_SRCS) \
		$(OBJ)/gen/policy_blobs.o -o $@ $(LDLIBS)

$(OBJ)/tests/%.bpf.o: tests/bpf/%.bpf.c $(OBJ)/include/vmlinux.h $(BPF_HEADERS) \
		$(wildcard tests/bpf/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# Fuzz targets (libFuzzer, clang) for the inputs other processes and
# users control: options, QoS socket requests, stats replies.
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all $(WARN) -std=gnu11 -D_GNU_SOURCE -Iinclude \
	-Iframework -Itui
FUZZ_run_options := framework/run_options.c framework/policy_meta.c
FUZZ_qos_request := framework/qos_request.c framework/proc_thread.c
FUZZ_stats_reply := tui/json_reader.c tui/dash_model.c tui/dash_layout.c \
	tui/dash_canvas.c tui/dash_view.c tui/dash_render.c
FUZZERS := run_options qos_request stats_reply
FUZZ_BINS := $(FUZZERS:%=$(BUILD)/fuzz/fuzz_%)

.SECONDEXPANSION:
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_$$*) \
		$(wildcard framework/*.h tui/*.h include/scxkit/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_FLAGS) $< $(FUZZ_$*) -o $@ -lbpf -lelf -lz -lm

test-unit: $(UNIT_TESTS:tests/unit/%.c=$(BUILD)/unit/%) $(BPF_TEST_OBJS) \
		$(FUZZ_BINS)
	@tests/run_unit.sh $(UNIT_TESTS:tests/unit/%.c=$(BUILD)/unit/%)
	@tests/fuzz/run_fuzz.sh $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} tests/fuzz/run_fuzz.sh $(FUZZ_BINS)

# Tests that need more CPUs than the default VM has ("# cpus: N" in the
# test; run_all.sh skips them there) run in a 4-vCPU boot.  The boots run
# side by side on a host with two cores or more (tests/run_vm_suite.sh).
VM4_TESTS ?= t_nest

test-vm: all
	@VM4_TESTS='$(VM4_TESTS)' tests/run_vm_suite.sh

bench: all
	@scripts/bench.sh

bench-bimodal: all
	@scripts/bench_bimodal.sh

testbed: all
	@scripts/testbed_report.sh

# Builds use every core; the tests themselves run one at a time.
NPROC    := $(shell nproc 2>/dev/null || echo 1)

test:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@$(MAKE) --no-print-directory -j$(NPROC) test-unit
	@rc=0; $(MAKE) --no-print-directory test-vm || rc=1; \
		tests/reliability_summary.sh $(BUILD)/fuzz-results \
			$(BUILD)/vm-tests.log $(BUILD)/vm-tests-stress.log \
			$(BUILD)/vm-tests-4cpu.log || rc=1; \
		exit $$rc

run:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory all
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
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(CACHE)
