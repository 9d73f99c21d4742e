// Library version.
#pragma once

#include <string_view>

#include "purertc/export.h"

namespace purertc {

// "0.1.0"
PURERTC_EXPORT std::string_view version();

}  // namespace purertc
