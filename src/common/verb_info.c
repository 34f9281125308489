/*
 * The verbs that read the host and its domains, as xl's (verb.c holds
 * the table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "xlsh.h"
#include "verb_table.h"

const struct verb verb_list = {
	.id = V_LIST, .name = "list",
	.role = ROLE_READ_ONLY,
	.opts = { { 'l', "show each domain's configuration as JSON" },
		  { 'v', "also show UUID, reason code and label" },
		  JSON_OPT },
	.args = { DOMS("DOMAIN") },
	.summary = "list domains, as xl list does",
	.example = "list -v",
};

const struct verb verb_info = {
	.id = V_INFO, .name = "info",
	.role = ROLE_READ_ONLY,
	.opts = { JSON_OPT },
	.summary = "describe the host and the hypervisor",
	.example = "info",
};

const struct verb verb_uptime = {
	.id = V_UPTIME, .name = "uptime",
	.role = ROLE_READ_ONLY,
	.args = { DOMS("DOMAIN") },
	.opts = { JSON_OPT },
	.summary = "show how long domains have been running",
	.example = "uptime",
};

const struct verb verb_vcpu_list = {
	.id = V_VCPU_LIST, .name = "vcpu-list",
	.role = ROLE_READ_ONLY,
	.args = { DOMS("DOMAIN") },
	.opts = { JSON_OPT },
	.summary = "list the virtual cpus of domains",
	.example = "vcpu-list web",
};

const struct verb verb_domid = {
	.id = V_DOMID, .name = "domid",
	.role = ROLE_READ_ONLY,
	.args = { { .type = A_DOMAIN, .meta = "NAME" } },
	.summary = "print the id of the domain with this name",
	.example = "domid web",
};

const struct verb verb_domname = {
	.id = V_DOMNAME, .name = "domname",
	.role = ROLE_READ_ONLY,
	.args = { { .type = A_DOMID, .meta = "ID" } },
	.summary = "print the name of the domain with this id",
	.example = "domname 3",
};

const struct verb verb_templates = {
	.id = V_TEMPLATES, .name = "templates",
	.role = ROLE_READ_ONLY,
	.summary = "list the templates that create accepts",
	.example = "templates",
};

const struct verb verb_quota = {
	.id = V_QUOTA, .name = "quota", .flags = VF_SELF,
	.role = ROLE_NONE,
	.summary = "show your usage against your quotas",
	.example = "quota",
};

const struct verb verb_dmesg = {
	.id = V_DMESG, .name = "dmesg",
	.role = ROLE_POOL_OPERATOR,
	.opts = { { 'c', "clear the messages once they are read",
		    .role = ROLE_POOL_ADMIN, .modifies = 1 } },
	.summary = "show the hypervisor's messages",
	.example = "dmesg",
};

const struct verb verb_sched_credit2 = {
	.id = V_SCHED_CREDIT2, .name = "sched-credit2",
	.role = ROLE_READ_ONLY,
	.opts = { { 'd', "the domain to show or set", "domain",
		    A_DOMAIN, "DOMAIN" },
		  { 'w', "set its weight, 1 to 65535 (256 by "
		    "default)", "weight", A_WEIGHT, "WEIGHT",
		    ROLE_POOL_OPERATOR, 1 },
		  { 'c', "set its cap, in % of one cpu (0: none)",
		    "cap", A_CAP, "CAP", ROLE_POOL_OPERATOR, 1 },
		  { 's', "show the pool's scheduler parameters" } },
	.summary = "show credit2 weights and caps, or set a "
	    "domain's",
	.example = "sched-credit2 -d web -w 512",
};
