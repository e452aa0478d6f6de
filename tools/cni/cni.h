/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni: a CNI plugin over libsriov. The pieces, each in its own file:
 *   main.c       the environment and stdin, the command, the exit status; the only printer
 *   env.c        the runtime's CNI_* values checked, before anything is done with them
 *   cni-json.c   every JSON in and out: network config, IPAM and previous results, the answers
 *   ipam.c       running the IPAM plugin from CNI_PATH, as the spec says
 *   netdev.c     the VF's netdev in the host and in the container's namespace (rtnetlink)
 *   netns-scan.c where a VF's netdev may be when the container's namespace does not have it
 *   attach.c     ADD and DEL: lease, PF-side settings, netdev, addresses; undone on failure
 *   check.c      CHECK: what is there against the config and prevResult
 *   gc.c         GC and STATUS
 *   cni-args.c   CNI_ARGS: the pod's namespace and name, as the runtime says them
 *   policy.c     the node's policy file: read (root's only), asked about an ADD
 *   policy-parse.c  its JSON, parsed strictly (policy.h: the rules as parsed)
 *   policy-add.c what an ADD asks of the policy, from the config and the host
 */
#ifndef LIBSRIOV_CNI_H
#define LIBSRIOV_CNI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libsriov.h"

/* The spec's error codes, and ours from 100 (libsriov-cni(8) lists them). */
enum {
        CNI_ERR_VERSION = 1,       /* incompatible CNI version */
        CNI_ERR_UNSUPPORTED = 2,   /* unsupported field in the network config */
        CNI_ERR_UNKNOWN_CONTAINER = 3,
        CNI_ERR_ENV = 4,           /* invalid or missing environment variables */
        CNI_ERR_IO = 5,
        CNI_ERR_DECODE = 6,        /* stdin is not JSON */
        CNI_ERR_CONFIG = 7,        /* invalid network config */
        CNI_ERR_TRY_AGAIN = 11,
        CNI_ERR_NOT_AVAILABLE = 50, /* STATUS: the plugin cannot add attachments */
        CNI_ERR_NO_VF = 100,       /* no free VF, or the VF asked for is leased or in use */
        CNI_ERR_VF_SETTINGS = 101, /* the PF driver refused a VF setting */
        CNI_ERR_CHECK = 102,       /* CHECK: what is there differs (the message names the field) */
        CNI_ERR_NETDEV = 103,      /* moving or configuring the netdev failed */
        CNI_ERR_IPAM = 104,        /* the IPAM plugin failed, or its result is unusable */
        CNI_ERR_LIBSRIOV = 105,    /* libsriov failed otherwise */
        CNI_ERR_POLICY = 106,      /* refused by the node's policy, or the policy is unusable */
};

struct cni_error {
        int code;
        char msg[768];
        char details[1024];
};

