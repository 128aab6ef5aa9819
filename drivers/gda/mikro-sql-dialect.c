/* mikro-sql-dialect.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "mikro-sql-dialect.h"

/* Column types are written in each database's canonical spelling, the one
 * its catalogue reports back (docs/schema-model.md), so that a schema made
 * from metadata and one read from the database compare equal. */

static guint
string_length (const MikroPropertyMeta *prop)
{
  guint length = mikro_property_get_length (prop->property);

  return length > 0 ? length : 255;
}

static char *
explicit_type (const MikroPropertyMeta *prop,
               const char              *dialect)
{
  const char *type = mikro_property_get_column_type (prop->property);

  if (type == NULL && prop->custom_type != NULL)
    {
      g_autofree char *custom = mikro_type_get_column_type (prop->custom_type, dialect);

      return custom != NULL ? g_ascii_strdown (custom, -1) : NULL;
    }

  return type != NULL ? g_ascii_strdown (type, -1) : NULL;
}

static gboolean
is_decimal (const MikroPropertyMeta *prop)
{
  return prop->kind == MIKRO_VALUE_DOUBLE && mikro_property_get_precision (prop->property) > 0;
}

static char *
decimal (const char              *name,
         const MikroPropertyMeta *prop)
{
  return g_strdup_printf ("%s(%u,%u)", name,
                          mikro_property_get_precision (prop->property),
                          mikro_property_get_scale (prop->property));
}

/* An enumeration in native mode whose column type is not given: kept in
 * the database's own enumeration type where the dialect has one. GFlags
 * never are: PostgreSQL has no set type, and MariaDB's SET reads and
 * writes "a,b" in its own order where the text form is "a|b" (and has
 * no place for bits without a nick), so flags keep their text form. */
static gboolean
is_native_enum (const MikroPropertyMeta *prop,
                const char              *dialect)
{
  g_autofree char *type = NULL;

  if (prop->kind != MIKRO_VALUE_ENUM ||
      mikro_property_get_enum_mode (prop->property) != MIKRO_ENUM_MODE_NATIVE)
    return FALSE;

  type = explicit_type (prop, dialect);
  return type == NULL;
}

GStrv
mikro_sql_dialect_enum_values (const MikroPropertyMeta *prop)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (prop->value_type);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

  g_assert (prop->kind == MIKRO_VALUE_ENUM);
  for (guint i = 0; i < klass->n_values; i++)
    g_strv_builder_add (values, klass->values[i].value_nick);
  return g_strv_builder_end (values);
}

/* The kinds stored as text (see _mikro_value_is_text_encoded()), and
 * enumerations in integer mode. */
static char *
text_column_type (const MikroPropertyMeta *prop,
                  const char              *integer_type,
                  const char              *varchar_type,
                  const char              *long_text_type)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      if (!_mikro_value_is_text_encoded (prop))
        return g_strdup (integer_type);
      return g_strdup_printf ("%s(%u)", varchar_type, string_length (prop));
    case MIKRO_VALUE_UINT64:
      return g_strdup_printf ("%s(20)", varchar_type);
    case MIKRO_VALUE_STRV:
    case MIKRO_VALUE_JSON:
    case MIKRO_VALUE_VARIANT:
      return g_strdup (long_text_type);
    default:
      g_assert_not_reached ();
    }
}

static char *
sqlite_column_type (const MikroPropertyMeta *prop,
                    const char              *table)
{
  char *type = explicit_type (prop, "sqlite");

  if (type != NULL)
    return type;
  if (is_decimal (prop))
    return decimal ("numeric", prop);

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return g_strdup ("boolean");
    /* A generated key must be exactly "integer" to alias the rowid. */
    case MIKRO_VALUE_INT: return g_strdup ("integer");
    case MIKRO_VALUE_INT64:
      return g_strdup ((prop->flags & MIKRO_PROPERTY_GENERATED) ? "integer" : "bigint");
    case MIKRO_VALUE_DOUBLE: return g_strdup ("real");
    case MIKRO_VALUE_STRING: return g_strdup_printf ("varchar(%u)", string_length (prop));
    /* "timestamp", not "datetime": the provider maps the declared type
     * name, and only "timestamp" comes back as a GdaTimestamp. */
    case MIKRO_VALUE_DATETIME: return g_strdup ("timestamp");
    case MIKRO_VALUE_UINT: return g_strdup ("bigint");
    case MIKRO_VALUE_FLOAT: return g_strdup ("real");
    case MIKRO_VALUE_BYTES: return g_strdup ("blob");
    default: return text_column_type (prop, "integer", "varchar", "text");
    }
}

