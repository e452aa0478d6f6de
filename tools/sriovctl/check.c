/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl check: the host preflight. Exit 0 when nothing is a problem (warnings alone pass),
 * 1 when something is, so provisioning scripts can gate on it.
 */
#include "sriovctl.h"

int check_run(struct cli *cli, int argc, char **argv)
{
        struct sriov_check_report *report;
        enum sriov_check_severity worst;

        if (argc > 0)
                return usage_error("check: unexpected argument \"%s\"", argv[0]);
        if (sriov_host_check(cli->ctx, &report) < 0)
                return cli_fail(cli);
        if (cli->json)
                json_print(cli, json_check_report(report));
        else
                text_check_report(report);
        worst = sriov_check_report_get_worst(report);
        sriov_check_report_unref(report);
        return worst == SRIOV_CHECK_PROBLEM ? EXIT_FAILED : EXIT_OK;
}
