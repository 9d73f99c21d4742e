// W3C RTCDataChannel over SCTP (RFC 8831) with in-band DCEP negotiation (RFC 8832).
//
// Threading: every method is thread-safe. Calls from another thread are run on the library's event loop
// thread and wait for it; calls from a callback (which runs on that thread) run inline. Callbacks run
// on the loop thread, one at a time, never under a purertc lock, and may call any purertc API.
// Lifetime: a DataChannel is a handle (held by std::shared_ptr); it stays valid after its
// PeerConnection closed (it is then kClosed and send() fails). No callback runs after the
// PeerConnection's close() returned, or after close() of this channel has delivered on_close.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "purertc/export.h"
#include "purertc/rtc_error.h"

namespace purertc {

namespace pc {
class DataChannelCore;  // the loop-thread state behind a DataChannel (src/pc)
}

// RTCDataChannelInit.
struct DataChannelInit {
  bool ordered = true;
  // At most one of the two: partial reliability (RFC 3758) by retransmission count or lifetime.
  std::optional<uint16_t> max_retransmits;
  std::optional<uint16_t> max_packet_life_time_ms;
  std::string protocol;
  // Negotiated out of band: both sides create the channel with the same `id`; no DCEP is sent.
  bool negotiated = false;
  std::optional<uint16_t> id;
};

enum class DataChannelState { kConnecting, kOpen, kClosing, kClosed };
PURERTC_EXPORT std::string_view to_string(DataChannelState state);  // "connecting" ...

struct DataChannelMessage {
  bool binary = true;
  std::vector<uint8_t> data;
  std::string_view text() const { return {reinterpret_cast<const char*>(data.data()), data.size()}; }
};

class PURERTC_EXPORT DataChannel {
 public:
  explicit DataChannel(std::shared_ptr<pc::DataChannelCore> core);
  ~DataChannel();
  DataChannel(const DataChannel&) = delete;
  DataChannel& operator=(const DataChannel&) = delete;

  std::string label() const;
  std::string protocol() const;
  bool ordered() const;
  std::optional<uint16_t> max_retransmits() const;
  std::optional<uint16_t> max_packet_life_time_ms() const;
  bool negotiated() const;
  // The SCTP stream id; nullopt until the DTLS role is known (it decides the id's parity).
  std::optional<uint16_t> id() const;
  DataChannelState ready_state() const;

  // Errors: kInvalidState unless the channel is open; kInvalidArgument for a message larger than the
  // peer's a=max-message-size; kOperationError when the SCTP send buffer is full
  // (SettingEngine::sctp_max_send_buffer) or the association failed.
  RtcResult<void> send(std::string_view text);
  RtcResult<void> send(std::span<const uint8_t> binary);

  // Bytes accepted by send() and not yet handed to the network.
  size_t buffered_amount() const;
  size_t buffered_amount_low_threshold() const;
  // on_buffered_amount_low fires when buffered_amount() falls to or below this value.
  void set_buffered_amount_low_threshold(size_t bytes);

  // Starts the closing procedure (RFC 8831 6.7: reset of the outgoing stream); on_close fires when
  // both directions are reset. A no-op when already closing or closed.
  void close();

  // Setting a callback replaces the previous one; an empty function removes it. Events that happened
  // before a callback was set are not replayed: a thread other than the loop may set on_open after the
  // channel opened, so either set callbacks from a callback (the loop thread, where no event can
  // interleave) or check ready_state() after setting them.
  void on_open(std::function<void()> callback);
  void on_message(std::function<void(const DataChannelMessage&)> callback);
  void on_close(std::function<void()> callback);
  void on_error(std::function<void(const RtcError&)> callback);
  void on_buffered_amount_low(std::function<void()> callback);

 private:
  std::shared_ptr<pc::DataChannelCore> core_;
};

}  // namespace purertc
