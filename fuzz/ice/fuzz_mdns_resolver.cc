// The mDNS resolver/responder engine: fuzzed datagrams from the multicast group interleaved with queries
// and timeouts. Must never crash, keep its pending queries and cache within their limits, and answer
// every query exactly once.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "ice/mdns_resolver.h"

using namespace purertc;
using namespace purertc::ice;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SeededRandom rng(size);
  MdnsSettings settings;
  settings.max_pending_queries = 4;
  MdnsResolver r(settings, rng);
  const std::string own = r.add_local_name(IpAddress::v4(10, 0, 0, 1));
  const std::string names[] = {own, "a.local", "b.local", "c.local", "d.local", "e.local"};
  std::map<std::string, int> outstanding;
  Timestamp now = Timestamp::from_millis(1);
  // Records: [1 byte op][1 byte time step][2 bytes length][payload]; op < 64 queries names[op % 6].
  size_t pos = 0;
  while (pos + 4 <= size) {
    const uint8_t op = data[pos];
    const uint8_t step = data[pos + 1];
    size_t len = static_cast<size_t>(data[pos + 2]) << 8 | data[pos + 3];
    pos += 4;
    if (len > size - pos) len = size - pos;
    if (op < 64) {
      const std::string& n = names[op % 6];
      r.query(n, now);
      ++outstanding[n];
    } else {
      r.handle_input({data + pos, len}, now);
    }
    pos += len;
    now += Duration::millis(step * 20);
    r.handle_timeout(now);
    while (auto o = r.poll_output()) {
      if (auto* res = std::get_if<MdnsResolved>(&*o)) {
        // Each call to query() is answered once; queries sharing an exchange are answered together.
        auto it = outstanding.find(res->name);
        if (it == outstanding.end()) __builtin_trap();
        outstanding.erase(it);
      }
    }
    if (r.pending_queries() > settings.max_pending_queries) __builtin_trap();
  }
  return 0;
}
