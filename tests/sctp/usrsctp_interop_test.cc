// Conformance against usrsctp (the SCTP stack inside Chrome and Firefox), in-process over AF_CONN.
// Real time drives both stacks here (usrsctp runs its own timer thread); every wait is bounded.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "common/random.h"
#include "sctp/association.h"
#include "sctp/datachannel/data_channel_endpoint.h"
#include "sctp/packet/chunk_type.h"
#include "sctp/packet/sctp_packet.h"
#include "tests/sctp/usrsctp_peer.h"

namespace purertc::sctp {
namespace {

using testing::UsrsctpPeer;

Timestamp wall_now() {
  static const auto start = std::chrono::steady_clock::now();
  return Timestamp::from_micros(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count() + 1000000);
}

bool has_chunk(const std::vector<uint8_t>& p, ChunkType type) {
  auto v = PacketView::parse(p);
  if (!v) return false;
  for (const auto& c : *v) {
    if (c.type == static_cast<uint8_t>(type)) return true;
  }
  return false;
}

// With PURERTC_SCTP_CORPUS_DIR set, the first packets of each kind (sender + chunk types) seen in these
// tests are written there: the seeds under fuzz/sctp/corpus/ were made this way (see its README).
class CorpusWriter {
 public:
  static void record(const std::vector<uint8_t>& packet, const char* sender) {
    static const char* dir = std::getenv("PURERTC_SCTP_CORPUS_DIR");
    if (dir == nullptr) return;
    auto v = PacketView::parse(packet);
    if (!v) return;
    std::string kind = sender;
    for (const auto& c : *v) kind += "_" + std::string(to_string(static_cast<ChunkType>(c.type)));
    static std::map<std::string, int> seen;
    int n = seen[kind]++;
    if (n >= 2 || packet.size() > 1500) return;
    std::string path = std::string(dir) + "/" + kind + "_" + std::to_string(n);
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
      std::fwrite(packet.data(), 1, packet.size(), f);
      std::fclose(f);
    }
  }
};

// Moves packets both ways until `done` or the deadline. `drop_ours` / `drop_theirs` may discard packets.
struct Harness {
  explicit Harness(bool purertc_is_client, SctpSettings settings = {}, bool peer_interleaving = false)
      : random(7), ours(settings, random), peer(/*server=*/purertc_is_client, peer_interleaving) {
    if (purertc_is_client) ours.connect(wall_now());
  }

  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit = std::chrono::milliseconds(20000)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      bool progress = false;
      Timestamp now = wall_now();
      if (ours.next_timeout() <= now) ours.handle_timeout(now);
      while (auto out = ours.poll_output()) {
        progress = true;
        if (auto* t = std::get_if<Transmit>(&*out)) {
          ++sent_packets;
          CorpusWriter::record(t->packet, "purertc");
          if (drop_ours && drop_ours(t->packet)) continue;
          peer.input(t->packet);
        } else {
          Event& e = std::get<Event>(*out);
          if (auto* m = std::get_if<MessageReceived>(&e)) messages.push_back(std::move(*m));
          else events.push_back(std::move(e));
        }
      }
      while (auto p = peer.take_packet()) {
        progress = true;
        // usrsctp's CRC-32c must verify with our byte order (RFC 9260 appendix A).
        if (!verify_checksum(*p, false)) ++bad_checksums;
        CorpusWriter::record(*p, "usrsctp");
        if (drop_theirs && drop_theirs(*p)) continue;
        ours.handle_input(*p, wall_now());
      }
      peer.poll();
      if (feed) feed();
      if (done()) return true;
      if (!progress) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return done();
  }
  bool connect() {
    return run_until([&] { return count<Connected>() == 1 && peer.connected(); });
  }
  template <class T>
  int count() const {
    int n = 0;
    for (const auto& e : events) n += std::holds_alternative<T>(e) ? 1 : 0;
    return n;
  }

  SeededRandom random;
  Association ours;
  UsrsctpPeer peer;
  std::vector<MessageReceived> messages;
  std::vector<Event> events;
  std::function<bool(std::vector<uint8_t>&)> drop_ours, drop_theirs;
  std::function<void()> feed;
  uint64_t sent_packets = 0;
  uint64_t bad_checksums = 0;
};

