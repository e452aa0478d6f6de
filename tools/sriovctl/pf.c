/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl pf ...: physical functions. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sriovctl.h"

static int pf_list(struct cli *cli, int argc, char **argv)
{
        struct sriov_pf_list *list;
        int r;

        (void)argv;
        if (argc > 0)
                return usage_error("pf list: unexpected argument \"%s\"", argv[0]);
        r = sriov_pf_list_new(cli->ctx, &list);
        if (r < 0)
                return cli_fail(cli);
        if (cli->json) {
                json_print(cli, json_pf_list(list));
        } else {
                text_pf_list(list);
        }
        /* A person at a terminal on a host without SR-IOV gets told why the list is empty;
         * a script reading the output gets the same nothing (or []) as ever. */
        if (sriov_pf_list_get_count(list) == 0 && isatty(STDOUT_FILENO))
                fputs("sriovctl: no SR-IOV capable PCI function on this host: no device has "
                      "sriov_totalvfs (is the NIC's driver loaded, and SR-IOV enabled in its "
                      "firmware or BIOS?); sriovctl check says more\n",
                      stderr);
        sriov_pf_list_unref(list);
        return EXIT_OK;
}

static int pf_show(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf **vfs;
        struct sriov_pf *pf;
        size_t n;

        if (argc != 1)
                return usage_error("pf show: expected one PF, as in: sriovctl pf show eth0");
        if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                return cli_fail(cli);
        n = pf_collect_vfs(cli, pf, &vfs);
        if (cli->json)
                json_print(cli, json_pf_show(pf, vfs, n));
        else
                text_pf_show(pf, vfs, n);
        vfs_free(vfs, n);
        sriov_pf_unref(pf);
        return cli->dropped ? EXIT_FAILED : EXIT_OK;
}

/* What `pf set` was asked for. */
struct pf_set_args {
        bool have_numvfs;
        unsigned int numvfs;
        int autoprobe;             /* -1: leave as it is */
        struct sriov_eswitch esw; /* mask 0: leave it */
};

/* The keywords of pf set, each also by its key in the document and pf show's JSON; in the
 * order of enum pf_word. */
enum pf_word { PF_NUMVFS, PF_AUTOPROBE, PF_ESWITCH, PF_INLINE_MODE, PF_ENCAP_MODE };
static const struct pf_word_name {
        const char *word, *key;
} pf_words[] = {
        [PF_NUMVFS] = { "numvfs", "num_vfs" },
        [PF_AUTOPROBE] = { "autoprobe", "drivers_autoprobe" },
        [PF_ESWITCH] = { "eswitch", "eswitch_mode" },
        [PF_INLINE_MODE] = { "inline-mode", "eswitch_inline_mode" },
        [PF_ENCAP_MODE] = { "encap-mode", "eswitch_encap_mode" },
};

/* eswitch MODE, inline-mode MODE, encap-mode MODE: devlink dev eswitch set's words. */
static int parse_eswitch_word(enum pf_word word, const char *value, struct sriov_eswitch *e)
{
        static const struct {
                uint32_t field;
                const char *choices;
        } words[] = {
                [PF_ESWITCH] = { SRIOV_ESWITCH_MODE, "legacy or switchdev" },
                [PF_INLINE_MODE] = { SRIOV_ESWITCH_INLINE_MODE, "none, link, network or transport" },
                [PF_ENCAP_MODE] = { SRIOV_ESWITCH_ENCAP_MODE, "none or basic" },
        };
        int v = sriov_eswitch_value_from_string(words[word].field, value);

        if (v < 0)
                return usage_error("pf set: %s \"%s\": expected %s", pf_words[word].word, value,
                                   words[word].choices);
        e->mask |= words[word].field;
        if (words[word].field == SRIOV_ESWITCH_MODE)
                e->mode = v;
        else if (words[word].field == SRIOV_ESWITCH_INLINE_MODE)
                e->inline_mode = v;
        else
                e->encap_mode = v;
        return 0;
}

