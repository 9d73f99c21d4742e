// What an Association hands out through poll_output(): packets to transmit and events for the user.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace purertc::sctp {

// One SCTP packet for the lower layer (DTLS).
struct Transmit {
  std::vector<uint8_t> packet;
};

// The handshake completed (either role); send() may be used.
struct Connected {};

// A complete user message.
struct MessageReceived {
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  std::vector<uint8_t> payload;
};

// The peer reset these incoming streams (their next message starts a fresh sequence).
struct IncomingStreamsReset {
  std::vector<uint16_t> streams;
};

// Our outgoing reset request for these streams succeeded / was refused by the peer.
struct OutgoingStreamsReset {
  std::vector<uint16_t> streams;
};
struct OutgoingStreamsResetFailed {
  std::vector<uint16_t> streams;
  std::string reason;
};

// The bytes queued on a stream and not yet sent dropped to (or below) its low threshold.
struct BufferedAmountLow {
  uint16_t stream = 0;
};

// The peer restarted (RFC 9260 5.2.4 case A): queued and in-flight data was dropped.
struct AssociationRestarted {};

// Graceful end (SHUTDOWN sequence finished).
struct Closed {};

// The association died: ABORT received or sent, too many retransmissions, protocol violation.
struct Aborted {
  std::string reason;
};

using Event = std::variant<Connected, MessageReceived, IncomingStreamsReset, OutgoingStreamsReset,
                           OutgoingStreamsResetFailed, BufferedAmountLow, AssociationRestarted, Closed, Aborted>;
using Output = std::variant<Transmit, Event>;

}  // namespace purertc::sctp
