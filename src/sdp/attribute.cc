#include "sdp/attribute.h"

#include <algorithm>

namespace purertc::sdp {

size_t AttributeList::remove(std::string_view name) {
  auto it = std::remove_if(items_.begin(), items_.end(), [&](const Attribute& a) { return a.name == name; });
  size_t n = static_cast<size_t>(items_.end() - it);
  items_.erase(it, items_.end());
  return n;
}

const Attribute* AttributeList::find(std::string_view name) const {
  for (const Attribute& a : items_) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::optional<std::string_view> AttributeList::value(std::string_view name) const {
  const Attribute* a = find(name);
  if (a == nullptr || !a->value) return std::nullopt;
  return std::string_view(*a->value);
}

}  // namespace purertc::sdp
