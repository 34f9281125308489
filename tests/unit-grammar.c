/*
 * Unit tests of the tokenizer, the grammar and the verb table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xlsh.h"
#include "tap.h"

static int
tok(const char *line, size_t len, struct words *w, char *err, size_t n)
{
	err[0] = '\0';
	return tokenize(line, len, w, err, n);
}

/* Tokenize and parse; returns 0 or -1 with the message in err. */
static int
cmd(const char *line, struct request *req, struct words *w, char *err,
    size_t n)
{
	if (tok(line, strlen(line), w, err, n) == -1)
		return -1;
	return parse_request(w->n, w->w, req, err, n);
}

static void
test_tokenizer(void)
{
	static const char *bad[] = {
		"list; bash", "list && sh", "list || sh", "list | sh",
		"list `id`", "list $(id)", "list ${HOME}", "list > /tmp/x",
		"list < /etc/passwd", "list 2>&1", "list 'a'b", "list \"a b\"",
		"list a\\ b", "f() { sh; }", "list *", "list ~", "list #x",
		"list !1", "list [a]", "list &",
	};
	static const char *ctl[] = {
		"list\nsh", "list\rsh", "list\vsh", "list\fsh", "list\x1b[2J",
	};
	struct words	 w;
	char		 err[256], *big;
	size_t		 i;

	ok(tok("  list   -v  web ", 17, &w, err, sizeof(err)) == 0 &&
	    w.n == 3 && strcmp(w.w[0], "list") == 0 &&
	    strcmp(w.w[1], "-v") == 0 && strcmp(w.w[2], "web") == 0,
	    "blanks separate words");
	ok(tok("\tvm-start\tvm=tiny", 17, &w, err, sizeof(err)) == 0 &&
	    w.n == 2 && strcmp(w.w[1], "vm=tiny") == 0, "tabs separate words");
	ok(tok("", 0, &w, err, sizeof(err)) == 0 && w.n == 0,
	    "an empty line has no words");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(tok(bad[i], strlen(bad[i]), &w, err, sizeof(err)) == -1 &&
		    strstr(err, "is not allowed") != NULL &&
		    strchr(err, '\n') == NULL,
		    "refused: %s (%s)", bad[i], err);
	ok(tok("list; bash", 10, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "column 5") != NULL, "the error names the column");
	for (i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++)
		ok(tok(ctl[i], strlen(ctl[i]), &w, err, sizeof(err)) == -1 &&
		    strstr(err, "control character") != NULL,
		    "control character %zu refused (%s)", i, err);
	ok(tok("list\0sh", 7, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "0x00") != NULL, "a NUL inside the line is refused");
	ok(tok("list \xc3\xa9", 7, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "ASCII") != NULL, "non-ASCII bytes are refused");

	big = malloc(XLSH_LINE_MAX + 2);
	memset(big, 'a', XLSH_LINE_MAX + 1);
	ok(tok(big, XLSH_LINE_MAX, &w, err, sizeof(err)) == 0 && w.n == 1,
	    "a line of exactly %d bytes is accepted", XLSH_LINE_MAX);
	ok(tok(big, XLSH_LINE_MAX + 1, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "too long") != NULL, "a longer line is refused");
	free(big);
	ok(tok("a b c d e f g h i j k l m n o p q", 33, &w, err,
	    sizeof(err)) == -1 && strstr(err, "too many words") != NULL,
	    "more than %d words are refused", XLSH_WORDS_MAX);
}

