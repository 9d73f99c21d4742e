#!/bin/sh
# Records the DTLS ClientHello datagrams Debian's firefox-esr sends, for tests/data/dtls/.
#
# Two RTCPeerConnections in one headless page (served from 127.0.0.1 by python3's http.server) connect
# to each other; tshark captures meanwhile and the datagrams that carry a ClientHello fragment are
# written as hex, one datagram per line, in order.
#
# Everything runs in a private network namespace (unshare -n, root) whose only interface is lo, so no
# packet can reach anything but 127.0.0.1. Firefox needs two things to gather a host candidate there:
#  - media.peerconnection.ice.loopback=true, else nICEr drops loopback addresses;
#  - a default route. A page without a camera/microphone permission gathers only on the interface of
#    the default route ("use only default local addresses" in the nicer log), and with no route at all
#    it gathers nothing. `default dev lo src 127.0.0.1` makes 127.0.0.1 that address; DNS is disabled so
#    that Firefox's background services send nothing along that route.
# media.peerconnection.ice.obfuscate_host_addresses=false keeps the candidate a plain IP (no mDNS name).
#
# usage: scripts/dtls/capture_firefox_client_hello.sh OUT.hex
set -eu
if [ "${1:-}" = "--in-namespace" ]; then
  work=$2
  ip link set lo up
  ip route add default dev lo src 127.0.0.1
  (cd "$work" && exec timeout 30 python3 -m http.server 8765 --bind 127.0.0.1) >/dev/null 2>&1 &
  http_pid=$!
  timeout 30 tshark -q -i lo -f udp -w "$work/cap.pcapng" >/dev/null 2>&1 &
  tshark_pid=$!
  sleep 3
  HOME="$work" timeout 15 firefox-esr -headless -no-remote -profile "$work/profile" \
    http://127.0.0.1:8765/page.html >/dev/null 2>&1 || true
  sleep 1
  kill "$tshark_pid" "$http_pid" 2>/dev/null || true
  wait "$tshark_pid" 2>/dev/null || true
  exit 0
fi

out=${1:?usage: $0 OUT.hex}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/profile"
cat > "$work/profile/user.js" <<'PREFS'
user_pref("media.peerconnection.ice.loopback", true);
user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);
user_pref("network.dns.disabled", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("app.update.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
PREFS
cat > "$work/page.html" <<'HTML'
<!doctype html><script>
(async () => {
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  a.onicecandidate = e => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = e => e.candidate && a.addIceCandidate(e.candidate);
  a.createDataChannel('capture');
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
})();
</script>
HTML
unshare -n sh "$0" --in-namespace "$work"
# The first client's ClientHello: every datagram from its source port that carries a ClientHello fragment.
tshark -r "$work/cap.pcapng" -Y 'dtls.handshake.type == 1' -T fields -e udp.srcport -e udp.payload > "$work/hellos.txt"
port=$(head -n1 "$work/hellos.txt" | cut -f1)
[ -n "$port" ] || { echo "no ClientHello captured" >&2; exit 1; }
grep "^$port	" "$work/hellos.txt" | cut -f2 | tr -d ':' > "$out"
echo "wrote $(wc -l < "$out") datagram(s) to $out"
