// RFC 8853 section 5.1: a=simulcast:<sc-value>
//   sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
//   sc-send      = "send" SP sc-str-list        sc-recv = "recv" SP sc-str-list
//   sc-str-list  = sc-alt-list *( ";" sc-alt-list )     one simulcast stream per alt-list
//   sc-alt-list  = sc-id *( "," sc-id )                 alternatives for that stream
//   sc-id        = [sc-id-paused] rid-id                sc-id-paused = "~"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct SimulcastId {
  std::string rid;
  bool paused = false;
  friend bool operator==(const SimulcastId&, const SimulcastId&) = default;
};

// One simulcast stream: its alternative rids, preferred first.
using SimulcastStream = std::vector<SimulcastId>;

struct Simulcast {
  static constexpr std::string_view kName = "simulcast";
  std::vector<SimulcastStream> send;
  std::vector<SimulcastStream> recv;
  bool recv_first = false;  // keeps "recv ... send ..." in that order
  static Result<Simulcast, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Simulcast&, const Simulcast&) = default;
};

}  // namespace purertc::sdp
