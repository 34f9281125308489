#!/bin/sh
# The lifecycle of domains through `xlsh --sandbox -c`, each call a new
# shell and a new helper: the state lives in the sandbox's files.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

HEADER=$(printf 'Name                                        ID   Mem VCPUs\tState\tTime(s)')
ROW='^[A-Za-z0-9._-]+ +[0-9]+ +[0-9]+ +[0-9]+     [-r][-b][-p][-s][-rscwS?][-d] +[0-9]+\.[0-9]$'

x list
is "$rc" 0 "list on a new sandbox succeeds"
is "$(printf '%s\n' "$out" | head -n 1)" "$HEADER" "list header is xl's, tabs included"
like "$(row Domain-0)" '^Domain-0 +0  2048     4     r----- +[0-9]+\.[0-9]$' \
    "Domain-0 is listed as xl lists it"

x create tiny name=alpha
is "$rc" 0 "create tiny name=alpha"
like "$err" '^Parsing config from tiny$' "create says which config it parses"
x create small name=beta
is "$rc" 0 "create small name=beta"

x list
like "$(row alpha)" "$ROW" "alpha's row has xl's layout"
like "$(row alpha)" '^alpha +1 +128 +1 ' "alpha: id 1, 128 MiB, 1 vcpu"
like "$(row beta)" '^beta +2 +256 +1 ' "beta: id 2, 256 MiB, 1 vcpu"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 4 "header, Domain-0 and two guests"
is "$(printf '%s\n' "$(row alpha)" | cut -c1-41)" "$(printf '%-40s ' alpha)" \
    "names are padded to 40 columns"

x list -v alpha
like "$out" "$(printf 'Time\\(s\\)   UUID                            Reason-Code\tSecurity Label')" \
    "list -v header"
like "$(row alpha)" ' [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}        - +-$' \
    "list -v row: UUID, reason code '-', label '-'"

x pause alpha
is "$rc" 0 "pause alpha"
x list alpha
like "$(row alpha)" ' --p--- ' "paused: state letter p"
x unpause alpha
is "$rc" 0 "unpause alpha"
x list alpha
like "$(row alpha)" ' [-r][-b]-{4} ' "unpaused: no p"

x mem-set beta 128
is "$rc" 0 "mem-set beta 128"
x list beta
like "$(row beta)" '^beta +2 +128 ' "Mem column is 128"
x mem-set beta 1g
is "$rc" 1 "mem-set above maxmem fails"
like "$err" '^xlsh: .*memory_static_max' "with libxl's reason"
x mem-max beta 64
is "$rc" 1 "mem-max below the current memory fails"
like "$err" '^xlsh: memory_static_max must be greater than or equal to memory_dynamic_max$' \
    "with libxl's reason"
x mem-max beta 512m
is "$rc:$out:$err" "0::" "mem-max beta 512m"
x mem-set beta 384
is "$rc" 0 "then mem-set may give beta more than its first maxmem"
x list beta
like "$(row beta)" '^beta +2 +384 ' "Mem column is 384"
x mem-set beta 128
is "$rc" 0 "and less again"
x list -l beta
is "$rc" 0 "list -l beta"
is "$(printf '%s\n' "$out" | head -n 1)" "[" "list -l prints a JSON array"
like "$out" '^        "domid": 2,$' "with libxl's layout: the domid"
like "$out" '^                "name": "beta",?$' "the name in c_info"
like "$out" '^                "target_memkb": 131072,?$' "the memory target in KiB"
like "$out" '^            "on_crash": "preserve"' "small's on_crash"
x list -l Domain-0
like "$out" '^                "name": "Domain-0"$' "Domain-0's configuration, as libxl gives it"
like "$out" '^                    "sched": "credit2",$' "with the scheduler's parameters"
x vcpu-set beta 2
is "$rc" 0 "vcpu-set beta 2 (maxvcpus 2)"
x list beta
like "$(row beta)" '^beta +2 +128 +2 ' "VCPUs column is 2"
x vcpu-set beta 3
is "$rc" 1 "vcpu-set beyond maxvcpus fails"

x rename alpha gamma
is "$rc" 0 "rename alpha gamma"
x list
is "$(row alpha)" "" "alpha is no longer listed"
like "$(row gamma)" '^gamma +1 ' "gamma keeps domid 1"
x rename gamma beta
is "$rc" 1 "rename to a name in use fails"
like "$err" 'already exists' "saying the name is in use"

