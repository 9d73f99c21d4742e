// The client half of the handshake (flights 1, 3 and 5); see connection.h for the message flow.
#include <algorithm>

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

void Connection::start(Timestamp now) {
  if (settings_.role != Role::kClient || state_ != State::kIdle) return;
  random_.fill(client_random_);
  handshake_deadline_ = now + settings_.handshake_timeout;
  state_ = State::kWaitServerHello;
  send_client_hello(now);
}

void Connection::send_client_hello(Timestamp now) {
  ClientHello hello;
  hello.client_version = kDtls12;
  hello.random = client_random_;
  hello.cookie = cookie_;
  for (CipherSuite s : settings_.cipher_suites) hello.cipher_suites.push_back(static_cast<uint16_t>(s));
  hello.compression_methods = {0};
  HelloExtensions& ext = hello.extensions;
  ext.renegotiation_info = std::vector<uint8_t>{};
  ext.extended_master_secret = true;
  for (auto g : settings_.groups) ext.supported_groups.push_back(static_cast<uint16_t>(g));
  ext.ec_point_formats = std::vector<uint8_t>{kEcPointFormatUncompressed};
  for (auto s : settings_.signature_schemes) ext.signature_algorithms.push_back(static_cast<uint16_t>(s));
  if (!settings_.srtp_profiles.empty()) {
    ext.srtp_profiles.emplace();
    for (auto p : settings_.srtp_profiles) ext.srtp_profiles->push_back(static_cast<uint16_t>(p));
  }
  ByteBuffer body;
  hello.write(body);
  // The transcript starts over with the ClientHello that carries the cookie (RFC 6347 4.2.6).
  transcript_.clear();
  begin_flight();
  add_handshake(HandshakeType::kClientHello, body.take(), 0);
  send_flight(now, true);
}

Status Connection::on_hello_verify_request(const HandshakeMessage& m, Timestamp now) {
  if (++hello_verify_requests_ > settings_.max_hello_verify_requests) {
    return reject(AlertDescription::kHandshakeFailure, Error{Errc::kLimitExceeded, "too many HelloVerifyRequests"});
  }
  auto hvr = HelloVerifyRequest::parse(m.body);
  if (!hvr) return reject(AlertDescription::kDecodeError, hvr.error());
  if (hvr->server_version != kDtls10 && hvr->server_version != kDtls12) {
    return reject(AlertDescription::kProtocolVersion,
                  Error{Errc::kUnsupported, "HelloVerifyRequest version is not DTLS 1.0/1.2"});
  }
  cookie_ = std::move(hvr->cookie);
  send_client_hello(now);
  return {};
}

Status Connection::on_server_hello(const HandshakeMessage& m) {
  stop_retransmit_timer();
  auto sh = ServerHello::parse(m.body);
  if (!sh) return reject(AlertDescription::kDecodeError, sh.error());
  if (sh->server_version != kDtls12) {
    return reject(AlertDescription::kProtocolVersion, Error{Errc::kUnsupported, "server did not choose DTLS 1.2"});
  }
  const CipherSuiteInfo* info = find_cipher_suite(sh->cipher_suite);
  if (info == nullptr || !contains(settings_.cipher_suites, info->suite)) {
    return reject(AlertDescription::kIllegalParameter,
                  Error{Errc::kInvalidArgument, "server chose a cipher suite that was not offered"});
  }
  if (sh->compression_method != 0) {
    return reject(AlertDescription::kIllegalParameter, Error{Errc::kInvalidArgument, "server chose compression"});
  }
  suite_ = info;
  server_random_ = sh->random;
  const HelloExtensions& ext = sh->extensions;
  extended_master_secret_ = ext.extended_master_secret;
  if (settings_.require_extended_master_secret && !extended_master_secret_) {
    return reject(AlertDescription::kHandshakeFailure,
                  Error{Errc::kUnsupported, "server does not support extended_master_secret"});
  }
  if (ext.renegotiation_info && !ext.renegotiation_info->empty()) {
    return reject(AlertDescription::kHandshakeFailure,
                  Error{Errc::kAuthFailed, "renegotiation_info not empty on an initial handshake"});
  }
  if (ext.srtp_profiles) {
    if (settings_.srtp_profiles.empty()) {
      return reject(AlertDescription::kUnsupportedExtension,
                    Error{Errc::kInvalidArgument, "server sent use_srtp that was not offered"});
    }
    if (ext.srtp_profiles->size() != 1 || !ext.srtp_mki.empty() ||
        !contains(settings_.srtp_profiles, static_cast<SrtpProtectionProfile>(ext.srtp_profiles->front()))) {
      return reject(AlertDescription::kIllegalParameter,
                    Error{Errc::kInvalidArgument, "server chose an SRTP profile or MKI that was not offered"});
    }
    srtp_profile_ = static_cast<SrtpProtectionProfile>(ext.srtp_profiles->front());
  } else if (!settings_.srtp_profiles.empty()) {
    return reject(AlertDescription::kHandshakeFailure, Error{Errc::kUnsupported, "server did not negotiate use_srtp"});
  }
  state_ = State::kWaitCertificate;
  return {};
}

Status Connection::on_server_certificate(const HandshakeMessage& m) {
  auto st = accept_peer_certificate(m.body);
  if (!st) return st;
  bool ecdsa_key = peer_certificate_->public_key().type() != crypto::KeyType::kRsa;
  if (ecdsa_key != suite_->ecdsa) {
    return reject(AlertDescription::kUnsupportedCertificate,
                  Error{Errc::kInvalidArgument, "server certificate key does not fit the cipher suite"});
  }
  state_ = State::kWaitServerKeyExchange;
  return {};
}

