// A small, scriptable TURN server for TurnClient unit tests: long-term credentials with a rotating nonce,
// optional RFC 8489 extras (nonce cookie, PASSWORD-ALGORITHMS, USERHASH), forced error codes, and
// counters of what it saw. It checks what a real server checks about the client's requests, so a client
// bug in the auth dance fails these tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stun/credentials.h"
#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"
#include "stun/turn/channel_data.h"

namespace purertc::stun::testing {

class FakeTurnServer {
 public:
  std::string realm = "example.org";
  std::string nonce = "nonce-1";
  std::string user = "alice";
  std::string password = "secret";
  uint32_t lifetime = 600;
  // RFC 8489 mode: the nonce carries the cookie with both security features, the 401 offers MD5 and
  // SHA-256, and the client must answer with SHA-256 keys, USERHASH and MESSAGE-INTEGRITY-SHA256.
  bool rfc8489 = false;
  // Answer the next authenticated request of this method with this error (signed), once.
  std::optional<std::pair<Method, uint16_t>> force_error;
  // Answer every authenticated request with 438 and a fresh nonce.
  bool always_stale = false;

  SocketAddress relayed = SocketAddress{IpAddress::v4(10, 0, 0, 1), 50000};
  SocketAddress mapped = SocketAddress{IpAddress::v4(192, 0, 2, 1), 40000};

  std::map<uint16_t, int> requests;  // by method, authenticated requests that succeeded
  int unauthenticated_requests = 0;
  uint32_t last_refresh_lifetime = 0xffffffff;
  std::vector<std::pair<SocketAddress, std::vector<uint8_t>>> send_indications;
  std::vector<std::pair<uint16_t, std::vector<uint8_t>>> channel_data;

  std::string current_nonce() const { return rfc8489 ? "obMatJos2AAAD" + nonce : nonce; }

  std::optional<std::vector<uint8_t>> handle(std::span<const uint8_t> bytes) {
    if (is_channel_data(bytes)) {
      auto cd = parse_channel_data(bytes, TurnFraming::kDatagram);
      EXPECT_TRUE(cd);
      channel_data.emplace_back(cd->channel, std::vector<uint8_t>(cd->data.begin(), cd->data.end()));
      return std::nullopt;
    }
    auto m = MessageView::parse(bytes);
    EXPECT_TRUE(m) << "client sent malformed STUN";
    if (!m) return std::nullopt;
    EXPECT_TRUE(m->verify_fingerprint()) << "client messages carry FINGERPRINT";
    if (m->type().cls == MessageClass::kIndication) {
      EXPECT_EQ(m->type().method, static_cast<uint16_t>(Method::kSend));
      auto data = m->get(AttributeType::kData);
      send_indications.emplace_back(*m->get_address(AttributeType::kXorPeerAddress),
                                    std::vector<uint8_t>(data->begin(), data->end()));
      return std::nullopt;
    }
    EXPECT_EQ(m->type().cls, MessageClass::kRequest);
    Method method = static_cast<Method>(m->type().method);
    if (!m->has_message_integrity() && !m->has_message_integrity_sha256()) {
      ++unauthenticated_requests;
      return error(*m, kErrorUnauthenticated, false);
    }
    if (!authenticate(*m)) return error(*m, kErrorUnauthenticated, false);
    if (always_stale) {
      nonce += "x";
      return error(*m, kErrorStaleNonce, true);
    }
    if (*m->get_string(AttributeType::kNonce) != current_nonce()) return error(*m, kErrorStaleNonce, true);
    if (force_error && force_error->first == method) {
      uint16_t code = force_error->second;
      force_error.reset();
      return error(*m, code, true);
    }
    ++requests[static_cast<uint16_t>(method)];
    std::vector<uint8_t> buf(512);
    MessageBuilder b(buf, MessageType(method, MessageClass::kSuccessResponse), m->transaction_id_copy());
    switch (method) {
      case Method::kAllocate:
        EXPECT_EQ(*m->get_u32(AttributeType::kRequestedTransport), 17u << 24);
        b.add_address(AttributeType::kXorRelayedAddress, relayed);
        b.add_address(AttributeType::kXorMappedAddress, mapped);
        b.add_u32(AttributeType::kLifetime, lifetime);
        break;
      case Method::kRefresh:
        last_refresh_lifetime = *m->get_u32(AttributeType::kLifetime);
        b.add_u32(AttributeType::kLifetime, std::min(last_refresh_lifetime, lifetime));
        break;
      case Method::kCreatePermission:
        EXPECT_TRUE(m->get_address(AttributeType::kXorPeerAddress));
        break;
      case Method::kChannelBind:
        EXPECT_TRUE(is_channel_number(static_cast<uint16_t>(*m->get_u32(AttributeType::kChannelNumber) >> 16)));
        EXPECT_TRUE(m->get_address(AttributeType::kXorPeerAddress));
        break;
      default:
        ADD_FAILURE() << "unexpected method";
    }
    sign(b);
    return finish(b, buf);
  }

