// The sender's history of plaintext RTP packets for answering NACKs (RFC 4585 6.2.1): a ring indexed by
// sequence number, bounded both in packets and in age, whose slots keep their storage so a steady-state
// sender copies each packet once and allocates nothing.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/timestamp.h"

namespace purertc::pc::media {

class RetransmissionBuffer {
 public:
  // `capacity` packets (rounded up to a power of two, at least 1; 0 disables the buffer), none older
  // than `max_age`.
  RetransmissionBuffer(size_t capacity, Duration max_age);

  void store(uint16_t sequence_number, std::span<const uint8_t> packet, Timestamp now);
  // The packet sent with `sequence_number`, or an empty span when it was never stored, was overwritten,
  // or is older than max_age at `now`. Valid until the next store().
  std::span<const uint8_t> find(uint16_t sequence_number, Timestamp now) const;

  size_t capacity() const { return slots_.size(); }

 private:
  struct Slot {
    bool used = false;
    uint16_t sequence_number = 0;
    Timestamp stored_at;
    std::vector<uint8_t> packet;
  };
  std::vector<Slot> slots_;
  Duration max_age_;
};

}  // namespace purertc::pc::media
