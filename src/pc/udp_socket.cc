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
};

ReceiveBatch::ReceiveBatch(size_t max_datagram_size)
    : slot_size_(max_datagram_size), storage_(max_datagram_size * kMaxBatch), kernel_(new Kernel{}) {
  for (size_t i = 0; i < kMaxBatch; ++i) {
    kernel_->iov[i].iov_base = storage_.data() + i * slot_size_;
    kernel_->iov[i].iov_len = slot_size_;
    msghdr& hdr = kernel_->messages[i].msg_hdr;
    hdr.msg_iov = &kernel_->iov[i];
    hdr.msg_iovlen = 1;
    hdr.msg_name = &kernel_->addresses[i];
  }
}

ReceiveBatch::~ReceiveBatch() = default;

std::span<const uint8_t> ReceiveBatch::data(size_t i) const {
  return {storage_.data() + i * slot_size_, lengths_[i]};
}

struct UdpSocket::Scratch {
  mmsghdr messages[kMaxBatch];
  iovec iov[kMaxBatch];
  sockaddr_storage addresses[kMaxBatch];
  alignas(cmsghdr) unsigned char control[kMaxBatch][kGsoControlSize];
  size_t counts[kMaxBatch];  // datagrams carried by each message
};

UdpSocket::UdpSocket(int fd, const SocketAddress& local, bool gso)
    : fd_(fd), local_(local), gso_(gso), scratch_(new Scratch{}) {}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      local_(other.local_),
      gso_(other.gso_),
      stats_(other.stats_),
      scratch_(std::move(other.scratch_)) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    close_fd();
    fd_ = std::exchange(other.fd_, -1);
    local_ = other.local_;
    gso_ = other.gso_;
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
  return UdpSocket(*fd, local.value_or(SocketAddress{ip, 0}), gso);
}

SysResult<size_t> UdpSocket::receive(ReceiveBatch& batch) {
  batch.count_ = 0;
  ReceiveBatch::Kernel& k = *batch.kernel_;
  for (size_t i = 0; i < kMaxBatch; ++i) {
    k.messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    k.messages[i].msg_hdr.msg_control = nullptr;
    k.messages[i].msg_hdr.msg_controllen = 0;
    k.messages[i].msg_hdr.msg_flags = 0;
  }
  int n;
  do {
    n = recvmmsg(fd_, k.messages, kMaxBatch, MSG_DONTWAIT, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return size_t{0};
    return sys_error("recvmmsg");
  }
  for (int i = 0; i < n; ++i) {
    const msghdr& hdr = k.messages[i].msg_hdr;
    batch.lengths_[i] = std::min<size_t>(k.messages[i].msg_len, batch.slot_size_);
    batch.truncated_[i] = (hdr.msg_flags & MSG_TRUNC) != 0;
    if (batch.truncated_[i]) ++stats_.truncated_received;
    batch.from_[i] = from_sockaddr(static_cast<const sockaddr*>(hdr.msg_name), hdr.msg_namelen).value_or(SocketAddress{});
  }
  batch.count_ = static_cast<size_t>(n);
  stats_.datagrams_received += batch.count_;
  return batch.count_;
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
