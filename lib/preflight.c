/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host preflight (sriov_host_check()): is the IOMMU on, are interrupts remapped, are vfio and
 * vfio-pci there, can every PF make VFs, is the group of every VF on vfio-pci viable. Each
 * finding carries a remedy, since the person reading it usually has to change the firmware
 * setup or the kernel command line, and needs to be told which.
 *
 * Only reads: sysfs, /proc/cmdline and the running kernel's modules.dep. Loading vfio-pci here
 * would make the check pass by changing what it checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "libsriov-private.h"

#define PROC_CMDLINE "/proc/cmdline"
/* The Intel IOMMU's extended capability register: bit 3, IR, interrupt remapping. */
#define INTEL_ECAP_IR (1ull << 3)

struct finding {
        enum sriov_check_severity severity;
        char *id, *object, *message, *remedy;
};

struct sriov_check_report {
        int refcount;
        struct finding *items;
        size_t n, cap;
};

struct check {
        struct sriov_ctx *ctx;
        struct sriov_check_report *report;
        char cmdline[4096]; /* the kernel's is at most 2048 on x86 */
        struct iommu_host host;
};

static void finding_clear(struct finding *f)
{
        free(f->id);
        free(f->object);
        free(f->message);
        free(f->remedy);
}

/* Add a finding; @remedy may be NULL (OK findings have none). Returns 0 or -ENOMEM. */
static int add(struct check *c, enum sriov_check_severity severity, const char *id,
               const char *object, const char *remedy, const char *format, ...)
        _printf_(6, 7);
static int add(struct check *c, enum sriov_check_severity severity, const char *id,
               const char *object, const char *remedy, const char *format, ...)
{
        struct sriov_check_report *r = c->report;
        struct finding f = { .severity = severity };
        va_list args;
        int n;

        if (r->n == r->cap) {
                size_t cap = r->cap ? r->cap * 2 : 16;
                struct finding *items = realloc(r->items, cap * sizeof(*items));

                if (!items)
                        return -ENOMEM;
                r->items = items;
                r->cap = cap;
        }
        va_start(args, format);
        n = vasprintf(&f.message, format, args);
        va_end(args);
        if (n < 0) {
                f.message = NULL;
                return -ENOMEM;
        }
        f.id = strdup(id);
        f.object = strdup(object);
        f.remedy = remedy ? strdup(remedy) : NULL;
        if (!f.id || !f.object || (remedy && !f.remedy)) {
                finding_clear(&f);
                return -ENOMEM;
        }
        dbg(c->ctx, "check: %s %s: %s", id, object, f.message);
        r->items[r->n++] = f;
        return 0;
}

/* ---- the kernel command line ------------------------------------------------------------- */

/*
 * The value of the last "@key=..." word before "--" (the kernel takes the last), or NULL.
 * With @key "nointremap" style flags, "" when the bare word is there.
 */
static const char *cmdline_get(const char *cmdline, const char *key, char *buf, size_t size)
{
        size_t klen = strlen(key);
        const char *found = NULL;
        size_t found_len = 0;

        for (const char *p = cmdline; *p;) {
                size_t len;

                while (*p == ' ' || *p == '\t' || *p == '\n')
                        p++;
                len = strcspn(p, " \t\n");
                if (len == 0)
                        break;
                if (len == 2 && strncmp(p, "--", 2) == 0)
                        break;
                if (len >= klen && strncmp(p, key, klen) == 0) {
                        if (len == klen) {
                                found = p + len;
                                found_len = 0;
                        } else if (p[klen] == '=') {
                                found = p + klen + 1;
                                found_len = len - klen - 1;
                        }
                }
                p += len;
        }
        if (!found)
                return NULL;
        snprintf(buf, size, "%.*s", (int)found_len, found);
        return buf;
}

/* Whether comma-separated @list holds @word ("on" in "sm_on,on"). */
static bool list_has(const char *list, const char *word)
{
        size_t wlen = strlen(word);

        for (const char *p = list; p && *p;) {
                size_t len = strcspn(p, ",");

                if (len == wlen && strncmp(p, word, len) == 0)
                        return true;
                p += len + (p[len] == ',');
        }
        return false;
}

/* ---- modules ------------------------------------------------------------------------------ */

