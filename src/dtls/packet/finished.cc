#include "dtls/packet/finished.h"

#include <algorithm>

namespace purertc::dtls {

Result<Finished> Finished::parse(std::span<const uint8_t> body) {
  if (body.size() != kVerifyDataSize) return unexpected(Error{Errc::kMalformed, "finished verify_data is not 12 bytes"});
  Finished f;
  std::copy(body.begin(), body.end(), f.verify_data.begin());
  return f;
}

Status parse_server_hello_done(std::span<const uint8_t> body) {
  if (!body.empty()) return unexpected(Error{Errc::kMalformed, "server_hello_done not empty"});
  return {};
}

Status parse_change_cipher_spec(std::span<const uint8_t> fragment) {
  if (fragment.size() != 1 || fragment[0] != kChangeCipherSpecValue) {
    return unexpected(Error{Errc::kMalformed, "change_cipher_spec is not the single byte 1"});
  }
  return {};
}

}  // namespace purertc::dtls
