#include "pc/media/srtp_transport.h"

#include <utility>

namespace purertc::pc::media {

Result<SrtpTransport> SrtpTransport::create(srtp::Profile profile, std::span<const uint8_t> keying_material,
                                            srtp::DtlsRole local_role, const srtp::Settings& settings) {
  auto session = srtp::Session::create(profile, keying_material, local_role, settings);
  if (!session) return unexpected(session.error());
  return SrtpTransport(std::move(*session));
}

Result<size_t> SrtpTransport::protect_rtp(std::span<uint8_t> buffer, size_t length) {
  auto r = session_.protect_rtp(buffer, length);
  if (r) ++stats_.rtp_protected;
  else ++stats_.protect_errors;
  return r;
}

Result<size_t> SrtpTransport::protect_rtcp(std::span<uint8_t> buffer, size_t length) {
  auto r = session_.protect_rtcp(buffer, length);
  if (r) ++stats_.rtcp_protected;
  else ++stats_.protect_errors;
  return r;
}

Result<size_t> SrtpTransport::unprotect_rtp(std::span<uint8_t> packet) {
  auto r = session_.unprotect_rtp(packet);
  if (r) ++stats_.rtp_unprotected;
  else count_inbound_error(r.error());
  return r;
}

Result<size_t> SrtpTransport::unprotect_rtcp(std::span<uint8_t> packet) {
  auto r = session_.unprotect_rtcp(packet);
  if (r) ++stats_.rtcp_unprotected;
  else count_inbound_error(r.error());
  return r;
}

void SrtpTransport::remove_ssrc(uint32_t ssrc) {
  session_.outbound().remove_ssrc(ssrc);
  session_.inbound().remove_ssrc(ssrc);
}

void SrtpTransport::count_inbound_error(const Error& e) {
  switch (e.code) {
    case Errc::kAuthFailed:
      ++stats_.auth_failures;
      break;
    case Errc::kReplay:
      ++stats_.replays;
      break;
    case Errc::kLimitExceeded:
      ++stats_.ssrc_limit;
      break;
    default:
      ++stats_.malformed;
      break;
  }
}

}  // namespace purertc::pc::media
