// Every SCTP wire parser on arbitrary bytes: the packet walk, then each chunk through the parser its
// type selects (and through the others, to catch a parser that trusts the type byte). Parsed values
// are re-serialized and parsed again where a serializer exists. ASan/UBSan catch any bad access.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "sctp/datachannel/dcep_message.h"
#include "sctp/packet/control_chunks.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/error_cause.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/init_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/packet/sctp_packet.h"

using namespace purertc::sctp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  (void)verify_checksum(input, true);
  (void)DataChannelOpen::parse(input);
  (void)parse_error_causes(input);
  (void)parse_parameters(input);
  auto packet = PacketView::parse(input);
  if (!packet) return 0;
  for (const ChunkView& c : *packet) {
    (void)parse_data_chunk(c);
    if (auto d = parse_idata_chunk(c)) {
      std::vector<uint8_t> out;
      append_idata_chunk(out, *d);
    }
    for (bool ack : {false, true}) {
      if (auto init = InitChunk::parse(c, ack)) {
        std::vector<uint8_t> out;
        init->append_to(out, ack);
      }
    }
    if (auto s = SackView::parse(c)) {
      for (size_t i = 0; i < s->gap_block_count(); ++i) (void)s->gap_block(i);
      for (size_t i = 0; i < s->duplicate_count(); ++i) (void)s->duplicate(i);
    }
    (void)parse_heartbeat(c);
    (void)parse_shutdown(c);
    for (bool interleaved : {false, true}) {
      if (auto f = ForwardTsnChunk::parse(c, interleaved)) {
        std::vector<uint8_t> out;
        f->append_to(out, interleaved);
      }
    }
    if (auto params = parse_reconfig_chunk(c)) {
      for (const auto& p : *params) {
        (void)OutgoingSsnResetRequest::parse(p.value);
        (void)IncomingSsnResetRequest::parse(p.value);
        (void)ReconfigurationResponse::parse(p.value);
        (void)SimpleReconfigRequest::parse(p.value);
      }
    }
  }
  return 0;
}
