#include "sctp/rx/reassembly.h"

namespace purertc::sctp {

static const Error kTooLarge{Errc::kLimitExceeded, "sctp: incoming message exceeds max message size"};

void Reassembly::reset() {
  streams_.clear();
  buffered_ = 0;
}

Status Reassembly::add_to_partial(Partial& p, int64_t seq, const DataView& d) {
  if (p.bytes + d.payload.size() > max_message_size_) return unexpected(kTooLarge);
  auto append = [&p](std::span<const uint8_t> bytes, bool end) {
    p.assembled.insert(p.assembled.end(), bytes.begin(), bytes.end());
    ++p.next_seq;
    if (end) p.complete = true;
  };
  p.bytes += d.payload.size();
  buffered_ += d.payload.size();
  if (d.beginning && !p.has_begin) {
    p.has_begin = true;
    p.ppid = d.ppid;
    p.next_seq = seq;
    append(d.payload, d.end);
  } else if (p.has_begin && seq == p.next_seq && !p.complete) {
    append(d.payload, d.end);
  } else {
    Fragment f{std::vector<uint8_t>(d.payload.begin(), d.payload.end()), d.ppid, d.beginning, d.end};
    p.pending.emplace(seq, std::move(f));
    return {};
  }
  while (!p.complete && !p.pending.empty() && p.pending.begin()->first <= p.next_seq) {
    auto node = p.pending.extract(p.pending.begin());
    if (node.key() == p.next_seq) append(node.mapped().data, node.mapped().end);
    else p.bytes -= node.mapped().data.size(), buffered_ -= node.mapped().data.size();
  }
  return {};
}

void Reassembly::deliver_ready(uint16_t stream_id, InStream& s, std::vector<MessageReceived>& out) {
  while (!s.ordered.empty()) {
    auto it = s.ordered.begin();
    if (it->first != s.next_ordered || !it->second.complete) break;
    buffered_ -= it->second.bytes;
    out.push_back({stream_id, it->second.ppid, false, std::move(it->second.assembled)});
    s.ordered.erase(it);
    ++s.next_ordered;
  }
}

Status Reassembly::add(const DataView& d, int64_t tsn, bool interleaved, std::vector<MessageReceived>& out) {
  if (d.payload.size() > max_message_size_) return unexpected(kTooLarge);
  InStream& s = streams_[d.stream];
  if (d.unordered) {
    if (d.beginning && d.end) {
      out.push_back({d.stream, d.ppid, true, std::vector<uint8_t>(d.payload.begin(), d.payload.end())});
      return {};
    }
    if (!interleaved) return add_unordered_data(d.stream, s, tsn, d, out);
    Partial& p = s.unordered_idata[d.ssn_or_mid];
    auto st = add_to_partial(p, d.fsn, d);
    if (!st) return st;
    if (p.complete) {
      buffered_ -= p.bytes;
      out.push_back({d.stream, p.ppid, true, std::move(p.assembled)});
      s.unordered_idata.erase(d.ssn_or_mid);
    }
    return {};
  }
  int64_t key = interleaved ? s.next_ordered + static_cast<int32_t>(d.ssn_or_mid - static_cast<uint32_t>(s.next_ordered))
                            : s.next_ordered + static_cast<int16_t>(static_cast<uint16_t>(d.ssn_or_mid) - static_cast<uint16_t>(s.next_ordered));
  if (key < s.next_ordered) return {};  // a message already delivered or skipped: stale
  if (key == s.next_ordered && d.beginning && d.end) {
    out.push_back({d.stream, d.ppid, false, std::vector<uint8_t>(d.payload.begin(), d.payload.end())});
    ++s.next_ordered;
    deliver_ready(d.stream, s, out);
    return {};
  }
  Partial& p = s.ordered[key];
  auto st = add_to_partial(p, interleaved ? static_cast<int64_t>(d.fsn) : tsn, d);
  if (!st) return st;
  if (p.complete) deliver_ready(d.stream, s, out);
  return {};
}

Status Reassembly::add_unordered_data(uint16_t stream_id, InStream& s, int64_t tsn, const DataView& d,
                                      std::vector<MessageReceived>& out) {
  auto [it, inserted] = s.unordered_data.emplace(tsn, Fragment{std::vector<uint8_t>(d.payload.begin(), d.payload.end()), d.ppid, d.beginning, d.end});
  if (!inserted) return {};
  buffered_ += d.payload.size();
  // Walk back to the B fragment of this run, then forward to the E fragment.
  auto first = it;
  size_t bytes = first->second.data.size();
  while (!first->second.beginning) {
    if (first == s.unordered_data.begin()) return {};
    auto prev = std::prev(first);
    if (prev->first != first->first - 1 || prev->second.end) return {};
    first = prev;
    bytes += first->second.data.size();
    if (bytes > max_message_size_) return unexpected(kTooLarge);
  }
  auto last = it;
  while (!last->second.end) {
    auto next = std::next(last);
    if (next == s.unordered_data.end() || next->first != last->first + 1 || next->second.beginning) {
      size_t run = 0;
      for (auto i = first; i != next; ++i) run += i->second.data.size();
      if (run > max_message_size_) return unexpected(kTooLarge);
      return {};
    }
    last = next;
  }
  MessageReceived m{stream_id, first->second.ppid, true, {}};
  auto stop = std::next(last);
  size_t total = 0;
  for (auto i = first; i != stop; ++i) total += i->second.data.size();
  if (total > max_message_size_) return unexpected(kTooLarge);
  m.payload.reserve(total);
  for (auto i = first; i != stop; ++i) m.payload.insert(m.payload.end(), i->second.data.begin(), i->second.data.end());
  buffered_ -= total;
  s.unordered_data.erase(first, stop);
  out.push_back(std::move(m));
  return {};
}

void Reassembly::forward(const ForwardTsnChunk& fwd, int64_t new_cumulative_tsn, bool interleaved,
                         std::vector<MessageReceived>& out) {
  if (!interleaved) {
    // Unordered DATA fragments at or below the new cumulative TSN can never complete.
    for (auto& [id, s] : streams_) {
      while (!s.unordered_data.empty() && s.unordered_data.begin()->first <= new_cumulative_tsn) {
        buffered_ -= s.unordered_data.begin()->second.data.size();
        s.unordered_data.erase(s.unordered_data.begin());
      }
    }
  }
  for (const auto& skip : fwd.skipped) {
    auto found = streams_.find(skip.stream);
    if (found == streams_.end()) {
      if (skip.unordered) continue;
      found = streams_.emplace(skip.stream, InStream{}).first;
    }
    InStream& s = found->second;
    if (skip.unordered) {
      // Unordered messages complete in any order, so only the listed one is dropped (the sender lists
      // every abandoned unordered message).
      auto it = s.unordered_idata.find(skip.ssn_or_mid);
      if (it != s.unordered_idata.end()) {
        drop_partial(it->second);
        s.unordered_idata.erase(it);
      }
      continue;
    }
    int64_t key = interleaved ? s.next_ordered + static_cast<int32_t>(skip.ssn_or_mid - static_cast<uint32_t>(s.next_ordered))
                              : s.next_ordered + static_cast<int16_t>(static_cast<uint16_t>(skip.ssn_or_mid) - static_cast<uint16_t>(s.next_ordered));
    if (key < s.next_ordered) continue;
    while (!s.ordered.empty() && s.ordered.begin()->first <= key) {
      drop_partial(s.ordered.begin()->second);
      s.ordered.erase(s.ordered.begin());
    }
    s.next_ordered = key + 1;
    deliver_ready(skip.stream, s, out);
  }
}

void Reassembly::reset_streams(std::span<const uint16_t> streams) {
  auto reset_one = [this](InStream& s) {
    for (auto& [k, p] : s.ordered) drop_partial(p);
    s.ordered.clear();
    s.next_ordered = 0;
  };
  if (streams.empty()) {
    for (auto& [id, s] : streams_) reset_one(s);
    return;
  }
  for (uint16_t id : streams) {
    auto it = streams_.find(id);
    if (it != streams_.end()) reset_one(it->second);
  }
}

}  // namespace purertc::sctp
