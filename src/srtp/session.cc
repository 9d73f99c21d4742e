#include "srtp/session.h"

namespace purertc::srtp {

std::string_view to_string(DtlsRole role) { return role == DtlsRole::kClient ? "client" : "server"; }

size_t keying_material_size(Profile profile) {
  const ProfileParams& p = params(profile);
  return 2 * (p.master_key_size + p.master_salt_size);
}

Result<MasterKeys> split_keying_material(Profile profile, std::span<const uint8_t> keying_material) {
  if (keying_material.size() != keying_material_size(profile)) {
    return unexpected(Error{Errc::kInvalidArgument, "DTLS-SRTP keying material has the wrong length for the profile"});
  }
  const size_t k = params(profile).master_key_size;
  const size_t s = params(profile).master_salt_size;
  return MasterKeys{keying_material.subspan(0, k), keying_material.subspan(k, k), keying_material.subspan(2 * k, s),
                    keying_material.subspan(2 * k + s, s)};
}

Result<Session> Session::create(Profile profile, std::span<const uint8_t> keying_material, DtlsRole local_role,
                                const Settings& settings) {
  auto keys = split_keying_material(profile, keying_material);
  if (!keys) return unexpected(keys.error());
  const bool client = local_role == DtlsRole::kClient;
  auto out = Context::create(profile, client ? keys->client_key : keys->server_key,
                             client ? keys->client_salt : keys->server_salt, settings);
  if (!out) return unexpected(out.error());
  auto in = Context::create(profile, client ? keys->server_key : keys->client_key,
                            client ? keys->server_salt : keys->client_salt, settings);
  if (!in) return unexpected(in.error());
  return Session(std::move(*out), std::move(*in));
}

}  // namespace purertc::srtp
