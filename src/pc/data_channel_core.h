// The loop-thread state behind a public DataChannel handle. Owned jointly by the handle(s) and the
// PeerConnectionCore's channel list; every field except the immutable ones is touched only on the loop
// thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "purertc/data_channel.h"

namespace purertc::pc {

class PeerConnectionCore;
class Runtime;

class DataChannelCore {
 public:
  DataChannelCore(std::shared_ptr<Runtime> runtime, std::weak_ptr<PeerConnectionCore> pc, std::string label,
                  DataChannelInit init)
      : runtime(std::move(runtime)), pc(std::move(pc)), label(std::move(label)), init(std::move(init)) {}

  // Immutable.
  const std::shared_ptr<Runtime> runtime;
  const std::weak_ptr<PeerConnectionCore> pc;
  const std::string label;
  const DataChannelInit init;

  // Loop thread.
  std::optional<uint16_t> id;
  DataChannelState state = DataChannelState::kConnecting;
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
  // Called when the PeerConnection closes, for the same reason.
  void drop_callbacks() {
    on_open = on_close = on_buffered_amount_low = nullptr;
    on_message = nullptr;
    on_error = nullptr;
  }
};

}  // namespace purertc::pc
