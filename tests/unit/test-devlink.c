/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The devlink messages (lib/devlink-msg.c), built and parsed without a socket: requests are
 * checked attribute by attribute, answers come from tests/fake/fake-devlink.c, made the way
 * the kernel makes them for a netdevsim device in switchdev mode. And the VF -> port map
 * (lib/devlink.c) over a fake port dump: an instance of several PFs gives each VF its own PF's.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/devlink.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "devlink-msg.h"
#include "fake-devlink.h"
#include "libsriov-private.h"

#define FAMILY FAKE_DEVLINK_FAMILY

static const struct devlink_handle NSIM = { "netdevsim", "netdevsim10" };

/* The attribute @type of request @msg (after its genl header), or NULL. */
static struct nlattr *attr(struct nl_msg *msg, int type)
{
        struct nlmsghdr *nlh = nlmsg_hdr(msg);

        return nlmsg_find_attr(nlh, GENL_HDRLEN, type);
}

static const struct genlmsghdr *genl(struct nl_msg *msg)
{
        return nlmsg_data(nlmsg_hdr(msg));
}

/* An answer as the kernel sends it, for another device than netdevsim10 when @h says so. */
static struct nl_msg *answer(uint16_t family, uint8_t cmd, const struct devlink_handle *h)
{
        struct nl_msg *msg = fake_devlink_answer(family, cmd, h != NULL);

        assert_non_null(msg);
        return msg;
}

static void the_family_is_asked_of_the_controller_by_name(void **state)
{
        struct nl_msg *req = NULL, *ans;
        uint16_t id = 0;

        (void)state;
        assert_int_equal(devlink_msg_get_family(&req), 0);
        assert_int_equal(nlmsg_hdr(req)->nlmsg_type, GENL_ID_CTRL);
        assert_int_equal(genl(req)->cmd, CTRL_CMD_GETFAMILY);
        assert_string_equal(nla_get_string(attr(req, CTRL_ATTR_FAMILY_NAME)), "devlink");
        nlmsg_free(req);

        ans = fake_devlink_family();
        assert_int_equal(devlink_parse_family(nlmsg_hdr(ans), &id), 0);
        assert_int_equal(id, FAMILY);
        nlmsg_free(ans);

        /* Another family's answer, or none with an id, is not taken. */
        ans = answer(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, NULL);
        nla_put_string(ans, CTRL_ATTR_FAMILY_NAME, "ethtool");
        nla_put_u16(ans, CTRL_ATTR_FAMILY_ID, 0x15);
        assert_int_equal(devlink_parse_family(nlmsg_hdr(ans), &id), -EPROTO);
        nlmsg_free(ans);
        ans = answer(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, NULL);
        assert_int_equal(devlink_parse_family(nlmsg_hdr(ans), &id), -ENOENT);
        nlmsg_free(ans);
}

/* The controller's answer lists devlink's multicast groups: the monitor joins "config". */
static void the_notification_group_is_found_by_name(void **state)
{
        struct nl_msg *ans = fake_devlink_family();
        struct nlattr *groups, *grp;
        uint32_t id = 0;

        (void)state;
        assert_int_equal(devlink_parse_mcast_group(nlmsg_hdr(ans), "config", &id), -ENOENT);
        groups = nla_nest_start(ans, CTRL_ATTR_MCAST_GROUPS);
        grp = nla_nest_start(ans, 1);
        nla_put_string(ans, CTRL_ATTR_MCAST_GRP_NAME, "other");
        nla_put_u32(ans, CTRL_ATTR_MCAST_GRP_ID, 9);
        nla_nest_end(ans, grp);
        grp = nla_nest_start(ans, 2);
        nla_put_string(ans, CTRL_ATTR_MCAST_GRP_NAME, "config");
        nla_put_u32(ans, CTRL_ATTR_MCAST_GRP_ID, 7);
        nla_nest_end(ans, grp);
        nla_nest_end(ans, groups);
        assert_int_equal(devlink_parse_mcast_group(nlmsg_hdr(ans), "config", &id), 0);
        assert_int_equal(id, 7);
        assert_int_equal(devlink_parse_mcast_group(nlmsg_hdr(ans), "conf", &id), -ENOENT);
        nlmsg_free(ans);
}

