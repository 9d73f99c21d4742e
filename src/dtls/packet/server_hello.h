// ServerHello (RFC 5246 section 7.4.1.3):
//
//   ProtocolVersion server_version;        2
//   Random random;                         32
//   SessionID session_id;                  <0..32>  (1-byte length)
//   CipherSuite cipher_suite;              2
//   CompressionMethod compression_method;  1
//   Extension extensions<0..2^16-1>;       optional
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/extensions.h"

namespace purertc::dtls {

struct ServerHello {
  uint16_t server_version = 0;
  std::array<uint8_t, kRandomSize> random{};
  std::vector<uint8_t> session_id;
  uint16_t cipher_suite = 0;
  uint8_t compression_method = 0;
  HelloExtensions extensions;

  static Result<ServerHello> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
