#include "ice/mdns_message.h"

#include "common/byte_reader.h"
#include "common/byte_writer.h"

namespace purertc::ice {

SocketAddress mdns_group_v4() { return SocketAddress{IpAddress::v4(224, 0, 0, 251), kMdnsPort}; }
SocketAddress mdns_group_v6() { return SocketAddress{*IpAddress::parse("ff02::fb"), kMdnsPort}; }

namespace {

constexpr uint16_t kFlagResponse = 0x8000;
constexpr uint16_t kFlagAuthoritative = 0x0400;
constexpr uint16_t kOpcodeMask = 0x7800;
constexpr uint16_t kTopBit = 0x8000;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Reads the name at `offset` of the whole message (following pointers) and returns it dotted, with the
// offset just past the name as it appears at `offset` (after its pointer, if it ends in one).
Result<std::string> read_name(std::span<const uint8_t> msg, size_t& offset) {
  std::string name;
  size_t pos = offset;
  std::optional<size_t> end;  // where the caller continues: set at the first pointer
  size_t jumps = 0;
  size_t wire_length = 1;  // the root label's zero byte
  for (;;) {
    if (pos >= msg.size()) return unexpected(Error{Errc::kTruncated, "name runs past the message"});
    const uint8_t len = msg[pos];
    if ((len & 0xc0) == 0xc0) {
      if (pos + 1 >= msg.size()) return unexpected(Error{Errc::kTruncated, "compression pointer cut short"});
      const size_t target = static_cast<size_t>(len & 0x3f) << 8 | msg[pos + 1];
      // Only backwards: a pointer to itself or later could loop or read what is not a name yet.
      if (target >= pos) return unexpected(Error{Errc::kMalformed, "compression pointer does not point back"});
      if (++jumps > kMaxPointerJumps) return unexpected(Error{Errc::kMalformed, "too many compression pointers"});
      if (!end) end = pos + 2;
      pos = target;
      continue;
    }
    if ((len & 0xc0) != 0) return unexpected(Error{Errc::kMalformed, "reserved label type"});
    if (len == 0) {
      offset = end ? *end : pos + 1;
      return name;
    }
    if (pos + 1 + len > msg.size()) return unexpected(Error{Errc::kTruncated, "label runs past the message"});
    wire_length += 1 + len;
    if (wire_length > kMaxDnsNameLength) return unexpected(Error{Errc::kMalformed, "name longer than 255 bytes"});
    if (!name.empty()) name.push_back('.');
    name.append(reinterpret_cast<const char*>(msg.data() + pos + 1), len);
    pos += 1 + len;
  }
}

Status write_name(ByteBuffer& out, std::string_view name) {
  if (name.size() + 2 > kMaxDnsNameLength) return unexpected(Error{Errc::kInvalidArgument, "name too long"});
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    const std::string_view label = name.substr(start, dot - start);
    if (label.empty() || label.size() > kMaxDnsLabelLength) {
      return unexpected(Error{Errc::kInvalidArgument, "empty or over-long label"});
    }
    for (char c : label) {
      if (static_cast<unsigned char>(c) >= 0x80 || c == 0) {
        return unexpected(Error{Errc::kInvalidArgument, "non-ASCII label"});
      }
    }
    out.write_u8(static_cast<uint8_t>(label.size()));
    out.write_bytes(std::span(reinterpret_cast<const uint8_t*>(label.data()), label.size()));
    start = dot + 1;
  }
  out.write_u8(0);
  return {};
}

}  // namespace

bool dns_names_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

