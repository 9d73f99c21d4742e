#include "pc/udp_socket.h"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "common/log.h"
#include "pc/sockaddr.h"

namespace purertc::pc {
namespace {

// The largest UDP payload IPv4 can carry (65535 - 20 - 8); a GSO message must fit in one.
constexpr size_t kMaxGsoBytes = 65507;
constexpr size_t kGsoControlSize = CMSG_SPACE(sizeof(uint16_t));
// The kernel reports a GRO run's segment size as an int (udp_cmsg_recv).
constexpr size_t kGroControlSize = CMSG_SPACE(sizeof(int));

SysResult<int> open_socket(IpFamily family, const UdpSocketOptions& options) {
  const int domain = family == IpFamily::kV4 ? AF_INET : AF_INET6;
  const int fd = socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) return sys_error("socket");
  auto fail = [fd](const char* call) {
    const int err = errno;
    close(fd);
    return sys_error(call, err);
  };
  if (domain == AF_INET6) {
    // No IPv4-mapped traffic on an IPv6 socket: one family per socket, as the candidates say.
    const int on = 1;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) return fail("setsockopt(IPV6_V6ONLY)");
  }
  if (options.receive_buffer_bytes > 0 &&
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &options.receive_buffer_bytes, sizeof(int)) != 0) {
    return fail("setsockopt(SO_RCVBUF)");
  }
  if (options.send_buffer_bytes > 0 &&
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &options.send_buffer_bytes, sizeof(int)) != 0) {
    return fail("setsockopt(SO_SNDBUF)");
  }
  return fd;
}

// UDP_SEGMENT is readable as a socket option exactly on kernels that implement UDP GSO.
bool kernel_supports_gso(int fd) {
  int segment = 0;
  socklen_t length = sizeof segment;
  return getsockopt(fd, SOL_UDP, UDP_SEGMENT, &segment, &length) == 0;
}

// Asks for coalesced receive; refused (ENOPROTOOPT) by kernels before 5.0.
bool enable_gro(int fd) {
  const int on = 1;
  return setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof on) == 0;
}

// The segment size of a GRO run, from its control message; 0 when the buffer is a single datagram.
size_t gro_segment_size(msghdr& hdr) {
  for (cmsghdr* cm = CMSG_FIRSTHDR(&hdr); cm != nullptr; cm = CMSG_NXTHDR(&hdr, cm)) {
    if (cm->cmsg_level == SOL_UDP && cm->cmsg_type == UDP_GRO && cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
      int segment = 0;
      std::memcpy(&segment, CMSG_DATA(cm), sizeof segment);
      return segment > 0 ? static_cast<size_t>(segment) : 0;
    }
  }
  return 0;
}

// Errors that concern one datagram (its destination or size), not the socket: the datagram is dropped
// like a lost packet and the rest go on.
bool is_per_datagram_error(int err) {
  switch (err) {
    case EMSGSIZE:
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EACCES:
    case EPERM:
    case EAFNOSUPPORT:
    case EINVAL:
    case ECONNREFUSED:
    case EADDRNOTAVAIL:
    case ENOBUFS:
    case ENETDOWN:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct ReceiveBatch::Kernel {
  mmsghdr messages[kMaxBatch];
  iovec iov[kMaxBatch];
  sockaddr_storage addresses[kMaxBatch];
  alignas(cmsghdr) unsigned char control[kMaxBatch][kGroControlSize];
};

ReceiveBatch::ReceiveBatch(size_t slot_size)
    : slot_size_(std::min(slot_size, kGroSlotSize)),  // offsets are 32-bit; no UDP payload is larger
      storage_(new uint8_t[slot_size_ * kMaxBatch]),
      kernel_(new Kernel{}) {
  for (size_t i = 0; i < kMaxBatch; ++i) {
    kernel_->iov[i].iov_base = storage_.get() + i * slot_size_;
    kernel_->iov[i].iov_len = slot_size_;
    msghdr& hdr = kernel_->messages[i].msg_hdr;
    hdr.msg_iov = &kernel_->iov[i];
    hdr.msg_iovlen = 1;
    hdr.msg_name = &kernel_->addresses[i];
  }
  datagrams_.reserve(kMaxBatch);
}

ReceiveBatch::~ReceiveBatch() = default;

std::span<const uint8_t> ReceiveBatch::data(size_t i) const {
  return {storage_.get() + datagrams_[i].offset, datagrams_[i].length};
}

struct UdpSocket::Scratch {
  mmsghdr messages[kMaxBatch];
  iovec iov[kMaxBatch];
  sockaddr_storage addresses[kMaxBatch];
  alignas(cmsghdr) unsigned char control[kMaxBatch][kGsoControlSize];
  size_t counts[kMaxBatch];  // datagrams carried by each message
};

UdpSocket::UdpSocket(int fd, const SocketAddress& local, bool gso, bool gro)
    : fd_(fd), local_(local), gso_(gso), gro_(gro), scratch_(new Scratch{}) {}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      local_(other.local_),
      gso_(other.gso_),
      gro_(other.gro_),
      stats_(other.stats_),
      scratch_(std::move(other.scratch_)) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    close_fd();
    fd_ = std::exchange(other.fd_, -1);
    local_ = other.local_;
    gso_ = other.gso_;
    gro_ = other.gro_;
    stats_ = other.stats_;
    scratch_ = std::move(other.scratch_);
  }
  return *this;
}

