// A small JSON value for tests that talk to JSON-lines peers (tests/interop/browser/chromium_peer.mjs):
// parse one line, read fields with defaults, build commands, serialize. Test-only: numbers are doubles
// (exact up to 2^53, enough for sizes, counts and ports), objects keep their keys sorted, and a parse
// error is reported, never thrown.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace purertc::interop {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json, std::less<>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}  // NOLINT: implicit by design, like the other constructors
  Json(bool b) : v_(b) {}  // NOLINT
  template <typename T>
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
  Json(T n) : v_(static_cast<double>(n)) {}  // NOLINT
  Json(const char* s) : v_(std::string(s)) {}  // NOLINT
  Json(std::string s) : v_(std::move(s)) {}  // NOLINT
  Json(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  Json(Array a) : v_(std::move(a)) {}  // NOLINT
  Json(Object o) : v_(std::move(o)) {}  // NOLINT

  static Json object(std::initializer_list<std::pair<const std::string, Json>> members = {}) {
    return Json(Object(members));
  }
  static Json array(std::initializer_list<Json> items = {}) { return Json(Array(items)); }

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  // Readers with a fallback for a missing field or another type, so test code reads like the JSON does.
  bool boolean(bool fallback = false) const;
  double number(double fallback = 0) const;
  int64_t integer(int64_t fallback = 0) const;
  std::string string(std::string_view fallback = "") const;
  const Array& items() const;    // empty unless an array
  const Object& members() const;  // empty unless an object

  // Member or element access; a missing one reads as null (so chains like j["a"]["b"] never fail).
  const Json& operator[](std::string_view key) const;
  const Json& operator[](size_t index) const;
  bool has(std::string_view key) const;
  size_t size() const;  // elements of an array or members of an object, else 0

  // Sets a member, turning a null into an object first. Returns *this for chaining.
  Json& set(std::string key, Json value);
  Json& push_back(Json value);

  std::string dump() const;  // compact, one line
  // One JSON text (surrounding whitespace allowed); nullopt and a reason on malformed input.
  static std::optional<Json> parse(std::string_view text, std::string* error = nullptr);

  friend bool operator==(const Json&, const Json&) = default;

 private:
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> v_ = nullptr;
};

}  // namespace purertc::interop