Result<MdnsMessage> MdnsMessage::parse(std::span<const uint8_t> data) {
  if (data.size() < kDnsHeaderSize) return unexpected(Error{Errc::kTruncated, "shorter than a DNS header"});
  MdnsMessage m;
  m.id = load_u16(data.data());
  const uint16_t flags = load_u16(data.data() + 2);
  // RFC 6762 18.3: messages with a non-zero opcode must be silently ignored.
  if ((flags & kOpcodeMask) != 0) return unexpected(Error{Errc::kMalformed, "not a standard query opcode"});
  m.response = (flags & kFlagResponse) != 0;
  m.authoritative = (flags & kFlagAuthoritative) != 0;
  const size_t qd = load_u16(data.data() + 4);
  const size_t rr = size_t{load_u16(data.data() + 6)} + load_u16(data.data() + 8) + load_u16(data.data() + 10);
  if (qd > kMaxQuestions) return unexpected(Error{Errc::kLimitExceeded, "too many questions"});
  if (rr > kMaxRecords) return unexpected(Error{Errc::kLimitExceeded, "too many records"});
  size_t offset = kDnsHeaderSize;
  for (size_t i = 0; i < qd; ++i) {
    DnsQuestion q;
    auto name = read_name(data, offset);
    if (!name) return unexpected(name.error());
    q.name = std::move(*name);
    ByteReader r(data.subspan(offset));
    auto type = r.read_u16();
    auto cls = r.read_u16();
    if (!type || !cls) return unexpected(Error{Errc::kTruncated, "question cut short"});
    q.type = *type;
    q.unicast_response = (*cls & kTopBit) != 0;
    offset += r.position();
    m.questions.push_back(std::move(q));
  }
  for (size_t i = 0; i < rr; ++i) {
    DnsRecord rec;
    auto name = read_name(data, offset);
    if (!name) return unexpected(name.error());
    rec.name = std::move(*name);
    ByteReader r(data.subspan(offset));
    auto type = r.read_u16();
    auto cls = r.read_u16();
    auto ttl = r.read_u32();
    auto rdlength = r.read_u16();
    if (!type || !cls || !ttl || !rdlength) return unexpected(Error{Errc::kTruncated, "record header cut short"});
    auto rdata = r.read_bytes(*rdlength);
    if (!rdata) return unexpected(Error{Errc::kTruncated, "record data cut short"});
    rec.type = *type;
    rec.cache_flush = (*cls & kTopBit) != 0;
    rec.ttl = *ttl;
    const bool in_class = (*cls & ~kTopBit) == kDnsClassIn;
    if (in_class && rec.type == kDnsTypeA) {
      if (rdata->size() != 4) return unexpected(Error{Errc::kMalformed, "A record data is not 4 bytes"});
      rec.address = IpAddress::from_bytes(*rdata);
    } else if (in_class && rec.type == kDnsTypeAaaa) {
      if (rdata->size() != 16) return unexpected(Error{Errc::kMalformed, "AAAA record data is not 16 bytes"});
      rec.address = IpAddress::from_bytes(*rdata);
    }
    offset += r.position();
    m.answers.push_back(std::move(rec));
  }
  return m;
}

Result<std::vector<uint8_t>> MdnsMessage::serialize() const {
  if (questions.size() > kMaxQuestions || answers.size() > kMaxRecords) {
    return unexpected(Error{Errc::kInvalidArgument, "too many entries"});
  }
  ByteBuffer out(512);
  out.write_u16(id);
  out.write_u16(static_cast<uint16_t>((response ? kFlagResponse : 0) | (authoritative ? kFlagAuthoritative : 0)));
  out.write_u16(static_cast<uint16_t>(questions.size()));
  out.write_u16(static_cast<uint16_t>(answers.size()));
  out.write_u16(0);
  out.write_u16(0);
  for (const auto& q : questions) {
    if (auto s = write_name(out, q.name); !s) return unexpected(s.error());
    out.write_u16(q.type);
    out.write_u16(static_cast<uint16_t>(kDnsClassIn | (q.unicast_response ? kTopBit : 0)));
  }
  for (const auto& a : answers) {
    if (!a.address) return unexpected(Error{Errc::kInvalidArgument, "only address records are written"});
    const bool v4 = a.address->is_v4();
    if ((a.type == kDnsTypeA) != v4 || (a.type != kDnsTypeA && a.type != kDnsTypeAaaa)) {
      return unexpected(Error{Errc::kInvalidArgument, "record type does not match its address"});
    }
    if (auto s = write_name(out, a.name); !s) return unexpected(s.error());
    out.write_u16(a.type);
    out.write_u16(static_cast<uint16_t>(kDnsClassIn | (a.cache_flush ? kTopBit : 0)));
    out.write_u32(a.ttl);
    const auto bytes = a.address->bytes();
    out.write_u16(static_cast<uint16_t>(bytes.size()));
    out.write_bytes(bytes);
  }
  return out.take();
}

MdnsMessage make_mdns_query(const std::string& name) {
  MdnsMessage m;
  m.questions.push_back(DnsQuestion{name, kDnsTypeA, false});
  m.questions.push_back(DnsQuestion{name, kDnsTypeAaaa, false});
  return m;
}

MdnsMessage make_mdns_answer(const std::string& name, const IpAddress& address, uint32_t ttl) {
  MdnsMessage m;
  m.response = true;
  m.authoritative = true;
  m.answers.push_back(DnsRecord{name, address.is_v4() ? kDnsTypeA : kDnsTypeAaaa, true, ttl, address});
  return m;
}

}  // namespace purertc::ice