x domid gamma
is "$out" 1 "domid gamma"
x domid Domain-0
is "$out" 0 "domid Domain-0"
x domname 2
is "$out" beta "domname 2"
x domid nosuch
is "$rc" 1 "domid of a missing domain fails"

x uptime
like "$(printf '%s\n' "$out" | head -n 1)" '^Name {29} +ID Uptime$' "uptime header"
like "$out" "$(printf '\ngamma {28} +1  0:00:[0-9]{2}')" "uptime row for gamma"
x vcpu-list beta
like "$(printf '%s\n' "$out" | head -n 1)" \
    '^Name {28} +ID +VCPU +CPU State +Time\(s\) Affinity \(Hard / Soft\)$' \
    "vcpu-list header"
is "$(printf '%s\n' "$out" | grep -c '^beta ')" 2 "one row per vcpu"
like "$out" 'all / all' "affinity printed as xl does"
x info
like "$out" '^host                   : xlsh-sandbox$' "info: host field layout"
like "$out" '^xen_version            : 4\.17' "info: xen_version"
is "$(printf '%s\n' "$out" | tail -n 1)" "xend_config_format     : 4" \
    "info ends with xend_config_format"

x shutdown -w gamma
is "$rc" 0 "shutdown -w gamma"
like "$err" 'Domain 1 has been shut down, reason code 0' "shutdown -w waits for the end, as xl says it"
x list
is "$(row gamma)" "" "gamma is gone after shutdown -w"

x destroy beta
is "$rc" 0 "destroy beta"
x list
is "$(row beta)" "" "beta is gone after destroy"

x create tiny
is "$rc" 0 "create tiny: named after its template"
x create tiny
is "$rc" 1 "a second domain named tiny fails"
like "$err" 'Domain with name "tiny" already exists' "name in use"
x vm-pause vm=tiny
is "$rc:$out:$err" "0::" "vm-pause vm=tiny, silently"
x list tiny
like "$(row tiny)" ' --p--- ' "tiny is paused"
x vm-unpause vm=3
is "$rc" 0 "vm-unpause vm=3, by id"
x list tiny
unlike "$(row tiny)" ' --p--- ' "tiny runs again"
x vm-pause vm=nosuch
is "$rc" 1 "vm-pause of a domain that does not exist"
like "$err" "Domain 'nosuch' does not exist" "says so"
x vm-reboot vm=tiny
is "$rc:$out:$err" "0::" "vm-reboot vm=tiny asks it to reboot"
sleep 2
x list tiny
like "$(row tiny)" '^tiny +4 ' "and tiny comes back as domain 4"
x vm-shutdown vm=tiny
is "$rc" 0 "vm-shutdown vm=tiny waits"
x list tiny
is "$rc" 1 "tiny is gone"
like "$err" "Domain 'tiny' does not exist" "no such domain"

# The hypervisor's messages: the simulated host's boot, as xl shows it.
x dmesg
is "$rc" 0 "dmesg"
like "$out" '^\(XEN\) Xen version 4\.17\.7 ' "dmesg: Xen's version line"
like "$out" '^\(XEN\) Brought up 4 CPUs$' "the host's cpus"
like "$out" '^\(XEN\) System RAM: 16384MB \(16777216kB\)$' "and memory"
like "$out" '^ \\ \\/ /___ _ __ ' "Xen's banner, its backslashes as they are"
is "$err" "" "nothing on standard error"

# A file of the user's own.
cat >"$T/big.cfg" <<'CFG'
name = "huge"
memory = 20000
CFG
x create "$T/big.cfg"
is "$rc" 1 "a domain larger than free memory fails"
like "$err" 'not enough free memory' "saying so"
cat >"$T/mine.cfg" <<'CFG'
name = "mine"
memory = 64
vcpus = 2
CFG
x create "$T/mine.cfg"
is "$rc" 0 "create FILE"
x list mine
like "$(row mine)" '^mine +[0-9]+ +64 +2 ' "from the user's own xl.cfg"
printf 'name = "bad"\nmemory = = 3\n' >"$T/bad.cfg"
x create "$T/bad.cfg"
is "$rc" 1 "a broken xl.cfg fails"
like "$err" 'bad\.cfg' "naming the file"
x create "$T/missing.cfg"
is "$rc" 1 "a missing file fails"
like "$err" 'cannot open' "saying so"
printf 'name = "Domain-0"\nmemory = 64\n' >"$T/dom0.cfg"
x create "$T/dom0.cfg"
like "$err" 'name: "Domain-0" is reserved for the host.s own domain$' \
    "a file's name= of Domain-0 is refused as reserved"
