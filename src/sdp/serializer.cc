// RFC 8866 section 5: lines in the order the grammar fixes, each ending in CRLF.
#include "sdp/session_description.h"
#include "sdp/text.h"

namespace purertc::sdp {

namespace {

void line(std::string& out, char type, std::string_view value) {
  out += type;
  out += '=';
  out += value;
  out += "\r\n";
}

void connection(std::string& out, const Connection& c) {
  out += "c=";
  out += c.net_type;
  out += ' ';
  out += c.address_type;
  out += ' ';
  out += c.address;
  out += "\r\n";
}

void bandwidth(std::string& out, const Bandwidth& b) {
  out += "b=";
  out += b.type;
  out += ':';
  text::append_uint(out, b.value);
  out += "\r\n";
}

void attributes(std::string& out, const AttributeList& list) {
  for (const Attribute& a : list) {
    out += "a=";
    out += a.name;
    if (a.value) {
      out += ':';
      out += *a.value;
    }
    out += "\r\n";
  }
}

size_t estimate(const SessionDescription& sd) {
  size_t n = 256;
  auto attrs = [&](const AttributeList& l) {
    for (const Attribute& a : l) n += a.name.size() + (a.value ? a.value->size() : 0) + 5;
  };
  attrs(sd.attributes);
  for (const MediaDescription& m : sd.media) {
    n += 64 + m.formats.size() * 4;
    attrs(m.attributes);
  }
  return n;
}

}  // namespace

std::string serialize(const SessionDescription& sd) {
  std::string out;
  out.reserve(estimate(sd));
  out += "v=";
  text::append_uint(out, sd.version);
  out += "\r\n";
  const Origin& o = sd.origin;
  out += "o=";
  for (const std::string* f : {&o.username, &o.session_id, &o.session_version, &o.net_type, &o.address_type}) {
    out += *f;
    out += ' ';
  }
  out += o.address;
  out += "\r\n";
  line(out, 's', sd.session_name);
  if (sd.information) line(out, 'i', *sd.information);
  if (sd.uri) line(out, 'u', *sd.uri);
  for (const auto& e : sd.emails) line(out, 'e', e);
  for (const auto& p : sd.phones) line(out, 'p', p);
  if (sd.connection) connection(out, *sd.connection);
  for (const auto& b : sd.bandwidths) bandwidth(out, b);
  for (const Timing& t : sd.timings) {
    out += "t=";
    text::append_uint(out, t.start);
    out += ' ';
    text::append_uint(out, t.stop);
    out += "\r\n";
    for (const auto& r : t.repeats) line(out, 'r', r);
    if (t.zone) line(out, 'z', *t.zone);
  }
  if (sd.key) line(out, 'k', *sd.key);
  attributes(out, sd.attributes);
  for (const MediaDescription& m : sd.media) {
    out += "m=";
    out += m.media;
    out += ' ';
    text::append_uint(out, m.port);
    if (m.port_count) {
      out += '/';
      text::append_uint(out, *m.port_count);
    }
    out += ' ';
    out += m.proto;
    for (const auto& f : m.formats) {
      out += ' ';
      out += f;
    }
    out += "\r\n";
    if (m.information) line(out, 'i', *m.information);
    for (const auto& c : m.connections) connection(out, c);
    for (const auto& b : m.bandwidths) bandwidth(out, b);
    if (m.key) line(out, 'k', *m.key);
    attributes(out, m.attributes);
  }
  return out;
}

}  // namespace purertc::sdp
