// DTLS handshake message header (RFC 6347 section 4.2.2). Unlike TLS, every handshake message carries
// a message sequence number and a fragment offset/length, so a message can be split across records and
// datagrams and reassembled in any order.
//
//  +----------+----------------------+-----------------+------------------------+----------------------+
//  | msg_type | length (24)          | message_seq (16)| fragment_offset (24)   | fragment_length (24) |
//  +----------+----------------------+-----------------+------------------------+----------------------+
//  | fragment (fragment_length bytes) ...
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/byte_reader.h"
#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

enum class HandshakeType : uint8_t {
  kHelloRequest = 0,
  kClientHello = 1,
  kServerHello = 2,
  kHelloVerifyRequest = 3,
  kCertificate = 11,
  kServerKeyExchange = 12,
  kCertificateRequest = 13,
  kServerHelloDone = 14,
  kCertificateVerify = 15,
  kClientKeyExchange = 16,
  kFinished = 20,
};
std::string_view to_string(HandshakeType type);

constexpr size_t kHandshakeHeaderSize = 12;

struct HandshakeFragmentView {
  uint8_t msg_type = 0;
  uint32_t length = 0;
  uint16_t message_seq = 0;
  uint32_t fragment_offset = 0;
  std::span<const uint8_t> fragment;
};

// Reads one fragment from a handshake record. kMalformed when offset + fragment_length > length.
Result<HandshakeFragmentView> read_handshake_fragment(ByteReader& reader);

// Appends a header for a whole (unfragmented) message of `length` bytes: the form the transcript hashes.
void write_handshake_header(ByteBuffer& out, HandshakeType type, uint32_t length, uint16_t message_seq);
// Writes a fragment header at a known position (record building).
void write_fragment_header(ByteWriter& out, uint8_t type, uint32_t length, uint16_t message_seq, uint32_t offset,
                           uint32_t fragment_length);

}  // namespace purertc::dtls
