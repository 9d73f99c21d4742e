// PeerConnectionCore: data channels (W3C RTCDataChannel over src/sctp's DataChannelEndpoint).
#include <algorithm>

#include "pc/peer_connection_core.h"
#include "pc/rtc_error_util.h"
#include "pc/runtime.h"

namespace purertc::pc {
namespace {

sctp::DataChannelInit to_sctp(const DataChannelInit& init, std::optional<uint16_t> id) {
  sctp::DataChannelInit s;
  s.ordered = init.ordered;
  s.max_retransmits = init.max_retransmits;
  s.max_packet_life_time_ms = init.max_packet_life_time_ms;
  s.protocol = init.protocol;
  s.negotiated = init.negotiated;
  s.id = id;
  return s;
}

DataChannelInit from_info(const sctp::ChannelInfo& info) {
  DataChannelInit init;
  using T = sctp::ChannelType;
  init.ordered = !(info.type == T::kReliableUnordered || info.type == T::kPartialReliableRexmitUnordered ||
                   info.type == T::kPartialReliableTimedUnordered);
  if (info.type == T::kPartialReliableRexmit || info.type == T::kPartialReliableRexmitUnordered) {
    init.max_retransmits = static_cast<uint16_t>(std::min<uint32_t>(info.reliability, 65535));
  }
  if (info.type == T::kPartialReliableTimed || info.type == T::kPartialReliableTimedUnordered) {
    init.max_packet_life_time_ms = static_cast<uint16_t>(std::min<uint32_t>(info.reliability, 65535));
  }
  init.protocol = info.protocol;
  init.negotiated = info.negotiated;
  init.id = info.id;
  return init;
}

Status send_to_sctp(sctp::DataChannelEndpoint& sctp, uint16_t id, bool binary, std::span<const uint8_t> bytes, Timestamp t) {
  return binary ? sctp.send_binary(id, bytes, t)
                : sctp.send_text(id, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), t);
}

}  // namespace

RtcResult<std::shared_ptr<DataChannel>> PeerConnectionCore::create_data_channel(const std::string& label,
                                                                               const DataChannelInit& init) {
  if (closed_) return closed_error();
  if (label.size() > 65535 || init.protocol.size() > 65535) {
    return rtc_error(RtcErrorCode::kInvalidArgument, "label and protocol are limited to 65535 bytes (RFC 8832)");
  }
  if (init.max_retransmits && init.max_packet_life_time_ms) {
    return rtc_error(RtcErrorCode::kInvalidArgument, "max_retransmits and max_packet_life_time_ms exclude each other");
  }
  if (init.negotiated && !init.id) return rtc_error(RtcErrorCode::kInvalidArgument, "a negotiated channel needs an id");
  if (init.id && *init.id > 65534) return rtc_error(RtcErrorCode::kInvalidArgument, "stream id 65535 is reserved");
  if (init.id) {
    for (const auto& c : channels_) {
      if (c->id == init.id && c->state != DataChannelState::kClosed) {
        return rtc_error(RtcErrorCode::kInvalidState, "a channel with this id exists");
      }
    }
  }
  auto channel = new_channel(label, init);
  if (init.negotiated) channel->id = init.id;
  if (transport_->sctp()) {
    if (auto st = open_channel(*channel); !st) {
      release_channel(channel);
      return st.error();
    }
  }
  data_channel_created_ = true;
  update_negotiation_needed();
  return channel->handle;
}

std::shared_ptr<DataChannelCore> PeerConnectionCore::new_channel(std::string label, DataChannelInit init) {
  if (!send_budget_) {
    const SettingEngine& s = runtime_->settings();
    send_budget_ = std::make_shared<DataChannelSendBudget>(s.sctp_max_send_buffer, s.sctp_max_message_size,
                                                           remote_max_message_size_);
  }
  auto c = std::make_shared<DataChannelCore>(runtime_, weak_from_this(), send_budget_, std::move(label), std::move(init));
  c->handle = std::make_shared<DataChannel>(c);
  channels_.push_back(c);
  return c;
}