/* A notification names its device; one of another family, or without a device, is none. */
static void a_notification_names_its_device(void **state)
{
        struct nl_msg *n = fake_devlink_answer(FAMILY, DEVLINK_CMD_PORT_NEW, true);
        struct devlink_handle h;

        (void)state;
        assert_int_equal(devlink_parse_notification(nlmsg_hdr(n), FAMILY, &h), 0);
        assert_string_equal(h.bus, "netdevsim");
        assert_string_equal(h.dev, "netdevsim10");
        assert_int_equal(devlink_parse_notification(nlmsg_hdr(n), FAMILY + 1, &h), -EPROTO);
        nlmsg_free(n);
        n = fake_devlink_answer(FAMILY, DEVLINK_CMD_RATE_DEL, false);
        assert_int_equal(devlink_parse_notification(nlmsg_hdr(n), FAMILY, &h), -EPROTO);
        nlmsg_free(n);
        /* A parameter's or a health reporter's change says nothing of ports or rates. */
        n = fake_devlink_answer(FAMILY, DEVLINK_CMD_PARAM_NEW, true);
        assert_int_equal(devlink_parse_notification(nlmsg_hdr(n), FAMILY, &h), -EPROTO);
        nlmsg_free(n);
        n = fake_devlink_answer(FAMILY, DEVLINK_CMD_RATE_NEW, true);
        assert_int_equal(devlink_parse_notification(nlmsg_hdr(n), FAMILY, &h), 0);
        nlmsg_free(n);
}

static void handles_are_bus_slash_device(void **state)
{
        struct devlink_handle h;

        (void)state;
        assert_int_equal(devlink_handle_parse("pci/0000:01:00.0", &h), 0);
        assert_string_equal(h.bus, "pci");
        assert_string_equal(h.dev, "0000:01:00.0");
        assert_int_equal(devlink_handle_parse("netdevsim/netdevsim10", &h), 0);
        assert_string_equal(h.dev, "netdevsim10");
        assert_int_equal(devlink_handle_parse("pci", &h), -EINVAL);
        assert_int_equal(devlink_handle_parse("/0000:01:00.0", &h), -EINVAL);
        assert_int_equal(devlink_handle_parse("pci/", &h), -EINVAL);
        /* A port handle is no device handle. */
        assert_int_equal(devlink_handle_parse("netdevsim/netdevsim10/128", &h), -EINVAL);
        assert_int_equal(devlink_handle_parse("averyveryverylongbusname/x", &h), -EINVAL);
        assert_int_equal(devlink_handle_parse(NULL, &h), -EINVAL);
}

static void eswitch_get_names_the_device(void **state)
{
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_eswitch_get(FAMILY, &NSIM, &req), 0);
        assert_int_equal(nlmsg_hdr(req)->nlmsg_type, FAMILY);
        assert_int_equal(nlmsg_hdr(req)->nlmsg_flags, NLM_F_REQUEST);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_ESWITCH_GET);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_BUS_NAME)), "netdevsim");
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_DEV_NAME)), "netdevsim10");
        nlmsg_free(req);
}

static void eswitch_set_sends_only_what_is_asked(void **state)
{
        struct devlink_eswitch want = { .has_mode = true, .mode = DEVLINK_ESWITCH_MODE_SWITCHDEV };
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_eswitch_set(FAMILY, &NSIM, &want, &req), 0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_ESWITCH_SET);
        assert_true(nlmsg_hdr(req)->nlmsg_flags & NLM_F_ACK);
        assert_int_equal(nla_get_u16(attr(req, DEVLINK_ATTR_ESWITCH_MODE)),
                         DEVLINK_ESWITCH_MODE_SWITCHDEV);
        assert_null(attr(req, DEVLINK_ATTR_ESWITCH_INLINE_MODE));
        assert_null(attr(req, DEVLINK_ATTR_ESWITCH_ENCAP_MODE));
        nlmsg_free(req);

        want = (struct devlink_eswitch){ .has_inline_mode = true,
                                         .inline_mode = DEVLINK_ESWITCH_INLINE_MODE_TRANSPORT,
                                         .has_encap_mode = true,
                                         .encap_mode = DEVLINK_ESWITCH_ENCAP_MODE_BASIC };
        assert_int_equal(devlink_msg_eswitch_set(FAMILY, &NSIM, &want, &req), 0);
        assert_null(attr(req, DEVLINK_ATTR_ESWITCH_MODE));
        assert_int_equal(nla_get_u8(attr(req, DEVLINK_ATTR_ESWITCH_INLINE_MODE)),
                         DEVLINK_ESWITCH_INLINE_MODE_TRANSPORT);
        assert_int_equal(nla_get_u8(attr(req, DEVLINK_ATTR_ESWITCH_ENCAP_MODE)),
                         DEVLINK_ESWITCH_ENCAP_MODE_BASIC);
        nlmsg_free(req);

        /* Nothing to set is no request. */
        want = (struct devlink_eswitch){ 0 };
        assert_int_equal(devlink_msg_eswitch_set(FAMILY, &NSIM, &want, &req), -EINVAL);
}

