// An SRTP session as DTLS-SRTP sets it up (RFC 5764 4.2): the exporter output of the DTLS handshake,
// laid out as
//
//   client_write_SRTP_master_key[K] | server_write_SRTP_master_key[K] |
//   client_write_SRTP_master_salt[S] | server_write_SRTP_master_salt[S]
//
// (K, S from the profile; 2 * (K + S) bytes in all), becomes an outbound Context keyed with this side's
// write key and an inbound Context keyed with the peer's.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"
#include "srtp/context.h"
#include "srtp/profile.h"

namespace purertc::srtp {

enum class DtlsRole { kClient, kServer };
std::string_view to_string(DtlsRole role);

// 2 * (master key + master salt) bytes: the length to ask the DTLS exporter for.
size_t keying_material_size(Profile profile);

struct MasterKeys {
  std::span<const uint8_t> client_key, server_key, client_salt, server_salt;
};
// Splits exporter output; Errc::kInvalidArgument if its length is not keying_material_size(profile).
Result<MasterKeys> split_keying_material(Profile profile, std::span<const uint8_t> keying_material);

class Session {
 public:
  static Result<Session> create(Profile profile, std::span<const uint8_t> keying_material, DtlsRole local_role,
                                const Settings& settings = {});

  Profile profile() const { return outbound_.profile(); }
  // Protects what this side sends (see Context for buffers and errors).
  Result<size_t> protect_rtp(std::span<uint8_t> buffer, size_t length) { return outbound_.protect_rtp(buffer, length); }
  size_t protect_rtp_batch(std::span<PacketSlot> packets) { return outbound_.protect_rtp_batch(packets); }
  Result<size_t> protect_rtcp(std::span<uint8_t> buffer, size_t length) { return outbound_.protect_rtcp(buffer, length); }
  // Unprotects what the peer sent.
  Result<size_t> unprotect_rtp(std::span<uint8_t> packet) { return inbound_.unprotect_rtp(packet); }
  Result<size_t> unprotect_rtcp(std::span<uint8_t> packet) { return inbound_.unprotect_rtcp(packet); }

  Context& outbound() { return outbound_; }
  Context& inbound() { return inbound_; }

 private:
  Session(Context outbound, Context inbound) : outbound_(std::move(outbound)), inbound_(std::move(inbound)) {}
  Context outbound_;
  Context inbound_;
};

}  // namespace purertc::srtp
