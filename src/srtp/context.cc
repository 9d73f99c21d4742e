#include "srtp/context.h"

#include <cstring>

#include "common/byte_order.h"
#include "common/log.h"

namespace purertc::srtp {

uint64_t estimate_packet_index(uint64_t highest, uint16_t seq) {
  int64_t delta = int64_t{seq} - static_cast<int64_t>(highest & 0xffff);
  if (delta > 0x8000) delta -= 0x10000;        // seq belongs to ROC - 1
  else if (delta < -0x8000) delta += 0x10000;  // seq belongs to ROC + 1
  int64_t index = static_cast<int64_t>(highest) + delta;
  return index < 0 ? seq : static_cast<uint64_t>(index);
}

Result<Context> Context::create(Profile profile, std::span<const uint8_t> master_key,
                                std::span<const uint8_t> master_salt, const Settings& settings) {
  auto keys = derive_session_keys(profile, master_key, master_salt);
  if (!keys) return unexpected(keys.error());
  return create(*keys, settings);
}

Result<Context> Context::create(const SessionKeys& keys, const Settings& settings) {
  if (settings.max_ssrcs == 0) return unexpected(Error{Errc::kInvalidArgument, "max_ssrcs must be at least 1"});
  auto transform = Transform::create(keys, settings.encrypted_header_extensions.any());
  if (!transform) return unexpected(transform.error());
  return Context(std::move(*transform), settings);
}

Context::Context(Transform transform, const Settings& settings)
    : transform_(std::move(transform)),
      settings_(settings),
      header_encryption_(settings.encrypted_header_extensions.any()) {
  // Reserving the buckets up front keeps rehashing off the packet path.
  send_.reserve(settings_.max_ssrcs);
  receive_.reserve(settings_.max_ssrcs);
}

Result<Context::SendStream*> Context::find_send_stream(uint32_t ssrc) {
  auto it = send_.find(ssrc);
  if (it == send_.end()) {
    if (send_.size() >= settings_.max_ssrcs) return unexpected(Error{Errc::kLimitExceeded, "too many SRTP sender SSRCs"});
    it = send_.try_emplace(ssrc).first;
  }
  last_send_ssrc_ = ssrc;
  last_send_ = &it->second;
  return last_send_;
}

Result<Context::ReceiveStream*> Context::find_receive_stream(uint32_t ssrc) {
  auto it = receive_.find(ssrc);
  if (it != receive_.end()) {
    last_receive_ssrc_ = ssrc;
    last_receive_ = &it->second;
    return last_receive_;
  }
  if (receive_.size() >= settings_.max_ssrcs) {
    return unexpected(Error{Errc::kLimitExceeded, "unknown SSRC and the SSRC limit is reached"});
  }
  return nullptr;  // new SSRC: created once a packet authenticates
}

Context::ReceiveStream& Context::add_receive_stream(uint32_t ssrc) {
  ReceiveStream& s =
      receive_.try_emplace(ssrc, settings_.rtp_replay_window, settings_.rtcp_replay_window).first->second;
  last_receive_ssrc_ = ssrc;
  last_receive_ = &s;
  return s;
}

Status Context::set_send_rtp_index(uint32_t ssrc, uint64_t last_index) {
  if (last_index > kMaxPacketIndex) return unexpected(Error{Errc::kInvalidArgument, "SRTP index above 2^48 - 1"});
  auto s = send_stream(ssrc);
  if (!s) return unexpected(s.error());
  (*s)->rtp_started = true;
  (*s)->rtp_index = last_index;
  return {};
}

Status Context::set_send_rtcp_index(uint32_t ssrc, uint32_t next_index) {
  if (next_index > kMaxSrtcpIndex) return unexpected(Error{Errc::kInvalidArgument, "SRTCP index above 2^31 - 1"});
  auto s = send_stream(ssrc);
  if (!s) return unexpected(s.error());
  (*s)->next_rtcp_index = next_index;
  return {};
}

Status Context::validate_header_extension(std::span<uint8_t> packet, const rtp::RtpHeaderLayout& h) const {
  auto data = packet.subspan(h.extension_data_offset(), h.extension_size);
  return for_each_encrypted_element(h.extension_profile, data, settings_.encrypted_header_extensions,
                                    [](const EncryptedElement&) {});
}

Status Context::encrypt_header_extension(std::span<uint8_t> packet, const rtp::RtpHeaderLayout& h, uint64_t index) {
  // Callers validate the block first, so a malformed one never leaves a half-masked packet.
  auto data = packet.subspan(h.extension_data_offset(), h.extension_size);
  return for_each_encrypted_element(h.extension_profile, data, settings_.encrypted_header_extensions,
                                    [&](const EncryptedElement& e) {
                                      transform_.xor_header_keystream(h.ssrc, index, e.keystream_offset,
                                                                      data.subspan(e.value_offset, e.value_size));
                                    });
}

Unexpected<Error> Context::drop(const Error& error) {
  switch (error.code) {
    case Errc::kAuthFailed: ++stats_.auth_failures; break;
    case Errc::kReplay: ++stats_.replays; break;
    case Errc::kLimitExceeded: ++stats_.ssrc_limit; break;
    default: ++stats_.malformed; break;
  }
  PURERTC_LOG_DEBUG("srtp", "dropped inbound packet: %s", error.detail);
  return unexpected(error);
}

void Context::remove_ssrc(uint32_t ssrc) {
  send_.erase(ssrc);
  receive_.erase(ssrc);
  last_send_ = nullptr;
  last_receive_ = nullptr;
}

namespace {

bool is_cryptex_profile(uint16_t profile) {
  return profile == kCryptexOneByteProfile || profile == kCryptexTwoByteProfile;
}

}  // namespace

Result<size_t> Context::protect_rtp(std::span<uint8_t> buffer, size_t length) {
  if (length > buffer.size()) return unexpected(Error{Errc::kInvalidArgument, "length exceeds the buffer"});
  auto header = rtp::parse_header_layout(buffer.first(length));
  if (!header) return unexpected(header.error());
  rtp::RtpHeaderLayout h = *header;
  const size_t tag_size = transform_.rtp_tag_size();
  // RFC 9335 5.1: CSRCs without an extension still need a (empty) cryptex extension to mark them.
  const bool add_empty_extension = settings_.cryptex && h.csrc_count > 0 && !h.has_extension;
  const size_t grow = add_empty_extension ? rtp::kRtpExtensionHeaderSize : 0;
  if (buffer.size() - length < tag_size + grow) return unexpected(Error{Errc::kBufferTooSmall, "no tailroom for the SRTP tag"});
  if (settings_.cryptex && h.has_extension &&
      rtp::extension_form_of(h.extension_profile) == rtp::ExtensionForm::kOther) {
    return unexpected(Error{Errc::kInvalidArgument, "cryptex needs an RFC 8285 header extension"});
  }
  const bool header_encryption = !settings_.cryptex && header_encryption_ && h.has_extension;
  if (header_encryption) {
    auto valid = validate_header_extension(buffer.first(length), h);
    if (!valid) return unexpected(valid.error());
  }

  auto stream = send_stream(h.ssrc);
  if (!stream) return unexpected(stream.error());
  SendStream& s = **stream;
  const uint64_t index = s.rtp_started ? estimate_packet_index(s.rtp_index, h.sequence_number) : h.sequence_number;
  if (index > kMaxPacketIndex) return unexpected(Error{Errc::kLimitExceeded, "SRTP packet index space used up"});

  uint8_t* p = buffer.data();
  if (add_empty_extension) {
    std::memmove(p + h.header_size + grow, p + h.header_size, length - h.header_size);
    store_u16(p + h.extension_header_offset(), kCryptexOneByteProfile);
    store_u16(p + h.extension_header_offset() + 2, 0);
    p[0] |= 0x10;
    length += grow;
    h.has_extension = true;
    h.extension_profile = kCryptexOneByteProfile;
    h.header_size += grow;
  }

  size_t aad_size = h.header_size;
  size_t moved_csrc_size = 0;
  if (settings_.cryptex && h.has_extension) {
    if (!add_empty_extension) {
      store_u16(p + h.extension_header_offset(),
                h.extension_profile == kOneByteExtensionProfile ? kCryptexOneByteProfile : kCryptexTwoByteProfile);
    }
    aad_size = rtp::kRtpFixedHeaderSize + rtp::kRtpExtensionHeaderSize;
    moved_csrc_size = 4 * h.csrc_count;
  } else if (header_encryption) {
    (void)encrypt_header_extension(buffer.first(length), h, index);  // validated above
  }

  transform_.protect_rtp(buffer.first(length), aad_size, h.ssrc, index, p + length, moved_csrc_size);
  if (!s.rtp_started || index > s.rtp_index) s.rtp_index = index;
  s.rtp_started = true;
  return length + tag_size;
}

size_t Context::protect_rtp_batch(std::span<PacketSlot> packets) {
  size_t ok = 0;
  for (PacketSlot& slot : packets) {
    auto r = protect_rtp(slot.buffer, slot.length);
    if (r) {
      slot.length = *r;
      slot.status = {};
      ++ok;
    } else {
      slot.status = unexpected(r.error());
    }
  }
  return ok;
}

Result<size_t> Context::unprotect_rtp(std::span<uint8_t> packet) {
  const size_t tag_size = transform_.rtp_tag_size();
  if (packet.size() < rtp::kRtpFixedHeaderSize + tag_size) return drop(Error{Errc::kTruncated, "SRTP packet too short"});
  const size_t length = packet.size() - tag_size;
  auto header = rtp::parse_header_layout(packet.first(length));
  if (!header) return drop(header.error());
  const rtp::RtpHeaderLayout& h = *header;

  auto found = receive_stream(h.ssrc);
  if (!found) return drop(found.error());
  ReceiveStream* stream = *found;
  const uint64_t index =
      stream && !stream->rtp.empty() ? estimate_packet_index(stream->rtp.highest(), h.sequence_number) : h.sequence_number;
  if (stream && !stream->rtp.check(index)) return drop(Error{Errc::kReplay, "SRTP packet replayed or too old"});

  const bool cryptex = settings_.cryptex && h.has_extension && is_cryptex_profile(h.extension_profile);
  if (!cryptex && header_encryption_ && h.has_extension) {
    auto valid = validate_header_extension(packet.first(length), h);
    if (!valid) return drop(valid.error());
  }
  size_t aad_size = h.header_size;
  size_t moved_csrc_size = 0;
  if (cryptex) {
    aad_size = rtp::kRtpFixedHeaderSize + rtp::kRtpExtensionHeaderSize;
    moved_csrc_size = 4 * h.csrc_count;
  }
  auto st = transform_.unprotect_rtp(packet.first(length), aad_size, h.ssrc, index, packet.data() + length,
                                     moved_csrc_size);
  if (!st) return drop(st.error());

  if (!stream) stream = &add_receive_stream(h.ssrc);
  stream->rtp.update(index);

  uint8_t* p = packet.data();
  if (cryptex) {
    // Hand the RTP layer the extension as RFC 8285 defines it.
    store_u16(p + h.extension_header_offset(), h.extension_profile == kCryptexOneByteProfile ? kOneByteExtensionProfile
                                                                                      : kTwoByteExtensionProfile);
  } else if (header_encryption_ && h.has_extension) {
    (void)encrypt_header_extension(packet.first(length), h, index);  // validated above
  }
  return length;
}

Result<size_t> Context::protect_rtcp(std::span<uint8_t> buffer, size_t length) {
  if (length > buffer.size()) return unexpected(Error{Errc::kInvalidArgument, "length exceeds the buffer"});
  if (length < kRtcpHeaderSize) return unexpected(Error{Errc::kTruncated, "RTCP packet shorter than 8 bytes"});
  const uint8_t* p = buffer.data();
  if ((p[0] >> 6) != 2) return unexpected(Error{Errc::kMalformed, "RTCP version is not 2"});
  const size_t overhead = rtcp_overhead(transform_.profile());
  if (buffer.size() - length < overhead) return unexpected(Error{Errc::kBufferTooSmall, "no tailroom for the SRTCP trailer"});
  const uint32_t ssrc = load_u32(p + 4);
  auto stream = send_stream(ssrc);
  if (!stream) return unexpected(stream.error());
  SendStream& s = **stream;
  if (s.next_rtcp_index > kMaxSrtcpIndex) return unexpected(Error{Errc::kLimitExceeded, "SRTCP index space used up"});
  transform_.protect_rtcp(buffer.first(length), ssrc, s.next_rtcp_index, buffer.data() + length);
  ++s.next_rtcp_index;
  return length + overhead;
}

Result<size_t> Context::unprotect_rtcp(std::span<uint8_t> packet) {
  const size_t overhead = rtcp_overhead(transform_.profile());
  if (packet.size() < kRtcpHeaderSize + overhead) return drop(Error{Errc::kTruncated, "SRTCP packet too short"});
  const uint8_t* p = packet.data();
  if ((p[0] >> 6) != 2) return drop(Error{Errc::kMalformed, "RTCP version is not 2"});
  const uint32_t ssrc = load_u32(p + 4);
  auto found = receive_stream(ssrc);
  if (!found) return drop(found.error());
  ReceiveStream* stream = *found;
  const uint32_t index = transform_.srtcp_index_word(packet) & kMaxSrtcpIndex;
  if (stream && !stream->rtcp.check(index)) return drop(Error{Errc::kReplay, "SRTCP packet replayed or too old"});
  auto length = transform_.unprotect_rtcp(packet, ssrc);
  if (!length) return drop(length.error());
  if (!stream) stream = &add_receive_stream(ssrc);
  stream->rtcp.update(index);
  return *length;
}

}  // namespace purertc::srtp
