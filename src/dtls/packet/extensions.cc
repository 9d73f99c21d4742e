#include "dtls/packet/extensions.h"

#include <algorithm>

#include "common/byte_reader.h"

namespace purertc::dtls {

std::string_view to_string(SrtpProtectionProfile profile) {
  switch (profile) {
    case SrtpProtectionProfile::kAes128CmHmacSha1_80: return "SRTP_AES128_CM_HMAC_SHA1_80";
    case SrtpProtectionProfile::kAes128CmHmacSha1_32: return "SRTP_AES128_CM_HMAC_SHA1_32";
    case SrtpProtectionProfile::kAeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM";
    case SrtpProtectionProfile::kAeadAes256Gcm: return "SRTP_AEAD_AES_256_GCM";
  }
  return "unknown_srtp_profile";
}

size_t srtp_keying_material_size(SrtpProtectionProfile profile) {
  switch (profile) {
    case SrtpProtectionProfile::kAes128CmHmacSha1_80:
    case SrtpProtectionProfile::kAes128CmHmacSha1_32: return 2 * (16 + 14);
    case SrtpProtectionProfile::kAeadAes128Gcm: return 2 * (16 + 12);
    case SrtpProtectionProfile::kAeadAes256Gcm: return 2 * (32 + 12);
  }
  return 0;
}

namespace {

Error decode_error(const char* what) { return Error{Errc::kMalformed, what}; }

// A list of 16-bit values behind a length of `len_bytes` bytes that must exactly fill `data`.
Result<std::vector<uint16_t>> read_u16_list(std::span<const uint8_t> data, size_t len_bytes, const char* what) {
  ByteReader r(data);
  size_t n = 0;
  if (len_bytes == 1) {
    auto v = r.read_u8();
    if (!v) return unexpected(decode_error(what));
    n = *v;
  } else {
    auto v = r.read_u16();
    if (!v) return unexpected(decode_error(what));
    n = *v;
  }
  if (n != r.remaining() || n % 2 != 0 || n == 0) return unexpected(decode_error(what));
  std::vector<uint16_t> out;
  out.reserve(n / 2);
  while (!r.empty()) out.push_back(*r.read_u16());
  return out;
}

}  // namespace

Result<HelloExtensions> HelloExtensions::parse(std::span<const uint8_t> data, bool client) {
  HelloExtensions ext;
  ByteReader outer(data);
  auto total = outer.read_u16();
  if (!total || *total != outer.remaining()) return unexpected(decode_error("extensions length mismatch"));
  std::vector<uint16_t> seen;
  while (!outer.empty()) {
    auto type = outer.read_u16();
    auto len = outer.read_u16();
    if (!type || !len) return unexpected(decode_error("extension header truncated"));
    auto body = outer.read_bytes(*len);
    if (!body) return unexpected(decode_error("extension body truncated"));
    if (std::find(seen.begin(), seen.end(), *type) != seen.end()) {
      return unexpected(decode_error("duplicate extension"));
    }
    seen.push_back(*type);
    ByteReader r(*body);
    switch (static_cast<ExtensionType>(*type)) {
      case ExtensionType::kSupportedGroups: {
        auto list = read_u16_list(*body, 2, "bad supported_groups");
        if (!list) return unexpected(list.error());
        ext.supported_groups = std::move(*list);
        break;
      }
      case ExtensionType::kSignatureAlgorithms: {
        auto list = read_u16_list(*body, 2, "bad signature_algorithms");
        if (!list) return unexpected(list.error());
        ext.signature_algorithms = std::move(*list);
        break;
      }
      case ExtensionType::kEcPointFormats: {
        auto n = r.read_u8();
        if (!n || *n == 0 || *n != r.remaining()) return unexpected(decode_error("bad ec_point_formats"));
        auto formats = r.read_bytes(*n);
        ext.ec_point_formats = std::vector<uint8_t>(formats->begin(), formats->end());
        break;
      }
      case ExtensionType::kUseSrtp: {
        auto n = r.read_u16();
        if (!n || *n == 0 || *n % 2 != 0 || *n > r.remaining()) return unexpected(decode_error("bad use_srtp"));
        std::vector<uint16_t> profiles;
        for (size_t i = 0; i < *n / 2; ++i) profiles.push_back(*r.read_u16());
        auto mki_len = r.read_u8();
        if (!mki_len || *mki_len != r.remaining()) return unexpected(decode_error("bad use_srtp mki"));
        auto mki = r.read_bytes(*mki_len);
        ext.srtp_profiles = std::move(profiles);
        ext.srtp_mki.assign(mki->begin(), mki->end());
        break;
      }
      case ExtensionType::kExtendedMasterSecret:
        if (!body->empty()) return unexpected(decode_error("extended_master_secret not empty"));
        ext.extended_master_secret = true;
        break;
      case ExtensionType::kRenegotiationInfo: {
        auto n = r.read_u8();
        if (!n || *n != r.remaining()) return unexpected(decode_error("bad renegotiation_info"));
        auto v = r.read_bytes(*n);
        ext.renegotiation_info = std::vector<uint8_t>(v->begin(), v->end());
        break;
      }
      case ExtensionType::kSupportedVersions: {
        if (client) {
          auto list = read_u16_list(*body, 1, "bad supported_versions");
          if (!list) return unexpected(list.error());
          ext.supported_versions = std::move(*list);
        } else {
          auto v = r.read_u16();
          if (!v || !r.empty()) return unexpected(decode_error("bad supported_versions"));
          ext.supported_versions = {*v};
        }
        break;
      }
      case ExtensionType::kKeyShare:
        ext.has_key_share = true;
        break;
      default:
        break;
    }
  }
  return ext;
}

void HelloExtensions::write(ByteBuffer& out) const {
  size_t start = out.size();
  out.write_u16(0);
  auto begin_ext = [&](ExtensionType type) {
    out.write_u16(static_cast<uint16_t>(type));
    size_t at = out.size();
    out.write_u16(0);
    return at;
  };
  auto end_ext = [&](size_t at) { out.patch_u16(at, static_cast<uint16_t>(out.size() - at - 2)); };

  if (renegotiation_info) {
    size_t at = begin_ext(ExtensionType::kRenegotiationInfo);
    out.write_u8(static_cast<uint8_t>(renegotiation_info->size()));
    out.write_bytes(*renegotiation_info);
    end_ext(at);
  }
  if (extended_master_secret) end_ext(begin_ext(ExtensionType::kExtendedMasterSecret));
  if (!supported_groups.empty()) {
    size_t at = begin_ext(ExtensionType::kSupportedGroups);
    out.write_u16(static_cast<uint16_t>(supported_groups.size() * 2));
    for (uint16_t g : supported_groups) out.write_u16(g);
    end_ext(at);
  }
  if (ec_point_formats) {
    size_t at = begin_ext(ExtensionType::kEcPointFormats);
    out.write_u8(static_cast<uint8_t>(ec_point_formats->size()));
    out.write_bytes(*ec_point_formats);
    end_ext(at);
  }
  if (!signature_algorithms.empty()) {
    size_t at = begin_ext(ExtensionType::kSignatureAlgorithms);
    out.write_u16(static_cast<uint16_t>(signature_algorithms.size() * 2));
    for (uint16_t s : signature_algorithms) out.write_u16(s);
    end_ext(at);
  }
  if (srtp_profiles) {
    size_t at = begin_ext(ExtensionType::kUseSrtp);
    out.write_u16(static_cast<uint16_t>(srtp_profiles->size() * 2));
    for (uint16_t p : *srtp_profiles) out.write_u16(p);
    out.write_u8(static_cast<uint8_t>(srtp_mki.size()));
    out.write_bytes(srtp_mki);
    end_ext(at);
  }
  if (!supported_versions.empty()) {
    size_t at = begin_ext(ExtensionType::kSupportedVersions);
    out.write_u8(static_cast<uint8_t>(supported_versions.size() * 2));
    for (uint16_t v : supported_versions) out.write_u16(v);
    end_ext(at);
  }
  if (out.size() == start + 2) {
    out.vector().resize(start);
    return;
  }
  out.patch_u16(start, static_cast<uint16_t>(out.size() - start - 2));
}

}  // namespace purertc::dtls
