// Every depacketizer on arbitrary payload sequences: the first byte picks the codec, the rest is split into
// payloads by a length byte each. Never crashes; keyframe / partition-head probes are total functions.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "rtp/codec/audio.h"
#include "rtp/codec/av1.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/h265.h"
#include "rtp/codec/vp8.h"
#include "rtp/codec/vp9.h"

using namespace purertc::rtp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::unique_ptr<Depacketizer> dp;
  switch (data[0] % 6) {
    case 0: dp = std::make_unique<Vp8Depacketizer>(); break;
    case 1: dp = std::make_unique<Vp9Depacketizer>(); break;
    case 2: dp = std::make_unique<H264Depacketizer>(); break;
    case 3: dp = std::make_unique<H265Depacketizer>(); break;
    case 4: dp = std::make_unique<Av1Depacketizer>(); break;
    default: dp = std::make_unique<AudioDepacketizer>(); break;
  }
  std::vector<uint8_t> frame;
  dp->begin_frame(frame);
  size_t pos = 1;
  while (pos < size) {
    size_t n = data[pos++];
    if (n > size - pos) n = size - pos;
    std::span<const uint8_t> payload(data + pos, n);
    pos += n;
    (void)dp->is_keyframe(payload);
    (void)dp->is_partition_head(payload);
    if (!dp->depacketize(payload, frame)) dp->begin_frame(frame);
  }
  return 0;
}
