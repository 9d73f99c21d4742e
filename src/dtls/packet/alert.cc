#include "dtls/packet/alert.h"

namespace purertc::dtls {

std::string_view to_string(AlertDescription d) {
  switch (d) {
    case AlertDescription::kCloseNotify: return "close_notify";
    case AlertDescription::kUnexpectedMessage: return "unexpected_message";
    case AlertDescription::kBadRecordMac: return "bad_record_mac";
    case AlertDescription::kRecordOverflow: return "record_overflow";
    case AlertDescription::kHandshakeFailure: return "handshake_failure";
    case AlertDescription::kBadCertificate: return "bad_certificate";
    case AlertDescription::kUnsupportedCertificate: return "unsupported_certificate";
    case AlertDescription::kCertificateUnknown: return "certificate_unknown";
    case AlertDescription::kIllegalParameter: return "illegal_parameter";
    case AlertDescription::kDecodeError: return "decode_error";
    case AlertDescription::kDecryptError: return "decrypt_error";
    case AlertDescription::kProtocolVersion: return "protocol_version";
    case AlertDescription::kInsufficientSecurity: return "insufficient_security";
    case AlertDescription::kInternalError: return "internal_error";
    case AlertDescription::kUserCanceled: return "user_canceled";
    case AlertDescription::kNoRenegotiation: return "no_renegotiation";
    case AlertDescription::kUnsupportedExtension: return "unsupported_extension";
  }
  return "unknown_alert";
}

Result<Alert> Alert::parse(std::span<const uint8_t> data) {
  // An alert record carries exactly one alert; RFC 5246 forbids fragmenting alerts across records.
  if (data.size() != 2) return unexpected(Error{Errc::kMalformed, "alert record is not 2 bytes"});
  if (data[0] != 1 && data[0] != 2) return unexpected(Error{Errc::kMalformed, "alert level is not warning/fatal"});
  return Alert{static_cast<AlertLevel>(data[0]), static_cast<AlertDescription>(data[1])};
}

}  // namespace purertc::dtls
