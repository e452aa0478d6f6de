/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* devlink messages, built and parsed without a socket (devlink-msg.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/devlink.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>

#include "devlink-msg.h"

/* The generic netlink header after the netlink one: the command and the family's version. */
static int genl_start(uint16_t family, uint8_t cmd, int flags, struct nl_msg **ret)
{
        struct genlmsghdr g = { .cmd = cmd, .version = 1 };
        struct nl_msg *msg;

        if (!ret)
                return -EINVAL;
        msg = nlmsg_alloc_simple(family, flags);
        if (!msg)
                return -ENOMEM;
        nlmsg_set_proto(msg, NETLINK_GENERIC);
        if (nlmsg_append(msg, &g, sizeof(g), NLMSG_ALIGNTO) < 0) {
                nlmsg_free(msg);
                return -ENOMEM;
        }
        *ret = msg;
        return 0;
}

static int put_handle(struct nl_msg *msg, const struct devlink_handle *h)
{
        if (nla_put_string(msg, DEVLINK_ATTR_BUS_NAME, h->bus) < 0 ||
            nla_put_string(msg, DEVLINK_ATTR_DEV_NAME, h->dev) < 0)
                return -ENOMEM;
        return 0;
}

static int finish(struct nl_msg *msg, int r, struct nl_msg **ret)
{
        if (r < 0) {
                nlmsg_free(msg);
                *ret = NULL;
        }
        return r;
}

int devlink_msg_get_family(struct nl_msg **ret)
{
        int r = genl_start(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST, ret);

        if (r < 0)
                return r;
        r = nla_put_string(*ret, CTRL_ATTR_FAMILY_NAME, DEVLINK_GENL_NAME) < 0 ? -ENOMEM : 0;
        return finish(*ret, r, ret);
}

/* The attributes after the genl header of @nlh, checked against @policy; -EPROTO if malformed. */
static int parse_genl(const struct nlmsghdr *nlh, struct nlattr **tb, int max,
                      const struct nla_policy *policy)
{
        if (!nlh || nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
                return -EPROTO;
        return nlmsg_parse((struct nlmsghdr *)nlh, GENL_HDRLEN, tb, max,
                           (struct nla_policy *)policy) < 0
                       ? -EPROTO
                       : 0;
}

int devlink_parse_family(const struct nlmsghdr *nlh, uint16_t *ret)
{
        static const struct nla_policy policy[CTRL_ATTR_MAX + 1] = {
                [CTRL_ATTR_FAMILY_ID] = { .type = NLA_U16 },
                [CTRL_ATTR_FAMILY_NAME] = { .type = NLA_STRING },
        };
        struct nlattr *tb[CTRL_ATTR_MAX + 1];
        int r = parse_genl(nlh, tb, CTRL_ATTR_MAX, policy);

        if (r < 0)
                return r;
        if (!tb[CTRL_ATTR_FAMILY_ID])
                return -ENOENT;
        if (tb[CTRL_ATTR_FAMILY_NAME] &&
            strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), DEVLINK_GENL_NAME) != 0)
                return -EPROTO;
        *ret = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
        return 0;
}

int devlink_parse_mcast_group(const struct nlmsghdr *nlh, const char *name, uint32_t *ret)
{
        static const struct nla_policy policy[CTRL_ATTR_MAX + 1] = {
                [CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
        };
        static const struct nla_policy grp_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
                [CTRL_ATTR_MCAST_GRP_NAME] = { .type = NLA_STRING },
                [CTRL_ATTR_MCAST_GRP_ID] = { .type = NLA_U32 },
        };
        struct nlattr *tb[CTRL_ATTR_MAX + 1], *grp;
        int r = parse_genl(nlh, tb, CTRL_ATTR_MAX, policy);
        int rem;

        if (r < 0)
                return r;
        if (!tb[CTRL_ATTR_MCAST_GROUPS])
                return -ENOENT;
        nla_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
                struct nlattr *g[CTRL_ATTR_MCAST_GRP_MAX + 1];

                if (nla_parse_nested(g, CTRL_ATTR_MCAST_GRP_MAX, grp,
                                     (struct nla_policy *)grp_policy) < 0)
                        return -EPROTO;
                if (g[CTRL_ATTR_MCAST_GRP_NAME] && g[CTRL_ATTR_MCAST_GRP_ID] &&
                    strcmp(nla_get_string(g[CTRL_ATTR_MCAST_GRP_NAME]), name) == 0) {
                        *ret = nla_get_u32(g[CTRL_ATTR_MCAST_GRP_ID]);
                        return 0;
                }
        }
        return -ENOENT;
}

