# libsriov — plain GNU make.
#
#   make              build lib/libsriov.so.0, tools/sriovctl/sriovctl and examples/
#   make check        install missing Debian packages, build, run every test tier
#   make demo         install missing packages, build, show sriovctl at work (testbed guest)
#   make install      PREFIX, LIBDIR, BINDIR, MANDIR, DESTDIR as usual; SYSTEMDUNITDIR for the units,
#                     UDEVRULESDIR for the udev rule,
#                     CNIDIR for the CNI plugin (/usr/lib/cni; /opt/cni/bin for Kubernetes),
#                     BASHCOMPDIR for the bash completion, SCHEMADIR for the JSON Schemas
#   make bench        benchmarks against the tools people use today
#   make clean-testbed remove the testbed's cache and the apt source it added
#   make deb          Debian packages (libsriov0, libsriov-dev, sriovctl) in build/deb, lintian-clean
#
# O=DIR puts every build product under DIR (the sanitizer build uses O=build/san SAN=1).

VERSION     := 0.6.0
SOVERSION   := 0
# The version node of lib/libsriov.sym that this VERSION adds to: it may still change until
# released; the nodes before it may not (make check-abi).
ABI_OPEN_NODE := LIBSRIOV_0.6
PREFIX      ?= /usr/local
# Debian's multiarch puts libraries in /usr/lib/<triplet>: the default there for PREFIX=/usr.
ifeq ($(PREFIX),/usr)
DEB_MULTIARCH := $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
LIBDIR      ?= $(PREFIX)/lib$(if $(DEB_MULTIARCH),/$(DEB_MULTIARCH))
endif
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
# The udev rule that starts sriov-reapply@.service when a PF's driver binds.
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
# The JSON Schemas of sriovctl's output and of the apply document (schemas/).
SCHEMADIR   ?= $(PREFIX)/share/sriovctl/schemas
# Where bash-completion looks for a command's completion, loaded on first use.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC          ?= gcc
PKG_CONFIG  ?= pkg-config
CFLAGS      ?= -O2 -g
O           ?=
B           := $(if $(O),$(O)/,)
# V=1 prints whole compiler command lines.
Q           := $(if $(filter 1,$(V)),,@)

# What the library compiles against; it links LIB_LINK_PKGS (also the .pc's Requires.private)
# and loads libpci and libkmod when first needed (lib/dlopen.c).
LIB_PKGS    := libpci libnl-3.0 libnl-route-3.0 libudev libkmod
LIB_LINK_PKGS := libnl-3.0 libnl-route-3.0 libudev
TOOL_PKGS   := json-c
TEST_PKGS   := cmocka

WARNINGS    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
               -Wformat=2 -Wno-format-nonliteral -Wvla
