// Reassembly of fragmented user messages and in-order delivery per stream (RFC 9260 6.5, 6.9;
// RFC 8260 for I-DATA). Fragments that arrive in order are appended straight into the message buffer;
// only out-of-order ones are held apart. Every byte held counts against the receive window, and a
// message larger than max_message_size is refused.
//
// Keys: DATA fragments of one message have consecutive TSNs and share the SSN (ordered); I-DATA
// fragments share the MID and are numbered by FSN. Unordered DATA messages are found by walking TSN runs
// from a B to an E fragment.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "sctp/events.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/forward_tsn_chunk.h"

namespace purertc::sctp {

class Reassembly {
 public:
  explicit Reassembly(size_t max_message_size) : max_message_size_(max_message_size) {}
  void reset();

  // Adds one new (not duplicate) fragment; completed in-order messages are appended to `out`.
  // Fails when the message would exceed the maximum size.
  Status add(const DataView& d, int64_t tsn, bool interleaved, std::vector<MessageReceived>& out);
  // FORWARD-TSN / I-FORWARD-TSN: forget abandoned messages and move ordered streams past them.
  void forward(const ForwardTsnChunk& fwd, int64_t new_cumulative_tsn, bool interleaved, std::vector<MessageReceived>& out);
  // RFC 6525 incoming reset: the streams' next sequence numbers go back to 0 (all when empty).
  void reset_streams(std::span<const uint16_t> streams);

  size_t buffered_bytes() const { return buffered_; }

 private:
  struct Fragment {
    std::vector<uint8_t> data;
    uint32_t ppid = 0;
    bool beginning = false;
    bool end = false;
  };
  struct Partial {
    std::vector<uint8_t> assembled;  // the contiguous prefix starting at the B fragment
    int64_t next_seq = 0;            // sequence (TSN or FSN) the prefix continues with
    uint32_t ppid = 0;
    bool has_begin = false;
    bool complete = false;
    std::map<int64_t, Fragment> pending;
    size_t bytes = 0;  // assembled + pending
  };
  struct InStream {
    int64_t next_ordered = 0;
    std::map<int64_t, Partial> ordered;
    std::map<uint32_t, Partial> unordered_idata;
    std::map<int64_t, Fragment> unordered_data;  // by TSN
  };

  Status add_to_partial(Partial& p, int64_t seq, const DataView& d);
  void deliver_ready(uint16_t stream_id, InStream& s, std::vector<MessageReceived>& out);
  Status add_unordered_data(uint16_t stream_id, InStream& s, int64_t tsn, const DataView& d, std::vector<MessageReceived>& out);
  void drop_partial(const Partial& p) { buffered_ -= p.bytes; }

  size_t max_message_size_;
  size_t buffered_ = 0;
  std::unordered_map<uint16_t, InStream> streams_;
};

}  // namespace purertc::sctp