static void eswitch_answers_say_what_the_driver_reports(void **state)
{
        struct devlink_eswitch e;
        struct nl_msg *ans;

        (void)state;
        /* netdevsim reports the mode and the inline mode, not the encap mode. */
        ans = fake_devlink_eswitch();
        assert_int_equal(devlink_parse_eswitch(nlmsg_hdr(ans), &e), 0);
        assert_true(e.has_mode);
        assert_string_equal(devlink_eswitch_mode_name(e.mode), "switchdev");
        assert_true(e.has_inline_mode);
        assert_int_equal(e.inline_mode, DEVLINK_ESWITCH_INLINE_MODE_NONE);
        assert_false(e.has_encap_mode);
        nlmsg_free(ans);

        /* An answer that names no device is no answer. */
        ans = answer(FAMILY, DEVLINK_CMD_ESWITCH_GET, NULL);
        nla_put_u16(ans, DEVLINK_ATTR_ESWITCH_MODE, DEVLINK_ESWITCH_MODE_LEGACY);
        assert_int_equal(devlink_parse_eswitch(nlmsg_hdr(ans), &e), -EPROTO);
        nlmsg_free(ans);
        assert_null(devlink_eswitch_mode_name(7));
        assert_string_equal(devlink_eswitch_mode_name(DEVLINK_ESWITCH_MODE_LEGACY), "legacy");
}

static void a_port_dump_asks_for_one_device_or_all(void **state)
{
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_port_dump(FAMILY, &NSIM, &req), 0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_PORT_GET);
        assert_int_equal(nlmsg_hdr(req)->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_DEV_NAME)), "netdevsim10");
        nlmsg_free(req);
        assert_int_equal(devlink_msg_port_dump(FAMILY, NULL, &req), 0);
        assert_null(attr(req, DEVLINK_ATTR_BUS_NAME));
        nlmsg_free(req);
}

static void a_vf_port_has_its_vf_number_representor_and_mac(void **state)
{
        static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x05 };
        struct devlink_port p;
        struct nl_msg *ans;

        (void)state;
        ans = fake_devlink_vf_port(1, 42, mac);
        assert_non_null(ans);
        assert_int_equal(devlink_parse_port(nlmsg_hdr(ans), &p), 0);
        assert_string_equal(p.handle.bus, "netdevsim");
        assert_string_equal(p.handle.dev, "netdevsim10");
        assert_int_equal(p.index, 129);
        assert_true(p.has_flavour && p.flavour == DEVLINK_PORT_FLAVOUR_PCI_VF);
        assert_true(p.has_pfnum && p.pfnum == 0);
        assert_true(p.has_vfnum && p.vfnum == 1);
        assert_true(p.has_ifindex && p.ifindex == 42);
        assert_string_equal(p.netdev, "eni10npf0vf1");
        assert_true(p.fn.has_hw_addr);
        assert_memory_equal(p.fn.hw_addr, mac, sizeof(mac));
        nlmsg_free(ans);
}

