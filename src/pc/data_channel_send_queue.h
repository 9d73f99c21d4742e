// The path of DataChannel::send from any thread to the SCTP endpoint on the loop thread, and the
// channel's W3C bufferedAmount.
//
// A send from a thread other than the loop does not wait for the loop (a synchronous cross-thread call
// costs two thread wake-ups per message): it checks what W3C send() checks synchronously (channel open,
// message size, room in the send buffer), copies the message into this queue, adds its size to the
// buffered amount, and wakes the loop only when the queue goes from empty to non-empty. The loop then
// takes the whole queue in one turn and hands every message to SCTP before flushing once, so many small
// messages leave as full packets.
//
// Buffered amount: bytes in this queue plus the bytes the SCTP send queue still holds for the channel's
// stream (accepted, not yet put into a packet). Senders add to it at once; the loop subtracts what SCTP
// sent each time it looks (sync(), after its own sends and after every datagram batch or timer), so a
// reading from another thread is at most one loop turn old, and never below the truth. SCTP stores an
// empty message as one byte (RFC 8831 section 6.6), so an empty message counts one byte here too.
//
// Bound: the buffered amounts of all channels of a PeerConnection share one budget, the SCTP send
// buffer (SettingEngine::sctp_max_send_buffer), which SCTP itself enforces for what it holds; a message
// that does not fit is refused synchronously with kOperationError, as SCTP refused it before. The number
// of queued messages is bounded too (kMaxQueuedMessages per PeerConnection), since an empty message
// would otherwise cost queue memory while counting one byte.
//
// Locking: `mutex_` guards the producer side (bytes_, messages_); it is held only to append or to swap
// the whole queue with the loop's empty one, never while calling out. The buffered amounts and the
// budget are atomics, updated with read-modify-write operations, so senders and the loop never lose an
// update; the budget is reserved with a compare-and-swap so concurrent senders cannot overshoot it.
// Everything else (the batch being sent, in_sctp_) is loop-thread only.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "purertc/rtc_error.h"

namespace purertc::pc {

// Shared by the data channels of one PeerConnection (and kept by each, so it outlives the
// PeerConnection while a handle does).
struct DataChannelSendBudget {
  static constexpr size_t kMaxQueuedMessages = size_t{1} << 20;

  DataChannelSendBudget(size_t max_buffered, size_t local_max_message_size, uint64_t remote_max_message_size)
      : max_buffered(max_buffered), local_max_message_size(local_max_message_size),
        remote_max_message_size(remote_max_message_size) {}

  const size_t max_buffered;            // SettingEngine::sctp_max_send_buffer
  const size_t local_max_message_size;  // SettingEngine::sctp_max_message_size: SCTP refuses larger ones
  std::atomic<uint64_t> remote_max_message_size;  // the peer's a=max-message-size (0: no limit)
  std::atomic<size_t> buffered{0};                // the sum of every channel's buffered amount
  std::atomic<size_t> queued_messages{0};         // messages in every channel's queue
};

class DataChannelSendQueue {
 public:
  explicit DataChannelSendQueue(std::shared_ptr<DataChannelSendBudget> budget) : budget_(std::move(budget)) {}
  ~DataChannelSendQueue();
  DataChannelSendQueue(const DataChannelSendQueue&) = delete;
  DataChannelSendQueue& operator=(const DataChannelSendQueue&) = delete;

  // What SCTP (and the buffered amount) count for a message of `size` bytes.
  static size_t charge(size_t size) { return size == 0 ? 1 : size; }

  // Any thread. kInvalidArgument when the message is larger than the peer's a=max-message-size or
  // than SettingEngine::sctp_max_message_size.
  RtcResult<void> check_size(size_t size) const;
  // Any thread: reserves the message's bytes in the budget and queues a copy. True when the queue was
  // empty, i.e. the caller must wake the loop to drain it. kOperationError when the send buffer is full.
  RtcResult<bool> push(bool binary, std::span<const uint8_t> data);
  // Any thread: reserves `size` for a message the loop thread hands to SCTP itself (see hand_over()).
  RtcResult<void> reserve(size_t size);
  size_t buffered() const { return buffered_.load(std::memory_order_relaxed); }

  // Loop thread. Takes everything queued and calls `send(binary, bytes)` for each message in order;
  // `send` returns whether SCTP accepted it (a refused message's bytes leave the buffered amount).
  // Returns the number of messages taken.
  template <class F>
  size_t drain(F&& send) {
    take();
    size_t offset = 0;
    for (const Message& m : batch_.messages) {
      const std::span<const uint8_t> bytes(batch_.bytes.data() + offset, m.size);
      offset += m.size;
      if (send(m.binary, bytes)) {
        hand_over(m.size);
      } else {
        release(charge(m.size));
      }
    }
    return finish_batch();
  }
  // Loop thread: a reserved message of `size` bytes is now in SCTP / was refused.
  void hand_over(size_t size) { in_sctp_ += charge(size); }
  void release(size_t charged);
  // Loop thread: `sctp_buffered` is what SCTP holds for the stream now; returns whether it holds any.
  bool sync(size_t sctp_buffered);
  // Loop thread: drops every queued message and the SCTP part (the channel closed): buffered() is 0
  // once messages that raced with the close are dropped by their own drain.
  void clear();

 private:
  struct Message {
    size_t size;
    bool binary;
  };
  struct Batch {
    std::vector<uint8_t> bytes;  // the messages back to back
    std::vector<Message> messages;
  };
  void add(size_t charged);
  void take();
  size_t finish_batch();

  const std::shared_ptr<DataChannelSendBudget> budget_;
  std::atomic<size_t> buffered_{0};
  std::mutex mutex_;
  Batch queue_;  // guarded by mutex_
  // Loop thread only.
  Batch batch_;
  size_t in_sctp_ = 0;  // bytes handed to SCTP that it held at the last look
};

}  // namespace purertc::pc
