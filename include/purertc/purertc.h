// The one header an application includes.
#pragma once

#include "purertc/logging.h"
#include "purertc/version.h"
