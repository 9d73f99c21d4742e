// The server half of the handshake (flights 2, 4 and 6); see connection.h for the message flow.
#include <algorithm>

#include "common/log.h"
#include "crypto/constant_time.h"
#include "dtls/connection.h"
#include "dtls/packet/certificate.h"
#include "dtls/packet/certificate_request.h"
#include "dtls/packet/certificate_verify.h"
#include "dtls/packet/client_key_exchange.h"
#include "dtls/packet/finished.h"
#include "dtls/packet/hello_verify_request.h"
#include "dtls/packet/server_hello.h"
#include "dtls/packet/server_key_exchange.h"

namespace purertc::dtls {

namespace {
template <class List, class T>
bool contains(const List& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}
}  // namespace

crypto::Digest Connection::compute_cookie(const ClientHello& hello) {
  // The cookie binds the caller's context (the client's address) and the parameters a client must repeat
  // unchanged in its second ClientHello, without the server keeping any state (RFC 6347 4.2.1).
  uint8_t version[2] = {static_cast<uint8_t>(hello.client_version >> 8), static_cast<uint8_t>(hello.client_version)};
  std::vector<uint8_t> suites;
  suites.reserve(hello.cipher_suites.size() * 2);
  for (uint16_t s : hello.cipher_suites) {
    suites.push_back(static_cast<uint8_t>(s >> 8));
    suites.push_back(static_cast<uint8_t>(s));
  }
  return cookie_key_->compute({settings_.cookie_context, version, hello.random, hello.session_id, suites});
}

Status Connection::on_client_hello(const HandshakeMessage& m, Timestamp now) {
  auto parsed = ClientHello::parse(m.body);
  if (!parsed) {
    // No connection exists yet; a malformed hello is dropped rather than answered.
    ++stats_.handshake_fragments_dropped;
    return {};
  }
  const ClientHello& hello = *parsed;
  if (settings_.hello_verify_request) {
    crypto::Digest expected = compute_cookie(hello);
    if (!crypto::constant_time_equal(hello.cookie, expected.view())) {
      // Stateless answer: nothing about this ClientHello is kept (RFC 6347 4.2.1).
      HelloVerifyRequest hvr;
      hvr.server_version = kDtls10;  // RFC 6347 4.2.1: SHOULD be DTLS 1.0 whatever is negotiated later
      hvr.cookie.assign(expected.view().begin(), expected.view().end());
      ByteBuffer body;
      hvr.write(body);
      ByteBuffer message;
      write_handshake_header(message, HandshakeType::kHelloVerifyRequest, static_cast<uint32_t>(body.size()),
                             m.message_seq);
      message.write_bytes(body.view());
      // RFC 6347 4.2.1: "the server MUST use the record sequence number in the ClientHello as the record
      // sequence number in the HelloVerifyRequest" -- so answering repeated hellos keeps no state.
      std::vector<uint8_t> datagram;
      if (append_record(datagram, ContentType::kHandshake, 0, message.view(), current_record_seq_)) {
        ++stats_.hello_verify_requests_sent;
        transmit(std::move(datagram));
      }
      return {};
    }
  }
  // Our epoch-0 records continue from this ClientHello's number: HelloVerifyRequests used the numbers
  // of the earlier hellos, and the client's replay window would drop a ServerHello (or an alert)
  // repeating one.
  write_[0].next_seq = std::max(write_[0].next_seq, current_record_seq_);
  // DTLS versions count down: 0xFEFD (1.2) < 0xFEFF (1.0). A client offering 1.3 still says 1.2 here
  // and lists 1.3 in supported_versions, which a 1.2 server ignores (RFC 8446 4.2.1).
  if (hello.client_version > kDtls12) {
    return reject(AlertDescription::kProtocolVersion, Error{Errc::kUnsupported, "client does not offer DTLS 1.2"});
  }
  if (!contains(hello.compression_methods, uint8_t{0})) {
    return reject(AlertDescription::kIllegalParameter, Error{Errc::kInvalidArgument, "client requires compression"});
  }
  const HelloExtensions& ext = hello.extensions;
  const crypto::PrivateKey& key = settings_.identity->key;
  const bool ecdsa_key = key.type() != crypto::KeyType::kRsa;
  for (CipherSuite s : settings_.cipher_suites) {
    const CipherSuiteInfo* info = find_cipher_suite(static_cast<uint16_t>(s));
    if (info->ecdsa == ecdsa_key && contains(hello.cipher_suites, static_cast<uint16_t>(s))) {
      suite_ = info;
      break;
    }
  }
  if (suite_ == nullptr) {
    return reject(AlertDescription::kHandshakeFailure, Error{Errc::kUnsupported, "no common cipher suite"});
  }
  extended_master_secret_ = ext.extended_master_secret;
  if (settings_.require_extended_master_secret && !extended_master_secret_) {
    return reject(AlertDescription::kHandshakeFailure,
                  Error{Errc::kUnsupported, "client does not support extended_master_secret"});
  }
  std::optional<crypto::NamedGroup> group;
  for (auto g : settings_.groups) {
    // RFC 8422 4: without supported_groups the client accepts any curve; P-256 is the safe choice.
    bool offered = ext.supported_groups.empty() ? g == crypto::NamedGroup::kSecp256r1
                                                : contains(ext.supported_groups, static_cast<uint16_t>(g));
    if (offered) {
      group = g;
      break;
    }
  }
  if (!group) return reject(AlertDescription::kHandshakeFailure, Error{Errc::kUnsupported, "no common ECDHE group"});
  if (ext.ec_point_formats && !contains(*ext.ec_point_formats, kEcPointFormatUncompressed)) {
    return reject(AlertDescription::kIllegalParameter,
                  Error{Errc::kInvalidArgument, "client does not accept uncompressed points"});
  }
  std::optional<crypto::SignatureScheme> scheme;
  for (auto s : settings_.signature_schemes) {
    if (key.supports(s) && contains(ext.signature_algorithms, static_cast<uint16_t>(s))) {
      scheme = s;
      break;
    }
  }
  if (!scheme) {
    return reject(AlertDescription::kHandshakeFailure,
                  Error{Errc::kUnsupported, "no common signature scheme for ServerKeyExchange"});
  }
  if (!settings_.srtp_profiles.empty()) {
    if (!ext.srtp_profiles) {
      return reject(AlertDescription::kHandshakeFailure, Error{Errc::kUnsupported, "client did not offer use_srtp"});
    }
    for (auto p : settings_.srtp_profiles) {
      if (contains(*ext.srtp_profiles, static_cast<uint16_t>(p))) {
        srtp_profile_ = p;
        break;
      }
    }
    if (!srtp_profile_) {
      return reject(AlertDescription::kHandshakeFailure, Error{Errc::kUnsupported, "no common SRTP profile"});
    }
  }
  if (ext.renegotiation_info && !ext.renegotiation_info->empty()) {
    return reject(AlertDescription::kHandshakeFailure,
                  Error{Errc::kAuthFailed, "renegotiation_info not empty on an initial handshake"});
  }
  const bool secure_renegotiation =
      ext.renegotiation_info.has_value() || contains(hello.cipher_suites, kEmptyRenegotiationInfoScsv);

  client_random_ = hello.random;
  random_.fill(server_random_);
  // Next-epoch records buffered before this hello cannot belong to the handshake it starts.
  future_records_.clear();
  future_record_bytes_ = 0;
  if (handshake_deadline_.is_infinite()) handshake_deadline_ = now + settings_.handshake_timeout;
  transcript_.clear();
  append_transcript(m.type, m.message_seq, m.body);
  // The server answers with the message_seq of the ClientHello it accepted (RFC 6347 4.2.2).
  next_send_seq_ = m.message_seq;
  begin_flight();

  ServerHello sh;
  sh.server_version = kDtls12;
  sh.random = server_random_;
  sh.cipher_suite = static_cast<uint16_t>(suite_->suite);
  sh.compression_method = 0;
  if (secure_renegotiation) sh.extensions.renegotiation_info = std::vector<uint8_t>{};
  sh.extensions.extended_master_secret = extended_master_secret_;
  if (ext.ec_point_formats) sh.extensions.ec_point_formats = std::vector<uint8_t>{kEcPointFormatUncompressed};
  if (srtp_profile_) sh.extensions.srtp_profiles = std::vector<uint16_t>{static_cast<uint16_t>(*srtp_profile_)};
  ByteBuffer sh_body;
  sh.write(sh_body);
  add_handshake(HandshakeType::kServerHello, sh_body.take(), 0);

  CertificateMessage cert;
  auto der = settings_.identity->certificate.der();
  cert.certificates.emplace_back(der.begin(), der.end());
  ByteBuffer cert_body;
  cert.write(cert_body);
  add_handshake(HandshakeType::kCertificate, cert_body.take(), 0);

  auto pair = crypto::EcdhKeyPair::generate(*group, random_);
  if (!pair) return reject(AlertDescription::kInternalError, pair.error());
  ecdh_.emplace(std::move(*pair));
  ServerKeyExchange ske;
  ske.named_group = static_cast<uint16_t>(*group);
  auto pub = ecdh_->public_key();
  ske.public_key.assign(pub.begin(), pub.end());
  ske.signature_scheme = static_cast<uint16_t>(*scheme);
  std::vector<uint8_t> params = ske.params();
  std::vector<uint8_t> signed_data;
  signed_data.reserve(2 * kRandomSize + params.size());
  signed_data.insert(signed_data.end(), client_random_.begin(), client_random_.end());
  signed_data.insert(signed_data.end(), server_random_.begin(), server_random_.end());
  signed_data.insert(signed_data.end(), params.begin(), params.end());
  auto sig = key.sign(*scheme, signed_data, random_);
  if (!sig) return reject(AlertDescription::kInternalError, sig.error());
  ske.signature = std::move(*sig);
  ByteBuffer ske_body;
  ske.write(ske_body);
  add_handshake(HandshakeType::kServerKeyExchange, ske_body.take(), 0);

  if (settings_.require_client_certificate) {
    CertificateRequest req;
    req.certificate_types = {kClientCertificateTypeEcdsaSign, kClientCertificateTypeRsaSign};
    for (auto s : settings_.signature_schemes) req.signature_algorithms.push_back(static_cast<uint16_t>(s));
    ByteBuffer req_body;
    req.write(req_body);
    add_handshake(HandshakeType::kCertificateRequest, req_body.take(), 0);
  }
  add_handshake(HandshakeType::kServerHelloDone, {}, 0);
  send_flight(now, true);
  state_ = settings_.require_client_certificate ? State::kWaitClientCertificate : State::kWaitClientKeyExchange;
  return {};
}

Status Connection::on_client_certificate(const HandshakeMessage& m) {
  stop_retransmit_timer();
  auto st = accept_peer_certificate(m.body);
  if (!st) return st;
  state_ = State::kWaitClientKeyExchange;
  return {};
}

Status Connection::on_client_key_exchange(const HandshakeMessage& m) {
  stop_retransmit_timer();
  auto cke = ClientKeyExchange::parse(m.body);
  if (!cke) return reject(AlertDescription::kDecodeError, cke.error());
  auto shared = ecdh_->compute_shared_secret(cke->public_key, random_);
  if (!shared) return reject(AlertDescription::kIllegalParameter, shared.error());
  auto derived = derive_master_secret(*shared);
  if (!derived) return derived;
  state_ = peer_certificate_ ? State::kWaitCertificateVerify : State::kWaitClientFinished;
  return {};
}

Status Connection::on_certificate_verify(const HandshakeMessage& m) {
  auto cv = CertificateVerify::parse(m.body);
  if (!cv) return reject(AlertDescription::kDecodeError, cv.error());
  auto scheme = static_cast<crypto::SignatureScheme>(cv->signature_scheme);
  const crypto::PublicKey& key = peer_certificate_->public_key();
  if (!contains(settings_.signature_schemes, scheme) || !key.supports(scheme)) {
    return reject(AlertDescription::kIllegalParameter,
                  Error{Errc::kInvalidArgument, "CertificateVerify scheme not requested or unfit for the key"});
  }
  if (!key.verify(scheme, transcript_, cv->signature)) {
    return reject(AlertDescription::kDecryptError, Error{Errc::kAuthFailed, "CertificateVerify does not verify"});
  }
  append_transcript(m.type, m.message_seq, m.body);
  state_ = State::kWaitClientFinished;
  return {};
}

Status Connection::on_client_finished(const HandshakeMessage& m, Timestamp now) {
  auto finished = Finished::parse(m.body);
  if (!finished) return reject(AlertDescription::kDecodeError, finished.error());
  crypto::Digest hash = transcript_hash();
  auto expected = compute_verify_data(suite_->prf_hash, master_secret_, /*client=*/true, hash.view());
  if (!crypto::constant_time_equal(expected, finished->verify_data)) {
    return reject(AlertDescription::kDecryptError, Error{Errc::kAuthFailed, "client Finished does not verify"});
  }
  append_transcript(m.type, m.message_seq, m.body);
  begin_flight();
  add_change_cipher_spec();
  crypto::Digest server_hash = transcript_hash();
  auto verify = compute_verify_data(suite_->prf_hash, master_secret_, /*client=*/false, server_hash.view());
  add_handshake(HandshakeType::kFinished, std::vector<uint8_t>(verify.begin(), verify.end()), 1);
  // The last flight expects no answer: it is resent only when the client retransmits its flight 5.
  send_flight(now, false);
  complete_handshake();
  return {};
}

}  // namespace purertc::dtls
