// SRTP/SRTCP unprotect on attacker-chosen packets under fuzzer-chosen keys, profiles and options: must
// never crash or read out of bounds (ASan), and must never accept a packet it did not protect (a forged
// tag passing would be a catastrophic bug; the 32-bit tag of AES128_CM_HMAC_SHA1_32 is the one place
// where a chance match, 2^-32 per packet, is the design and is not treated as a bug). Each input also
// round-trips through protect: the plaintext must come back, and one flipped bit must be rejected.
//
// Input: [profile/options byte][48 key bytes] then packets, each [u16 length][bytes].
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/byte_order.h"
#include "srtp/context.h"

using namespace purertc;
using namespace purertc::srtp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr Profile kProfiles[] = {Profile::kAes128CmHmacSha1_80, Profile::kAes128CmHmacSha1_32,
                                   Profile::kNullHmacSha1_80, Profile::kAeadAes128Gcm, Profile::kAeadAes256Gcm};
  if (size < 1 + 48) return 0;
  const Profile profile = kProfiles[data[0] % 5];
  Settings settings;
  settings.max_ssrcs = 4;
  settings.cryptex = (data[0] & 0x08) != 0;
  if (data[0] & 0x10) settings.encrypted_header_extensions.set(1).set(2).set(14).set(200);
  const size_t key_size = params(profile).master_key_size;
  const size_t salt_size = params(profile).master_salt_size;
  std::span<const uint8_t> key(data + 1, key_size);
  std::span<const uint8_t> salt(data + 1 + key_size, salt_size);
  auto rx = Context::create(profile, key, salt, settings);
  auto tx = Context::create(profile, key, salt, settings);
  auto rx2 = Context::create(profile, key, salt, settings);
  if (!rx || !tx || !rx2) __builtin_trap();
  const bool strong_tag = profile != Profile::kAes128CmHmacSha1_32;

  size_t pos = 1 + 48;
  std::vector<uint8_t> buf;
  while (size - pos >= 2) {
    size_t len = load_u16(data + pos);
    pos += 2;
    if (len > size - pos) len = size - pos;
    const uint8_t* packet = data + pos;
    pos += len;
    const bool rtcp = len > 1 && packet[1] >= 192 && packet[1] <= 223;  // RFC 5761 demux range

    // 1. Garbage in: an exact-size copy so ASan sees any read past the end.
    std::vector<uint8_t> in(packet, packet + len);
    auto r = rtcp ? rx->unprotect_rtcp(in) : rx->unprotect_rtp(in);
    if (r && strong_tag) __builtin_trap();
    if (r && *r > len) __builtin_trap();

    // 2. Round trip: the input as a plaintext packet.
    buf.assign(packet, packet + len);
    buf.resize(len + kMaxRtcpOverhead + 4);
    auto n = rtcp ? tx->protect_rtcp(buf, len) : tx->protect_rtp(buf, len);
    if (!n) continue;
    if (*n > buf.size()) __builtin_trap();
    std::vector<uint8_t> wire(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(*n));
    std::vector<uint8_t> flipped = wire;
    flipped[(len * 7 + 3) % flipped.size()] ^= 0x20;
    auto bad = rtcp ? rx2->unprotect_rtcp(flipped) : rx2->unprotect_rtp(flipped);
    // A flip in the RTP version bits or the CSRC count can make a different (malformed) header: any
    // error is fine, acceptance is not.
    if (bad && strong_tag) __builtin_trap();
    auto back = rtcp ? rx2->unprotect_rtcp(wire) : rx2->unprotect_rtp(wire);
    if (!back) {
      // Replays of an earlier identical index and the SSRC limit are legitimate refusals.
      if (back.error().code != Errc::kReplay && back.error().code != Errc::kLimitExceeded) __builtin_trap();
      continue;
    }
    if (*back > len + 4) __builtin_trap();  // cryptex may have added an empty extension
    // Without cryptex the plaintext must come back byte for byte.
    if (!settings.cryptex && (*back != len || std::memcmp(wire.data(), packet, len) != 0)) __builtin_trap();
  }
  return 0;
}
