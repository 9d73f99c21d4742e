#!/bin/sh
# Records the DTLS ClientHello datagrams Debian's chromium sends, for tests/data/dtls/.
#
# Two RTCPeerConnections in one headless page connect to each other; tshark captures meanwhile and the
# datagrams that carry a ClientHello fragment are written as hex, one datagram per line, in order.
#
# Everything runs in a private network namespace (unshare -n, root) whose only interface is lo, so no
# packet can reach anything but 127.0.0.1. Chromium gathers there only with --allow-loopback-in-peer-
# connection, a live getUserMedia stream (fake device; without one it gathers only on the interface of
# the default route) and a default route (`default dev lo src 127.0.0.1`); see also
# capture_firefox_client_hello.sh.
# Chromium offers DTLS 1.3 with an X25519MLKEM768 key share, so its ClientHello spans several records.
#
# usage: scripts/dtls/capture_chromium_client_hello.sh OUT.hex
set -eu
out=${1:?usage: $0 OUT.hex}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/page.html" <<'HTML'
<!doctype html><script>
(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true});
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

cat > "$work/run.sh" <<EOS
ip link set lo up
ip route add default dev lo src 127.0.0.1
timeout 20 tshark -q -i lo -f udp -w "$work/cap.pcapng" >/dev/null 2>&1 &
tshark_pid=\$!
sleep 3
timeout 12 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --allow-loopback-in-peer-connection --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
  --disable-features=WebRtcHideLocalIpsWithMdns "file://$work/page.html" >/dev/null 2>&1 || true
sleep 1
kill "\$tshark_pid" 2>/dev/null || true
wait "\$tshark_pid" 2>/dev/null || true
EOS
unshare -n sh "$work/run.sh"
# The first client's ClientHello: every datagram from its source port until the server answers.
tshark -r "$work/cap.pcapng" -Y 'dtls.handshake.type == 1' -T fields -e udp.srcport -e udp.payload > "$work/hellos.txt"
port=$(head -n1 "$work/hellos.txt" | cut -f1)
[ -n "$port" ] || { echo "no ClientHello captured" >&2; exit 1; }
grep "^$port	" "$work/hellos.txt" | cut -f2 | tr -d ':' > "$out"
echo "wrote $(wc -l < "$out") datagram(s) to $out"
