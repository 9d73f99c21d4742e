// One direction of SRTP/SRTCP under one master key (RFC 3711 3.2): the transform plus the per-SSRC
// state that protect (sender) and unprotect (receiver) keep. Sans-IO and single-threaded: one owner calls
// it, nothing is called back.
//
// Per-SSRC state is created on demand, for RTP and RTCP alike, up to Settings::max_ssrcs per direction:
// a receiver creates it only after a packet of the new SSRC authenticated, so forged packets cannot
// fill the table. Sender: highest packet index (ROC || SEQ) and the next SRTCP index. Receiver: the RTP
// and SRTCP replay windows, whose highest index also anchors the ROC estimate (RFC 3711 3.3.1,
// Appendix A): a sequence number is placed in the ROC that puts it closest to the highest index seen,
// which follows wraps in either direction and reordering of up to 2^15 packets.
//
// Buffers: protect works in place on `buffer`, whose first `length` bytes hold the packet and whose rest
// is tailroom (rtp_overhead()/rtcp_overhead() bytes; +4 for an RTP packet with CSRCs but no header
// extension under cryptex). Unprotect works in place on the received packet. No call allocates, except
// the first packet of a new SSRC. Every error leaves the state as it was, and is one of:
//   Errc::kTruncated      the packet is shorter than its headers and tag
//   Errc::kMalformed      not RTP/RTCP version 2, or a bad header extension block
//   Errc::kBufferTooSmall not enough tailroom (protect)
//   Errc::kAuthFailed     the tag did not verify (the packet is garbage or forged)
//   Errc::kReplay         the index was seen already or is older than the replay window
//   Errc::kLimitExceeded  a new SSRC beyond max_ssrcs, or the 2^48 SRTP / 2^31 SRTCP index space is
//                         used up (re-key)
//   Errc::kInvalidArgument length larger than the buffer, or cryptex on a non-RFC 8285 extension
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>

#include "common/result.h"
#include "srtp/header_extension.h"
#include "srtp/key_derivation.h"
#include "rtp/packet/rtp_packet.h"
#include "srtp/profile.h"
#include "srtp/replay_window.h"
#include "srtp/transform.h"

namespace purertc::srtp {

struct Settings {
  // SSRCs per direction whose state is kept (a peer controls how many it sends).
  size_t max_ssrcs = 256;
  // Replay windows in packets (RFC 3711 3.3.2 asks for at least 64); rounded up to a power of two, at
  // most ReplayWindow::kMaxSize. Raise the RTP one for high-rate video that reorders a lot.
  size_t rtp_replay_window = 128;
  size_t rtcp_replay_window = 128;
  // RFC 6904: IDs of the header extension elements to encrypt (a=extmap ... urn:ietf:params:rtp-hdrext:encrypt).
  ExtensionIdSet encrypted_header_extensions;
  // RFC 9335: encrypt CSRCs and header extensions of outgoing packets; accept cryptex packets.
  bool cryptex = false;
};

// Counters for what unprotect dropped, so the owner can report them without logging per packet.
struct ContextStats {
  uint64_t auth_failures = 0;   // Errc::kAuthFailed
  uint64_t replays = 0;         // Errc::kReplay
  uint64_t ssrc_limit = 0;      // Errc::kLimitExceeded on a new SSRC
  uint64_t malformed = 0;       // Errc::kTruncated / kMalformed
};

// One packet of a batch: in, `buffer` with the packet in its first `length` bytes; out, `length` is the
// protected length and `status` says whether it worked.
struct PacketSlot {
  std::span<uint8_t> buffer;
  size_t length = 0;
  Status status;
};

class Context {
 public:
  // From a master key and salt of the profile's sizes (RFC 3711 4.3 key derivation).
  static Result<Context> create(Profile profile, std::span<const uint8_t> master_key,
                                std::span<const uint8_t> master_salt, const Settings& settings = {});
  // From session keys directly (the form RFC 7714's test vectors take).
  static Result<Context> create(const SessionKeys& keys, const Settings& settings = {});

  Profile profile() const { return transform_.profile(); }
  const Settings& settings() const { return settings_; }

