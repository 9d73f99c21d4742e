// purertc-peer's stdout: one JSON object per line, written whole under a lock (callbacks on the library
// thread and the main thread both print) and flushed, so a parent process can follow it live.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace purertc::peer {

// A JSON string literal with the quotes.
std::string json_string(std::string_view s);

// std::monostate is null.
using JsonValue = std::variant<std::monostate, std::string, int64_t, bool>;
// {"k":v,...} in the order given.
std::string json_object(std::initializer_list<std::pair<std::string_view, JsonValue>> members);

void print_line(const std::string& line);
// "purertc-peer: <message>" on stderr.
void print_error(std::string_view message);

}  // namespace purertc::peer
