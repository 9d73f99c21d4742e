// Fuzzes everything that parses bytes from the network before any key is known: record framing, the
// handshake fragment header, alerts, every handshake message body, extension blocks, and reassembly.
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/byte_reader.h"
#include "dtls/handshake_reassembler.h"
#include "dtls/packet/alert.h"
#include "dtls/packet/certificate.h"
#include "dtls/packet/certificate_request.h"
#include "dtls/packet/certificate_verify.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/client_key_exchange.h"
#include "dtls/packet/extensions.h"
#include "dtls/packet/finished.h"
#include "dtls/packet/handshake_header.h"
#include "dtls/packet/hello_verify_request.h"
#include "dtls/packet/record.h"
#include "dtls/packet/server_hello.h"
#include "dtls/packet/server_key_exchange.h"

using namespace purertc;
using namespace purertc::dtls;

namespace {
void parse_body(uint8_t type, std::span<const uint8_t> body) {
  switch (static_cast<HandshakeType>(type)) {
    case HandshakeType::kClientHello: {
      auto ch = ClientHello::parse(body);
      if (ch) {
        ByteBuffer out;
        ch->write(out);
      }
      break;
    }
    case HandshakeType::kServerHello: (void)ServerHello::parse(body); break;
    case HandshakeType::kHelloVerifyRequest: (void)HelloVerifyRequest::parse(body); break;
    case HandshakeType::kCertificate: (void)CertificateMessage::parse(body); break;
    case HandshakeType::kServerKeyExchange: (void)ServerKeyExchange::parse(body); break;
    case HandshakeType::kCertificateRequest: (void)CertificateRequest::parse(body); break;
    case HandshakeType::kServerHelloDone: (void)parse_server_hello_done(body); break;
    case HandshakeType::kCertificateVerify: (void)CertificateVerify::parse(body); break;
    case HandshakeType::kClientKeyExchange: (void)ClientKeyExchange::parse(body); break;
    case HandshakeType::kFinished: (void)Finished::parse(body); break;
    default: (void)HelloExtensions::parse(body, type & 1); break;
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  HandshakeReassembler reassembler(ReassemblyLimits{4096, 16384, 4});
  ByteReader reader(std::span<const uint8_t>(data, size));
  while (!reader.empty()) {
    auto record = read_record(reader);
    if (!record) break;
    if (record->content_type == static_cast<uint8_t>(ContentType::kAlert)) (void)Alert::parse(record->fragment);
    if (record->content_type == static_cast<uint8_t>(ContentType::kChangeCipherSpec)) {
      (void)parse_change_cipher_spec(record->fragment);
    }
    ByteReader hr(record->fragment);
    while (!hr.empty()) {
      auto fragment = read_handshake_fragment(hr);
      if (!fragment) break;
      if (fragment->fragment_offset == 0 && fragment->fragment.size() == fragment->length) {
        parse_body(fragment->msg_type, fragment->fragment);
      }
      (void)reassembler.add(*fragment, record->epoch);
      while (auto m = reassembler.pop()) parse_body(m->type, m->body);
    }
  }
  return 0;
}