std::vector<uint8_t> bytes_of(size_t n, uint8_t salt) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 31 + salt + (i >> 8));
  return v;
}

SctpSettings big_messages() {
  SctpSettings s;
  s.max_message_size = 2 * 1024 * 1024;
  return s;
}

TEST(SctpInterop, HandshakeBothRoles) {
  for (bool client : {true, false}) {
    Harness h(client);
    ASSERT_TRUE(h.connect()) << (client ? "purertc client" : "purertc server");
    EXPECT_EQ(h.count<Connected>(), 1);
    EXPECT_EQ(h.bad_checksums, 0u);
    EXPECT_EQ(h.ours.stats().packets_dropped, 0u);
    // usrsctp offers FORWARD-TSN and RE-CONFIG by default.
    EXPECT_TRUE(h.ours.negotiated().partial_reliability);
    EXPECT_TRUE(h.ours.negotiated().reconfig);
    EXPECT_FALSE(h.ours.negotiated().interleaving);
  }
}

TEST(SctpInterop, MessagesOneByteToOneMebibyteBothWays) {
  const size_t sizes[] = {1, 2, 100, 1000, 1163, 1164, 1165, 5000, 65535, 65536, 262144, 1024 * 1024};
  for (bool client : {true, false}) {
    Harness h(client, big_messages());
    ASSERT_TRUE(h.connect());
    uint8_t salt = 0;
    for (size_t n : sizes) {
      ASSERT_TRUE(h.ours.send(1, 53, bytes_of(n, salt), SendOptions{}, wall_now()).has_value());
      ++salt;
    }
    size_t next = 0;
    salt = 100;
    h.feed = [&] {
      while (next < std::size(sizes) && h.peer.send(2, 51, bytes_of(sizes[next], salt).data(), sizes[next])) {
        ++next;
        ++salt;
      }
    };
    ASSERT_TRUE(h.run_until([&] { return h.peer.messages.size() == std::size(sizes) && h.messages.size() == std::size(sizes); }))
        << "usrsctp got " << h.peer.messages.size() << ", purertc got " << h.messages.size();
    for (size_t i = 0; i < std::size(sizes); ++i) {
      EXPECT_EQ(h.peer.messages[i].data, bytes_of(sizes[i], static_cast<uint8_t>(i))) << sizes[i];
      EXPECT_EQ(h.peer.messages[i].stream, 1);
      EXPECT_EQ(h.peer.messages[i].ppid, 53u);
      EXPECT_EQ(h.messages[i].payload, bytes_of(sizes[i], static_cast<uint8_t>(100 + i))) << sizes[i];
      EXPECT_EQ(h.messages[i].ppid, 51u);
    }
  }
}

TEST(SctpInterop, UnorderedBothWays) {
  Harness h(true);
  ASSERT_TRUE(h.connect());
  SendOptions u;
  u.unordered = true;
  for (uint8_t i = 0; i < 50; ++i) ASSERT_TRUE(h.ours.send(3, 53, bytes_of(3000, i), u, wall_now()).has_value());
  for (uint8_t i = 0; i < 50; ++i) ASSERT_TRUE(h.peer.send(3, 53, bytes_of(3000, i).data(), 3000, true));
  ASSERT_TRUE(h.run_until([&] { return h.peer.messages.size() == 50 && h.messages.size() == 50; }));
  for (const auto& m : h.peer.messages) EXPECT_TRUE(m.unordered);
  for (const auto& m : h.messages) EXPECT_TRUE(m.unordered);
}