void PeerConnectionCore::set_remote_max_message_size(uint64_t bytes) {
  remote_max_message_size_ = bytes;
  if (send_budget_) send_budget_->remote_max_message_size.store(bytes, std::memory_order_relaxed);
}

void PeerConnectionCore::end_channel(const std::shared_ptr<DataChannelCore>& c, std::optional<RtcError> error) {
  c->state = DataChannelState::kClosed;
  data_channels_closed_++;
  // Nothing more can be sent: queued messages are dropped and buffered_amount() reads 0.
  c->send_queue.clear();
  post_callback([this, c, error = std::move(error)] {
    if (error) {
      if (auto cb = c->on_error) cb(*error);
    }
    if (auto cb = c->on_close) cb();
    release_channel(c);
  });
}

void PeerConnectionCore::release_channel(const std::shared_ptr<DataChannelCore>& c) {
  c->drop_callbacks();
  c->handle.reset();
  std::erase(channels_, c);
  if (c->in_sctp) {
    c->in_sctp = false;
    std::erase(buffering_channels_, c);
  }
}

void PeerConnectionCore::close_channels() {
  for (const auto& c : channels_) {
    c->state = DataChannelState::kClosed;
    c->send_queue.clear();
    c->drop_callbacks();
    c->in_sctp = false;
  }
  buffering_channels_.clear();
  // Released last: dropping a handle may destroy a user callback's captures, which must not find the
  // list half-changed.
  auto released = std::move(channels_);
  channels_.clear();
  for (const auto& c : released) c->handle.reset();
}

void PeerConnectionCore::open_pending_channels() {
  if (!transport_->sctp()) return;
  // Copy: failing a channel queues callbacks but never changes the list.
  for (const auto& c : channels_) {
    if (c->state != DataChannelState::kConnecting || (c->id && transport_->sctp()->channel(*c->id))) continue;
    if (auto st = open_channel(*c); !st) end_channel(c, st.error());
  }
}

RtcResult<void> PeerConnectionCore::open_channel(DataChannelCore& channel) {
  sctp::DataChannelEndpoint* sctp = transport_->sctp();
  // Before the DTLS role is known an id cannot be chosen (its parity depends on the role); the
  // endpoint picks one now unless the application fixed it.
  std::optional<uint16_t> wanted = channel.init.negotiated ? channel.init.id : std::nullopt;
  if (!wanted && transport_->dtls()) {
    // A fresh id of our parity (RFC 8832 section 6) rather than the endpoint's lowest free one: an id
    // whose closing the peer has not finished yet (its own outgoing reset still in flight) would make
    // the peer drop our DCEP OPEN. Ids are reused only once all 32767 of our parity have been used.
    const uint16_t parity = transport_->dtls()->role() == dtls::Role::kClient ? 0 : 1;
    if (next_stream_id_ < parity) next_stream_id_ = parity;
    while (next_stream_id_ < 65535 && sctp->channel(static_cast<uint16_t>(next_stream_id_))) next_stream_id_ += 2;
    if (next_stream_id_ < 65535) {
      wanted = static_cast<uint16_t>(next_stream_id_);
      next_stream_id_ += 2;
    }
  }
  auto id = sctp->create_channel(channel.label, to_sctp(channel.init, wanted), pc::now());
  if (!id) {
    const RtcErrorCode code = id.error().code == Errc::kWrongState ? RtcErrorCode::kInvalidState
                              : id.error().code == Errc::kInvalidArgument ? RtcErrorCode::kInvalidArgument
                                                                           : RtcErrorCode::kOperationError;
    return rtc_error(code, id.error());
  }
  channel.id = *id;
  if (channel.low_threshold != 0) sctp->set_buffered_amount_low_threshold(*id, channel.low_threshold);
  transport_->flush();
  return {};
}

