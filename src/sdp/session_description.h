// RFC 8866 session description model. Line types, in the order section 5 requires them:
//
//   Session description            Time description           Media description
//     v=  protocol version           t=  start stop             m=  media port[/n] proto fmt...
//     o=  originator, session id     r=* repeat times           i=* media title
//     s=  session name               z=* time zone adjustments  c=* connection information
//     i=* session information                                   b=* bandwidth
//     u=* URI                                                   k=* (obsolete) encryption key
//     e=* email address                                         a=* attributes
//     p=* phone number
//     c=* connection information
//     b=* bandwidth (zero or more)
//     one or more time descriptions
//     k=* (obsolete) encryption key
//     a=* session attributes
//     zero or more media descriptions
//
// The fields WebRTC reads are typed; fields WebRTC never reads (i=, u=, e=, p=, r=, z=, k=) are kept as
// their raw text. Attributes are kept raw and in order (see attribute.h), so that every description
// survives parse -> serialize byte for byte, apart from line endings (serializing always emits CRLF).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/attribute.h"
#include "sdp/attributes/direction.h"

namespace purertc::sdp {

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
struct Origin {
  std::string username = "-";
  std::string session_id = "0";       // digits; kept as text because peers send more than 64 bits
  std::string session_version = "0";  // digits
  std::string net_type = "IN";
  std::string address_type = "IP4";
  std::string address = "127.0.0.1";

  friend bool operator==(const Origin&, const Origin&) = default;
};

// c=<nettype> <addrtype> <connection-address>; the address keeps any "/ttl/count" suffix.
struct Connection {
  std::string net_type = "IN";
  std::string address_type = "IP4";
  std::string address = "0.0.0.0";

  friend bool operator==(const Connection&, const Connection&) = default;
};

// b=<bwtype>:<bandwidth>
struct Bandwidth {
  std::string type;  // CT, AS, TIAS, RR, RS or an extension token
  uint64_t value = 0;

  friend bool operator==(const Bandwidth&, const Bandwidth&) = default;
};

// t=<start-time> <stop-time>, its r= lines and its z= line.
struct Timing {
  uint64_t start = 0;
  uint64_t stop = 0;
  std::vector<std::string> repeats;  // raw r= values
  std::optional<std::string> zone;   // raw z= value

  friend bool operator==(const Timing&, const Timing&) = default;
};

struct MediaDescription {
  // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  std::string media;  // audio, video, application, text, message or an extension token
  uint16_t port = 9;
  std::optional<uint16_t> port_count;
  std::string proto;
  std::vector<std::string> formats;
  uint32_t line = 0;  // line of the m= line when parsed

  std::optional<std::string> information;  // i=
  std::vector<Connection> connections;     // c= (RFC 8866 allows several for layered multicast)
  std::vector<Bandwidth> bandwidths;       // b=
  std::optional<std::string> key;          // k= (obsolete, kept raw)
  AttributeList attributes;

  // a=mid (RFC 5888), if present.
  std::optional<std::string_view> mid() const { return attributes.value("mid"); }
  // The direction attribute, sendrecv when there is none (RFC 3264 section 5.1).
  Direction direction() const;
  void set_direction(Direction d);
  // RFC 8843: port 0 without a=bundle-only means the m-line is rejected or disabled.
  bool is_rejected() const { return port == 0 && !attributes.has("bundle-only"); }

  friend bool operator==(const MediaDescription& a, const MediaDescription& b);
};

struct SessionDescription {
  uint32_t version = 0;  // v=, always 0
  Origin origin;
  std::string session_name = "-";  // s=
  std::optional<std::string> information;  // i=
  std::optional<std::string> uri;          // u=
  std::vector<std::string> emails;         // e=
  std::vector<std::string> phones;         // p=
  std::optional<Connection> connection;    // c=
  std::vector<Bandwidth> bandwidths;       // b=
  std::vector<Timing> timings{Timing{}};   // t= (at least one)
  std::optional<std::string> key;          // k=
  AttributeList attributes;
  std::vector<MediaDescription> media;

  // The m-line carrying a=mid:<mid>, or nullptr.
  const MediaDescription* find_media(std::string_view mid) const;
  MediaDescription* find_media(std::string_view mid);

  friend bool operator==(const SessionDescription& a, const SessionDescription& b);
};

// Bounds on what a remote description may make the parser allocate. Defaults fit any real browser
// description with room to spare (Chrome's audio+video offer is ~8 KB, ~200 lines).
struct ParseLimits {
  size_t max_size = 1024 * 1024;           // bytes of text
  size_t max_line_length = 16 * 1024;      // bytes of one line
  size_t max_media = 512;                  // m= sections
  size_t max_attributes_per_section = 4096;
  size_t max_formats = 256;                // <fmt> entries of one m= line
};

// Parses a session description (CRLF or LF line endings). Strict where RFC 8866 is strict: line order,
// mandatory v/o/s/t lines, field syntax of v/o/c/b/t/m, the grammar of every typed WebRTC attribute,
// unique a=mid values and unique extmap ids per m-line. Lenient where real peers are sloppy: LF-only or
// mixed line endings, a missing final line ending, trailing empty lines, an empty s= line, spaces after
// "a=msid-semantic:", lower-case fingerprint hex and upper-case hash names. Errors carry the line number.
Result<SessionDescription, SdpError> parse(std::string_view text, const ParseLimits& limits = {});

// Serializes with CRLF line endings, in RFC 8866 order, attributes as stored.
std::string serialize(const SessionDescription& sd);

}  // namespace purertc::sdp
