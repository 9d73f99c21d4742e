// STUN message type: a 12-bit method interleaved with a 2-bit class (RFC 8489 section 5).
//
//    0                 1
//    2  3  4 5 6 7 8 9 0 1 2 3 4 5
//   +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
//   |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
//   |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
//   +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstdint>
#include <string_view>

namespace purertc::stun {

// Methods from RFC 8489 (Binding) and RFC 8656 (TURN).
enum class Method : uint16_t {
  kBinding = 0x001,
  kAllocate = 0x003,
  kRefresh = 0x004,
  kSend = 0x006,
  kData = 0x007,
  kCreatePermission = 0x008,
  kChannelBind = 0x009,
};

enum class MessageClass : uint8_t {
  kRequest = 0,
  kIndication = 1,
  kSuccessResponse = 2,
  kErrorResponse = 3,
};

std::string_view to_string(Method method);
std::string_view to_string(MessageClass cls);

struct MessageType {
  uint16_t method = 0;  // 12 bits; kept raw so a parser can carry methods it does not know
  MessageClass cls = MessageClass::kRequest;

  constexpr MessageType() = default;
  constexpr MessageType(Method m, MessageClass c) : method(static_cast<uint16_t>(m)), cls(c) {}
  constexpr MessageType(uint16_t m, MessageClass c) : method(m), cls(c) {}

  constexpr bool is(Method m, MessageClass c) const { return method == static_cast<uint16_t>(m) && cls == c; }
  constexpr bool is_response() const {
    return cls == MessageClass::kSuccessResponse || cls == MessageClass::kErrorResponse;
  }

  // The 14-bit wire value (the two top bits of the 16-bit field are zero).
  constexpr uint16_t encode() const {
    uint16_t m = method & 0x0fff;
    uint16_t c = static_cast<uint16_t>(cls);
    return static_cast<uint16_t>((m & 0x000f) | ((m & 0x0070) << 1) | ((m & 0x0f80) << 2) | ((c & 1) << 4) |
                                 ((c & 2) << 7));
  }
  static constexpr MessageType decode(uint16_t v) {
    uint16_t m = static_cast<uint16_t>((v & 0x000f) | ((v >> 1) & 0x0070) | ((v >> 2) & 0x0f80));
    uint8_t c = static_cast<uint8_t>(((v >> 4) & 1) | ((v >> 7) & 2));
    return MessageType(m, static_cast<MessageClass>(c));
  }

  friend constexpr bool operator==(const MessageType&, const MessageType&) = default;
};

static_assert(MessageType(Method::kBinding, MessageClass::kRequest).encode() == 0x0001);
static_assert(MessageType(Method::kBinding, MessageClass::kSuccessResponse).encode() == 0x0101);
static_assert(MessageType(Method::kBinding, MessageClass::kErrorResponse).encode() == 0x0111);
static_assert(MessageType(Method::kData, MessageClass::kIndication).encode() == 0x0017);
static_assert(MessageType::decode(0x0113) == MessageType(Method::kAllocate, MessageClass::kErrorResponse));

}  // namespace purertc::stun
