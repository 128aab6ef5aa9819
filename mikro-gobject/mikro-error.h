/* mikro-error.h
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

#include "mikro-version-macros.h"

G_BEGIN_DECLS

/**
 * MIKRO_ERROR:
 *
 * The error domain of every error mikro-gobject reports.
 */
#define MIKRO_ERROR (mikro_error_quark ())

/**
 * MikroError:
 * @MIKRO_ERROR_FAILED: an error with no more specific code
 * @MIKRO_ERROR_INVALID_URI: a connection URI could not be parsed
 * @MIKRO_ERROR_UNKNOWN_SCHEME: no driver handles the URI's scheme
 * @MIKRO_ERROR_CONNECTION: the database server could not be reached or refused the login
 * @MIKRO_ERROR_DRIVER: the database reported an error executing a statement
 * @MIKRO_ERROR_METADATA: an entity's metadata is wrong or incomplete
 * @MIKRO_ERROR_VALIDATION: a value or an argument is not valid
 * @MIKRO_ERROR_NOT_FOUND: an entity that was required does not exist
 * @MIKRO_ERROR_QUERY: a filter query is malformed or names an unknown property
 * @MIKRO_ERROR_OPTIMISTIC_LOCK: a versioned entity was changed concurrently
 * @MIKRO_ERROR_UNIQUE_VIOLATION: a unique constraint was violated
 * @MIKRO_ERROR_FK_VIOLATION: a foreign key constraint was violated
 * @MIKRO_ERROR_NOT_NULL_VIOLATION: a not-null constraint was violated
 * @MIKRO_ERROR_TRANSACTION: a transaction was used in the wrong state
 *
 * Error codes of the %MIKRO_ERROR domain.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_ERROR_FAILED,
  MIKRO_ERROR_INVALID_URI,
  MIKRO_ERROR_UNKNOWN_SCHEME,
  MIKRO_ERROR_CONNECTION,
  MIKRO_ERROR_DRIVER,
  MIKRO_ERROR_METADATA,
  MIKRO_ERROR_VALIDATION,
  MIKRO_ERROR_NOT_FOUND,
  MIKRO_ERROR_QUERY,
  MIKRO_ERROR_OPTIMISTIC_LOCK,
  MIKRO_ERROR_UNIQUE_VIOLATION,
  MIKRO_ERROR_FK_VIOLATION,
  MIKRO_ERROR_NOT_NULL_VIOLATION,
  MIKRO_ERROR_TRANSACTION,
} MikroError;

MIKRO_AVAILABLE_IN_1_0
GQuark mikro_error_quark (void);

G_END_DECLS
