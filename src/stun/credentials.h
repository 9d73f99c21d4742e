// STUN credentials (RFC 8489 section 9).
//
// Short-term (ICE, RFC 8445 7.2.2): the MESSAGE-INTEGRITY key is the password itself.
// Long-term (TURN): key = H(username ":" realm ":" password) with H = MD5 (the default, 16-byte key)
// or SHA-256 (chosen with PASSWORD-ALGORITHM), and USERHASH = SHA-256(username ":" realm) when the
// server asks for username anonymity.
//
// purertc takes usernames, realms and passwords as already-prepared byte strings: the OpaqueString
// profile (RFC 8265) is the application's business. For the ASCII credentials ICE and TURN servers use in
// practice it is the identity.
#pragma once

#include <optional>
#include <string_view>

#include "crypto/hash.h"
#include "stun/packet/password_algorithms.h"

namespace purertc::stun {

crypto::Digest long_term_key(PasswordAlgorithm alg, std::string_view username, std::string_view realm,
                             std::string_view password);

crypto::Digest userhash(std::string_view username, std::string_view realm);

// The "nonce cookie" (RFC 8489 9.2): a NONCE that starts with "obMatJos2" is followed by four base64
// characters carrying 24 security-feature bits. Bit numbering follows verified erratum 6290 (bit 0 is the
// least significant); under it the RFC 8489 B.1 vector's nonce ("obMatJos2AAAC...") asks for username
// anonymity, and that vector indeed carries USERHASH.
struct SecurityFeatures {
  bool password_algorithms = false;  // bit 0
  bool username_anonymity = false;   // bit 1
};

// nullopt when the nonce carries no cookie (coturn, RFC 5389 servers).
std::optional<SecurityFeatures> parse_nonce_cookie(std::string_view nonce);

}  // namespace purertc::stun