// Partial reliability both ways: every 7th DATA packet is dropped, messages allow no retransmission,
// and a reliable marker afterwards must arrive (FORWARD-TSN understood by both stacks).
TEST(SctpInterop, PartialReliableWithForwardTsnBothWays) {
  for (bool ordered : {true, false}) {
    Harness h(true);
    ASSERT_TRUE(h.connect());
    int n_ours = 0, n_theirs = 0;
    h.drop_ours = [&](std::vector<uint8_t>& p) { return has_chunk(p, ChunkType::kData) && ++n_ours % 7 == 0; };
    h.drop_theirs = [&](std::vector<uint8_t>& p) { return has_chunk(p, ChunkType::kData) && ++n_theirs % 7 == 0; };
    SendOptions pr;
    pr.unordered = !ordered;
    pr.max_retransmits = 0;
    for (uint8_t i = 0; i < 100; ++i) {
      ASSERT_TRUE(h.ours.send(5, 53, bytes_of(800, i), pr, wall_now()).has_value());
      ASSERT_TRUE(h.peer.send(5, 53, bytes_of(800, i).data(), 800, !ordered, 0));
    }
    ASSERT_TRUE(h.ours.send(5, 51, {1}, SendOptions{}, wall_now()).has_value());
    ASSERT_TRUE(h.peer.send(5, 51, std::vector<uint8_t>{1}.data(), 1, false));
    auto marker = [](const auto& v, auto ppid_of) { return !v.empty() && ppid_of(v.back()) == 51u; };
    ASSERT_TRUE(h.run_until([&] {
      return marker(h.peer.messages, [](const UsrsctpPeer::Message& m) { return m.ppid; }) &&
             marker(h.messages, [](const MessageReceived& m) { return m.ppid; });
    })) << "usrsctp got " << h.peer.messages.size() << ", purertc got " << h.messages.size();
    EXPECT_LT(h.peer.messages.size(), 101u);
    EXPECT_LT(h.messages.size(), 101u);
    EXPECT_GT(h.ours.stats().messages_abandoned, 0u);
  }
}

// I-DATA / I-FORWARD-TSN (RFC 8260) with usrsctp. usrsctp 0.9.5 implements them but its public header
// omits the option that turns them on (see UsrsctpPeer::kInterleavingSupported).
TEST(SctpInterop, InterleavingNegotiatedAndUsedBothWays) {
  const size_t sizes[] = {1, 1000, 1165, 65536, 262144, 1024 * 1024};
  for (bool client : {true, false}) {
    Harness h(client, big_messages(), /*peer_interleaving=*/true);
    ASSERT_TRUE(h.peer.interleaving_accepted) << "usrsctp refused SCTP_INTERLEAVING_SUPPORTED";
    int idata_ours = 0, idata_theirs = 0, data_any = 0;
    h.drop_ours = [&](std::vector<uint8_t>& p) {
      idata_ours += has_chunk(p, ChunkType::kIData) ? 1 : 0;
      data_any += has_chunk(p, ChunkType::kData) ? 1 : 0;
      return false;
    };
    h.drop_theirs = [&](std::vector<uint8_t>& p) {
      idata_theirs += has_chunk(p, ChunkType::kIData) ? 1 : 0;
      data_any += has_chunk(p, ChunkType::kData) ? 1 : 0;
      return false;
    };
    ASSERT_TRUE(h.connect());
    ASSERT_TRUE(h.ours.negotiated().interleaving) << (client ? "purertc client" : "purertc server");
    // A large message on stream 1 and small ones on stream 2 in both directions: with I-DATA the small
    // ones need not wait for the large one.
    uint8_t salt = 0;
    for (size_t n : sizes) ASSERT_TRUE(h.ours.send(1, 53, bytes_of(n, salt++), SendOptions{}, wall_now()).has_value());
    for (uint8_t i = 0; i < 20; ++i) ASSERT_TRUE(h.ours.send(2, 51, bytes_of(100, i), SendOptions{}, wall_now()).has_value());
    size_t next = 0;
    h.feed = [&] {
      while (next < std::size(sizes) && h.peer.send(1, 53, bytes_of(sizes[next], static_cast<uint8_t>(100 + next)).data(), sizes[next])) ++next;
    };
    for (uint8_t i = 0; i < 20; ++i) ASSERT_TRUE(h.peer.send(2, 51, bytes_of(100, i).data(), 100));
    const size_t total = std::size(sizes) + 20;
    ASSERT_TRUE(h.run_until([&] { return h.peer.messages.size() == total && h.messages.size() == total; }))
        << "usrsctp got " << h.peer.messages.size() << ", purertc got " << h.messages.size();
    std::vector<std::vector<uint8_t>> got_by_us, got_by_peer;
    for (const auto& m : h.messages) if (m.stream == 1) got_by_us.push_back(m.payload);
    for (const auto& m : h.peer.messages) if (m.stream == 1) got_by_peer.push_back(m.data);
    ASSERT_EQ(got_by_us.size(), std::size(sizes));
    ASSERT_EQ(got_by_peer.size(), std::size(sizes));
    for (size_t i = 0; i < std::size(sizes); ++i) {
      EXPECT_EQ(got_by_peer[i], bytes_of(sizes[i], static_cast<uint8_t>(i))) << sizes[i];
      EXPECT_EQ(got_by_us[i], bytes_of(sizes[i], static_cast<uint8_t>(100 + i))) << sizes[i];
    }
    EXPECT_GT(idata_ours, 0);
    EXPECT_GT(idata_theirs, 0);
    EXPECT_EQ(data_any, 0);  // no plain DATA once I-DATA is negotiated (RFC 8260 2.2)
  }
}

