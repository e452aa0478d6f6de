/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing the values of command-line keywords; exact forms only, as ip(8) takes them. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "parse-num.h"
#include "sriovctl.h"

int parse_uint_arg(const char *s, unsigned int max, unsigned int *ret)
{
        uint64_t v;

        if (sriov_parse_uint(s, max, &v) < 0)
                return -EINVAL;
        *ret = (unsigned int)v;
        return 0;
}

int parse_on_off(const char *s)
{
        if (strcmp(s, "on") == 0)
                return 1;
        if (strcmp(s, "off") == 0)
                return 0;
        return -1;
}

/* A user or group name, or a number. Returns 0 or -EINVAL. */
static int parse_id(const char *s, bool group, unsigned int *ret)
{
        if (parse_uint_arg(s, 0x7fffffff, ret) == 0)
                return 0;
        if (group) {
                struct group *gr = getgrnam(s);

                if (!gr)
                        return -EINVAL;
                *ret = gr->gr_gid;
        } else {
                struct passwd *pw = getpwnam(s);

                if (!pw)
                        return -EINVAL;
                *ret = pw->pw_uid;
        }
        return 0;
}

/* As chown(1): USER, USER:GROUP, :GROUP, and USER: for the user's login group. */
int parse_owner(const char *what, const char *s, uid_t *uid, gid_t *gid)
{
        const char *colon = strchr(s, ':');
        char user[256];
        unsigned int v;

        *uid = (uid_t)-1;
        *gid = (gid_t)-1;
        snprintf(user, sizeof(user), "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
        if (user[0]) {
                if (parse_id(user, false, &v) < 0)
                        return usage_error("%s: no user \"%s\"", what, user);
                *uid = (uid_t)v;
        }
        if (colon && colon[1]) {
                if (parse_id(colon + 1, true, &v) < 0)
                        return usage_error("%s: no group \"%s\"", what, colon + 1);
                *gid = (gid_t)v;
        } else if (colon && user[0]) {
                struct passwd *pw = getpwuid(*uid);

                if (!pw)
                        return usage_error("%s: user \"%s\" has no login group", what, user);
                *gid = pw->pw_gid;
        }
        if (*uid == (uid_t)-1 && *gid == (gid_t)-1)
                return usage_error("%s: \"%s\": expected USER[:GROUP] or :GROUP", what, s);
        return 0;
}
