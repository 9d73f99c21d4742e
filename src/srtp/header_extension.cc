#include "srtp/header_extension.h"

#include <cstring>

namespace purertc::srtp {

void cryptex_move_extension_header_first(uint8_t* packet, size_t csrc_size) {
  uint8_t ext_header[4];
  std::memcpy(ext_header, packet + 12 + csrc_size, 4);
  std::memmove(packet + 16, packet + 12, csrc_size);
  std::memcpy(packet + 12, ext_header, 4);
}

void cryptex_move_extension_header_back(uint8_t* packet, size_t csrc_size) {
  uint8_t ext_header[4];
  std::memcpy(ext_header, packet + 12, 4);
  std::memmove(packet + 12, packet + 16, csrc_size);
  std::memcpy(packet + 12 + csrc_size, ext_header, 4);
}

}  // namespace purertc::srtp