static const char *
sqlite_autoincrement_column (const MikroPropertyMeta *prop)
{
  /* Exactly this spelling makes the column an alias of the rowid. */
  return "integer PRIMARY KEY AUTOINCREMENT";
}

static char *
postgresql_column_type (const MikroPropertyMeta *prop,
                        const char              *table)
{
  char *type = explicit_type (prop, "postgresql");

  if (type != NULL)
    return type;
  if (is_native_enum (prop, "postgresql"))
    return mikro_sql_dialect_enum_type_name (table, prop->column);
  if (is_decimal (prop))
    return decimal ("numeric", prop);

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return g_strdup ("boolean");
    case MIKRO_VALUE_INT: return g_strdup ("integer");
    case MIKRO_VALUE_INT64: return g_strdup ("bigint");
    case MIKRO_VALUE_DOUBLE: return g_strdup ("double precision");
    case MIKRO_VALUE_STRING: return g_strdup_printf ("character varying(%u)", string_length (prop));
    case MIKRO_VALUE_DATETIME: return g_strdup ("timestamp with time zone");
    case MIKRO_VALUE_UINT: return g_strdup ("bigint");
    case MIKRO_VALUE_FLOAT: return g_strdup ("real");
    case MIKRO_VALUE_BYTES: return g_strdup ("bytea");
    case MIKRO_VALUE_JSON: return g_strdup ("jsonb");
    default: return text_column_type (prop, "integer", "character varying", "text");
    }
}

static const char *
postgresql_autoincrement_column (const MikroPropertyMeta *prop)
{
  return prop->kind == MIKRO_VALUE_INT64 ? "bigserial PRIMARY KEY" : "serial PRIMARY KEY";
}

/* enum('a','b'), as information_schema.COLUMNS.COLUMN_TYPE writes it. */
static char *
mysql_enum_type (const MikroPropertyMeta *prop)
{
  g_auto(GStrv) values = mikro_sql_dialect_enum_values (prop);
  GString *type = g_string_new ("enum(");

  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (type, ',');
      g_string_append_c (type, '\'');
      for (const char *p = values[i]; *p != '\0'; p++)
        {
          if (*p == '\'')
            g_string_append_c (type, '\'');
          g_string_append_c (type, *p);
        }
      g_string_append_c (type, '\'');
    }
  g_string_append_c (type, ')');
  return g_string_free (type, FALSE);
}

static char *
mysql_column_type (const MikroPropertyMeta *prop,
                   const char              *table)
{
  char *type = explicit_type (prop, "mysql");

  if (type != NULL)
    return type;
  if (is_native_enum (prop, "mysql"))
    return mysql_enum_type (prop);
  if (is_decimal (prop))
    return decimal ("decimal", prop);

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return g_strdup ("tinyint(1)");
    case MIKRO_VALUE_INT: return g_strdup ("int");
    case MIKRO_VALUE_INT64: return g_strdup ("bigint");
    case MIKRO_VALUE_DOUBLE: return g_strdup ("double");
    case MIKRO_VALUE_STRING: return g_strdup_printf ("varchar(%u)", string_length (prop));
    /* MariaDB has no zoned timestamp; values are stored in UTC. */
    case MIKRO_VALUE_DATETIME: return g_strdup ("datetime(6)");
    case MIKRO_VALUE_UINT: return g_strdup ("int unsigned");
    case MIKRO_VALUE_FLOAT: return g_strdup ("float");
    case MIKRO_VALUE_BYTES: return g_strdup ("longblob");
    default: return text_column_type (prop, "int", "varchar", "longtext");
    }
}

static const char *
mysql_autoincrement_column (const MikroPropertyMeta *prop)
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
  .binary_as_blob = TRUE,
  /* A top-level SAVEPOINT opens a real transaction libgda does not see. */
  .begin_sql = { "SAVEPOINT mikro_flush", NULL },
  .commit_sql = { "RELEASE mikro_flush", NULL },
  .rollback_sql = { "ROLLBACK TO mikro_flush", "RELEASE mikro_flush" },
  .session_setup_sql = { "PRAGMA foreign_keys = ON", NULL, NULL },
  .booleans_as_integers = TRUE,
  .column_type = sqlite_column_type,
  .autoincrement_column = sqlite_autoincrement_column,
};

