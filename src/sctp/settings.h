// Knobs of one SCTP association. Every quantity a peer can make grow is bounded here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/timestamp.h"

namespace purertc::sctp {

struct SctpSettings {
  // RFC 8841: data channels use port 5000 on both sides unless SDP says otherwise.
  uint16_t local_port = 5000;
  uint16_t remote_port = 5000;

  // Largest UDP payload of the path (IPv6 minimum MTU 1280 minus 40 IPv6 + 8 UDP), and what DTLS 1.2
  // with AES-GCM adds per record (13 header + 8 explicit nonce + 16 tag). The SCTP packet size is what
  // is left, rounded down to a multiple of 4.
  size_t path_mtu = 1280 - 48;
  size_t dtls_overhead = 37;
  size_t max_packet_size() const { return (path_mtu - dtls_overhead) & ~size_t{3}; }

  uint16_t max_outbound_streams = 65535;
  uint16_t max_inbound_streams = 65535;

  // a=max-message-size (RFC 8841): messages larger than this are refused on send and abort the
  // association when a peer sends one.
  size_t max_message_size = 256 * 1024;
  // Receive window advertised (a_rwnd) and the hard bound on bytes held for reassembly and ordering.
  // Kept at least max_message_size + 64 KiB so a single large message can always complete.
  size_t max_receive_window = 5 * 1024 * 1024;
  // Bound on bytes accepted by send() and not yet handed to the network.
  size_t max_send_buffer = 64 * 1024 * 1024;

  Duration rto_initial = Duration::millis(500);
  // Above the delayed-ack timeout plus a typical RTT, so a lone packet's late SACK is not a "loss".
  Duration rto_min = Duration::millis(400);
  Duration rto_max = Duration::seconds(30);
  Duration delayed_ack_timeout = Duration::millis(200);
  Duration heartbeat_interval = Duration::seconds(30);
  Duration cookie_lifetime = Duration::seconds(60);
  int max_init_retransmits = 8;
  // Consecutive timeouts (T3, heartbeat, shutdown, reconfig) before the association is declared dead.
  int max_retransmissions = 10;

  // Offered in INIT / INIT ACK; used when the peer offers them too.
  bool enable_partial_reliability = true;
  bool enable_interleaving = true;
  // RFC 9653: only meaningful when a lower layer (DTLS) already detects errors.
  bool enable_zero_checksum = false;

  // Gap ack blocks and duplicate TSNs reported per SACK.
  size_t max_gap_blocks = 64;
  size_t max_duplicates = 16;
};

}  // namespace purertc::sctp