int devlink_handle_parse(const char *s, struct devlink_handle *ret)
{
        const char *slash = s ? strchr(s, '/') : NULL;
        size_t bus;

        if (!slash || !ret)
                return -EINVAL;
        bus = (size_t)(slash - s);
        if (bus == 0 || bus >= sizeof(ret->bus) || !slash[1] ||
            strlen(slash + 1) >= sizeof(ret->dev) || strchr(slash + 1, '/'))
                return -EINVAL;
        memcpy(ret->bus, s, bus);
        ret->bus[bus] = '\0';
        snprintf(ret->dev, sizeof(ret->dev), "%s", slash + 1);
        return 0;
}

int devlink_msg_eswitch_get(uint16_t family, const struct devlink_handle *h, struct nl_msg **ret)
{
        int r;

        if (!h)
                return -EINVAL;
        r = genl_start(family, DEVLINK_CMD_ESWITCH_GET, NLM_F_REQUEST, ret);
        return r < 0 ? r : finish(*ret, put_handle(*ret, h), ret);
}

int devlink_msg_eswitch_set(uint16_t family, const struct devlink_handle *h,
                            const struct devlink_eswitch *want, struct nl_msg **ret)
{
        int r;

        if (!h || !want || !(want->has_mode || want->has_inline_mode || want->has_encap_mode))
                return -EINVAL;
        /* The ack is the answer: an error says why (with the kernel's extended ack). */
        r = genl_start(family, DEVLINK_CMD_ESWITCH_SET, NLM_F_REQUEST | NLM_F_ACK, ret);
        if (r < 0)
                return r;
        r = put_handle(*ret, h);
        if (r == 0 && want->has_mode && nla_put_u16(*ret, DEVLINK_ATTR_ESWITCH_MODE, want->mode) < 0)
                r = -ENOMEM;
        if (r == 0 && want->has_inline_mode &&
            nla_put_u8(*ret, DEVLINK_ATTR_ESWITCH_INLINE_MODE, want->inline_mode) < 0)
                r = -ENOMEM;
        if (r == 0 && want->has_encap_mode &&
            nla_put_u8(*ret, DEVLINK_ATTR_ESWITCH_ENCAP_MODE, want->encap_mode) < 0)
                r = -ENOMEM;
        return finish(*ret, r, ret);
}

static const struct nla_policy devlink_policy[DEVLINK_ATTR_MAX + 1] = {
        [DEVLINK_ATTR_BUS_NAME] = { .type = NLA_STRING },
        [DEVLINK_ATTR_DEV_NAME] = { .type = NLA_STRING },
        [DEVLINK_ATTR_PORT_INDEX] = { .type = NLA_U32 },
        [DEVLINK_ATTR_PORT_FLAVOUR] = { .type = NLA_U16 },
        [DEVLINK_ATTR_PORT_PCI_PF_NUMBER] = { .type = NLA_U16 },
        [DEVLINK_ATTR_PORT_PCI_VF_NUMBER] = { .type = NLA_U16 },
        [DEVLINK_ATTR_PORT_NETDEV_IFINDEX] = { .type = NLA_U32 },
        [DEVLINK_ATTR_PORT_NETDEV_NAME] = { .type = NLA_STRING },
        [DEVLINK_ATTR_PORT_FUNCTION] = { .type = NLA_NESTED },
        [DEVLINK_ATTR_PORT_EXTERNAL] = { .type = NLA_U8 },
        [DEVLINK_ATTR_ESWITCH_MODE] = { .type = NLA_U16 },
        [DEVLINK_ATTR_ESWITCH_INLINE_MODE] = { .type = NLA_U8 },
        [DEVLINK_ATTR_ESWITCH_ENCAP_MODE] = { .type = NLA_U8 },
        [DEVLINK_ATTR_RATE_TYPE] = { .type = NLA_U16 },
        [DEVLINK_ATTR_RATE_TX_SHARE] = { .type = NLA_U64 },
        [DEVLINK_ATTR_RATE_TX_MAX] = { .type = NLA_U64 },
        [DEVLINK_ATTR_RATE_NODE_NAME] = { .type = NLA_STRING },
        [DEVLINK_ATTR_RATE_PARENT_NODE_NAME] = { .type = NLA_STRING },
};

