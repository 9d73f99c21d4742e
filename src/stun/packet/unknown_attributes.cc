#include "stun/packet/unknown_attributes.h"

#include "common/byte_order.h"

namespace purertc::stun {

Result<UnknownAttributesView> UnknownAttributesView::parse(std::span<const uint8_t> value) {
  if (value.size() % 2 != 0) return unexpected(Error{Errc::kMalformed, "UNKNOWN-ATTRIBUTES with odd length"});
  UnknownAttributesView v;
  v.value_ = value;
  return v;
}

uint16_t UnknownAttributesView::type(size_t i) const { return load_u16(value_.data() + 2 * i); }

void write_unknown_attributes(std::span<uint8_t> out, std::span<const uint16_t> types) {
  for (size_t i = 0; i < types.size(); ++i) store_u16(out.data() + 2 * i, types[i]);
}

}  // namespace purertc::stun
