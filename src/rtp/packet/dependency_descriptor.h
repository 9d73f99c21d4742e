// AV1 RTP dependency descriptor header extension (AV1 RTP specification, appendix A.8), read far enough
// for an SFU to find frame boundaries and template ids without the codec:
//
//   mandatory_descriptor_fields (3 bytes):
//     start_of_frame f(1) | end_of_frame f(1) | frame_dependency_template_id f(6) | frame_number f(16)
//   extended_descriptor_fields (if more bytes follow):
//     template_dependency_structure_present_flag f(1), active_decode_targets_present_flag f(1),
//     custom_dtis_flag f(1), custom_fdiffs_flag f(1), custom_chains_flag f(1),
//     [template_dependency_structure: template_id_offset f(6), dt_cnt_minus_one f(5), ...]
//
// The template structure itself (layers, DTIs, fdiffs, chains, resolutions) is not decoded: forwarding
// it does not need it, and it is kept in the packet bytes untouched.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "common/result.h"

namespace purertc::rtp {

struct DependencyDescriptor {
  bool start_of_frame = false;
  bool end_of_frame = false;
  uint8_t frame_dependency_template_id = 0;  // 6 bits
  uint16_t frame_number = 0;
  bool has_extended_fields = false;
  bool template_dependency_structure_present = false;
  bool active_decode_targets_present = false;
  bool custom_dtis = false;
  bool custom_fdiffs = false;
  bool custom_chains = false;
  // From the template dependency structure, when present.
  std::optional<uint8_t> template_id_offset;
  std::optional<uint8_t> decode_target_count;

  static Result<DependencyDescriptor> parse(std::span<const uint8_t> v);
  // Writes the 3 mandatory bytes (what a sender puts on all but the first packet of a stream).
  void write_mandatory(uint8_t out[3]) const;
};

}  // namespace purertc::rtp