static const MikroSqlDialect postgresql_dialect = {
  .name = "postgresql",
  .provider = "PostgreSQL",
  .quote = '"',
  .insert_returning = TRUE,
  .int64_gtype = G_TYPE_INT64,
  .boolean_gtype = G_TYPE_BOOLEAN,
  .timestamp_as_text = TRUE,
  .begin_sql = { "BEGIN", NULL },
  .commit_sql = { "COMMIT", NULL },
  .rollback_sql = { "ROLLBACK", NULL },
  .session_setup_sql = { "SET client_min_messages TO WARNING", "SET TIME ZONE 'UTC'", NULL },
  .booleans_as_integers = FALSE,
  .primary_key_suffix = "_pkey",
  .foreign_key_names = TRUE,
  .alter_add_foreign_key = TRUE,
  .drop_table_suffix = " CASCADE",
  .native_enums = TRUE,
  .enum_types = TRUE,
  .create_db_schema_sql = "CREATE SCHEMA IF NOT EXISTS ",
  .qualified_dml_prefix = "WITH mikro_qualified AS (SELECT 1) ",
  .column_type = postgresql_column_type,
  .autoincrement_column = postgresql_autoincrement_column,
};

static const MikroSqlDialect mysql_dialect = {
  .name = "mysql",
  .provider = "MySQL",
  .quote = '`',
  /* MariaDB >= 10.5 */
  .insert_returning = TRUE,
  .int64_gtype = G_TYPE_LONG,
  .int64_param_cast = "SIGNED",
  .float_as_gfloat = TRUE,
  .decimal_defaults_scaled = TRUE,
  .binary_as_blob = TRUE,
  .boolean_gtype = G_TYPE_INT,
  .begin_sql = { "SET autocommit = 0", NULL },
  .commit_sql = { "COMMIT", "SET autocommit = 1" },
  .rollback_sql = { "ROLLBACK", "SET autocommit = 1" },
  .session_setup_sql = { "SET time_zone = '+00:00'", NULL, NULL },
  .booleans_as_integers = TRUE,
  .set_param_wrapper = "COALESCE",
  .primary_key_fixed = "PRIMARY",
  .foreign_key_names = TRUE,
  .alter_add_foreign_key = TRUE,
  .drop_prologue_sql = "SET foreign_key_checks = 0",
  .drop_epilogue_sql = "SET foreign_key_checks = 1",
  .native_enums = TRUE,
  .create_db_schema_sql = "CREATE DATABASE IF NOT EXISTS ",
  .column_type = mysql_column_type,
  .autoincrement_column = mysql_autoincrement_column,
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

void
mikro_sql_dialect_quote_table (const MikroSqlDialect *dialect,
                               GString               *sql,
                               const char            *db_schema,
                               const char            *table)
{
  if (db_schema != NULL)
    {
      mikro_sql_dialect_quote (dialect, sql, db_schema);
      g_string_append_c (sql, '.');
    }
  mikro_sql_dialect_quote (dialect, sql, table);
}

gboolean
mikro_sql_dialect_is_native_enum (const MikroSqlDialect   *dialect,
                                  const MikroPropertyMeta *prop)
{
  return dialect->native_enums && is_native_enum (prop, dialect->name);
}

/* PostgreSQL keeps at most NAMEDATALEN - 1 bytes of a name and cuts a
 * longer one at a character boundary, silently: the model cuts it the
 * same way, so that it still names what the catalogue has. */
#define MAX_IDENTIFIER_BYTES 63

char *
mikro_sql_dialect_enum_type_name (const char *table,
                                  const char *column)
{
  char *name = g_strconcat (table, "_", column, NULL);

  if (strlen (name) > MAX_IDENTIFIER_BYTES)
    {
      const char *end = name + MAX_IDENTIFIER_BYTES;

      /* back to the start of the character the limit falls in */
      while (end > name && ((guchar)*end & 0xC0) == 0x80)
        end--;
      name[end - name] = '\0';
    }
  return name;
}