/* Module names treat '-' and '_' alike: vfio-pci.ko is module vfio_pci. */
static bool module_name_eq(const char *a, size_t alen, const char *b)
{
        size_t blen = strlen(b);

        if (alen != blen)
                return false;
        for (size_t i = 0; i < alen; i++) {
                char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

                if (x != y)
                        return false;
        }
        return true;
}

/* A modules.dep or modules.builtin line names @module: "kernel/.../vfio-pci.ko.xz: ...". */
static bool line_names_module(const char *line, const char *module)
{
        size_t field = strcspn(line, ":");
        const char *base = line, *ko;

        for (size_t i = 0; i < field; i++)
                if (line[i] == '/')
                        base = line + i + 1;
        ko = strstr(base, ".ko");
        return ko && ko < line + field && module_name_eq(base, (size_t)(ko - base), module);
}

/* 1 when a line of file @path names @module, 0 when none does, -errno when unreadable. */
static int module_list_has(const char *path, const char *module)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
        char buf[16384], line[256];
        size_t len = 0;
        ssize_t n;

        if (fd < 0)
                return -errno;
        /* Only the start of a line matters, so a long line is cut to what fits. */
        while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
                for (ssize_t i = 0; i < n; i++) {
                        if (buf[i] != '\n') {
                                if (len < sizeof(line) - 1)
                                        line[len++] = buf[i];
                                continue;
                        }
                        line[len] = '\0';
                        len = 0;
                        if (line_names_module(line, module))
                                return 1;
                }
        }
        if (n < 0)
                return -errno;
        line[len] = '\0';
        return line_names_module(line, module);
}

/*
 * Whether @module can be had without loading anything first: 2 built in, 1 a module file of
 * the running kernel, 0 neither; a negative errno when modules.dep cannot be read. @where
 * receives the directory looked in.
 */
static int module_available(struct sriov_ctx *ctx, const char *module, char *where, size_t size)
{
        char path[PATH_MAX];
        struct utsname u;
        int r;

        if (ctx->modules_dir)
                snprintf(where, size, "%s", ctx->modules_dir);
        else if (uname(&u) == 0)
                snprintf(where, size, "/lib/modules/%s", u.release);
        else
                return -errno;
        snprintf(path, sizeof(path), "%s/modules.builtin", where);
        if (module_list_has(path, module) == 1)
                return 2;
        snprintf(path, sizeof(path), "%s/modules.dep", where);
        r = module_list_has(path, module);
        return r;
}

static bool sys_exists(const char *path)
{
        _cleanup_close_ int fd = open(path, O_PATH | O_CLOEXEC);

        return fd >= 0;
}

/* ---- the checks ---------------------------------------------------------------------------- */

static int check_iommu(struct check *c)
{
        const struct iommu_host *h = &c->host;
        char units[128] = "", intel[64], amd[64], iommu[64], why[256];
        const char *remedy;

        for (char **u = h->units; *u; u++) {
                size_t len = strlen(units);

                snprintf(units + len, sizeof(units) - len, "%s%s", len ? ", " : "", *u);
        }
        if (h->mode == SRIOV_IOMMU_MODE_DMA)
                return add(c, SRIOV_CHECK_OK, "iommu-on", "iommu", NULL,
                           "IOMMU: on (%s), DMA of host devices is translated",
                           units[0] ? units : "IOMMU groups exist");
        if (h->mode == SRIOV_IOMMU_MODE_PASSTHROUGH)
                return add(c, SRIOV_CHECK_OK, "iommu-on", "iommu", NULL,
                           "IOMMU: on (%s) in passthrough mode (iommu=pt): host drivers' DMA is "
                           "not translated, devices given to VFIO are isolated",
                           units[0] ? units : "IOMMU groups exist");

        /* Off: say what the command line has, as that decides the remedy. */
        const char *iv = cmdline_get(c->cmdline, "intel_iommu", intel, sizeof(intel));
        const char *av = cmdline_get(c->cmdline, "amd_iommu", amd, sizeof(amd));
        const char *gv = cmdline_get(c->cmdline, "iommu", iommu, sizeof(iommu));

        if (list_has(iv, "off") || list_has(av, "off") || list_has(gv, "off")) {
                snprintf(why, sizeof(why), "the kernel command line turns it off (%s)",
                         list_has(iv, "off")   ? "intel_iommu=off"
                         : list_has(av, "off") ? "amd_iommu=off"
                                               : "iommu=off");
                remedy = "remove the =off word from the kernel command line, add intel_iommu=on "
                         "(Intel) or amd_iommu=on (AMD) and reboot";
        } else if (list_has(iv, "on") || list_has(av, "on")) {
                snprintf(why, sizeof(why),
                         "although the kernel command line has %s: the firmware describes no "
                         "IOMMU (no DMAR or IVRS table)",
                         list_has(iv, "on") ? "intel_iommu=on" : "amd_iommu=on");
                remedy = "enable VT-d (Intel) or AMD-Vi/IOMMU in the firmware (BIOS) setup and "
                         "reboot";
        } else {
                snprintf(why, sizeof(why), "the kernel command line has no intel_iommu=on or "
                                           "amd_iommu=on");
                remedy = "add intel_iommu=on (or amd_iommu=on) to the kernel command line and "
                         "reboot; enable VT-d/AMD-Vi in the firmware setup if it is off";
        }
        return add(c, SRIOV_CHECK_PROBLEM, "iommu-off", "iommu", remedy,
                   "IOMMU: off (/sys/class/iommu is empty), %s; VFIO cannot "
                   "isolate a device's DMA from the host",
                   why);
}