UdpSocket::~UdpSocket() { close_fd(); }

void UdpSocket::close_fd() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

SysResult<UdpSocket> UdpSocket::bind(const SocketAddress& local, const UdpSocketOptions& options) {
  return bind_range(local.ip, local.port, local.port, options);
}

SysResult<UdpSocket> UdpSocket::bind_range(const IpAddress& ip, uint16_t min_port, uint16_t max_port,
                                           const UdpSocketOptions& options) {
  if (min_port > max_port) return sys_error("bind", EINVAL);
  auto fd = open_socket(ip.family(), options);
  if (!fd) return unexpected(fd.error());
  // A failed bind leaves the socket unbound, so one socket tries every port of the range.
  int err = EADDRINUSE;
  bool bound = false;
  for (uint32_t port = min_port; port <= max_port; ++port) {
    sockaddr_storage addr;
    const socklen_t length = to_sockaddr(SocketAddress{ip, static_cast<uint16_t>(port)}, addr);
    if (::bind(*fd, reinterpret_cast<const sockaddr*>(&addr), length) == 0) {
      bound = true;
      break;
    }
    err = errno;
    if (err != EADDRINUSE) break;
  }
  if (!bound) {
    close(*fd);
    return sys_error("bind", err);
  }
  sockaddr_storage addr;
  socklen_t length = sizeof addr;
  if (getsockname(*fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    err = errno;
    close(*fd);
    return sys_error("getsockname", err);
  }
  const auto local = from_sockaddr(reinterpret_cast<const sockaddr*>(&addr), length);
  const bool gso = options.allow_gso && kernel_supports_gso(*fd);
  const bool gro = options.gro && enable_gro(*fd);
  return UdpSocket(*fd, local.value_or(SocketAddress{ip, 0}), gso, gro);
}

SysResult<size_t> UdpSocket::receive(ReceiveBatch& batch) {
  batch.datagrams_.clear();
  ReceiveBatch::Kernel& k = *batch.kernel_;
  for (size_t i = 0; i < kMaxBatch; ++i) {
    msghdr& hdr = k.messages[i].msg_hdr;
    hdr.msg_namelen = sizeof(sockaddr_storage);
    hdr.msg_control = gro_ ? k.control[i] : nullptr;
    hdr.msg_controllen = gro_ ? kGroControlSize : 0;
    hdr.msg_flags = 0;
  }
  int n;
  do {
    // MSG_TRUNC: msg_len is the buffer's real length even when the slot was too short, which tells how
    // many datagrams of a GRO run were cut off.
    n = recvmmsg(fd_, k.messages, kMaxBatch, MSG_DONTWAIT | MSG_TRUNC, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return size_t{0};
    return sys_error("recvmmsg");
  }
  const size_t slot_size = batch.slot_size_;
  for (int i = 0; i < n; ++i) {
    msghdr& hdr = k.messages[i].msg_hdr;
    const size_t length = k.messages[i].msg_len;
    const size_t copied = std::min(length, slot_size);
    const size_t base = static_cast<size_t>(i) * slot_size;
    batch.from_[i] = from_sockaddr(static_cast<const sockaddr*>(hdr.msg_name), hdr.msg_namelen).value_or(SocketAddress{});
    const auto slot = static_cast<uint8_t>(i);
    // Without GRO (or for a lone datagram) the whole buffer is one datagram, possibly empty.
    size_t segment = gro_ ? gro_segment_size(hdr) : 0;
    if (segment == 0 || segment >= length) segment = std::max<size_t>(length, 1);
    if (length > segment) ++stats_.gro_buffers;
    size_t offset = 0;
    do {
      const size_t size = std::min(segment, length - offset);
      const bool cut = offset + size > copied;
      ++stats_.datagrams_received;
      if (cut) ++stats_.truncated_received;
      // A datagram past the end of the slot keeps what was copied of it, flagged; the ones wholly past
      // it are gone (only counted).
      if (offset < copied || length == 0) {
        batch.datagrams_.push_back({static_cast<uint32_t>(base + offset),
                                    static_cast<uint32_t>(cut ? copied - offset : size), slot, cut});
      }
      offset += size;
    } while (offset < length);
  }
  return batch.datagrams_.size();
}

SysResult<size_t> UdpSocket::send(std::span<const OutgoingDatagram> datagrams) {
  size_t consumed = 0;
  while (consumed < datagrams.size()) {
    auto r = send_chunk(datagrams.subspan(consumed));
    if (!r) {
      // What went out before the failure counts; the failure repeats on the next call.
      if (consumed > 0) return consumed;
      return unexpected(r.error());
    }
    if (*r == 0) break;  // socket buffer full
    consumed += *r;
  }
  return consumed;
}

SysResult<size_t> UdpSocket::send_chunk(std::span<const OutgoingDatagram> datagrams) {
  Scratch& s = *scratch_;
  const size_t n = std::min(datagrams.size(), kMaxBatch);
  size_t messages = 0;
  for (size_t i = 0; i < n;) {
    const OutgoingDatagram& first = datagrams[i];
    const size_t segment = first.data.size();
    size_t j = i + 1;
    if (gso_ && segment > 0) {
      // A run of equal-size datagrams to one destination becomes one GSO message.
      while (j < n && datagrams[j].data.size() == segment && (j - i + 1) * segment <= kMaxGsoBytes &&
             datagrams[j].to == first.to) {
        ++j;
      }
    }
    for (size_t d = i; d < j; ++d) {
      s.iov[d].iov_base = const_cast<uint8_t*>(datagrams[d].data.data());
      s.iov[d].iov_len = datagrams[d].data.size();
    }
    msghdr& hdr = s.messages[messages].msg_hdr;
    hdr = msghdr{};
    hdr.msg_name = &s.addresses[messages];
    hdr.msg_namelen = to_sockaddr(first.to, s.addresses[messages]);
    hdr.msg_iov = &s.iov[i];
    hdr.msg_iovlen = j - i;
    if (j - i > 1) {
      hdr.msg_control = s.control[messages];
      hdr.msg_controllen = kGsoControlSize;
      cmsghdr* cm = CMSG_FIRSTHDR(&hdr);
      cm->cmsg_level = SOL_UDP;
      cm->cmsg_type = UDP_SEGMENT;
      cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
      const uint16_t segment_size = static_cast<uint16_t>(segment);
      std::memcpy(CMSG_DATA(cm), &segment_size, sizeof segment_size);
    }
    s.counts[messages] = j - i;
    ++messages;
    i = j;
  }

  int sent;
  do {
    sent = sendmmsg(fd_, s.messages, static_cast<unsigned>(messages), MSG_DONTWAIT);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    const int err = errno;
    if (err == EAGAIN || err == EWOULDBLOCK) return size_t{0};
    if (s.counts[0] > 1 && (err == EIO || err == EINVAL || err == EOPNOTSUPP)) {
      // The device or route cannot segment (e.g. no checksum offload): stop using GSO on this socket
      // and send the same datagrams one per message.
      PURERTC_LOG_DEBUG("pc", "UDP GSO refused (errno %d); sending datagrams one by one", err);
      gso_ = false;
      return send_chunk(datagrams);
    }
    if (is_per_datagram_error(err)) {
      PURERTC_LOG_DEBUG("pc", "sendmmsg dropped %zu datagram(s) to %s (errno %d)", s.counts[0],
                        datagrams[0].to.to_string().c_str(), err);
      stats_.send_errors += s.counts[0];
      return s.counts[0];
    }
    return sys_error("sendmmsg", err);
  }
  size_t consumed = 0;
  for (int m = 0; m < sent; ++m) {
    consumed += s.counts[m];
    if (s.counts[m] > 1) ++stats_.gso_messages;
  }
  stats_.datagrams_sent += consumed;
  return consumed;
}

}  // namespace purertc::pc
