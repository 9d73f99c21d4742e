// A non-blocking UDP socket (IPv4 or IPv6) that moves datagrams in batches: recvmmsg/sendmmsg with up to
// kMaxBatch datagrams per system call, and UDP GSO (UDP_SEGMENT, Linux 4.18+) for runs of equal-size
// datagrams to one destination, which the kernel then segments once instead of routing each datagram.
// GSO support is detected at runtime when the socket is created; if the kernel or the route refuses a
// GSO send (EIO: no checksum offload on the device; EINVAL), the socket turns GSO off and resends the
// same datagrams one by one, so callers never see the difference. ECN and TOS are left alone.
//
// On request (UdpSocketOptions::gro), receiving uses UDP GRO (UDP_GRO, Linux 5.0+, also detected at
// runtime): the kernel hands over a run of equal-size datagrams from one sender as one buffer with the
// segment size in a control message - on loopback, a GSO sender's message arrives whole, unsegmented -
// and receive() splits it back into datagrams (the last may be shorter), so callers see the same
// datagrams either way, in order. A coalesced buffer can be up to kGroSlotSize bytes: a GRO socket wants a
// ReceiveBatch with slots that large, or longer runs arrive truncated (the datagrams that fit whole are
// kept; the one cut short is marked truncated, the ones cut off entirely are only counted).
//
// Readiness: the socket does not know the event loop. Its owner registers fd() with
// EventLoop::watch(fd, EPOLLIN, ...) and calls receive() until it returns 0; when send() reports fewer
// datagrams than given (socket buffer full), the owner adds EPOLLOUT and sends the rest when writable.
//
// Threading: a UdpSocket and a ReceiveBatch are not thread-safe; use each from one thread at a time (in
// purertc, the event loop thread). Lifetime: the socket owns its fd and closes it on destruction (unwatch
// it first); it is movable, not copyable. Nothing is allocated per datagram: send scratch space lives in
// the socket and receive buffers in the ReceiveBatch, both allocated once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/socket_address.h"
#include "pc/sys_error.h"

namespace purertc::pc {

// Datagrams (receive: kernel buffers, each possibly a GRO run) per recvmmsg/sendmmsg call.
inline constexpr size_t kMaxBatch = 32;
// A ReceiveBatch slot that holds any UDP payload, hence any GRO run (IPv6 allows 65527 bytes).
inline constexpr size_t kGroSlotSize = 65536;

struct UdpSocketOptions {
  int receive_buffer_bytes = 0;  // SO_RCVBUF; 0 keeps the kernel default (the kernel doubles the value)
  int send_buffer_bytes = 0;     // SO_SNDBUF; likewise
  bool allow_gso = true;         // use UDP_SEGMENT when the kernel supports it
  bool gro = false;              // receive coalesced runs (UDP_GRO) when the kernel supports it; see above
};

// One datagram to send: the bytes are only read during send().
struct OutgoingDatagram {
  SocketAddress to;
  std::span<const uint8_t> data;
};

struct UdpSocketStats {
  uint64_t datagrams_sent = 0;
  uint64_t datagrams_received = 0;   // after splitting GRO runs, including truncated ones
  uint64_t gso_messages = 0;         // sendmmsg messages that carried more than one datagram
  uint64_t gro_buffers = 0;          // received buffers that carried more than one datagram
  uint64_t send_errors = 0;          // datagrams dropped because the kernel refused them
  uint64_t truncated_received = 0;   // datagrams cut short or cut off by the end of a ReceiveBatch slot
};

// Reusable receive buffers: kMaxBatch slots of `slot_size` bytes, each receiving one datagram or (GRO)
// one run of them. Views returned by data() stay valid until the next receive() into this batch. The
// slots are allocated once and left untouched until used, so large slots cost address space, not memory,
// until datagrams fill them.
class ReceiveBatch {
 public:
  // Enough for any datagram a WebRTC peer sends (they stay under ~1500 bytes); too short for GRO runs.
  static constexpr size_t kDefaultSlotSize = 2048;
  explicit ReceiveBatch(size_t slot_size = kDefaultSlotSize);
  ReceiveBatch(const ReceiveBatch&) = delete;
  ReceiveBatch& operator=(const ReceiveBatch&) = delete;
  ~ReceiveBatch();

