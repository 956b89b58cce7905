# learnprof: `make` builds ./learnprof; `make check` runs every test;
# `make demo` records the bundled example. `V=1` shows the commands.

BUILD       ?= build
LEARNPROF   ?= learnprof
CLANG       ?= clang
LLVM_STRIP  ?= llvm-strip
BPFTOOL     ?= bpftool
CC          ?= cc
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
# Set VMLINUX_H to use a prepared vmlinux.h instead of generating one.
VMLINUX_H   ?= $(BUILD)/vmlinux.h
VERSION     := 0.1.0

PKGS        := libbpf libelf zlib libseccomp json-c
PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPTFLAGS    ?= -O2 -g
CFLAGS      := $(OPTFLAGS) $(CFLAGS)
CFLAGS      += -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -std=gnu11 \
	       -D_GNU_SOURCE -DLEARNPROF_VERSION='"$(VERSION)"' \
	       -Iinclude -I$(BUILD) $(PKG_CFLAGS)
DEPFLAGS     = -MMD -MP -MF $(@:.o=.d)
LDLIBS      += $(PKG_LIBS)
BPF_CFLAGS  := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -Wall \
	       -Iinclude -I$(BUILD) -I$(dir $(VMLINUX_H))

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# Sources are found in src/ and its folders, one per stage of the data flow
# (README.md, "Layout"); objects mirror them under $(BUILD)/obj.
SRCS        := $(sort $(shell find src -name '*.c'))
LIB_SRCS    := $(filter-out src/main.c,$(SRCS))
OBJS        := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS    := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
BPF_SRCS    := $(wildcard bpf/*.bpf.c)
SKELS       := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
BPF_OBJS    := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
UNIT_SRCS   := $(wildcard tests/unit/test_*.c)
UNIT_BINS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
WORKLOAD_SRCS := $(wildcard tests/workloads/*.c)
WORKLOADS   := $(patsubst tests/workloads/%.c,$(BUILD)/workloads/%,$(WORKLOAD_SRCS))

.PHONY: all deps check check-sanitize fuzzers demo clean test-bins bench
.DELETE_ON_ERROR:
.SECONDARY:

all: $(LEARNPROF)

$(LEARNPROF): $(OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD) $(BUILD)/tests $(BUILD)/workloads:
	$(Q)mkdir -p $@

ifeq ($(VMLINUX_H),$(BUILD)/vmlinux.h)
$(BUILD)/vmlinux.h: | $(BUILD)
	$(call msg,GEN,$@)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@
endif

# The object keeps its BTF (.BTF, .BTF.ext) and loses only DWARF, which
# the skeleton would otherwise embed (about 843 KB instead of 180 KB).
BPF_COMPILE = $(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp && $(LLVM_STRIP) -g $@.tmp -o $@ && rm -f $@.tmp
$(BUILD)/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.bpf.h) include/learnprof_abi.h $(VMLINUX_H) | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(BPF_COMPILE)

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

# Header dependencies come from the compiler (-MMD); only the recorder
# includes the BPF skeleton, so only it waits for (and rebuilds with) it.
$(BUILD)/obj/%.o: src/%.c | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@
$(BUILD)/obj/record/recorder.o $(BUILD)/obj/record/maps.o $(BUILD)/obj/record/adopt.o: $(SKELS)
-include $(OBJS:.o=.d)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB_OBJS) | $(BUILD)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LDLIBS)

# Workloads are small programs with exactly known behaviour; the ones named
# *-nolibc.c make raw syscalls only, so their whole syscall set is known.
$(BUILD)/workloads/%-nolibc: tests/workloads/%-nolibc.c tests/workloads/nolibc.h | $(BUILD)/workloads
	$(call msg,CC,$@)
	$(Q)$(CC) -O1 -static -nostdlib -fno-stack-protector -fno-builtin -o $@ $<
$(BUILD)/workloads/%: tests/workloads/%.c | $(BUILD)/workloads
	$(call msg,CC,$@)
	$(Q)$(CC) -O1 -g -Wall -pthread -o $@ $<

# tools/bench-overhead's floors: programs of lp_sys_exit's type that do
# nothing, or add 1 to a counter (bpf-floor empty|count).
$(BUILD)/floor.bpf.o: tools/floor.bpf.c $(VMLINUX_H) | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(BPF_COMPILE)
$(BUILD)/bpf-floor: tools/floor.c $(BUILD)/floor.skel.h
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

test-bins: $(LEARNPROF) $(UNIT_BINS) $(WORKLOADS) $(BUILD)/bpf-floor

deps:
	$(Q)tools/install-deps

check: deps
	$(Q)$(MAKE) --no-print-directory test-bins
	$(Q)tests/run

# The whole test suite with learnprof and the unit tests built under
# AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer, in
# a build directory of their own. Any report fails the test that made it.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=undefined
check-sanitize: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-san LEARNPROF=build-san/learnprof \
		OPTFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test-bins
	$(Q)BUILD=build-san LP=$(CURDIR)/build-san/learnprof \
		ASAN_OPTIONS=detect_leaks=1:exitcode=86 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87 \
		tests/run

# Coverage-guided fuzzers (libFuzzer) for every reader of untrusted input;
# tools/fuzz runs them for a fixed number of iterations.
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRCS))
fuzzers:
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPTFLAGS="$(FUZZ_FLAGS)" \
		LEARNPROF=build-fuzz/learnprof $(FUZZERS)
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_OBJS)
	$(call msg,FUZZ,$@)
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_OBJS) $(LDLIBS)

demo: deps
	$(Q)$(MAKE) --no-print-directory learnprof $(BUILD)/workloads/demo-app
	$(Q)tools/demo

bench: learnprof $(WORKLOADS) $(BUILD)/bpf-floor
	$(Q)tools/bench-overhead

clean:
	$(call msg,CLEAN,)
	$(Q)rm -rf $(BUILD) build-san build-fuzz learnprof
