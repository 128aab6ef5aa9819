/* mikro-sql-schema.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mikro-sql-dialect.h"

G_BEGIN_DECLS

/* The schema model (docs/schema-model.md) the entity metadata asks for.
 * A table in @default_schema, the connection's (or NULL if unknown), is
 * named without its schema. */
JsonNode  *mikro_sql_schema_from_metadata    (const MikroSqlDialect  *dialect,
                                              GPtrArray              *entities,
                                              const char             *default_schema,
                                              GError                **error);

/* The statements that create the enumeration types, tables, indexes and
 * constraints of a model, types and tables that exist being left alone.
 * @existing is the model the database has (or NULL): foreign keys added
 * to existing tables are not added again. */
GPtrArray *mikro_sql_schema_create_statements (const MikroSqlDialect *dialect,
                                               JsonNode              *model,
                                               JsonNode              *existing,
                                               const char            *default_schema);

/* The statements that drop the tables of a model, in reverse order, and
 * then its enumeration types. */
GPtrArray *mikro_sql_schema_drop_statements   (const MikroSqlDialect *dialect,
                                               JsonNode              *model);

G_END_DECLS
