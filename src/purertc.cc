// The library's own translation unit: the version string. Everything else comes from the module
// libraries linked whole into libpurertc.
#include "purertc/version.h"

namespace purertc {

std::string_view version() { return PURERTC_VERSION; }

}  // namespace purertc