static int check_noiommu(struct check *c)
{
        if (c->host.mode == SRIOV_IOMMU_MODE_NOIOMMU)
                return add(c, SRIOV_CHECK_PROBLEM, "noiommu-unsafe", "vfio",
                           "use an IOMMU (see iommu-off) and turn the mode off: echo N > "
                           "/sys/module/vfio/parameters/enable_unsafe_noiommu_mode, and drop "
                           "vfio.enable_unsafe_noiommu_mode from the kernel command line",
                           "vfio: unsafe no-IOMMU mode is on (enable_unsafe_noiommu_mode=Y): "
                           "a device given to user space can DMA anywhere in host memory and "
                           "take over the host; this is UNSAFE");
        if (c->host.noiommu_param == 1)
                return add(c, SRIOV_CHECK_WARNING, "noiommu-unsafe", "vfio",
                           "echo N > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode",
                           "vfio: enable_unsafe_noiommu_mode=Y: the IOMMU is on, but a device "
                           "that no IOMMU covers would be given to user space without protection");
        return 0;
}

static int check_interrupt_remapping(struct check *c)
{
        char intremap[32], unknown[128] = "", without[128] = "", ecap[32], path[PATH_MAX];
        const char *iv = cmdline_get(c->cmdline, "intremap", intremap, sizeof(intremap));
        int unsafe = sysfs_module_param_bool("vfio_iommu_type1", "allow_unsafe_interrupts");
        int r;

        if (unsafe != 1)
                unsafe = sysfs_module_param_bool("iommufd", "allow_unsafe_interrupts");
        if (c->host.mode != SRIOV_IOMMU_MODE_DMA && c->host.mode != SRIOV_IOMMU_MODE_PASSTHROUGH)
                return 0; /* nothing to remap with */

        if (list_has(iv, "off") || cmdline_get(c->cmdline, "nointremap", ecap, sizeof(ecap)))
                return add(c, unsafe == 1 ? SRIOV_CHECK_WARNING : SRIOV_CHECK_PROBLEM,
                           "no-interrupt-remapping", "interrupt-remapping",
                           "remove intremap=off / nointremap from the kernel command line and "
                           "reboot",
                           "interrupt remapping: turned off on the kernel command line (%s); "
                           "%s",
                           list_has(iv, "off") ? "intremap=off" : "nointremap",
                           unsafe == 1 ? "VFIO takes devices anyway (allow_unsafe_interrupts=Y): "
                                         "a device can inject interrupts into the host"
                                       : "VFIO refuses devices without it");

        for (char **u = c->host.units; *u; u++) {
                size_t len;

                snprintf(path, sizeof(path), "/sys/class/iommu/%s/intel-iommu/ecap", *u);
                r = sysfs_read_str(AT_FDCWD, path, ecap, sizeof(ecap));
                if (r < 0) {
                        len = strlen(unknown);
                        snprintf(unknown + len, sizeof(unknown) - len, "%s%s", len ? ", " : "",
                                 *u);
                } else if (!(strtoull(ecap, NULL, 16) & INTEL_ECAP_IR)) {
                        len = strlen(without);
                        snprintf(without + len, sizeof(without) - len, "%s%s", len ? ", " : "",
                                 *u);
                }
        }
        if (without[0])
                return add(c, unsafe == 1 ? SRIOV_CHECK_WARNING : SRIOV_CHECK_PROBLEM,
                           "no-interrupt-remapping", "interrupt-remapping",
                           "use a platform whose IOMMU remaps interrupts; only if every VM is "
                           "trusted: vfio_iommu_type1.allow_unsafe_interrupts=1",
                           "interrupt remapping: %s cannot remap interrupts (ecap IR bit clear); "
                           "%s",
                           without,
                           unsafe == 1 ? "VFIO takes devices anyway (allow_unsafe_interrupts=Y): "
                                         "a device can inject interrupts into the host"
                                       : "VFIO refuses devices without it");
        if (unknown[0] || !c->host.units[0])
                r = add(c, SRIOV_CHECK_WARNING, "interrupt-remapping-unknown",
                        "interrupt-remapping",
                        "look for \"Enabled IRQ remapping\" or \"Interrupt remapping enabled\" "
                        "in the kernel log (dmesg)",
                        "interrupt remapping: cannot be read from sysfs for %s; only Intel "
                        "IOMMUs show it",
                        unknown[0] ? unknown : "this IOMMU");
        else
                r = add(c, SRIOV_CHECK_OK, "interrupt-remapping", "interrupt-remapping", NULL,
                        "interrupt remapping: supported by the IOMMU (ecap IR) and not turned off "
                        "on the kernel command line");
        if (r == 0 && unsafe == 1)
                r = add(c, SRIOV_CHECK_WARNING, "unsafe-interrupts", "interrupt-remapping",
                        "echo N > /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts "
                        "and drop vfio_iommu_type1.allow_unsafe_interrupts from the kernel "
                        "command line",
                        "interrupt remapping: allow_unsafe_interrupts=Y lets VFIO take devices "
                        "even where interrupts are not remapped");
        return r;
}

