#include "sctp/state_cookie.h"

#include "common/byte_order.h"
#include "crypto/constant_time.h"

namespace purertc::sctp {

static constexpr uint32_t kMagic = 0x70724331;  // "prC1": cookie format version

std::vector<uint8_t> StateCookie::sign(crypto::HmacKey& key) const {
  std::vector<uint8_t> out(kSize, 0);
  uint8_t* p = out.data();
  store_u32(p, kMagic);
  store_u64(p + 4, static_cast<uint64_t>(created.us()));
  store_u32(p + 12, local_tag);
  store_u32(p + 16, peer_tag);
  store_u32(p + 20, local_initial_tsn);
  store_u32(p + 24, peer_initial_tsn);
  store_u32(p + 28, peer_a_rwnd);
  store_u16(p + 32, peer_outbound_streams);
  store_u16(p + 34, peer_inbound_streams);
  store_u32(p + 36, local_tie_tag);
  store_u32(p + 40, peer_tie_tag);
  p[44] = static_cast<uint8_t>((capabilities.partial_reliability ? 1 : 0) | (capabilities.reconfig ? 2 : 0) |
                               (capabilities.interleaving ? 4 : 0) | (capabilities.zero_checksum ? 8 : 0));
  auto mac = key.compute(std::span<const uint8_t>(p, kBodySize));
  std::copy(mac.bytes.begin(), mac.bytes.begin() + 32, out.begin() + kBodySize);
  return out;
}

std::optional<StateCookie> StateCookie::verify(std::span<const uint8_t> cookie, crypto::HmacKey& key) {
  if (cookie.size() != kSize) return std::nullopt;
  auto mac = key.compute(cookie.first(kBodySize));
  if (!crypto::constant_time_equal(std::span<const uint8_t>(mac.bytes.data(), 32), cookie.subspan(kBodySize))) return std::nullopt;
  const uint8_t* p = cookie.data();
  if (load_u32(p) != kMagic) return std::nullopt;
  StateCookie c;
  c.created = Timestamp::from_micros(static_cast<int64_t>(load_u64(p + 4)));
  c.local_tag = load_u32(p + 12);
  c.peer_tag = load_u32(p + 16);
  c.local_initial_tsn = load_u32(p + 20);
  c.peer_initial_tsn = load_u32(p + 24);
  c.peer_a_rwnd = load_u32(p + 28);
  c.peer_outbound_streams = load_u16(p + 32);
  c.peer_inbound_streams = load_u16(p + 34);
  c.local_tie_tag = load_u32(p + 36);
  c.peer_tie_tag = load_u32(p + 40);
  c.capabilities = {(p[44] & 1) != 0, (p[44] & 2) != 0, (p[44] & 4) != 0, (p[44] & 8) != 0};
  return c;
}

}  // namespace purertc::sctp
