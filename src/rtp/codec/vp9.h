// VP9 payload format (RFC 9628 4.2), payload descriptor:
//
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |I|P|L|F|B|E|V|Z| (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PICTURE ID  | (REQUIRED when F=1)
//  M:   | EXTENDED PID  |
//  L:   | TID |U| SID |D| (layer indices)
//       |   TL0PICIDX   | (non-flexible mode only)
//  P,F: | P_DIFF      |N| (up to 3 reference indices, flexible mode only)
//  V:   | SS ...        | (scalability structure, 4.2.1)
//
//  SS:  |N_S|Y|G|-|-|-|  then Y: WIDTH(16) HEIGHT(16) per spatial layer; G: N_G(8), then per picture
//       | TID |U| R |-|-| + R x P_DIFF(8) for each of the N_G pictures.
//
// B/E mark the first/last packet of a layer frame; P=0 marks a frame without inter-picture prediction.
#pragma once

#include <array>
#include <optional>

#include "rtp/codec/codec.h"

namespace purertc::rtp {

struct Vp9Descriptor {
  bool inter_picture_predicted = false;  // P
  bool flexible = false;                 // F
  bool begin_of_frame = false;           // B
  bool end_of_frame = false;             // E
  bool not_reference = false;            // Z
  std::optional<uint16_t> picture_id;
  bool has_layer_indices = false;
  uint8_t temporal_id = 0, spatial_id = 0;
  bool switching_up = false, inter_layer_dependency = false;
  std::optional<uint8_t> tl0_pic_idx;
  std::array<uint8_t, 3> p_diff{};
  uint8_t p_diff_count = 0;
  // From a scalability structure, when present (V=1).
  bool has_scalability_structure = false;
  uint8_t spatial_layers = 0;
  std::array<uint16_t, 8> width{}, height{};
  bool has_resolution = false;
  size_t size = 0;
  static Result<Vp9Descriptor> parse(std::span<const uint8_t> payload);
};

// What the packetizer reads from a VP9 frame's uncompressed header (VP9 bitstream spec 6.2).
struct Vp9FrameInfo {
  bool keyframe = false;
  bool show_existing_frame = false;
  uint16_t width = 0, height = 0;  // keyframes only
  static Result<Vp9FrameInfo> parse(std::span<const uint8_t> frame);
};

class Vp9Packetizer final : public Packetizer {
 public:
  // flexible: RFC 9628 flexible mode (references listed per picture, P_DIFF=1 on inter frames); otherwise
  // non-flexible mode with TL0PICIDX and a scalability structure on keyframes.
  explicit Vp9Packetizer(bool flexible, uint16_t initial_picture_id = 0)
      : flexible_(flexible), picture_id_(initial_picture_id & 0x7fff) {}
  Status packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) override;

 private:
  bool flexible_;
  uint16_t picture_id_;
};

class Vp9Depacketizer final : public Depacketizer {
 public:
  void begin_frame(std::vector<uint8_t>&) override {}
  Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) override;
  bool is_partition_head(std::span<const uint8_t> payload) const override;
  bool is_keyframe(std::span<const uint8_t> payload) const override;
};

}  // namespace purertc::rtp
