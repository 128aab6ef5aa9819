/* mikro-sql-schema.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>

#include "mikro-sql-schema.h"

/* Metadata → schema model → DDL. Generating DDL from the model rather than
 * straight from metadata is what lets the model read back from the database
 * be compared with it, and later diffed into migrations. */

static char *
quote_literal (const char *text)
{
  GString *out = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

/* A default given as a value, written as the catalogue reports it. */
static char *
default_literal (const MikroSqlDialect    *dialect,
                 const MikroPropertyMeta  *prop,
                 const GValue             *value,
                 GError                  **error)
{
  guint scale = mikro_property_get_scale (prop->property);

  if (dialect->decimal_defaults_scaled && mikro_property_get_precision (prop->property) > 0 &&
      g_value_type_transformable (G_VALUE_TYPE (value), G_TYPE_DOUBLE))
    {
      GValue number = G_VALUE_INIT;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      char format[16];

      g_value_init (&number, G_TYPE_DOUBLE);
      g_value_transform (value, &number);
      g_snprintf (format, sizeof format, "%%.%uf", scale);
      g_ascii_formatd (buf, sizeof buf, format, g_value_get_double (&number));
      g_value_unset (&number);
      return g_strdup (buf);
    }

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_BOOLEAN:
      if (dialect->booleans_as_integers)
        return g_strdup (g_value_get_boolean (value) ? "1" : "0");
      return g_strdup (g_value_get_boolean (value) ? "true" : "false");
    case G_TYPE_INT:
      return g_strdup_printf ("%d", g_value_get_int (value));
    case G_TYPE_UINT:
      return g_strdup_printf ("%u", g_value_get_uint (value));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case G_TYPE_LONG:
      return g_strdup_printf ("%ld", g_value_get_long (value));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buf, sizeof buf, g_value_get_double (value)));
      }
    case G_TYPE_STRING:
      if (g_value_get_string (value) != NULL)
        return quote_literal (g_value_get_string (value));
      break;
    default:
      break;
    }

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
               _("The default of property “%s” is a %s, which has no SQL literal; use a raw default"),
               prop->name, g_type_name (G_VALUE_TYPE (value)));
  return NULL;
}

static void
add_string_array (JsonBuilder        *builder,
                  const char * const *strings)
{
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  /* elements are MikroIndexMeta or MikroCheckMeta, whose name comes first */
  const char *na = **(const char * const * const *)a;
  const char *nb = **(const char * const * const *)b;

  return g_strcmp0 (na, nb);
}

static gboolean
add_table (JsonBuilder            *builder,
           const MikroSqlDialect  *dialect,
           MikroEntityMetadata    *meta,
           GError                **error)
{
  const char *table = mikro_entity_metadata_get_table (meta);
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);
  gboolean autoincrement = (pk->flags & MIKRO_PROPERTY_GENERATED) &&
                           (pk->kind == MIKRO_VALUE_INT || pk->kind == MIKRO_VALUE_INT64);
  guint n_props, n_indexes, n_checks;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  const MikroIndexMeta *indexes = _mikro_entity_metadata_get_indexes (meta, &n_indexes);
  const MikroCheckMeta *checks = _mikro_entity_metadata_get_checks (meta, &n_checks);
  g_autoptr(GPtrArray) sorted = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, table);

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_props; i++)
    {
      const MikroPropertyMeta *prop = &props[i];
      gboolean is_pk = (prop->flags & MIKRO_PROPERTY_PRIMARY_KEY) != 0;
      g_autofree char *type = dialect->column_type (prop);
      g_autofree char *default_sql = NULL;
      const char *raw = mikro_property_get_default_raw (prop->property);
      const GValue *value = _mikro_property_peek_default (prop->property);

      if (raw != NULL)
        default_sql = g_strdup (raw);
      else if (value != NULL && (default_sql = default_literal (dialect, prop, value, error)) == NULL)
        return FALSE;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, prop->column);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, !is_pk && (prop->flags & MIKRO_PROPERTY_NULLABLE) != 0);
      json_builder_set_member_name (builder, "default");
      if (default_sql != NULL)
        json_builder_add_string_value (builder, default_sql);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "autoincrement");
      json_builder_add_boolean_value (builder, is_pk && autoincrement);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "primary_key");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  if (dialect->primary_key_suffix != NULL)
    {
      g_autofree char *name = g_strconcat (table, dialect->primary_key_suffix, NULL);

      json_builder_add_string_value (builder, name);
    }
  else if (dialect->primary_key_fixed != NULL)
    json_builder_add_string_value (builder, dialect->primary_key_fixed);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "columns");
  {
    const char *columns[] = { pk->column, NULL };

    add_string_array (builder, columns);
  }
  json_builder_end_object (builder);

  /* sorted by name, as the model wants */
  sorted = g_ptr_array_new ();
  for (guint i = 0; i < n_indexes; i++)
    g_ptr_array_add (sorted, (gpointer)&indexes[i]);
  g_ptr_array_sort (sorted, compare_by_name);
  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const MikroIndexMeta *index = g_ptr_array_index (sorted, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, index->name);
      json_builder_set_member_name (builder, "columns");
      add_string_array (builder, (const char * const *)index->columns);
      json_builder_set_member_name (builder, "unique");
      json_builder_add_boolean_value (builder, index->unique);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "foreign_keys");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  g_ptr_array_set_size (sorted, 0);
  for (guint i = 0; i < n_checks; i++)
    g_ptr_array_add (sorted, (gpointer)&checks[i]);
  g_ptr_array_sort (sorted, compare_by_name);
  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const MikroCheckMeta *check = g_ptr_array_index (sorted, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, check->name);
      json_builder_set_member_name (builder, "expression");
      json_builder_add_string_value (builder, check->expression);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return TRUE;
}

