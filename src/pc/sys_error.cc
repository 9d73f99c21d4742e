#include "pc/sys_error.h"

#include <cstring>

namespace purertc::pc {

std::string to_string(const SysError& error) {
  char buf[128];
  // GNU strerror_r returns a pointer to the message (maybe a static string rather than buf).
  const char* message = strerror_r(error.code, buf, sizeof buf);
  return std::string(error.call) + ": " + message + " (" + std::to_string(error.code) + ")";
}

}  // namespace purertc::pc
