// Drives ByteReader with a script taken from the input itself: every read must either succeed inside
// the buffer or fail without moving the cursor. ASan catches any read outside the input.
#include <cstddef>
#include <cstdint>

#include "common/byte_reader.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using purertc::ByteReader;
  if (size == 0) return 0;
  size_t script_len = data[0] % 16;
  if (script_len + 1 > size) return 0;
  std::span<const uint8_t> script(data + 1, script_len);
  ByteReader r(std::span<const uint8_t>(data + 1 + script_len, size - 1 - script_len));
  for (uint8_t op : script) {
    size_t before = r.position();
    bool ok = false;
    switch (op % 8) {
      case 0: ok = r.read_u8().has_value(); break;
      case 1: ok = r.read_u16().has_value(); break;
      case 2: ok = r.read_u24().has_value(); break;
      case 3: ok = r.read_u32().has_value(); break;
      case 4: ok = r.read_u48().has_value(); break;
      case 5: ok = r.read_u64().has_value(); break;
      case 6: {
        auto b = r.read_bytes(op / 8);
        if (b) {
          volatile uint8_t sink = 0;
          for (uint8_t x : *b) sink = sink ^ x;
        }
        ok = b.has_value();
        break;
      }
      case 7: ok = r.skip(op / 8).has_value(); break;
    }
    if (!ok && r.position() != before) __builtin_trap();
  }
  return 0;
}