std::shared_ptr<DataChannelCore> PeerConnectionCore::channel_by_id(uint16_t id) const {
  for (const auto& c : channels_) {
    if (c->id == id && c->state != DataChannelState::kClosed) return c;
  }
  return nullptr;
}

void PeerConnectionCore::on_channel_event(sctp::ChannelEvent& event) {
  if (auto* open = std::get_if<sctp::ChannelOpen>(&event)) {
    auto c = channel_by_id(open->id);
    if (!c || c->state != DataChannelState::kConnecting) return;
    c->state = DataChannelState::kOpen;
    data_channels_opened_++;
    post_callback([c] {
      if (auto cb = c->on_open) cb();
    });
  } else if (auto* incoming = std::get_if<sctp::IncomingChannel>(&event)) {
    auto c = new_channel(incoming->info.label, from_info(incoming->info));
    c->id = incoming->info.id;
    c->state = DataChannelState::kOpen;
    data_channels_opened_++;
    // W3C: the datachannel event first (the application sets on_open / on_message there), then open.
    // The handle is taken now: the channel may close (and be released) before this runs.
    post_callback([this, c, handle = c->handle] {
      if (auto cb = on_data_channel) cb(handle);
      if (c->state != DataChannelState::kOpen) return;
      if (auto cb = c->on_open) cb();
    });
  } else if (auto* msg = std::get_if<sctp::ChannelMessage>(&event)) {
    auto c = channel_by_id(msg->id);
    if (!c) return;
    c->messages_received++;
    c->bytes_received += msg->data.size();
    auto message = std::make_shared<DataChannelMessage>(DataChannelMessage{msg->binary, std::move(msg->data)});
    post_callback([c, message] {
      if (auto cb = c->on_message) cb(*message);
    });
  } else if (auto* closed = std::get_if<sctp::ChannelClosed>(&event)) {
    if (auto c = channel_by_id(closed->id)) end_channel(c, std::nullopt);
  } else if (auto* low = std::get_if<sctp::ChannelBufferedAmountLow>(&event)) {
    auto c = channel_by_id(low->id);
    if (!c) return;
    // So that buffered_amount() in the callback already reads the amount that made the event.
    sync_buffered_amount(*c);
    post_callback([c] {
      if (auto cb = c->on_buffered_amount_low) cb();
    });
  } else if (std::holds_alternative<sctp::Closed>(event) || std::holds_alternative<sctp::Aborted>(event)) {
    // The association is gone: every channel on it is closed (W3C "closed" without an error for a
    // graceful end, with an OperationError when the association was aborted).
    std::optional<RtcError> error;
    if (auto* aborted = std::get_if<sctp::Aborted>(&event)) {
      error = RtcError{RtcErrorCode::kOperationError, "SCTP association aborted: " + aborted->reason};
    }
    for (const auto& c : channels_) {
      if (c->state != DataChannelState::kClosed) end_channel(c, error);
    }
  }
}

RtcResult<void> PeerConnectionCore::send(DataChannelCore& channel, bool binary, std::span<const uint8_t> data) {
  if (channel.state != DataChannelState::kOpen || closed_) {
    return rtc_error(RtcErrorCode::kInvalidState, "the data channel is not open");
  }
  if (auto st = channel.send_queue.check_size(data.size()); !st) return st.error();
  if (auto st = channel.send_queue.reserve(data.size()); !st) return st.error();
  // Messages other threads queued before this one go first.
  drain_channel(channel);
  if (channel.state != DataChannelState::kOpen) {  // an earlier message's failure ended the association
    channel.send_queue.release(DataChannelSendQueue::charge(data.size()));
    return rtc_error(RtcErrorCode::kInvalidState, "the data channel is not open");
  }
  sctp::DataChannelEndpoint* sctp = transport_->sctp();
  Status st = send_to_sctp(*sctp, *channel.id, binary, data, pc::now());
  if (!st) {
    channel.send_queue.release(DataChannelSendQueue::charge(data.size()));
    return rtc_error(RtcErrorCode::kOperationError, st.error());
  }
  channel.send_queue.hand_over(data.size());
  channel.messages_sent++;
  channel.bytes_sent += data.size();
  transport_->flush();
  sync_buffered_amount(channel);
  return {};
}

