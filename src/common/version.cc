#include "purertc/version.h"

namespace purertc {

std::string_view version() { return PURERTC_VERSION; }

}  // namespace purertc
