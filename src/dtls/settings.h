// Configuration of one DTLS 1.2 endpoint: what it offers, what it requires, and a limit for every piece
// of state a peer can make grow.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/timestamp.h"
#include "crypto/certificate.h"
#include "crypto/ecdh.h"
#include "crypto/signature.h"
#include "dtls/cipher_suite.h"
#include "dtls/packet/extensions.h"

namespace purertc::dtls {

enum class Role { kClient, kServer };

struct DtlsSettings {
  Role role = Role::kClient;
  // Our certificate and key (required: WebRTC authenticates both ends).
  std::shared_ptr<const crypto::Identity> identity;
  // SDP a=fingerprint values of the peer ("sha-256 AB:CD:..."); the peer's certificate is accepted when
  // it matches any of them. An empty list rejects every peer.
  std::vector<std::string> remote_fingerprints;

  // In preference order. Only suites matching our certificate's key type are used as a server.
  std::vector<CipherSuite> cipher_suites = {
      CipherSuite::kEcdheEcdsaWithAes128GcmSha256,       CipherSuite::kEcdheEcdsaWithAes256GcmSha384,
      CipherSuite::kEcdheEcdsaWithChaCha20Poly1305Sha256, CipherSuite::kEcdheRsaWithAes128GcmSha256,
      CipherSuite::kEcdheRsaWithAes256GcmSha384,         CipherSuite::kEcdheRsaWithChaCha20Poly1305Sha256,
  };
  std::vector<crypto::NamedGroup> groups = {crypto::NamedGroup::kX25519, crypto::NamedGroup::kSecp256r1,
                                            crypto::NamedGroup::kSecp384r1};
  std::vector<crypto::SignatureScheme> signature_schemes = {
      crypto::SignatureScheme::kEcdsaSecp256r1Sha256, crypto::SignatureScheme::kEcdsaSecp384r1Sha384,
      crypto::SignatureScheme::kRsaPssRsaeSha256, crypto::SignatureScheme::kRsaPkcs1Sha256};
  // use_srtp profiles in preference order; when non-empty a handshake without a common profile fails.
  std::vector<SrtpProtectionProfile> srtp_profiles = {
      SrtpProtectionProfile::kAeadAes128Gcm, SrtpProtectionProfile::kAeadAes256Gcm,
      SrtpProtectionProfile::kAes128CmHmacSha1_80, SrtpProtectionProfile::kAes128CmHmacSha1_32};

  // RFC 7627: refuse peers without extended_master_secret (triple-handshake protection).
  bool require_extended_master_secret = true;
  // Server: send a CertificateRequest and fail without a client certificate.
  bool require_client_certificate = true;
  // Server: answer a ClientHello without a valid cookie with a HelloVerifyRequest (RFC 6347 4.2.1).
  bool hello_verify_request = true;
  // Server: bytes bound into cookies, typically the client's transport address, so that a cookie
  // obtained from one address is useless from another.
  std::vector<uint8_t> cookie_context;

  // Largest datagram we send (handshake flights are fragmented to fit). At least kMinMtu.
  size_t mtu = 1200;
  // RFC 6347 4.2.4.1: 1 s initial timer, doubled on every retransmission up to 60 s.
  Duration initial_retransmit_timeout = Duration::seconds(1);
  Duration max_retransmit_timeout = Duration::seconds(60);
  // The handshake fails when it has not completed this long after it started.
  Duration handshake_timeout = Duration::seconds(60);

  // Peer-controlled state.
  size_t max_handshake_message_size = 64 * 1024;
  size_t max_reassembly_bytes = 256 * 1024;
  uint16_t max_messages_ahead = 8;
  int max_hello_verify_requests = 4;  // client: HelloVerifyRequests accepted per handshake
  // Records of the next epoch kept until its keys are installed (RFC 6347 4.1); 0 drops them. A flight
  // has one such record (Finished), so a few cover duplication; the byte limit bounds the memory.
  size_t max_buffered_records = 4;
  size_t max_buffered_record_bytes = 8 * 1024;
};

constexpr size_t kMinMtu = 128;

}  // namespace purertc::dtls
