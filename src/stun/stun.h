// The STUN/TURN module (RFC 8489, RFC 5389, RFC 8656): the one header other modules include.
//
//   packet/      the wire format: MessageView (zero-copy parse, in-place MESSAGE-INTEGRITY(-SHA256) and
//                FINGERPRINT verification), MessageBuilder (writes into a caller buffer), one file per
//                attribute family
//   credentials  short-term and long-term keys, USERHASH, the RFC 8489 nonce cookie
//   client_transactions  RFC 8489 retransmission and matching, sans-IO
//   turn/        ChannelData framing and the sans-IO TurnClient
#pragma once

#include "stun/client_transactions.h"
#include "stun/credentials.h"
#include "stun/packet/address_attribute.h"
#include "stun/packet/attribute_type.h"
#include "stun/packet/error_code_attribute.h"
#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"
#include "stun/packet/message_type.h"
#include "stun/packet/password_algorithms.h"
#include "stun/packet/unknown_attributes.h"
#include "stun/turn/channel_data.h"
#include "stun/turn/turn_client.h"
