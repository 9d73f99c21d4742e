// RTP header parse on arbitrary bytes: must never crash or read out of bounds; every accessor of an
// accepted packet stays inside it; re-serializing what was parsed parses back to the same fields; the
// in-place rewrites keep the packet parseable.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "rtp/packet/header_extensions.h"
#include "rtp/packet/rtp_packet.h"

using namespace purertc::rtp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto p = RtpPacketView::parse(std::span(data, size));
  if (!p) return 0;
  if (p->header_size() + p->payload().size() + p->padding_size() != size) __builtin_trap();
  RtpHeader h;
  h.marker = p->marker();
  h.payload_type = p->payload_type();
  h.sequence_number = p->sequence_number();
  h.timestamp = p->timestamp();
  h.ssrc = p->ssrc();
  for (size_t i = 0; i < p->csrc_count(); ++i) (void)h.add_csrc(p->csrc(i));
  bool ok = true;
  p->for_each_extension([&](const ExtensionElement& e) {
    if (!h.add_extension(e.id, e.value)) ok = false;
    (void)AbsSendTime::parse(e.value);
    (void)AudioLevel::parse(e.value);
    (void)parse_rid(e.value);
  });
  if (p->extension_form() == ExtensionForm::kTwoByte) h.force_two_byte = true;
  if (ok && p->extension_form() != ExtensionForm::kOther) {
    std::vector<uint8_t> out(h.serialized_size(p->payload().size()));
    auto n = h.write_to(out, p->payload());
    if (n) {
      auto q = RtpPacketView::parse(out);
      if (!q || q->sequence_number() != p->sequence_number() || q->ssrc() != p->ssrc() ||
          q->payload().size() != p->payload().size()) {
        __builtin_trap();
      }
    }
  }
  std::vector<uint8_t> copy(data, data + size);
  rewrite_ssrc(copy, 1);
  rewrite_sequence_number(copy, 2);
  rewrite_timestamp(copy, 3);
  rewrite_payload_type(copy, 4);
  rewrite_marker(copy, true);
  auto slot = mutable_extension(copy, *p, 3);
  for (auto& b : slot) b = 0;
  if (!RtpPacketView::parse(copy)) __builtin_trap();
  return 0;
}
