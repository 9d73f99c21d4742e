// PURERTC_EXPORT marks the public API; everything else in libpurertc is hidden.
#pragma once

#if defined(PURERTC_BUILDING_LIBRARY) || defined(PURERTC_STATIC)
#define PURERTC_EXPORT __attribute__((visibility("default")))
#else
#define PURERTC_EXPORT
#endif
