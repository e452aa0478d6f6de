#!/bin/bash
# sriov-cni's own network configs (tests/cni/sriov-cni/, with what sriov-cni does with each in
# EXPECTED) through libsriov-cni: the yardstick for "an existing NetworkAttachmentDefinition works".
#   ADD  a config sriov-cni accepts must get past parsing and fail only at the device (the
#        deviceID, set as Multus sets it, names no device of this host); one it refuses must be
#        refused with the code EXPECTED names (7 config, 1 version, 6 not JSON).
#   DEL  of an attachment never made must succeed as sriov-cni's does (no IPAM plugin to run:
#        sriov-cni runs none when ADD left nothing), or be refused as EXPECTED says.
# Prints a table and exits 1 on any FAIL. Needs root: it runs in a private mount namespace with
# tmpfs over /run and /var/lib/cni (or /var/lib when there is no /var/lib/cni), so the
# host's /run/libsriov, /var/lib/cni and /run/netns are never seen or touched.
#   test-sriov-cni-configs.sh PLUGIN [CORPUS_DIR]
set -u
plugin=$(readlink -f "$1")
corpus=$(readlink -f "${2:-$(dirname "$0")/sriov-cni}")

if [ "$(id -u)" != 0 ]; then
        echo "FAIL: $0 needs root (unshare -m, ip netns)"
        exit 77
fi
for tool in jq ip unshare; do
        command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed"; exit 77; }
done

# ---- outside: into a mount namespace of our own ------------------------------------------------
if [ -z "${SRIOV_CNI_YARDSTICK_INSIDE:-}" ]; then
        SRIOV_CNI_YARDSTICK_INSIDE=1 exec unshare -m --propagation private -- "$0" "$plugin" "$corpus"
fi

# ---- inside: nothing below is seen by the host -------------------------------------------------
# The host's /run holds its netns and /run/libsriov; the tmpfs hides both, and what ip netns and
# mount create (/run/netns, /run/mount) lands there. /var/lib/cni may not exist: a tmpfs over
# /var/lib then, so nothing the plugin might create there reaches the host's disk.
mount -t tmpfs yardstick /run || exit 1
if [ -d /var/lib/cni ]; then
        mount -t tmpfs yardstick /var/lib/cni || exit 1
else
        mount -t tmpfs yardstick /var/lib || exit 1
        mkdir /var/lib/cni
fi
mkdir -p /run/libsriov /run/yardstick/ipam /run/yardstick/no-ipam /run/yardstick/tmp
# Scratch files go under the private /run, not /tmp: the tree under test may be in /tmp.
export TMPDIR=/run/yardstick/tmp
if [ ! -x "$plugin" ]; then
        echo "FAIL: $plugin is not there under the private mounts (is the tree under /run or /var/lib?)"
        exit 1
fi
if [ ! -s "$corpus/EXPECTED" ]; then
        echo "FAIL: no corpus: $corpus/EXPECTED is missing or empty"
        exit 1
fi

# A PCI address no device of this host has: the ADD of an accepted config fails there.
vf=
for a in 0000:af:06.1 0000:af:06.3 ffff:ff:1f.7; do
        [ -e "/sys/bus/pci/devices/$a" ] || { vf=$a; break; }
done
[ -n "$vf" ] || { echo "no PCI address free for the test on this host"; exit 1; }

netns=sriov-cni-yardstick
ip netns add "$netns" || exit 1
trap 'ip netns del "$netns" 2>/dev/null' EXIT

