// The rtp module's public surface for other modules (src/pc, examples): RTP packets and header
// extensions, RTCP, codec packetizers/depacketizers, frame assembly, RTX and media files.
#pragma once

#include "rtp/codec/audio.h"
#include "rtp/codec/av1.h"
#include "rtp/codec/codec.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/h265.h"
#include "rtp/codec/vp8.h"
#include "rtp/codec/vp9.h"
#include "rtp/media/annex_b.h"
#include "rtp/media/ivf.h"
#include "rtp/media/ogg.h"
#include "rtp/packet/dependency_descriptor.h"
#include "rtp/packet/header_extensions.h"
#include "rtp/packet/rtp_header_template.h"
#include "rtp/packet/rtp_packet.h"
#include "rtp/rtcp/rtcp_packet.h"
#include "rtp/rtx.h"
#include "rtp/sample_builder.h"
