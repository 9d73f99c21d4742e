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

DataChannelState DataChannel::ready_state() const { return core_->state; }

namespace {

// Loop thread: hands what other threads queued to SCTP. The task keeps the core, not the PeerConnection,
// so a queued message never keeps a connection alive; once the connection is gone the queue is dropped.
void drain(const std::shared_ptr<DataChannelCore>& core) {
  if (auto pc = core->pc.lock()) {
    pc->drain_channel(*core);
    pc->run_callbacks();
  } else {
    core->send_queue.clear();
  }
}

RtcResult<void> send_message(const std::shared_ptr<DataChannelCore>& core, bool binary, std::span<const uint8_t> data) {
  // W3C send(): these errors are synchronous, on any thread.
  if (core->state != DataChannelState::kOpen) return RtcError{RtcErrorCode::kInvalidState, "the data channel is not open"};
  if (auto st = core->send_queue.check_size(data.size()); !st) return st;
  if (core->runtime->loop().is_loop_thread()) {
    // From a callback: sent now, after whatever other threads queued.
    return loop_call(*core->runtime, core->pc, [&](PeerConnectionCore& c) { return c.send(*core, binary, data); })
        .value_or(RtcError{RtcErrorCode::kInvalidState, "the data channel is closed"});
  }
  auto queued = core->send_queue.push(binary, data);
  if (!queued) return queued.error();
  // Only the message that made the queue non-empty wakes the loop; the drain takes all that follow.
  if (*queued) core->runtime->loop().post([core] { drain(core); });
  return {};
}

}  // namespace

RtcResult<void> DataChannel::send(std::string_view text) {
  return send_message(core_, false, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

RtcResult<void> DataChannel::send(std::span<const uint8_t> binary) { return send_message(core_, true, binary); }

size_t DataChannel::buffered_amount() const {
  return core_->state == DataChannelState::kClosed ? 0 : core_->send_queue.buffered();
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
