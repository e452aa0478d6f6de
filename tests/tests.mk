# Test tiers, included by the top Makefile. Each tier prints its own summary lines.
#   unit    pure cmocka tests: parsers, JSON output (no sysfs, no sockets)
#   cni     the CNI plugin's binary as a runtime runs it, in a private mount namespace (no VF)
#   sysfs   cmocka and sriovctl under umockdev, on fake sysfs trees of real host shapes
#   abi     exported symbols == lib/libsriov.sym node by node, declared alike in the header and
#           libsriov(3), no incompatible change against abi/libsriov.abi (libabigail)
#   completion  the bash completion, through COMP_WORDS, on a fake host
#   layout  no loop in the calls between sriovctl's files; JSON built only in json*.c
#   example examples/ built out of tree against an installed copy, through pkg-config
#   unit-file  the installed systemd unit, through systemd-analyze verify
#   san     unit + sysfs again, built with AddressSanitizer and UBSan (O=build/san SAN=1)
#   fuzz    libFuzzer targets, built with clang in build/fuzz (tests/fuzz/fuzz.mk)
#   vm      the testbed: a real kernel with emulated SR-IOV NICs (tests/vm/)
#   cni-compat  sriov-cni's published configs through the CNI plugin
#   man     the man pages as built: mandoc's and groff's warnings, and the text they render to
#   quick   unit, sysfs, layout and abi through meson (build/meson): the loop after each edit

UNIT_TESTS   := $(B)tests/unit/test-names $(B)tests/unit/test-shared $(B)tests/unit/test-json $(B)tests/unit/test-netlink \
                $(B)tests/unit/test-vf-config $(B)tests/unit/test-lease-journal $(B)tests/unit/test-dlopen \
                $(B)tests/unit/test-devlink
