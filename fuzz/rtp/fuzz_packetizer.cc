// Packetizers on arbitrary frames (VP9 / H.264 / H.265 / AV1 parse the frame): never crash, respect the
// payload size, and whatever packetizes depacketizes back to a bitstream.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "rtp/codec/av1.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/h265.h"
#include "rtp/codec/vp8.h"
#include "rtp/codec/vp9.h"

using namespace purertc::rtp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::unique_ptr<Packetizer> pk;
  std::unique_ptr<Depacketizer> dp;
  switch (data[0] % 5) {
    case 0: pk = std::make_unique<Vp8Packetizer>(); dp = std::make_unique<Vp8Depacketizer>(); break;
    case 1: pk = std::make_unique<Vp9Packetizer>(data[0] & 0x80); dp = std::make_unique<Vp9Depacketizer>(); break;
    case 2: pk = std::make_unique<H264Packetizer>(); dp = std::make_unique<H264Depacketizer>(); break;
    case 3: pk = std::make_unique<H265Packetizer>(); dp = std::make_unique<H265Depacketizer>(); break;
    default: pk = std::make_unique<Av1Packetizer>(); dp = std::make_unique<Av1Depacketizer>(); break;
  }
  size_t mtu = 4 + data[1];
  PayloadList list;
  if (!pk->packetize(std::span(data + 2, size - 2), mtu, list)) return 0;
  std::vector<uint8_t> frame;
  dp->begin_frame(frame);
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].size() > mtu) __builtin_trap();
    if (!dp->depacketize(list[i], frame)) __builtin_trap();
  }
  return 0;
}
