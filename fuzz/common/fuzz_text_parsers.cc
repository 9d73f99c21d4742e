// The toolkit's text parsers (hex, IP and socket addresses) on arbitrary text: never crash, and whatever
// parses prints back to a form that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/hex.h"
#include "common/socket_address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto bytes = purertc::from_hex(text)) {
    auto again = purertc::from_hex(purertc::to_hex(*bytes));
    if (!again || *again != *bytes) __builtin_trap();
  }
  if (auto ip = purertc::IpAddress::parse(text)) {
    if (purertc::IpAddress::parse(ip->to_string()) != ip) __builtin_trap();
  }
  if (auto sa = purertc::SocketAddress::parse(text)) {
    if (purertc::SocketAddress::parse(sa->to_string()) != sa) __builtin_trap();
  }
  return 0;
}