void PeerConnectionCore::drain_channel(DataChannelCore& channel) {
  sctp::DataChannelEndpoint* sctp = transport_->sctp();
  if (closed_ || channel.state != DataChannelState::kOpen || !sctp || !channel.id) {
    // Messages that raced with the close: send() had accepted them, but nothing more leaves.
    channel.send_queue.clear();
    return;
  }
  const Timestamp t = pc::now();
  std::optional<Error> failure;
  const size_t taken = channel.send_queue.drain([&](bool binary, std::span<const uint8_t> bytes) {
    Status st = send_to_sctp(*sctp, *channel.id, binary, bytes, t);
    if (!st) {
      if (!failure) failure = st.error();
      return false;
    }
    channel.messages_sent++;
    channel.bytes_sent += bytes.size();
    return true;
  });
  if (taken == 0) return;
  // One flush for the whole batch: small messages share packets.
  transport_->flush();
  sync_buffered_amount(channel);
  if (failure) {
    // send() returned before SCTP saw the message, so its refusal (the association is going away, or the
    // SCTP buffer held more than the budget knew of) can only be reported as an event.
    std::shared_ptr<DataChannelCore> c = channel_by_id(*channel.id);
    if (c) {
      post_callback([c, error = rtc_error(RtcErrorCode::kOperationError, "a queued message was not sent: " + to_string(*failure))] {
        if (auto cb = c->on_error) cb(error);
      });
    }
  }
}

void PeerConnectionCore::sync_buffered_amount(DataChannelCore& channel) {
  sctp::DataChannelEndpoint* sctp = transport_->sctp();
  if (!sctp || !channel.id) return;
  if (!channel.send_queue.sync(sctp->buffered_amount(*channel.id)) || channel.in_sctp) return;
  // SCTP holds some of it: look again after each datagram batch or timer (sync_buffered_amounts).
  if (auto c = channel_by_id(*channel.id)) {
    c->in_sctp = true;
    buffering_channels_.push_back(std::move(c));
  }
}

void PeerConnectionCore::sync_buffered_amounts() {
  sctp::DataChannelEndpoint* sctp = transport_->sctp();
  if (buffering_channels_.empty() || !sctp) return;
  std::erase_if(buffering_channels_, [&](const std::shared_ptr<DataChannelCore>& c) {
    const bool holds = c->state != DataChannelState::kClosed && c->id && c->send_queue.sync(sctp->buffered_amount(*c->id));
    c->in_sctp = holds;
    return !holds;
  });
}

void PeerConnectionCore::set_buffered_amount_low_threshold(DataChannelCore& channel, size_t bytes) {
  channel.low_threshold = bytes;
  if (!closed_ && channel.id && transport_->sctp() && channel.state != DataChannelState::kClosed) {
    transport_->sctp()->set_buffered_amount_low_threshold(*channel.id, bytes);
  }
}

void PeerConnectionCore::close_channel(DataChannelCore& channel) {
  if (closed_ || channel.state == DataChannelState::kClosing || channel.state == DataChannelState::kClosed) return;
  if (channel.id && transport_->sctp() && transport_->sctp()->channel(*channel.id)) {
    // RFC 8831 section 6.7: what was sent before close() still goes out before the stream reset.
    drain_channel(channel);
    if (channel.state != DataChannelState::kOpen && channel.state != DataChannelState::kConnecting) return;
    channel.state = DataChannelState::kClosing;
    transport_->sctp()->close_channel(*channel.id, pc::now());
    transport_->flush();
    return;
  }
  // Never reached the association: closed at once.
  for (const auto& c : channels_) {
    if (c.get() == &channel) {
      end_channel(c, std::nullopt);
      return;
    }
  }
}

}  // namespace purertc::pc
