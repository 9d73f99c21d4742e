// tshark (Wireshark 4.0) dissects RTP and RTCP packets that purertc serialized: the test writes them into a
// pcap (raw IPv4/UDP, RTP on port 5004, RTCP on 5005), runs tshark with a timeout, and checks that no frame
// is malformed or carries an error-level expert item, and that the dissected fields are the ones we wrote.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/byte_order.h"
#include "rtp/codec/vp8.h"
#include "rtp/packet/header_extensions.h"
#include "rtp/packet/rtp_packet.h"
#include "rtp/rtcp/rtcp_packet.h"
#include "tests/rtp/ffmpeg_fixture.h"

namespace purertc::rtp {
namespace {

using namespace purertc::rtp::testing;

constexpr uint16_t kRtpPort = 5004;
constexpr uint16_t kRtcpPort = 5005;

// A pcap file (LINKTYPE_RAW: each record is an IPv4 datagram).
class PcapWriter {
 public:
  PcapWriter() {
    uint8_t h[24] = {};
    store_u32(h, 0xa1b2c3d4);  // written big-endian: readers detect the byte order from the magic
    store_u16(h + 4, 2);
    store_u16(h + 6, 4);
    store_u32(h + 16, 65535);
    store_u32(h + 20, 101);
    out_.insert(out_.end(), h, h + 24);
  }
  void add_udp(uint16_t dst_port, std::span<const uint8_t> payload) {
    size_t total = 20 + 8 + payload.size();
    uint8_t rec[16];
    store_u32(rec, 1700000000 + seconds_);
    store_u32(rec + 4, usec_);
    store_u32(rec + 8, static_cast<uint32_t>(total));
    store_u32(rec + 12, static_cast<uint32_t>(total));
    usec_ += 20000;
    if (usec_ >= 1000000) {
      usec_ -= 1000000;
      ++seconds_;
    }
    out_.insert(out_.end(), rec, rec + 16);
    uint8_t ip[20] = {0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1};
    store_u16(ip + 2, static_cast<uint16_t>(total));
    store_u16(ip + 4, id_++);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) sum += load_u16(ip + i);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    store_u16(ip + 10, static_cast<uint16_t>(~sum));
    out_.insert(out_.end(), ip, ip + 20);
    uint8_t udp[8];
    store_u16(udp, dst_port);  // same port both ways, as an RTP session does
    store_u16(udp + 2, dst_port);
    store_u16(udp + 4, static_cast<uint16_t>(8 + payload.size()));
    store_u16(udp + 6, 0);  // no checksum (allowed for IPv4)
    out_.insert(out_.end(), udp, udp + 8);
    out_.insert(out_.end(), payload.begin(), payload.end());
  }
  const std::vector<uint8_t>& bytes() const { return out_; }

