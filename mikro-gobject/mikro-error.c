/* mikro-error.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-error.h"

/**
 * mikro_error_quark:
 *
 * The quark of the %MIKRO_ERROR domain.
 *
 * Returns: the error domain quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (mikro-error-quark, mikro_error)
