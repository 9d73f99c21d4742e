// MediaEngine codecs and header extensions in the form src/sdp's JSEP helpers take, and back: the
// negotiated m-section as the plain parameters src/pc/media runs on.
#pragma once

#include <vector>

#include "pc/media/media_params.h"
#include "purertc/media_engine.h"
#include "sdp/jsep_types.h"
#include "sdp/session_description.h"

namespace purertc::pc {

std::vector<sdp::CodecCapability> to_sdp_codecs(const std::vector<RtpCodec>& codecs);
std::vector<sdp::HeaderExtensionCapability> to_sdp_extensions(const std::vector<RtpHeaderExtension>& extensions);

// Every payload type of `m` that src/pc/media can (de)packetize, with its RTX payload type (apt=),
// a=rtcp-fb flags and fmtp. Payload formats it cannot handle (rtx itself, red, ulpfec) are left out.
std::vector<media::CodecParameters> media_codecs(const sdp::MediaDescription& m);
// The a=extmap ids of `m` for the extensions src/pc/media reads or writes (0 = not negotiated).
media::HeaderExtensionIds media_extension_ids(const sdp::MediaDescription& m);

}  // namespace purertc::pc
