#include "dtls/handshake_reassembler.h"

#include <algorithm>

namespace purertc::dtls {

HandshakeReassembler::AddResult HandshakeReassembler::add(const HandshakeFragmentView& f, uint16_t epoch) {
  if (f.message_seq < next_seq_) return AddResult::kOld;
  if (f.message_seq - next_seq_ >= limits_.max_messages_ahead) return AddResult::kDropped;
  if (f.length > limits_.max_message_size) return AddResult::kDropped;

  auto it = partial_.find(f.message_seq);
  if (it == partial_.end()) {
    if (buffered_ + f.length > limits_.max_buffered_bytes) return AddResult::kDropped;
    Partial p;
    p.type = f.msg_type;
    p.epoch = epoch;
    p.body.resize(f.length);
    p.have.resize(f.length, false);
    buffered_ += f.length;
    it = partial_.emplace(f.message_seq, std::move(p)).first;
  }
  Partial& p = it->second;
  // Every fragment of one message must agree on its type, total length and epoch.
  if (p.type != f.msg_type || p.body.size() != f.length || p.epoch != epoch) return AddResult::kDropped;
  for (size_t i = 0; i < f.fragment.size(); ++i) {
    size_t at = f.fragment_offset + i;
    if (!p.have[at]) {
      p.have[at] = true;
      p.body[at] = f.fragment[i];
      ++p.received;
    }
  }
  return AddResult::kAccepted;
}

std::optional<HandshakeMessage> HandshakeReassembler::pop() {
  auto it = partial_.find(next_seq_);
  if (it == partial_.end() || it->second.received != it->second.body.size()) return std::nullopt;
  HandshakeMessage m;
  m.type = it->second.type;
  m.message_seq = next_seq_;
  m.epoch = it->second.epoch;
  m.body = std::move(it->second.body);
  buffered_ -= m.body.size();
  partial_.erase(it);
  ++next_seq_;
  return m;
}

void HandshakeReassembler::reset(uint16_t next_seq) {
  partial_.clear();
  buffered_ = 0;
  next_seq_ = next_seq;
}

}  // namespace purertc::dtls