// Partial reliability over I-DATA: abandoned messages are skipped with I-FORWARD-TSN both ways.
TEST(SctpInterop, InterleavedPartialReliabilityWithIForwardTsn) {
  Harness h(true, SctpSettings{}, /*peer_interleaving=*/true);
  ASSERT_TRUE(h.connect());
  ASSERT_TRUE(h.ours.negotiated().interleaving);
  int n_ours = 0, n_theirs = 0, ifwd_ours = 0, ifwd_theirs = 0;
  h.drop_ours = [&](std::vector<uint8_t>& p) {
    ifwd_ours += has_chunk(p, ChunkType::kIForwardTsn) ? 1 : 0;
    return has_chunk(p, ChunkType::kIData) && ++n_ours % 7 == 0;
  };
  h.drop_theirs = [&](std::vector<uint8_t>& p) {
    ifwd_theirs += has_chunk(p, ChunkType::kIForwardTsn) ? 1 : 0;
    return has_chunk(p, ChunkType::kIData) && ++n_theirs % 7 == 0;
  };
  SendOptions pr;
  pr.max_retransmits = 0;
  for (uint8_t i = 0; i < 100; ++i) {
    ASSERT_TRUE(h.ours.send(5, 53, bytes_of(800, i), pr, wall_now()).has_value());
    ASSERT_TRUE(h.peer.send(5, 53, bytes_of(800, i).data(), 800, false, 0));
  }
  ASSERT_TRUE(h.ours.send(5, 51, {1}, SendOptions{}, wall_now()).has_value());
  ASSERT_TRUE(h.peer.send(5, 51, std::vector<uint8_t>{1}.data(), 1, false));
  auto marker = [](const auto& v, auto ppid_of) { return !v.empty() && ppid_of(v.back()) == 51u; };
  ASSERT_TRUE(h.run_until([&] {
    return marker(h.peer.messages, [](const UsrsctpPeer::Message& m) { return m.ppid; }) &&
           marker(h.messages, [](const MessageReceived& m) { return m.ppid; });
  })) << "usrsctp got " << h.peer.messages.size() << ", purertc got " << h.messages.size();
  EXPECT_LT(h.peer.messages.size(), 101u);
  EXPECT_LT(h.messages.size(), 101u);
  EXPECT_GT(ifwd_ours, 0);
  EXPECT_GT(ifwd_theirs, 0);
}

TEST(SctpInterop, StreamResetsBothWays) {
  Harness h(true);
  ASSERT_TRUE(h.connect());
  ASSERT_TRUE(h.ours.send(4, 51, {1}, SendOptions{}, wall_now()).has_value());
  std::vector<uint16_t> streams{4};
  ASSERT_TRUE(h.ours.reset_streams(streams, wall_now()).has_value());
  ASSERT_TRUE(h.run_until([&] { return h.count<OutgoingStreamsReset>() == 1 && !h.peer.incoming_resets.empty(); }));
  EXPECT_EQ(h.peer.incoming_resets[0], 4);
  ASSERT_TRUE(h.ours.send(4, 51, {2}, SendOptions{}, wall_now()).has_value());
  ASSERT_TRUE(h.run_until([&] { return h.peer.messages.size() == 2; }));

  ASSERT_TRUE(h.peer.send(6, 51, std::vector<uint8_t>{9}.data(), 1));
  ASSERT_TRUE(h.run_until([&] { return h.messages.size() == 1; }));
  ASSERT_TRUE(h.peer.reset_outgoing(6));
  ASSERT_TRUE(h.run_until([&] { return h.count<IncomingStreamsReset>() == 1; }));
  ASSERT_TRUE(h.peer.send(6, 51, std::vector<uint8_t>{10}.data(), 1));
  ASSERT_TRUE(h.run_until([&] { return h.messages.size() == 2; }));
  EXPECT_EQ(h.messages[1].payload, std::vector<uint8_t>{10});
}

