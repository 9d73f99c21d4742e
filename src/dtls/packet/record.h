// DTLS 1.2 record framing (RFC 6347 section 4.1). Every record, protected or not, starts with this
// 13-byte header; a datagram carries one or more records back to back.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  ContentType  |    ProtocolVersion (0xFEFD) |     epoch ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ... epoch       |            sequence_number (48 bits) ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ...                           |            length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  fragment (length bytes) ...
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/byte_reader.h"
#include "common/result.h"

namespace purertc::dtls {

enum class ContentType : uint8_t {
  kChangeCipherSpec = 20,
  kAlert = 21,
  kHandshake = 22,
  kApplicationData = 23,
};
std::string_view to_string(ContentType type);
std::optional<ContentType> content_type_from_wire(uint8_t value);

// ProtocolVersion is the one's complement of the TLS version: DTLS 1.0 = {254,255}, 1.2 = {254,253}.
constexpr uint16_t kDtls10 = 0xFEFF;
constexpr uint16_t kDtls12 = 0xFEFD;

constexpr size_t kRecordHeaderSize = 13;
// RFC 6347 4.1 / RFC 5246 6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048.
constexpr size_t kMaxCiphertextLength = 16384 + 2048;
constexpr size_t kMaxPlaintextLength = 16384;
constexpr uint64_t kMaxSequenceNumber = (uint64_t{1} << 48) - 1;

struct RecordView {
  uint8_t content_type = 0;  // raw: unknown types are dropped by the record layer, not by the parser
  uint16_t version = 0;
  uint16_t epoch = 0;
  uint64_t sequence_number = 0;
  std::span<const uint8_t> header;    // the 13 header bytes (for AEAD additional data)
  std::span<const uint8_t> fragment;  // `length` bytes
};

// Reads the next record from a datagram. A truncated header or a length past the end of the datagram
// is kTruncated (the rest of the datagram is unusable); a length beyond 2^14+2048 is kMalformed.
Result<RecordView> read_record(ByteReader& reader);

// Writes the 13-byte header at out[0..13).
void write_record_header(std::span<uint8_t, kRecordHeaderSize> out, ContentType type, uint16_t version,
                         uint16_t epoch, uint64_t sequence_number, uint16_t length);

}  // namespace purertc::dtls