static int
compare_metadata_tables (gconstpointer a,
                         gconstpointer b)
{
  MikroEntityMetadata *ma = *(MikroEntityMetadata * const *)a;
  MikroEntityMetadata *mb = *(MikroEntityMetadata * const *)b;

  return g_strcmp0 (mikro_entity_metadata_get_table (ma), mikro_entity_metadata_get_table (mb));
}

JsonNode *
mikro_sql_schema_from_metadata (const MikroSqlDialect  *dialect,
                                GPtrArray              *entities,
                                GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (entities->len);

  /* borrowed pointers: g_ptr_array_copy() would take the free function */
  for (guint i = 0; i < entities->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (entities, i));
  g_ptr_array_sort (sorted, compare_metadata_tables);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dialect");
  json_builder_add_string_value (builder, dialect->name);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    if (!add_table (builder, dialect, g_ptr_array_index (sorted, i), error))
      return NULL;
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
append_column_list (const MikroSqlDialect *dialect,
                    GString               *sql,
                    JsonArray             *columns)
{
  g_string_append_c (sql, '(');
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      mikro_sql_dialect_quote (dialect, sql, json_array_get_string_element (columns, i));
    }
  g_string_append_c (sql, ')');
}

/* Autoincrement keys are the one place where the DDL spelling differs from
 * the model's type: the dialect writes the whole definition. */
static const char *
autoincrement_definition (const MikroSqlDialect *dialect,
                          const char            *type)
{
  MikroPropertyMeta prop = { 0, };

  prop.kind = g_str_equal (type, "bigint") ? MIKRO_VALUE_INT64 : MIKRO_VALUE_INT;
  return dialect->autoincrement_column (&prop);
}

GPtrArray *
mikro_sql_schema_create_statements (const MikroSqlDialect *dialect,
                                    JsonNode              *model)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");

  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonObject *table = json_array_get_object_element (tables, t);
      const char *name = member_string (table, "name");
      JsonArray *columns = json_object_get_array_member (table, "columns");
      JsonNode *pk_node = json_object_get_member (table, "primary_key");
      JsonArray *indexes = json_object_get_array_member (table, "indexes");
      JsonArray *checks = json_object_get_array_member (table, "checks");
      GString *sql = g_string_new ("CREATE TABLE IF NOT EXISTS ");
      gboolean inline_pk = FALSE;

      mikro_sql_dialect_quote (dialect, sql, name);
      g_string_append (sql, " (");
      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          JsonObject *column = json_array_get_object_element (columns, c);
          const char *default_sql = member_string (column, "default");

          if (c > 0)
            g_string_append (sql, ", ");
          mikro_sql_dialect_quote (dialect, sql, member_string (column, "name"));
          g_string_append_c (sql, ' ');

          if (json_object_get_boolean_member (column, "autoincrement"))
            {
              g_string_append (sql, autoincrement_definition (dialect, member_string (column, "type")));
              inline_pk = TRUE;
              continue;
            }

          g_string_append (sql, member_string (column, "type"));
          g_string_append (sql, json_object_get_boolean_member (column, "nullable") ? " NULL" : " NOT NULL");
          if (default_sql != NULL)
            g_string_append_printf (sql, " DEFAULT %s", default_sql);
        }

      if (!inline_pk && pk_node != NULL && JSON_NODE_HOLDS_OBJECT (pk_node))
        {
          JsonObject *pk = json_node_get_object (pk_node);

          g_string_append (sql, ", ");
          if (dialect->primary_key_suffix != NULL && member_string (pk, "name") != NULL)
            {
              g_string_append (sql, "CONSTRAINT ");
              mikro_sql_dialect_quote (dialect, sql, member_string (pk, "name"));
              g_string_append_c (sql, ' ');
            }
          g_string_append (sql, "PRIMARY KEY ");
          append_column_list (dialect, sql, json_object_get_array_member (pk, "columns"));
        }

      for (guint c = 0; c < json_array_get_length (checks); c++)
        {
          JsonObject *check = json_array_get_object_element (checks, c);

          g_string_append (sql, ", CONSTRAINT ");
          mikro_sql_dialect_quote (dialect, sql, member_string (check, "name"));
          g_string_append_printf (sql, " CHECK (%s)", member_string (check, "expression"));
        }
      g_string_append_c (sql, ')');
      g_ptr_array_add (statements, g_string_free (sql, FALSE));

      for (guint i = 0; i < json_array_get_length (indexes); i++)
        {
          JsonObject *index = json_array_get_object_element (indexes, i);

          sql = g_string_new ("CREATE ");
          if (json_object_get_boolean_member (index, "unique"))
            g_string_append (sql, "UNIQUE ");
          g_string_append (sql, "INDEX IF NOT EXISTS ");
          mikro_sql_dialect_quote (dialect, sql, member_string (index, "name"));
          g_string_append (sql, " ON ");
          mikro_sql_dialect_quote (dialect, sql, name);
          g_string_append_c (sql, ' ');
          append_column_list (dialect, sql, json_object_get_array_member (index, "columns"));
          g_ptr_array_add (statements, g_string_free (sql, FALSE));
        }
    }

  return statements;
}

GPtrArray *
mikro_sql_schema_drop_statements (const MikroSqlDialect *dialect,
                                  JsonNode              *model)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");

  for (guint t = json_array_get_length (tables); t > 0; t--)
    {
      JsonObject *table = json_array_get_object_element (tables, t - 1);
      GString *sql = g_string_new ("DROP TABLE IF EXISTS ");

      mikro_sql_dialect_quote (dialect, sql, member_string (table, "name"));
      g_ptr_array_add (statements, g_string_free (sql, FALSE));
    }

  return statements;
}
