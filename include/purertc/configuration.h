// W3C RTCConfiguration: what a PeerConnection is told by the application (ICE servers, policies, its
// DTLS certificate). Knobs that tune purertc itself live in SettingEngine.
//
// Threading: plain values. A Certificate is immutable and may be shared between PeerConnections and
// threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "purertc/export.h"
#include "purertc/rtc_error.h"

namespace purertc {

namespace crypto {
struct Identity;  // the private key and its self-signed X.509 certificate (src/crypto)
}

// RTCIceServer: "stun:host:port", "turn:host:port?transport=udp", "turns:..." URLs with credentials.
struct IceServer {
  std::vector<std::string> urls;
  std::string username;
  std::string credential;
};

enum class IceTransportPolicy { kAll, kRelay };
// RTCBundlePolicy. purertc always bundles every m-line onto one transport (max-bundle); the other
// policies are accepted and produce the same offers, which browsers accept for all three.
enum class BundlePolicy { kBalanced, kMaxCompat, kMaxBundle };

// RTCCertificate: the DTLS identity, authenticated by its fingerprint in SDP.
class PURERTC_EXPORT Certificate {
 public:
  // A fresh ECDSA P-256 self-signed certificate valid for 30 days. Errors: kOperationError when the
  // system's entropy source or key generation fails.
  static RtcResult<Certificate> generate();
  // A PEM certificate with its PEM private key. Errors: kInvalidArgument when either does not parse or
  // the key does not belong to the certificate.
  static RtcResult<Certificate> from_pem(std::string_view certificate_pem, std::string_view private_key_pem);

  // "sha-256 AB:CD:...", as it appears in a=fingerprint.
  std::string fingerprint() const;
  const std::shared_ptr<const crypto::Identity>& identity() const { return identity_; }

 private:
  explicit Certificate(std::shared_ptr<const crypto::Identity> identity) : identity_(std::move(identity)) {}
  std::shared_ptr<const crypto::Identity> identity_;
};

struct Configuration {
  std::vector<IceServer> ice_servers;
  IceTransportPolicy ice_transport_policy = IceTransportPolicy::kAll;
  BundlePolicy bundle_policy = BundlePolicy::kMaxBundle;
  // The first one is used; empty: the PeerConnection generates one (Certificate::generate()).
  std::vector<Certificate> certificates;
};

}  // namespace purertc
