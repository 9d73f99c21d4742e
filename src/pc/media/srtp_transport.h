// SRTP/SRTCP for one DTLS transport (RFC 5764 4.2): built from the DTLS exporter output
// ("EXTRACTOR-dtls_srtp", srtp::keying_material_size(profile) bytes, laid out
// client_key | server_key | client_salt | server_salt) and the local DTLS role, which decides which half
// protects what this side sends. Protect and unprotect work in place (see srtp::Context for the tailroom
// rule); every inbound failure is counted by kind so src/pc can report it without logging per packet.
//
// Sans-IO, single owner, no allocation per packet (except the first packet of a new SSRC).
#pragma once

#include <cstdint>
#include <span>

#include "common/result.h"
#include "srtp/srtp.h"

namespace purertc::pc::media {

struct SrtpTransportStats {
  uint64_t rtp_protected = 0;
  uint64_t rtcp_protected = 0;
  uint64_t rtp_unprotected = 0;
  uint64_t rtcp_unprotected = 0;
  uint64_t protect_errors = 0;  // buffer too small, index space exhausted, SSRC limit (outbound)
  // Inbound drops, by cause.
  uint64_t auth_failures = 0;   // Errc::kAuthFailed
  uint64_t replays = 0;         // Errc::kReplay
  uint64_t malformed = 0;       // Errc::kTruncated / kMalformed / kInvalidArgument
  uint64_t ssrc_limit = 0;      // Errc::kLimitExceeded
};

class SrtpTransport {
 public:
  // Errc::kInvalidArgument when `keying_material` is not keying_material_size(profile) bytes.
  static Result<SrtpTransport> create(srtp::Profile profile, std::span<const uint8_t> keying_material,
                                      srtp::DtlsRole local_role, const srtp::Settings& settings = {});

  srtp::Profile profile() const { return session_.profile(); }
  // Tailroom protect needs after a packet.
  size_t rtp_overhead() const { return srtp::rtp_overhead(profile()); }
  size_t rtcp_overhead() const { return srtp::rtcp_overhead(profile()); }

  // `buffer` holds the plaintext in its first `length` bytes; returns the protected length. Errors as
  // srtp::Context documents (kBufferTooSmall, kLimitExceeded, kMalformed, kInvalidArgument).
  Result<size_t> protect_rtp(std::span<uint8_t> buffer, size_t length);
  Result<size_t> protect_rtcp(std::span<uint8_t> buffer, size_t length);
  // Decrypts `packet` in place; returns the plaintext length. Errors: kTruncated, kMalformed,
  // kAuthFailed, kReplay, kLimitExceeded (each counted in stats()).
  Result<size_t> unprotect_rtp(std::span<uint8_t> packet);
  Result<size_t> unprotect_rtcp(std::span<uint8_t> packet);

  // Forgets an SSRC (BYE, a removed stream).
  void remove_ssrc(uint32_t ssrc);

  const SrtpTransportStats& stats() const { return stats_; }

 private:
  explicit SrtpTransport(srtp::Session session) : session_(std::move(session)) {}
  void count_inbound_error(const Error& e);

  srtp::Session session_;
  SrtpTransportStats stats_;
};

}  // namespace purertc::pc::media