static int parse_pf_set(int argc, char **argv, struct pf_set_args *a)
{
        *a = (struct pf_set_args){ .autoprobe = -1 };
        for (int i = 0; i < argc; i += 2) {
                const struct pf_word_name *w;
                struct match m;
                int r;

                match_start(&m, argv[i]);
                for (size_t k = 0; k < sizeof(pf_words) / sizeof(pf_words[0]); k++) {
                        match_offer(&m, pf_words[k].word, &pf_words[k]);
                        match_offer(&m, pf_words[k].key, &pf_words[k]);
                }
                w = match_end(&m, "pf set");
                if (!w)
                        return m.ambiguous ? EXIT_USAGE
                                           : usage_error("pf set: unknown keyword \"%s\" (numvfs, "
                                                         "autoprobe, eswitch, inline-mode, "
                                                         "encap-mode)",
                                                         argv[i]);
                if (i + 1 >= argc)
                        return usage_error("pf set: \"%s\" needs a value", w->word);
                switch ((enum pf_word)(w - pf_words)) {
                case PF_NUMVFS:
                        if (parse_uint_arg(argv[i + 1], 65535, &a->numvfs) < 0)
                                return usage_error("pf set: numvfs \"%s\": not a number of VFs",
                                                   argv[i + 1]);
                        a->have_numvfs = true;
                        break;
                case PF_AUTOPROBE:
                        a->autoprobe = parse_on_off(argv[i + 1]);
                        if (a->autoprobe < 0)
                                return usage_error("pf set: autoprobe \"%s\": expected on or off",
                                                   argv[i + 1]);
                        break;
                default:
                        r = parse_eswitch_word((enum pf_word)(w - pf_words), argv[i + 1], &a->esw);
                        if (r)
                                return r;
                }
        }
        if (!a->have_numvfs && a->autoprobe < 0 && !a->esw.mask)
                return usage_error("pf set: nothing to set (numvfs N, autoprobe on|off, eswitch "
                                   "legacy|switchdev)");
        return 0;
}

static void print_pf_set(struct cli *cli, struct sriov_pf *pf, unsigned int old_n,
                         int old_autoprobe, const struct pf_set_args *a, int esw_changed,
                         const char *old_mode)
{
        unsigned int new_n = a->have_numvfs ? a->numvfs : old_n;
        int new_autoprobe = a->autoprobe >= 0 ? a->autoprobe : old_autoprobe;
        bool changed = new_n != old_n || new_autoprobe != old_autoprobe || esw_changed > 0;
        const char *mode = a->esw.mask & SRIOV_ESWITCH_MODE ? cli_eswitch_word(&a->esw,
                                                                               SRIOV_ESWITCH_MODE)
                                                            : old_mode;

        if (cli->json) {
                json_print(cli, json_pf_set(pf, changed, cli->dry_run,
                                            new_n, old_n, new_autoprobe,
                                            a->esw.mask ? mode : NULL, old_mode));
                return;
        }
        if (!cli->dry_run)
                return; /* like ip(8): success is silent */
        if (!changed)
                printf("PF %s: nothing to change\n", sriov_pf_get_name(pf));
        if (esw_changed > 0)
                printf("would set PF %s eswitch%s%s%s%s%s%s (now %s)\n", sriov_pf_get_name(pf),
                       a->esw.mask & SRIOV_ESWITCH_MODE ? " mode " : "",
                       a->esw.mask & SRIOV_ESWITCH_MODE ? mode : "",
                       a->esw.mask & SRIOV_ESWITCH_INLINE_MODE ? " inline-mode " : "",
                       a->esw.mask & SRIOV_ESWITCH_INLINE_MODE
                               ? cli_eswitch_word(&a->esw, SRIOV_ESWITCH_INLINE_MODE)
                               : "",
                       a->esw.mask & SRIOV_ESWITCH_ENCAP_MODE ? " encap-mode " : "",
                       a->esw.mask & SRIOV_ESWITCH_ENCAP_MODE
                               ? cli_eswitch_word(&a->esw, SRIOV_ESWITCH_ENCAP_MODE)
                               : "",
                       old_mode ? old_mode : "unknown");
        if (new_autoprobe != old_autoprobe)
                printf("would set PF %s drivers_autoprobe %s -> %s\n",
                       sriov_pf_get_name(pf), old_autoprobe ? "on" : "off",
                       new_autoprobe ? "on" : "off");
        if (new_n != old_n)
                printf("would set PF %s sriov_numvfs %u -> %u%s\n", sriov_pf_get_name(pf),
                       old_n, new_n, old_n && new_n ? " (through 0, keeping VF settings)" : "");
}

