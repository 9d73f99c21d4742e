#include "sctp/tx/send_queue.h"

#include <algorithm>

namespace purertc::sctp {

void SendQueue::reset() {
  // Keep priorities and thresholds (they are channel properties); drop queued data.
  for (auto& [id, s] : streams_) {
    s.queue.clear();
    s.next_offset = s.next_fsn = s.next_ssn = s.next_unordered_mid = 0;
    s.buffered = 0;
    s.resetting = false;
    s.before_reset = 0;
    s.active = false;
  }
  active_.clear();
  in_progress_.reset();
  all_resetting_ = false;
  total_buffered_ = 0;
}

template <class F>
void SendQueue::for_each_stream(std::span<const uint16_t> streams, F&& f) {
  if (streams.empty()) {
    for (auto& [id, s] : streams_) f(id, s);
  } else {
    for (uint16_t id : streams) f(id, streams_[id]);
  }
}

void SendQueue::update_active(uint16_t id, OutStream& s) {
  bool want = sendable(s);
  if (want == s.active) return;
  if (want) {
    s.pass = std::max(s.pass, virtual_time_);
    active_.emplace(s.pass, id);
  } else {
    active_.erase({s.pass, id});
  }
  s.active = want;
}

Status SendQueue::enqueue(uint16_t stream, uint32_t ppid, std::vector<uint8_t> payload, const SendOptions& options, Timestamp now) {
  auto m = std::make_shared<OutgoingMessage>();
  m->payload = std::move(payload);
  m->id = next_message_id_++;
  m->ppid = ppid;
  m->stream = stream;
  m->unordered = options.unordered;
  m->max_retransmits = options.max_retransmits;
  if (options.lifetime) m->expires_at = now + *options.lifetime;
  OutStream& s = streams_[stream];
  if (all_resetting_ && !s.resetting) {
    // A stream first used while an every-stream reset is pending: it is part of that reset, so its
    // messages wait like those of the other streams.
    s.resetting = true;
    s.before_reset = s.queue.size();
  }
  s.buffered += m->payload.size();
  total_buffered_ += m->payload.size();
  s.queue.push_back(std::move(m));
  update_active(stream, s);
  return {};
}

void SendQueue::reduce_buffered(uint16_t id, OutStream& s, size_t bytes) {
  bool was_above = s.buffered > s.low_threshold;
  s.buffered -= bytes;
  total_buffered_ -= bytes;
  if (was_above && s.buffered <= s.low_threshold) low_events_.push_back(id);
}

void SendQueue::pop_front(uint16_t id, OutStream& s) {
  s.queue.pop_front();
  s.next_offset = 0;
  s.next_fsn = 0;
  if (s.resetting && s.before_reset > 0) --s.before_reset;
  if (in_progress_ == id) in_progress_.reset();
  update_active(id, s);
}

std::optional<Fragment> SendQueue::produce(size_t max_payload, Timestamp now, bool interleaving) {
  while (!active_.empty()) {
    uint16_t id = in_progress_ && !interleaving ? *in_progress_ : active_.begin()->second;
    OutStream& s = streams_[id];
    MessagePtr& m = s.queue.front();
    if (s.next_offset == 0 && s.next_fsn == 0 && m->expires_at <= now) {
      // Expired before any byte left: drop without using a sequence number (RFC 3758 3.5 A1).
      reduce_buffered(id, s, m->payload.size());
      pop_front(id, s);
      ++expired_;
      continue;
    }
    Fragment f;
    f.message = m;
    f.offset = s.next_offset;
    f.fsn = s.next_fsn;
    f.beginning = s.next_offset == 0;
    size_t left = m->payload.size() - s.next_offset;
    f.length = static_cast<uint32_t>(std::min(left, max_payload));
    f.end = f.length == left;
    if (f.beginning) {
      m->ssn_or_mid = m->unordered ? s.next_unordered_mid++ : s.next_ssn++;
    }
    // Advance the stream's virtual time by the bytes sent, weighted by priority.
    active_.erase({s.pass, id});
    virtual_time_ = s.pass;
    s.pass += (uint64_t{f.length} + 64) * 65536 / std::max<uint16_t>(s.priority, 1);
    active_.emplace(s.pass, id);
    reduce_buffered(id, s, f.length);
    if (f.end) {
      pop_front(id, s);
    } else {
      s.next_offset += f.length;
      ++s.next_fsn;
      in_progress_ = id;
    }
    return f;
  }
  return std::nullopt;
}

void SendQueue::set_priority(uint16_t stream, uint16_t priority) { streams_[stream].priority = priority; }

size_t SendQueue::buffered_amount(uint16_t stream) const {
  auto it = streams_.find(stream);
  return it == streams_.end() ? 0 : it->second.buffered;
}

void SendQueue::set_buffered_amount_low_threshold(uint16_t stream, size_t bytes) { streams_[stream].low_threshold = bytes; }

void SendQueue::prepare_reset(std::span<const uint16_t> streams) {
  if (streams.empty()) all_resetting_ = true;
  for_each_stream(streams, [this](uint16_t id, OutStream& s) {
    if (!s.resetting) {
      s.resetting = true;
      s.before_reset = s.queue.size();
    }
    update_active(id, s);
  });
}

bool SendQueue::ready_for_reset(std::span<const uint16_t> streams) const {
  auto ready = [](const OutStream& s) { return s.before_reset == 0; };
  if (streams.empty()) {
    return std::all_of(streams_.begin(), streams_.end(), [&](const auto& kv) { return ready(kv.second); });
  }
  for (uint16_t id : streams) {
    auto it = streams_.find(id);
    if (it != streams_.end() && !ready(it->second)) return false;
  }
  return true;
}

void SendQueue::commit_reset(std::span<const uint16_t> streams) {
  if (streams.empty()) all_resetting_ = false;
  for_each_stream(streams, [this](uint16_t id, OutStream& s) {
    s.next_ssn = 0;
    s.next_unordered_mid = 0;
    s.resetting = false;
    s.before_reset = 0;
    update_active(id, s);
  });
}

void SendQueue::abort_reset(std::span<const uint16_t> streams) {
  if (streams.empty()) all_resetting_ = false;
  for_each_stream(streams, [this](uint16_t id, OutStream& s) {
    s.resetting = false;
    s.before_reset = 0;
    update_active(id, s);
  });
}

void SendQueue::discard(const MessagePtr& message) {
  auto it = streams_.find(message->stream);
  if (it == streams_.end()) return;
  OutStream& s = it->second;
  if (s.queue.empty() || s.queue.front() != message) return;
  reduce_buffered(message->stream, s, message->payload.size() - s.next_offset);
  pop_front(message->stream, s);
}

}  // namespace purertc::sctp