/* vfio or vfio-pci: loaded, loadable (a warning), or missing. */
static int check_module(struct check *c, const char *name, const char *module,
                        const char *const *loaded_paths)
{
        char where[PATH_MAX - 32], remedy[128], id[32];
        int r;

        for (const char *const *p = loaded_paths; *p; p++)
                if (sys_exists(*p))
                        return add(c, SRIOV_CHECK_OK, name, name, NULL, "%s: loaded", name);
        r = module_available(c->ctx, module, where, sizeof(where));
        if (r == 2)
                return add(c, SRIOV_CHECK_OK, name, name, NULL, "%s: built into the kernel", name);
        if (r == 1) {
                snprintf(id, sizeof(id), "%s-not-loaded", name);
                snprintf(remedy, sizeof(remedy), "modprobe %s", name);
                return add(c, SRIOV_CHECK_WARNING, id, name, remedy,
                           "%s: not loaded, can be loaded from %s", name, where);
        }
        snprintf(id, sizeof(id), "%s-missing", name);
        snprintf(remedy, sizeof(remedy), "install the running kernel's modules, or a kernel "
                                         "with CONFIG_%s", strcmp(name, "vfio") ? "VFIO_PCI" : "VFIO");
        if (r < 0)
                return add(c, SRIOV_CHECK_PROBLEM, id, name, remedy,
                           "%s: not loaded, and %s/modules.dep cannot be read: %s", name, where,
                           strerror(-r));
        return add(c, SRIOV_CHECK_PROBLEM, id, name, remedy,
                   "%s: not loaded, and the running kernel has no such module (%s)", name, where);
}

static int check_vfio(struct check *c)
{
        static const char *const vfio[] = { "/sys/module/vfio", "/sys/class/vfio", NULL };
        static const char *const vfio_pci[] = { "/sys/bus/pci/drivers/vfio-pci",
                                                "/sys/module/vfio_pci", NULL };
        int r = check_module(c, "vfio", "vfio", vfio);

        return r < 0 ? r : check_module(c, "vfio-pci", "vfio_pci", vfio_pci);
}

