#include "sctp/datachannel/data_channel_endpoint.h"

#include <algorithm>

namespace purertc::sctp {

std::string_view to_string(DtlsRole r) { return r == DtlsRole::kClient ? "dtls-client" : "dtls-server"; }

std::string_view to_string(ChannelState s) {
  switch (s) {
    case ChannelState::kConnecting: return "connecting";
    case ChannelState::kOpen: return "open";
    case ChannelState::kClosing: return "closing";
    case ChannelState::kClosed: return "closed";
  }
  return "unknown";
}

DataChannelEndpoint::DataChannelEndpoint(const DataChannelSettings& settings, DtlsRole role, Random& random)
    : settings_(settings), role_(role), assoc_(settings.sctp, random) {}

const ChannelInfo* DataChannelEndpoint::channel(uint16_t id) const {
  auto it = channels_.find(id);
  return it == channels_.end() ? nullptr : &it->second.info;
}

static ChannelType channel_type_of(const DataChannelInit& init) {
  uint8_t t = init.max_retransmits ? 0x01 : init.max_packet_life_time_ms ? 0x02 : 0x00;
  if (!init.ordered) t |= 0x80;
  return static_cast<ChannelType>(t);
}

Result<uint16_t> DataChannelEndpoint::create_channel(std::string_view label, const DataChannelInit& init, Timestamp now) {
  now_ = now;
  if (init.max_retransmits && init.max_packet_life_time_ms) return unexpected(Error{Errc::kInvalidArgument, "datachannel: both max_retransmits and max_packet_life_time"});
  if (label.size() > 0xffff || init.protocol.size() > 0xffff) return unexpected(Error{Errc::kInvalidArgument, "datachannel: label or protocol too long"});
  if (init.negotiated && !init.id) return unexpected(Error{Errc::kInvalidArgument, "datachannel: negotiated channel without id"});
  uint16_t id = 0;
  if (init.id) {
    id = *init.id;
    if (id == 65535) return unexpected(Error{Errc::kInvalidArgument, "datachannel: id 65535 is reserved"});
    if (channels_.count(id)) return unexpected(Error{Errc::kWrongState, "datachannel: id in use"});
  } else {
    // RFC 8832 6: the DTLS client picks even stream ids, the server odd ones.
    uint32_t limit = assoc_.state() == AssociationState::kEstablished ? assoc_.outbound_streams() : settings_.sctp.max_outbound_streams;
    uint32_t candidate = role_ == DtlsRole::kClient ? 0 : 1;
    while (candidate < limit && channels_.count(static_cast<uint16_t>(candidate))) candidate += 2;
    if (candidate >= limit) return unexpected(Error{Errc::kLimitExceeded, "datachannel: no free stream id"});
    id = static_cast<uint16_t>(candidate);
  }
  Channel c;
  c.info = {id, std::string(label), init.protocol, channel_type_of(init),
            init.max_retransmits ? uint32_t{*init.max_retransmits} : init.max_packet_life_time_ms ? uint32_t{*init.max_packet_life_time_ms} : 0,
            init.priority, init.negotiated, ChannelState::kConnecting};
  c.ack_received = init.negotiated;
  auto& stored = channels_.emplace(id, std::move(c)).first->second;
  assoc_.set_stream_priority(id, init.priority);
  if (assoc_.state() == AssociationState::kEstablished) {
    if (init.negotiated) {
      stored.info.state = ChannelState::kOpen;
      events_.push_back(ChannelOpen{id});
    } else {
      send_open(stored, now);
    }
  }
  return id;
}

void DataChannelEndpoint::send_open(Channel& c, Timestamp now) {
  DataChannelOpen open{c.info.type, c.info.priority, c.info.reliability, c.info.label, c.info.protocol};
  // DCEP messages are always reliable and ordered (RFC 8832 6).
  auto st = assoc_.send(c.info.id, static_cast<uint32_t>(Ppid::kDcep), open.serialize(), SendOptions{}, now);
  c.open_sent = st.has_value();
}

void DataChannelEndpoint::on_connected(Timestamp now) {
  for (auto& [id, c] : channels_) {
    if (c.info.state != ChannelState::kConnecting) continue;
    if (c.info.negotiated) {
      c.info.state = ChannelState::kOpen;
      events_.push_back(ChannelOpen{id});
    } else if (!c.open_sent) {
      send_open(c, now);
    }
  }
}

SendOptions DataChannelEndpoint::options_for(const Channel& c) const {
  SendOptions o;
  uint8_t t = static_cast<uint8_t>(c.info.type);
  o.unordered = (t & 0x80) && c.ack_received;
  if ((t & 0x7f) == 0x01) o.max_retransmits = static_cast<uint16_t>(std::min<uint32_t>(c.info.reliability, 0xffff));
  if ((t & 0x7f) == 0x02) o.lifetime = Duration::millis(c.info.reliability);
  return o;
}

Status DataChannelEndpoint::send(uint16_t id, uint32_t ppid, std::vector<uint8_t> data, Timestamp now) {
  now_ = now;
  auto it = channels_.find(id);
  if (it == channels_.end() || it->second.info.state != ChannelState::kOpen) {
    // RFC 8832 6: the opener may send before the ACK; only a channel that was never opened is refused.
    if (it == channels_.end() || !it->second.open_sent || it->second.info.state != ChannelState::kConnecting) {
      return unexpected(Error{Errc::kWrongState, "datachannel: channel not open"});
    }
  }
  return assoc_.send(id, ppid, std::move(data), options_for(it->second), now);
}

Status DataChannelEndpoint::send_text(uint16_t id, std::string_view text, Timestamp now) {
  // RFC 8831 6.6: an empty message is one byte (0) with the "empty" PPID.
  if (text.empty()) return send(id, static_cast<uint32_t>(Ppid::kStringEmpty), {0}, now);
  return send(id, static_cast<uint32_t>(Ppid::kString), std::vector<uint8_t>(text.begin(), text.end()), now);
}

Status DataChannelEndpoint::send_binary(uint16_t id, std::span<const uint8_t> data, Timestamp now) {
  if (data.empty()) return send(id, static_cast<uint32_t>(Ppid::kBinaryEmpty), {0}, now);
  return send(id, static_cast<uint32_t>(Ppid::kBinary), std::vector<uint8_t>(data.begin(), data.end()), now);
}

void DataChannelEndpoint::close_channel(uint16_t id, Timestamp now) {
  now_ = now;
  auto it = channels_.find(id);
  if (it == channels_.end()) return;
  start_close(it->second, now);
}

void DataChannelEndpoint::start_close(Channel& c, Timestamp now) {
  if (c.info.state == ChannelState::kClosing || c.info.state == ChannelState::kClosed) return;
  c.info.state = ChannelState::kClosing;
  std::vector<uint16_t> streams{c.info.id};
  if (!assoc_.reset_streams(streams, now)) {
    // Without RE-CONFIG there is no way to tell the peer; the channel just ends here.
    c.outgoing_reset = c.incoming_reset = true;
    maybe_closed(c.info.id);
  }
}

void DataChannelEndpoint::maybe_closed(uint16_t id) {
  auto it = channels_.find(id);
  if (it == channels_.end() || !it->second.outgoing_reset || !it->second.incoming_reset) return;
  channels_.erase(it);
  events_.push_back(ChannelClosed{id});
}

void DataChannelEndpoint::on_dcep(uint16_t stream, std::span<const uint8_t> data) {
  if (is_dcep_ack(data)) {
    auto it = channels_.find(stream);
    if (it != channels_.end() && !it->second.ack_received && it->second.open_sent) {
      it->second.ack_received = true;
      if (it->second.info.state == ChannelState::kConnecting) {
        it->second.info.state = ChannelState::kOpen;
        events_.push_back(ChannelOpen{stream});
      }
    }
    return;
  }
  auto open = DataChannelOpen::parse(data);
  if (!open) return;
  if (channels_.count(stream) || channels_.size() >= settings_.max_channels) return;
  Channel c;
  c.info = {stream, open->label, open->protocol, open->channel_type, open->reliability, open->priority, false, ChannelState::kOpen};
  c.ack_received = true;
  c.open_sent = true;
  assoc_.set_stream_priority(stream, open->priority);
  channels_.emplace(stream, c);
  (void)assoc_.send(stream, static_cast<uint32_t>(Ppid::kDcep), {kDcepAck}, SendOptions{}, now_);
  events_.push_back(IncomingChannel{c.info});
}

void DataChannelEndpoint::on_message(MessageReceived& m) {
  if (m.ppid == static_cast<uint32_t>(Ppid::kDcep)) {
    on_dcep(m.stream, m.payload);
    return;
  }
  auto it = channels_.find(m.stream);
  if (it == channels_.end()) return;  // no channel on this stream: nothing to deliver it to
  Channel& c = it->second;
  // Data on a channel we opened means the peer has seen our OPEN (RFC 8832 6: an implicit ACK).
  if (!c.ack_received && c.open_sent) {
    c.ack_received = true;
    if (c.info.state == ChannelState::kConnecting) {
      c.info.state = ChannelState::kOpen;
      events_.push_back(ChannelOpen{m.stream});
    }
  }
  ChannelMessage out{m.stream, true, {}};
  switch (static_cast<Ppid>(m.ppid)) {
    case Ppid::kString:
    case Ppid::kStringPartial:
      out.binary = false;
      out.data = std::move(m.payload);
      break;
    case Ppid::kStringEmpty: out.binary = false; break;
    case Ppid::kBinaryEmpty: break;
    case Ppid::kBinary:
    case Ppid::kBinaryPartial: out.data = std::move(m.payload); break;
    default: return;  // unknown PPID: not a WebRTC message
  }
  events_.push_back(std::move(out));
}

void DataChannelEndpoint::handle_input(std::span<const uint8_t> packet, Timestamp now) {
  now_ = now;
  assoc_.handle_input(packet, now);
}

void DataChannelEndpoint::handle_timeout(Timestamp now) {
  now_ = now;
  assoc_.handle_timeout(now);
}

std::optional<ChannelOutput> DataChannelEndpoint::poll_output() {
  while (true) {
    if (!events_.empty()) {
      ChannelEvent e = std::move(events_.front());
      events_.pop_front();
      return ChannelOutput{std::move(e)};
    }
    auto out = assoc_.poll_output();
    if (!out) return std::nullopt;
    if (auto* t = std::get_if<Transmit>(&*out)) return ChannelOutput{std::move(*t)};
    Event& e = std::get<Event>(*out);
    if (auto* m = std::get_if<MessageReceived>(&e)) {
      on_message(*m);
    } else if (std::holds_alternative<Connected>(e)) {
      events_.push_back(Connected{});
      on_connected(now_);
    } else if (auto* in = std::get_if<IncomingStreamsReset>(&e)) {
      for (uint16_t id : in->streams) {
        auto it = channels_.find(id);
        if (it == channels_.end()) continue;
        it->second.incoming_reset = true;
        // The peer closed: close our direction too (RFC 8831 6.7).
        start_close(it->second, now_);
        maybe_closed(id);
      }
    } else if (auto* o = std::get_if<OutgoingStreamsReset>(&e)) {
      for (uint16_t id : o->streams) {
        auto it = channels_.find(id);
        if (it == channels_.end()) continue;
        it->second.outgoing_reset = true;
        maybe_closed(id);
      }
    } else if (auto* f = std::get_if<OutgoingStreamsResetFailed>(&e)) {
      for (uint16_t id : f->streams) {
        auto it = channels_.find(id);
        if (it == channels_.end()) continue;
        it->second.outgoing_reset = it->second.incoming_reset = true;
        maybe_closed(id);
      }
    } else if (auto* low = std::get_if<BufferedAmountLow>(&e)) {
      events_.push_back(ChannelBufferedAmountLow{low->stream});
    } else if (std::holds_alternative<Closed>(e) || std::holds_alternative<Aborted>(e)) {
      for (auto& [id, c] : channels_) events_.push_back(ChannelClosed{id});
      channels_.clear();
      if (auto* a = std::get_if<Aborted>(&e)) events_.push_back(std::move(*a));
      else events_.push_back(Closed{});
    } else if (std::holds_alternative<AssociationRestarted>(e)) {
      events_.push_back(AssociationRestarted{});
    }
  }
}

}  // namespace purertc::sctp
