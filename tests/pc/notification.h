// Tests use the same one-shot signal as the library's blocking API calls.
#pragma once

#include "pc/notification.h"  // IWYU pragma: export