// usrsctp asks purertc to reset the stream purertc sends on (Incoming SSN Reset Request); purertc
// answers with its own Outgoing SSN Reset Request (RFC 6525 5.2.3), which usrsctp takes as the answer to
// its request and performs.
TEST(SctpInterop, IncomingResetRequestFromUsrsctpIsPerformed) {
  for (bool purertc_is_client : {true, false}) {
    Harness h(purertc_is_client);
    ASSERT_TRUE(h.connect());
    ASSERT_TRUE(h.ours.send(5, 51, {1}, SendOptions{}, wall_now()).has_value());
    ASSERT_TRUE(h.ours.send(5, 51, {2}, SendOptions{}, wall_now()).has_value());
    ASSERT_TRUE(h.run_until([&] { return h.peer.messages.size() == 2; }));
    int reconfigs_from_us = 0;
    h.drop_ours = [&](std::vector<uint8_t>& p) {
      reconfigs_from_us += has_chunk(p, ChunkType::kReconfig) ? 1 : 0;
      return false;
    };
    ASSERT_TRUE(h.peer.reset_incoming(5));
    ASSERT_TRUE(h.run_until([&] { return h.count<OutgoingStreamsReset>() == 1 && !h.peer.incoming_resets.empty(); }));
    EXPECT_EQ(h.peer.incoming_resets, std::vector<uint16_t>{5});
    EXPECT_EQ(h.peer.failed_resets, 0);
    EXPECT_EQ(h.count<OutgoingStreamsResetFailed>(), 0);
    EXPECT_GE(reconfigs_from_us, 1);
    // Stream 5 numbers from 0 again, which usrsctp now expects: the next message is delivered.
    ASSERT_TRUE(h.ours.send(5, 51, {3}, SendOptions{}, wall_now()).has_value());
    ASSERT_TRUE(h.run_until([&] { return h.peer.messages.size() == 3; }));
    EXPECT_EQ(h.peer.messages[2].data, std::vector<uint8_t>{3});
    EXPECT_EQ(h.peer.messages[2].stream, 5);
  }
}

TEST(SctpInterop, GracefulShutdownFromPurertc) {
  Harness h(false);
  ASSERT_TRUE(h.connect());
  ASSERT_TRUE(h.ours.send(1, 53, bytes_of(100000, 1), SendOptions{}, wall_now()).has_value());
  h.ours.shutdown(wall_now());
  ASSERT_TRUE(h.run_until([&] { return h.count<Closed>() == 1; }));
  EXPECT_EQ(h.peer.messages.size(), 1u);
}

