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
bench: all $(BENCH_BINS)
	SRIOV_TESTBED_TIMEOUT=$${SRIOV_TESTBED_TIMEOUT:-1200} \
		tests/vm/testbed run bench/run-vm.sh BENCH_REPS=$(BENCH_REPS)

.PHONY: bench
