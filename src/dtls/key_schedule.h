// The TLS 1.2 key schedule as DTLS 1.2 uses it, all built on the suite's PRF (crypto::tls12_prf):
//
//   master_secret = PRF(pre_master, "extended master secret", session_hash)[0..47]       (RFC 7627 4)
//                 | PRF(pre_master, "master secret", client_random + server_random)[0..47] (RFC 5246 8.1)
//   key_block     = PRF(master, "key expansion", server_random + client_random)          (RFC 5246 6.3)
//                   -> client_write_key, server_write_key, client_write_IV, server_write_IV (AEAD: no MAC keys)
//   verify_data   = PRF(master, "client finished" | "server finished", Hash(handshake))[0..11] (RFC 5246 7.4.9)
//   exporter      = PRF(master, label, client_random + server_random)                     (RFC 5705 4, no context)
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/hash.h"
#include "dtls/cipher_suite.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/finished.h"

namespace purertc::dtls {

constexpr size_t kMasterSecretSize = 48;
using MasterSecret = std::array<uint8_t, kMasterSecretSize>;
using HelloRandom = std::array<uint8_t, kRandomSize>;

MasterSecret compute_extended_master_secret(crypto::HashAlgorithm prf_hash, std::span<const uint8_t> pre_master,
                                            std::span<const uint8_t> session_hash);
MasterSecret compute_master_secret(crypto::HashAlgorithm prf_hash, std::span<const uint8_t> pre_master,
                                   const HelloRandom& client_random, const HelloRandom& server_random);

struct KeyBlock {
  std::vector<uint8_t> client_write_key, server_write_key, client_write_iv, server_write_iv;
};
KeyBlock expand_key_block(const CipherSuiteInfo& suite, const MasterSecret& master, const HelloRandom& client_random,
                          const HelloRandom& server_random);

std::array<uint8_t, kVerifyDataSize> compute_verify_data(crypto::HashAlgorithm prf_hash, const MasterSecret& master,
                                                         bool client, std::span<const uint8_t> handshake_hash);

void export_keying_material(crypto::HashAlgorithm prf_hash, const MasterSecret& master, std::string_view label,
                            const HelloRandom& client_random, const HelloRandom& server_random,
                            std::span<uint8_t> out);

}  // namespace purertc::dtls
