// Hello extensions (RFC 5246 section 7.4.1.4) that a DTLS 1.2 WebRTC endpoint understands:
//
//   struct { ExtensionType extension_type (16); opaque extension_data<0..2^16-1>; } Extension;
//   Extension extensions<0..2^16-1>;
//
//   supported_groups (10, RFC 8422 5.1.1)      NamedGroup named_group_list<2..2^16-1>
//   ec_point_formats (11, RFC 8422 5.1.2)      ECPointFormat ec_point_format_list<1..2^8-1>
//   signature_algorithms (13, RFC 5246 7.4.1.4.1) SignatureAndHashAlgorithm list<2..2^16-2>
//   use_srtp (14, RFC 5764 4.1.1)              SRTPProtectionProfile profiles<2..2^16-1>; opaque mki<0..255>
//   extended_master_secret (23, RFC 7627)      empty
//   supported_versions (43, RFC 8446 4.2.1)    ClientHello: ProtocolVersion versions<2..254>
//   renegotiation_info (0xff01, RFC 5746)      opaque renegotiated_connection<0..255>
//
// Everything else (server_name, key_share, session_ticket, padding, GREASE...) is skipped unread, as
// RFC 5246 requires; a type that appears twice is a decode error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

enum class ExtensionType : uint16_t {
  kServerName = 0,
  kSupportedGroups = 10,
  kEcPointFormats = 11,
  kSignatureAlgorithms = 13,
  kUseSrtp = 14,
  kExtendedMasterSecret = 23,
  kSupportedVersions = 43,
  kKeyShare = 51,
  kRenegotiationInfo = 0xff01,
};

// RFC 5764 4.1.2 and RFC 7714 14.2.
enum class SrtpProtectionProfile : uint16_t {
  kAes128CmHmacSha1_80 = 0x0001,
  kAes128CmHmacSha1_32 = 0x0002,
  kAeadAes128Gcm = 0x0007,
  kAeadAes256Gcm = 0x0008,
};
std::string_view to_string(SrtpProtectionProfile profile);
// Bytes of exporter output the profile needs: 2 * (key + salt) (RFC 5764 4.2).
size_t srtp_keying_material_size(SrtpProtectionProfile profile);

constexpr uint8_t kEcPointFormatUncompressed = 0;

struct HelloExtensions {
  std::vector<uint16_t> supported_groups;      // raw codepoints, unknown ones included
  std::vector<uint16_t> signature_algorithms;  // raw codepoints
  std::optional<std::vector<uint8_t>> ec_point_formats;
  std::optional<std::vector<uint16_t>> srtp_profiles;  // set when use_srtp is present
  std::vector<uint8_t> srtp_mki;
  bool extended_master_secret = false;
  std::optional<std::vector<uint8_t>> renegotiation_info;
  std::vector<uint16_t> supported_versions;  // only from a ClientHello
  bool has_key_share = false;                // a DTLS 1.3 offer; noted, never used by 1.2

  // `data` is the extensions block including its 2-byte length. `client` selects the ClientHello form
  // of supported_versions (a list) rather than the ServerHello form (one version).
  static Result<HelloExtensions> parse(std::span<const uint8_t> data, bool client);
  // Appends the block (with its length) if any extension is present; nothing otherwise.
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
