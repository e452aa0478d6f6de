# Benchmarks (bench/README.md), included by the top Makefile.
#   make bench   build, then time libsriov against ip(8), plain sysfs writes and a provisioning
#                script (bench/provision-vfs.sh) in the testbed guest (tests/vm/testbed run
#                bench/run-vm.sh); prints a table of medians.
# BENCH_REPS=N sets the number of timed runs of each measurement (default 5).
# Like check-vm, the guest runs the in-tree build (lib/, tools/sriovctl/): no O= here.

BENCH_BINS  := $(B)bench/vf-config-batch
BENCH_CLEAN := bench/*.o bench/*.d $(BENCH_BINS)
BENCH_REPS  ?= 5

# Public header only, like examples/.
$(B)bench/%: bench/%.c $(SHLIB_LINK)
	@mkdir -p $(@D)
	@echo "  LD     $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< -L$(B)lib -lsriov

# A whole boot with about 7 minutes of measuring under TCG (8 in all on an idle 2-core machine):
# more than check's default deadline.
bench: all $(BENCH_BINS) $(MKHOST)
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-1200} \
		tests/vm/testbed run bench/run-vm.sh BENCH_REPS=$(BENCH_REPS)
	$(MAKE) bench-netdevsim bench-switchdev bench-vf-list bench-startup bench-metrics bench-monitor bench-reapply

# netdevsim at 14, 64, 256 and 1000 VFs in the testbed guest (bench/netdevsim-vm.sh); 3 runs
# each unless BENCH_REPS says otherwise (1000 VFs take seconds a run under TCG).
bench-netdevsim: all $(BENCH_BINS)
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-1800} \
		tests/vm/testbed run bench/netdevsim-vm.sh BENCH_REPS=$(or $(filter-out 5,$(BENCH_REPS)),3)

# switchdev on netdevsim at 64, 256 and 1000 VFs against devlink(8) in the testbed guest
# (bench/switchdev-vm.sh): the eswitch mode, the VF/representor list, rate groups and leaves.
bench-switchdev: all
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-1800} \
		tests/vm/testbed run bench/switchdev-vm.sh BENCH_REPS=$(or $(filter-out 5,$(BENCH_REPS)),3)

# 4096 VFs listed on this machine, under umockdev, against lspci -vmm (bench/vf-list-host.sh).
bench-vf-list: all $(MKHOST)
	@sh mk/deps.sh
	LD_LIBRARY_PATH=$(B)lib BENCH_REPS=$(BENCH_REPS) bench/vf-list-host.sh $(SRIOVCTL) $(MKHOST)

# Start-up of short commands against ip link show, on this machine (bench/startup-host.sh).
bench-startup: all $(MKHOST)
	@sh mk/deps.sh
	LD_LIBRARY_PATH=$(B)lib bench/startup-host.sh $(SRIOVCTL) $(MKHOST)

# One `sriovctl metrics` scrape against ip -s -d -j link show and sriovctl -j vf list: netdevsim
# at 64, 256 and 1000 VFs in the testbed guest (bench/metrics-vm.sh), then the 4096-VF fake host
# on this machine (bench/metrics-host.sh). Short runs: BENCH_REPS (default 5) each.
bench-metrics: all $(BENCH_BINS) $(MKHOST)
	@sh mk/deps.sh
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-900} \
		tests/vm/testbed run bench/metrics-vm.sh BENCH_REPS=$(BENCH_REPS)
	LD_LIBRARY_PATH=$(B)lib BENCH_REPS=$(BENCH_REPS) bench/metrics-host.sh $(SRIOVCTL) $(MKHOST)

# Event latency of `sriovctl monitor` against `ip monitor link` for a VF VLAN changed by ip(8),
# on igb and on netdevsim at 64 and 1000 VFs, and both monitors' wake-ups while idle, in the
# testbed guest (bench/monitor-vm.sh): 10 x BENCH_REPS changes each, then twice 60 s idle.
bench-monitor: all
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-900} \
		tests/vm/testbed run bench/monitor-vm.sh BENCH_REPS=$(BENCH_REPS)

# Time from a PF's driver bind (igb) or a netdevsim device made again to its document applied
# again, through udevd and sriov-reapply@.service's command, against the same apply and an
# admin's script run by hand after udevadm settle, in the testbed guest (bench/reapply-vm.sh):
# 11 runs of each unless BENCH_REPS says otherwise.
bench-reapply: all
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-900} \
		tests/vm/testbed run bench/reapply-vm.sh BENCH_REPS=$(or $(filter-out 5,$(BENCH_REPS)),11)

.PHONY: bench bench-netdevsim bench-switchdev bench-vf-list bench-startup bench-metrics bench-monitor \
	bench-reapply