static void
test_grammar(void)
{
	struct words	w;
	struct request	r;
	char		err[256];

	ok(cmd("list -l -v", &r, &w, err, sizeof(err)) == 0 &&
	    r.verb->id == V_LIST && req_opt(&r, 'l') && req_opt(&r, 'v') &&
	    r.nargs == 0, "list -l -v");
	ok(cmd("list -lv web 3", &r, &w, err, sizeof(err)) == 0 &&
	    req_opt(&r, 'l') && req_opt(&r, 'v') && r.nargs == 2 &&
	    !r.args[0].is_id && r.args[1].is_id && r.args[1].num == 3,
	    "clustered options, a name and an id");
	ok(cmd("list -x", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "unknown option -x") != NULL, "unknown option");
	ok(cmd("list --long", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "unknown option '--long'") != NULL,
	    "unknown long options refused");
	ok(cmd("list --json", &r, &w, err, sizeof(err)) == 0 &&
	    req_opt(&r, 'j'), "list --json");
	ok(cmd("list -j", &r, &w, err, sizeof(err)) == -1,
	    "an option with a long form has only that");
	ok(cmd("pause --json web", &r, &w, err, sizeof(err)) == -1,
	    "--json only where the table has it");
	ok(cmd("frobnicate", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "unknown verb 'frobnicate'") != NULL, "unknown verb");
	ok(cmd("shutdown", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "missing DOMAIN") != NULL &&
	    strstr(err, "usage: shutdown [-w] [-F] DOMAIN") != NULL,
	    "missing argument gives the usage");
	ok(cmd("shutdown -w -F web", &r, &w, err, sizeof(err)) == 0 &&
	    req_opt(&r, 'w') && req_opt(&r, 'F'), "shutdown -w -F");
	ok(cmd("pause web extra", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "unexpected argument 'extra'") != NULL,
	    "extra argument");
	ok(cmd("mem-set web 128", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[1].num == 128 * 1024, "mem-set: no unit is MiB");
	ok(cmd("mem-set web 1g", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[1].num == 1024 * 1024, "mem-set: g");
	ok(cmd("mem-set web 2048k", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[1].num == 2048, "mem-set: k");
	ok(cmd("mem-set web 1048576b", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[1].num == 1024, "mem-set: b");
	ok(cmd("mem-set web lots", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "not a memory size") != NULL, "mem-set: not a size");
	ok(cmd("mem-set web 0", &r, &w, err, sizeof(err)) == -1,
	    "mem-set: zero refused");
	ok(cmd("mem-set web 12x", &r, &w, err, sizeof(err)) == -1,
	    "mem-set: unknown unit refused");
	ok(cmd("mem-set web 99999999999999999999", &r, &w, err,
	    sizeof(err)) == -1, "mem-set: overflow refused");
	ok(cmd("vcpu-set web 0", &r, &w, err, sizeof(err)) == -1 &&
	    cmd("vcpu-set web 129", &r, &w, err, sizeof(err)) == -1 &&
	    cmd("vcpu-set web 2", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[1].num == 2, "vcpu-set count range");
	ok(cmd("rename web 123", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "not a valid domain name") != NULL,
	    "an all-digit new name is refused");
	ok(cmd("rename web Domain-0", &r, &w, err, sizeof(err)) == -1 &&
	    strcmp(err, "rename: 'Domain-0' is reserved for the host's own "
	    "domain") == 0, "Domain-0 as a new name is refused as reserved");
	ok(cmd("create tiny name=Domain-0", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "is reserved") != NULL, "so is create's name=");
	ok(cmd("vm-install template=tiny new-name-label=Domain-0", &r, &w,
	    err, sizeof(err)) == -1 && strstr(err, "is reserved") != NULL,
	    "and vm-install's new-name-label=");
	ok(cmd("rename web -x", &r, &w, err, sizeof(err)) == -1,
	    "a name cannot look like an option");
	ok(cmd("pause 99999", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "not a domain name or id") != NULL,
	    "a domid beyond Xen's range is refused");
	ok(cmd("pause 4294967296", &r, &w, err, sizeof(err)) == -1,
	    "a wrapping domid is refused");
	ok(cmd("pause Domain-0", &r, &w, err, sizeof(err)) == 0,
	    "Domain-0 parses as a domain (the helper decides)");
	ok(cmd("domname abc", &r, &w, err, sizeof(err)) == -1,
	    "domname needs an id");
	ok(cmd("vm-start vm=tiny", &r, &w, err, sizeof(err)) == 0 &&
	    strcmp(r.args[0].str, "tiny") == 0, "vm-start vm=NAME");
	ok(cmd("vm-start", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "missing vm=") != NULL, "xe selector required");
	ok(cmd("vm-shutdown", &r, &w, err, sizeof(err)) == -1,
	    "vm-shutdown without a selector is refused");
	ok(cmd("vm-shutdown vm=", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "needs a value") != NULL, "an empty selector");
	ok(cmd("vm-shutdown web", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "expected vm=") != NULL, "a bare word for vm=");
	ok(cmd("vm-reboot vm=web", &r, &w, err, sizeof(err)) == 0 &&
	    r.verb->id == V_XE_VM_REBOOT && r.args[0].type == A_DOMAIN &&
	    strcmp(r.args[0].str, "web") == 0, "vm-reboot vm=DOMAIN");
	ok(cmd("vm-pause", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "missing vm=") != NULL,
	    "vm-pause without a selector is refused");
	ok(cmd("vm-unpause vm=3", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[0].is_id && r.args[0].num == 3, "vm-unpause vm=ID");
	ok(cmd("create tiny name=web", &r, &w, err, sizeof(err)) == 0 &&
	    r.nargs == 2 && strcmp(r.args[1].str, "web") == 0,
	    "create TEMPLATE name=NAME");
	ok(cmd("create tiny memory=9999", &r, &w, err, sizeof(err)) == -1,
	    "create refuses other key=value overrides");
	ok(cmd("create tiny bootloader=/bin/sh", &r, &w, err,
	    sizeof(err)) == -1, "create refuses bootloader=");
	ok(cmd("create ./my.cfg", &r, &w, err, sizeof(err)) == 0 &&
	    is_config_path(r.args[0].str), "create FILE");
	ok(cmd("help shutdown", &r, &w, err, sizeof(err)) == 0 &&
	    cmd("help nosuch", &r, &w, err, sizeof(err)) == -1,
	    "help takes a verb");
	ok(cmd("logout", &r, &w, err, sizeof(err)) == 0 &&
	    r.verb->id == V_EXIT, "logout is exit");
}

/* network-attach, network-detach and sysrq's arguments. */
static void
test_devices(void)
{
	struct words	w;
	struct request	r;
	char		err[256];

	ok(cmd("network-attach web bridge=xenbr0", &r, &w, err,
	    sizeof(err)) == 0 && r.nargs == 2 && r.args[1].type == A_BRIDGE &&
	    strcmp(r.args[1].str, "xenbr0") == 0, "network-attach bridge=");
	ok(cmd("network-attach web bridge=xenbr0 mac=00:16:3E:0a:0b:0c", &r,
	    &w, err, sizeof(err)) == 0 && r.nargs == 3 &&
	    r.args[2].mac[2] == 0x3e && r.args[2].mac[5] == 0x0c,
	    "mac= as six octets, either case");
	ok(cmd("network-attach web mac=00:16:3e:0a:0b:0c bridge=xenbr0", &r,
	    &w, err, sizeof(err)) == 0 && r.nargs == 3 &&
	    r.args[1].type == A_BRIDGE && strcmp(r.args[1].str, "xenbr0") == 0 &&
	    r.args[2].type == A_MAC && r.args[2].mac[5] == 0x0c,
	    "mac= before bridge=, as xl takes them: each in its place");
	ok(cmd("network-attach web mac=00:16:3e:0a:0b:0c", &r, &w, err,
	    sizeof(err)) == -1 && strstr(err, "missing bridge=") != NULL,
	    "mac= without bridge=: the bridge is missing");
	ok(cmd("network-attach web bridge=xenbr0 bridge=xenbr1", &r, &w, err,
	    sizeof(err)) == -1 && strstr(err, "bridge= is given twice") != NULL,
	    "bridge= twice: %s", err);
	ok(cmd("vm-install new-name-label=web template=tiny", &r, &w, err,
	    sizeof(err)) == 0 && r.nargs == 2 && r.args[0].type == A_TEMPLATE &&
	    strcmp(r.args[0].str, "tiny") == 0 && r.args[1].type == A_NEWNAME &&
	    strcmp(r.args[1].str, "web") == 0,
	    "xe's keys in any order: vm-install new-name-label= template=");
	ok(cmd("vm-param-get param-name=owner vm=web", &r, &w, err,
	    sizeof(err)) == 0 && r.args[0].type == A_VM &&
	    r.args[1].type == A_PARAM, "vm-param-get param-name= vm=");
	ok(cmd("create name=web tiny", &r, &w, err, sizeof(err)) == 0 &&
	    r.nargs == 2 && r.args[0].type == A_CONFIG &&
	    strcmp(r.args[1].str, "web") == 0, "create name=NAME TEMPLATE");
	ok(cmd("vm-start vm=a vm=b", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "vm= is given twice") != NULL, "vm= twice");
	ok(cmd("network-attach web bridge=xenbr0 mac=03:16:3e:0a:0b:0c", &r,
	    &w, err, sizeof(err)) == -1 && strstr(err, "unicast") != NULL,
	    "a group MAC is refused");
	ok(cmd("network-attach web bridge=xenbr0 script=/bin/sh", &r, &w,
	    err, sizeof(err)) == -1 &&
	    strstr(err, "script= is not accepted") != NULL,
	    "script= is refused by name: %s", err);
	ok(cmd("network-attach web bridge=a-very-long-bridge", &r, &w, err,
	    sizeof(err)) == -1, "a bridge name past IFNAMSIZ");
	ok(cmd("network-attach web", &r, &w, err, sizeof(err)) == -1 &&
	    strstr(err, "missing bridge=") != NULL, "the bridge is needed");
	ok(cmd("network-detach web 2", &r, &w, err, sizeof(err)) == 0 &&
	    !r.args[1].is_mac && r.args[1].num == 2, "network-detach DEVID");
	ok(cmd("network-detach web 00:16:3e:0a:0b:0c", &r, &w, err,
	    sizeof(err)) == 0 && r.args[1].is_mac && r.args[1].mac[3] == 0x0a,
	    "network-detach MAC");
	ok(cmd("network-detach web 65536", &r, &w, err, sizeof(err)) == -1,
	    "a devid past 65535");
	ok(cmd("sysrq web s", &r, &w, err, sizeof(err)) == 0 &&
	    r.args[1].type == A_SYSRQ && r.args[1].str[0] == 's',
	    "sysrq DOMAIN KEY");
	ok(cmd("sysrq web sb", &r, &w, err, sizeof(err)) == -1 &&
	    cmd("sysrq web .", &r, &w, err, sizeof(err)) == -1,
	    "one letter or digit");
	ok(sysrq_key('s') != NULL && sysrq_key('s')->role ==
	    ROLE_VM_OPERATOR && sysrq_key('c')->role == ROLE_POOL_ADMIN &&
	    sysrq_key('x') == NULL, "each key's role");
	ok(cmd("reboot -F web", &r, &w, err, sizeof(err)) == 0 &&
	    req_opt(&r, 'F'), "reboot -F");
}

static void
test_table(void)
{
	size_t	i, j;
	int	good = 1;
	char	u[160];

	for (i = 0; i < V__COUNT; i++) {
		if (verbs[i]->id != (enum verb_id)i || verbs[i]->name == NULL ||
		    verbs[i]->summary == NULL)
			good = 0;
		for (j = 0; j < V__COUNT; j++)
			if (i != j && (verb_lookup(verbs[i]->name) != verbs[i]))
				good = 0;
	}
	ok(good, "every verb has its id, a name and a summary, and "
	    "names are unique");
	verb_usage(verb_lookup("create"), u, sizeof(u));
	ok(strcmp(u, "create [-c] TEMPLATE|FILE [name=NAME]") == 0,
	    "usage of create: %s", u);
	verb_usage(verb_lookup("list"), u, sizeof(u));
	ok(strcmp(u, "list [-l] [-v] [--json] [DOMAIN ...]") == 0,
	    "usage of list: %s", u);
}

/* Options that take a value, and their roles. */
static void
test_option_values(void)
{
	static const char *bad[][2] = {
		{ "sched-credit2 -d", "option -d needs a DOMAIN" },
		{ "sched-credit2 --domain", "option -d needs a DOMAIN" },
		{ "sched-credit2 -d web -w 0", "'0' is not a weight" },
		{ "sched-credit2 -d web -w 65536", "'65536' is not a weight" },
		{ "sched-credit2 -d web -w x", "'x' is not a weight" },
		{ "sched-credit2 -d web -c -1", "'-1' is not a cap" },
		{ "sched-credit2 -d web -c 12801", "'12801' is not a cap" },
		{ "sched-credit2 -d 7x!", "is not allowed" },
		{ "sched-credit2 -d bad_name%", "is not a domain name" },
		{ "sched-credit2 --domain=", "'' is not a domain name" },
		{ "sched-credit2 --schedparam", "unknown option" },
		{ "sched-credit2 -s=1", "unknown option -=" },
		{ "sched-credit2 --weigh=5", "unknown option '--weigh=5'" },
		{ "list --json=1", "option '--json' takes no value" },
		{ "sched-credit2 web", "unexpected argument 'web'" },
		{ "vcpu-pin web 0", "missing CPUS|-" },
		{ "vcpu-pin web x 1", "Invalid argument x as VCPU" },
		{ "vcpu-pin web 128 1", "Invalid argument 128 as VCPU" },
		{ "vcpu-pin web 0 ^all", "Can't combine \"^\" and \"all\"." },
		{ "vcpu-pin web 0 1-x", "Invalid pcpu range: 1-x." },
		{ "vcpu-pin web 0 3-1", "Invalid pcpu range: 3-1." },
		{ "vcpu-pin web 0 0,,^", "Invalid pcpu range: ." },
		{ "vcpu-pin web 0 node:0", "NUMA nodes are not taken" },
		{ "vcpu-pin web 0 1 2 3", "unexpected argument '3'" },
		{ "vcpu-pin web 0 65536", "Invalid pcpu range: 65536." },
		{ "dmesg -x", "unknown option -x" },
	};
	struct request		 req;
	struct words		 w;
	const struct req_arg	*a;
	char			 err[256], u[160];
	size_t			 i;

	ok(cmd("sched-credit2 -d web -w 512 -c 50", &req, &w, err,
	    sizeof(err)) == 0 && req.nargs == 0 &&
	    (a = req_optv(&req, 'd')) != NULL && a->type == A_DOMAIN &&
	    strcmp(a->str, "web") == 0 && req_optv(&req, 'w')->num == 512 &&
	    req_optv(&req, 'c')->num == 50 && !req_opt(&req, 's'),
	    "sched-credit2 -d web -w 512 -c 50: typed values (%s)", err);
	ok(cmd("sched-credit2 --domain=web --weight 7 -c0", &req, &w, err,
	    sizeof(err)) == 0 && strcmp(req_optv(&req, 'd')->str, "web") ==
	    0 && req_optv(&req, 'w')->num == 7 &&
	    req_optv(&req, 'c')->num == 0, "--domain=web, --weight 7, -c0");
	ok(cmd("sched-credit2 -dweb -sd 3", &req, &w, err, sizeof(err)) == 0 &&
	    req_opt(&req, 's') && req_optv(&req, 'd')->is_id &&
	    req_optv(&req, 'd')->num == 3, "-dweb, then -sd 3: the last wins");
	ok(cmd("sched-credit2", &req, &w, err, sizeof(err)) == 0 &&
	    req_role(&req) == ROLE_READ_ONLY && !req_modifies(&req) &&
	    req_target(&req, 0) == NULL, "a plain listing is read-only's");
	ok(cmd("sched-credit2 -d web", &req, &w, err, sizeof(err)) == 0 &&
	    req_role(&req) == ROLE_READ_ONLY && !req_modifies(&req) &&
	    (a = req_target(&req, 0)) != NULL && strcmp(a->str, "web") == 0 &&
	    req_target(&req, 1) == NULL, "-d DOMAIN: its value is a target");
	ok(cmd("sched-credit2 -d web -w 5", &req, &w, err, sizeof(err)) == 0 &&
	    req_role(&req) == ROLE_POOL_OPERATOR && req_modifies(&req),
	    "-w needs pool-operator, and changes the host");
	ok(cmd("dmesg", &req, &w, err, sizeof(err)) == 0 &&
	    req_role(&req) == ROLE_POOL_OPERATOR && !req_modifies(&req),
	    "dmesg is pool-operator's, and reads");
	ok(cmd("dmesg -c", &req, &w, err, sizeof(err)) == 0 &&
	    req_role(&req) == ROLE_POOL_ADMIN && req_modifies(&req),
	    "dmesg -c is pool-admin's, and changes the host");
	ok(cmd("vcpu-pin web all 0-3,^2 -", &req, &w, err, sizeof(err)) ==
	    0 && req.nargs == 4 && req.args[1].all &&
	    strcmp(req.args[2].str, "0-3,^2") == 0 &&
	    strcmp(req.args[3].str, "-") == 0 &&
	    req_role(&req) == ROLE_VM_POWER_ADMIN && req_modifies(&req),
	    "vcpu-pin web all 0-3,^2 - (%s)", err);
	ok(cmd("vcpu-pin 3 127 all", &req, &w, err, sizeof(err)) == 0 &&
	    req.args[0].is_id && req.args[1].num == 127 && req.args[2].all,
	    "vcpu-pin 3 127 all");
	ok(cmd("vcpu-pin web 0 ,1,,2-3,", &req, &w, err, sizeof(err)) == 0,
	    "empty items are skipped, as xl's strtok skips them");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(cmd(bad[i][0], &req, &w, err, sizeof(err)) == -1 &&
		    strstr(err, bad[i][1]) != NULL &&
		    strchr(err, '\n') == NULL,
		    "refused: %s (%s)", bad[i][0], err);
	verb_usage(verb_lookup("sched-credit2"), u, sizeof(u));
	ok(strcmp(u, "sched-credit2 [-d DOMAIN] [-w WEIGHT] [-c CAP] [-s]") ==
	    0, "usage of sched-credit2: %s", u);
	verb_usage(verb_lookup("vcpu-pin"), u, sizeof(u));
	ok(strcmp(u, "vcpu-pin DOMAIN VCPU|all CPUS|- [SOFT-CPUS|-]") == 0,
	    "usage of vcpu-pin: %s", u);
}

/* Cpu lists as xl parses them, and as its print_bitmap prints them. */
static void
test_cpuset(void)
{
	static const char *cases[][3] = {
		/* list, cpus, printed */
		{ "0-3", "4", "all" },
		{ "0-3", "8", "0-3" },
		{ "all", "8", "all" },
		{ "all,^0", "4", "1-3" },
		{ "0-7,^2-3,^5", "8", "0-1,4,6-7" },
		{ "3,1", "4", "1,3" },
		{ "0,^0", "4", "none" },
		{ "^1,1", "4", "1" },
		{ "2-3", "4", "2-3" },
		{ "0", "1", "all" },
		{ "0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34", "40",
		  "0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,3..." },
	};
	uint8_t		map[8];
	char		err[160], out[48];
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		ok(cpuset_parse(cases[i][0], map, (uint32_t)atoi(cases[i][1]),
		    err, sizeof(err)) == 0 && (cpuset_format(map,
		    (uint32_t)atoi(cases[i][1]), out, sizeof(out)),
		    strcmp(out, cases[i][2]) == 0),
		    "%s of %s cpus prints %s (%s%s)", cases[i][0],
		    cases[i][1], cases[i][2], out, err);
	}
	ok(cpuset_parse("4", map, 4, err, sizeof(err)) == -1 &&
	    strcmp(err, "cpu 4 does not exist: the host has cpus 0 to 3") ==
	    0, "a cpu beyond the host's: %s", err);
	ok(cpuset_parse("0-9", map, 8, err, sizeof(err)) == -1 &&
	    strstr(err, "cpu 9 does not exist") != NULL,
	    "a range beyond the host's");
	ok(cpuset_check("0-65535", err, sizeof(err)) == 0 &&
	    cpuset_check("65536", err, sizeof(err)) == -1,
	    "numbers up to 65535");
}

int
main(void)
{
	test_tokenizer();
	test_grammar();
	test_devices();
	test_table();
	test_option_values();
	test_cpuset();
	return tap_done();
}
