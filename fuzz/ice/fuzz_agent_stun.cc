// The ICE agent's STUN input path: fuzzed datagrams (and fuzzed timing) into a controlling agent with
// remote candidates and credentials, interleaved with timeouts, ICE restarts and their rollbacks (which
// keep the previous generation's credentials for consent). Must never crash, never grow without
// bound, and never select a pair on unauthenticated input (the fuzzer cannot forge MESSAGE-INTEGRITY).
#include <cstddef>
#include <cstdint>

#include "ice/agent.h"

using namespace purertc;
using namespace purertc::ice;

namespace {

Candidate host(const char* addr) {
  Candidate c;
  c.address = *SocketAddress::parse(addr);
  c.base = c.address;
  c.priority = candidate_priority(CandidateType::kHost, 65535, 1);
  c.foundation = "1";
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SeededRandom rng(size);
  AgentSettings settings;
  settings.controlling = size % 2 == 0;
  Agent agent(settings, Credentials{"abcd", "0123456789012345678901"}, rng);
  Timestamp now = Timestamp::from_millis(1);
  auto local = host("192.0.2.1:1000");
  agent.add_local_candidate(local, now);
  (void)agent.add_remote_candidate(host("192.0.2.2:2000"), now);
  agent.set_remote_credentials(Credentials{"wxyz", "zyxwvutsrqponmlkjihgfedcba"}, now);

  // Input: records of [1 byte source selector][1 byte time step][2 bytes length][payload]. Selector 0xfc
  // also restarts ICE first, 0xfd rolls a restart back.
  size_t pos = 0;
  while (pos + 4 <= size) {
    uint8_t src = data[pos];
    uint8_t step = data[pos + 1];
    size_t len = static_cast<size_t>(data[pos + 2]) << 8 | data[pos + 3];
    pos += 4;
    if (len > size - pos) len = size - pos;
    if (src == 0xfc) {
      agent.restart(Credentials{"efgh", "9876543210987654321098"}, now);
      agent.add_local_candidate(local, now);
    } else if (src == 0xfd && agent.rollback_restart(now)) {
      agent.add_local_candidate(local, now);
    }
    SocketAddress from = *SocketAddress::parse(src % 2 ? "192.0.2.2:2000" : "203.0.113.9:4000");
    from.port = static_cast<uint16_t>(from.port + src / 2);
    agent.handle_stun({data + pos, len}, local.address, from, now);
    pos += len;
    now += Duration::millis(step);
    agent.handle_timeout(now);
    while (agent.poll_output()) {
    }
  }
  if (agent.selected_pair() != nullptr) __builtin_trap();
  if (agent.check_list().remote_candidates().size() > settings.max_remote_candidates) __builtin_trap();
  return 0;
}
