#include "stun/packet/message_type.h"

namespace purertc::stun {

std::string_view to_string(Method method) {
  switch (method) {
    case Method::kBinding: return "Binding";
    case Method::kAllocate: return "Allocate";
    case Method::kRefresh: return "Refresh";
    case Method::kSend: return "Send";
    case Method::kData: return "Data";
    case Method::kCreatePermission: return "CreatePermission";
    case Method::kChannelBind: return "ChannelBind";
  }
  return "unknown method";
}

std::string_view to_string(MessageClass cls) {
  switch (cls) {
    case MessageClass::kRequest: return "request";
    case MessageClass::kIndication: return "indication";
    case MessageClass::kSuccessResponse: return "success response";
    case MessageClass::kErrorResponse: return "error response";
  }
  return "unknown class";
}

}  // namespace purertc::stun
