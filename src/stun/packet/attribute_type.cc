#include "stun/packet/attribute_type.h"

namespace purertc::stun {
namespace {

// to_string returns this exact view for types it does not know, which is_known_attribute tests by
// identity: one switch lists the known types, and the check costs a pointer compare.
constexpr std::string_view kUnknownName = "unknown attribute";

}  // namespace

std::string_view to_string(AttributeType type) {
  switch (type) {
    case AttributeType::kMappedAddress: return "MAPPED-ADDRESS";
    case AttributeType::kUsername: return "USERNAME";
    case AttributeType::kMessageIntegrity: return "MESSAGE-INTEGRITY";
    case AttributeType::kErrorCode: return "ERROR-CODE";
    case AttributeType::kUnknownAttributes: return "UNKNOWN-ATTRIBUTES";
    case AttributeType::kRealm: return "REALM";
    case AttributeType::kNonce: return "NONCE";
    case AttributeType::kMessageIntegritySha256: return "MESSAGE-INTEGRITY-SHA256";
    case AttributeType::kPasswordAlgorithm: return "PASSWORD-ALGORITHM";
    case AttributeType::kUserhash: return "USERHASH";
    case AttributeType::kXorMappedAddress: return "XOR-MAPPED-ADDRESS";
    case AttributeType::kPasswordAlgorithms: return "PASSWORD-ALGORITHMS";
    case AttributeType::kAlternateDomain: return "ALTERNATE-DOMAIN";
    case AttributeType::kSoftware: return "SOFTWARE";
    case AttributeType::kAlternateServer: return "ALTERNATE-SERVER";
    case AttributeType::kFingerprint: return "FINGERPRINT";
    case AttributeType::kChannelNumber: return "CHANNEL-NUMBER";
    case AttributeType::kLifetime: return "LIFETIME";
    case AttributeType::kXorPeerAddress: return "XOR-PEER-ADDRESS";
    case AttributeType::kData: return "DATA";
    case AttributeType::kXorRelayedAddress: return "XOR-RELAYED-ADDRESS";
    case AttributeType::kRequestedAddressFamily: return "REQUESTED-ADDRESS-FAMILY";
    case AttributeType::kEvenPort: return "EVEN-PORT";
    case AttributeType::kRequestedTransport: return "REQUESTED-TRANSPORT";
    case AttributeType::kDontFragment: return "DONT-FRAGMENT";
    case AttributeType::kReservationToken: return "RESERVATION-TOKEN";
    case AttributeType::kAdditionalAddressFamily: return "ADDITIONAL-ADDRESS-FAMILY";
    case AttributeType::kAddressErrorCode: return "ADDRESS-ERROR-CODE";
    case AttributeType::kIcmp: return "ICMP";
    case AttributeType::kPriority: return "PRIORITY";
    case AttributeType::kUseCandidate: return "USE-CANDIDATE";
    case AttributeType::kIceControlled: return "ICE-CONTROLLED";
    case AttributeType::kIceControlling: return "ICE-CONTROLLING";
    case AttributeType::kGoogNetworkInfo: return "GOOG-NETWORK-INFO";
  }
  return kUnknownName;
}

bool is_known_attribute(uint16_t type) {
  return to_string(static_cast<AttributeType>(type)).data() != kUnknownName.data();
}

}  // namespace purertc::stun