static void a_port_without_netdev_or_function_says_so(void **state)
{
        struct devlink_port p;
        struct nl_msg *ans;

        (void)state;
        ans = answer(FAMILY, DEVLINK_CMD_PORT_NEW, &NSIM);
        nla_put_u32(ans, DEVLINK_ATTR_PORT_INDEX, 0);
        nla_put_u16(ans, DEVLINK_ATTR_PORT_FLAVOUR, DEVLINK_PORT_FLAVOUR_PHYSICAL);
        assert_int_equal(devlink_parse_port(nlmsg_hdr(ans), &p), 0);
        assert_false(p.has_vfnum);
        assert_false(p.has_ifindex);
        assert_string_equal(p.netdev, "");
        assert_false(p.fn.has_hw_addr);
        nlmsg_free(ans);

        /* No index, no port; a name longer than any netdev's is no netdev. */
        ans = answer(FAMILY, DEVLINK_CMD_PORT_NEW, &NSIM);
        assert_int_equal(devlink_parse_port(nlmsg_hdr(ans), &p), -EPROTO);
        nlmsg_free(ans);
        ans = answer(FAMILY, DEVLINK_CMD_PORT_NEW, &NSIM);
        nla_put_u32(ans, DEVLINK_ATTR_PORT_INDEX, 1);
        nla_put_string(ans, DEVLINK_ATTR_PORT_NETDEV_NAME, "a-name-of-16-chr");
        assert_int_equal(devlink_parse_port(nlmsg_hdr(ans), &p), -EPROTO);
        nlmsg_free(ans);
}

/* ---- the VF -> port map (lib/devlink.c) ------------------------------------------------------ */

/* The answers of a port dump, in the kernel's order. */
struct port_dump {
        struct nl_msg *msgs[16];
        size_t n;
};

static int dump_ports(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn, void *data,
                      char *extack, size_t extack_size)
{
        struct port_dump *d = ctx->seam_data;

        extack[0] = '\0';
        (void)extack_size;
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_PORT_GET);
        for (size_t i = 0; i < d->n; i++) {
                int r = fn(nlmsg_hdr(d->msgs[i]), data);

                if (r < 0)
                        return r;
        }
        return 0;
}

/* Port @index of the instance of @dev: PF @pfnum's own port, or (@vf >= 0) its VF's. */
static void add_port(struct port_dump *d, const char *dev, uint32_t index, uint16_t pfnum, int vf)
{
        d->msgs[d->n] = fake_devlink_pci_port(dev, index,
                                              vf < 0 ? DEVLINK_PORT_FLAVOUR_PCI_PF
                                                     : DEVLINK_PORT_FLAVOUR_PCI_VF,
                                              pfnum, vf < 0 ? 0 : (uint16_t)vf);
        assert_non_null(d->msgs[d->n]);
        d->n++;
}

/* The port index the map gives VF @vf of PF @pci, whose devlink instance @d answers for; -1
 * for none. */
static long vf_port_index(struct port_dump *d, const char *pci, unsigned int vf)
{
        struct sriov_pf pf = { .refcount = 1, .dirfd = -1, .kind = SRIOV_PF_KIND_PCI };
        const struct devlink_port *ports, *p;
        size_t n;
        long index;

        assert_int_equal(sriov_ctx_new(&pf.ctx), 0);
        pf.ctx->devlink_family = FAMILY;
        pf.ctx->netlink_dump = dump_ports;
        pf.ctx->seam_data = d;
        snprintf(pf.name, sizeof(pf.name), "%s", pci);
        snprintf(pf.devlink_name, sizeof(pf.devlink_name), "pci/%s", pci);
        assert_int_equal(pf_devlink_ports(&pf, &ports, &n), 0);
        p = pf_devlink_vf_port(&pf, vf);
        index = p ? (long)p->index : -1;
        pf_devlink_forget(&pf);
        sriov_ctx_unref(pf.ctx);
        return index;
}

/*
 * One devlink instance that is the eswitch of two PFs (devlink-port.rst: pf0, pf0vfN, pf1,
 * pf1vfN on one controller): PF 0 has VFs 0-3 (ports 10-13), PF 1 VFs 0-1 (ports 20-21). A
 * VF's port is the one of its PF's number (the PCI function of the PF), never the other PF's
 * VF of the same number.
 */
