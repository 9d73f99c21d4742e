#include "common/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace purertc {
namespace {

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return unexpected(Error{Errc::kMalformed, "not a digit"});
  return c - '0';
}

TEST(Result, ValueAndError) {
  auto ok = parse_digit('7');
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 7);
  auto bad = parse_digit('x');
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, Errc::kMalformed);
  EXPECT_EQ(to_string(bad.error()), "malformed: not a digit");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, HoldsMoveOnlyAndNonTrivialTypes) {
  Result<std::unique_ptr<std::string>> r(std::make_unique<std::string>("hello"));
  ASSERT_TRUE(r);
  auto moved = std::move(r);
  EXPECT_EQ(**moved, "hello");
  Result<std::string> s(std::string(100, 'a'));
  Result<std::string> copy = s;
  copy = Result<std::string>(unexpected(Error{Errc::kTimeout, "t"}));
  EXPECT_FALSE(copy);
  EXPECT_EQ(s->size(), 100u);
  copy = s;
  EXPECT_EQ(*copy, *s);
}

TEST(Result, VoidStatus) {
  Status ok;
  EXPECT_TRUE(ok);
  Status bad = unexpected(Error{Errc::kWrongState, "closed"});
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kWrongState);
}

enum class ModuleError { kA, kB };

TEST(Result, CustomErrorType) {
  Result<int, ModuleError> r = unexpected(ModuleError::kB);
  EXPECT_EQ(r.error(), ModuleError::kB);
  static_assert(std::is_trivially_copyable_v<Error>);
}

}  // namespace
}  // namespace purertc
