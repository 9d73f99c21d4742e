// The public DataChannel: immutable properties are read directly, everything else on the loop thread.
#include "pc/loop_call.h"
#include "pc/rtc_error_util.h"
#include "purertc/data_channel.h"

namespace purertc {

using pc::DataChannelCore;
using pc::loop_call;
using pc::loop_run;
using pc::PeerConnectionCore;

DataChannel::DataChannel(std::shared_ptr<DataChannelCore> core) : core_(std::move(core)) {}
DataChannel::~DataChannel() = default;

std::string DataChannel::label() const { return core_->label; }
std::string DataChannel::protocol() const { return core_->init.protocol; }
bool DataChannel::ordered() const { return core_->init.ordered; }
std::optional<uint16_t> DataChannel::max_retransmits() const { return core_->init.max_retransmits; }
std::optional<uint16_t> DataChannel::max_packet_life_time_ms() const { return core_->init.max_packet_life_time_ms; }
bool DataChannel::negotiated() const { return core_->init.negotiated; }

std::optional<uint16_t> DataChannel::id() const {
  std::optional<uint16_t> id;
  core_->runtime->call([&] { id = core_->id; });
  return id;
}

DataChannelState DataChannel::ready_state() const {
  DataChannelState state = DataChannelState::kClosed;
  core_->runtime->call([&] { state = core_->state; });
  return state;
}

RtcResult<void> DataChannel::send(std::string_view text) {
  const auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.send(*core_, false, bytes); })
      .value_or(RtcError{RtcErrorCode::kInvalidState, "the data channel is closed"});
}

RtcResult<void> DataChannel::send(std::span<const uint8_t> binary) {
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.send(*core_, true, binary); })
      .value_or(RtcError{RtcErrorCode::kInvalidState, "the data channel is closed"});
}

size_t DataChannel::buffered_amount() const {
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.buffered_amount(*core_); })
      .value_or(0);
}

size_t DataChannel::buffered_amount_low_threshold() const {
  size_t bytes = 0;
  core_->runtime->call([&] { bytes = core_->low_threshold; });
  return bytes;
}

void DataChannel::set_buffered_amount_low_threshold(size_t bytes) {
  if (!loop_run(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { c.set_buffered_amount_low_threshold(*core_, bytes); })) {
    core_->runtime->call([&] { core_->low_threshold = bytes; });
  }
}

void DataChannel::close() {
  loop_run(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { c.close_channel(*core_); });
}

void DataChannel::on_open(std::function<void()> callback) {
  core_->runtime->call([&] { core_->set_callback(core_->on_open, std::move(callback)); });
}
void DataChannel::on_message(std::function<void(const DataChannelMessage&)> callback) {
  core_->runtime->call([&] { core_->set_callback(core_->on_message, std::move(callback)); });
}
void DataChannel::on_close(std::function<void()> callback) {
  core_->runtime->call([&] { core_->set_callback(core_->on_close, std::move(callback)); });
}
void DataChannel::on_error(std::function<void(const RtcError&)> callback) {
  core_->runtime->call([&] { core_->set_callback(core_->on_error, std::move(callback)); });
}
void DataChannel::on_buffered_amount_low(std::function<void()> callback) {
  core_->runtime->call([&] { core_->set_callback(core_->on_buffered_amount_low, std::move(callback)); });
}

}  // namespace purertc