/* A devlink answer names its device: without both names it is no answer to us. */
static int parse_devlink(const struct nlmsghdr *nlh, struct nlattr **tb, struct devlink_handle *h)
{
        int r = parse_genl(nlh, tb, DEVLINK_ATTR_MAX, devlink_policy);

        if (r < 0)
                return r;
        if (!tb[DEVLINK_ATTR_BUS_NAME] || !tb[DEVLINK_ATTR_DEV_NAME])
                return -EPROTO;
        if (h) {
                const char *bus = nla_get_string(tb[DEVLINK_ATTR_BUS_NAME]);
                const char *dev = nla_get_string(tb[DEVLINK_ATTR_DEV_NAME]);

                if (strlen(bus) >= sizeof(h->bus) || strlen(dev) >= sizeof(h->dev))
                        return -EPROTO;
                snprintf(h->bus, sizeof(h->bus), "%s", bus);
                snprintf(h->dev, sizeof(h->dev), "%s", dev);
        }
        return 0;
}

int devlink_parse_notification(const struct nlmsghdr *nlh, uint16_t family,
                               struct devlink_handle *ret)
{
        struct nlattr *tb[DEVLINK_ATTR_MAX + 1];

        const struct genlmsghdr *g;

        if (!nlh || nlh->nlmsg_type != family || nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
                return -EPROTO;
        /* What changes ports, representors and rates; a parameter, a health reporter or a
         * trap does not. */
        g = nlmsg_data(nlh);
        switch (g->cmd) {
        case DEVLINK_CMD_NEW:
        case DEVLINK_CMD_DEL:
        case DEVLINK_CMD_PORT_NEW:
        case DEVLINK_CMD_PORT_DEL:
        case DEVLINK_CMD_RATE_NEW:
        case DEVLINK_CMD_RATE_DEL:
                return parse_devlink(nlh, tb, ret);
        default:
                return -EPROTO;
        }
}

int devlink_parse_eswitch(const struct nlmsghdr *nlh, struct devlink_eswitch *ret)
{
        struct nlattr *tb[DEVLINK_ATTR_MAX + 1];
        struct devlink_eswitch e = { 0 };
        int r = parse_devlink(nlh, tb, NULL);

        if (r < 0)
                return r;
        if (tb[DEVLINK_ATTR_ESWITCH_MODE]) {
                e.has_mode = true;
                e.mode = nla_get_u16(tb[DEVLINK_ATTR_ESWITCH_MODE]);
        }
        if (tb[DEVLINK_ATTR_ESWITCH_INLINE_MODE]) {
                e.has_inline_mode = true;
                e.inline_mode = nla_get_u8(tb[DEVLINK_ATTR_ESWITCH_INLINE_MODE]);
        }
        if (tb[DEVLINK_ATTR_ESWITCH_ENCAP_MODE]) {
                e.has_encap_mode = true;
                e.encap_mode = nla_get_u8(tb[DEVLINK_ATTR_ESWITCH_ENCAP_MODE]);
        }
        *ret = e;
        return 0;
}

int devlink_msg_port_dump(uint16_t family, const struct devlink_handle *h, struct nl_msg **ret)
{
        int r = genl_start(family, DEVLINK_CMD_PORT_GET, NLM_F_REQUEST | NLM_F_DUMP, ret);

        /* A dump filtered by device, as `devlink port show DEV` asks (kernels from 5.x). */
        return r < 0 || !h ? r : finish(*ret, put_handle(*ret, h), ret);
}

/* The port function: its MAC (when of 6 bytes), state, operational state, capabilities. */
static void parse_port_function(struct nlattr *nest, struct devlink_port_fn *fn)
{
        static const struct nla_policy policy[DEVLINK_PORT_FN_ATTR_CAPS + 1] = {
                [DEVLINK_PORT_FN_ATTR_STATE] = { .type = NLA_U8 },
                [DEVLINK_PORT_FN_ATTR_OPSTATE] = { .type = NLA_U8 },
        };
        struct nlattr *tb[DEVLINK_PORT_FN_ATTR_CAPS + 1];
        struct nlattr *a;

        if (nla_parse_nested(tb, DEVLINK_PORT_FN_ATTR_CAPS, nest, (struct nla_policy *)policy) < 0)
                return;
        a = tb[DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR];
        if (a && nla_len(a) == (int)sizeof(fn->hw_addr)) {
                memcpy(fn->hw_addr, nla_data(a), sizeof(fn->hw_addr));
                fn->has_hw_addr = true;
        }
        if (tb[DEVLINK_PORT_FN_ATTR_STATE]) {
                fn->has_state = true;
                fn->state = nla_get_u8(tb[DEVLINK_PORT_FN_ATTR_STATE]);
        }
        if (tb[DEVLINK_PORT_FN_ATTR_OPSTATE]) {
                fn->has_opstate = true;
                fn->opstate = nla_get_u8(tb[DEVLINK_PORT_FN_ATTR_OPSTATE]);
        }
        /* struct nla_bitfield32: the values, then which of them the driver reports. */
        a = tb[DEVLINK_PORT_FN_ATTR_CAPS];
        if (a && nla_len(a) == 2 * (int)sizeof(uint32_t)) {
                uint32_t v[2];

                memcpy(v, nla_data(a), sizeof(v));
                fn->has_caps = true;
                fn->caps = v[0];
                fn->caps_selector = v[1];
        }
}

int devlink_parse_port(const struct nlmsghdr *nlh, struct devlink_port *ret)
{
        struct nlattr *tb[DEVLINK_ATTR_MAX + 1];
        struct devlink_port p = { 0 };
        int r = parse_devlink(nlh, tb, &p.handle);

        if (r < 0)
                return r;
        if (!tb[DEVLINK_ATTR_PORT_INDEX])
                return -EPROTO;
        p.index = nla_get_u32(tb[DEVLINK_ATTR_PORT_INDEX]);
        if (tb[DEVLINK_ATTR_PORT_FLAVOUR]) {
                p.has_flavour = true;
                p.flavour = nla_get_u16(tb[DEVLINK_ATTR_PORT_FLAVOUR]);
        }
        if (tb[DEVLINK_ATTR_PORT_PCI_PF_NUMBER]) {
                p.has_pfnum = true;
                p.pfnum = nla_get_u16(tb[DEVLINK_ATTR_PORT_PCI_PF_NUMBER]);
        }
        if (tb[DEVLINK_ATTR_PORT_PCI_VF_NUMBER]) {
                p.has_vfnum = true;
                p.vfnum = nla_get_u16(tb[DEVLINK_ATTR_PORT_PCI_VF_NUMBER]);
        }
        if (tb[DEVLINK_ATTR_PORT_NETDEV_IFINDEX]) {
                p.has_ifindex = true;
                p.ifindex = nla_get_u32(tb[DEVLINK_ATTR_PORT_NETDEV_IFINDEX]);
        }
        if (tb[DEVLINK_ATTR_PORT_NETDEV_NAME]) {
                const char *name = nla_get_string(tb[DEVLINK_ATTR_PORT_NETDEV_NAME]);

                if (strlen(name) >= sizeof(p.netdev))
                        return -EPROTO; /* IFNAMSIZ: no netdev has a longer name */
                snprintf(p.netdev, sizeof(p.netdev), "%s", name);
        }
        if (tb[DEVLINK_ATTR_PORT_EXTERNAL])
                p.external = nla_get_u8(tb[DEVLINK_ATTR_PORT_EXTERNAL]) != 0;
        if (tb[DEVLINK_ATTR_PORT_FUNCTION])
                parse_port_function(tb[DEVLINK_ATTR_PORT_FUNCTION], &p.fn);
        *ret = p;
        return 0;
}

int devlink_msg_port_function_set(uint16_t family, const struct devlink_handle *h, uint32_t index,
                                  const struct devlink_port_fn *fn, struct nl_msg **ret)
{
        struct nlattr *nest;
        int r;

        if (!h || !fn || !(fn->has_hw_addr || fn->has_state || fn->has_caps))
                return -EINVAL;
        r = genl_start(family, DEVLINK_CMD_PORT_SET, NLM_F_REQUEST | NLM_F_ACK, ret);
        if (r < 0)
                return r;
        r = put_handle(*ret, h);
        if (r == 0 && nla_put_u32(*ret, DEVLINK_ATTR_PORT_INDEX, index) < 0)
                r = -ENOMEM;
        nest = r == 0 ? nla_nest_start(*ret, DEVLINK_ATTR_PORT_FUNCTION) : NULL;
        if (r == 0 && !nest)
                r = -ENOMEM;
        if (r == 0 && fn->has_hw_addr &&
            nla_put(*ret, DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR, sizeof(fn->hw_addr), fn->hw_addr) < 0)
                r = -ENOMEM;
        if (r == 0 && fn->has_state && nla_put_u8(*ret, DEVLINK_PORT_FN_ATTR_STATE, fn->state) < 0)
                r = -ENOMEM;
        if (r == 0 && fn->has_caps) {
                uint32_t v[2] = { fn->caps, fn->caps_selector };

                if (nla_put(*ret, DEVLINK_PORT_FN_ATTR_CAPS, sizeof(v), v) < 0)
                        r = -ENOMEM;
        }
        if (r == 0)
                nla_nest_end(*ret, nest);
        return finish(*ret, r, ret);
}

int devlink_msg_rate_dump(uint16_t family, const struct devlink_handle *h, struct nl_msg **ret)
{
        int r;

        if (!h)
                return -EINVAL;
        r = genl_start(family, DEVLINK_CMD_RATE_GET, NLM_F_REQUEST | NLM_F_DUMP, ret);
        return r < 0 ? r : finish(*ret, put_handle(*ret, h), ret);
}

/* A leaf is named by its port, a node by its name. */
static int put_rate_name(struct nl_msg *msg, const struct devlink_rate *rate)
{
        int r;

        if (!rate->is_node)
                r = nla_put_u32(msg, DEVLINK_ATTR_PORT_INDEX, rate->port_index);
        else if (!rate->name[0])
                return -EINVAL;
        else
                r = nla_put_string(msg, DEVLINK_ATTR_RATE_NODE_NAME, rate->name);
        return r < 0 ? -ENOMEM : 0;
}

int devlink_msg_rate_get(uint16_t family, const struct devlink_handle *h,
                         const struct devlink_rate *rate, struct nl_msg **ret)
{
        int r;

        if (!h || !rate)
                return -EINVAL;
        r = genl_start(family, DEVLINK_CMD_RATE_GET, NLM_F_REQUEST, ret);
        if (r < 0)
                return r;
        r = put_handle(*ret, h);
        if (r == 0)
                r = put_rate_name(*ret, rate);
        return finish(*ret, r, ret);
}

int devlink_msg_rate_set(uint16_t family, uint8_t cmd, const struct devlink_handle *h,
                         const struct devlink_rate *rate, struct nl_msg **ret)
{
        int r;

        if (!h || !rate || (cmd != DEVLINK_CMD_RATE_SET && cmd != DEVLINK_CMD_RATE_NEW) ||
            (cmd == DEVLINK_CMD_RATE_NEW && !rate->is_node))
                return -EINVAL;
        r = genl_start(family, cmd, NLM_F_REQUEST | NLM_F_ACK, ret);
        if (r < 0)
                return r;
        r = put_handle(*ret, h);
        if (r == 0)
                r = put_rate_name(*ret, rate);
        if (r == 0 && rate->has_tx_share &&
            nla_put_u64(*ret, DEVLINK_ATTR_RATE_TX_SHARE, rate->tx_share) < 0)
                r = -ENOMEM;
        if (r == 0 && rate->has_tx_max &&
            nla_put_u64(*ret, DEVLINK_ATTR_RATE_TX_MAX, rate->tx_max) < 0)
                r = -ENOMEM;
        /* An empty parent name is how devlink(8) says noparent: the kernel unlinks it. */
        if (r == 0 && rate->has_parent &&
            nla_put_string(*ret, DEVLINK_ATTR_RATE_PARENT_NODE_NAME, rate->parent) < 0)
                r = -ENOMEM;
        return finish(*ret, r, ret);
}

int devlink_msg_rate_del(uint16_t family, const struct devlink_handle *h, const char *node,
                         struct nl_msg **ret)
{
        int r;

