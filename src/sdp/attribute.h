// RFC 8866 section 5.13: "a=<attribute-name>[:<attribute-value>]". Every attribute is kept as written
// (name and raw value, in order), which is what makes unknown and vendor attributes survive a parse ->
// serialize round trip untouched. The typed WebRTC attributes (src/sdp/attributes/) are parsed from and
// formatted to these raw values: each typed struct T provides `static constexpr std::string_view kName`,
// `static Result<T, SdpError> parse(std::string_view value)` and `std::string to_value() const`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Attribute {
  std::string name;
  // nullopt for a property attribute ("a=rtcp-mux"); "" for "a=name:" (kept apart for losslessness).
  std::optional<std::string> value;
  uint32_t line = 0;  // where the parser found it; 0 for attributes built in code

  friend bool operator==(const Attribute& a, const Attribute& b) { return a.name == b.name && a.value == b.value; }
};

class AttributeList {
 public:
  using iterator = std::vector<Attribute>::iterator;
  using const_iterator = std::vector<Attribute>::const_iterator;

  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const Attribute& operator[](size_t i) const { return items_[i]; }
  Attribute& operator[](size_t i) { return items_[i]; }

  void push_back(Attribute a) { items_.push_back(std::move(a)); }
  void add_flag(std::string_view name) { items_.push_back({std::string(name), std::nullopt, 0}); }
  void add(std::string_view name, std::string value) { items_.push_back({std::string(name), std::move(value), 0}); }
  template <class T>
  void add(const T& typed) {
    items_.push_back({std::string(T::kName), typed.to_value(), 0});
  }
  // Removes every attribute with this name; returns how many went.
  size_t remove(std::string_view name);

  const Attribute* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // The raw value of the first attribute with this name (nullopt if absent or a property attribute).
  std::optional<std::string_view> value(std::string_view name) const;

  // Every attribute named T::kName that parses as T, in order. The parser has already refused a
  // description whose typed attributes are malformed, so nothing is skipped for parsed input; values
  // put in by hand that do not parse are skipped.
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const Attribute& a : items_) {
      if (a.name != T::kName || !a.value) continue;
      auto parsed = T::parse(*a.value);
      if (parsed) out.push_back(std::move(*parsed));
    }
    return out;
  }
  template <class T>
  std::optional<T> first() const {
    for (const Attribute& a : items_) {
      if (a.name != T::kName || !a.value) continue;
      auto parsed = T::parse(*a.value);
      if (parsed) return std::move(*parsed);
    }
    return std::nullopt;
  }

  friend bool operator==(const AttributeList& a, const AttributeList& b) { return a.items_ == b.items_; }

 private:
  std::vector<Attribute> items_;
};

}  // namespace purertc::sdp
