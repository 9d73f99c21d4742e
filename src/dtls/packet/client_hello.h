// ClientHello (RFC 6347 section 4.2.1 adds the cookie to RFC 5246 section 7.4.1.2):
//
//   ProtocolVersion client_version;            2
//   Random random;                             32
//   SessionID session_id;                      <0..32>   (1-byte length)
//   opaque cookie<0..2^8-1>;                             (1-byte length)
//   CipherSuite cipher_suites<2..2^16-2>;                (2-byte length)
//   CompressionMethod compression_methods<1..2^8-1>;     (1-byte length)
//   Extension extensions<0..2^16-1>;                     (optional, 2-byte length)
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"
#include "dtls/packet/extensions.h"

namespace purertc::dtls {

constexpr size_t kRandomSize = 32;
constexpr size_t kMaxCookieSize = 255;

// Handshake messages are control messages parsed once per handshake, so they are small owning structs
// rather than views: the engine keeps what it needs after the datagram is gone.
struct ClientHello {
  uint16_t client_version = 0;
  std::array<uint8_t, kRandomSize> random{};
  std::vector<uint8_t> session_id;
  std::vector<uint8_t> cookie;
  std::vector<uint16_t> cipher_suites;
  std::vector<uint8_t> compression_methods;
  HelloExtensions extensions;

  // Offset of the cookie length byte in the parsed body (everything before it is fixed-form).
  size_t cookie_field_offset = 0;

  static Result<ClientHello> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
