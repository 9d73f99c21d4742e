// STUN attribute types (RFC 8489 section 18.3, RFC 8656 section 18, RFC 8445 section 16.1).
// 0x0000-0x7FFF are comprehension-required: a receiver that does not understand one must reject the
// message (a request gets a 420 with UNKNOWN-ATTRIBUTES). 0x8000-0xFFFF are comprehension-optional and
// are ignored when unknown.
#pragma once

#include <cstdint>
#include <string_view>

namespace purertc::stun {

enum class AttributeType : uint16_t {
  // RFC 8489
  kMappedAddress = 0x0001,
  kUsername = 0x0006,
  kMessageIntegrity = 0x0008,
  kErrorCode = 0x0009,
  kUnknownAttributes = 0x000a,
  kRealm = 0x0014,
  kNonce = 0x0015,
  kMessageIntegritySha256 = 0x001c,
  kPasswordAlgorithm = 0x001d,
  kUserhash = 0x001e,
  kXorMappedAddress = 0x0020,
  kPasswordAlgorithms = 0x8002,
  kAlternateDomain = 0x8003,
  kSoftware = 0x8022,
  kAlternateServer = 0x8023,
  kFingerprint = 0x8028,
  // RFC 8656 (TURN)
  kChannelNumber = 0x000c,
  kLifetime = 0x000d,
  kXorPeerAddress = 0x0012,
  kData = 0x0013,
  kXorRelayedAddress = 0x0016,
  kRequestedAddressFamily = 0x0017,
  kEvenPort = 0x0018,
  kRequestedTransport = 0x0019,
  kDontFragment = 0x001a,
  kReservationToken = 0x0022,
  kAdditionalAddressFamily = 0x8000,
  kAddressErrorCode = 0x8001,
  kIcmp = 0x8004,
  // RFC 8445 (ICE)
  kPriority = 0x0024,
  kUseCandidate = 0x0025,
  kIceControlled = 0x8029,
  kIceControlling = 0x802a,
  // Chrome's GOOG-NETWORK-INFO: comprehension-optional, tolerated and never interpreted.
  kGoogNetworkInfo = 0xc057,
};

constexpr bool is_comprehension_required(uint16_t type) { return type < 0x8000; }

// True for every type this module understands (the ones listed above).
bool is_known_attribute(uint16_t type);

std::string_view to_string(AttributeType type);

}  // namespace purertc::stun
