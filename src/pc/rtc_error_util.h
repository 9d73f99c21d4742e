// Turning internal errors into the public RtcError.
#pragma once

#include <string>

#include "common/error.h"
#include "purertc/rtc_error.h"
#include "sdp/sdp_error.h"

namespace purertc::pc {

inline RtcError rtc_error(RtcErrorCode code, std::string message) { return RtcError{code, std::move(message)}; }
inline RtcError rtc_error(RtcErrorCode code, const Error& e) { return RtcError{code, to_string(e)}; }
inline RtcError rtc_error(RtcErrorCode code, const sdp::SdpError& e) { return RtcError{code, sdp::to_string(e)}; }
inline RtcError closed_error() { return RtcError{RtcErrorCode::kClosed, "the PeerConnection is closed"}; }

}  // namespace purertc::pc