SYSFS_TESTS  := $(B)tests/sysfs/test-pf $(B)tests/sysfs/test-vf $(B)tests/sysfs/test-num-vfs $(B)tests/sysfs/test-lease
# tests/fake/: stand-ins for the kernel. fakesys builds sysfs trees for umockdev, fake-pci-kernel
# reacts to sysfs writes as drivers/pci/iov.c does, fake-rtnl answers rtnetlink as igb would.
FAKESYS_OBJS := $(B)tests/fake/fakesys.o $(B)tests/fake/shapes.o $(B)tests/fake/fake-pci-kernel.o
# fakeiommu: IOMMU units, groups, vfio nodes, module parameters, /proc/cmdline.
FAKESYS_OBJS += $(B)tests/fake/fakeiommu.o
SYSFS_TESTS  += $(B)tests/sysfs/test-iommu $(B)tests/sysfs/test-check
FAKE_RTNL    := $(B)tests/fake/fake-rtnl.o
# Binding VFs: fake-rtnl-dump answers address and route dumps; fake-pci-kernel binds drivers.
FAKE_RTNL    += $(B)tests/fake/fake-rtnl-dump.o
# devlink answers as netdevsim gives them (unit tests, fuzz seeds).
FAKE_RTNL    += $(B)tests/fake/fake-devlink.o
# igb-host: the igb host with its fake libkmod that the bind and lease tests share.
IGB_HOST     := $(B)tests/fake/igb-host.o
# made-up-host: a host_state in memory, for resolve and plan without sysfs (and the fuzzer).
MADE_UP_HOST := $(B)tests/fake/made-up-host.o
# shape-host: a host of sysfs shapes with a context, for the tests that read the host.
SHAPE_HOST   := $(B)tests/fake/shape-host.o
# Every fake and fixture in one archive, as the library's internal one: a test links what it
# uses of it.
FAKE_LIB     := $(B)tests/fake/libfake.a
UNIT_TESTS   += $(B)tests/unit/test-nl-dump
# The event source's pure parts: two readings into events, the bounded queue.
UNIT_TESTS   += $(B)tests/unit/test-monitor-diff
# apply/dump: the document parser, and resolve + plan against a made-up host.
UNIT_TESTS   += $(B)tests/unit/test-state-doc $(B)tests/unit/test-state-plan
# libsriov-cni's config and results.
UNIT_TESTS   += $(B)tests/unit/test-cni-json
# libsriov-cni's netlink: only the kernel's answers say where a VF's netdev is.
UNIT_TESTS   += $(B)tests/unit/test-cni-netdev
# libsriov-cni's node policy and CNI_ARGS: what a broken or unsafe file is told, the decisions.
UNIT_TESTS   += $(B)tests/unit/test-cni-policy
# sriovctl metrics' lines: label values escaped, none breaks a line.
UNIT_TESTS   += $(B)tests/unit/test-metrics-text
SYSFS_TESTS  += $(B)tests/sysfs/test-bind $(B)tests/sysfs/test-owner
# libsriov-cni's GC and give-back against leases on the fake igb host.
SYSFS_TESTS  += $(B)tests/sysfs/test-cni-gc
# sriovctl apply against the fake host: every write failed or crashed in turn, and races.
SYSFS_TESTS  += $(B)tests/sysfs/test-apply
# sriovctl metrics against a fake kernel's VF counters (IFLA_VF_STATS).
SYSFS_TESTS  += $(B)tests/sysfs/test-metrics-counters
# A thousand VFs and more: no descriptor per VF, one request for an answer that does not come.
SYSFS_TESTS  += $(B)tests/sysfs/test-scale
# A signal during a wait of the library ends it with -EINTR, not at its timeout.
SYSFS_TESTS  += $(B)tests/sysfs/test-signals
MKHOST       := $(B)tests/sysfs/mkhost
# The testbed's probe of the rtnetlink layer on devices the library does not manage (netdevsim).
NL_PROBE     := $(B)tests/vm/nl-probe
# A tenant forging rtnetlink answers to the CNI plugin's sockets (tests/vm/cases/96-cni-hostile.sh).
NL_FORGE     := $(B)tests/vm/nl-forge
TEST_BINS    := $(UNIT_TESTS) $(SYSFS_TESTS) $(MKHOST) $(NL_PROBE) $(NL_FORGE)
TEST_CLEAN   := tests/*/*.o tests/*/*.d tests/fake/*.a $(TEST_BINS) tests/cni/cni-driver

# umockdev's preload library is not ASan's runtime, which wants to come first; they do work
# together (docs/kernel.md).
TEST_ENV     := ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

$(B)tests/%.o: tests/%.c
	@mkdir -p $(@D)
	@echo "  CC     $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Ilib -Itests/fake $(call pkg_cflags,$(TEST_PKGS) $(TOOL_PKGS) $(LIB_PKGS)) -c -o $@ $<

$(B)tests/unit/test-names $(B)tests/unit/test-shared $(B)tests/unit/test-lease-journal \
		$(B)tests/unit/test-dlopen $(B)tests/unit/test-monitor-diff: \
		$(B)tests/unit/%: $(B)tests/unit/%.o $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(LIB_PKGS))

$(B)tests/unit/test-json: $(B)tests/unit/test-json.o $(B)tools/sriovctl/json.o \
		$(B)tools/sriovctl/devlink-view.o $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(TOOL_PKGS) $(LIB_PKGS))

$(B)tests/unit/test-cni-json: $(B)tests/unit/test-cni-json.o $(B)tools/cni/cni-json.o $(B)tools/cni/env.o \
		$(B)tools/cni/cni-args.o $(SHARED_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(TOOL_PKGS))

$(B)tests/unit/test-cni-policy: $(B)tests/unit/test-cni-policy.o $(B)tools/cni/policy.o \
		$(B)tools/cni/policy-parse.o \
		$(B)tools/cni/cni-args.o $(B)tools/cni/cni-json.o $(B)tools/cni/env.o $(SHARED_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(TOOL_PKGS))

$(B)tests/unit/test-cni-netdev: $(B)tests/unit/test-cni-netdev.o $(B)tools/cni/netdev.o \
		$(B)tools/cni/cni-json.o $(B)tools/cni/env.o $(B)tools/cni/cni-args.o $(SHARED_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(CNI_PKGS))

$(B)tests/unit/test-metrics-text: $(B)tests/unit/test-metrics-text.o $(B)tools/sriovctl/metrics-text.o
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS))

$(B)tests/unit/test-state-doc: $(B)tests/unit/test-state-doc.o $(B)tools/sriovctl/state-doc.o \
		$(B)tools/sriovctl/doc-scan.o $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(TOOL_PKGS) $(LIB_PKGS))

$(B)tests/unit/test-state-plan: $(B)tests/unit/test-state-plan.o $(FAKE_LIB) $(B)tools/sriovctl/state-doc.o \
		$(B)tools/sriovctl/doc-scan.o \
		$(B)tools/sriovctl/state-plan.o $(B)tools/sriovctl/mac-auto.o $(B)tools/sriovctl/rate-groups.o \
		$(B)tools/sriovctl/json-state.o $(B)tools/sriovctl/json.o $(B)tools/sriovctl/devlink-view.o \
		$(B)tools/sriovctl/state-host.o $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(TOOL_PKGS) $(LIB_PKGS))

# The netlink tests put a fake kernel (tests/fake/fake-rtnl.c) behind ctx->netlink_transact: no socket.
$(B)tests/unit/test-netlink $(B)tests/unit/test-vf-config $(B)tests/unit/test-devlink: \
		$(B)tests/unit/%: $(B)tests/unit/%.o \
		$(FAKE_LIB) $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(LIB_PKGS))

$(B)tests/unit/test-nl-dump: $(B)tests/unit/test-nl-dump.o $(FAKE_LIB) $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(LIB_PKGS))

$(FAKE_LIB): $(FAKESYS_OBJS) $(FAKE_RTNL) $(IGB_HOST) $(SHAPE_HOST) $(MADE_UP_HOST)
	@rm -f $@
	@echo "  AR     $@"
	$(Q)$(AR) rcs $@ $^

$(B)tests/sysfs/test-%: $(B)tests/sysfs/test-%.o $(FAKE_LIB) $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(LIB_PKGS))

# The plugin's objects but its main(), against the library's internal archive and the fakes.
$(B)tests/sysfs/test-cni-gc: $(B)tests/sysfs/test-cni-gc.o $(filter-out %/main.o,$(CNI_OBJS)) \
		$(FAKE_LIB) $(STATICLIB) $(SHARED_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(CNI_PKGS) $(LIB_PKGS))

$(B)tests/sysfs/test-apply $(B)tests/sysfs/test-metrics-counters: \
		$(B)tests/sysfs/%: $(B)tests/sysfs/%.o $(FAKE_LIB) $(TOOL_LIB) $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(TEST_PKGS) $(TOOL_PKGS) $(LIB_PKGS))

$(NL_PROBE): $(B)tests/vm/nl-probe.o $(STATICLIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(call pkg_libs,$(LIB_PKGS))

$(NL_FORGE): $(B)tests/vm/nl-forge.o
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

$(MKHOST): $(B)tests/sysfs/mkhost.o $(FAKE_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

# The host's leases are out of reach: /run/libsriov is read-only for the tiers that use the
# library (tests/without-host-leases.sh); a test without a lease directory of its own fails.
NO_HOST_LEASES := tests/without-host-leases.sh

check-unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do $(TEST_ENV) $(NO_HOST_LEASES) $$t; done

check-sysfs: $(SYSFS_TESTS) $(MKHOST) $(SRIOVCTL) $(EXAMPLES)
	@set -e; for t in $(SYSFS_TESTS); do $(TEST_ENV) $(NO_HOST_LEASES) umockdev-wrapper $$t; done
	@$(TEST_ENV) LD_LIBRARY_PATH=$(B)lib $(NO_HOST_LEASES) --private tests/sysfs/test-cli.sh $(SRIOVCTL) $(MKHOST)
	@$(TEST_ENV) LD_LIBRARY_PATH=$(B)lib $(NO_HOST_LEASES) --private tests/sysfs/test-metrics.sh $(SRIOVCTL) $(MKHOST)

check-abi: $(SHLIB)
	@tests/abi/check-symbols.sh $(SHLIB) lib/libsriov.sym include/libsriov.h man/libsriov.3 \
		abi/libsriov.abi $(ABI_OPEN_NODE)

# The apply document's schema against the man page's example, the Ansible example, a dump, and
# the document parser's table of bad documents (every -j output of the sysfs and testbed tiers
# is validated where it is made: tests/sysfs/test-cli.sh, tests/vm/guest-init).
check-schema: $(B)tests/unit/test-state-doc
	@tests/schema/test-documents.py schemas man/sriovctl.8 $(B)tests/unit/test-state-doc \
		examples/ansible/files/*.json tests/sysfs/expected/mixed.dump.json

# The bash completion, driven through COMP_WORDS on a fake host.
check-completion: $(SRIOVCTL) $(MKHOST)
	@LD_LIBRARY_PATH=$(B)lib $(NO_HOST_LEASES) --private tests/completion/test-completion.sh $(SRIOVCTL) $(MKHOST) \
		tools/sriovctl/sriovctl.bash-completion

# sriovctl's files call each other in one direction only, and build JSON in one place.
check-layout: $(TOOL_OBJS) $(B)tools/sriovctl/main.o
	@LC_ALL=C tests/layout/check-no-cycles.sh $^
	@tests/layout/check-json-one-place.sh $^

# At a release: the library as built becomes the baseline the next changes are checked against.
abi-baseline: $(SHLIB)
	abidw --no-corpus-path --no-show-locs $(SHLIB) >abi/libsriov.abi

check-example: all $(MKHOST)
	@tests/example/check-installed.sh $(MKHOST)

# The installed sriov-apply.service, through systemd-analyze verify against the built sriovctl.
check-unit-file: all
	@tests/systemd/check-unit-file.sh $(SRIOVCTL)

check-san:
	$(MAKE) O=build/san SAN=1 check-unit check-sysfs

# The tiers a developer runs after each edit, through meson (docs/HACKING.md): set up once in
# MESON_QUICK_DIR, then built incrementally; no apt, no testbed, about a minute and a half.
MESON_QUICK_DIR := $(or $(O),build)/meson
check-quick:
	@command -v meson >/dev/null || { echo "check-quick: meson not found (make deps installs it)" >&2; exit 1; }
	@test -f $(MESON_QUICK_DIR)/build.ninja || meson setup $(MESON_QUICK_DIR)
	@meson compile -C $(MESON_QUICK_DIR)
	@meson test -C $(MESON_QUICK_DIR) --print-errorlogs --suite unit --suite sysfs --suite layout --suite abi

# One boot for tests/vm/cases/, then one per case of tests/vm/cases-noiommu/ (no VT-d device, no
# intel_iommu=on); one summary line for all.
# The packages of make deb go in too: a case installs them in the guest.
# The CNI plugin's client, a runtime's calls through libcni (Go, from Debian's packages, no
# modules: GOPATH is Debian's gocode tree).
CNI_DRIVER := $(B)tests/cni/cni-driver
$(CNI_DRIVER): tests/cni/driver.go
	@echo "  GO     $@"
	$(Q)mkdir -p $(dir $@) build/gocache
	$(Q)GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$(abspath build/gocache) \
		go build -o $@ tests/cni/driver.go

# libsriov-cni as a runtime runs it, on this host in a mount namespace of its own (no VF
# needed): the environment and config it refuses, its IPAM runs, DEL and GC that hold nothing.
check-cni: $(CNI_PLUGIN)
	@tests/cni/test-plugin.sh $(CNI_PLUGIN) $(B)lib

check-vm: all $(NL_PROBE) $(NL_FORGE) $(CNI_DRIVER) deb
	tests/vm/testbed check

# sriov-cni's own network configs (tests/cni/sriov-cni/) through the plugin: each one sriov-cni
# accepts gets to the device, each one it refuses is refused, and DEL of an attachment never made
# succeeds. Needs root (a private mount namespace), no network, no VF; about 25 s.
check-cni-compat: $(CNI_PLUGIN)
	@LD_LIBRARY_PATH=$(abspath $(B)lib) tests/cni/test-sriov-cni-configs.sh $(CNI_PLUGIN) tests/cni/sriov-cni

# The man pages as built: the linters' warnings, and the text a reader sees (words run together
# by markup, stray quotes, markup left over, tags cut short, the footer's version and date).
check-man: $(MAN_PAGES)
	@tests/man/check-man.sh $(VERSION) $(MAN_DATE) $(MAN_PAGES)

# examples/prometheus' alert rules: promtool's check and unit tests, and the alerts they give
# on sriovctl metrics' own output from a fake host.
check-alert-rules: $(SRIOVCTL) $(MKHOST)
	@LD_LIBRARY_PATH=$(B)lib $(NO_HOST_LEASES) --private tests/metrics/check-alert-rules.sh $(SRIOVCTL) $(MKHOST)
.PHONY: check-alert-rules

# deps first, in its own make, so pkg-config answers for what it installed. Then everything the
# testbed uses is built (the guests run the build tree) and prepared (packages, kernel: once,
# not by two guests at a time), and the testbed's cases run in two guests, each half of them,
# beside the other tiers (tests/run-beside.sh): QEMU's TCG runs a guest on one host thread, so
# the two take the two cores, and the other tiers, niced, the time the guests leave; they build
# only under build/san and build/fuzz, never what a guest runs. Each case's deadline is
# doubled for the shared machine (a hang still ends). make check-vm runs the testbed alone.
CHECK_TIERS := check-unit check-sysfs check-cni check-cni-compat check-schema check-completion \
               check-abi check-layout check-man check-example check-unit-file check-alert-rules \
               check-san check-fuzz
CHECK_VM     = SRIOV_TESTBED_CASE_TIMEOUT=300 tests/vm/testbed check
check: deps
	$(MAKE) all $(TEST_BINS) $(CNI_DRIVER) deb
	tests/vm/testbed prepare
	@tests/run-beside.sh \
		$(or $(O),build)/check-vm-1.log "$(CHECK_VM) --shard 1/2" \
		$(or $(O),build)/check-vm-2.log "$(CHECK_VM) --shard 2/2" -- \
		nice -n 10 $(MAKE) $(CHECK_TIERS)

.PHONY: abi-baseline check check-quick check-cni check-cni-compat check-unit check-sysfs check-schema check-completion check-abi check-layout check-man check-example check-unit-file check-san check-vm
