#include "pc/data_channel_send_queue.h"

#include <algorithm>
#include <utility>

namespace purertc::pc {
namespace {

// The loop keeps the capacity of the last batch for the next one, up to this much: a burst of large
// messages should not pin megabytes in an idle channel.
constexpr size_t kKeptCapacity = 256 * 1024;

}  // namespace

DataChannelSendQueue::~DataChannelSendQueue() {
  // Normally empty (a queued message keeps a drain task, and so this queue, alive); when the loop
  // stopped with one pending, give the budget back anyway so the other channels' bound stays right.
  clear();
}

RtcResult<void> DataChannelSendQueue::check_size(size_t size) const {
  // RFC 8841 section 6: never send more than the peer's a=max-message-size (0: no limit).
  const uint64_t remote = budget_->remote_max_message_size.load(std::memory_order_relaxed);
  if (remote != 0 && size > remote) {
    return RtcError{RtcErrorCode::kInvalidArgument, "the message exceeds the peer's a=max-message-size"};
  }
  if (size > budget_->local_max_message_size) {
    return RtcError{RtcErrorCode::kInvalidArgument, "the message exceeds SettingEngine::sctp_max_message_size"};
  }
  return {};
}

RtcResult<void> DataChannelSendQueue::reserve(size_t size) {
  const size_t charged = charge(size);
  size_t used = budget_->buffered.load(std::memory_order_relaxed);
  do {
    if (charged > budget_->max_buffered - std::min(used, budget_->max_buffered)) {
      return RtcError{RtcErrorCode::kOperationError,
                      "the SCTP send buffer is full (SettingEngine::sctp_max_send_buffer); wait for "
                      "on_buffered_amount_low"};
    }
  } while (!budget_->buffered.compare_exchange_weak(used, used + charged, std::memory_order_relaxed));
  buffered_.fetch_add(charged, std::memory_order_relaxed);
  return {};
}

RtcResult<bool> DataChannelSendQueue::push(bool binary, std::span<const uint8_t> data) {
  if (budget_->queued_messages.fetch_add(1, std::memory_order_relaxed) >= DataChannelSendBudget::kMaxQueuedMessages) {
    budget_->queued_messages.fetch_sub(1, std::memory_order_relaxed);
    return RtcError{RtcErrorCode::kOperationError, "too many messages wait for the event loop thread"};
  }
  std::lock_guard lock(mutex_);
  // Reserved under the lock, so the loop never takes a message whose bytes are not yet counted.
  if (auto st = reserve(data.size()); !st) {
    budget_->queued_messages.fetch_sub(1, std::memory_order_relaxed);
    return st.error();
  }
  const bool was_empty = queue_.messages.empty();
  queue_.bytes.insert(queue_.bytes.end(), data.begin(), data.end());
  queue_.messages.push_back(Message{data.size(), binary});
  return was_empty;
}

void DataChannelSendQueue::release(size_t charged) {
  buffered_.fetch_sub(charged, std::memory_order_relaxed);
  budget_->buffered.fetch_sub(charged, std::memory_order_relaxed);
}

void DataChannelSendQueue::add(size_t charged) {
  buffered_.fetch_add(charged, std::memory_order_relaxed);
  budget_->buffered.fetch_add(charged, std::memory_order_relaxed);
}

bool DataChannelSendQueue::sync(size_t sctp_buffered) {
  if (sctp_buffered < in_sctp_) {
    release(in_sctp_ - sctp_buffered);
  } else if (sctp_buffered > in_sctp_) {
    // SCTP counts a little more than we handed it (e.g. a DCEP message on the stream).
    add(sctp_buffered - in_sctp_);
  }
  in_sctp_ = sctp_buffered;
  return in_sctp_ != 0;
}

void DataChannelSendQueue::take() {
  {
    std::lock_guard lock(mutex_);
    std::swap(queue_, batch_);
  }
  budget_->queued_messages.fetch_sub(batch_.messages.size(), std::memory_order_relaxed);
}

size_t DataChannelSendQueue::finish_batch() {
  const size_t n = batch_.messages.size();
  if (batch_.bytes.capacity() > kKeptCapacity) {
    batch_ = Batch{};
  } else {
    batch_.bytes.clear();
    batch_.messages.clear();
  }
  return n;
}

void DataChannelSendQueue::clear() {
  take();
  size_t charged = in_sctp_;
  for (const Message& m : batch_.messages) charged += charge(m.size);
  finish_batch();
  in_sctp_ = 0;
  if (charged != 0) release(charged);
}

}  // namespace purertc::pc