        if (!h || !node || !node[0])
                return -EINVAL;
        r = genl_start(family, DEVLINK_CMD_RATE_DEL, NLM_F_REQUEST | NLM_F_ACK, ret);
        if (r < 0)
                return r;
        r = put_handle(*ret, h);
        if (r == 0 && nla_put_string(*ret, DEVLINK_ATTR_RATE_NODE_NAME, node) < 0)
                r = -ENOMEM;
        return finish(*ret, r, ret);
}

static int copy_name(char *dst, size_t size, const struct nlattr *a)
{
        const char *s = nla_get_string((struct nlattr *)a);

        if (strlen(s) >= size)
                return -EPROTO;
        snprintf(dst, size, "%s", s);
        return 0;
}

int devlink_parse_rate(const struct nlmsghdr *nlh, struct devlink_handle *h,
                       struct devlink_rate *ret)
{
        struct nlattr *tb[DEVLINK_ATTR_MAX + 1];
        struct devlink_rate rate = { 0 };
        int r = parse_devlink(nlh, tb, h);

        if (r < 0)
                return r;
        if (!tb[DEVLINK_ATTR_RATE_TYPE])
                return -EPROTO;
        switch (nla_get_u16(tb[DEVLINK_ATTR_RATE_TYPE])) {
        case DEVLINK_RATE_TYPE_LEAF:
                if (!tb[DEVLINK_ATTR_PORT_INDEX])
                        return -EPROTO;
                rate.port_index = nla_get_u32(tb[DEVLINK_ATTR_PORT_INDEX]);
                break;
        case DEVLINK_RATE_TYPE_NODE:
                rate.is_node = true;
                if (!tb[DEVLINK_ATTR_RATE_NODE_NAME] ||
                    copy_name(rate.name, sizeof(rate.name), tb[DEVLINK_ATTR_RATE_NODE_NAME]) < 0 ||
                    !rate.name[0])
                        return -EPROTO;
                break;
        default:
                return -EPROTO;
        }
        /* The kernel sends both rates always (0: none set), as devlink(8) shows them. */
        if (tb[DEVLINK_ATTR_RATE_TX_SHARE]) {
                rate.has_tx_share = true;
                rate.tx_share = nla_get_u64(tb[DEVLINK_ATTR_RATE_TX_SHARE]);
        }
        if (tb[DEVLINK_ATTR_RATE_TX_MAX]) {
                rate.has_tx_max = true;
                rate.tx_max = nla_get_u64(tb[DEVLINK_ATTR_RATE_TX_MAX]);
        }
        if (tb[DEVLINK_ATTR_RATE_PARENT_NODE_NAME]) {
                if (copy_name(rate.parent, sizeof(rate.parent),
                              tb[DEVLINK_ATTR_RATE_PARENT_NODE_NAME]) < 0)
                        return -EPROTO;
                rate.has_parent = rate.parent[0] != '\0';
        }
        *ret = rate;
        return 0;
}

const char *devlink_eswitch_mode_name(uint16_t mode)
{
        switch (mode) {
        case DEVLINK_ESWITCH_MODE_LEGACY: return "legacy";
        case DEVLINK_ESWITCH_MODE_SWITCHDEV: return "switchdev";
        default: return NULL;
        }
}
