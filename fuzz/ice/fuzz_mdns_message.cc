// The mDNS message parser (RFC 6762 / RFC 1035 with name compression): arbitrary bytes must never crash,
// loop or over-read; whatever parses must serialize (when it holds only address records) and parse back
// to the same message, since the serializer writes names uncompressed.
#include <cstddef>
#include <cstdint>

#include "ice/mdns_message.h"

using namespace purertc;
using namespace purertc::ice;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = MdnsMessage::parse({data, size});
  if (!m) return 0;
  if (m->questions.size() > kMaxQuestions || m->answers.size() > kMaxRecords) __builtin_trap();
  for (const auto& a : m->answers) {
    if (a.address && a.address->is_v4() != (a.type == kDnsTypeA)) __builtin_trap();
  }
  auto bytes = m->serialize();
  if (!bytes) return 0;  // names with dots inside labels, or non-address records: not writable
  auto back = MdnsMessage::parse(*bytes);
  if (!back) __builtin_trap();
  for (size_t i = 0; i < m->questions.size(); ++i) {
    if (!dns_names_equal(back->questions[i].name, m->questions[i].name)) __builtin_trap();
  }
  return 0;
}
