#!/bin/sh
# Listings and completion among many VMs, as the helper answers them
# now: completion's names found by a prefix in the database, a listing
# decided once per verb where the policy allows it.  In the sandbox, a
# host of 2000 guests (their rows copied as bench/lib.sh copies them)
# and a few names at the edges of a prefix's range: each completion is
# exactly the names its prefix begins, in name order, and list shows
# every guest once, its times as printf's %8.1f.  In system mode,
# alice's and bob's 600 VMs each, ownership from the records alone
# (bob-600 is alice's), guests with no record and a damaged record of
# alice's: each member's list and completion hold exactly their own,
# under the shipped member rule, under a rule with a pattern and under
# one that gives the others' VMs and not one's own.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	fail "the sqlite3 shell is needed (apt-get install sqlite3)"
	done_testing
	exit 1
fi

# copies DB FROM NAME FIRST LAST OWNER: guests NAME-FIRST ... NAME-LAST
# made from the row of domain FROM, each with its record if OWNER is
# not empty ("-" for a record of nobody's), on a host made to hold them.
copies() {
	_own=
	[ -n "$5" ] && _own="WITH RECURSIVE i(n) AS (SELECT $3 UNION ALL
    SELECT n + 1 FROM i WHERE n < $4)
INSERT INTO vm SELECT printf('00000000-0000-4000-8000-%012d',
    (SELECT next_domid FROM sim_host) + n - $3), '$2-' || n,
    NULLIF('$5', '-'), persistent, template, config, maxmem_kb, maxvcpus,
    created_ms, created_by, saved FROM i, vm WHERE name = '$1';"
	sqlite3 -cmd '.timeout 10000' "$DB" "
BEGIN IMMEDIATE;
UPDATE sim_host SET memory_mib = memory_mib + ($4 - $3 + 1) * 200;
$_own
WITH RECURSIVE i(n) AS (SELECT $3 UNION ALL SELECT n + 1 FROM i WHERE n < $4)
INSERT INTO sim_dom SELECT (SELECT next_domid FROM sim_host) + n - $3,
    '$2-' || n, printf('00000000-0000-4000-8000-%012d',
    (SELECT next_domid FROM sim_host) + n - $3), type, mem_kb, maxmem_kb,
    vcpus, maxvcpus, on_poweroff, on_reboot, on_crash, created_ms,
    start_ms, paused, shutdown, reason, pending, pending_left_ms, cpu_ns,
    settled_ms FROM i, sim_dom WHERE name = '$1';
UPDATE sim_host SET next_domid = next_domid + $4 - $3 + 1;
COMMIT;"
}

# names FILE: the first word of each line but list's header, sorted.
names() { awk 'NR > 1 { print $1 }' "$1" | LC_ALL=C sort; }

# --- The sandbox: 2000 guests and the edges of a range. ---
x create tiny name=dom-0
is "$rc" 0 "a guest to copy"
DB=$STATE/xlsh.db
copies dom-0 dom 1 1999 "$(id -un)"
for n in web web-1 web.2 web_3 weba webz wex; do
	x create tiny name=$n >/dev/null
done
i=0
while [ $i -lt 2000 ]; do
	echo "dom-$i"
	i=$((i + 1))
done >"$T/doms"
printf '%s\n' web web-1 web.2 web_3 weba webz wex >>"$T/doms"

comp() { run "$XLSH" --sandbox --complete "$1"; }
comp 'pause dom-1'
is "$out" "$(grep '^dom-1' "$T/doms" | LC_ALL=C sort)" \
    "pause dom-1: exactly the 1111 names it begins, in name order"
comp 'pause dom-19'
is "$out" "$(grep '^dom-19' "$T/doms" | LC_ALL=C sort)" \
    "pause dom-19: its 111, the range ending before dom-1:"
comp 'pause dom-1999'
is "$out" "dom-1999" "a whole name gives itself"
comp 'pause web'
is "$out" "$(printf 'web\nweb-1\nweb.2\nweb_3\nweba\nwebz')" \
    "pause web: web and those it begins, not wex"
comp 'pause web-'
is "$out" "web-1" "pause web-: only web-1"
comp 'pause we'
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 7 "pause we: all seven"
comp 'pause '
LC_ALL=C sort "$T/doms" >"$T/all"
is "$out" "$(cat "$T/all")" \
    "pause with no prefix: every guest, all 2007, Domain-0 not"
comp 'list '
is "$out" "$(printf 'Domain-0\n%s' "$(cat "$T/all")" | LC_ALL=C sort)" \
    "list with no prefix: Domain-0 too"
comp 'pause zz'
is "$rc:$out" "0:" "a prefix no name begins gives none"

x list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list")" "$(printf 'Domain-0\n%s' "$(cat "$T/all")" |
    LC_ALL=C sort)" "list shows Domain-0 and every guest once"

# Times as printf's "%8.1f" of the float of the nanoseconds, ties to
# even: paused guests keep the cpu time they are given.
awk 'BEGIN { split("0 50000000 150000000 250000000 350000000 750000000 " \
    "1250000000 1099511627776 4611686018427387904 16777215", v)
	for (i = 1; i <= 10; i++) print i, v[i]
	srand(1)
	for (i = 11; i <= 40; i++) { k = int(rand() * 16777216)
		printf "%d %d\n", i, k * 2 ^ int(rand() * 38) } }' >"$T/times"
