// An in-process usrsctp endpoint over its AF_CONN interface (no kernel SCTP, no sockets), for the
// conformance tests and the benchmark. Test/bench-only: never linked into libpurertc.
//
// PEERS.md trap: usrsctp_conninput() must never be called from inside the output callback (deadlock),
// so packets usrsctp emits are queued here (under a mutex: its timer thread may emit too) and fed to
// the other side from the caller's loop.
#pragma once

#include <usrsctp.h>

#include <arpa/inet.h>
#include <errno.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace purertc::sctp::testing {

class UsrsctpPeer {
 public:
  struct Message {
    uint16_t stream = 0;
    uint32_t ppid = 0;
    bool unordered = false;
    std::vector<uint8_t> data;
  };

  // One global init per process (usrsctp keeps global state and threads).
  static void global_init() {
    static bool done = false;
    if (done) return;
    done = true;
    usrsctp_init(0, &UsrsctpPeer::on_output, nullptr);
    usrsctp_sysctl_set_sctp_ecn_enable(0);
  }

  // `server`: listen and accept; otherwise connect. `interleaving` offers I-DATA (RFC 8260): usrsctp
  // 0.9.5 implements it, but its public header leaves out the option (see kInterleavingSupported).
  explicit UsrsctpPeer(bool server, bool interleaving = false) : server_(server), interleaving_(interleaving) {
    global_init();
    {
      // A fresh address per peer, never reused, so a closing association of an earlier peer can
      // never capture this one's packets.
      std::lock_guard<std::mutex> lock(registry_mutex());
      static uintptr_t next = 0x1000;
      address_ = reinterpret_cast<void*>(next += 0x10);
      registry()[address_] = this;
    }
    usrsctp_register_address(address_);
    socket_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
    configure(socket_);
    sockaddr_conn local{};
    local.sconn_family = AF_CONN;
    local.sconn_port = htons(5000);
    local.sconn_addr = address_;
    usrsctp_bind(socket_, reinterpret_cast<sockaddr*>(&local), sizeof(local));
    if (server_) {
      usrsctp_listen(socket_, 1);
    } else {
      usrsctp_connect(socket_, reinterpret_cast<sockaddr*>(&local), sizeof(local));
      conn_ = socket_;
    }
  }
  ~UsrsctpPeer() {
    {
      std::lock_guard<std::mutex> lock(registry_mutex());
      registry().erase(address_);
    }
    linger abort_on_close{1, 0};  // close with ABORT: no lingering association
    if (conn_) usrsctp_setsockopt(conn_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
    if (conn_ && conn_ != socket_) usrsctp_close(conn_);
    if (socket_) usrsctp_close(socket_);
    usrsctp_deregister_address(address_);
  }
  UsrsctpPeer(const UsrsctpPeer&) = delete;
  UsrsctpPeer& operator=(const UsrsctpPeer&) = delete;

  // Packets usrsctp wants to send.
  std::optional<std::vector<uint8_t>> take_packet() {
    std::lock_guard<std::mutex> lock(mu_);
    if (out_.empty()) return std::nullopt;
    auto p = std::move(out_.front());
    out_.pop_front();
    return p;
  }
  void input(const std::vector<uint8_t>& packet) { usrsctp_conninput(address_, packet.data(), packet.size(), 0); }

  bool connected() {
    if (!conn_ && server_) {
      conn_ = usrsctp_accept(socket_, nullptr, nullptr);
      if (conn_) configure(conn_);
    }
    return conn_ != nullptr;
  }

  // False when the send buffer is full (try again later) or the association is not up.
  bool send(uint16_t stream, uint32_t ppid, const uint8_t* data, size_t len, bool unordered = false,
            std::optional<uint32_t> max_rtx = std::nullopt) {
    if (!connected()) return false;
    sctp_sendv_spa spa{};
    spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
    spa.sendv_sndinfo.snd_sid = stream;
    spa.sendv_sndinfo.snd_ppid = htonl(ppid);
    spa.sendv_sndinfo.snd_flags = unordered ? SCTP_UNORDERED : 0;
    if (max_rtx) {
      spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
      spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_RTX;
      spa.sendv_prinfo.pr_value = *max_rtx;
    }
    return usrsctp_sendv(conn_, data, len, nullptr, 0, &spa, sizeof(spa), SCTP_SENDV_SPA, 0) >= 0;
  }

  bool reset_outgoing(uint16_t stream) { return reset(SCTP_STREAM_RESET_OUTGOING, stream); }
  // Asks the other side to reset the streams it sends on (RFC 6525 Incoming SSN Reset Request).
  bool reset_incoming(uint16_t stream) { return reset(SCTP_STREAM_RESET_INCOMING, stream); }

  // Reads everything available: complete messages and stream-reset notifications.
  void poll() {
    if (!connected()) return;
    while (true) {
      sctp_rcvinfo info{};
      socklen_t info_len = sizeof(info);
      unsigned int info_type = 0;
      int flags = 0;
      sockaddr_conn from{};
      socklen_t from_len = sizeof(from);
      ssize_t n = usrsctp_recvv(conn_, buf_.data(), buf_.size(), reinterpret_cast<sockaddr*>(&from), &from_len, &info, &info_len,
                                &info_type, &flags);
      if (n <= 0) return;
      if (flags & MSG_NOTIFICATION) {
        auto* note = reinterpret_cast<sctp_notification*>(buf_.data());
        if (note->sn_header.sn_type == SCTP_STREAM_RESET_EVENT) {
          const auto& ev = note->sn_strreset_event;
          size_t count = (ev.strreset_length - sizeof(sctp_stream_reset_event)) / sizeof(uint16_t);
          if (ev.strreset_flags & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED)) ++failed_resets;
          for (size_t i = 0; i < count; ++i) {
            if (ev.strreset_flags & SCTP_STREAM_RESET_INCOMING_SSN) incoming_resets.push_back(ev.strreset_stream_list[i]);
            if (ev.strreset_flags & SCTP_STREAM_RESET_OUTGOING_SSN) outgoing_resets.push_back(ev.strreset_stream_list[i]);
          }
        }
        continue;
      }
      // With fragment interleave level 2 (I-DATA) partial deliveries of different streams interleave,
      // so pieces are collected per stream; every read carries its rcvinfo.
      if (info_type == SCTP_RECVV_RCVINFO) last_info_ = info;
      auto& part = partial_[last_info_.rcv_sid];
      part.insert(part.end(), buf_.begin(), buf_.begin() + n);
      if (flags & MSG_EOR) {
        Message m{last_info_.rcv_sid, ntohl(last_info_.rcv_ppid), (last_info_.rcv_flags & SCTP_UNORDERED) != 0, std::move(part)};
        partial_.erase(last_info_.rcv_sid);
        messages.push_back(std::move(m));
      }
    }
  }

