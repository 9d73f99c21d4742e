// Multicast DNS messages (RFC 6762 on the RFC 1035 wire format), the subset ICE needs to resolve and
// answer "<uuid>.local" host names (draft-ietf-mmusic-mdns-ice-candidates): questions and A / AAAA
// answers. Other record types are parsed past (their names and lengths are still checked) and kept only
// as their type, so a message from a full responder (PTR, SRV, TXT, NSEC...) parses without error.
//
// RFC 1035 4.1.1 header:                         4.1.2 question:          4.1.3 resource record:
//   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15    QNAME  (labels)          NAME   (labels)
//  |                      ID                     |    QTYPE  (16)              TYPE   (16)
//  |QR|  Opcode   |AA|TC|RD|RA| Z|AD|CD|  RCODE  |    QCLASS (16): top bit     CLASS  (16): top bit
//  |                   QDCOUNT                   |      = unicast response       = cache flush (6762 10.2)
//  |                   ANCOUNT                   |      wanted (6762 5.4)      TTL    (32)
//  |                   NSCOUNT                   |                             RDLENGTH (16), RDATA
//  |                   ARCOUNT                   |
//
// Names are sequences of length-prefixed labels (at most 63 bytes each, 255 in all, 4.1.4), possibly
// ending in a compression pointer (two bytes 11xxxxxx xxxxxxxx, an offset from the message start). The
// parser follows pointers only backwards, at most kMaxPointerJumps times, so a hostile message cannot
// loop; counts are capped (kMaxQuestions, kMaxRecords) so it cannot make us allocate without bound.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/socket_address.h"

namespace purertc::ice {

inline constexpr uint16_t kMdnsPort = 5353;
inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsTypeAaaa = 28;
inline constexpr uint16_t kDnsTypeAny = 255;
inline constexpr uint16_t kDnsClassIn = 1;
inline constexpr size_t kDnsHeaderSize = 12;
inline constexpr size_t kMaxDnsNameLength = 255;
inline constexpr size_t kMaxDnsLabelLength = 63;
inline constexpr size_t kMaxPointerJumps = 16;
inline constexpr size_t kMaxQuestions = 32;
inline constexpr size_t kMaxRecords = 64;

// 224.0.0.251:5353 and [ff02::fb]:5353 (RFC 6762 3).
SocketAddress mdns_group_v4();
SocketAddress mdns_group_v6();

struct DnsQuestion {
  std::string name;  // dotted, without the trailing dot: "1f2e...-....local"
  uint16_t type = kDnsTypeA;
  bool unicast_response = false;  // the QU bit
  friend bool operator==(const DnsQuestion&, const DnsQuestion&) = default;
};

struct DnsRecord {
  std::string name;
  uint16_t type = kDnsTypeA;
  bool cache_flush = false;
  uint32_t ttl = 0;
  std::optional<IpAddress> address;  // A and AAAA records with an IN class; unset for other types
  friend bool operator==(const DnsRecord&, const DnsRecord&) = default;
};

struct MdnsMessage {
  uint16_t id = 0;  // zero in multicast mDNS (18.1)
  bool response = false;
  bool authoritative = false;
  std::vector<DnsQuestion> questions;
  std::vector<DnsRecord> answers;  // answer, authority and additional sections together
  friend bool operator==(const MdnsMessage&, const MdnsMessage&) = default;

  // Errors: kTruncated (cut short anywhere), kMalformed (a label over 63 bytes, a name over 255, a
  // forward or looping pointer, a reserved label type, A/AAAA data of the wrong length, a non-query
  // opcode), kLimitExceeded (more than kMaxQuestions / kMaxRecords).
  static Result<MdnsMessage> parse(std::span<const uint8_t> data);

  // The wire form, names uncompressed. Errors: kInvalidArgument (an empty, over-long or non-ASCII
  // label, or a record whose address family does not match its type).
  Result<std::vector<uint8_t>> serialize() const;
};

// Case-insensitive comparison of DNS names (RFC 1035 2.3.3; ASCII only, as mDNS names here are).
bool dns_names_equal(std::string_view a, std::string_view b);

// A query for the A and AAAA records of `name`.
MdnsMessage make_mdns_query(const std::string& name);
// An authoritative answer for `name` (cache-flush set: we are its only owner, 10.2).
MdnsMessage make_mdns_answer(const std::string& name, const IpAddress& address, uint32_t ttl);

}  // namespace purertc::ice