 private:
  std::vector<uint8_t> out_;
  uint32_t seconds_ = 0, usec_ = 0;
  uint16_t id_ = 1;
};

std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

bool have_tshark() { return run("command -v tshark >/dev/null 2>&1") == 0; }

// One line per frame: fields separated by '|', repeated values by ','.
std::vector<std::map<std::string, std::string>> dissect(const std::string& pcap, const std::vector<std::string>& fields) {
  std::string cmd = "timeout 60 tshark -r '" + pcap + "' -d udp.port==5004,rtp -d udp.port==5005,rtcp -T fields "
                    "-E separator='|' -E occurrence=a -E aggregator=,";
  for (const auto& f : fields) cmd += " -e " + f;
  std::vector<std::map<std::string, std::string>> rows;
  std::istringstream in(capture(cmd + " 2>/dev/null"));
  std::string line;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    size_t start = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
      size_t bar = line.find('|', start);
      row[fields[i]] = line.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      start = bar == std::string::npos ? line.size() : bar + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<uint8_t> rtp_packet(const RtpHeader& h, std::span<const uint8_t> payload) {
  std::vector<uint8_t> p(h.serialized_size(payload.size()));
  EXPECT_TRUE(h.write_to(p, payload));
  return p;
}

TEST(TsharkInterop, DissectsOurRtpAndRtcp) {
  if (!have_tshark()) {
    if (ci()) FAIL() << "tshark missing";
    GTEST_SKIP() << "install tshark";
  }
  TempDir dir;
  PcapWriter pcap;

  // 1: VP8 keyframe packet with a one-byte extension block (mid, abs-send-time, transport-cc), a CSRC.
  Vp8Packetizer vp8(300);
  PayloadList payloads;
  std::vector<uint8_t> frame(3000, 0x5a);
  frame[0] = 0x10;
  ASSERT_TRUE(vp8.packetize(frame, 1100, payloads));
  const uint8_t mid[] = {'0'};
  uint8_t ast[3], tcc[2];
  AbsSendTime::from_micros(1500000).write(ast);
  TransportSequenceNumber{77}.write(tcc);
  for (size_t i = 0; i < payloads.size(); ++i) {
    RtpHeader h;
    h.payload_type = 96;
    h.sequence_number = static_cast<uint16_t>(65534 + i);
    h.timestamp = 90000;
    h.ssrc = 0x11223344;
    h.marker = i + 1 == payloads.size();
    ASSERT_TRUE(h.add_csrc(0xaabbccdd));
    ASSERT_TRUE(h.add_extension(1, mid));
    ASSERT_TRUE(h.add_extension(2, ast));
    ASSERT_TRUE(h.add_extension(3, tcc));
    pcap.add_udp(kRtpPort, rtp_packet(h, payloads[i]));
  }
  // 4: Opus with a two-byte extension block (id 20) and padding.
  {
    RtpHeader h;
    h.payload_type = 111;
    h.sequence_number = 10;
    h.timestamp = 960;
    h.ssrc = 0x55667788;
    const uint8_t level[] = {0x9e};
    uint8_t long_value[20] = {};
    ASSERT_TRUE(h.add_extension(1, level));
    ASSERT_TRUE(h.add_extension(20, long_value));
    h.padding = 4;
    const uint8_t opus[] = {0xfc, 0xff, 0xfe};
    pcap.add_udp(kRtpPort, rtp_packet(h, opus));
  }
  // 5: RTCP compound SR + SDES; 6: RR + BYE; 7..: feedback, each reduced size.
  SenderReport sr{0x11223344, 0xe9a1d2b34a3d70a4ull, 90000, 3, 3300, {ReportBlock{0x55667788, 25, 3, 0x1000a, 17, 0x1234, 0x20000}}, {}};
  SourceDescription sdes{{SdesChunk{0x11223344, {SdesItem{1, "purertc-cname"}}}}};
  ReceiverReport rr{0x99, {ReportBlock{0x11223344, 0, 0, 65535, 5, 0, 0}}, {}};
  Bye bye{{0x11223344}, "done"};
  App app{3, 0x99, {'t', 'e', 's', 't'}, {1, 2, 3, 4}};
  GenericNack nack{0x99, 0x11223344, {100, 101, 103, 130}};
  Tmmb tmmbr{false, 0x99, 0, {TmmbItem{0x11223344, 1000000, 40}}};
  Tmmb tmmbn{true, 0x99, 0, {TmmbItem{0x11223344, 1000000, 40}}};
  Pli pli{0x99, 0x11223344};
  Fir fir{0x99, {FirEntry{0x11223344, 7}}};
  Remb remb{0x99, 2500000, {0x11223344}};
  TransportCcFeedback twcc;
  twcc.sender_ssrc = 0x99;
  twcc.media_ssrc = 0x11223344;
  twcc.base_sequence = 77;
  twcc.reference_time = 1000;
  twcc.feedback_count = 4;
  for (int i = 0; i < 30; ++i) {
    if (i % 7 == 3) twcc.add_lost();
    else ASSERT_TRUE(twcc.add_received(i == 20 ? 1000 : 4));
  }
  std::vector<std::vector<RtcpPacket>> datagrams = {
      {sr, sdes}, {rr, bye}, {rr, app}, {nack}, {tmmbr}, {tmmbn}, {pli}, {fir}, {remb}, {twcc}};
  for (const auto& d : datagrams) {
    auto bytes = serialize_rtcp_compound(d);
    ASSERT_TRUE(bytes);
    pcap.add_udp(kRtcpPort, *bytes);
  }
  write_file(dir.file("ours.pcap"), pcap.bytes());

  // No malformed frames and no error-level expert items.
  std::string bad = capture("timeout 60 tshark -r '" + dir.file("ours.pcap") +
                            "' -d udp.port==5004,rtp -d udp.port==5005,rtcp -Y '_ws.malformed || _ws.expert.severity >= 8388608' 2>/dev/null; echo rc=$?");
  EXPECT_EQ(bad, "rc=0\n");  // no frame matched, and the filter itself was valid
  std::string all = capture("timeout 60 tshark -r '" + dir.file("ours.pcap") + "' -d udp.port==5004,rtp -d udp.port==5005,rtcp 2>/dev/null");
  EXPECT_EQ(all.find("Malformed"), std::string::npos) << all;

  auto rows = dissect(dir.file("ours.pcap"),
                      {"rtp.seq", "rtp.p_type", "rtp.ssrc", "rtp.marker", "rtp.csrc.item", "rtp.ext.rfc5285.id",
                       "rtp.padding.count", "rtcp.pt", "rtcp.sdes.text", "rtcp.ssrc.fraction", "rtcp.ssrc.cum_nr",
                       "rtcp.app.name", "rtcp.rtpfb.nack_pid", "rtcp.rtpfb.nack_blp", "rtcp.rtpfb.tmmbr.fci.exp", "rtcp.rtpfb.tmmbr.fci.mantissa",
                       "rtcp.psfb.fir.fci.csn", "rtcp.psfb.remb.fci.br_exp", "rtcp.psfb.remb.fci.br_mantissa", "rtcp.rtpfb.transportcc.baseseq",
                       "rtcp.rtpfb.transportcc.statuscount", "rtcp.rtpfb.transportcc.pktcount"});
  ASSERT_EQ(rows.size(), payloads.size() + 1 + datagrams.size()) << all;
  size_t n = payloads.size();
  EXPECT_EQ(rows[0]["rtp.seq"], "65534");
  EXPECT_EQ(rows[1]["rtp.seq"], "65535");
  EXPECT_EQ(rows[2]["rtp.seq"], "0");
  EXPECT_EQ(rows[0]["rtp.p_type"], "96");
  EXPECT_EQ(rows[0]["rtp.ssrc"], "0x11223344");
  EXPECT_EQ(rows[0]["rtp.marker"], "0");
  EXPECT_EQ(rows[n - 1]["rtp.marker"], "1");
  EXPECT_EQ(rows[0]["rtp.csrc.item"], "0xaabbccdd");
  EXPECT_EQ(rows[0]["rtp.ext.rfc5285.id"], "1,2,3");
  EXPECT_EQ(rows[n]["rtp.p_type"], "111");
  EXPECT_EQ(rows[n]["rtp.ext.rfc5285.id"], "1,20");
  EXPECT_EQ(rows[n]["rtp.padding.count"], "4");
  const auto* r = &rows[n + 1];
  EXPECT_EQ((*r).at("rtcp.pt"), "200,202");
  EXPECT_EQ((*r).at("rtcp.sdes.text"), "purertc-cname");
  EXPECT_EQ((*r).at("rtcp.ssrc.fraction"), "25");
  EXPECT_EQ((*r).at("rtcp.ssrc.cum_nr"), "3");
  EXPECT_EQ(rows[n + 2]["rtcp.pt"], "201,203");
  EXPECT_EQ(rows[n + 3]["rtcp.app.name"], "test");
  EXPECT_EQ(rows[n + 4]["rtcp.pt"], "205");
  EXPECT_EQ(rows[n + 4]["rtcp.rtpfb.nack_pid"], "100,101,103,130");  // tshark lists the BLP bits too
  EXPECT_EQ(rows[n + 4]["rtcp.rtpfb.nack_blp"], "0x0005,0x0000");
  // 1 Mbps = 125000 * 2^3.
  EXPECT_EQ(rows[n + 5]["rtcp.rtpfb.tmmbr.fci.exp"], "3");
  EXPECT_EQ(rows[n + 5]["rtcp.rtpfb.tmmbr.fci.mantissa"], "125000");
  EXPECT_EQ(rows[n + 6]["rtcp.rtpfb.tmmbr.fci.mantissa"], "125000");
  EXPECT_EQ(rows[n + 7]["rtcp.pt"], "206");
  EXPECT_EQ(rows[n + 8]["rtcp.psfb.fir.fci.csn"], "7");
  EXPECT_EQ(rows[n + 9]["rtcp.psfb.remb.fci.br_exp"], "4");  // 2.5 Mbps = 156250 * 2^4
  EXPECT_EQ(rows[n + 9]["rtcp.psfb.remb.fci.br_mantissa"], "156250");
  EXPECT_EQ(rows[n + 10]["rtcp.rtpfb.transportcc.baseseq"], "77");
  EXPECT_EQ(rows[n + 10]["rtcp.rtpfb.transportcc.statuscount"], "30");
  EXPECT_EQ(rows[n + 10]["rtcp.rtpfb.transportcc.pktcount"], "4");
}

}  // namespace
}  // namespace purertc::rtp
