// Certificate (RFC 5246 section 7.4.2), sent by the server and, when requested, by the client:
//
//   opaque ASN.1Cert<1..2^24-1>;
//   ASN.1Cert certificate_list<0..2^24-1>;   (3-byte lengths; the sender's certificate first)
//
// WebRTC peers send one self-signed certificate and authenticate it by its SDP fingerprint, so only the
// first entry is used; the rest are parsed (bounded by the message size limit) and kept.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

struct CertificateMessage {
  std::vector<std::vector<uint8_t>> certificates;  // DER

  static Result<CertificateMessage> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
