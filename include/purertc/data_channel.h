// W3C RTCDataChannel over SCTP (RFC 8831) with in-band DCEP negotiation (RFC 8832).
//
// Threading: every method is thread-safe. send(), buffered_amount() and ready_state() never wait for the
// library's event loop thread (see send()); the other calls from another thread are run on that thread
// and wait for it, and calls from a callback (which runs on that thread) run inline. Callbacks run on
// the loop thread, one at a time, never under a purertc lock, and may call any purertc API.
//
// Lifetime: a DataChannel is a handle (held by std::shared_ptr). As in the W3C API and Pion, the
// PeerConnection keeps a connecting or open channel alive, with its callbacks, whether or not the
// application keeps the handle: this is enough to receive and answer every message.
//
//   pc->on_data_channel([](std::shared_ptr<DataChannel> dc) {
//     dc->on_message([weak = std::weak_ptr<DataChannel>(dc)](const DataChannelMessage& m) {
//       if (auto self = weak.lock()) (void)self->send(m.text());   // echo
//     });
//   });
//
// The PeerConnection hands out one handle per channel (create_data_channel and on_data_channel give the
// same object it keeps), so a weak_ptr to it stays valid while the channel lives. Capturing the handle
// itself (`[dc](...) { dc->send(...); }`) works too: that cycle is broken when the channel ends. Once the
// channel is closed (by either side, or because the association or DTLS ended) and its on_close has run,
// or once the PeerConnection closed, the PeerConnection drops the channel's callbacks (and with them
// whatever they captured) and its own reference; the handle then lives only as long as the application
// keeps it, stays valid, reads kClosed, and send() fails. Closed channels leave the PeerConnection's
// get_stats() then (the peer-connection counters dataChannelsOpened/Closed keep counting them).
// No callback runs after the PeerConnection's close() returned, or after on_close of this channel ran.
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

  // Queues the message (copied) and returns without waiting for the loop thread, which hands everything
  // queued to SCTP in its next turn (called from a callback, on the loop thread, it goes to SCTP at
  // once). Messages from one thread leave in the order of the calls, also relative to sends the same
  // application makes later from a callback; messages that close() follows are sent before the channel
  // closes. There is no order between calls that race on different threads.
  // Errors, all reported synchronously: kInvalidState unless the channel is open; kInvalidArgument for a
  // message larger than the peer's a=max-message-size or SettingEngine::sctp_max_message_size;
  // kOperationError when the message does not fit in the send buffer
  // (buffered amounts of all the PeerConnection's channels + this message > SettingEngine::
  // sctp_max_send_buffer; wait for on_buffered_amount_low) or when more than 2^20 messages wait for the
  // loop thread. A queued message that SCTP refuses later (the association failed meanwhile) is
  // reported through on_error.
  RtcResult<void> send(std::string_view text);
  RtcResult<void> send(std::span<const uint8_t> binary);

  // Bytes accepted by send() and not yet handed to the network (an empty message counts 1 byte, as SCTP
  // sends it); 0 once closed. It grows by each message's size when send() returns, and falls as the loop
  // thread sends (observed after each of its turns), so another thread reads at most one loop turn late.
  size_t buffered_amount() const;
  size_t buffered_amount_low_threshold() const;
  // on_buffered_amount_low fires when buffered_amount() falls to or below this value. (A send racing on
  // another thread may have raised it again by the time the callback reads it.)
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