static void a_vf_port_is_the_one_of_its_own_pf_on_an_instance_of_several(void **state)
{
        static const char *const devs[] = { "0000:08:00.0", "0000:08:00.1" };

        (void)state;
        for (size_t k = 0; k < 2; k++) {
                struct port_dump d = { .n = 0 };

                add_port(&d, devs[k], 1, 0, -1);
                for (int vf = 0; vf < 4; vf++)
                        add_port(&d, devs[k], 10 + (uint32_t)vf, 0, vf);
                add_port(&d, devs[k], 2, 1, -1);
                for (int vf = 0; vf < 2; vf++)
                        add_port(&d, devs[k], 20 + (uint32_t)vf, 1, vf);
                if (k == 0) {
                        for (unsigned int vf = 0; vf < 4; vf++)
                                assert_int_equal(vf_port_index(&d, devs[k], vf), 10 + vf);
                } else {
                        assert_int_equal(vf_port_index(&d, devs[k], 0), 20);
                        assert_int_equal(vf_port_index(&d, devs[k], 1), 21);
                        /* VF 2 is PF 0's alone: PF 1 has none. */
                        assert_int_equal(vf_port_index(&d, devs[k], 2), -1);
                }
                for (size_t i = 0; i < d.n; i++)
                        nlmsg_free(d.msgs[i]);
        }
}

/* An instance of one PF is that PF's, whatever number its driver gives it (netdevsim: 0). */
static void an_instance_of_one_pf_is_that_pfs_whatever_its_number(void **state)
{
        struct port_dump d = { .n = 0 };

        (void)state;
        for (int vf = 0; vf < 2; vf++)
                add_port(&d, "0000:08:00.3", 10 + (uint32_t)vf, 0, vf);
        assert_int_equal(vf_port_index(&d, "0000:08:00.3", 1), 11);
        for (size_t i = 0; i < d.n; i++)
                nlmsg_free(d.msgs[i]);
}

static void a_truncated_answer_is_refused(void **state)
{
        struct devlink_eswitch e;
        struct nlmsghdr short_msg = { .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = FAMILY };
        struct devlink_port p;

        (void)state;
        assert_int_equal(devlink_parse_eswitch(&short_msg, &e), -EPROTO);
        assert_int_equal(devlink_parse_port(&short_msg, &p), -EPROTO);
        assert_int_equal(devlink_parse_eswitch(NULL, &e), -EPROTO);
}

static void every_message_goes_on_the_generic_netlink_socket(void **state)
{
        struct devlink_eswitch want = { .has_mode = true };
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_get_family(&req), 0);
        assert_int_equal(nlmsg_get_proto(req), NETLINK_GENERIC);
        nlmsg_free(req);
        assert_int_equal(devlink_msg_eswitch_set(FAMILY, &NSIM, &want, &req), 0);
        assert_int_equal(nlmsg_get_proto(req), NETLINK_GENERIC);
        nlmsg_free(req);
        assert_int_equal(devlink_msg_rate_dump(FAMILY, &NSIM, &req), 0);
        assert_int_equal(nlmsg_get_proto(req), NETLINK_GENERIC);
        nlmsg_free(req);
}

static void rate_set_of_a_leaf_names_its_port_and_sends_only_what_is_asked(void **state)
{
        struct devlink_rate r = { .port_index = 129, .has_tx_max = true, .tx_max = 6250000 };
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_rate_set(FAMILY, DEVLINK_CMD_RATE_SET, &NSIM, &r, &req), 0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_RATE_SET);
        assert_true(nlmsg_hdr(req)->nlmsg_flags & NLM_F_ACK);
        assert_int_equal(nla_get_u32(attr(req, DEVLINK_ATTR_PORT_INDEX)), 129);
        assert_null(attr(req, DEVLINK_ATTR_RATE_NODE_NAME));
        assert_int_equal(nla_get_u64(attr(req, DEVLINK_ATTR_RATE_TX_MAX)), 6250000);
        assert_null(attr(req, DEVLINK_ATTR_RATE_TX_SHARE));
        assert_null(attr(req, DEVLINK_ATTR_RATE_PARENT_NODE_NAME));
        nlmsg_free(req);

        /* noparent is an empty parent name, as devlink(8) sends it. */
        r = (struct devlink_rate){ .port_index = 129, .has_parent = true };
        assert_int_equal(devlink_msg_rate_set(FAMILY, DEVLINK_CMD_RATE_SET, &NSIM, &r, &req), 0);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_RATE_PARENT_NODE_NAME)), "");
        nlmsg_free(req);
}