  // Datagrams received by the last receive(), GRO runs split (so possibly more than kMaxBatch).
  size_t size() const { return datagrams_.size(); }
  std::span<const uint8_t> data(size_t i) const;
  const SocketAddress& from(size_t i) const { return from_[datagrams_[i].slot]; }
  // The datagram was longer than what was left of the slot: data() holds only its beginning and should
  // be dropped.
  bool truncated(size_t i) const { return datagrams_[i].truncated; }
  size_t slot_size() const { return slot_size_; }

 private:
  friend class UdpSocket;
  struct Kernel;  // mmsghdr/iovec/sockaddr/control arrays, kept out of this header
  struct Datagram {
    uint32_t offset;  // into storage_
    uint32_t length;
    uint8_t slot;
    bool truncated;
  };

  size_t slot_size_;
  std::unique_ptr<uint8_t[]> storage_;  // default-initialized: pages stay untouched until received into
  std::unique_ptr<Kernel> kernel_;
  SocketAddress from_[kMaxBatch];  // per slot
  std::vector<Datagram> datagrams_;  // grows to the largest batch seen, then no more allocations
};

class UdpSocket {
 public:
  // Binds to `local` (port 0: the kernel picks one). IPv6 sockets are IPv6-only (no mapped IPv4).
  // Errors: socket/setsockopt/bind/getsockname with errno (EADDRINUSE, EADDRNOTAVAIL, EACCES...).
  static SysResult<UdpSocket> bind(const SocketAddress& local, const UdpSocketOptions& options = {});
  // Binds to the first free port in [min_port, max_port] on `ip`. Errors: EINVAL for an empty range,
  // EADDRINUSE when every port is taken, or the first other failure.
  static SysResult<UdpSocket> bind_range(const IpAddress& ip, uint16_t min_port, uint16_t max_port,
                                         const UdpSocketOptions& options = {});

  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket();

  int fd() const { return fd_; }
  const SocketAddress& local_address() const { return local_; }
  // True while sends use UDP_SEGMENT (supported by the kernel, allowed, and not refused yet).
  bool gso_enabled() const { return gso_; }
  // True when UdpSocketOptions::gro asked for UDP_GRO and the kernel accepted it.
  bool gro_enabled() const { return gro_; }
  const UdpSocketStats& stats() const { return stats_; }

  // Reads up to kMaxBatch waiting datagrams (with GRO: runs of datagrams) into `batch`, replacing its
  // previous contents, and returns how many datagrams it holds; 0 when none is waiting. Errors:
  // recvmmsg's errno other than EAGAIN/EINTR.
  SysResult<size_t> receive(ReceiveBatch& batch);

  // Sends the datagrams in order and returns how many were consumed: sent, or dropped because the kernel
  // refused that one datagram (unreachable network, too big, wrong address family; counted in
  // stats().send_errors, as a lost packet would be). Fewer than given means the socket buffer is full:
  // send the rest once fd() is writable. Errors: only failures of the socket itself (EBADF, ENOTSOCK...).
  SysResult<size_t> send(std::span<const OutgoingDatagram> datagrams);

 private:
  struct Scratch;  // sendmmsg arrays, allocated once per socket

  UdpSocket(int fd, const SocketAddress& local, bool gso, bool gro);
  // One sendmmsg over at most kMaxBatch datagrams; returns datagrams consumed (0: would block).
  SysResult<size_t> send_chunk(std::span<const OutgoingDatagram> datagrams);
  void close_fd();

  int fd_ = -1;
  SocketAddress local_;
  bool gso_ = false;
  bool gro_ = false;
  UdpSocketStats stats_;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace purertc::pc
