// What the PeerConnection layer (src/pc) knows about its local side, as plain structs the JSEP helpers
// (jsep.h) turn into offers and answers. Nothing here owns a socket or a clock: src/pc fills these from
// its transceivers, its ICE agent and its DTLS certificate, and reads the resulting SessionDescription.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sdp/attributes/candidate.h"
#include "sdp/attributes/direction.h"
#include "sdp/attributes/fingerprint.h"
#include "sdp/attributes/fmtp.h"
#include "sdp/attributes/setup.h"

namespace purertc::sdp {

enum class MediaKind { kAudio, kVideo };
std::string_view to_string(MediaKind k);  // "audio" / "video": the m= line media token

struct RtcpFeedback {
  std::string type;       // "nack", "ccm", "goog-remb", "transport-cc"
  std::string parameter;  // "", "pli", "fir"
  friend bool operator==(const RtcpFeedback&, const RtcpFeedback&) = default;
};

// One codec the local side can send and receive. For RTX, name is "rtx" and parameters carry
// apt=<payload type of the primary codec in the same list>; the JSEP helpers remap it.
struct CodecCapability {
  uint8_t payload_type = 0;  // used in offers; answers keep the offerer's payload types
  std::string name;          // encoding name, compared case-insensitively
  uint32_t clock_rate = 90000;
  uint32_t channels = 0;     // audio channel count; 0 when not signalled (video)
  std::vector<FmtpParameter> parameters;
  std::vector<RtcpFeedback> feedback;
};

// An RTP header extension the local side supports (RFC 8285).
struct HeaderExtensionCapability {
  uint16_t id = 0;  // used in offers; answers keep the offerer's ids
  std::string uri;
  Direction direction = Direction::kSendRecv;
};

// One sent RTP stream: its SSRC and, when RTX is negotiated, the repair SSRC (a=ssrc-group:FID).
struct SendStream {
  uint32_t ssrc = 0;
  std::optional<uint32_t> rtx_ssrc;
};

struct SimulcastLayer {
  std::string rid;
  bool paused = false;
};

// RFC 9429 section 3.4: an RtpTransceiver, as far as the SDP is concerned.
struct LocalTransceiver {
  std::optional<std::string> mid;  // set once the transceiver is associated with an m-line
  MediaKind kind = MediaKind::kAudio;
  Direction direction = Direction::kSendRecv;
  bool stopped = false;
  std::vector<CodecCapability> codecs;  // in preference order
  std::vector<HeaderExtensionCapability> header_extensions;
  // Sending side, used when the direction sends.
  std::vector<std::string> stream_ids;  // a=msid streams; empty means "-" (no stream)
  std::string track_id;
  std::string cname;
  std::vector<SendStream> streams;        // one per encoding (with SSRC signalling)
  std::vector<SimulcastLayer> simulcast;  // RID-based simulcast (RFC 8853) instead of SSRCs
};

// RFC 8841 / RFC 8831: the SCTP association carrying data channels.
struct DataChannelSettings {
  std::optional<std::string> mid;
  uint16_t sctp_port = 5000;
  uint64_t max_message_size = 262144;
};

// The ICE and DTLS parameters of the (single, bundled) transport.
struct TransportDescription {
  std::string ice_ufrag;
  std::string ice_pwd;
  std::vector<std::string> ice_options{"trickle"};
  bool ice_lite = false;
  std::vector<Fingerprint> fingerprints;
  // Offers always say actpass (RFC 8842 section 5.2); this is the role an answer takes when the offer
  // says actpass: active (the RFC 8842 section 5.3 recommendation) or passive.
  SetupRole answer_role = SetupRole::kActive;
  std::vector<Candidate> candidates;
  bool end_of_candidates = false;
};

struct SessionOrigin {
  std::string session_id = "0";  // digits; a random 62-bit number per RFC 9429 section 5.2.1
  uint64_t session_version = 1;  // increment for every new local description
};

}  // namespace purertc::sdp
