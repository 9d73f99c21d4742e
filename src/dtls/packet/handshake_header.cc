#include "dtls/packet/handshake_header.h"

namespace purertc::dtls {

std::string_view to_string(HandshakeType type) {
  switch (type) {
    case HandshakeType::kHelloRequest: return "hello_request";
    case HandshakeType::kClientHello: return "client_hello";
    case HandshakeType::kServerHello: return "server_hello";
    case HandshakeType::kHelloVerifyRequest: return "hello_verify_request";
    case HandshakeType::kCertificate: return "certificate";
    case HandshakeType::kServerKeyExchange: return "server_key_exchange";
    case HandshakeType::kCertificateRequest: return "certificate_request";
    case HandshakeType::kServerHelloDone: return "server_hello_done";
    case HandshakeType::kCertificateVerify: return "certificate_verify";
    case HandshakeType::kClientKeyExchange: return "client_key_exchange";
    case HandshakeType::kFinished: return "finished";
  }
  return "unknown_handshake";
}

Result<HandshakeFragmentView> read_handshake_fragment(ByteReader& reader) {
  auto header = reader.read_bytes(kHandshakeHeaderSize);
  if (!header) return unexpected(Error{Errc::kTruncated, "handshake header truncated"});
  const uint8_t* p = header->data();
  HandshakeFragmentView f;
  f.msg_type = p[0];
  f.length = load_u24(p + 1);
  f.message_seq = load_u16(p + 4);
  f.fragment_offset = load_u24(p + 6);
  uint32_t fragment_length = load_u24(p + 9);
  // Both values are < 2^24, so the sum cannot overflow 32 bits.
  if (f.fragment_offset + fragment_length > f.length) {
    return unexpected(Error{Errc::kMalformed, "handshake fragment extends past message length"});
  }
  auto body = reader.read_bytes(fragment_length);
  if (!body) return unexpected(Error{Errc::kTruncated, "handshake fragment runs past the record"});
  f.fragment = *body;
  return f;
}

void write_handshake_header(ByteBuffer& out, HandshakeType type, uint32_t length, uint16_t message_seq) {
  out.write_u8(static_cast<uint8_t>(type));
  out.write_u24(length);
  out.write_u16(message_seq);
  out.write_u24(0);
  out.write_u24(length);
}

void write_fragment_header(ByteWriter& out, uint8_t type, uint32_t length, uint16_t message_seq, uint32_t offset,
                           uint32_t fragment_length) {
  out.write_u8(type);
  out.write_u24(length);
  out.write_u16(message_seq);
  out.write_u24(offset);
  out.write_u24(fragment_length);
}

}  // namespace purertc::dtls
