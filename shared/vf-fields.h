/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The names of a VF's settings (the SRIOV_VF_CONFIG_* fields), one table for all: the library's
 * messages name a field by them ("set vlan 5000: out of range"), and sriovctl's JSON, its
 * documents and its plans use the same keys, so that an error and the document it came from
 * agree. Words for people (text output) and iproute2's keywords (vf set) are sriovctl's own.
 */
#ifndef SHARED_VF_FIELDS_H
#define SHARED_VF_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#define SRIOV_VF_FIELDS 10

/* "mac", "vlan", ... "query_rss" for one SRIOV_VF_CONFIG_* bit; NULL for anything else. */
const char *sriov_vf_field_name(uint32_t bit);
/* The bit named @name, or 0. */
uint32_t sriov_vf_field_by_name(const char *name);
/* The order a VF object shows them in (vf show -j, dump): MAC, VLAN and its QoS and protocol,
 * the flags, link state, the rates, query_rss. Bit order is the order the library sends them. */
extern const uint32_t sriov_vf_field_show_order[SRIOV_VF_FIELDS];

#endif