x rename mine Domain-0
is "$err" "xlsh: rename: 'Domain-0' is reserved for the host's own domain" \
    "so is renaming a domain Domain-0"

# Commands on standard input, as from a script: the last status wins.
printf 'create tiny name=piped\nlist piped\n' | "$XLSH" --sandbox >"$T/out" 2>"$T/err"
is "$?" 0 "commands read from standard input"
out=$(cat "$T/out")
like "$(row piped)" '^piped ' "ran one after the other"
printf 'list piped\ndestroy nosuch\n' | "$XLSH" --sandbox >/dev/null 2>&1
is "$?" 1 "the status is the last command's"

# xe's lifecycle: an installed VM keeps its record while halted.
x vm-install template=small new-name-label=kept
is "$rc" 0 "vm-install template=small new-name-label=kept"
like "$out" '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' \
    "prints the new VM's uuid"
uuid=$out
x vm-param-get vm=kept param-name=power-state
is "$out" halted "installed halted"
x vm-list
like "$out" "^uuid \\( RO\\)           : $uuid\$" "vm-list: xe's uuid line"
like "$out" '^     name-label \( RW\): kept$' "its name-label"
like "$out" '^    power-state \( RO\): halted$' "its power-state"
x list kept
is "$rc" 1 "a halted VM is no domain for xl's list"
x vm-start vm=kept
is "$rc:$out" "0:" "vm-start vm=kept"
x vm-param-get vm=kept param-name=power-state
is "$out" running "running"
x list kept
like "$(row kept)" '^kept +[0-9]+ +256 +1 ' "a domain from its template"
x vm-shutdown vm=kept
is "$rc" 0 "vm-shutdown vm=kept"
x vm-param-get vm=kept param-name=power-state
is "$out" halted "halted again, not gone"
x vm-start vm="$uuid"
is "$rc" 0 "vm-start by uuid"
x vm-param-get vm=kept param-name=uuid
is "$out" "$uuid" "the same uuid"
x vm-param-get vm=kept param-name=memory-static-max
is "$out" 536870912 "memory-static-max in bytes (maxmem 512)"
x vm-param-get vm=kept param-name=VCPUs-max
is "$out" 2 "VCPUs-max"
x vm-param-get vm=kept param-name=owner
is "$out" "$(id -un)" "the sandbox's user owns it"
x vm-start vm=kept
is "$rc" 1 "a running VM is not started twice"
like "$err" 'is running, not halted' "saying so"
x vm-install template=tiny new-name-label=kept
is "$rc" 1 "vm-install: the name is taken"
x create tiny name=kept
is "$rc" 1 "create: so it is for create"
x destroy kept
is "$rc" 0 "destroy leaves an installed VM halted"
x vm-param-get vm=kept param-name=power-state
is "$out" halted "halted"
x vm-uninstall vm=kept
is "$rc" 1 "vm-uninstall from -c needs --force"
like "$err" 'add --force' "saying so"
x vm-uninstall --force vm=kept
is "$rc" 0 "vm-uninstall --force"
x vm-param-get vm=kept param-name=uuid
is "$rc" 1 "the record is gone"
like "$err" 'No matching VMs found for vm=kept' "in xe's words"
x vm-start vm=alpha
is "$rc" 1 "vm-start is for installed VMs"

# A domain made by create ends with its record: its name is free again.
x create tiny name=again
x destroy again
x create tiny name=again
is "$rc" 0 "a destroyed domain's name can be created again"
x host-list
like "$out" '^uuid \( RO\)                : [0-9a-f-]{36}$' "host-list: the host's uuid"
like "$out" '^          name-label \( RW\): ' "and name-label"
x quota
like "$out" '^VMs ' "quota shows the VMs"

x pause Domain-0
is "$rc" 1 "Domain-0 is not a target"
like "$err" 'permission denied' "permission denied"
x destroy 0
is "$rc" 1 "nor is domid 0"
x pause 77
is "$rc" 1 "a domid that does not exist"
like "$err" "Domain '77' does not exist" "is not taken on trust"

done_testing