BASE_CFLAGS := -std=gnu11 -D_GNU_SOURCE -fPIC $(WARNINGS) -Iinclude -Ishared -MMD -MP
ifeq ($(SAN),1)
SAN_FLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
# The fuzz build (O=build/fuzz FUZZ=1 CC=clang-14, tests/fuzz/fuzz.mk): every object with
# libFuzzer's coverage instrumentation and the same sanitizers.
ifeq ($(FUZZ),1)
SAN_FLAGS   := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
endif
ALL_CFLAGS  = $(BASE_CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

# ---- shared/: helpers built into the library, sriovctl and the tests (as kmod's shared/) --------
# PCI addresses, MACs, interface names, exact numbers, the clock, lock files with deadlines, the names of VF
# settings: one of each.
SHARED_SRCS := shared/pci-addr.c shared/mac.c shared/parse-num.c shared/clock.c shared/lock-file.c \
               shared/vf-fields.c shared/rate-units.c shared/driver-class.c shared/ifname.c \
               shared/vf-name.c
SHARED_OBJS := $(SHARED_SRCS:%.c=$(B)%.o)
SHARED_LIB  := $(B)shared/libshared.a

$(B)shared/%.o: shared/%.c
	@mkdir -p $(@D)
	@echo "  CC     $@"
	$(Q)$(CC) $(ALL_CFLAGS) -fvisibility=hidden -c -o $@ $<

$(SHARED_LIB): $(SHARED_OBJS)
	@rm -f $@
	@echo "  AR     $@"
	$(Q)$(AR) rcs $@ $^

# ---- library ---------------------------------------------------------------------------------
LIB_SRCS    := lib/ctx.c lib/sysfs.c lib/resize-switchdev.c lib/pci.c lib/pf.c lib/pf-list.c lib/vf.c \
               lib/nl-msg.c lib/netlink.c lib/pf-link.c lib/vf-config.c lib/num-vfs.c lib/vf-wait.c lib/vf-in-use.c \
               lib/vf-users.c
# IOMMU groups and VFIO nodes, their owners and holders; the host preflight (sriovctl check).
LIB_SRCS    += lib/iommu.c lib/vfio-owner.c lib/vfio-holders.c lib/preflight.c
# Binding VFs to drivers, and loading the driver's module when it is not loaded.
LIB_SRCS    += lib/bind.c lib/kmod.c lib/dlopen.c
# devlink (generic netlink) for switchdev: eswitch modes, VF ports and representors, rates.
LIB_SRCS    += lib/devlink-msg.c lib/devlink.c lib/eswitch.c lib/vf-port.c lib/rate.c
# Leases: VFs handed to VMMs, with a journal that survives the holder's crash; the host-wide
# lock every change holds.
LIB_SRCS    += lib/lease.c lib/lease-journal.c lib/lease-lost.c lib/host-lock.c lib/process.c
# Events: what changes under the library (uevents, rtnetlink, the lease directory), read into
# snapshots and diffed (lib/monitor.h).
LIB_SRCS    += lib/monitor.c lib/monitor-diff.c lib/event.c
LIB_OBJS    := $(LIB_SRCS:%.c=$(B)%.o)
SHLIB       := $(B)lib/libsriov.so.$(SOVERSION)
SHLIB_LINK  := $(B)lib/libsriov.so
STATICLIB   := $(B)lib/libsriov-internal.a

$(B)lib/%.o: lib/%.c
	@mkdir -p $(@D)
	@echo "  CC     $@"
	$(Q)$(CC) $(ALL_CFLAGS) -fvisibility=hidden $(call pkg_cflags,$(LIB_PKGS)) -c -o $@ $<

$(SHLIB): $(LIB_OBJS) $(SHARED_LIB) lib/libsriov.sym
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,libsriov.so.$(SOVERSION) \
		-Wl,--version-script=lib/libsriov.sym -Wl,--no-undefined \
		-o $@ $(LIB_OBJS) $(SHARED_LIB) $(call pkg_libs,$(LIB_LINK_PKGS))

$(SHLIB_LINK): $(SHLIB)
	@echo "  LN     $@"
	$(Q)ln -sf libsriov.so.$(SOVERSION) $@

# White-box tests link this: every internal function and the shared helpers, no version script.
$(STATICLIB): $(LIB_OBJS) $(SHARED_OBJS)
	@rm -f $@
	@echo "  AR     $@"
	$(Q)$(AR) rcs $@ $^

# ---- sriovctl --------------------------------------------------------------------------------
TOOL_SRCS   := tools/sriovctl/cli.c tools/sriovctl/commands.c tools/sriovctl/json.c \
               tools/sriovctl/table.c tools/sriovctl/text.c tools/sriovctl/parse.c \
               tools/sriovctl/vf-settings.c tools/sriovctl/vf-collect.c \
               tools/sriovctl/pf.c tools/sriovctl/vf.c
TOOL_SRCS   += tools/sriovctl/check.c tools/sriovctl/vfio.c
# Unique prefixes of objects, commands and keywords.
TOOL_SRCS   += tools/sriovctl/match.c
# vf list -s -j: the VF objects with their counters.
TOOL_SRCS   += tools/sriovctl/json-vf-stats.c
# sriovctl monitor: the library's events as lines, or JSON lines.
TOOL_SRCS   += tools/sriovctl/monitor.c tools/sriovctl/json-event.c
# sriovctl metrics: Prometheus' text format; its lines (escaping) apart from what they say.
TOOL_SRCS   += tools/sriovctl/metrics.c tools/sriovctl/metrics-text.c tools/sriovctl/output-file.c
TOOL_SRCS   += tools/sriovctl/vf-bind.c tools/sriovctl/lease.c tools/sriovctl/switchdev.c tools/sriovctl/devlink-view.c
# Declarative state: apply and dump (tools/sriovctl/state.h explains the stages).
STATE_SRCS  := tools/sriovctl/state-doc.c tools/sriovctl/doc-scan.c tools/sriovctl/state-plan.c tools/sriovctl/mac-auto.c \
               tools/sriovctl/rate-groups.c \
               tools/sriovctl/json-state.c
TOOL_SRCS   += $(STATE_SRCS) tools/sriovctl/state-host.c tools/sriovctl/state-apply.c \
               tools/sriovctl/apply.c
TOOL_OBJS   := $(TOOL_SRCS:%.c=$(B)%.o)
# Everything of sriovctl but main(): the tool links it, and so do the tests of its logic
# (plan, apply phases, rollback) against the fake host.
TOOL_LIB    := $(B)tools/sriovctl/libsriovctl.a
SRIOVCTL    := $(B)tools/sriovctl/sriovctl

$(B)tools/%.o: tools/%.c
	@mkdir -p $(@D)
	@echo "  CC     $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(call pkg_cflags,$(TOOL_PKGS)) -c -o $@ $<

# sriovctl --version says the VERSION above; a new version rebuilds main.o.
$(B)tools/sriovctl/main.o: ALL_CFLAGS += -DSRIOVCTL_VERSION='"$(VERSION)"'
$(B)tools/sriovctl/main.o: Makefile

$(TOOL_LIB): $(TOOL_OBJS)
	@rm -f $@
	@echo "  AR     $@"
	$(Q)$(AR) rcs $@ $^

$(SRIOVCTL): $(B)tools/sriovctl/main.o $(TOOL_LIB) $(SHLIB_LINK) $(SHARED_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(B)tools/sriovctl/main.o $(TOOL_LIB) $(SHARED_LIB) \
		-L$(B)lib -lsriov $(call pkg_libs,$(TOOL_PKGS))

# ---- libsriov-cni: the CNI plugin (tools/cni/cni.h says which file does what) -----------------------
CNI_SRCS    := tools/cni/main.c tools/cni/env.c tools/cni/cni-json.c tools/cni/ipam.c tools/cni/netdev.c \
               tools/cni/attach.c tools/cni/check.c tools/cni/gc.c
CNI_SRCS    += tools/cni/netns-scan.c
# The node's policy for ADD, and CNI_ARGS, where the runtime names the pod's namespace.
CNI_SRCS    += tools/cni/cni-args.c tools/cni/policy.c tools/cni/policy-parse.c \
               tools/cni/policy-add.c
CNI_OBJS    := $(CNI_SRCS:%.c=$(B)%.o)
CNI_PKGS    := json-c libnl-3.0 libnl-route-3.0
CNI_PLUGIN  := $(B)tools/cni/libsriov-cni
# Where runtimes look for plugins: Debian's containernetworking-plugins use /usr/lib/cni;
# Kubernetes distributions use /opt/cni/bin (make install CNIDIR=/opt/cni/bin).
CNIDIR      ?= /usr/lib/cni

$(CNI_OBJS): ALL_CFLAGS += $(call pkg_cflags,$(CNI_PKGS))

$(CNI_PLUGIN): $(CNI_OBJS) $(SHLIB_LINK) $(SHARED_LIB)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CNI_OBJS) $(SHARED_LIB) -L$(B)lib -lsriov \
		$(call pkg_libs,$(CNI_PKGS))

# ---- examples (public header only) -------------------------------------------------------------
EXAMPLES    := $(B)examples/list-vfs $(B)examples/vmm-handoff $(B)examples/vmm-watch

$(B)examples/%: examples/%.c $(SHLIB_LINK)
	@mkdir -p $(@D)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< -L$(B)lib -lsriov

# ---- pkg-config: written at install time, so it names the PREFIX and LIBDIR installed to --------
PC_SUBST    = -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
              -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
              -e 's|@REQUIRES_PRIVATE@|$(LIB_LINK_PKGS)|'
# The boot-time apply unit and the metrics unit, likewise: ExecStart names the BINDIR installed to.
UNIT_SUBST  = -e 's|@BINDIR@|$(BINDIR)|g'

# ---- man pages: man/ holds their source, whose .TH line says @VERSION@ and @DATE@; the build
# writes the VERSION above and the source's date (mk/man-date.sh: never the build's, so two builds
# of one source write the same pages) into MAN_DIR, and installs those.
MAN_SRCS    := man/sriovctl.8 man/libsriov.3 man/libsriov-cni.8
MAN_DIR     := $(or $(O),build)/man
MAN_PAGES   := $(MAN_SRCS:man/%=$(MAN_DIR)/%)
MAN_DATE    := $(shell sh mk/man-date.sh 2>/dev/null)
MAN_SUBST    = -e '/^\.TH /s|@VERSION@|$(VERSION)|' -e '/^\.TH /s|@DATE@|$(MAN_DATE)|'

# The footer's words in a file that changes only when they do, so a new commit's date or a new
# VERSION rewrites the pages, and nothing else does.
$(MAN_DIR)/footer: FORCE
	@mkdir -p $(@D)
	@test -n "$(MAN_DATE)" || { echo "man: no date for the pages (mk/man-date.sh)" >&2; exit 1; }
	@echo "libsriov $(VERSION) $(MAN_DATE)" | cmp -s - $@ || echo "libsriov $(VERSION) $(MAN_DATE)" >$@

$(MAN_DIR)/%: man/% $(MAN_DIR)/footer
	@echo "  GEN    $@"
	$(Q)sed $(MAN_SUBST) $< >$@.tmp && mv $@.tmp $@

FORCE:
.PHONY: FORCE

all: $(SHLIB_LINK) $(STATICLIB) $(SRIOVCTL) $(CNI_PLUGIN) $(EXAMPLES) $(MAN_PAGES)

.DEFAULT_GOAL := all

include tests/tests.mk
include tests/fuzz/fuzz.mk
include bench/bench.mk

# ---- install ---------------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(SCHEMADIR) \
		$(DESTDIR)/etc/sriov
	install -m 0755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libsriov.so.$(VERSION)
	ln -sf libsriov.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsriov.so.$(SOVERSION)
	ln -sf libsriov.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libsriov.so
	install -m 0644 include/libsriov.h $(DESTDIR)$(INCLUDEDIR)/libsriov.h
	sed $(PC_SUBST) pkgconfig/libsriov.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libsriov.pc
	install -m 0755 $(SRIOVCTL) $(DESTDIR)$(BINDIR)/sriovctl
	install -d $(DESTDIR)$(CNIDIR)
	install -m 0755 $(CNI_PLUGIN) $(DESTDIR)$(CNIDIR)/libsriov-cni
	install -m 0644 $(MAN_DIR)/libsriov-cni.8 $(DESTDIR)$(MANDIR)/man8/libsriov-cni.8
	install -m 0644 $(MAN_DIR)/libsriov.3 $(DESTDIR)$(MANDIR)/man3/libsriov.3
	install -m 0644 $(MAN_DIR)/sriovctl.8 $(DESTDIR)$(MANDIR)/man8/sriovctl.8
	sed $(UNIT_SUBST) systemd/sriov-apply.service.in > $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-apply.service
	sed $(UNIT_SUBST) systemd/sriov-metrics.service.in > $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-metrics.service
	install -m 0644 systemd/sriov-metrics.timer $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-metrics.timer
	sed $(UNIT_SUBST) systemd/sriov-reapply@.service.in > $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-reapply@.service
	install -m 0644 udev/80-sriov-reapply.rules $(DESTDIR)$(UDEVRULESDIR)/80-sriov-reapply.rules
	install -m 0644 tools/sriovctl/sriovctl.bash-completion $(DESTDIR)$(BASHCOMPDIR)/sriovctl
	install -m 0644 schemas/*.schema.json $(DESTDIR)$(SCHEMADIR)

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libsriov.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsriov.so.$(SOVERSION) \
	      $(DESTDIR)$(LIBDIR)/libsriov.so $(DESTDIR)$(INCLUDEDIR)/libsriov.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libsriov.pc $(DESTDIR)$(BINDIR)/sriovctl \
	      $(DESTDIR)$(MANDIR)/man3/libsriov.3 $(DESTDIR)$(MANDIR)/man8/sriovctl.8 \
	      $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-apply.service \
	      $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-metrics.service \
	      $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-metrics.timer \
	      $(DESTDIR)$(SYSTEMDUNITDIR)/sriov-reapply@.service \
	      $(DESTDIR)$(UDEVRULESDIR)/80-sriov-reapply.rules $(DESTDIR)$(BASHCOMPDIR)/sriovctl \
	      $(DESTDIR)$(CNIDIR)/libsriov-cni $(DESTDIR)$(MANDIR)/man8/libsriov-cni.8
	rm -rf $(DESTDIR)$(SCHEMADIR)

# ---- set-up, demo ------------------------------------------------------------------------------
deps:
	@sh mk/deps.sh

demo: deps
	$(MAKE) all
	tests/vm/testbed demo

# What make demo and make check keep on the machine besides packages: the testbed's cache and
# its backports apt source.
clean-testbed:
	tests/vm/testbed clean

# Debian packages in build/deb, checked by lintian (mk/deb.sh).
deb: deps
	mk/deb.sh $(VERSION)

clean:
	rm -f lib/*.o lib/*.d lib/*.so* lib/*.a shared/*.o shared/*.d shared/*.a \
	      tools/sriovctl/*.o tools/sriovctl/*.d tools/cni/*.o tools/cni/*.d \
	      $(SRIOVCTL) $(CNI_PLUGIN) $(EXAMPLES) examples/*.d $(TEST_CLEAN) $(BENCH_CLEAN)
	rm -rf build

.PHONY: all install uninstall deps demo clean clean-testbed deb

-include $(shell find $(if $(O),$(O),.) -name '*.d' -not -path './build/*' 2>/dev/null)
