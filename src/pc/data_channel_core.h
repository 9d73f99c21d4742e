// The loop-thread state behind a public DataChannel handle. Owned jointly by the handle(s) and the
// PeerConnectionCore's channel list.
//
// Lifetime: while the channel is connecting, open or closing, the PeerConnectionCore keeps both this
// core and the channel's one public handle (`handle`), so a user who keeps no handle still gets its
// callbacks, and a weak_ptr<DataChannel> captured by them stays valid. Once the channel is closed and
// its on_close ran (or the PeerConnection closed), the PeerConnectionCore drops the callbacks, the
// handle and the core: what the user's callbacks captured (often the handle itself, a cycle) is
// released, and the core lives on only as long as the user keeps a handle.
//
// Threading: the immutable fields, `state` (atomic) and `send_queue` (see data_channel_send_queue.h)
// may be used from any thread; every other field only on the loop thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "pc/data_channel_send_queue.h"
#include "purertc/data_channel.h"

namespace purertc::pc {

class PeerConnectionCore;
class Runtime;

class DataChannelCore {
 public:
  DataChannelCore(std::shared_ptr<Runtime> runtime, std::weak_ptr<PeerConnectionCore> pc,
                  std::shared_ptr<DataChannelSendBudget> budget, std::string label, DataChannelInit init)
      : runtime(std::move(runtime)), pc(std::move(pc)), label(std::move(label)), init(std::move(init)),
        send_queue(std::move(budget)) {}

  // Immutable.
  const std::shared_ptr<Runtime> runtime;
  const std::weak_ptr<PeerConnectionCore> pc;
  const std::string label;
  const DataChannelInit init;

  // Any thread: written on the loop thread, read by send() and ready_state() without waiting for it.
  std::atomic<DataChannelState> state{DataChannelState::kConnecting};
  DataChannelSendQueue send_queue;

  // Loop thread.
  std::shared_ptr<DataChannel> handle;  // the PeerConnection's reference while the channel lives
  bool in_sctp = false;                 // listed in PeerConnectionCore::buffering_channels_
  std::optional<uint16_t> id;
  size_t low_threshold = 0;
  uint64_t messages_sent = 0, bytes_sent = 0, messages_received = 0, bytes_received = 0;
  std::function<void()> on_open, on_close, on_buffered_amount_low;
  std::function<void(const DataChannelMessage&)> on_message;
  std::function<void(const RtcError&)> on_error;

  // A closed channel fires no more events, so a callback set then is dropped: user callbacks often capture
  // the channel's own handle, and keeping them would make a reference cycle that outlives the connection.
  template <typename F>
  void set_callback(F& slot, F callback) {
    if (state != DataChannelState::kClosed) slot = std::move(callback);
  }
  // Called when the channel is released (closed and on_close delivered, or the PeerConnection closed),
  // for the same reason.
  void drop_callbacks() {
    on_open = on_close = on_buffered_amount_low = nullptr;
    on_message = nullptr;
    on_error = nullptr;
  }
};

}  // namespace purertc::pc
