// The fixed-form handshake messages and the ChangeCipherSpec record.
//
// Finished (RFC 5246 section 7.4.9): opaque verify_data[12] = PRF(master_secret, finished_label,
//   Hash(handshake_messages))[0..11]; the first message protected with the new epoch's keys.
// ServerHelloDone (RFC 5246 section 7.4.5): an empty body.
// ChangeCipherSpec (RFC 5246 section 7.1, RFC 6347 4.1): a record of its own content type holding the
//   single byte 1; it switches the sender to the next epoch.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "common/result.h"

namespace purertc::dtls {

constexpr size_t kVerifyDataSize = 12;
constexpr uint8_t kChangeCipherSpecValue = 1;

struct Finished {
  std::array<uint8_t, kVerifyDataSize> verify_data{};

  static Result<Finished> parse(std::span<const uint8_t> body);
};

Status parse_server_hello_done(std::span<const uint8_t> body);
Status parse_change_cipher_spec(std::span<const uint8_t> fragment);

}  // namespace purertc::dtls
