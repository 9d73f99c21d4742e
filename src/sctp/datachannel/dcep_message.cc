#include "sctp/datachannel/dcep_message.h"

#include "common/byte_order.h"

namespace purertc::sctp {

std::string_view to_string(ChannelType t) {
  switch (t) {
    case ChannelType::kReliable: return "reliable";
    case ChannelType::kPartialReliableRexmit: return "partial-reliable-rexmit";
    case ChannelType::kPartialReliableTimed: return "partial-reliable-timed";
    case ChannelType::kReliableUnordered: return "reliable-unordered";
    case ChannelType::kPartialReliableRexmitUnordered: return "partial-reliable-rexmit-unordered";
    case ChannelType::kPartialReliableTimedUnordered: return "partial-reliable-timed-unordered";
  }
  return "unknown";
}

std::string_view to_string(Ppid p) {
  switch (p) {
    case Ppid::kDcep: return "dcep";
    case Ppid::kString: return "string";
    case Ppid::kBinaryPartial: return "binary-partial";
    case Ppid::kBinary: return "binary";
    case Ppid::kStringPartial: return "string-partial";
    case Ppid::kStringEmpty: return "string-empty";
    case Ppid::kBinaryEmpty: return "binary-empty";
  }
  return "unknown-ppid";
}

Result<DataChannelOpen> DataChannelOpen::parse(std::span<const uint8_t> m) {
  if (m.size() < 12) return unexpected(Error{Errc::kTruncated, "dcep: DATA_CHANNEL_OPEN too short"});
  if (m[0] != kDcepOpen) return unexpected(Error{Errc::kMalformed, "dcep: not a DATA_CHANNEL_OPEN"});
  uint8_t type = m[1];
  if ((type & 0x7f) > 0x02) return unexpected(Error{Errc::kMalformed, "dcep: unknown channel type"});
  size_t label_len = load_u16(m.data() + 8);
  size_t protocol_len = load_u16(m.data() + 10);
  if (label_len + protocol_len != m.size() - 12) return unexpected(Error{Errc::kMalformed, "dcep: label/protocol lengths do not match message"});
  DataChannelOpen o;
  o.channel_type = static_cast<ChannelType>(type);
  o.priority = load_u16(m.data() + 2);
  o.reliability = load_u32(m.data() + 4);
  o.label.assign(reinterpret_cast<const char*>(m.data() + 12), label_len);
  o.protocol.assign(reinterpret_cast<const char*>(m.data() + 12 + label_len), protocol_len);
  return o;
}

std::vector<uint8_t> DataChannelOpen::serialize() const {
  std::vector<uint8_t> out(12 + label.size() + protocol.size());
  out[0] = kDcepOpen;
  out[1] = static_cast<uint8_t>(channel_type);
  store_u16(out.data() + 2, priority);
  store_u32(out.data() + 4, reliability);
  store_u16(out.data() + 8, static_cast<uint16_t>(label.size()));
  store_u16(out.data() + 10, static_cast<uint16_t>(protocol.size()));
  std::copy(label.begin(), label.end(), out.begin() + 12);
  std::copy(protocol.begin(), protocol.end(), out.begin() + 12 + static_cast<std::ptrdiff_t>(label.size()));
  return out;
}

bool is_dcep_ack(std::span<const uint8_t> m) { return m.size() == 1 && m[0] == kDcepAck; }

}  // namespace purertc::sctp
