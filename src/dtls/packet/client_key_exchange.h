// ClientKeyExchange for ECDHE (RFC 8422 section 5.7): the client's ephemeral public key.
//
//   opaque point<1..2^8-1>;
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

struct ClientKeyExchange {
  std::vector<uint8_t> public_key;

  static Result<ClientKeyExchange> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