  std::vector<Message> messages;
  std::vector<uint16_t> incoming_resets;
  std::vector<uint16_t> outgoing_resets;
  int failed_resets = 0;  // notifications with the DENIED or FAILED flag
  bool interleaving_accepted = false;  // usrsctp took the I-DATA option

 private:
  bool reset(uint16_t flags, uint16_t stream) {
    if (!connected()) return false;
    std::vector<uint8_t> buf(sizeof(sctp_reset_streams) + sizeof(uint16_t));
    auto* srs = reinterpret_cast<sctp_reset_streams*>(buf.data());
    srs->srs_flags = flags;
    srs->srs_number_streams = 1;
    srs->srs_stream_list[0] = stream;
    return usrsctp_setsockopt(conn_, IPPROTO_SCTP, SCTP_RESET_STREAMS, srs, static_cast<socklen_t>(buf.size())) == 0;
  }
  static std::mutex& registry_mutex() {
    static std::mutex mu;
    return mu;
  }
  static std::map<void*, UsrsctpPeer*>& registry() {
    static std::map<void*, UsrsctpPeer*> peers;
    return peers;
  }
  static int on_output(void* addr, void* buffer, size_t length, uint8_t, uint8_t) {
    std::lock_guard<std::mutex> registry_lock(registry_mutex());
    auto it = registry().find(addr);
    if (it == registry().end()) return 0;  // a peer that is gone: drop
    UsrsctpPeer* self = it->second;
    const auto* bytes = static_cast<const uint8_t*>(buffer);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->out_.emplace_back(bytes, bytes + length);
    return 0;
  }

  // SCTP_INTERLEAVING_SUPPORTED in usrsctp's internal netinet/sctp.h; usrsctp.h 0.9.5 does not declare
  // it. The library accepts it only after SCTP_FRAGMENT_INTERLEAVE is set to level 2 (interleaving of
  // partial deliveries across streams), which is what I-DATA needs.
  static constexpr int kInterleavingSupported = 0x00001206;

  void configure(struct socket* s) {
    usrsctp_set_non_blocking(s, 1);
    if (interleaving_) {
      int level = 2;
      usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_FRAGMENT_INTERLEAVE, &level, sizeof(level));
      sctp_assoc_value idata{};
      idata.assoc_id = SCTP_FUTURE_ASSOC;
      idata.assoc_value = 1;
      interleaving_accepted = usrsctp_setsockopt(s, IPPROTO_SCTP, kInterleavingSupported, &idata, sizeof(idata)) == 0;
    }
    int on = 1;
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on));
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on));
    int buf = 16 * 1024 * 1024;
    usrsctp_setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
    usrsctp_setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
    sctp_assoc_value av{};
    av.assoc_id = SCTP_FUTURE_ASSOC;
    av.assoc_value = SCTP_ENABLE_RESET_STREAM_REQ;
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, &av, sizeof(av));
    sctp_event ev{};
    ev.se_assoc_id = SCTP_FUTURE_ASSOC;
    ev.se_on = 1;
    ev.se_type = SCTP_STREAM_RESET_EVENT;
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_EVENT, &ev, sizeof(ev));
    sctp_initmsg init{};
    init.sinit_num_ostreams = 1024;
    init.sinit_max_instreams = 1024;
    usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init));
  }

  bool server_;
  bool interleaving_;
  void* address_ = nullptr;
  struct socket* socket_ = nullptr;
  struct socket* conn_ = nullptr;
  std::mutex mu_;
  std::deque<std::vector<uint8_t>> out_;
  std::vector<uint8_t> buf_ = std::vector<uint8_t>(1 << 20);
  std::map<uint16_t, std::vector<uint8_t>> partial_;
  sctp_rcvinfo last_info_{};
};

}  // namespace purertc::sctp::testing