while read -r i ns; do
	echo "UPDATE sim_dom SET paused = 1, cpu_ns = $ns" \
	    "WHERE name = 'dom-$i';"
done <"$T/times" | sqlite3 -cmd '.timeout 10000' "$DB"
sqlite3 -separator ' ' "$DB" "SELECT name, domid, mem_kb / 1024, vcpus,
    cpu_ns FROM sim_dom WHERE paused = 1 ORDER BY domid" |
    awk '{ printf "%-40s %5d %5d %5d     --p---  %8.1f\n", $1, $2, $3,
	$4, $5 / 1e9 }' >"$T/want"
x list
printf '%s\n' "$out" | grep -e '--p---' >"$T/got"
is "$(cat "$T/got")" "$(cat "$T/want")" \
    "40 paused guests' lines as xl prints them, their times included"

# --- System mode: alice's, bob's and nobody's, by record. ---
pam_members alice:alice-secret bob:bob-secret admin:admin-secret
member_rule=$(shipped_member_rule)
policy() {
	{
		printf '%s\n' "$member_rule" | sed 's/:xlsh-members/alice/'
		printf '%s\n' "$member_rule" | sed 's/:xlsh-members/bob/'
		echo 'permit dom0 files admin as pool-admin'
		cat
	} >"$T/policy.conf"
	chmod 644 "$T/policy.conf"
}
policy </dev/null
SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0
A() { as alice alice-secret "$@"; }
B() { as bob bob-secret "$@"; }
ADM() { as admin admin-secret "$@"; }

A create tiny name=alice-0
is "$rc" 0 "alice creates alice-0"
B create tiny name=bob-0
is "$rc" 0 "bob creates bob-0"
DB=$T/state/xlsh.db
copies alice-0 alice 1 599 alice
copies bob-0 bob 1 599 bob
copies alice-0 bob 600 600 alice
copies alice-0 stray 1 50 ""
copies alice-0 nobody 1 50 -
{
	i=0
	while [ $i -lt 600 ]; do
		echo "alice-$i"
		i=$((i + 1))
	done
	echo bob-600
} | LC_ALL=C sort >"$T/alice"
i=0
while [ $i -lt 600 ]; do
	echo "bob-$i"
	i=$((i + 1))
done | LC_ALL=C sort >"$T/bob"

A list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list")" "$(cat "$T/alice")" \
    "alice's list: her 600 and bob-600, which is hers by its record"
B list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list")" "$(cat "$T/bob")" "bob's list: his 600, not bob-600"
ADM list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list" | wc -l | tr -d ' ')" 1302 \
    "an administrator's: all 1301 guests and Domain-0"
printf 'alice-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice --complete 'pause ' <"$T/in"
is "$out" "$(cat "$T/alice")" "alice completes exactly hers"
run "$XLSH" --connect "$SOCK" -l alice --complete 'pause bob' <"$T/in"
is "$out" "bob-600" "and of bob's names, only the one she owns"
printf 'bob-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l bob --complete 'pause bob-6' <"$T/in"
is "$out" "$(grep '^bob-6' "$T/bob")" "bob's bob-6...: his, not bob-600"
run "$XLSH" --connect "$SOCK" -l bob --complete 'pause stray' <"$T/in"
is "$out" "" "a guest with no record is no member's"

# A damaged record of alice's: every domain is decided alone, and the
# damaged one is left out of her listings.
sqlite3 "$DB" "UPDATE vm SET maxvcpus = 0 WHERE name = 'alice-7'"
A list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list")" "$(grep -vx alice-7 "$T/alice")" \
    "with alice-7's record damaged, alice's list is the rest of hers"
printf 'alice-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice --complete 'pause alice-7' <"$T/in"
is "$out" "$(grep '^alice-7' "$T/alice" | grep -vx alice-7)" \
    "and so is her completion"
sqlite3 "$DB" "UPDATE vm SET maxvcpus = 1 WHERE name = 'alice-7'"

# A pattern in a rule for the verb: each domain decided by name too.
stop_helper
policy <<'EOF'
permit bob on stray-1* verb list
EOF
system_helper "$SOCK" --fail-delay 0
B list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list")" "$( (cat "$T/bob"; echo stray-1
    i=10; while [ $i -le 19 ]; do echo "stray-$i"; i=$((i + 1)); done) |
    LC_ALL=C sort)" "bob with a pattern rule: his own and stray-1*"

# The others' VMs and not one's own: decided domain by domain.
stop_helper
policy <<'EOF'
permit bob verb list
deny bob on own verb list
EOF
system_helper "$SOCK" --fail-delay 0
B list
printf '%s\n' "$out" >"$T/list"
is "$(names "$T/list" | grep -c '^bob-')" 1 \
    "bob denied his own: of the bob-* only bob-600, alice's"
like "$(names "$T/list" | tr '\n' ' ')" '^Domain-0 alice-0 alice-1 ' \
    "and all the others', Domain-0 first"
is "$(names "$T/list" | wc -l | tr -d ' ')" 702 \
    "702 in all: Domain-0, alice's 601, 100 with no owner"

done_testing
