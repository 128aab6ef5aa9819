/* mikro-version-macros.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <glib.h>

#include "mikro-version.h"

#ifndef _MIKRO_EXTERN
# define _MIKRO_EXTERN extern
#endif

#ifdef MIKRO_DISABLE_DEPRECATION_WARNINGS
# define MIKRO_DEPRECATED _MIKRO_EXTERN
# define MIKRO_DEPRECATED_FOR(f) _MIKRO_EXTERN
# define MIKRO_UNAVAILABLE(maj,min) _MIKRO_EXTERN
#else
# define MIKRO_DEPRECATED G_DEPRECATED _MIKRO_EXTERN
# define MIKRO_DEPRECATED_FOR(f) G_DEPRECATED_FOR(f) _MIKRO_EXTERN
# define MIKRO_UNAVAILABLE(maj,min) G_UNAVAILABLE(maj,min) _MIKRO_EXTERN
#endif

/* The 1.0 API is the first one; availability macros for later versions are
 * added here, each guarded by MIKRO_VERSION_MAX_ALLOWED, when they exist. */
#define MIKRO_VERSION_1_0 (G_ENCODE_VERSION (1, 0))

#define MIKRO_AVAILABLE_IN_ALL _MIKRO_EXTERN
#define MIKRO_AVAILABLE_IN_1_0 _MIKRO_EXTERN
