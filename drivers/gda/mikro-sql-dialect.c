/* mikro-sql-dialect.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "mikro-sql-dialect.h"

static const char *
sqlite_column_type (const MikroPropertyMeta *prop)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return "boolean";
    case MIKRO_VALUE_INT: return "integer";
    case MIKRO_VALUE_INT64: return "bigint";
    case MIKRO_VALUE_DOUBLE: return "real";
    case MIKRO_VALUE_STRING: return "varchar(255)";
    /* "timestamp", not "datetime": the provider maps the declared type
     * name, and only "timestamp" comes back as a GdaTimestamp. */
    case MIKRO_VALUE_DATETIME: return "timestamp";
    default: g_assert_not_reached ();
    }
}

static const char *
sqlite_generated_pk_column (const MikroPropertyMeta *prop)
{
  /* Exactly this spelling makes the column an alias of the rowid. */
  return "integer PRIMARY KEY AUTOINCREMENT";
}

static const char *
postgresql_column_type (const MikroPropertyMeta *prop)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return "boolean";
    case MIKRO_VALUE_INT: return "integer";
    case MIKRO_VALUE_INT64: return "bigint";
    case MIKRO_VALUE_DOUBLE: return "double precision";
    case MIKRO_VALUE_STRING: return "varchar(255)";
    case MIKRO_VALUE_DATETIME: return "timestamptz";
    default: g_assert_not_reached ();
    }
}

static const char *
postgresql_generated_pk_column (const MikroPropertyMeta *prop)
{
  return prop->kind == MIKRO_VALUE_INT64 ? "bigserial PRIMARY KEY" : "serial PRIMARY KEY";
}

static const char *
mysql_column_type (const MikroPropertyMeta *prop)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return "tinyint(1)";
    case MIKRO_VALUE_INT: return "int";
    case MIKRO_VALUE_INT64: return "bigint";
    case MIKRO_VALUE_DOUBLE: return "double";
    case MIKRO_VALUE_STRING: return "varchar(255)";
    /* MariaDB has no zoned timestamp; values are stored in UTC. */
    case MIKRO_VALUE_DATETIME: return "datetime(6)";
    default: g_assert_not_reached ();
    }
}

static const char *
mysql_generated_pk_column (const MikroPropertyMeta *prop)
{
  return prop->kind == MIKRO_VALUE_INT64
    ? "bigint NOT NULL AUTO_INCREMENT PRIMARY KEY"
    : "int NOT NULL AUTO_INCREMENT PRIMARY KEY";
}

static const MikroSqlDialect sqlite_dialect = {
  .name = "sqlite",
  .provider = "SQLite",
  .quote = '"',
  .insert_returning = FALSE,
  .last_insert_id_sql = "SELECT last_insert_rowid()",
  .int64_gtype = G_TYPE_INT64,
  .boolean_gtype = G_TYPE_BOOLEAN,
  /* A top-level SAVEPOINT opens a real transaction libgda does not see. */
  .begin_sql = { "SAVEPOINT mikro_flush", NULL },
  .commit_sql = { "RELEASE mikro_flush", NULL },
  .rollback_sql = { "ROLLBACK TO mikro_flush", "RELEASE mikro_flush" },
  .session_setup_sql = { "PRAGMA foreign_keys = ON", NULL, NULL },
  .column_type = sqlite_column_type,
  .generated_pk_column = sqlite_generated_pk_column,
};

static const MikroSqlDialect postgresql_dialect = {
  .name = "postgresql",
  .provider = "PostgreSQL",
  .quote = '"',
  .insert_returning = TRUE,
  .int64_gtype = G_TYPE_INT64,
  .boolean_gtype = G_TYPE_BOOLEAN,
  .begin_sql = { "BEGIN", NULL },
  .commit_sql = { "COMMIT", NULL },
  .rollback_sql = { "ROLLBACK", NULL },
  .session_setup_sql = { "SET client_min_messages TO WARNING", "SET TIME ZONE 'UTC'", NULL },
  .column_type = postgresql_column_type,
  .generated_pk_column = postgresql_generated_pk_column,
};

static const MikroSqlDialect mysql_dialect = {
  .name = "mysql",
  .provider = "MySQL",
  .quote = '`',
  /* MariaDB >= 10.5 */
  .insert_returning = TRUE,
  .int64_gtype = G_TYPE_LONG,
  .boolean_gtype = G_TYPE_INT,
  .begin_sql = { "SET autocommit = 0", NULL },
  .commit_sql = { "COMMIT", "SET autocommit = 1" },
  .rollback_sql = { "ROLLBACK", "SET autocommit = 1" },
  .session_setup_sql = { "SET time_zone = '+00:00'", NULL, NULL },
  .column_type = mysql_column_type,
  .generated_pk_column = mysql_generated_pk_column,
};

const MikroSqlDialect *
mikro_sql_dialect_for_scheme (const char *scheme)
{
  if (g_ascii_strcasecmp (scheme, "sqlite") == 0)
    return &sqlite_dialect;
  if (g_ascii_strcasecmp (scheme, "postgresql") == 0 || g_ascii_strcasecmp (scheme, "postgres") == 0)
    return &postgresql_dialect;
  if (g_ascii_strcasecmp (scheme, "mysql") == 0 || g_ascii_strcasecmp (scheme, "mariadb") == 0)
    return &mysql_dialect;
  return NULL;
}

void
mikro_sql_dialect_quote (const MikroSqlDialect *dialect,
                         GString               *sql,
                         const char            *identifier)
{
  g_string_append_c (sql, dialect->quote);
  for (const char *p = identifier; *p != '\0'; p++)
    {
      if (*p == dialect->quote)
        g_string_append_c (sql, dialect->quote);
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, dialect->quote);
}
