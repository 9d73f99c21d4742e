#include "stun/packet/error_code_attribute.h"

#include <cstring>

namespace purertc::stun {

Result<ErrorCodeView> parse_error_code(std::span<const uint8_t> value) {
  if (value.size() < 4) return unexpected(Error{Errc::kTruncated, "ERROR-CODE shorter than 4 bytes"});
  uint8_t cls = value[2] & 0x07;
  uint8_t number = value[3];
  if (cls < 3 || cls > 6) return unexpected(Error{Errc::kMalformed, "ERROR-CODE class outside 3..6"});
  if (number > 99) return unexpected(Error{Errc::kMalformed, "ERROR-CODE number over 99"});
  if (value.size() - 4 > kMaxReasonPhraseBytes) {
    return unexpected(Error{Errc::kMalformed, "ERROR-CODE reason phrase longer than 763 bytes"});
  }
  ErrorCodeView v;
  v.code = static_cast<uint16_t>(cls * 100 + number);
  v.reason = std::string_view(reinterpret_cast<const char*>(value.data() + 4), value.size() - 4);
  return v;
}

void write_error_code(std::span<uint8_t> out, uint16_t code, std::string_view reason) {
  out[0] = 0;
  out[1] = 0;
  out[2] = static_cast<uint8_t>(code / 100);
  out[3] = static_cast<uint8_t>(code % 100);
  if (!reason.empty()) std::memcpy(out.data() + 4, reason.data(), reason.size());
}

}  // namespace purertc::stun
