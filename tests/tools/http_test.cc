// purertc-peer's HTTP/1.1 parser: complete and partial messages, limits, and malformed input.
#include "http.h"

#include <gtest/gtest.h>

namespace purertc::peer {
namespace {

constexpr std::string_view kPost =
    "POST /whip HTTP/1.1\r\nHost: 127.0.0.1:8080\r\ncontent-type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n";

TEST(HttpRequest, ParsesRequestLineHeadersAndBody) {
  HttpMessage m;
  ParseResult r = parse_request(kPost, HttpLimits{}, m);
  ASSERT_EQ(r.state, ParseState::kComplete) << r.error;
  EXPECT_EQ(r.consumed, kPost.size());
  EXPECT_EQ(m.method, "POST");
  EXPECT_EQ(m.target, "/whip");
  EXPECT_EQ(m.header("Content-Type"), "application/sdp");  // names are case-insensitive
  EXPECT_EQ(m.header("HOST"), "127.0.0.1:8080");
  EXPECT_FALSE(m.header("Location").has_value());
  EXPECT_EQ(m.body, "v=0\r\n");
}

TEST(HttpRequest, NeedsMoreUntilEveryByteArrived) {
  for (size_t n = 0; n < kPost.size(); ++n) {
    HttpMessage m;
    EXPECT_EQ(parse_request(kPost.substr(0, n), HttpLimits{}, m).state, ParseState::kNeedMore) << n;
  }
}

TEST(HttpRequest, WithoutContentLengthHasNoBody) {
  HttpMessage m;
  ParseResult r = parse_request("GET / HTTP/1.0\r\n\r\nextra", HttpLimits{}, m);
  ASSERT_EQ(r.state, ParseState::kComplete);
  EXPECT_EQ(r.consumed, 18u);
  EXPECT_TRUE(m.body.empty());
}

TEST(HttpRequest, TrimsOptionalWhitespaceAroundValues) {
  HttpMessage m;
  ASSERT_EQ(parse_request("GET / HTTP/1.1\r\nX:  a b \t\r\n\r\n", HttpLimits{}, m).state, ParseState::kComplete);
  EXPECT_EQ(m.header("x"), "a b");
}

struct BadCase {
  std::string_view input;
  int status;
};

class HttpRequestRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(HttpRequestRejects, WithTheRightStatus) {
  HttpMessage m;
  ParseResult r = parse_request(GetParam().input, HttpLimits{}, m);
  EXPECT_EQ(r.state, ParseState::kError);
  EXPECT_EQ(r.status, GetParam().status);
  EXPECT_FALSE(r.error.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, HttpRequestRejects,
    ::testing::Values(BadCase{"POST\r\n\r\n", 400}, BadCase{"POST  / HTTP/1.1\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1 x\r\n\r\n", 400}, BadCase{"PO(ST / HTTP/1.1\r\n\r\n", 400},
                      BadCase{"POST / HTTP/2.0\r\n\r\n", 505}, BadCase{"POST / FTP/1.0\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nBad Name: b\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nA: b\x01\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nContent-Length: 99999999999999\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
                      BadCase{"POST / HTTP/1.1\r\nContent-Length: 262145\r\n\r\n", 413},
                      BadCase{"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501}));

TEST(HttpRequest, LimitsTheHeaderSectionAndHeaderCount) {
  HttpLimits limits;
  limits.max_header_bytes = 64;
  limits.max_headers = 2;
  HttpMessage m;
  // No blank line within the limit: refused before the whole section arrived.
  EXPECT_EQ(parse_request(std::string(64, 'A'), limits, m).status, 431);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits, m).status, 431);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", limits, m).state, ParseState::kComplete);
}

TEST(HttpResponse, ParsesStatusHeadersAndBody) {
  HttpMessage m;
  std::string text = format_response(201, reason_phrase(201), {{"Location", "/session/1"}}, "v=0\r\n");
  ParseResult r = parse_response(text, false, HttpLimits{}, m);
  ASSERT_EQ(r.state, ParseState::kComplete) << r.error;
  EXPECT_EQ(m.status, 201);
  EXPECT_EQ(m.reason, "Created");
  EXPECT_EQ(m.header("location"), "/session/1");
  EXPECT_EQ(m.body, "v=0\r\n");
}

TEST(HttpResponse, WithoutContentLengthReadsToEndOfConnection) {
  HttpMessage m;
  constexpr std::string_view kText = "HTTP/1.0 200 OK\r\n\r\nbody";
  EXPECT_EQ(parse_response(kText, false, HttpLimits{}, m).state, ParseState::kNeedMore);
  ASSERT_EQ(parse_response(kText, true, HttpLimits{}, m).state, ParseState::kComplete);
  EXPECT_EQ(m.body, "body");
  EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\n", true, HttpLimits{}, m).state, ParseState::kError);
}

TEST(HttpResponse, RejectsMalformedStatusLines) {
  HttpMessage m;
  for (std::string_view bad : {"HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2010 OK\r\n\r\n", "HTTX/1.1 200 OK\r\n\r\n",
                               "HTTP/1.1 abc OK\r\n\r\n"}) {
    EXPECT_EQ(parse_response(bad, true, HttpLimits{}, m).state, ParseState::kError) << bad;
  }
}

TEST(HttpRequest, FormatsWhatItParses) {
  std::string text = format_request("POST", "/offer", "localhost:1", {{"Content-Type", "application/sdp"}}, "abc");
  HttpMessage m;
  ASSERT_EQ(parse_request(text, HttpLimits{}, m).state, ParseState::kComplete);
  EXPECT_EQ(m.header("Host"), "localhost:1");
  EXPECT_EQ(m.header("Content-Length"), "3");
  EXPECT_EQ(m.body, "abc");
}

}  // namespace
}  // namespace purertc::peer
