#include "sdp/jsep.h"

#include <algorithm>

#include "sdp/attributes/candidate.h"
#include "sdp/attributes/extmap.h"
#include "sdp/attributes/grouping.h"
#include "sdp/attributes/ice.h"
#include "sdp/attributes/msid.h"
#include "sdp/attributes/rid.h"
#include "sdp/attributes/rtcp.h"
#include "sdp/attributes/rtcp_fb.h"
#include "sdp/attributes/rtpmap.h"
#include "sdp/attributes/sctp.h"
#include "sdp/attributes/simulcast.h"
#include "sdp/simulcast_negotiation.h"
#include "sdp/attributes/ssrc.h"
#include "sdp/codec_matching.h"
#include "sdp/text.h"

namespace purertc::sdp {

std::string_view to_string(MediaKind k) { return k == MediaKind::kAudio ? "audio" : "video"; }

namespace {

constexpr std::string_view kRtpProto = "UDP/TLS/RTP/SAVPF";
constexpr std::string_view kSctpProto = "UDP/DTLS/SCTP";
constexpr std::string_view kLegacySctpProto = "DTLS/SCTP";
constexpr std::string_view kDataFormat = "webrtc-datachannel";

// ---------------------------------------------------------------------------------------------------
// Pieces shared by offers and answers.

SessionDescription new_session(const SessionOrigin& origin) {
  SessionDescription sd;
  sd.origin.session_id = origin.session_id;
  sd.origin.session_version = std::to_string(origin.session_version);
  return sd;
}

MediaDescription new_media(std::string_view media, std::string_view proto) {
  MediaDescription m;
  m.media = std::string(media);
  m.port = 9;  // RFC 8840 section 4.1.1: the dummy port until candidates are known
  m.proto = std::string(proto);
  m.connections.push_back(Connection{});
  return m;
}

void add_transport(MediaDescription& m, const TransportDescription& t, SetupRole role) {
  for (const Candidate& c : t.candidates) m.attributes.add(c);
  if (t.end_of_candidates) m.attributes.add_flag("end-of-candidates");
  m.attributes.add(IceUfrag{t.ice_ufrag});
  m.attributes.add(IcePwd{t.ice_pwd});
  if (!t.ice_options.empty()) m.attributes.add(IceOptions{t.ice_options});
  for (const Fingerprint& f : t.fingerprints) m.attributes.add(f);
  m.attributes.add(ConnectionSetup{role});
}

void add_sender(MediaDescription& m, const LocalTransceiver& t) {
  const std::string track = t.track_id.empty() ? std::string("-") : t.track_id;
  if (t.stream_ids.empty()) {
    m.attributes.add(Msid{"-", track});
  } else {
    for (const auto& s : t.stream_ids) m.attributes.add(Msid{s, track});
  }
  if (!t.simulcast.empty()) return;  // RID-based: the rid/simulcast lines describe the streams
  for (const SendStream& s : t.streams) {
    if (s.rtx_ssrc) m.attributes.add(SsrcGroup{"FID", {s.ssrc, *s.rtx_ssrc}});
  }
  if (t.streams.size() > 1) {
    SsrcGroup sim{"SIM", {}};
    for (const SendStream& s : t.streams) sim.ssrcs.push_back(s.ssrc);
    m.attributes.add(sim);
  }
  for (const SendStream& s : t.streams) {
    std::vector<uint32_t> ssrcs{s.ssrc};
    if (s.rtx_ssrc) ssrcs.push_back(*s.rtx_ssrc);
    for (uint32_t ssrc : ssrcs) {
      if (!t.cname.empty()) m.attributes.add(Ssrc{ssrc, "cname", t.cname});
      std::string msid = (t.stream_ids.empty() ? std::string("-") : t.stream_ids[0]) + " " + track;
      m.attributes.add(Ssrc{ssrc, "msid", msid});
    }
  }
}

void add_codec(MediaDescription& m, uint8_t pt, const CodecCapability& c, const std::vector<FmtpParameter>& params,
               const std::vector<RtcpFeedback>& feedback) {
  m.formats.push_back(std::to_string(pt));
  std::optional<uint32_t> channels;
  if (c.channels != 0) channels = c.channels;
  m.attributes.add(Rtpmap{pt, c.name, c.clock_rate, channels});
  for (const RtcpFeedback& fb : feedback) m.attributes.add(RtcpFb{pt, fb.type, fb.parameter});
  if (!params.empty()) {
    Fmtp fmtp;
    fmtp.payload_type = pt;
    fmtp.parameters = params;
    m.attributes.add(fmtp);
  }
}

std::string lowest_free_mid(const std::vector<std::string>& used) {
  for (size_t i = 0;; ++i) {
    std::string candidate = std::to_string(i);
    if (std::find(used.begin(), used.end(), candidate) == used.end()) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------------
// Offer

struct OfferSlot {
  enum class Kind { kTransceiver, kData, kRejected } kind = Kind::kRejected;
  size_t transceiver = 0;
  const MediaDescription* previous = nullptr;
  std::string mid;
};

MediaDescription offer_media(const LocalTransceiver& t, const std::string& mid, const OfferOptions& o) {
  MediaDescription m = new_media(to_string(t.kind), kRtpProto);
  m.attributes.add(Rtcp{9, "IN", "IP4", "0.0.0.0"});
  add_transport(m, o.transport, SetupRole::kActpass);  // RFC 8842 section 5.2: offers say actpass
  m.attributes.add(Mid{mid});
  for (const auto& e : t.header_extensions) {
    Extmap x{e.id, std::nullopt, e.uri, ""};
    if (e.direction != Direction::kSendRecv) x.direction = e.direction;
    m.attributes.add(x);
  }
  m.attributes.add_flag(to_string(t.direction));
  if (sends(t.direction)) add_sender(m, t);
  m.attributes.add_flag("rtcp-mux");
  m.attributes.add_flag("rtcp-rsize");
  for (const CodecCapability& c : t.codecs) add_codec(m, c.payload_type, c, c.parameters, c.feedback);
  if (sends(t.direction) && !t.simulcast.empty()) {
    Simulcast sc;
    for (const SimulcastLayer& l : t.simulcast) {
      m.attributes.add(Rid{l.rid, RidDirection::kSend, {}, {}});
      sc.send.push_back({SimulcastId{l.rid, l.paused}});
    }
    m.attributes.add(sc);
  }
  return m;
}

MediaDescription data_media(const DataChannelSettings& d, const std::string& mid, const TransportDescription& t,
                            SetupRole role, bool legacy) {
  MediaDescription m = new_media("application", legacy ? kLegacySctpProto : kSctpProto);
  m.formats.push_back(legacy ? std::to_string(d.sctp_port) : std::string(kDataFormat));
  add_transport(m, t, role);
  if (!mid.empty()) m.attributes.add(Mid{mid});
  if (legacy) {
    m.attributes.add(Sctpmap{d.sctp_port, std::string(kDataFormat), 1024});
  } else {
    m.attributes.add(SctpPort{d.sctp_port});
    m.attributes.add(MaxMessageSize{d.max_message_size});
  }
  return m;
}

MediaDescription rejected_media(const MediaDescription& like, std::optional<std::string_view> mid) {
  MediaDescription m;
  m.media = like.media;
  m.port = 0;
  m.proto = like.proto;
  m.formats = like.formats;
  m.connections.push_back(Connection{});
  if (mid) m.attributes.add(Mid{std::string(*mid)});
  return m;
}

void add_session_attributes(SessionDescription& sd, const std::vector<std::string>& bundle, bool has_bundle_group,
                            bool extmap_allow_mixed, const std::vector<std::string>& streams) {
  if (has_bundle_group) sd.attributes.add(Group{"BUNDLE", bundle});
  if (extmap_allow_mixed) sd.attributes.add_flag("extmap-allow-mixed");
  sd.attributes.add(MsidSemantic{"WMS", streams});
}

}  // namespace

Result<Offer, SdpError> create_offer(const OfferOptions& o) {
  for (size_t i = 0; i < o.transceivers.size(); ++i) {
    const LocalTransceiver& t = o.transceivers[i];
    if (!t.stopped && t.codecs.empty()) return unexpected(SdpError(SdpErrc::kInvalidValue, "transceiver without codecs"));
    if (t.mid && !text::is_token(*t.mid)) return unexpected(SdpError(SdpErrc::kInvalidValue, "transceiver mid is not a token"));
    for (size_t j = 0; j < i; ++j) {
      if (t.mid && o.transceivers[j].mid == t.mid) return unexpected(SdpError(SdpErrc::kConflict, "two transceivers have the same mid"));
    }
  }
  Offer out;
  out.transceiver_mids.resize(o.transceivers.size());
  std::vector<OfferSlot> slots;
  std::vector<bool> placed(o.transceivers.size(), false);
  bool data_placed = false;
  std::vector<std::string> used_mids;
  auto find_transceiver = [&](std::string_view mid) -> std::optional<size_t> {
    for (size_t i = 0; i < o.transceivers.size(); ++i) {
      if (o.transceivers[i].mid == mid) return i;
    }
    return std::nullopt;
  };
  // Existing m-lines keep their place and mid (RFC 9429 section 5.2.2).
  if (o.current_local != nullptr) {
    for (const MediaDescription& prev : o.current_local->media) {
      OfferSlot slot;
      slot.previous = &prev;
      slot.mid = std::string(prev.mid().value_or(""));
      if (!slot.mid.empty()) used_mids.push_back(slot.mid);
      auto t = slot.mid.empty() ? std::nullopt : find_transceiver(slot.mid);
      if (t && !o.transceivers[*t].stopped) {
        slot.kind = OfferSlot::Kind::kTransceiver;
        slot.transceiver = *t;
        placed[*t] = true;
      } else if (o.data_channel && !slot.mid.empty() && o.data_channel->mid == slot.mid) {
        slot.kind = OfferSlot::Kind::kData;
        data_placed = true;
      } else if (t) {
        placed[*t] = true;  // stopped: offered rejected in its old place
      }
      slots.push_back(std::move(slot));
    }
  }
  for (size_t i = 0; i < o.transceivers.size(); ++i) {
    if (o.transceivers[i].mid) used_mids.push_back(*o.transceivers[i].mid);
  }
  if (o.data_channel && o.data_channel->mid) used_mids.push_back(*o.data_channel->mid);
  for (size_t i = 0; i < o.transceivers.size(); ++i) {
    if (placed[i] || o.transceivers[i].stopped) continue;
    OfferSlot slot;
    slot.kind = OfferSlot::Kind::kTransceiver;
    slot.transceiver = i;
    if (o.transceivers[i].mid) {
      slot.mid = *o.transceivers[i].mid;
    } else {
      slot.mid = lowest_free_mid(used_mids);
      used_mids.push_back(slot.mid);
    }
    slots.push_back(std::move(slot));
  }
  if (o.data_channel && !data_placed) {
    OfferSlot slot;
    slot.kind = OfferSlot::Kind::kData;
    if (o.data_channel->mid) {
      slot.mid = *o.data_channel->mid;
    } else {
      slot.mid = lowest_free_mid(used_mids);
      used_mids.push_back(slot.mid);
    }
    slots.push_back(std::move(slot));
  }

  SessionDescription sd = new_session(o.origin);
  std::vector<std::string> bundle;
  std::vector<std::string> streams;
  for (const OfferSlot& slot : slots) {
    switch (slot.kind) {
      case OfferSlot::Kind::kTransceiver: {
        const LocalTransceiver& t = o.transceivers[slot.transceiver];
        sd.media.push_back(offer_media(t, slot.mid, o));
        out.transceiver_mids[slot.transceiver] = slot.mid;
        if (sends(t.direction)) {
          for (const auto& s : t.stream_ids) {
            if (std::find(streams.begin(), streams.end(), s) == streams.end()) streams.push_back(s);
          }
        }
        bundle.push_back(slot.mid);
        break;
      }
      case OfferSlot::Kind::kData:
        sd.media.push_back(data_media(*o.data_channel, slot.mid, o.transport, SetupRole::kActpass, false));
        out.data_channel_mid = slot.mid;
        bundle.push_back(slot.mid);
        break;
      case OfferSlot::Kind::kRejected:
        sd.media.push_back(rejected_media(*slot.previous, slot.previous->mid()));
        break;
    }
  }
  add_session_attributes(sd, bundle, o.bundle, o.extmap_allow_mixed, streams);
  out.description = std::move(sd);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Answer

namespace {

// An attribute of an m-line, falling back to the session level (RFC 8866 section 5.13: session-level
// attributes are defaults for every m-line).
template <class T>
std::optional<T> media_or_session(const SessionDescription& sd, const MediaDescription& m) {
  if (auto v = m.attributes.first<T>()) return v;
  return sd.attributes.first<T>();
}

bool is_rtp_proto(std::string_view proto) { return proto.find("RTP/SAVP") != std::string_view::npos; }
bool is_sctp_proto(std::string_view proto) {
  return proto == kSctpProto || proto == "TCP/DTLS/SCTP" || proto == kLegacySctpProto;
}

struct OfferedCodec {
  Rtpmap rtpmap;
  std::vector<FmtpParameter> parameters;
  std::vector<RtcpFb> feedback;
};

std::vector<OfferedCodec> offered_codecs(const MediaDescription& m) {
  auto rtpmaps = m.attributes.all<Rtpmap>();
  auto fmtps = m.attributes.all<Fmtp>();
  auto fbs = m.attributes.all<RtcpFb>();
  std::vector<OfferedCodec> out;
  for (const std::string& f : m.formats) {
    auto pt = parse_payload_type(f);
    if (!pt) continue;
    OfferedCodec c;
    bool mapped = false;
    for (const Rtpmap& r : rtpmaps) {
      if (r.payload_type == *pt) {
        c.rtpmap = r;
        mapped = true;
        break;
      }
    }
    // Static payload types without a=rtpmap (RFC 3551): only the two WebRTC ever offers are known.
    if (!mapped) {
      if (*pt == 0) c.rtpmap = Rtpmap{0, "PCMU", 8000, std::nullopt};
      else if (*pt == 8) c.rtpmap = Rtpmap{8, "PCMA", 8000, std::nullopt};
      else continue;
    }
    for (const Fmtp& x : fmtps) {
      if (x.payload_type == *pt) c.parameters = x.parameters;
    }
    for (const RtcpFb& fb : fbs) {
      if (!fb.payload_type || *fb.payload_type == *pt) c.feedback.push_back(fb);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<uint8_t> apt_of(const std::vector<FmtpParameter>& params) {
  for (const auto& p : params) {
    if (text::iequals(p.key, "apt") && p.value) return parse_payload_type(*p.value);
  }
  return std::nullopt;
}

const CodecCapability* find_local(const std::vector<CodecCapability>& local, const OfferedCodec& offered) {
  CodecDescription o{offered.rtpmap.encoding_name, offered.rtpmap.clock_rate, offered.rtpmap.encoding_params.value_or(0),
                     &offered.parameters};
  for (const CodecCapability& c : local) {
    CodecDescription l{c.name, c.clock_rate, c.channels, &c.parameters};
    if (codecs_match(o, l)) return &c;
  }
  return nullptr;
}

struct AnswerContext {
  const AnswerOptions& options;
  SetupRole role = SetupRole::kActive;
  std::vector<std::string> sending_streams;
};

// Fills `m` (an accepted RTP m-line) or returns false when nothing can be accepted.
bool answer_rtp(AnswerContext& ctx, const MediaDescription& offered, const LocalTransceiver* t, MediaKind kind,
                MediaDescription& m) {
  const auto& local_codecs = t != nullptr ? t->codecs : (kind == MediaKind::kAudio ? ctx.options.audio_codecs : ctx.options.video_codecs);
  const auto& local_exts = t != nullptr ? t->header_extensions
                                        : (kind == MediaKind::kAudio ? ctx.options.audio_extensions : ctx.options.video_extensions);
  const Direction local_dir = t != nullptr ? t->direction : Direction::kRecvOnly;
  // RFC 9429 section 5.3.1 with rtcpMuxPolicy "require": an m-line without rtcp-mux cannot be used.
  if (!offered.attributes.has("rtcp-mux")) return false;

  auto codecs = offered_codecs(offered);
  struct Accepted {
    const OfferedCodec* offered;
    const CodecCapability* local;
  };
  std::vector<Accepted> accepted;
  bool has_primary = false;
  // Primary codecs first (in the offerer's order, RFC 3264 section 6.1 lets the answerer keep it).
  for (const OfferedCodec& c : codecs) {
    if (is_rtx(c.rtpmap.encoding_name)) continue;
    const CodecCapability* local = find_local(local_codecs, c);
    if (local == nullptr) continue;
    accepted.push_back({&c, local});
    if (!is_red(c.rtpmap.encoding_name) && !is_fec(c.rtpmap.encoding_name) &&
        !text::iequals(c.rtpmap.encoding_name, "telephone-event") && !text::iequals(c.rtpmap.encoding_name, "CN")) {
      has_primary = true;
    }
  }
  if (!has_primary) return false;
  // RTX only for an accepted primary (RFC 4588 section 8.6: apt names the original payload type).
  for (const OfferedCodec& c : codecs) {
    if (!is_rtx(c.rtpmap.encoding_name)) continue;
    auto apt = apt_of(c.parameters);
    if (!apt) continue;
    bool primary_ok = std::any_of(accepted.begin(), accepted.end(), [&](const Accepted& a) { return a.offered->rtpmap.payload_type == *apt; });
    const CodecCapability* local = find_local(local_codecs, c);
    if (primary_ok && local != nullptr) accepted.push_back({&c, local});
  }
  // Keep the m-line order of the offer's format list.
  std::vector<Accepted> ordered;
  for (const OfferedCodec& c : codecs) {
    for (const Accepted& a : accepted) {
      if (a.offered == &c) ordered.push_back(a);
    }
  }

  const Direction offered_dir = offered.direction();
  const Direction dir = answer_direction(offered_dir, local_dir);
  m.attributes.add(Rtcp{9, "IN", "IP4", "0.0.0.0"});
  add_transport(m, ctx.options.transport, ctx.role);
  if (auto mid = offered.mid()) m.attributes.add(Mid{std::string(*mid)});
  // Header extensions: the offered ones the answerer supports, with the offerer's ids (RFC 8285
  // section 6); a direction is answered with its mirror image limited by the local direction.
  for (const Extmap& e : offered.attributes.all<Extmap>()) {
    auto local = std::find_if(local_exts.begin(), local_exts.end(), [&](const HeaderExtensionCapability& h) { return h.uri == e.uri; });
    if (local == local_exts.end() || e.id > 255) continue;
    Extmap a{e.id, std::nullopt, e.uri, ""};
    if (e.direction) a.direction = answer_direction(*e.direction, local->direction);
    m.attributes.add(a);
  }
  m.attributes.add_flag(to_string(dir));
  if (t != nullptr && sends(dir)) {
    add_sender(m, *t);
    for (const auto& s : t->stream_ids) {
      if (std::find(ctx.sending_streams.begin(), ctx.sending_streams.end(), s) == ctx.sending_streams.end()) ctx.sending_streams.push_back(s);
    }
  }
  m.attributes.add_flag("rtcp-mux");
  if (offered.attributes.has("rtcp-rsize")) m.attributes.add_flag("rtcp-rsize");
  for (const Accepted& a : ordered) {
    const OfferedCodec& c = *a.offered;
    CodecCapability answer_codec = *a.local;
    answer_codec.name = c.rtpmap.encoding_name;
    answer_codec.clock_rate = c.rtpmap.clock_rate;
    answer_codec.channels = c.rtpmap.encoding_params.value_or(0);
    // RTCP feedback: what both sides listed for this codec (RFC 4585 section 4.2).
    std::vector<RtcpFeedback> feedback;
    for (const RtcpFb& fb : c.feedback) {
      bool local_has = std::any_of(a.local->feedback.begin(), a.local->feedback.end(),
                                   [&](const RtcpFeedback& l) { return l.type == fb.type && l.parameter == fb.parameter; });
      bool dup = std::any_of(feedback.begin(), feedback.end(), [&](const RtcpFeedback& l) { return l.type == fb.type && l.parameter == fb.parameter; });
      if (local_has && !dup) feedback.push_back({fb.type, fb.parameter});
    }
    add_codec(m, c.rtpmap.payload_type, answer_codec, answer_parameters(c.rtpmap.encoding_name, c.parameters, a.local->parameters), feedback);
  }
  // RID simulcast the offerer sends (RFC 8853 section 5.3.2): receive the first alternative of every
  // offered stream that uses an accepted payload type (create_answer validated the lines already).
  if (auto layers = sent_simulcast_layers(offered); layers && !layers->empty() && receives(dir)) {
    std::vector<uint8_t> accepted_pts;
    for (const Accepted& a : ordered) accepted_pts.push_back(a.offered->rtpmap.payload_type);
    Simulcast recv;
    for (const SentSimulcastLayer& l : *layers) {
      auto rid = answer_rid(l.rid, accepted_pts);
      if (!rid) continue;
      m.attributes.add(*rid);
      recv.recv.push_back({SimulcastId{rid->id, l.paused}});
    }
    if (!recv.recv.empty()) m.attributes.add(recv);
  }
  return true;
}

}  // namespace

Result<Answer, SdpError> create_answer(const SessionDescription& offer, const AnswerOptions& o) {
  if (auto e = validate_bundle(offer)) return unexpected(*e);
  if (auto e = validate_simulcast(offer)) return unexpected(*e);
  Answer out;
  out.transceiver_mids.resize(o.transceivers.size());
  AnswerContext ctx{o, o.transport.answer_role, {}};
  SessionDescription sd = new_session(o.origin);
  std::vector<bool> used(o.transceivers.size(), false);
  std::vector<std::string> accepted_mids;

  for (const MediaDescription& offered : offer.media) {
    MediaDescription m = new_media(offered.media, offered.proto);
    bool accepted = false;
    if (!offered.is_rejected()) {
      // Transport checks apply to every m-line the answer would accept.
      auto ufrag = media_or_session<IceUfrag>(offer, offered);
      auto pwd = media_or_session<IcePwd>(offer, offered);
      if (!ufrag || !pwd) return unexpected(SdpError(SdpErrc::kMissing, "offered m= section has no a=ice-ufrag/a=ice-pwd (RFC 8839 section 5.4)", offered.line));
      if (!media_or_session<Fingerprint>(offer, offered)) return unexpected(SdpError(SdpErrc::kMissing, "offered m= section has no a=fingerprint (RFC 8842 section 5)", offered.line));
      auto setup = media_or_session<ConnectionSetup>(offer, offered);
      // RFC 4145 section 4: no a=setup means the offerer is active.
      SetupRole offered_role = setup ? setup->role : SetupRole::kActive;
      if (offered_role == SetupRole::kHoldconn) return unexpected(SdpError(SdpErrc::kNegotiation, "a=setup:holdconn cannot be answered (RFC 8842 section 5.3)", offered.line));
      ctx.role = offered_role == SetupRole::kActpass ? o.transport.answer_role
                 : offered_role == SetupRole::kActive ? SetupRole::kPassive
                                                      : SetupRole::kActive;

      if (offered.media == "application" && is_sctp_proto(offered.proto) && o.data_channel) {
        const bool legacy = offered.proto == kLegacySctpProto;
        m = data_media(*o.data_channel, std::string(offered.mid().value_or("")), o.transport, ctx.role, legacy);
        accepted = true;
      } else if ((offered.media == "audio" || offered.media == "video") && is_rtp_proto(offered.proto)) {
        const MediaKind kind = offered.media == "audio" ? MediaKind::kAudio : MediaKind::kVideo;
        // RFC 9429 section 5.10: a transceiver with this mid, else a free one of this kind.
        std::optional<size_t> pick;
        auto mid = offered.mid();
        for (size_t i = 0; i < o.transceivers.size() && !pick; ++i) {
          if (mid && o.transceivers[i].mid == *mid) pick = i;
        }
        for (size_t i = 0; i < o.transceivers.size() && !pick; ++i) {
          const LocalTransceiver& t = o.transceivers[i];
          if (!used[i] && !t.mid && !t.stopped && t.kind == kind) pick = i;
        }
        const LocalTransceiver* t = nullptr;
        if (pick) {
          used[*pick] = true;
          if (mid) out.transceiver_mids[*pick] = std::string(*mid);
          t = &o.transceivers[*pick];
          if (t->kind != kind) return unexpected(SdpError(SdpErrc::kNegotiation, "offered m= section's media differs from its transceiver's kind", offered.line));
        }
        if (t == nullptr || !t->stopped) {
          accepted = answer_rtp(ctx, offered, t, kind, m);
        }
      }
    }
    if (!accepted) {
      // RFC 3264 section 6 / RFC 9429 section 5.3.1: a rejected m-line keeps media, proto and formats
      // with port 0.
      sd.media.push_back(rejected_media(offered, offered.mid()));
      continue;
    }
    if (auto mid = offered.mid()) accepted_mids.emplace_back(*mid);
    sd.media.push_back(std::move(m));
  }

  // BUNDLE (RFC 8843 section 7.3): the offered group minus what the answer rejected, in the offer's
  // order; the answerer-tagged m-line is the first accepted one.
  if (auto group = offer.attributes.first<Group>(); group && group->semantics == "BUNDLE") {
    Group answer_group{"BUNDLE", {}};
    for (const std::string& mid : group->mids) {
      if (std::find(accepted_mids.begin(), accepted_mids.end(), mid) != accepted_mids.end()) answer_group.mids.push_back(mid);
    }
    sd.attributes.add(answer_group);
  }
  const bool allow_mixed = offer.attributes.has("extmap-allow-mixed");
  if (allow_mixed) sd.attributes.add_flag("extmap-allow-mixed");
  sd.attributes.add(MsidSemantic{"WMS", ctx.sending_streams});
  out.description = std::move(sd);
  return out;
}

std::optional<SdpError> validate_bundle(const SessionDescription& sd) {
  std::vector<std::string> seen;
  for (const Attribute& a : sd.attributes) {
    if (a.name != Group::kName || !a.value) continue;
    auto group = Group::parse(*a.value);
    if (!group || group->semantics != "BUNDLE") continue;
    std::vector<Extmap> ids;
    for (const std::string& mid : group->mids) {
      const MediaDescription* m = sd.find_media(mid);
      if (m == nullptr) return SdpError(SdpErrc::kMissing, "a=group:BUNDLE names a mid that no m= section carries (RFC 5888 section 5)", a.line);
      if (std::find(seen.begin(), seen.end(), mid) != seen.end()) return SdpError(SdpErrc::kConflict, "an m= section is in two BUNDLE groups (RFC 8843 section 5)", a.line);
      seen.push_back(mid);
      for (const Attribute& x : m->attributes) {
        if (x.name != Extmap::kName || !x.value) continue;
        auto e = Extmap::parse(*x.value);
        if (!e) continue;
        for (const Extmap& prev : ids) {
          if (prev.id == e->id && prev.uri != e->uri) {
            return SdpError(SdpErrc::kConflict, "a=extmap id already names a different URI in another m= section of the same BUNDLE group; bundled m= sections share one RTP session, so an id must mean one extension (RFC 8843 section 9.1, RFC 8285 section 6)", x.line);
          }
        }
        ids.push_back(std::move(*e));
      }
    }
  }
  return std::nullopt;
}

}  // namespace purertc::sdp
