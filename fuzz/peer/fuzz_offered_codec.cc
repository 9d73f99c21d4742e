// purertc-peer's scan of an SDP offer for the codec to reflect (tools/purertc-peer/reflect.h) on arbitrary
// text: never crash or read out of bounds, and whatever it returns is a codec of the MediaEngine of the kind
// asked for (so the track it creates is always one add_track accepts).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reflect.h"

using namespace purertc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const MediaKind kind = data[0] & 1 ? MediaKind::kVideo : MediaKind::kAudio;
  std::string_view sdp(reinterpret_cast<const char*>(data + 1), size - 1);
  for (std::string_view mid : {"0", "1", "video", ""}) {
    auto codec = peer::offered_codec(sdp, mid, kind);
    if (!codec) continue;
    MediaEngine engine;
    engine.register_default_codecs();
    bool known = false;
    for (const RtpCodec& c : engine.codecs(kind)) known = known || (c.mime_type == codec->mime_type && c.payload_type == codec->payload_type);
    if (!known) __builtin_trap();
  }
  return 0;
}