  Result<size_t> protect_rtp(std::span<uint8_t> buffer, size_t length);
  // Protects every slot; returns how many succeeded. Each slot's status says which failed and why.
  size_t protect_rtp_batch(std::span<PacketSlot> packets);
  // Returns the length of the plaintext RTP packet at the start of `packet`.
  Result<size_t> unprotect_rtp(std::span<uint8_t> packet);

  Result<size_t> protect_rtcp(std::span<uint8_t> buffer, size_t length);
  Result<size_t> unprotect_rtcp(std::span<uint8_t> packet);

  // Sender state for SSRCs that continue a stream (a stream moved to new keys, RFC 4568 ROC signalling,
  // or the mid-stream indices of published test vectors). Errc::kLimitExceeded past max_ssrcs;
  // Errc::kInvalidArgument for an SRTCP index above 2^31 - 1.
  Status set_send_rtp_index(uint32_t ssrc, uint64_t last_index);
  Status set_send_rtcp_index(uint32_t ssrc, uint32_t next_index);

  const ContextStats& stats() const { return stats_; }

  // Forgets an SSRC in both directions (RTCP BYE, stream removal).
  void remove_ssrc(uint32_t ssrc);
  size_t send_ssrc_count() const { return send_.size(); }
  size_t receive_ssrc_count() const { return receive_.size(); }

 private:
  struct SendStream {
    bool rtp_started = false;
    uint64_t rtp_index = 0;  // highest packet index protected
    uint32_t next_rtcp_index = 0;
  };
  struct ReceiveStream {
    ReceiveStream(size_t rtp_window, size_t rtcp_window) : rtp(rtp_window), rtcp(rtcp_window) {}
    ReplayWindow rtp;
    ReplayWindow rtcp;
  };

  Context(Transform transform, const Settings& settings);
  // The hot path checks the previous packet's stream inline; the map is searched out of line.
  Result<SendStream*> send_stream(uint32_t ssrc) {
    if (last_send_ != nullptr && last_send_ssrc_ == ssrc) return last_send_;
    return find_send_stream(ssrc);
  }
  // nullptr for an SSRC not seen yet (created once a packet of it authenticates).
  Result<ReceiveStream*> receive_stream(uint32_t ssrc) {
    if (last_receive_ != nullptr && last_receive_ssrc_ == ssrc) return last_receive_;
    return find_receive_stream(ssrc);
  }
  Result<SendStream*> find_send_stream(uint32_t ssrc);
  Result<ReceiveStream*> find_receive_stream(uint32_t ssrc);
  ReceiveStream& add_receive_stream(uint32_t ssrc);
  // RFC 6904 on the extension block of `packet` (XOR, so the same call encrypts and decrypts); the
  // block must have passed validate_header_extension.
  Status validate_header_extension(std::span<uint8_t> packet, const rtp::RtpHeaderLayout& h) const;
  Status encrypt_header_extension(std::span<uint8_t> packet, const rtp::RtpHeaderLayout& h, uint64_t index);
  // Counts a dropped inbound packet and passes its error on.
  Unexpected<Error> drop(const Error& error);

  Transform transform_;
  Settings settings_;
  bool header_encryption_;
  std::unordered_map<uint32_t, SendStream> send_;
  std::unordered_map<uint32_t, ReceiveStream> receive_;
  // The stream of the previous packet in each direction: packets come in runs of one SSRC, and this
  // spares them the hash lookup. The maps are node-based, so the pointers stay valid until remove_ssrc()
  // erases an entry (and clears them).
  uint32_t last_send_ssrc_ = 0;
  SendStream* last_send_ = nullptr;
  uint32_t last_receive_ssrc_ = 0;
  ReceiveStream* last_receive_ = nullptr;
  ContextStats stats_;
};

// RFC 3711 Appendix A: the packet index of sequence number `seq` given the highest index so far: the
// candidate ROC-1, ROC or ROC+1 that lands closest. Before the first wrap an index cannot be negative,
// so a sequence number far "behind" index < 2^15 is taken with ROC 0 (as libsrtp does).
uint64_t estimate_packet_index(uint64_t highest, uint16_t seq);

constexpr uint64_t kMaxPacketIndex = (uint64_t{1} << 48) - 1;

}  // namespace purertc::srtp
