// The one header an application includes.
#pragma once

#include "purertc/api.h"
#include "purertc/configuration.h"
#include "purertc/data_channel.h"
#include "purertc/interceptor.h"
#include "purertc/logging.h"
#include "purertc/media_engine.h"
#include "purertc/peer_connection.h"
#include "purertc/rtc_error.h"
#include "purertc/rtp_transceiver.h"
#include "purertc/session_description.h"
#include "purertc/setting_engine.h"
#include "purertc/stats.h"
#include "purertc/version.h"
