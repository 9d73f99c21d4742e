#include "session.h"

#include "output.h"

namespace purertc::peer {

AnsweredOffer answer_offer(Api& api, const std::string& offer_sdp, const AnswerHooks& hooks) {
  AnsweredOffer out;
  auto fail = [&](int status, std::string why, const std::shared_ptr<PeerConnection>& pc) {
    if (pc) pc->close();
    out.status = status;
    out.error = std::move(why);
    return out;
  };
  if (offer_sdp.empty()) return fail(400, "empty body: expected an SDP offer", nullptr);
  auto created = api.new_peer_connection();
  if (!created) return fail(500, to_string(created.error()), nullptr);
  std::shared_ptr<PeerConnection> pc = *created;
  if (hooks.setup) hooks.setup(*pc);
  if (auto set = pc->set_remote_description({SdpType::kOffer, offer_sdp}); !set) {
    return fail(400, "the offer was rejected: " + to_string(set.error()), pc);
  }
  if (hooks.before_answer) {
    if (std::string e = hooks.before_answer(*pc); !e.empty()) return fail(400, e, pc);
  }
  if (auto set = pc->set_local_description({SdpType::kAnswer, ""}); !set) {
    return fail(400, "cannot answer this offer: " + to_string(set.error()), pc);
  }
  if (auto done = pc->wait_for_gathering_complete(std::chrono::seconds(10)); !done) {
    return fail(500, "ICE gathering did not complete: " + to_string(done.error()), pc);
  }
  auto answer = pc->local_description();
  if (!answer) return fail(500, "no local description after answering", pc);
  out.pc = std::move(pc);
  out.sdp = answer->sdp;
  return out;
}

void echo_channel(const std::shared_ptr<DataChannel>& dc, const std::shared_ptr<EchoCounters>& counters) {
  std::weak_ptr<DataChannel> weak = dc;
  dc->on_message([weak, counters](const DataChannelMessage& m) {
    counters->messages += 1;
    counters->bytes += m.data.size();
    auto self = weak.lock();
    if (!self) return;
    auto r = m.binary ? self->send(std::span<const uint8_t>(m.data)) : self->send(m.text());
    if (!r) print_error("echo failed: " + to_string(r.error()));
  });
}

uint64_t rtp_packets_received(const PeerConnection& pc) {
  uint64_t total = 0;
  // The report must outlive the loop: of_type points into it.
  const StatsReport report = pc.get_stats();
  for (const Stats* s : report.of_type("inbound-rtp")) total += s->get<uint64_t>("packetsReceived").value_or(0);
  return total;
}

}  // namespace purertc::peer
