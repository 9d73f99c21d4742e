// MediaEngine codecs and header extensions in the form src/sdp's JSEP helpers take, and back: the
// negotiated m-section as the plain parameters src/pc/media runs on.
#pragma once

#include <string>
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

// The rids of the RID simulcast layers (RFC 8853) a remote m-line sends that purertc receives: the first
// alternative of each a=simulcast send stream whose a=rid pt= list (when it has one) names a payload type
// src/pc/media can depacketize. Empty without simulcast or when the lines are invalid
// (set_remote_description refused those already with sdp::validate_simulcast).
std::vector<std::string> received_simulcast_rids(const sdp::MediaDescription& remote);
// The rids the local description's m-line receives (its a=simulcast recv list): the layers the answer
// granted, for which src/pc sets up receivers.
std::vector<std::string> local_receive_rids(const sdp::MediaDescription& local);

}  // namespace purertc::pc
