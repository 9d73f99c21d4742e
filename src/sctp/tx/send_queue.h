// Outgoing user messages per stream, fragmentation, and the stream scheduler.
//
// The scheduler is weighted fair queuing in its stride form (as dcSCTP does): each stream with data has
// a virtual "pass"; the stream with the smallest pass sends next and its pass grows by the bytes sent
// divided by its priority, so over time streams get bandwidth in proportion to their priority and one
// large message cannot starve the others. Without I-DATA (RFC 8260) the fragments of one message must
// have consecutive TSNs, so a started message keeps its stream selected until its last fragment; with
// I-DATA the choice is made again for every fragment.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "common/result.h"
#include "common/timestamp.h"

namespace purertc::sctp {

struct SendOptions {
  bool unordered = false;
  // PR-SCTP (RFC 3758): give up after this many retransmissions / after this time since send().
  std::optional<uint16_t> max_retransmits;
  std::optional<Duration> lifetime;
};

struct OutgoingMessage {
  std::vector<uint8_t> payload;
  uint64_t id = 0;
  uint32_t ppid = 0;
  uint16_t stream = 0;
  bool unordered = false;
  std::optional<uint16_t> max_retransmits;
  Timestamp expires_at = Timestamp::infinite();
  uint32_t ssn_or_mid = 0;  // assigned when the first fragment is produced
  bool abandoned = false;
};
using MessagePtr = std::shared_ptr<OutgoingMessage>;

// One fragment to put in a DATA / I-DATA chunk; the payload stays in the shared message.
struct Fragment {
  MessagePtr message;
  uint32_t offset = 0;
  uint32_t length = 0;
  uint32_t fsn = 0;
  bool beginning = false;
  bool end = false;
  std::span<const uint8_t> payload() const { return {message->payload.data() + offset, length}; }
};

class SendQueue {
 public:
  static constexpr uint16_t kDefaultPriority = 256;

  void reset();
  Status enqueue(uint16_t stream, uint32_t ppid, std::vector<uint8_t> payload, const SendOptions& options, Timestamp now);
  // The next fragment of at most max_payload bytes, or nothing. Expired unsent messages are dropped.
  std::optional<Fragment> produce(size_t max_payload, Timestamp now, bool interleaving);
  bool has_data() const { return !active_.empty(); }
  size_t total_buffered() const { return total_buffered_; }
  // Messages dropped unsent because their lifetime ended.
  uint64_t expired() const { return expired_; }

  void set_priority(uint16_t stream, uint16_t priority);
  size_t buffered_amount(uint16_t stream) const;
  void set_buffered_amount_low_threshold(uint16_t stream, size_t bytes);
  // Streams whose buffered amount fell to their threshold since the last call.
  std::vector<uint16_t> take_low_events() { return std::move(low_events_); }

  // Stream reset (RFC 6525): messages queued before the call are still sent; later ones wait. An empty
  // list means every stream, including streams first used after the call (RFC 6525 4.1/4.2).
  void prepare_reset(std::span<const uint16_t> streams);
  // True when none of the streams has a message (from before the reset call) left to send.
  bool ready_for_reset(std::span<const uint16_t> streams) const;
  // The reset happened: sequence numbers restart at 0 and held messages may go.
  void commit_reset(std::span<const uint16_t> streams);
  void abort_reset(std::span<const uint16_t> streams);

  // A PR-SCTP message was abandoned while partially sent: its remaining fragments are not sent.
  void discard(const MessagePtr& message);

 private:
  struct OutStream {
    std::deque<MessagePtr> queue;
    uint32_t next_offset = 0;   // of the front message
    uint32_t next_fsn = 0;
    uint32_t next_ssn = 0;      // SSN (16 bit) or MID of ordered messages
    uint32_t next_unordered_mid = 0;  // I-DATA numbers unordered messages separately
    uint16_t priority = kDefaultPriority;
    uint64_t pass = 0;
    size_t buffered = 0;
    size_t low_threshold = 0;
    bool resetting = false;
    size_t before_reset = 0;     // messages queued before the reset call still to send
    bool active = false;
  };
  template <class F>
  void for_each_stream(std::span<const uint16_t> streams, F&& f);
  bool sendable(const OutStream& s) const { return !s.queue.empty() && (!s.resetting || s.before_reset > 0); }
  void update_active(uint16_t id, OutStream& s);
  void reduce_buffered(uint16_t id, OutStream& s, size_t bytes);
  void pop_front(uint16_t id, OutStream& s);

  std::map<uint16_t, OutStream> streams_;
  std::set<std::pair<uint64_t, uint16_t>> active_;
  std::optional<uint16_t> in_progress_;  // stream with a started message (DATA only)
  bool all_resetting_ = false;           // an every-stream reset is prepared and not yet finished
  uint64_t virtual_time_ = 0;
  uint64_t next_message_id_ = 1;
  size_t total_buffered_ = 0;
  uint64_t expired_ = 0;
  std::vector<uint16_t> low_events_;
};

}  // namespace purertc::sctp
