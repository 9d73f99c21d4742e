#include "pc/media/retransmission_buffer.h"

#include <algorithm>
#include <bit>

namespace purertc::pc::media {

RetransmissionBuffer::RetransmissionBuffer(size_t capacity, Duration max_age) : max_age_(max_age) {
  // A power of two that divides 2^16, so a slot index is the sequence number's low bits and a wrap of the
  // sequence number lands on the slot of the packet it replaces.
  if (capacity > 0) slots_.resize(std::min<size_t>(std::bit_ceil(capacity), size_t{1} << 15));
}

void RetransmissionBuffer::store(uint16_t sequence_number, std::span<const uint8_t> packet, Timestamp now) {
  if (slots_.empty()) return;
  Slot& s = slots_[sequence_number & (slots_.size() - 1)];
  s.used = true;
  s.sequence_number = sequence_number;
  s.stored_at = now;
  s.packet.assign(packet.begin(), packet.end());
}

std::span<const uint8_t> RetransmissionBuffer::find(uint16_t sequence_number, Timestamp now) const {
  if (slots_.empty()) return {};
  const Slot& s = slots_[sequence_number & (slots_.size() - 1)];
  if (!s.used || s.sequence_number != sequence_number || now - s.stored_at > max_age_) return {};
  return s.packet;
}

}  // namespace purertc::pc::media
