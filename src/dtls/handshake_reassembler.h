// Reassembly of fragmented handshake messages (RFC 6347 section 4.2.3) and their delivery in
// message_seq order. Fragments may arrive out of order, overlap, or be duplicated; each byte of a
// message is taken from the first fragment that carried it. Memory is bounded three ways: a message's
// declared length, how far ahead of the next expected message_seq a fragment may be, and the total
// bytes buffered. Anything past a limit is dropped (the peer's retransmission recovers).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "dtls/packet/handshake_header.h"

namespace purertc::dtls {

struct ReassemblyLimits {
  size_t max_message_size = 64 * 1024;
  size_t max_buffered_bytes = 256 * 1024;
  uint16_t max_messages_ahead = 8;
};

struct HandshakeMessage {
  uint8_t type = 0;
  uint16_t message_seq = 0;
  uint16_t epoch = 0;  // the epoch its first fragment arrived in
  std::vector<uint8_t> body;
};

class HandshakeReassembler {
 public:
  explicit HandshakeReassembler(ReassemblyLimits limits) : limits_(limits) {}

  enum class AddResult {
    kAccepted,  // stored (possibly completing a message)
    kOld,       // message_seq already delivered: the peer is retransmitting an earlier flight
    kDropped,   // over a limit or inconsistent with earlier fragments of the same message
  };
  AddResult add(const HandshakeFragmentView& fragment, uint16_t epoch);

  // The next message in order, once all its bytes are here.
  std::optional<HandshakeMessage> pop();

  uint16_t next_seq() const { return next_seq_; }
  // Forgets everything buffered and expects `next_seq` next.
  void reset(uint16_t next_seq);
  size_t buffered_bytes() const { return buffered_; }
  bool empty() const { return partial_.empty(); }

 private:
  struct Partial {
    uint8_t type = 0;
    uint16_t epoch = 0;
    std::vector<uint8_t> body;
    std::vector<bool> have;
    size_t received = 0;
  };
  ReassemblyLimits limits_;
  uint16_t next_seq_ = 0;
  size_t buffered_ = 0;
  std::map<uint16_t, Partial> partial_;
};

}  // namespace purertc::dtls
