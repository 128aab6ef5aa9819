/* mikro-gda-driver-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libgda/libgda.h>

#include "mikro-gda-driver.h"
#include "mikro-sql-dialect.h"

G_BEGIN_DECLS

const MikroSqlDialect *_mikro_gda_driver_get_dialect (MikroGdaDriver       *self);

/* Runs a SELECT whose parameters are all strings, written as
 * ##p0::string, ##p1::string, … in @sql; @col_types as for
 * gda_connection_statement_execute_select_full() (G_TYPE_NONE-terminated),
 * or NULL. The statement is cached per connection like every other. */
GdaDataModel          *_mikro_gda_driver_select      (MikroGdaDriver       *self,
                                                      const char           *sql,
                                                      const char * const   *string_params,
                                                      GType                *col_types,
                                                      GError              **error);

/* The schema model of the tables named in @tables as the database's
 * catalogue describes them, in the format of docs/schema-model.md. Tables
 * that do not exist are left out. Implemented per dialect in
 * mikro-sql-introspect.c. */
JsonNode              *_mikro_gda_driver_introspect  (MikroGdaDriver       *self,
                                                      const char * const   *tables,
                                                      GError              **error);

G_END_DECLS
