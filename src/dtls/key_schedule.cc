#include "dtls/key_schedule.h"

#include <cstring>

#include "crypto/prf.h"

namespace purertc::dtls {

namespace {
std::array<uint8_t, 2 * kRandomSize> concat(const HelloRandom& a, const HelloRandom& b) {
  std::array<uint8_t, 2 * kRandomSize> out{};
  std::memcpy(out.data(), a.data(), kRandomSize);
  std::memcpy(out.data() + kRandomSize, b.data(), kRandomSize);
  return out;
}
}  // namespace

MasterSecret compute_extended_master_secret(crypto::HashAlgorithm prf_hash, std::span<const uint8_t> pre_master,
                                            std::span<const uint8_t> session_hash) {
  MasterSecret ms{};
  crypto::tls12_prf(prf_hash, pre_master, "extended master secret", session_hash, ms);
  return ms;
}

MasterSecret compute_master_secret(crypto::HashAlgorithm prf_hash, std::span<const uint8_t> pre_master,
                                   const HelloRandom& client_random, const HelloRandom& server_random) {
  MasterSecret ms{};
  auto seed = concat(client_random, server_random);
  crypto::tls12_prf(prf_hash, pre_master, "master secret", seed, ms);
  return ms;
}

KeyBlock expand_key_block(const CipherSuiteInfo& suite, const MasterSecret& master, const HelloRandom& client_random,
                          const HelloRandom& server_random) {
  std::vector<uint8_t> block(2 * (suite.key_size + suite.fixed_iv_size));
  auto seed = concat(server_random, client_random);
  crypto::tls12_prf(suite.prf_hash, master, "key expansion", seed, block);
  KeyBlock kb;
  auto take = [&, pos = size_t{0}](size_t n) mutable {
    std::vector<uint8_t> v(block.begin() + static_cast<ptrdiff_t>(pos), block.begin() + static_cast<ptrdiff_t>(pos + n));
    pos += n;
    return v;
  };
  kb.client_write_key = take(suite.key_size);
  kb.server_write_key = take(suite.key_size);
  kb.client_write_iv = take(suite.fixed_iv_size);
  kb.server_write_iv = take(suite.fixed_iv_size);
  return kb;
}

std::array<uint8_t, kVerifyDataSize> compute_verify_data(crypto::HashAlgorithm prf_hash, const MasterSecret& master,
                                                         bool client, std::span<const uint8_t> handshake_hash) {
  std::array<uint8_t, kVerifyDataSize> out{};
  crypto::tls12_prf(prf_hash, master, client ? "client finished" : "server finished", handshake_hash, out);
  return out;
}

void export_keying_material(crypto::HashAlgorithm prf_hash, const MasterSecret& master, std::string_view label,
                            const HelloRandom& client_random, const HelloRandom& server_random,
                            std::span<uint8_t> out) {
  auto seed = concat(client_random, server_random);
  crypto::tls12_prf(prf_hash, master, label, seed, out);
}

}  // namespace purertc::dtls
