// The page `purertc-peer serve` shows at "/": try purertc from a browser by hand.
#pragma once

#include <string_view>

namespace purertc::peer {

extern const std::string_view kServePage;

}  // namespace purertc::peer