  // What the server relays from a peer: a Data indication, or ChannelData.
  std::vector<uint8_t> data_indication(const SocketAddress& peer, std::span<const uint8_t> data) {
    std::vector<uint8_t> buf(data.size() + 128);
    TransactionId id{};
    id[0] = static_cast<uint8_t>(++indications_);
    MessageBuilder b(buf, MessageType(Method::kData, MessageClass::kIndication), id);
    b.add_address(AttributeType::kXorPeerAddress, peer);
    b.add(AttributeType::kData, data);
    b.add_fingerprint();
    return finish(b, buf);
  }

  crypto::Digest key() const {
    return long_term_key(rfc8489 ? PasswordAlgorithm::kSha256 : PasswordAlgorithm::kMd5, user, realm, password);
  }

 private:
  bool authenticate(const MessageView& m) {
    auto k = key();
    if (rfc8489) {
      auto uh = m.get(AttributeType::kUserhash);
      auto expected = userhash(user, realm);
      EXPECT_TRUE(uh) << "RFC 8489 mode: the client must send USERHASH";
      EXPECT_TRUE(m.has(AttributeType::kPasswordAlgorithms));
      auto alg = m.get(AttributeType::kPasswordAlgorithm);
      EXPECT_TRUE(alg && *parse_password_algorithm(*alg) == PasswordAlgorithm::kSha256);
      if (!uh || !std::equal(uh->begin(), uh->end(), expected.view().begin(), expected.view().end())) return false;
      crypto::HmacKey hk(crypto::HashAlgorithm::kSha256, k.view());
      return m.verify_message_integrity_sha256(hk).has_value();
    }
    if (m.get_string(AttributeType::kUsername) != user) return false;
    if (m.get_string(AttributeType::kRealm) != realm) return false;
    crypto::HmacKey hk(crypto::HashAlgorithm::kSha1, k.view());
    return m.verify_message_integrity(hk).has_value();
  }

  void sign(MessageBuilder& b) {
    auto k = key();
    if (rfc8489) {
      crypto::HmacKey hk(crypto::HashAlgorithm::kSha256, k.view());
      b.add_message_integrity_sha256(hk);
    } else {
      crypto::HmacKey hk(crypto::HashAlgorithm::kSha1, k.view());
      b.add_message_integrity(hk);
    }
    b.add_fingerprint();
  }

  std::vector<uint8_t> error(const MessageView& m, uint16_t code, bool signed_response) {
    std::vector<uint8_t> buf(512);
    MessageBuilder b(buf, MessageType(m.type().method, MessageClass::kErrorResponse), m.transaction_id_copy());
    b.add_error_code(code, "fake");
    if (code == kErrorTryAlternate) {
      b.add_address(AttributeType::kAlternateServer, SocketAddress{IpAddress::v4(203, 0, 113, 9), 3478});
    }
    if (code == kErrorUnauthenticated || code == kErrorStaleNonce) {
      b.add_string(AttributeType::kRealm, realm);
      b.add_string(AttributeType::kNonce, current_nonce());
      if (rfc8489) {
        const uint8_t algs[] = {0, 1, 0, 0, 0, 2, 0, 0};
        b.add(AttributeType::kPasswordAlgorithms, algs);
      }
    }
    if (signed_response) {
      sign(b);
    } else {
      b.add_fingerprint();
    }
    return finish(b, buf);
  }

  static std::vector<uint8_t> finish(MessageBuilder& b, std::vector<uint8_t>& buf) {
    auto out = b.finish();
    EXPECT_TRUE(out);
    buf.resize(out ? out->size() : 0);
    return buf;
  }

  int indications_ = 0;
};

}  // namespace purertc::stun::testing