/* One object alone, no dump: a change reads what it changes, not a thousand leaves. */
static void rate_get_asks_for_one_object_by_port_or_name(void **state)
{
        struct devlink_rate leaf = { .port_index = 129 }, node = { .is_node = true, .name = "g1" };
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_rate_get(FAMILY, &NSIM, &leaf, &req), 0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_RATE_GET);
        assert_int_equal(nlmsg_hdr(req)->nlmsg_flags & NLM_F_DUMP, 0);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_DEV_NAME)), "netdevsim10");
        assert_int_equal(nla_get_u32(attr(req, DEVLINK_ATTR_PORT_INDEX)), 129);
        assert_null(attr(req, DEVLINK_ATTR_RATE_NODE_NAME));
        nlmsg_free(req);
        assert_int_equal(devlink_msg_rate_get(FAMILY, &NSIM, &node, &req), 0);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_RATE_NODE_NAME)), "g1");
        assert_null(attr(req, DEVLINK_ATTR_PORT_INDEX));
        nlmsg_free(req);
        node.name[0] = '\0';
        assert_int_equal(devlink_msg_rate_get(FAMILY, &NSIM, &node, &req), -EINVAL);
}

static void rate_new_and_del_are_of_nodes_by_name(void **state)
{
        struct devlink_rate node = { .is_node = true, .name = "group1", .has_tx_share = true,
                                     .tx_share = 1250000 };
        struct devlink_rate leaf = { .port_index = 128 };
        struct nl_msg *req = NULL;

        (void)state;
        assert_int_equal(devlink_msg_rate_set(FAMILY, DEVLINK_CMD_RATE_NEW, &NSIM, &node, &req),
                         0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_RATE_NEW);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_RATE_NODE_NAME)), "group1");
        assert_int_equal(nla_get_u64(attr(req, DEVLINK_ATTR_RATE_TX_SHARE)), 1250000);
        assert_null(attr(req, DEVLINK_ATTR_PORT_INDEX));
        nlmsg_free(req);
        /* A leaf is made by the driver with its port, never by RATE_NEW; a node has a name. */
        assert_int_equal(devlink_msg_rate_set(FAMILY, DEVLINK_CMD_RATE_NEW, &NSIM, &leaf, &req),
                         -EINVAL);
        node.name[0] = '\0';
        assert_int_equal(devlink_msg_rate_set(FAMILY, DEVLINK_CMD_RATE_SET, &NSIM, &node, &req),
                         -EINVAL);
        assert_int_equal(devlink_msg_rate_set(FAMILY, DEVLINK_CMD_PORT_SET, &NSIM, &leaf, &req),
                         -EINVAL);
        assert_int_equal(devlink_msg_rate_del(FAMILY, &NSIM, "group1", &req), 0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_RATE_DEL);
        assert_string_equal(nla_get_string(attr(req, DEVLINK_ATTR_RATE_NODE_NAME)), "group1");
        nlmsg_free(req);
        assert_int_equal(devlink_msg_rate_del(FAMILY, &NSIM, "", &req), -EINVAL);
}

static void rate_answers_are_leaves_or_nodes_with_both_rates(void **state)
{
        struct devlink_handle h;
        struct devlink_rate r;
        struct nl_msg *ans;

        (void)state;
        ans = fake_devlink_rate(NULL, 129, 0, 6250000, "group1");
        assert_int_equal(devlink_parse_rate(nlmsg_hdr(ans), &h, &r), 0);
        assert_string_equal(h.dev, "netdevsim10");
        assert_false(r.is_node);
        assert_int_equal(r.port_index, 129);
        assert_true(r.has_tx_share && r.has_tx_max && r.has_parent);
        assert_int_equal(r.tx_max, 6250000);
        assert_string_equal(r.parent, "group1");
        nlmsg_free(ans);

        ans = fake_devlink_rate("group1", 0, 1250000, 12500000, NULL);
        assert_int_equal(devlink_parse_rate(nlmsg_hdr(ans), NULL, &r), 0);
        assert_true(r.is_node);
        assert_string_equal(r.name, "group1");
        assert_int_equal(r.tx_share, 1250000);
        assert_false(r.has_parent);
        nlmsg_free(ans);

        /* No type, or a leaf without its port: no rate object. */
        ans = answer(FAMILY, DEVLINK_CMD_RATE_NEW, &NSIM);
        assert_int_equal(devlink_parse_rate(nlmsg_hdr(ans), NULL, &r), -EPROTO);
        nla_put_u16(ans, DEVLINK_ATTR_RATE_TYPE, DEVLINK_RATE_TYPE_LEAF);
        assert_int_equal(devlink_parse_rate(nlmsg_hdr(ans), NULL, &r), -EPROTO);
        nlmsg_free(ans);
}

