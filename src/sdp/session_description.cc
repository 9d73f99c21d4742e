#include "sdp/session_description.h"

namespace purertc::sdp {

Direction MediaDescription::direction() const {
  for (const Attribute& a : attributes) {
    if (auto d = direction_from_name(a.name)) return *d;
  }
  return Direction::kSendRecv;
}

void MediaDescription::set_direction(Direction d) {
  for (Attribute& a : attributes) {
    if (direction_from_name(a.name)) {
      a.name = std::string(to_string(d));
      a.value.reset();
      return;
    }
  }
  attributes.add_flag(to_string(d));
}

bool operator==(const MediaDescription& a, const MediaDescription& b) {
  return a.media == b.media && a.port == b.port && a.port_count == b.port_count && a.proto == b.proto &&
         a.formats == b.formats && a.information == b.information && a.connections == b.connections &&
         a.bandwidths == b.bandwidths && a.key == b.key && a.attributes == b.attributes;
}

bool operator==(const SessionDescription& a, const SessionDescription& b) {
  return a.version == b.version && a.origin == b.origin && a.session_name == b.session_name &&
         a.information == b.information && a.uri == b.uri && a.emails == b.emails && a.phones == b.phones &&
         a.connection == b.connection && a.bandwidths == b.bandwidths && a.timings == b.timings &&
         a.key == b.key && a.attributes == b.attributes && a.media == b.media;
}

const MediaDescription* SessionDescription::find_media(std::string_view mid) const {
  for (const MediaDescription& m : media) {
    if (m.mid() == mid) return &m;
  }
  return nullptr;
}

MediaDescription* SessionDescription::find_media(std::string_view mid) {
  for (MediaDescription& m : media) {
    if (m.mid() == mid) return &m;
  }
  return nullptr;
}

}  // namespace purertc::sdp
