#!/bin/sh
# The helper checks again what the shell checks, and a hostile client
# ends only its own connection.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

RAW=$top_builddir/tests/rawreq
SOCK=$T/xlshd.sock
mkdir -m 700 -p "$STATE"
"$XLSHD" --sandbox --socket "$SOCK" --state "$STATE" --templates "$TEMPLATES" \
    2>"$T/xlshd.log" &
helper=$!
stop_helper() { kill "$helper" 2>/dev/null; wait "$helper" 2>/dev/null; }
cleanup_hooks=stop_helper
wait_socket "$SOCK"

run "$XLSH" --connect "$SOCK" -c "create tiny name=keep"
is "$rc" 0 "a domain to keep, through the socket"

# Words the tokenizer would refuse, sent as if it had passed them.
for w in 'list;bash' 'list$(id)' 'keep`id`' "$(printf 'ke\nep')" 'a b'; do
	run "$RAW" "$SOCK" req destroy "$w"
	is "$out" closed "the helper ends a session sent the word '$(printf %s "$w" | tr '\n' '?')'"
done
run "$RAW" "$SOCK" req destroy ""
is "$out" closed "an empty domain qualifier (libxl would read Domain-0) ends the session"
run "$RAW" "$SOCK" req destroy 0
like "$out" '^7 permission denied' "Domain-0 by id is refused by the helper"
run "$RAW" "$SOCK" req create tiny bootloader=/bin/sh
like "$out" '^2 create: ' "key=value overrides are refused by the helper"
run "$RAW" "$SOCK" req help
like "$out" '^2 help is answered by the shell' "builtins are not the helper's"
run "$RAW" "$SOCK" req nosuchverb
like "$out" "^2 unknown verb 'nosuchverb'" "unknown verbs refused by the helper"
run "$RAW" "$SOCK" req create ./x.cfg
like "$out" '^2 create: the text of' "a file create without its text"
run "$RAW" "$SOCK" early list
is "$out" closed "a request before hello ends the connection"
broken_frames "$SOCK"

# The daemon and other sessions go on.
run "$XLSH" --connect "$SOCK" -c "list keep"
is "$rc" 0 "the helper still serves"
like "$out" '^keep ' "and keep is untouched"
log=$(cat "$T/xlshd.log")
like "$log" 'not expected before hello' "the log gives the reason for an early request"
like "$log" 'frame over 65536 bytes' "and for an oversize frame"
like "$log" 'malformed request' "and for a bad word"

# Socket activation, as systemd's xlshd.socket starts the helper.
if command -v systemd-socket-activate >/dev/null 2>&1; then
	systemd-socket-activate -l "$T/act.sock" "$XLSHD" --sandbox \
	    --state "$STATE" --templates "$TEMPLATES" 2>"$T/act.log" &
	act=$!
	wait_socket "$T/act.sock"
	run "$XLSH" --connect "$T/act.sock" -c "list keep"
	is "$rc" 0 "a socket-activated helper serves"
	like "$(cat "$T/act.log")" 'listening on the activated socket' \
	    "on the socket it was given"
	kill "$act" 2>/dev/null
	wait "$act" 2>/dev/null
else
	pass "# SKIP socket activation: no systemd-socket-activate"
fi

done_testing