static int check_vfs_of(struct check *c, struct sriov_pf *pf)
{
        for (unsigned int i = 0; i < sriov_pf_get_num_vfs(pf); i++) {
                struct sriov_vf *vf = NULL;
                struct sriov_iommu_group *g = NULL;
                const char *why = NULL;
                char remedy[320];
                int r;

                if (sriov_pf_get_vf(pf, i, &vf) < 0)
                        continue; /* gone meanwhile: nothing to hand out */
                if (!sriov_driver_is_vfio(sriov_vf_get_driver(vf))) {
                        sriov_vf_unref(vf);
                        continue;
                }
                r = sriov_vf_get_iommu_group_info(vf, &g);
                if (r == 0 && sriov_iommu_group_is_viable(g, &why)) {
                        const char *node = sriov_iommu_group_get_vfio_path(g);

                        r = add(c, SRIOV_CHECK_OK, "group-viable", vf->pci, NULL,
                                "VF %s: IOMMU group %d is viable (%s)", vf->label,
                                sriov_iommu_group_get_number(g),
                                node ? node : "vfio has no node for it yet");
                } else if (r == 0) {
                        int n = sriov_iommu_group_get_number(g);

                        snprintf(remedy, sizeof(remedy),
                                 "bind every member of IOMMU group %d to vfio-pci or unbind it "
                                 "from its driver; when the group holds devices of other cards, "
                                 "their slot is not isolated (no ACS): move the card",
                                 n);
                        r = add(c, SRIOV_CHECK_PROBLEM, "group-not-viable", vf->pci, remedy,
                                "VF %s: IOMMU group %d is not viable: %s", vf->label, n, why);
                } else if (r == -ENOENT) {
                        r = add(c, SRIOV_CHECK_PROBLEM, "group-not-viable", vf->pci,
                                "turn the IOMMU on (see iommu-off)",
                                "VF %s: bound to %s but in no IOMMU group", vf->label,
                                sriov_vf_get_driver(vf));
                } else if (r != -ENOMEM) {
                        r = add(c, SRIOV_CHECK_WARNING, "group-unknown", vf->pci,
                                "run the check again; the device may have gone meanwhile",
                                "%s", sriov_ctx_get_error(c->ctx));
                }
                sriov_iommu_group_unref(g);
                sriov_vf_unref(vf);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int check_pf(struct check *c, struct sriov_pf *pf)
{
        const char *addr = sriov_pf_get_name(pf), *driver = sriov_pf_get_driver(pf);

        if (sriov_pf_get_kind(pf) == SRIOV_PF_KIND_NETDEVSIM)
                return add(c, SRIOV_CHECK_OK, "pf-sriov", addr, NULL,
                           "PF %s: netdevsim, the kernel's software SR-IOV device: %u VFs with "
                           "settings only (no PCI functions to bind or pass through)",
                           addr, sriov_pf_get_num_vfs(pf));
        if (sriov_pf_get_total_vfs(pf) == 0)
                return add(c, SRIOV_CHECK_WARNING, "pf-zero-vfs", addr,
                           "enable SR-IOV in the firmware (BIOS) setup and in the device's own "
                           "firmware settings, then reboot",
                           "PF %s%s%s%s: the device allows 0 VFs (sriov_totalvfs is 0): SR-IOV "
                           "is off in its firmware or the BIOS",
                           addr, driver ? " (" : "", driver ? driver : "", driver ? ")" : "");
        if (!driver)
                return add(c, SRIOV_CHECK_PROBLEM, "pf-no-driver", addr,
                           "bind the PF's own driver (modprobe it, or write the address to "
                           "/sys/bus/pci/drivers_probe)",
                           "PF %s: no driver is bound, and only the PF's driver can create VFs "
                           "(writing sriov_numvfs fails with ENOENT)",
                           addr);
        if (sriov_driver_is_vfio(driver) && sysfs_module_param_bool("vfio_pci", "enable_sriov") != 1)
                return add(c, SRIOV_CHECK_PROBLEM, "pf-driver-no-sriov", addr,
                           "load vfio-pci with enable_sriov=1, or bind the PF to its own driver",
                           "PF %s (%s): vfio-pci creates VFs only with its enable_sriov "
                           "parameter on",
                           addr, driver);
        return add(c, SRIOV_CHECK_OK, "pf-sriov", addr, NULL, "PF %s (%s): %u of %u VFs", addr,
                   driver, sriov_pf_get_num_vfs(pf), sriov_pf_get_total_vfs(pf));
}

static int check_pfs(struct check *c)
{
        struct sriov_pf_list *list = NULL;
        int r = sriov_pf_list_new(c->ctx, &list);

        if (r < 0)
                return r;
        if (sriov_pf_list_get_count(list) == 0)
                r = add(c, SRIOV_CHECK_WARNING, "no-pf", "sriov",
                        "enable SR-IOV in the firmware setup, or use a device that has it",
                        "SR-IOV: no PCI device of this host has SR-IOV (sriov_totalvfs)");
        for (size_t i = 0; r == 0 && i < sriov_pf_list_get_count(list); i++)
                r = check_pf(c, sriov_pf_list_get(list, i));
        for (size_t i = 0; r == 0 && i < sriov_pf_list_get_count(list); i++)
                r = check_vfs_of(c, sriov_pf_list_get(list, i));
        sriov_pf_list_unref(list);
        return r;
}

static struct sriov_check_report *report_free(struct sriov_check_report *r)
{
        for (size_t i = 0; i < r->n; i++)
                finding_clear(&r->items[i]);
        free(r->items);
        free(r);
        return NULL;
}

SRIOV_EXPORT int sriov_host_check(struct sriov_ctx *ctx, struct sriov_check_report **ret)
{
        struct check c = { .ctx = ctx };
        int r;

        if (!ctx || !ret)
                return -EINVAL;
        c.report = calloc(1, sizeof(*c.report));
        if (!c.report)
                return -ENOMEM;
        c.report->refcount = 1;
        /* Without /proc (a chroot) the command line is unknown: checked as if empty. */
        if (sysfs_read_str(AT_FDCWD, PROC_CMDLINE, c.cmdline, sizeof(c.cmdline)) < 0)
                c.cmdline[0] = '\0';
        r = iommu_host_read(ctx, &c.host);
        if (r < 0)
                return report_free(c.report), r;
        r = check_iommu(&c);
        if (r == 0)
                r = check_noiommu(&c);
        if (r == 0)
                r = check_interrupt_remapping(&c);
        if (r == 0)
                r = check_vfio(&c);
        if (r == 0)
                r = check_pfs(&c);
        iommu_host_free(&c.host);
        if (r < 0)
                return report_free(c.report), r;
        *ret = c.report;
        return 0;
}

SRIOV_EXPORT struct sriov_check_report *sriov_check_report_ref(struct sriov_check_report *r)
{
        if (r)
                r->refcount++;
        return r;
}

SRIOV_EXPORT struct sriov_check_report *sriov_check_report_unref(struct sriov_check_report *r)
{
        if (!r || --r->refcount > 0)
                return NULL;
        return report_free(r);
}

SRIOV_EXPORT size_t sriov_check_report_get_count(const struct sriov_check_report *r)
{
        return r->n;
}

SRIOV_EXPORT enum sriov_check_severity
sriov_check_report_get_worst(const struct sriov_check_report *r)
{
        enum sriov_check_severity worst = SRIOV_CHECK_OK;

        for (size_t i = 0; i < r->n; i++)
                if (r->items[i].severity > worst)
                        worst = r->items[i].severity;
        return worst;
}

SRIOV_EXPORT enum sriov_check_severity
sriov_check_report_get_severity(const struct sriov_check_report *r, size_t index)
{
        return index < r->n ? r->items[index].severity : SRIOV_CHECK_OK;
}

SRIOV_EXPORT const char *sriov_check_report_get_id(const struct sriov_check_report *r,
                                                   size_t index)
{
        return index < r->n ? r->items[index].id : NULL;
}

SRIOV_EXPORT const char *sriov_check_report_get_object(const struct sriov_check_report *r,
                                                       size_t index)
{
        return index < r->n ? r->items[index].object : NULL;
}

SRIOV_EXPORT const char *sriov_check_report_get_message(const struct sriov_check_report *r,
                                                        size_t index)
{
        return index < r->n ? r->items[index].message : NULL;
}

SRIOV_EXPORT const char *sriov_check_report_get_remedy(const struct sriov_check_report *r,
                                                       size_t index)
{
        return index < r->n ? r->items[index].remedy : NULL;
}
