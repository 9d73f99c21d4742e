// Answering one HTTP-carried SDP offer (purertc-peer answer and serve): a new PeerConnection, the
// application's hooks, the complete answer (ICE gathering finished, no trickle), or an HTTP status and
// reason when the offer cannot be answered.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "purertc/purertc.h"

namespace purertc::peer {

struct AnsweredOffer {
  std::shared_ptr<PeerConnection> pc;  // null on failure
  std::string sdp;                     // the answer
  int status = 201;                    // the HTTP status to reply with
  std::string error;                   // why, when pc is null
};

struct AnswerHooks {
  // Before the offer is applied: callbacks (on_data_channel, on_track, state changes).
  std::function<void(PeerConnection&)> setup;
  // After the offer, before the answer: tracks to send. Returns an error message ("" when fine); an error
  // is answered 400 (the offer asked for something this endpoint does not do).
  std::function<std::string(PeerConnection&)> before_answer;
};

AnsweredOffer answer_offer(Api& api, const std::string& offer_sdp, const AnswerHooks& hooks);

// Echoes every message on the channel it came on (text as text, binary as binary); counts them.
struct EchoCounters {
  std::atomic<uint64_t> messages{0};
  std::atomic<uint64_t> bytes{0};
};
void echo_channel(const std::shared_ptr<DataChannel>& dc, const std::shared_ptr<EchoCounters>& counters);

// RTP packets received on every inbound-rtp stream of the PeerConnection.
uint64_t rtp_packets_received(const PeerConnection& pc);

}  // namespace purertc::peer