/* The eswitch refused after the VFs changed: put the VFs back as they were, and say so. */
static void put_back_num_vfs(struct cli *cli, struct sriov_pf *pf, unsigned int old_n,
                             int old_autoprobe, unsigned int flags)
{
        unsigned int back = (flags & (SRIOV_FORCE | SRIOV_DRY_RUN)) |
                            (old_autoprobe == 1   ? SRIOV_AUTOPROBE_ON
                             : old_autoprobe == 0 ? SRIOV_AUTOPROBE_OFF
                                                  : 0);

        if (flags & SRIOV_DRY_RUN || (sriov_pf_get_num_vfs(pf) == old_n &&
                                      sriov_pf_get_drivers_autoprobe(pf) == old_autoprobe))
                return;
        if (sriov_pf_set_num_vfs(pf, old_n, back) < 0)
                fprintf(stderr, "sriovctl: putting back %u VFs failed too: %s\n", old_n,
                        sriov_ctx_get_error(cli->ctx));
        else
                fprintf(stderr, "sriovctl: PF %s: put back %u VFs as before\n",
                        sriov_pf_get_name(pf), old_n);
}

static int pf_set(struct cli *cli, int argc, char **argv)
{
        struct pf_set_args a;
        struct sriov_pf *pf;
        unsigned int flags = 0, old_n;
        int old_autoprobe, r, esw_changed = 0;
        const char *old_mode = NULL;

        if (argc < 1)
                return usage_error("pf set: expected a PF, as in: sriovctl pf set eth0 numvfs 4");
        r = parse_pf_set(argc - 1, argv + 1, &a);
        if (r)
                return r;
        if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                return cli_fail(cli);
        old_n = sriov_pf_get_num_vfs(pf);
        old_autoprobe = sriov_pf_get_drivers_autoprobe(pf);
        if (cli->force)
                flags |= SRIOV_FORCE;
        if (cli->dry_run)
                flags |= SRIOV_DRY_RUN;
        if (a.autoprobe == 1)
                flags |= SRIOV_AUTOPROBE_ON;
        else if (a.autoprobe == 0)
                flags |= SRIOV_AUTOPROBE_OFF;
        if (a.esw.mask) {
                struct sriov_eswitch now;

                /* What is there now, for the output; a PF without an eswitch fails below. */
                if (cli_pf_eswitch(pf, &now) && (now.mask & SRIOV_ESWITCH_MODE))
                        old_mode = cli_eswitch_word(&now, SRIOV_ESWITCH_MODE);
        }
        if (a.have_numvfs || a.autoprobe >= 0) {
                r = sriov_pf_set_num_vfs(pf, a.have_numvfs ? a.numvfs : old_n, flags);
                if (r < 0) {
                        sriov_pf_unref(pf);
                        return cli_fail(cli);
                }
        }
        /* After the VFs: drivers want them first, and netdevsim forgets switchdev without. */
        if (a.esw.mask) {
                esw_changed = sriov_pf_set_eswitch(pf, &a.esw, flags & ~SRIOV_AUTOPROBE_ON &
                                                               ~SRIOV_AUTOPROBE_OFF);
                if (esw_changed < 0) {
                        r = cli_fail(cli);
                        put_back_num_vfs(cli, pf, old_n, old_autoprobe, flags);
                        sriov_pf_unref(pf);
                        return r;
                }
        }
        print_pf_set(cli, pf, old_n, old_autoprobe, &a, esw_changed, old_mode);
        sriov_pf_unref(pf);
        return EXIT_OK;
}

const struct command pf_commands[] = {
        { "list", pf_list, "list", "list the SR-IOV capable physical functions" },
        { "show", pf_show, "show PF", "show one PF and its VFs" },
        { "set", pf_set,
          "set PF [numvfs N] [autoprobe on|off] [eswitch legacy|switchdev] "
          "[inline-mode MODE] [encap-mode MODE]",
          "create, resize or remove VFs; whether new VFs get a host driver; the eswitch mode "
          "(devlink), set after the VFs" },
        {},
};