# An IPAM plugin that succeeds, under every name the corpus uses, for ADD only: an accepted
# config must fail at the device, not at its IPAM plugin should the order ever change.
cat >/run/yardstick/ipam/stub <<'EOF'
#!/bin/sh
[ "$CNI_COMMAND" = ADD ] || exit 0
printf '{"cniVersion":"1.0.0","ips":[{"address":"192.0.2.1/24"}]}\n'
EOF
chmod +x /run/yardstick/ipam/stub
for f in "$corpus"/*.json; do
        jq -r '(.ipam.type, .IPAM.type, .plugins[]?.ipam.type) // empty' "$f" 2>/dev/null
done | sort -u | grep -E '^[A-Za-z0-9_.-]+$' | while read -r t; do
        ln -sf stub "/run/yardstick/ipam/$t"
done

# The config as Multus hands it on: deviceID (and pciBusID) set in it, or in each plugin of a
# list. Text that is not JSON goes as it is.
deliver() {
        jq -c --arg vf "$vf" 'if has("plugins") and (.plugins | type) == "array"
                then .plugins |= map(. + {deviceID: $vf, pciBusID: $vf})
                else . + {deviceID: $vf, pciBusID: $vf} end' "$1" 2>/dev/null || cat "$1"
}

# Run the plugin: sets $rc and $answer.
invoke() {
        local cmd=$1 conf=$2 cid=$3 args=$4 path=$5
        answer=$(deliver "$conf" | env -i PATH="$PATH" LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" \
                CNI_COMMAND="$cmd" CNI_CONTAINERID="$cid" CNI_NETNS="/run/netns/$netns" \
                CNI_IFNAME=net1 CNI_PATH="$path" CNI_ARGS="$args" "$plugin" 2>/run/yardstick/stderr)
        rc=$?
}

# What an answer means: "ok" (exit 0), "reach" (an error about the device: it names the VF's
# address, and is no "config:" message), or "refuse:CODE".
outcome() {
        local code msg
        if [ "$rc" = 0 ]; then
                echo ok
                return
        fi
        code=$(jq -r '.code // "none"' <<<"$answer" 2>/dev/null || echo none)
        msg=$(jq -r '.msg // ""' <<<"$answer" 2>/dev/null)
        case "$msg" in
        config:*) echo "refuse:$code" ;;
        *"$vf"*) echo reach ;;
        *) echo "refuse:$code" ;;
        esac
}

trim() {
        local s=$1
        s=${s#"${s%%[![:space:]]*}"}
        printf '%s' "${s%"${s##*[![:space:]]}"}"
}

pass=0
fail=0
n=0
details=()
printf '%-46s %-9s %-9s %-9s %-9s %s\n' CONFIG ADD-WANT ADD-GOT DEL-WANT DEL-GOT RESULT
while IFS='|' read -r name want_add want_del args _; do
        name=$(trim "$name") want_add=$(trim "$want_add") want_del=$(trim "$want_del")
        args=$(trim "$args")
        case "$name" in '' | '#'*) continue ;; esac
        conf="$corpus/$name.json"
        n=$((n + 1))
        cid=yardstick$n
        [ "$args" = - ] &&
                args="IgnoreUnknown=1;K8S_POD_NAMESPACE=yardstick;K8S_POD_NAME=pod$n;K8S_POD_INFRA_CONTAINER_ID=$cid"
        if [ ! -f "$conf" ]; then
                got_add=missing got_del=missing add_msg="no file $conf" del_msg=
        else
                invoke ADD "$conf" "$cid" "$args" /run/yardstick/ipam
                got_add=$(outcome) add_msg=$answer
                if [ "$got_add" = ok ]; then
                        # Cannot be: there is no such device. Give it back before going on.
                        invoke DEL "$conf" "$cid" "$args" /run/yardstick/ipam
                fi
                invoke DEL "$conf" "$cid" "$args" /run/yardstick/no-ipam
                got_del=$(outcome) del_msg=$answer
        fi
        if [ "$got_add" = "$want_add" ] && [ "$got_del" = "$want_del" ]; then
                result=PASS
                pass=$((pass + 1))
        else
                result=FAIL
                fail=$((fail + 1))
                [ "$got_add" = "$want_add" ] ||
                        details+=("$name ADD: $(jq -c . <<<"$add_msg" 2>/dev/null || echo "$add_msg")")
                [ "$got_del" = "$want_del" ] ||
                        details+=("$name DEL: $(jq -c . <<<"$del_msg" 2>/dev/null || echo "$del_msg")")
        fi
        printf '%-46s %-9s %-9s %-9s %-9s %s\n' "$name" "$want_add" "$got_add" "$want_del" "$got_del" "$result"
done <"$corpus/EXPECTED"

if [ ${#details[@]} -gt 0 ]; then
        echo
        echo "What libsriov-cni answered where it differs:"
        printf '  %s\n' "${details[@]}"
fi
# Nothing may be left leased: no ADD can have succeeded.
shopt -s nullglob
leftover=(/run/libsriov/*.lease)
if [ ${#leftover[@]} -gt 0 ]; then
        echo "left in the lease directory: ${leftover[*]}"
        fail=$((fail + 1))
fi
echo
echo "sriov-cni configs: $n, $pass PASS, $fail FAIL (deviceID $vf)"
[ "$fail" = 0 ] && [ "$n" -gt 0 ]
