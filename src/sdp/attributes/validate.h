// Checks one a= line against the grammar of its attribute when purertc knows that attribute (every
// attribute in this folder, plus the value-less property attributes). Unknown attributes are accepted
// as they are: RFC 8866 section 5.13 says a receiver MUST ignore attributes it does not understand.
#pragma once

#include <optional>

#include "sdp/attribute.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

// The error (line number not set) if the attribute is a known one and malformed.
std::optional<SdpError> validate_attribute(const Attribute& attribute);

}  // namespace purertc::sdp
