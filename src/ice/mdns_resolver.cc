#include "ice/mdns_resolver.h"

#include <algorithm>

namespace purertc::ice {

namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string generate_mdns_name(Random& random) {
  uint8_t b[16];
  random.fill(b);
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36 + 6);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0f]);
  }
  out += ".local";
  return out;
}

MdnsResolver::MdnsResolver(MdnsSettings settings, Random& random) : settings_(settings), random_(random) {}

std::string MdnsResolver::add_local_name(const IpAddress& address) {
  for (const auto& l : local_) {
    if (l.address == address) return l.name;
  }
  if (local_.size() >= settings_.max_local_names) return std::string();
  local_.push_back(Local{generate_mdns_name(random_), address});
  return local_.back().name;
}

std::map<std::string, MdnsResolver::Cached>::iterator MdnsResolver::find_cached(const std::string& name,
                                                                                Timestamp now) {
  auto it = cache_.find(lowered(name));
  if (it != cache_.end() && now >= it->second.expires) {
    cache_.erase(it);
    return cache_.end();
  }
  return it;
}

void MdnsResolver::query(const std::string& name, Timestamp now) {
  // Our own names resolve locally (two agents of one process, or a loop through the signaling).
  for (const auto& l : local_) {
    if (dns_names_equal(l.name, name)) {
      outputs_.push_back(MdnsResolved{name, l.address});
      return;
    }
  }
  if (auto it = find_cached(name, now); it != cache_.end()) {
    outputs_.push_back(MdnsResolved{name, it->second.address});
    return;
  }
  for (const auto& p : pending_) {
    if (dns_names_equal(p.name, name)) return;  // one exchange, one result for all who asked
  }
  if (pending_.size() >= settings_.max_pending_queries) {
    outputs_.push_back(MdnsResolved{name, std::nullopt});
    return;
  }
  pending_.push_back(Pending{name, now, settings_.first_retransmit, now + settings_.timeout});
  send_query(pending_.back(), now);
}

void MdnsResolver::send_query(Pending& p, Timestamp now) {
  auto bytes = make_mdns_query(p.name).serialize();
  p.next_send = now + p.interval;
  p.interval = p.interval + p.interval;
  if (!bytes) return;  // a name that cannot be written never resolves; the deadline reports it
  ++stats_.queries_sent;
  outputs_.push_back(MdnsTransmit{std::move(*bytes)});
}

void MdnsResolver::handle_input(std::span<const uint8_t> data, Timestamp now) {
  auto msg = MdnsMessage::parse(data);
  if (!msg) {
    ++stats_.dropped_malformed;
    return;
  }
  if (msg->response) {
    learn(*msg, now);
  } else {
    answer(*msg);
  }
}

void MdnsResolver::answer(const MdnsMessage& query) {
  for (const auto& q : query.questions) {
    for (const auto& l : local_) {
      if (!dns_names_equal(q.name, l.name)) continue;
      const uint16_t type = l.address.is_v4() ? kDnsTypeA : kDnsTypeAaaa;
      if (q.type != type && q.type != kDnsTypeAny) continue;
      auto bytes = make_mdns_answer(l.name, l.address, settings_.answer_ttl).serialize();
      if (!bytes) continue;
      ++stats_.answers_sent;
      outputs_.push_back(MdnsTransmit{std::move(*bytes)});
    }
  }
}

void MdnsResolver::learn(const MdnsMessage& response, Timestamp now) {
  for (const auto& rec : response.answers) {
    if (!rec.address) continue;
    ++stats_.answers_received;
    const std::string key = lowered(rec.name);
    if (rec.ttl == 0) {
      cache_.erase(key);
      continue;
    }
    auto pending = std::find_if(pending_.begin(), pending_.end(),
                                [&](const Pending& p) { return dns_names_equal(p.name, rec.name); });
    // Cache only what we asked for, or refresh what we already know: unsolicited answers for other
    // names (every responder on the link announces its own) must not fill the cache.
    if (pending != pending_.end() || cache_.count(key) != 0) {
      if (cache_.size() < settings_.max_cache_entries || cache_.count(key) != 0) {
        cache_[key] = Cached{*rec.address, now + Duration::seconds(rec.ttl)};
      }
    }
    if (pending != pending_.end()) {
      outputs_.push_back(MdnsResolved{pending->name, *rec.address});
      pending_.erase(pending);
    }
  }
}

void MdnsResolver::handle_timeout(Timestamp now) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now >= it->deadline) {
      ++stats_.timeouts;
      outputs_.push_back(MdnsResolved{it->name, std::nullopt});
      it = pending_.erase(it);
      continue;
    }
    if (now >= it->next_send) send_query(*it, now);
    ++it;
  }
}

Timestamp MdnsResolver::next_timeout() const {
  Timestamp t = Timestamp::infinite();
  for (const auto& p : pending_) t = std::min({t, p.next_send, p.deadline});
  return t;
}

std::optional<MdnsOutput> MdnsResolver::poll_output() {
  if (outputs_.empty()) return std::nullopt;
  MdnsOutput o = std::move(outputs_.front());
  outputs_.pop_front();
  return o;
}

}  // namespace purertc::ice
