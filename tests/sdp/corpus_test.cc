// Every description in tests/data/sdp/ (browser captures, RFC examples, hand-written tricky cases)
// must parse, serialize back to the same bytes apart from line endings, and parse again to the same
// model. Descriptions that must be refused are tested one by one in parser_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sdp/sdp.h"
#include "tests/sdp/sdp_test_util.h"

namespace purertc::sdp {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(PURERTC_SDP_DATA_DIR)) {
    if (e.is_regular_file() && e.path().extension() == ".sdp") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SdpCorpus, HasTheExpectedFamilies) {
  auto files = corpus_files();
  auto count = [&](std::string_view dir) {
    return std::count_if(files.begin(), files.end(),
                         [&](const fs::path& p) { return p.parent_path().filename() == dir; });
  };
  EXPECT_GE(count("chromium"), 5);
  EXPECT_GE(count("rfc8866"), 1);
  EXPECT_GE(count("rfc8829"), 2);
  EXPECT_GE(count("rfc8843"), 2);
  EXPECT_GE(count("tricky"), 5);
}

TEST(SdpCorpus, EveryFileRoundTripsByteForByte) {
  auto files = corpus_files();
  ASSERT_FALSE(files.empty());
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    std::string text = read_file(path);
    auto parsed = parse(text);
    ASSERT_TRUE(parsed) << to_string(parsed.error());
    std::string out = serialize(*parsed);
    EXPECT_EQ(out, to_crlf(text));
    auto again = parse(out);
    ASSERT_TRUE(again) << to_string(again.error());
    EXPECT_TRUE(*again == *parsed);
    // LF-only input gives the same model.
    auto lf = parse(to_lf(text));
    ASSERT_TRUE(lf) << to_string(lf.error());
    EXPECT_TRUE(*lf == *parsed);
  }
}

}  // namespace
}  // namespace purertc::sdp
