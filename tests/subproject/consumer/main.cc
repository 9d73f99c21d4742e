// Links the public API only: a consumer sees include/purertc/ and nothing else.
#include <purertc/purertc.h>

#include <cstdio>
#include <string>

int main() {
  purertc::set_log_level(purertc::LogLevel::kError);
  std::string v(purertc::version());
  std::printf("purertc %s\n", v.c_str());
  return v.empty() ? 1 : 0;
}
