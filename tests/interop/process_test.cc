#include "tests/interop/process.h"

#include <gtest/gtest.h>

#include "tests/interop/udp_socket.h"

namespace purertc::interop {
namespace {

TEST(Process, CapturesOutputAndExitStatus) {
  Process p({"sh", "-c", "echo hello; echo oops >&2; exit 3"});
  ASSERT_TRUE(p.started()) << p.error();
  EXPECT_EQ(p.wait_exit(Duration::seconds(10)), 3);
  EXPECT_NE(p.output().find("hello"), std::string::npos);
  EXPECT_NE(p.output().find("oops"), std::string::npos);
}

TEST(Process, StopKillsTheWholeGroup) {
  TempDir dir;
  Process p({"sh", "-c", "sleep 100 & echo $! > " + dir.file("child") + "; echo ready; wait"});
  ASSERT_TRUE(p.wait_for_output("ready", Duration::seconds(10)));
  p.stop();
  EXPECT_EQ(p.wait_exit(Duration::seconds(1)), -1);
}

TEST(Process, TimeoutKillsARunawayChild) {
  ProcessOptions options;
  options.timeout = Duration::seconds(1);
  Process p({"sleep", "100"}, options);
  EXPECT_EQ(p.wait_exit(Duration::seconds(10)), -1);
}

TEST(Process, StdinStaysOpenWhenAsked) {
  ProcessOptions options;
  options.keep_stdin_open = true;
  Process p({"cat"}, options);
  ASSERT_TRUE(p.write_stdin("ping\n"));
  EXPECT_TRUE(p.wait_for_output("ping", Duration::seconds(10)));
  p.close_stdin();
  EXPECT_EQ(p.wait_exit(Duration::seconds(10)), 0);
}

TEST(Process, ProgramLookup) {
  EXPECT_TRUE(have_program("sh"));
  EXPECT_FALSE(have_program("no-such-program-purertc"));
}

TEST(UdpSocket, LoopbackRoundTrip) {
  UdpSocket a, b;
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  const uint8_t msg[] = {1, 2, 3};
  ASSERT_TRUE(a.send_to(msg, b.local()));
  auto d = b.receive(Duration::seconds(5));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->data, std::vector<uint8_t>(std::begin(msg), std::end(msg)));
  EXPECT_EQ(d->from, a.local());
  EXPECT_FALSE(b.receive(Duration::millis(10)));
  EXPECT_GT(free_udp_port(), 0);
}

}  // namespace
}  // namespace purertc::interop
