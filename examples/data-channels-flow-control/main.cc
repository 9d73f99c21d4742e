// data-channels-flow-control: the sender fills the data channel only while its buffered amount is
// below a high-water mark, and resumes when on_buffered_amount_low says the buffer drained to the low
// mark, so memory stays bounded however fast the application produces data. The receiver prints its
// throughput every second.
//   data-channels-flow-control [--seconds N]   (default 10)
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "common/example.h"

using namespace purertc;

constexpr size_t kMessageSize = 64 * 1024;
constexpr size_t kHighWater = 1024 * 1024;
constexpr size_t kLowWater = 512 * 1024;

int main(int argc, char** argv) {
  int seconds = 10;
  if (argc == 3 && std::string_view(argv[1]) == "--seconds") seconds = std::atoi(argv[2]);
  if (seconds <= 0) example::fail("usage: data-channels-flow-control [--seconds N]");

  std::atomic<uint64_t> received{0};
  Api api = example::loopback_api();
  auto sender = example::must(api.new_peer_connection(), "new_peer_connection");
  auto receiver = example::must(api.new_peer_connection(), "new_peer_connection");
  receiver->on_data_channel([&](std::shared_ptr<DataChannel> dc) {
    dc->on_message([&](const DataChannelMessage& m) { received += m.data.size(); });
  });

  auto dc = example::must(sender->create_data_channel("flow"), "create_data_channel");
  const std::vector<uint8_t> message(kMessageSize, 'x');
  // Fill up to the high-water mark; called when the channel opens and each time it drained.
  auto fill = [&dc, &message] {
    while (dc->buffered_amount() < kHighWater) {
      if (!dc->send(message)) return;
    }
  };
  dc->set_buffered_amount_low_threshold(kLowWater);
  dc->on_open(fill);
  dc->on_buffered_amount_low(fill);

  example::negotiate(*sender, *receiver);
  example::wait_connected(*sender, *receiver);
  uint64_t last = 0;
  for (int s = 1; s <= seconds; ++s) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const uint64_t now = received;
    std::printf("%2d s: %7.1f Mbit/s (buffered %zu KiB)\n", s, static_cast<double>(now - last) * 8 / 1e6,
                dc->buffered_amount() / 1024);
    last = now;
  }
  std::printf("received %.1f MiB in %d s\n", static_cast<double>(received) / (1024 * 1024), seconds);
  sender->close();
  receiver->close();
  return received > 0 ? 0 : 1;
}
