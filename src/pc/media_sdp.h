// MediaEngine codecs and header extensions in the form src/sdp's JSEP helpers take.
#pragma once

#include <vector>

#include "purertc/media_engine.h"
#include "sdp/jsep_types.h"

namespace purertc::pc {

std::vector<sdp::CodecCapability> to_sdp_codecs(const std::vector<RtpCodec>& codecs);
std::vector<sdp::HeaderExtensionCapability> to_sdp_extensions(const std::vector<RtpHeaderExtension>& extensions);

}  // namespace purertc::pc