Status Connection::on_server_key_exchange(const HandshakeMessage& m) {
  auto ske = ServerKeyExchange::parse(m.body);
  if (!ske) return reject(AlertDescription::kDecodeError, ske.error());
  auto group = static_cast<crypto::NamedGroup>(ske->named_group);
  if (!contains(settings_.groups, group)) {
    return reject(AlertDescription::kIllegalParameter, Error{Errc::kInvalidArgument, "server chose a group not offered"});
  }
  auto scheme = static_cast<crypto::SignatureScheme>(ske->signature_scheme);
  const crypto::PublicKey& key = peer_certificate_->public_key();
  if (!contains(settings_.signature_schemes, scheme) || !key.supports(scheme)) {
    return reject(AlertDescription::kIllegalParameter,
                  Error{Errc::kInvalidArgument, "ServerKeyExchange signature scheme not offered or unfit for the key"});
  }
  // RFC 8422 5.4: the signature covers both randoms and the ECDH parameters.
  std::vector<uint8_t> params = ske->params();
  std::vector<uint8_t> signed_data;
  signed_data.reserve(2 * kRandomSize + params.size());
  signed_data.insert(signed_data.end(), client_random_.begin(), client_random_.end());
  signed_data.insert(signed_data.end(), server_random_.begin(), server_random_.end());
  signed_data.insert(signed_data.end(), params.begin(), params.end());
  if (!key.verify(scheme, signed_data, ske->signature)) {
    return reject(AlertDescription::kDecryptError,
                  Error{Errc::kAuthFailed, "ServerKeyExchange signature does not verify"});
  }
  auto pair = crypto::EcdhKeyPair::generate(group, random_);
  if (!pair) return reject(AlertDescription::kInternalError, pair.error());
  auto shared = pair->compute_shared_secret(ske->public_key, random_);
  if (!shared) return reject(AlertDescription::kIllegalParameter, shared.error());
  ecdh_.emplace(std::move(*pair));
  pre_master_ = std::move(*shared);
  state_ = State::kWaitCertificateRequestOrDone;
  return {};
}

Status Connection::on_certificate_request(const HandshakeMessage& m) {
  auto req = CertificateRequest::parse(m.body);
  if (!req) return reject(AlertDescription::kDecodeError, req.error());
  certificate_requested_ = true;
  for (auto s : settings_.signature_schemes) {
    if (settings_.identity->key.supports(s) && contains(req->signature_algorithms, static_cast<uint16_t>(s))) {
      client_signature_scheme_ = s;
      break;
    }
  }
  if (!client_signature_scheme_) {
    return reject(AlertDescription::kHandshakeFailure,
                  Error{Errc::kUnsupported, "no common signature scheme for CertificateVerify"});
  }
  state_ = State::kWaitServerHelloDone;
  return {};
}

Status Connection::on_server_hello_done(const HandshakeMessage& m, Timestamp now) {
  auto st = parse_server_hello_done(m.body);
  if (!st) return reject(AlertDescription::kDecodeError, st.error());
  begin_flight();
  if (certificate_requested_) {
    CertificateMessage cert;
    auto der = settings_.identity->certificate.der();
    cert.certificates.emplace_back(der.begin(), der.end());
    ByteBuffer body;
    cert.write(body);
    add_handshake(HandshakeType::kCertificate, body.take(), 0);
  }
  {
    ClientKeyExchange cke;
    auto pub = ecdh_->public_key();
    cke.public_key.assign(pub.begin(), pub.end());
    ByteBuffer body;
    cke.write(body);
    add_handshake(HandshakeType::kClientKeyExchange, body.take(), 0);
  }
  auto derived = derive_master_secret(pre_master_);
  if (!derived) return derived;
  pre_master_.clear();
  if (certificate_requested_) {
    // RFC 5246 7.4.8: the signature covers every handshake message so far.
    auto sig = settings_.identity->key.sign(*client_signature_scheme_, transcript_, random_);
    if (!sig) return reject(AlertDescription::kInternalError, sig.error());
    CertificateVerify cv{static_cast<uint16_t>(*client_signature_scheme_), std::move(*sig)};
    ByteBuffer body;
    cv.write(body);
    add_handshake(HandshakeType::kCertificateVerify, body.take(), 0);
  }
  add_change_cipher_spec();
  crypto::Digest hash = transcript_hash();
  auto verify = compute_verify_data(suite_->prf_hash, master_secret_, /*client=*/true, hash.view());
  add_handshake(HandshakeType::kFinished, std::vector<uint8_t>(verify.begin(), verify.end()), 1);
  send_flight(now, true);
  state_ = State::kWaitServerFinished;
  return {};
}

Status Connection::on_server_finished(const HandshakeMessage& m) {
  auto finished = Finished::parse(m.body);
  if (!finished) return reject(AlertDescription::kDecodeError, finished.error());
  crypto::Digest hash = transcript_hash();
  auto expected = compute_verify_data(suite_->prf_hash, master_secret_, /*client=*/false, hash.view());
  if (!crypto::constant_time_equal(expected, finished->verify_data)) {
    return reject(AlertDescription::kDecryptError, Error{Errc::kAuthFailed, "server Finished does not verify"});
  }
  complete_handshake();
  return {};
}

}  // namespace purertc::dtls
