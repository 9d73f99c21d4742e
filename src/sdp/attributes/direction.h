// RFC 8866 section 6.7 (and RFC 3264 section 5.1): a=sendrecv / a=sendonly / a=recvonly / a=inactive.
// Property attributes without a value; at most one per m-line (a session-level one is the default).
#pragma once

#include <optional>
#include <string_view>

namespace purertc::sdp {

enum class Direction { kSendRecv, kSendOnly, kRecvOnly, kInactive };

std::string_view to_string(Direction d);  // the attribute name: "sendrecv" ...
std::optional<Direction> direction_from_name(std::string_view name);

constexpr bool sends(Direction d) { return d == Direction::kSendRecv || d == Direction::kSendOnly; }
constexpr bool receives(Direction d) { return d == Direction::kSendRecv || d == Direction::kRecvOnly; }
constexpr Direction make_direction(bool send, bool recv) {
  return send ? (recv ? Direction::kSendRecv : Direction::kSendOnly)
              : (recv ? Direction::kRecvOnly : Direction::kInactive);
}
// The direction as seen from the other side: sendonly <-> recvonly.
constexpr Direction reversed(Direction d) { return make_direction(receives(d), sends(d)); }
// RFC 3264 section 6.1: an answer may send only what the offer lets it receive and receive only what the
// offer sends. `local` is what the answerer wants.
constexpr Direction answer_direction(Direction offered, Direction local) {
  return make_direction(receives(offered) && sends(local), sends(offered) && receives(local));
}

}  // namespace purertc::sdp