// The DCEP exchange as a browser does it: usrsctp plays the browser (DTLS server, odd ids) and writes
// DATA_CHANNEL_OPEN / ACK bytes by hand; purertc is the DTLS client.
TEST(SctpInterop, DcepAsBrowsersDoIt) {
  SeededRandom random(3);
  DataChannelEndpoint ours(DataChannelSettings{}, DtlsRole::kClient, random);
  UsrsctpPeer browser(true);
  std::vector<ChannelEvent> events;
  ours.connect(wall_now());
  auto pump = [&](auto done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      Timestamp now = wall_now();
      if (ours.next_timeout() <= now) ours.handle_timeout(now);
      while (auto out = ours.poll_output()) {
        if (auto* t = std::get_if<Transmit>(&*out)) browser.input(t->packet);
        else events.push_back(std::get<ChannelEvent>(*out));
      }
      while (auto p = browser.take_packet()) ours.handle_input(*p, wall_now());
      browser.poll();
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return false;
  };
  ASSERT_TRUE(pump([&] { return browser.connected(); }));
  // Browser opens "chat" (reliable, ordered, priority 256, protocol "") on stream 1.
  const std::vector<uint8_t> open{0x03, 0x00, 0x01, 0x00, 0, 0, 0, 0, 0x00, 0x04, 0x00, 0x00, 'c', 'h', 'a', 't'};
  ASSERT_TRUE(browser.send(1, 50, open.data(), open.size()));
  ASSERT_TRUE(pump([&] { return !browser.messages.empty(); }));
  EXPECT_EQ(browser.messages[0].stream, 1);
  EXPECT_EQ(browser.messages[0].ppid, 50u);
  EXPECT_EQ(browser.messages[0].data, std::vector<uint8_t>{0x02});  // DATA_CHANNEL_ACK
  bool incoming = false;
  for (const auto& e : events) {
    if (auto* in = std::get_if<IncomingChannel>(&e)) incoming = in->info.label == "chat" && in->info.id == 1;
  }
  EXPECT_TRUE(incoming);
  // Browser sends a string, an empty string (PPID 56), binary (53); purertc answers.
  const std::vector<uint8_t> hi{'h', 'i'}, zero{0}, bin{1, 2, 3};
  ASSERT_TRUE(browser.send(1, 51, hi.data(), hi.size()));
  ASSERT_TRUE(browser.send(1, 56, zero.data(), 1));
  ASSERT_TRUE(browser.send(1, 53, bin.data(), bin.size()));
  auto messages = [&] {
    std::vector<ChannelMessage> out;
    for (const auto& e : events) {
      if (auto* m = std::get_if<ChannelMessage>(&e)) out.push_back(*m);
    }
    return out;
  };
  ASSERT_TRUE(pump([&] { return messages().size() == 3; }));
  auto got = messages();
  EXPECT_EQ(got[0].data, hi);
  EXPECT_FALSE(got[0].binary);
  EXPECT_TRUE(got[1].data.empty());
  EXPECT_FALSE(got[1].binary);
  EXPECT_EQ(got[2].data, bin);
  ASSERT_TRUE(ours.send_text(1, "", wall_now()).has_value());
  ASSERT_TRUE(pump([&] { return browser.messages.size() == 2; }));
  EXPECT_EQ(browser.messages[1].ppid, 56u);
  EXPECT_EQ(browser.messages[1].data, zero);

  // purertc opens a partial-reliable unordered channel: the browser sees the exact OPEN bytes.
  DataChannelInit init;
  init.ordered = false;
  init.max_retransmits = 3;
  init.protocol = "p";
  auto id = ours.create_channel("x", init, wall_now());
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(*id, 0);
  ASSERT_TRUE(pump([&] { return browser.messages.size() == 3; }));
  const std::vector<uint8_t> expected_open{0x03, 0x81, 0x01, 0x00, 0, 0, 0, 3, 0x00, 0x01, 0x00, 0x01, 'x', 'p'};
  EXPECT_EQ(browser.messages[2].stream, 0);
  EXPECT_EQ(browser.messages[2].ppid, 50u);
  EXPECT_EQ(browser.messages[2].data, expected_open);
  const std::vector<uint8_t> ack{0x02};
  ASSERT_TRUE(browser.send(0, 50, ack.data(), 1));
  ASSERT_TRUE(pump([&] {
    for (const auto& e : events) {
      if (auto* o = std::get_if<ChannelOpen>(&e); o && o->id == 0) return true;
    }
    return false;
  }));
  // Closing: purertc resets its outgoing stream, the browser resets back, both see the close.
  ours.close_channel(1, wall_now());
  ASSERT_TRUE(pump([&] { return !browser.incoming_resets.empty(); }));
  ASSERT_TRUE(browser.reset_outgoing(1));
  ASSERT_TRUE(pump([&] {
    for (const auto& e : events) {
      if (auto* c = std::get_if<ChannelClosed>(&e); c && c->id == 1) return true;
    }
    return false;
  }));
}

}  // namespace
}  // namespace purertc::sctp
