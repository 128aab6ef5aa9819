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

/* The library is built with hidden symbols; the few private entry points
 * that tests/test-introspect.c links against directly are exported. */
#define _MIKRO_GDA_TEST_EXPORT __attribute__((visibility ("default")))

const MikroSqlDialect *_mikro_gda_driver_get_dialect (MikroGdaDriver       *self);

/* The driver's own connection, or NULL when closed. For tests that need
 * statements the driver has no entry point for (DDL). */
_MIKRO_GDA_TEST_EXPORT
GdaConnection         *_mikro_gda_driver_get_connection (MikroGdaDriver    *self);

/* Runs a SELECT whose parameters are all strings, written as
 * ##p0::string, ##p1::string, … in @sql; @col_types as for
 * gda_connection_statement_execute_select_full() (G_TYPE_NONE-terminated),
 * or NULL. The statement is cached per connection like every other. */
GdaDataModel          *_mikro_gda_driver_select      (MikroGdaDriver       *self,
                                                      const char           *sql,
                                                      const char * const   *string_params,
                                                      GType                *col_types,
                                                      GError              **error);

/* The schema the connection works in (PostgreSQL's current schema,
 * MariaDB's database; NULL on SQLite, which has none), read once per
 * connection; the peek variant returns what was read, or NULL. */
gboolean               _mikro_gda_driver_get_default_schema  (MikroGdaDriver  *self,
                                                              const char     **schema,
                                                              GError         **error);
const char            *_mikro_gda_driver_peek_default_schema (MikroGdaDriver  *self);

/* The schema model of the tables named in @tables (all of the
 * connection's schema if NULL) as the database's catalogue describes
 * them, in the format of docs/schema-model.md. @db_schemas is NULL or
 * holds the database schema of each table, "" for the connection's.
 * Tables that do not exist are left out. Implemented per dialect in
 * mikro-sql-introspect.c. */
_MIKRO_GDA_TEST_EXPORT
JsonNode              *_mikro_gda_driver_introspect  (MikroGdaDriver       *self,
                                                      const char * const   *tables,
                                                      const char * const   *db_schemas,
                                                      GError              **error);

G_END_DECLS
