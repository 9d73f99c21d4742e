#include "common/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace purertc {
namespace {

struct Captured {
  LogLevel level;
  std::string module;
  std::string message;
};

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_log_sink([this](LogLevel level, std::string_view module, std::string_view message) {
      lines_.push_back({level, std::string(module), std::string(message)});
    });
  }
  void TearDown() override {
    set_log_sink({});
    set_log_level(LogLevel::kWarning);
  }
  std::vector<Captured> lines_;
};

int g_evaluations = 0;
int counted() { return ++g_evaluations; }

TEST_F(LogTest, FiltersByLevelWithoutEvaluatingArguments) {
  set_log_level(LogLevel::kInfo);
  g_evaluations = 0;
  PURERTC_LOG_DEBUG("sctp", "hidden %d", counted());
  EXPECT_EQ(g_evaluations, 0);
  EXPECT_TRUE(lines_.empty());
  PURERTC_LOG_INFO("sctp", "shown %d", counted());
  EXPECT_EQ(g_evaluations, 1);
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].level, LogLevel::kInfo);
  EXPECT_EQ(lines_[0].module, "sctp");
  EXPECT_EQ(lines_[0].message, "shown 1");
}

TEST_F(LogTest, NoneSilencesEverything) {
  set_log_level(LogLevel::kNone);
  PURERTC_LOG_ERROR("dtls", "x");
  EXPECT_TRUE(lines_.empty());
  EXPECT_EQ(log_level(), LogLevel::kNone);
}

TEST_F(LogTest, LongMessagesAreTruncatedNotOverflowed) {
  set_log_level(LogLevel::kTrace);
  std::string big(5000, 'x');
  PURERTC_LOG_TRACE("rtp", "%s", big.c_str());
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].message.size(), 1023u);
}

}  // namespace
}  // namespace purertc
