#include "tests/interop/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace purertc::interop {
namespace {

const Json& null_json() {
  static const Json kNull;
  return kNull;
}

void dump_string(const std::string& s, std::string& out) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Recursive descent over the input; depth is bounded so a hostile line cannot exhaust the stack.
class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  bool parse_document(Json& out, std::string* error) {
    bool ok = value(0, out);
    skip_ws();
    if (ok && pos_ != s_.size()) fail("trailing characters");
    if (!error_.empty()) {
      if (error) *error = error_ + " at offset " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void fail(const char* why) {
    if (error_.empty()) error_ = why;
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // The parse functions fill `out` and return false on an error (recorded by fail()). Output parameters
  // rather than std::optional<Json> returns: GCC 12 warns falsely (maybe-uninitialized) on the latter.
  bool value(int depth, Json& out) {
    if (depth > kMaxDepth) {
      fail("nesting too deep");
      return false;
    }
    skip_ws();
    if (pos_ >= s_.size()) {
      fail("unexpected end");
      return false;
    }
    char c = s_[pos_];
    if (c == '{') return object(depth, out);
    if (c == '[') return array(depth, out);
    if (c == '"') {
      std::string str;
      if (!string(str)) return false;
      out = Json(std::move(str));
      return true;
    }
    if (literal("true")) {
      out = Json(true);
      return true;
    }
    if (literal("false")) {
      out = Json(false);
      return true;
    }
    if (literal("null")) {
      out = Json();
      return true;
    }
    return number(out);
  }

  bool number(Json& out) {
    size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > d;
    };
    if (!digits()) {
      fail("bad value");
      return false;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) {
        fail("bad number");
        return false;
      }
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) {
        fail("bad exponent");
        return false;
      }
    }
    std::string text(s_.substr(start, pos_ - start));
    out = Json(std::strtod(text.c_str(), nullptr));
    return true;
  }

  std::optional<uint32_t> hex4() {
    if (s_.size() - pos_ < 4) return std::nullopt;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return std::nullopt;
    }
    return v;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character in string");
        return false;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto cp = hex4();
          if (!cp) {
            fail("bad \\u escape");
            return false;
          }
          // A high surrogate followed by an escaped low one is one code point; a lone one becomes U+FFFD.
          if (*cp >= 0xd800 && *cp < 0xdc00 && s_.substr(pos_, 2) == "\\u") {
            size_t save = pos_;
            pos_ += 2;
            auto lo = hex4();
            if (lo && *lo >= 0xdc00 && *lo < 0xe000) {
              cp = 0x10000 + ((*cp - 0xd800) << 10) + (*lo - 0xdc00);
            } else {
              pos_ = save;
              cp = 0xfffd;
            }
          } else if (*cp >= 0xd800 && *cp < 0xe000) {
            cp = 0xfffd;
          }
          append_utf8(*cp, out);
          break;
        }
        default:
          fail("bad escape");
          return false;
      }
    }
    fail("unterminated string");
    return false;
  }

  bool array(int depth, Json& out) {
    ++pos_;
    out = Json::array();
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      Json item;
      if (!value(depth + 1, item)) return false;
      out.push_back(std::move(item));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      fail("expected , or ]");
      return false;
    }
  }

  bool object(int depth, Json& out) {
    ++pos_;
    out = Json::object();
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        fail("expected a key");
        return false;
      }
      std::string key;
      if (!string(key)) return false;
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        fail("expected :");
        return false;
      }
      ++pos_;
      Json v;
      if (!value(depth + 1, v)) return false;
      out.set(std::move(key), std::move(v));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      fail("expected , or }");
      return false;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

void dump_value(const Json& j, std::string& out) {
  if (j.is_null()) {
    out += "null";
  } else if (j.is_bool()) {
    out += j.boolean() ? "true" : "false";
  } else if (j.is_number()) {
    double d = j.number();
    if (!std::isfinite(d)) {
      out += "null";  // JSON has no NaN or infinity
    } else if (d == std::floor(d) && std::fabs(d) < 9.007199254740992e15) {
      out += std::to_string(static_cast<int64_t>(d));
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      out += buf;
    }
  } else if (j.is_string()) {
    dump_string(j.string(), out);
  } else if (j.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& item : j.items()) {
      if (!first) out += ',';
      first = false;
      dump_value(item, out);
    }
    out += ']';
  } else {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : j.members()) {
      if (!first) out += ',';
      first = false;
      dump_string(key, out);
      out += ':';
      dump_value(value, out);
    }
    out += '}';
  }
}

}  // namespace

bool Json::boolean(bool fallback) const {
  const bool* b = std::get_if<bool>(&v_);
  return b ? *b : fallback;
}

double Json::number(double fallback) const {
  const double* d = std::get_if<double>(&v_);
  return d ? *d : fallback;
}

int64_t Json::integer(int64_t fallback) const {
  const double* d = std::get_if<double>(&v_);
  return d ? static_cast<int64_t>(*d) : fallback;
}

std::string Json::string(std::string_view fallback) const {
  const std::string* s = std::get_if<std::string>(&v_);
  return s ? *s : std::string(fallback);
}

const Json::Array& Json::items() const {
  static const Array kEmpty;
  const Array* a = std::get_if<Array>(&v_);
  return a ? *a : kEmpty;
}

const Json::Object& Json::members() const {
  static const Object kEmpty;
  const Object* o = std::get_if<Object>(&v_);
  return o ? *o : kEmpty;
}

const Json& Json::operator[](std::string_view key) const {
  const Object& o = members();
  auto it = o.find(key);
  return it == o.end() ? null_json() : it->second;
}

const Json& Json::operator[](size_t index) const {
  const Array& a = items();
  return index < a.size() ? a[index] : null_json();
}

bool Json::has(std::string_view key) const { return members().find(key) != members().end(); }

size_t Json::size() const {
  if (const Array* a = std::get_if<Array>(&v_)) return a->size();
  if (const Object* o = std::get_if<Object>(&v_)) return o->size();
  return 0;
}

Json& Json::set(std::string key, Json value) {
  if (!is_object()) v_ = Object{};
  std::get<Object>(v_).insert_or_assign(std::move(key), std::move(value));
  return *this;
}

Json& Json::push_back(Json value) {
  if (!is_array()) v_ = Array{};
  std::get<Array>(v_).push_back(std::move(value));
  return *this;
}

std::string Json::dump() const {
  std::string out;
  dump_value(*this, out);
  return out;
}

std::optional<Json> Json::parse(std::string_view text, std::string* error) {
  std::optional<Json> out(std::in_place);
  if (!Parser(text).parse_document(*out, error)) out.reset();
  return out;
}

}  // namespace purertc::interop
