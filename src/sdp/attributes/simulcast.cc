#include "sdp/attributes/simulcast.h"

#include "sdp/attributes/rid.h"
#include "sdp/text.h"

namespace purertc::sdp {

static Result<std::vector<SimulcastStream>, SdpError> parse_list(std::string_view list) {
  std::vector<SimulcastStream> out;
  for (std::string_view alt : text::split(list, ';')) {
    SimulcastStream stream;
    for (std::string_view id : text::split(alt, ',')) {
      SimulcastId sid;
      if (!id.empty() && id.front() == '~') {
        sid.paused = true;
        id.remove_prefix(1);
      }
      if (!is_rid_id(id)) return unexpected(SdpError(SdpErrc::kSyntax, "a=simulcast: expected rid-ids separated by ',' and ';' (RFC 8853)"));
      sid.rid = std::string(id);
      stream.push_back(std::move(sid));
    }
    out.push_back(std::move(stream));
  }
  return out;
}

Result<Simulcast, SdpError> Simulcast::parse(std::string_view v) {
  auto fields = text::split(v, ' ');
  if (fields.size() != 2 && fields.size() != 4) return unexpected(SdpError(SdpErrc::kSyntax, "a=simulcast: expected send|recv <list> [recv|send <list>]"));
  Simulcast out;
  bool seen_send = false;
  bool seen_recv = false;
  for (size_t i = 0; i < fields.size(); i += 2) {
    auto list = parse_list(fields[i + 1]);
    if (!list) return unexpected(list.error());
    if (fields[i] == "send" && !seen_send) {
      seen_send = true;
      out.send = std::move(*list);
    } else if (fields[i] == "recv" && !seen_recv) {
      seen_recv = true;
      out.recv = std::move(*list);
      if (i == 0) out.recv_first = true;
    } else {
      return unexpected(SdpError(SdpErrc::kSyntax, "a=simulcast: direction must be send or recv, each at most once"));
    }
  }
  return out;
}

static void append_list(std::string& out, const std::vector<SimulcastStream>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (i != 0) out += ';';
    for (size_t j = 0; j < list[i].size(); ++j) {
      if (j != 0) out += ',';
      if (list[i][j].paused) out += '~';
      out += list[i][j].rid;
    }
  }
}

std::string Simulcast::to_value() const {
  std::string out;
  auto add = [&](std::string_view dir, const std::vector<SimulcastStream>& list) {
    if (list.empty()) return;
    if (!out.empty()) out += ' ';
    out += dir;
    out += ' ';
    append_list(out, list);
  };
  if (recv_first) {
    add("recv", recv);
    add("send", send);
  } else {
    add("send", send);
    add("recv", recv);
  }
  return out;
}

}  // namespace purertc::sdp
