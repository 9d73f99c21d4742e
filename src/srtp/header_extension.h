// Protection of RTP header extensions beyond RFC 3711, both negotiated by SDP:
//
// RFC 6904 (encryption of selected header extension elements): the value of each element whose ID was
// negotiated with a=extmap:N urn:ietf:params:rtp-hdrext:encrypt is XORed with an AES-CM keystream
// derived with labels 6 and 7. The keystream advances over every element (header and value octets)
// and skips padding, as libsrtp does, so that the mask lines up with the one Chrome and libsrtp apply.
//
// RFC 9335 (cryptex): the CSRC list and the whole extension block are encrypted together with the
// payload. The extension's "defined by profile" becomes 0xC0DE (one-byte form, RFC 8285 4.2) or 0xC2DE
// (two-byte form, 4.3), and a packet with CSRCs but no extension gets an empty one so the receiver
// knows. The receiver restores 0xBEDE / 0x1000 for the RTP layer (the two-byte form's 4 "appbits" are
// not carried by 0xC2DE and come back as zero). For the cipher the packet is viewed with the 4-byte extension header moved in front of the
// CSRC list, making fixed header || extension header the authenticated-only part:
//
//   wire:    | fixed 12 | CSRCs | ext hdr 4 | ext data | payload |
//   cipher:  | fixed 12 | ext hdr 4 | CSRCs | ext data | payload |
//            '-- AAD / clear --------'------- encrypted ---------'
#pragma once

#include <bitset>
#include <cstdint>
#include <span>

#include "common/result.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::srtp {

// RFC 8285's profiles as src/rtp names them; cryptex's are RFC 9335 3.
constexpr uint16_t kOneByteExtensionProfile = rtp::kOneByteProfile;
constexpr uint16_t kTwoByteExtensionProfile = rtp::kTwoByteProfile;
constexpr uint16_t kCryptexOneByteProfile = 0xC0DE;
constexpr uint16_t kCryptexTwoByteProfile = 0xC2DE;

using ExtensionIdSet = std::bitset<256>;

// One element of an RFC 8285 extension block whose value RFC 6904 encrypts: `value_offset` into the
// extension data, `value_size` bytes, and the keystream offset of those bytes.
struct EncryptedElement {
  size_t value_offset;
  size_t value_size;
  size_t keystream_offset;
};

// Walks the RFC 8285 elements of an extension block (src/rtp's walker) and calls `fn(EncryptedElement)`
// for each non-empty element whose ID is in `ids`. Errc::kMalformed if an element runs past the block;
// blocks with another "defined by profile" are left alone (RFC 6904 applies to RFC 8285 extensions only).
template <class Fn>
Status for_each_encrypted_element(uint16_t profile, std::span<const uint8_t> data, const ExtensionIdSet& ids,
                                  Fn&& fn) {
  const rtp::ExtensionForm form = rtp::extension_form_of(profile);
  if (form == rtp::ExtensionForm::kOther) return {};
  const size_t element_header = form == rtp::ExtensionForm::kOneByte ? 1 : 2;
  size_t keystream = 0;
  const bool well_formed =
      rtp::walk_extension_block(form, data, [&](const rtp::ExtensionElement& e, size_t value_offset) {
        if (!e.value.empty() && ids.test(e.id)) {
          fn(EncryptedElement{value_offset, e.value.size(), keystream + element_header});
        }
        keystream += element_header + e.value.size();
      });
  if (!well_formed) return unexpected(Error{Errc::kMalformed, "extension element longer than the block"});
  return {};
}

// Cryptex view change: swaps the CSRC list (csrc_size bytes at offset 12) with the 4-byte extension
// header that follows it, in either direction.
void cryptex_move_extension_header_first(uint8_t* packet, size_t csrc_size);
void cryptex_move_extension_header_back(uint8_t* packet, size_t csrc_size);

}  // namespace purertc::srtp
