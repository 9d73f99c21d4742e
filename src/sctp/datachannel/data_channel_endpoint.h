// WebRTC data channels (RFC 8831) with in-band negotiation (RFC 8832) over one SCTP association, still
// sans-IO: the same handle_input / handle_timeout / poll_output / next_timeout contract as Association.
//
// Stream ids: the DTLS client uses even ids and the DTLS server odd ids for channels it opens
// (RFC 8832 6), so both sides can open channels at once without colliding. A channel is closed by
// resetting its outgoing stream (RFC 8831 6.7); the peer answers by resetting its own, and the channel
// is closed when both directions are reset.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sctp/association.h"
#include "sctp/datachannel/dcep_message.h"

namespace purertc::sctp {

enum class DtlsRole { kClient, kServer };
std::string_view to_string(DtlsRole r);

// W3C RTCDataChannelInit.
struct DataChannelInit {
  bool ordered = true;
  std::optional<uint16_t> max_retransmits;
  std::optional<uint16_t> max_packet_life_time_ms;
  std::string protocol;
  bool negotiated = false;          // pre-negotiated out of band: no DCEP, `id` required
  std::optional<uint16_t> id;
  uint16_t priority = 256;          // RFC 8831 6.4: 128 very-low, 256 low, 512 medium, 1024 high
};

enum class ChannelState { kConnecting, kOpen, kClosing, kClosed };
std::string_view to_string(ChannelState s);

struct ChannelInfo {
  uint16_t id = 0;
  std::string label;
  std::string protocol;
  ChannelType type = ChannelType::kReliable;
  uint32_t reliability = 0;
  uint16_t priority = 256;
  bool negotiated = false;
  ChannelState state = ChannelState::kConnecting;
};

// Events of the endpoint (association-level Connected / Closed / Aborted / AssociationRestarted pass
// through as they are).
struct ChannelOpen { uint16_t id = 0; };                 // ours got its ACK, or negotiated on connect
struct IncomingChannel { ChannelInfo info; };            // the peer opened one (already open)
struct ChannelMessage {
  uint16_t id = 0;
  bool binary = true;
  std::vector<uint8_t> data;
};
struct ChannelClosed { uint16_t id = 0; };
struct ChannelBufferedAmountLow { uint16_t id = 0; };
using ChannelEvent = std::variant<Connected, Closed, Aborted, AssociationRestarted, ChannelOpen, IncomingChannel,
                                  ChannelMessage, ChannelClosed, ChannelBufferedAmountLow>;
using ChannelOutput = std::variant<Transmit, ChannelEvent>;

struct DataChannelSettings {
  SctpSettings sctp;
  size_t max_channels = 1024;   // channels a peer may open
};

class DataChannelEndpoint {
 public:
  DataChannelEndpoint(const DataChannelSettings& settings, DtlsRole role, Random& random);

  // WebRTC: both sides call connect (SCTP handles the simultaneous open, RFC 9260 5.2.1).
  void connect(Timestamp now) { assoc_.connect(now); }
  void handle_input(std::span<const uint8_t> packet, Timestamp now);
  void handle_timeout(Timestamp now);
  std::optional<ChannelOutput> poll_output();
  Timestamp next_timeout() const { return assoc_.next_timeout(); }

  // Creates a channel; it may be created before the association is up (DCEP is sent on connect).
  // Errors: kInvalidArgument (negotiated without id, id of the wrong parity is allowed only when
  // negotiated, both max_retransmits and max_packet_life_time set, label/protocol over 65535 bytes),
  // kLimitExceeded (no free stream id), kWrongState (id in use).
  Result<uint16_t> create_channel(std::string_view label, const DataChannelInit& init, Timestamp now);
  // Errors: kWrongState (channel not open), and whatever Association::send returns.
  Status send_text(uint16_t id, std::string_view text, Timestamp now);
  Status send_binary(uint16_t id, std::span<const uint8_t> data, Timestamp now);
  void close_channel(uint16_t id, Timestamp now);
  void shutdown(Timestamp now) { assoc_.shutdown(now); }

  size_t buffered_amount(uint16_t id) const { return assoc_.buffered_amount(id); }
  void set_buffered_amount_low_threshold(uint16_t id, size_t bytes) { assoc_.set_buffered_amount_low_threshold(id, bytes); }
  const ChannelInfo* channel(uint16_t id) const;
  Association& association() { return assoc_; }

 private:
  struct Channel {
    ChannelInfo info;
    bool ack_received = false;     // until then messages go ordered (RFC 8832 6)
    bool open_sent = false;
    bool outgoing_reset = false;
    bool incoming_reset = false;
  };
  void on_connected(Timestamp now);
  void send_open(Channel& c, Timestamp now);
  void on_dcep(uint16_t stream, std::span<const uint8_t> data);
  void on_message(MessageReceived& m);
  void start_close(Channel& c, Timestamp now);
  void maybe_closed(uint16_t id);
  Status send(uint16_t id, uint32_t ppid, std::vector<uint8_t> data, Timestamp now);
  SendOptions options_for(const Channel& c) const;

  DataChannelSettings settings_;
  DtlsRole role_;
  Association assoc_;
  Timestamp now_;
  std::map<uint16_t, Channel> channels_;
  std::deque<ChannelEvent> events_;
};

}  // namespace purertc::sctp
