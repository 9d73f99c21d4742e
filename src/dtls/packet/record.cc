#include "dtls/packet/record.h"

#include "common/byte_order.h"

namespace purertc::dtls {

std::string_view to_string(ContentType type) {
  switch (type) {
    case ContentType::kChangeCipherSpec: return "change_cipher_spec";
    case ContentType::kAlert: return "alert";
    case ContentType::kHandshake: return "handshake";
    case ContentType::kApplicationData: return "application_data";
  }
  return "unknown";
}

std::optional<ContentType> content_type_from_wire(uint8_t value) {
  switch (value) {
    case 20: return ContentType::kChangeCipherSpec;
    case 21: return ContentType::kAlert;
    case 22: return ContentType::kHandshake;
    case 23: return ContentType::kApplicationData;
    default: return std::nullopt;
  }
}

Result<RecordView> read_record(ByteReader& reader) {
  auto header = reader.read_bytes(kRecordHeaderSize);
  if (!header) return unexpected(Error{Errc::kTruncated, "record header truncated"});
  const uint8_t* p = header->data();
  RecordView record;
  record.header = *header;
  record.content_type = p[0];
  record.version = load_u16(p + 1);
  record.epoch = load_u16(p + 3);
  record.sequence_number = load_u48(p + 5);
  uint16_t length = load_u16(p + 11);
  if (length > kMaxCiphertextLength) return unexpected(Error{Errc::kMalformed, "record length exceeds 2^14+2048"});
  auto fragment = reader.read_bytes(length);
  if (!fragment) return unexpected(Error{Errc::kTruncated, "record fragment runs past the datagram"});
  record.fragment = *fragment;
  return record;
}

void write_record_header(std::span<uint8_t, kRecordHeaderSize> out, ContentType type, uint16_t version,
                         uint16_t epoch, uint64_t sequence_number, uint16_t length) {
  uint8_t* p = out.data();
  p[0] = static_cast<uint8_t>(type);
  store_u16(p + 1, version);
  store_u16(p + 3, epoch);
  store_u48(p + 5, sequence_number);
  store_u16(p + 11, length);
}

}  // namespace purertc::dtls