/* Set @e (first error wins) and return -1. */
int cni_fail(struct cni_error *e, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Add to the details of @e. */
void cni_detail(struct cni_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What the runtime says in the environment (CNI_*). */
struct cni_env {
        const char *command, *container_id, *netns, *ifname, *path;
        const char *args; /* CNI_ARGS, parsed by cni_args_parse() where it is needed */
};

/* CNI_NETNS goes into a result's sandbox (struct cni_result): shorter than that. */
#define CNI_NETNS_MAX 256

/*
 * Set in the environment of every IPAM plugin libsriov-cni runs, to its own pid: a
 * libsriov-cni started with it runs under its own IPAM run (ipam.type naming it, under
 * whatever name or behind whatever plugin), and refuses, so the chain ends there.
 */
#define CNI_PARENT_MARKER "LIBSRIOV_CNI_PARENT"

#define CNI_MAX_IPS 8
#define CNI_MAX_ROUTES 32

struct cni_ip {
        char address[64]; /* CIDR: 192.0.2.10/24, 2001:db8::10/64 */
        char gateway[48]; /* "" for none */
        int interface;    /* index into the result's interfaces, -1 for none */
};

struct cni_route {
        char dst[64]; /* CIDR */
        char gw[48];  /* "" for the gateway of the IP of its family */
};

/* A result, as IPAM gives it, as ADD returns it, as CHECK gets it back (prevResult). */
struct cni_result {
        bool have_interface;
        char ifname[16];
        uint8_t mac[6];
        bool have_mac;
        char sandbox[256];
        char pci[32];
        struct cni_ip ips[CNI_MAX_IPS];
        size_t n_ips;
        struct cni_route routes[CNI_MAX_ROUTES];
        size_t n_routes;
        char *dns_json; /* the "dns" object as JSON text, passed through; NULL for none */
};

struct cni_attachment {
        char *container_id, *ifname;
};

/* The network config from stdin, sriov-cni's keys and ours. */
struct cni_conf {
        char cni_version[16];
        char name[128];
        char device_id[32]; /* a VF's PCI address (deviceID, runtimeConfig.deviceID); or "" */
        char pf[64];        /* pool form: any free VF of this PF; or "" */
        bool vfio;          /* the VF is (or, from a pool, is bound to) vfio-pci */
        bool mode_given;
        struct sriov_vf_config vf; /* PF-side settings asked for (mask: those given) */
        bool runtime_mac;          /* the MAC is runtimeConfig.mac's, which CNI_ARGS MAC= is not over */
        unsigned int mtu;          /* 0: leave it */
        char ipam_type[64];        /* "" without IPAM */
        char ipam_problem[192];    /* DEL: why the ipam section cannot be used ("" when it can) */
        bool have_prev;
        struct cni_result prev;
        bool have_valid;           /* GC: cni.dev/valid-attachments (or cni.dev/attachments) given */
        struct cni_attachment *valid;
        size_t n_valid;
        const char *raw; /* stdin as read, for the IPAM plugin */
        size_t raw_len;
};

/* ---- cni-json.c ---- */
int cni_conf_parse(const char *text, size_t len, struct cni_conf *c, struct cni_error *e);
/* DEL's: only what the CNI library refuses is refused (not JSON, name, version); ipam read as
 * far as it can be (ipam_problem says why not). */
int cni_conf_parse_del(const char *text, size_t len, struct cni_conf *c, struct cni_error *e);
/* ADD: CNI_ARGS MAC= (Multus's word for a pod's MAC) over the config's mac, under
 * runtimeConfig.mac, as sriov-cni; "" is unset. */
int cni_conf_apply_args(struct cni_conf *c, const char *args, struct cni_error *e);
void cni_conf_free(struct cni_conf *c);
/* Versions: whether @v is one we speak, and whether it has CHECK (0.4.0 on), GC and STATUS. */
bool cni_version_supported(const char *v);
bool cni_version_at_least(const char *v, const char *min);
/* Talking to an older plugin: a version we both speak (NULL: none), the config in it, the
 * code of its error answer (0: not an error). */
const char *cni_version_common(const char *version_answer, const char *max);
char *cni_conf_with_version(const char *raw, const char *version);
int cni_answer_code(const char *answer);
int cni_result_parse(const char *text, struct cni_result *r, struct cni_error *e);
void cni_result_free(struct cni_result *r);
/* The answers, as text (malloc'd). */
char *cni_result_format(const char *version, const struct cni_result *r);
char *cni_error_format(const char *version, const struct cni_error *e);
char *cni_version_format(const char *version);

/* ---- env.c ---- */
/* The CNI library's rule for container IDs and network names: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
bool cni_name_is_valid(const char *s);
/* Each value of @env that is set, checked (code 4 naming it); no side effects. */
int cni_env_validate(const struct cni_env *env, struct cni_error *e);
/* ---- ipam.c ---- */
/* Run the IPAM plugin @c->ipam_type with @command ("ADD", "DEL", "CHECK"); ADD fills @r. */
int ipam_exec(const struct cni_conf *c, const struct cni_env *env, const char *command,
              struct cni_result *r, struct cni_error *e);

/* ---- netdev.c ---- */
struct netns;
struct nl_msg;
struct nl_sock;
/* A network namespace by path, and a netlink socket in it; NULL path: the host's. */
int netns_open(const char *path, struct netns **ret, struct cni_error *e);
/* The same for a namespace open as @fd (taken, closed on failure); @path names it. */
int netns_open_fd(int fd, const char *path, struct netns **ret, struct cni_error *e);
/* A netns of socket @sk and namespace @fd (both taken), as netns_open_fd() makes it: the unit
 * tests give a socket whose sending and receiving they do themselves. */
int netns_adopt(struct nl_sock *sk, int fd, const char *path, struct netns **ret,
                struct cni_error *e);
/* NL_CB_MSG_IN of each socket: NL_SKIP for a message whose sender is not the kernel. */
int netlink_from_kernel_only(struct nl_msg *msg, void *unused);
void netns_close(struct netns *ns);
int netns_fd(const struct netns *ns);
/* How messages name it: its path, or "the host". */
const char *netns_path(const struct netns *ns);

/* The netdev whose parent device is PCI address @pci in @ns: 1 found (ifindex, name), 0 not. */
int netdev_find_by_pci(struct netns *ns, const char *pci, int *ifindex, char name[16],
                       struct cni_error *e);
/* Its ifindex by name: 1 found, 0 not. */
int netdev_find_by_name(struct netns *ns, const char *name, int *ifindex, struct cni_error *e);
struct netdev_state {
        char name[16];
        uint8_t mac[6];
        unsigned int mtu;
        bool up;
};
int netdev_get(struct netns *ns, int ifindex, struct netdev_state *ret, struct cni_error *e);
/* Each a change of one thing, so a failure names it. */
int netdev_set_up(struct netns *ns, int ifindex, bool up, struct cni_error *e);
int netdev_set_mac(struct netns *ns, int ifindex, const uint8_t mac[6], struct cni_error *e);
int netdev_set_mtu(struct netns *ns, int ifindex, unsigned int mtu, struct cni_error *e);
int netdev_rename(struct netns *ns, int ifindex, const char *name, struct cni_error *e);
/* Move into @to under @name (one request: the name is taken in the new namespace or not at all). */
int netdev_move(struct netns *from, int ifindex, struct netns *to, const char *name,
                struct cni_error *e);
int netdev_add_address(struct netns *ns, int ifindex, const char *cidr, struct cni_error *e);
/* 1 when @cidr is on the netdev, 0 when not. */
int netdev_has_address(struct netns *ns, int ifindex, const char *cidr, struct cni_error *e);
int netdev_add_route(struct netns *ns, int ifindex, const char *dst, const char *gw,
                     struct cni_error *e);
/* 1 when a route to @dst through the netdev exists, 0 when not. */
int netdev_has_route(struct netns *ns, int ifindex, const char *dst, struct cni_error *e);

/* ---- netns-scan.c ---- */
/* Move netdev @ifindex (named @cur) of @from into @host as @name, and make sure there that it is
 * VF @pci's (its sysfs device): if not, it goes back into @from and this fails naming it. */
int netdev_fetch_home(struct netns *from, int ifindex, const char *cur, struct netns *host,
                      const char *pci, const char *name, struct cni_error *e);
/* VF @pci's netdev in any other network namespace of the plugin's own user namespace, fetched
 * home as @name: 1 found, 0 not, -1 failed. */
int netns_search(struct netns *host, const char *pci, const char *name, struct cni_error *e);

/* ---- attach.c ---- */
/* "libsriov-cni NAME CONTAINERID/IFNAME": the lease holder of one attachment. */
int cni_holder(const char *network, const char *container_id, const char *ifname, char *buf,
               size_t size, struct cni_error *e);
/* The lease this attachment holds: 1 found, 0 none. */
int cni_find_lease(struct sriov_ctx *ctx, const char *holder, struct sriov_lease **ret,
                   struct cni_error *e);
int cni_add(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
            struct cni_result *r, struct cni_error *e);
int cni_del(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
            struct cni_error *e);
/* Give a lease's VF back: its netdev into the host under its old name, MTU and MAC, then the
 * lease released. @netns_hint: where it should be (may be NULL or gone). */
int cni_give_back(struct sriov_ctx *ctx, struct sriov_lease *l, const char *netns_hint,
                  struct cni_error *e);
/* The PF-side settings the config asks for, as a failure of libsriov names them. */
int cni_libsriov_error(struct sriov_ctx *ctx, int r, int code, struct cni_error *e);

/* ---- check.c ---- */
int cni_check(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
              struct cni_error *e);

/* ---- gc.c ---- */
int cni_gc(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
           struct cni_error *e);
int cni_status(struct sriov_ctx *ctx, const struct cni_conf *c, struct cni_error *e);

/* ---- cni-args.c ---- */
#define CNI_ARGS_MAX_LEN 4096
#define CNI_ARGS_MAX_PAIRS 32
struct cni_args {
        bool have_namespace, have_name, have_mac;
        char pod_namespace[64]; /* K8S_POD_NAMESPACE: a DNS-1123 label */
        char pod_name[254];     /* K8S_POD_NAME: a DNS-1123 subdomain */
        char mac[32];           /* MAC (Multus, sriov-cni): checked where it is used */
};
/* Parse CNI_ARGS (NULL or "": none); keys other than those above are skipped. Code 4 when
 * malformed, naming the pair. */
int cni_args_parse(const char *text, struct cni_args *ret, struct cni_error *e);
bool cni_k8s_label_valid(const char *s);
bool cni_k8s_subdomain_valid(const char *s);

/* ---- policy.c, policy-parse.c ---- */
/* Fixed at build time, never taken from the config or the environment. */
#ifndef CNI_POLICY_DIR
#define CNI_POLICY_DIR "/etc/libsriov"
#endif
#define CNI_POLICY_FILE "cni-policy.json"
#define CNI_POLICY_MAX_BYTES (1024u * 1024u)
struct cni_policy;
/* What one ADD asks for, as the policy judges it. */
struct cni_policy_request {
        const char *pod_namespace;     /* K8S_POD_NAMESPACE; NULL when CNI_ARGS has none */
        const char *network;           /* the config's name: the tenant's word */
        const char *pf_pci;            /* the PF of the VF, or of the pool */
        const char *const *pf_ifnames; /* its netdevs, NULL-terminated; NULL for none */
        const char *vf_pci;            /* deviceID; NULL for the pool form */
        bool vfio;
        struct sriov_vf_config vf;     /* the PF-side settings asked for */
};
/* Read @dir/@file: 1 and @ret when there is a policy, 0 when there is none (no directory or
 * no file), -1 (code 106, naming why) when it is unsafe (a link, not root's, writable by
 * others, too big) or broken (its path in the JSON and what is wrong). */
int cni_policy_load(const char *dir, const char *file, struct cni_policy **ret,
                    struct cni_error *e);
/* Parse @len bytes of @text, @source naming it in messages: 0, or -1 (code 106). */
int cni_policy_parse(const char *source, const char *text, size_t len, struct cni_policy **ret,
                     struct cni_error *e);
void cni_policy_free(struct cni_policy *p);
/* 0 when @p allows @q; else -1, code 106, naming the rule (its JSON path), the namespace, the
 * network, the key, the value asked and what is allowed. */
int cni_policy_decide(const struct cni_policy *p, const struct cni_policy_request *q,
                      struct cni_error *e);

/* ---- policy-add.c ---- */
/* The node's policy on this ADD, before anything changes: 0 allowed (or no policy), -1 not.
 * @vfio: whether the attachment is in vfio mode. */
int cni_policy_check_add(struct sriov_ctx *ctx, const struct cni_conf *c,
                         const struct cni_env *env, bool vfio, struct cni_error *e);

#endif
