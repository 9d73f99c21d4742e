// HelloVerifyRequest (RFC 6347 section 4.2.1): the server's stateless cookie challenge.
//
//   ProtocolVersion server_version;   2   (RFC 6347: DTLS 1.0 or 1.2; clients accept either)
//   opaque cookie<0..2^8-1>;          1-byte length
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

struct HelloVerifyRequest {
  uint16_t server_version = 0;
  std::vector<uint8_t> cookie;

  static Result<HelloVerifyRequest> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
