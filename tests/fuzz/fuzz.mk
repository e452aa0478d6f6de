# Fuzz targets (clang's libFuzzer) over the parsers of untrusted input, included by the top
# Makefile. They build in their own tree, with clang and coverage instrumentation:
#   make check-fuzz   replay the seed corpora and fuzz each target FUZZ_SECONDS (make check)
#   make fuzz         the same, FUZZ_LONG_SECONDS each, keeping what they find in build/fuzz
# Seeds: tests/fuzz/corpus/ (text), and what tests/fuzz/make-seeds writes (binary netlink
# messages and journals, built by the fakes the tests use).
FUZZ_NAMES   := document netlink devlink lease-journal sysfs-value cni-conf cni-policy cni-args
FUZZ_CC      ?= clang-14
FUZZ_DIR     := build/fuzz
FUZZ_SECONDS ?= 12
FUZZ_LONG_SECONDS ?= 600
FUZZ_BINS    := $(FUZZ_NAMES:%=$(B)tests/fuzz/fuzz-%)
FUZZ_SEEDS   := $(B)tests/fuzz/make-seeds
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined
FUZZ_LIBS     = $(call pkg_libs,$(TOOL_PKGS) $(LIB_PKGS))

$(B)tests/fuzz/fuzz-document: $(B)tests/fuzz/fuzz-document.o $(FAKE_LIB) $(TOOL_LIB) \
		$(STATICLIB)
$(B)tests/fuzz/fuzz-netlink $(B)tests/fuzz/fuzz-devlink $(B)tests/fuzz/fuzz-lease-journal \
		$(B)tests/fuzz/fuzz-sysfs-value: \
		$(B)tests/fuzz/%: $(B)tests/fuzz/%.o $(STATICLIB)
$(B)tests/fuzz/fuzz-cni-conf: $(B)tests/fuzz/fuzz-cni-conf.o $(B)tools/cni/cni-json.o $(B)tools/cni/env.o \
		$(B)tools/cni/cni-args.o $(SHARED_LIB)
# The node's policy file and CNI_ARGS (cni_fail() is in cni-json.o, the name rule in env.o).
$(B)tests/fuzz/fuzz-cni-policy: $(B)tests/fuzz/fuzz-cni-policy.o $(B)tools/cni/policy.o \
		$(B)tools/cni/policy-parse.o \
		$(B)tools/cni/cni-args.o $(B)tools/cni/cni-json.o $(B)tools/cni/env.o $(SHARED_LIB)
$(B)tests/fuzz/fuzz-cni-args: $(B)tests/fuzz/fuzz-cni-args.o $(B)tools/cni/cni-args.o \
		$(B)tools/cni/cni-json.o $(B)tools/cni/env.o $(SHARED_LIB)
$(FUZZ_BINS):
	@echo "  LD     $@"
	$(Q)$(CC) $(FUZZ_LDFLAGS) $(LDFLAGS) -o $@ $^ $(FUZZ_LIBS)

$(FUZZ_SEEDS): $(B)tests/fuzz/make-seeds.o $(FAKE_LIB) $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -fsanitize=address,undefined -o $@ $^ $(FUZZ_LIBS)

fuzz-bins: $(FUZZ_BINS) $(FUZZ_SEEDS)

# A missing clang is an error that says so, not a skipped tier.
fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: $(FUZZ_CC) not found (make deps installs it)"; exit 1; }
	$(MAKE) O=$(FUZZ_DIR) FUZZ=1 CC=$(FUZZ_CC) fuzz-bins

check-fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_DIR)/tests/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_DIR)/tests/fuzz $(FUZZ_LONG_SECONDS) $(FUZZ_NAMES)

.PHONY: fuzz-bins fuzz-build check-fuzz fuzz