static void port_function_set_nests_only_what_is_asked(void **state)
{
        struct devlink_port_fn fn = { .has_hw_addr = true, .hw_addr = { 2, 0, 0, 0, 1, 1 },
                                      .has_caps = true,
                                      .caps = DEVLINK_PORT_FN_CAP_ROCE,
                                      .caps_selector = DEVLINK_PORT_FN_CAP_ROCE };
        struct nlattr *nest, *tb[DEVLINK_PORT_FN_ATTR_CAPS + 1];
        struct nl_msg *req = NULL;
        uint32_t caps[2];

        (void)state;
        assert_int_equal(devlink_msg_port_function_set(FAMILY, &NSIM, 129, &fn, &req), 0);
        assert_int_equal(genl(req)->cmd, DEVLINK_CMD_PORT_SET);
        assert_int_equal(nla_get_u32(attr(req, DEVLINK_ATTR_PORT_INDEX)), 129);
        nest = attr(req, DEVLINK_ATTR_PORT_FUNCTION);
        assert_non_null(nest);
        assert_int_equal(nla_parse_nested(tb, DEVLINK_PORT_FN_ATTR_CAPS, nest, NULL), 0);
        assert_memory_equal(nla_data(tb[DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR]), fn.hw_addr, 6);
        assert_null(tb[DEVLINK_PORT_FN_ATTR_STATE]);
        assert_int_equal(nla_len(tb[DEVLINK_PORT_FN_ATTR_CAPS]), 8);
        memcpy(caps, nla_data(tb[DEVLINK_PORT_FN_ATTR_CAPS]), sizeof(caps));
        assert_int_equal(caps[0], DEVLINK_PORT_FN_CAP_ROCE);
        assert_int_equal(caps[1], DEVLINK_PORT_FN_CAP_ROCE);
        nlmsg_free(req);
        fn = (struct devlink_port_fn){ 0 };
        assert_int_equal(devlink_msg_port_function_set(FAMILY, &NSIM, 129, &fn, &req), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(the_family_is_asked_of_the_controller_by_name),
                cmocka_unit_test(the_notification_group_is_found_by_name),
                cmocka_unit_test(a_notification_names_its_device),
                cmocka_unit_test(handles_are_bus_slash_device),
                cmocka_unit_test(eswitch_get_names_the_device),
                cmocka_unit_test(eswitch_set_sends_only_what_is_asked),
                cmocka_unit_test(eswitch_answers_say_what_the_driver_reports),
                cmocka_unit_test(a_port_dump_asks_for_one_device_or_all),
                cmocka_unit_test(a_vf_port_has_its_vf_number_representor_and_mac),
                cmocka_unit_test(a_port_without_netdev_or_function_says_so),
                cmocka_unit_test(a_vf_port_is_the_one_of_its_own_pf_on_an_instance_of_several),
                cmocka_unit_test(an_instance_of_one_pf_is_that_pfs_whatever_its_number),
                cmocka_unit_test(a_truncated_answer_is_refused),
                cmocka_unit_test(every_message_goes_on_the_generic_netlink_socket),
                cmocka_unit_test(rate_set_of_a_leaf_names_its_port_and_sends_only_what_is_asked),
                cmocka_unit_test(rate_get_asks_for_one_object_by_port_or_name),
                cmocka_unit_test(rate_new_and_del_are_of_nodes_by_name),
                cmocka_unit_test(rate_answers_are_leaves_or_nodes_with_both_rates),
                cmocka_unit_test(port_function_set_nests_only_what_is_asked),
        };

        return cmocka_run_group_tests_name("unit/devlink", tests, NULL, NULL);
}
