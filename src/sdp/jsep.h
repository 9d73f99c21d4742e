// RFC 9429 (JSEP) offer/answer generation for the PeerConnection layer, and the BUNDLE checks a remote
// description must pass (RFC 8843). The helpers are pure functions of their inputs: no state, no I/O.
//
// What the generated descriptions look like:
//   - one BUNDLE group with every non-rejected m-line and a single transport: every m-line carries the
//     same ICE credentials, fingerprints and candidates (as browsers emit them), port 9 and c=0.0.0.0
//     (RFC 8840 trickle ICE defaults);
//   - rtcp-mux is required (RFC 9429 rtcpMuxPolicy "require"), rtcp-rsize offered and accepted;
//   - media is SRTP with DTLS keys (UDP/TLS/RTP/SAVPF), data is UDP/DTLS/SCTP (RFC 8841), and an offer
//     in the legacy "DTLS/SCTP <port>" + a=sctpmap form is answered in the same form.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "sdp/jsep_types.h"
#include "sdp/sdp_error.h"
#include "sdp/session_description.h"

namespace purertc::sdp {

struct OfferOptions {
  SessionOrigin origin;
  std::vector<LocalTransceiver> transceivers;
  std::optional<DataChannelSettings> data_channel;
  TransportDescription transport;
  // The current local description when renegotiating (RFC 9429 section 5.2.2): its m-lines keep their
  // position and mid; an m-line whose transceiver is gone or stopped is offered rejected (port 0).
  const SessionDescription* current_local = nullptr;
  bool bundle = true;
  bool extmap_allow_mixed = true;
};

struct Offer {
  SessionDescription description;
  // The mid each input transceiver got (new transceivers get the lowest unused number), and the data
  // channel's; src/pc stores them on its transceivers.
  std::vector<std::optional<std::string>> transceiver_mids;
  std::optional<std::string> data_channel_mid;
};

// Errors: kInvalidValue when a transceiver has no codecs or its mid is not a token, kConflict when two
// transceivers claim the same mid.
Result<Offer, SdpError> create_offer(const OfferOptions& options);

struct AnswerOptions {
  SessionOrigin origin;
  // Offered m-lines are associated with these by mid first, then with the first unassociated,
  // non-stopped transceiver of the same kind (RFC 9429 section 5.10).
  std::vector<LocalTransceiver> transceivers;
  // Capabilities for offered m-lines no transceiver claims: they are answered recvonly.
  std::vector<CodecCapability> audio_codecs;
  std::vector<CodecCapability> video_codecs;
  std::vector<HeaderExtensionCapability> audio_extensions;
  std::vector<HeaderExtensionCapability> video_extensions;
  std::optional<DataChannelSettings> data_channel;  // nullopt: application m-lines are rejected
  TransportDescription transport;
};

struct Answer {
  SessionDescription description;
  std::vector<std::optional<std::string>> transceiver_mids;  // per input transceiver, its m-line's mid
};

// Builds the answer to a parsed remote offer. Every offered m-line gets an answer m-line in the same
// position with the same mid; an m-line that cannot be accepted (no common codec, unsupported proto,
// no rtcp-mux, stopped transceiver, no data channel) is answered rejected with port 0.
// Errors: whatever validate_bundle() reports for the offer; kMissing when an accepted m-line has no
// ICE credentials or fingerprint (RFC 8839 / RFC 8842); kNegotiation for a=setup:holdconn.
Result<Answer, SdpError> create_answer(const SessionDescription& offer, const AnswerOptions& options);

// RFC 8843 / RFC 5888 checks for a remote description, with the line of the offending attribute:
// every mid of a BUNDLE group names an m-line, no m-line is in two BUNDLE groups, and an extmap id
// means the same URI in all m-lines of one BUNDLE group (they form one RTP session, RFC 8843 section
// 9.1; RFC 8285 lets an id name only one extension per session). The same id reused for different
// URIs across m-lines that are NOT bundled is legal (ids are per m-line, RFC 8285) and accepted.
std::optional<SdpError> validate_bundle(const SessionDescription& sd);

}  // namespace purertc::sdp
