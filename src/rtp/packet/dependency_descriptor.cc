#include "rtp/packet/dependency_descriptor.h"

#include "common/byte_order.h"
#include "rtp/bit_reader.h"

namespace purertc::rtp {

Result<DependencyDescriptor> DependencyDescriptor::parse(std::span<const uint8_t> v) {
  if (v.size() < 3) return unexpected(Error{Errc::kTruncated, "dependency descriptor: shorter than 3 bytes"});
  DependencyDescriptor d;
  d.start_of_frame = (v[0] & 0x80) != 0;
  d.end_of_frame = (v[0] & 0x40) != 0;
  d.frame_dependency_template_id = v[0] & 0x3f;
  d.frame_number = load_u16(v.data() + 1);
  if (v.size() == 3) return d;
  BitReader r(v.subspan(3));
  d.has_extended_fields = true;
  d.template_dependency_structure_present = r.read_bit();
  d.active_decode_targets_present = r.read_bit();
  d.custom_dtis = r.read_bit();
  d.custom_fdiffs = r.read_bit();
  d.custom_chains = r.read_bit();
  if (d.template_dependency_structure_present) {
    d.template_id_offset = static_cast<uint8_t>(r.read_bits(6));
    d.decode_target_count = static_cast<uint8_t>(r.read_bits(5) + 1);
  }
  if (!r.ok()) return unexpected(Error{Errc::kTruncated, "dependency descriptor: extended fields cut short"});
  return d;
}

void DependencyDescriptor::write_mandatory(uint8_t out[3]) const {
  out[0] = static_cast<uint8_t>((start_of_frame ? 0x80 : 0) | (end_of_frame ? 0x40 : 0) |
                                (frame_dependency_template_id & 0x3f));
  store_u16(out + 1, frame_number);
}

}  // namespace purertc::rtp
