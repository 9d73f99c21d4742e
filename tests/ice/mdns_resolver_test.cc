#include "ice/mdns_resolver.h"

#include <gtest/gtest.h>

namespace purertc::ice {
namespace {

// Two resolvers on a perfect in-memory "multicast group": everything one sends, the other receives
// (and, as with IP_MULTICAST_LOOP, the sender too). Logical time only.
struct Link {
  SeededRandom random{5};
  MdnsResolver a{MdnsSettings{}, random};
  MdnsResolver b{MdnsSettings{}, random};
  Timestamp now = Timestamp::from_millis(1000);
  std::vector<MdnsResolved> resolved_a, resolved_b;
  size_t sent = 0;
  bool drop = false;

  void exchange() {
    for (int guard = 0; guard < 50; ++guard) {
      std::vector<std::vector<uint8_t>> wire;
      auto drain = [&](MdnsResolver& r, std::vector<MdnsResolved>& out) {
        while (auto o = r.poll_output()) {
          if (auto* t = std::get_if<MdnsTransmit>(&*o)) {
            ++sent;
            if (!drop) wire.push_back(t->data);
          } else {
            out.push_back(std::get<MdnsResolved>(*o));
          }
        }
      };
      drain(a, resolved_a);
      drain(b, resolved_b);
      if (wire.empty()) return;
      for (const auto& d : wire) {
        a.handle_input(d, now);
        b.handle_input(d, now);
      }
    }
    ADD_FAILURE() << "did not settle";
  }
  void advance(Duration d) {
    const Timestamp until = now + d;
    while (std::min(a.next_timeout(), b.next_timeout()) <= until) {
      now = std::max(now, std::min(a.next_timeout(), b.next_timeout()));
      a.handle_timeout(now);
      b.handle_timeout(now);
      exchange();
    }
    now = until;
  }
};

TEST(MdnsResolver, GeneratedNamesAreVersion4UuidsUnderLocal) {
  SeededRandom random(1);
  const std::string n = generate_mdns_name(random);
  ASSERT_EQ(n.size(), 42u);
  EXPECT_EQ(n[14], '4');
  EXPECT_TRUE(n[19] == '8' || n[19] == '9' || n[19] == 'a' || n[19] == 'b');
  EXPECT_EQ(n.substr(36), ".local");
  EXPECT_NE(generate_mdns_name(random), n);
}

TEST(MdnsResolver, OneNamePerAddressAndALimit) {
  SeededRandom random(2);
  MdnsSettings s;
  s.max_local_names = 2;
  MdnsResolver r(s, random);
  const auto n1 = r.add_local_name(IpAddress::v4(10, 0, 0, 1));
  EXPECT_EQ(r.add_local_name(IpAddress::v4(10, 0, 0, 1)), n1);
  EXPECT_FALSE(r.add_local_name(IpAddress::v4(10, 0, 0, 2)).empty());
  EXPECT_TRUE(r.add_local_name(IpAddress::v4(10, 0, 0, 3)).empty());
}

TEST(MdnsResolver, QueryIsAnsweredByTheOwner) {
  Link l;
  const auto name = l.b.add_local_name(IpAddress::v4(192, 0, 2, 5));
  l.a.query(name, l.now);
  l.exchange();
  ASSERT_EQ(l.resolved_a.size(), 1u);
  EXPECT_EQ(l.resolved_a[0].name, name);
  EXPECT_EQ(l.resolved_a[0].address, IpAddress::v4(192, 0, 2, 5));
  EXPECT_EQ(l.a.pending_queries(), 0u);
  EXPECT_EQ(l.b.stats().answers_sent, 1u);
  EXPECT_EQ(l.a.next_timeout(), Timestamp::infinite());
  // Cached: the second query costs no traffic.
  const size_t before = l.sent;
  l.a.query(name, l.now);
  l.exchange();
  ASSERT_EQ(l.resolved_a.size(), 2u);
  EXPECT_EQ(l.sent, before);
}

TEST(MdnsResolver, Ipv6AddressIsAnsweredWithAaaa) {
  Link l;
  const auto name = l.b.add_local_name(*IpAddress::parse("fd00::2"));
  l.a.query(name, l.now);
  l.exchange();
  ASSERT_EQ(l.resolved_a.size(), 1u);
  EXPECT_EQ(l.resolved_a[0].address, IpAddress::parse("fd00::2"));
}

TEST(MdnsResolver, RetransmitsWithDoublingIntervalThenTimesOut) {
  Link l;
  l.drop = true;
  l.a.query("nobody.local", l.now);
  l.exchange();
  EXPECT_EQ(l.sent, 1u);
  EXPECT_EQ(l.a.next_timeout(), l.now + Duration::seconds(1));
  l.advance(Duration::millis(999));
  EXPECT_EQ(l.sent, 1u);
  l.advance(Duration::millis(1));
  EXPECT_EQ(l.sent, 2u);  // at 1 s
  l.advance(Duration::millis(1999));
  EXPECT_TRUE(l.resolved_a.empty());
  l.advance(Duration::millis(1));  // 3 s: the timeout comes before the 3 s retransmission
  ASSERT_EQ(l.resolved_a.size(), 1u);
  EXPECT_EQ(l.resolved_a[0].address, std::nullopt);
  EXPECT_EQ(l.a.stats().timeouts, 1u);
}

TEST(MdnsResolver, ConcurrentQueriesForOneNameShareOneExchange) {
  Link l;
  const auto name = l.b.add_local_name(IpAddress::v4(10, 9, 8, 7));
  l.a.query(name, l.now);
  l.a.query(name, l.now);
  l.exchange();
  EXPECT_EQ(l.a.stats().queries_sent, 1u);
  EXPECT_EQ(l.resolved_a.size(), 1u);
}

TEST(MdnsResolver, QueryForOwnNameResolvesLocally) {
  Link l;
  const auto name = l.a.add_local_name(IpAddress::v4(10, 0, 0, 9));
  l.a.query(name, l.now);
  l.exchange();
  EXPECT_EQ(l.sent, 0u);
  ASSERT_EQ(l.resolved_a.size(), 1u);
  EXPECT_EQ(l.resolved_a[0].address, IpAddress::v4(10, 0, 0, 9));
}

TEST(MdnsResolver, CacheExpiresAfterTtlAndGoodbyeRemovesIt) {
  Link l;
  const auto name = l.b.add_local_name(IpAddress::v4(10, 0, 0, 5));
  l.a.query(name, l.now);
  l.exchange();
  l.advance(Duration::seconds(121));  // answer_ttl is 120 s
  const size_t before = l.a.stats().queries_sent;
  l.a.query(name, l.now);
  l.exchange();
  EXPECT_EQ(l.a.stats().queries_sent, before + 1);  // asked again
  // A goodbye (TTL 0) removes the cached entry.
  auto bye = make_mdns_answer(name, IpAddress::v4(10, 0, 0, 5), 0).serialize();
  l.a.handle_input(*bye, l.now);
  l.a.query(name, l.now);
  EXPECT_EQ(l.a.stats().queries_sent, before + 2);
}

TEST(MdnsResolver, UnsolicitedAnswersAreNotCached) {
  Link l;
  auto other = make_mdns_answer("someone-else.local", IpAddress::v4(10, 0, 0, 1), 120).serialize();
  l.a.handle_input(*other, l.now);
  l.a.query("someone-else.local", l.now);
  EXPECT_EQ(l.a.stats().queries_sent, 1u);  // not answered from a cache
}

TEST(MdnsResolver, QueriesForOtherTypesOrNamesGetNoAnswer) {
  Link l;
  const auto name = l.b.add_local_name(IpAddress::v4(10, 0, 0, 5));
  MdnsMessage q;
  q.questions.push_back(DnsQuestion{name, kDnsTypeAaaa, false});  // we have only an A record
  q.questions.push_back(DnsQuestion{"other.local", kDnsTypeA, false});
  l.b.handle_input(*q.serialize(), l.now);
  EXPECT_FALSE(l.b.poll_output().has_value());
  MdnsMessage any;
  any.questions.push_back(DnsQuestion{name, kDnsTypeAny, false});
  l.b.handle_input(*any.serialize(), l.now);
  EXPECT_TRUE(l.b.poll_output().has_value());
}

TEST(MdnsResolver, PendingQueryLimit) {
  SeededRandom random(3);
  MdnsSettings s;
  s.max_pending_queries = 1;
  MdnsResolver r(s, random);
  r.query("one.local", Timestamp::from_millis(0));
  r.query("two.local", Timestamp::from_millis(0));
  bool refused = false;
  while (auto o = r.poll_output()) {
    if (auto* res = std::get_if<MdnsResolved>(&*o)) refused = res->name == "two.local" && !res->address;
  }
  EXPECT_TRUE(refused);
}

TEST(MdnsResolver, MalformedInputIsCounted) {
  Link l;
  const uint8_t junk[] = {1, 2, 3};
  l.a.handle_input(junk, l.now);
  EXPECT_EQ(l.a.stats().dropped_malformed, 1u);
}

}  // namespace
}  // namespace purertc::ice
