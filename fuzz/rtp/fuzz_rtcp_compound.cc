// RTCP compound parse on arbitrary bytes: never crashes; whatever parses serializes, and the serialized
// form parses back to equal packets (unknown packets verbatim).
#include <cstddef>
#include <cstdint>

#include "rtp/rtcp/rtcp_packet.h"

using namespace purertc::rtp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t n = 0;
  (void)for_each_rtcp_packet(std::span(data, size), true, [&](const RtcpPacketView&) { ++n; });
  auto pkts = parse_rtcp_compound(std::span(data, size));
  if (!pkts) return 0;
  auto bytes = serialize_rtcp_compound(*pkts);
  if (!bytes) return 0;  // e.g. a TWCC whose symbols need a delta beyond what was parsed
  auto again = parse_rtcp_compound(*bytes);
  if (!again || *again != *pkts) __builtin_trap();
  return 0;
}
