/* mikro-sql-schema.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

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

/* The database schema of a table as the model names it: not at all when
 * it is the connection's own (@default_schema). */
static const char *
model_schema (const char *db_schema,
              const char *default_schema)
{
  return db_schema != NULL && g_strcmp0 (db_schema, default_schema) != 0 ? db_schema : NULL;
}

static void
add_schema_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *schema)
{
  if (schema == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, schema);
}

/* A foreign key of the model: one column referencing the key of a table. */
typedef struct
{
  const char *name;
  const char *column;
  const char *referenced_table;
  const char *referenced_schema;
  const char *referenced_column;
  const char *on_delete;
  const char *on_update;
} ForeignKey;

static ForeignKey *
foreign_key_new (const MikroSqlDialect *dialect,
                 const char            *name,
                 const char            *column,
                 MikroEntityMetadata   *target,
                 const char            *on_delete,
                 const char            *on_update,
                 const char            *default_schema)
{
  ForeignKey *key = g_new0 (ForeignKey, 1);

  key->name = dialect->foreign_key_names ? name : NULL;
  key->column = column;
  key->referenced_table = mikro_entity_metadata_get_table (target);
  key->referenced_schema = model_schema (mikro_entity_metadata_get_db_schema (target), default_schema);
  key->referenced_column = _mikro_entity_metadata_get_pk (target)->column;
  key->on_delete = on_delete;
  key->on_update = on_update;
  return key;
}

/* The order the catalogue readers sort foreign keys in: by name, and
 * where the database keeps no names (SQLite) by column, then table. */
static int
compare_foreign_keys (gconstpointer a,
                      gconstpointer b)
{
  const ForeignKey *ka = *(ForeignKey * const *)a;
  const ForeignKey *kb = *(ForeignKey * const *)b;
  int cmp;

  if ((ka->name == NULL) != (kb->name == NULL))
    return ka->name == NULL ? -1 : 1;
  if (ka->name != NULL && (cmp = strcmp (ka->name, kb->name)) != 0)
    return cmp;
  if ((cmp = strcmp (ka->column, kb->column)) != 0)
    return cmp;
  return strcmp (ka->referenced_table, kb->referenced_table);
}

static void
add_foreign_keys (JsonBuilder *builder,
                  GPtrArray   *keys)
{
  g_ptr_array_sort (keys, compare_foreign_keys);

  json_builder_set_member_name (builder, "foreign_keys");
  json_builder_begin_array (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      const ForeignKey *key = g_ptr_array_index (keys, i);
      const char *columns[] = { key->column, NULL };
      const char *referenced[] = { key->referenced_column, NULL };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      if (key->name != NULL)
        json_builder_add_string_value (builder, key->name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "columns");
      add_string_array (builder, columns);
      json_builder_set_member_name (builder, "referenced_table");
      json_builder_add_string_value (builder, key->referenced_table);
      add_schema_member (builder, "referenced_schema", key->referenced_schema);
      json_builder_set_member_name (builder, "referenced_columns");
      add_string_array (builder, referenced);
      json_builder_set_member_name (builder, "on_delete");
      json_builder_add_string_value (builder, key->on_delete);
      json_builder_set_member_name (builder, "on_update");
      json_builder_add_string_value (builder, key->on_update);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_primary_key (JsonBuilder           *builder,
                 const MikroSqlDialect *dialect,
                 const char            *table,
                 const char * const    *columns)
{
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
  add_string_array (builder, columns);
  json_builder_end_object (builder);
}

static void
add_column (JsonBuilder *builder,
            const char  *name,
            const char  *type,
            gboolean     nullable,
            const char  *default_sql,
            gboolean     autoincrement)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "nullable");
  json_builder_add_boolean_value (builder, nullable);
  json_builder_set_member_name (builder, "default");
  if (default_sql != NULL)
    json_builder_add_string_value (builder, default_sql);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "autoincrement");
  json_builder_add_boolean_value (builder, autoincrement);
  json_builder_end_object (builder);
}

/* The pivot table of a many-to-many owner, as MikroORM makes it: the two
 * join columns are the primary key, each references its side and goes
 * with it, and the second one has an index of its own (the key serves
 * lookups by the first). */
static void
add_pivot_table (JsonBuilder             *builder,
                 const MikroSqlDialect   *dialect,
                 MikroEntityMetadata     *owner,
                 const MikroRelationMeta *rel,
                 const char              *default_schema)
{
  const char *columns[] = { rel->join_column, rel->inverse_join_column, NULL };
  const char *target_columns[] = { rel->inverse_join_column, NULL };
  g_autofree char *owner_type = dialect->column_type (_mikro_entity_metadata_get_pk (owner),
                                                      mikro_entity_metadata_get_table (owner));
  g_autofree char *target_type = dialect->column_type (_mikro_entity_metadata_get_pk (rel->target),
                                                       mikro_entity_metadata_get_table (rel->target));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rel->pivot_table);
  add_schema_member (builder, "schema", model_schema (rel->pivot_schema, default_schema));

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  add_column (builder, rel->join_column, owner_type, FALSE, NULL, FALSE);
  add_column (builder, rel->inverse_join_column, target_type, FALSE, NULL, FALSE);
  json_builder_end_array (builder);

  add_primary_key (builder, dialect, rel->pivot_table, columns);

  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, rel->pivot_index);
  json_builder_set_member_name (builder, "columns");
  add_string_array (builder, target_columns);
  json_builder_set_member_name (builder, "unique");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  g_ptr_array_add (keys, foreign_key_new (dialect, rel->pivot_foreign_keys[0], rel->join_column, owner,
                                          rel->on_delete, rel->on_update, default_schema));
  g_ptr_array_add (keys, foreign_key_new (dialect, rel->pivot_foreign_keys[1], rel->inverse_join_column, rel->target,
                                          rel->on_delete, rel->on_update, default_schema));
  add_foreign_keys (builder, keys);

  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

static gboolean
add_table (JsonBuilder            *builder,
           const MikroSqlDialect  *dialect,
           MikroEntityMetadata    *meta,
           const char             *default_schema,
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
  add_schema_member (builder, "schema", model_schema (mikro_entity_metadata_get_db_schema (meta), default_schema));

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_props; i++)
    {
      const MikroPropertyMeta *prop = &props[i];
      gboolean is_pk = (prop->flags & MIKRO_PROPERTY_PRIMARY_KEY) != 0;
      /* a join column has the type of the key it references */
      g_autofree char *type = prop->relation != NULL
        ? dialect->column_type (_mikro_entity_metadata_get_pk (prop->relation->target),
                                mikro_entity_metadata_get_table (prop->relation->target))
        : dialect->column_type (prop, table);
      g_autofree char *default_sql = NULL;
      const char *raw = mikro_property_get_default_raw (prop->property);
      const GValue *value = _mikro_property_peek_default (prop->property);

      if (raw != NULL)
        default_sql = g_strdup (raw);
      else if (value != NULL && (default_sql = default_literal (dialect, prop, value, error)) == NULL)
        return FALSE;

      add_column (builder, prop->column, type,
                  !is_pk && (prop->flags & MIKRO_PROPERTY_NULLABLE) != 0,
                  default_sql, is_pk && autoincrement);
    }
  json_builder_end_array (builder);

  {
    guint n_keys;
    const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
    g_autofree const char **columns = g_new0 (const char *, n_keys + 1);

    for (guint i = 0; i < n_keys; i++)
      columns[i] = props[keys[i]].column;
    add_primary_key (builder, dialect, table, columns);
  }

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

  {
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
    guint n_relations;
    const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

    for (guint i = 0; i < n_relations; i++)
      if (relations[i].column != NULL)
        g_ptr_array_add (keys, foreign_key_new (dialect, relations[i].foreign_key,
                                                relations[i].column->column,
                                                relations[i].target,
                                                relations[i].on_delete, relations[i].on_update,
                                                default_schema));
    add_foreign_keys (builder, keys);
  }

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

/* A table of the model: an entity's, or the pivot table of a many-to-many
 * owner. */
typedef struct
{
  const char              *name;
  const char              *schema;   /* as the model names it */
  MikroEntityMetadata     *meta;
  const MikroRelationMeta *pivot;
} TableSource;

/* By name, then schema (none first), as the catalogue readers sort */
static int
compare_table_sources (gconstpointer a,
                       gconstpointer b)
{
  const TableSource *ta = a;
  const TableSource *tb = b;
  int cmp = strcmp (ta->name, tb->name);

  if (cmp != 0 || (ta->schema == NULL && tb->schema == NULL))
    return cmp;
  if (ta->schema == NULL || tb->schema == NULL)
    return ta->schema == NULL ? -1 : 1;
  return strcmp (ta->schema, tb->schema);
}

/* A named enumeration type of the model. */
typedef struct
{
  char        *name;
  const char  *schema;   /* as the model names it: its table's */
  GStrv        values;
} EnumType;

static void
enum_type_clear (EnumType *type)
{
  g_clear_pointer (&type->name, g_free);
  g_clear_pointer (&type->values, g_strfreev);
}

static int
compare_enum_types (gconstpointer a,
                    gconstpointer b)
{
  const EnumType *ta = a;
  const EnumType *tb = b;
  int cmp = strcmp (ta->name, tb->name);

  if (cmp != 0 || (ta->schema == NULL && tb->schema == NULL))
    return cmp;
  if (ta->schema == NULL || tb->schema == NULL)
    return ta->schema == NULL ? -1 : 1;
  return strcmp (ta->schema, tb->schema);
}

/* The named enumeration types of the entities' native enumerations, one
 * per table and column (a join column uses the type of the key it
 * references), sorted by name; no member at all when there are none.
 * Two columns whose names make the same type name share it only if they
 * have the same values. */
static gboolean
add_enum_types (JsonBuilder            *builder,
                const MikroSqlDialect  *dialect,
                GPtrArray              *entities,
                const char             *default_schema,
                GError                **error)
{
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (EnumType));

  g_array_set_clear_func (types, (GDestroyNotify)enum_type_clear);
  for (guint i = 0; dialect->enum_types && i < entities->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (entities, i);
      const char *table = mikro_entity_metadata_get_table (meta);
      const char *schema = model_schema (mikro_entity_metadata_get_db_schema (meta), default_schema);
      guint n_props;
      const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);

      for (guint p = 0; p < n_props; p++)
        {
          EnumType type;
          gboolean known = FALSE;

          if (props[p].relation != NULL || !mikro_sql_dialect_is_native_enum (dialect, &props[p]))
            continue;

          type.name = mikro_sql_dialect_enum_type_name (table, props[p].column);
          type.schema = schema;
          type.values = mikro_sql_dialect_enum_values (&props[p]);
          for (guint t = 0; t < types->len && !known; t++)
            {
              EnumType *other = &g_array_index (types, EnumType, t);

              if (!g_str_equal (other->name, type.name) || g_strcmp0 (other->schema, type.schema) != 0)
                continue;
              if (!g_strv_equal ((const char * const *)other->values, (const char * const *)type.values))
                {
                  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                               _("Property “%s” of table “%s” needs the enumeration type “%s”, "
                                 "which another column needs with other values"),
                               props[p].name, table, type.name);
                  enum_type_clear (&type);
                  return FALSE;
                }
              known = TRUE;
            }

          if (known)
            enum_type_clear (&type);
          else
            g_array_append_val (types, type);
        }
    }
  g_array_sort (types, compare_enum_types);

  /* left out when empty: most schemas have none, and the member would
   * only be noise in every other document */
  if (types->len == 0)
    return TRUE;

  json_builder_set_member_name (builder, "enums");
  json_builder_begin_array (builder);
  for (guint t = 0; t < types->len; t++)
    {
      EnumType *type = &g_array_index (types, EnumType, t);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, type->name);
      add_schema_member (builder, "schema", type->schema);
      json_builder_set_member_name (builder, "values");
      add_string_array (builder, (const char * const *)type->values);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

JsonNode *
mikro_sql_schema_from_metadata (const MikroSqlDialect  *dialect,
                                GPtrArray              *entities,
                                const char             *default_schema,
                                GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) tables = g_array_new (FALSE, FALSE, sizeof (TableSource));

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (entities, i);
      const char *db_schema = mikro_entity_metadata_get_db_schema (meta);
      TableSource source = { mikro_entity_metadata_get_table (meta),
                             model_schema (db_schema, default_schema), meta, NULL };
      guint n_relations;
      const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

      if (db_schema != NULL && dialect->create_db_schema_sql == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” puts its table in database schema “%s”, but %s databases have no schemas"),
                       g_type_name (mikro_entity_metadata_get_entity_type (meta)), db_schema,
                       dialect->provider);
          return NULL;
        }

      g_array_append_val (tables, source);
      for (guint r = 0; r < n_relations; r++)
        if (relations[r].pivot_table != NULL && relations[r].pivot_entity == NULL)
          {
            TableSource pivot = { relations[r].pivot_table,
                                  model_schema (relations[r].pivot_schema, default_schema),
                                  meta, &relations[r] };

            g_array_append_val (tables, pivot);
          }
    }
  g_array_sort (tables, compare_table_sources);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dialect");
  json_builder_add_string_value (builder, dialect->name);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tables->len; i++)
    {
      const TableSource *source = &g_array_index (tables, TableSource, i);

      if (source->pivot != NULL)
        add_pivot_table (builder, dialect, source->meta, source->pivot, default_schema);
      else if (!add_table (builder, dialect, source->meta, default_schema, error))
        return NULL;
    }
  json_builder_end_array (builder);
  if (!add_enum_types (builder, dialect, entities, default_schema, error))
    return NULL;
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

/* Tables in an order where every table comes after the tables its
 * foreign keys reference, so that the keys can be part of CREATE TABLE.
 * A key that closes a cycle cannot: it is marked in @deferred (table
 * index, key index pairs) and added once both tables exist. */
typedef struct
{
  JsonArray *tables;
  GArray    *order;
  guint8    *state;   /* 0 unvisited, 1 visiting, 2 done */
  GArray    *deferred;
} Ordering;

static int
find_table (JsonArray  *tables,
            const char *schema,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_strcmp0 (member_string (table, "name"), name) == 0 &&
          g_strcmp0 (member_string (table, "schema"), schema) == 0)
        return i;
    }
  return -1;
}

/* The table @object names in @member, with its "schema" (or
 * @schema_member) if it has one. */
static void
append_table_name (const MikroSqlDialect *dialect,
                   GString               *sql,
                   JsonObject            *object,
                   const char            *schema_member,
                   const char            *member)
{
  mikro_sql_dialect_quote_table (dialect, sql, member_string (object, schema_member),
                                 member_string (object, member));
}

static void
visit_table (Ordering *ordering,
             guint     index)
{
  JsonObject *table = json_array_get_object_element (ordering->tables, index);
  JsonArray *keys = json_object_get_array_member (table, "foreign_keys");

  ordering->state[index] = 1;
  for (guint k = 0; k < json_array_get_length (keys); k++)
    {
      JsonObject *key = json_array_get_object_element (keys, k);
      int referenced = find_table (ordering->tables, member_string (key, "referenced_schema"),
                                   member_string (key, "referenced_table"));

      if (referenced < 0 || (guint)referenced == index || ordering->state[referenced] == 2)
        continue;
      if (ordering->state[referenced] == 1)
        {
          guint pair[2] = { index, k };

          g_array_append_vals (ordering->deferred, pair, 2);
          continue;
        }
      visit_table (ordering, referenced);
    }
  ordering->state[index] = 2;
  g_array_append_val (ordering->order, index);
}

static gboolean
is_deferred (GArray *deferred,
             guint   table,
             guint   key)
{
  for (guint i = 0; i < deferred->len; i += 2)
    if (g_array_index (deferred, guint, i) == table && g_array_index (deferred, guint, i + 1) == key)
      return TRUE;
  return FALSE;
}

static void
order_tables (JsonArray *tables,
              GArray    *order,
              GArray    *deferred)
{
  Ordering ordering = { tables, order, NULL, deferred };
  guint n = json_array_get_length (tables);

  ordering.state = g_new0 (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (ordering.state[i] == 0)
      visit_table (&ordering, i);
  g_free (ordering.state);
}

/* A key of a table in @schema (NULL: the connection's, @default_schema)
 * referencing a table of the connection's schema names that schema: an
 * unqualified name would be looked up in the table's own (MariaDB). */
static void
append_foreign_key (const MikroSqlDialect *dialect,
                    GString               *sql,
                    JsonObject            *key,
                    const char            *schema,
                    const char            *default_schema)
{
  const char *referenced_schema = member_string (key, "referenced_schema");

  if (member_string (key, "name") != NULL)
    {
      g_string_append (sql, "CONSTRAINT ");
      mikro_sql_dialect_quote (dialect, sql, member_string (key, "name"));
      g_string_append_c (sql, ' ');
    }
  g_string_append (sql, "FOREIGN KEY ");
  append_column_list (dialect, sql, json_object_get_array_member (key, "columns"));
  g_string_append (sql, " REFERENCES ");
  if (referenced_schema == NULL && schema != NULL)
    referenced_schema = default_schema;
  mikro_sql_dialect_quote_table (dialect, sql, referenced_schema, member_string (key, "referenced_table"));
  g_string_append_c (sql, ' ');
  append_column_list (dialect, sql, json_object_get_array_member (key, "referenced_columns"));
  g_string_append_printf (sql, " ON DELETE %s ON UPDATE %s",
                          member_string (key, "on_delete"), member_string (key, "on_update"));
}

/* Whether @existing (a model read from the database) has a foreign key
 * named @name on @table of @schema. */
static gboolean
has_foreign_key (JsonNode   *existing,
                 const char *schema,
                 const char *table,
                 const char *name)
{
  JsonArray *tables;
  int index;

  if (existing == NULL || name == NULL)
    return FALSE;

  tables = json_object_get_array_member (json_node_get_object (existing), "tables");
  index = find_table (tables, schema, table);
  if (index >= 0)
    {
      JsonArray *keys = json_object_get_array_member (json_array_get_object_element (tables, index),
                                                      "foreign_keys");

      for (guint k = 0; k < json_array_get_length (keys); k++)
        if (g_strcmp0 (member_string (json_array_get_object_element (keys, k), "name"), name) == 0)
          return TRUE;
    }
  return FALSE;
}

static JsonArray *
model_enums (JsonNode *model)
{
  JsonObject *root = json_node_get_object (model);

  return json_object_has_member (root, "enums") ? json_object_get_array_member (root, "enums") : NULL;
}

/* The enumeration type a column of a table in @schema names as @type:
 * the one of that schema, else one of that name elsewhere; NULL if it is
 * none. */
static JsonObject *
find_enum_type (JsonArray  *enums,
                const char *schema,
                const char *type)
{
  JsonObject *found = NULL;

  for (guint i = 0; enums != NULL && i < json_array_get_length (enums); i++)
    {
      JsonObject *object = json_array_get_object_element (enums, i);

      if (g_strcmp0 (member_string (object, "name"), type) != 0)
        continue;
      if (g_strcmp0 (member_string (object, "schema"), schema) == 0)
        return object;
      if (found == NULL)
        found = object;
    }
  return found;
}

/* CREATE TYPE has no IF NOT EXISTS: the statement runs in a DO block that
 * creates the type unless the schema has an enumeration of that name,
 * which it leaves alone as CREATE TABLE IF NOT EXISTS leaves a table. Any
 * other type of that name (a table's row type) still makes CREATE TYPE
 * fail, rather than a column silently taking that type. */
static char *
create_enum_type_statement (const MikroSqlDialect *dialect,
                            JsonObject            *type)
{
  const char *name = member_string (type, "name");
  const char *schema = member_string (type, "schema");
  JsonArray *values = json_object_get_array_member (type, "values");
  g_autofree char *name_literal = quote_literal (name);
  g_autofree char *schema_literal = schema != NULL ? quote_literal (schema) : g_strdup ("current_schema()");
  g_autofree char *body = NULL;
  g_autofree char *body_literal = NULL;
  GString *create = g_string_new ("CREATE TYPE ");

  append_table_name (dialect, create, type, "schema", "name");
  g_string_append (create, " AS ENUM (");
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      g_autofree char *value = quote_literal (json_array_get_string_element (values, i));

      if (i > 0)
        g_string_append (create, ", ");
      g_string_append (create, value);
    }
  g_string_append_c (create, ')');

  body = g_strdup_printf ("BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                          "WHERE n.nspname = %s AND t.typname = %s AND t.typtype = 'e') "
                          "THEN %s; END IF; END",
                          schema_literal, name_literal, create->str);
  g_string_free (create, TRUE);
  /* the body as a string literal: libgda's parsers know no dollar quotes */
  body_literal = quote_literal (body);
  return g_strconcat ("DO ", body_literal, NULL);
}

GPtrArray *
mikro_sql_schema_create_statements (const MikroSqlDialect *dialect,
                                    JsonNode              *model,
                                    JsonNode              *existing,
                                    const char            *default_schema)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");
  JsonArray *enums = model_enums (model);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) deferred = g_array_new (FALSE, FALSE, sizeof (guint));

  /* the schemas the tables and types are in, then the types, before the
   * tables that use them */
  {
    g_autoptr(GPtrArray) schemas = g_ptr_array_new ();

    for (guint i = 0; i < json_array_get_length (tables); i++)
      {
        const char *schema = member_string (json_array_get_object_element (tables, i), "schema");

        if (schema != NULL && !g_ptr_array_find_with_equal_func (schemas, schema, g_str_equal, NULL))
          g_ptr_array_add (schemas, (gpointer)schema);
      }
    for (guint i = 0; i < schemas->len && dialect->create_db_schema_sql != NULL; i++)
      {
        GString *sql = g_string_new (dialect->create_db_schema_sql);

        mikro_sql_dialect_quote (dialect, sql, g_ptr_array_index (schemas, i));
        g_ptr_array_add (statements, g_string_free (sql, FALSE));
      }
  }
  for (guint i = 0; enums != NULL && i < json_array_get_length (enums); i++)
    g_ptr_array_add (statements, create_enum_type_statement (dialect, json_array_get_object_element (enums, i)));

  order_tables (tables, order, deferred);
  /* SQLite cannot add a key later, and needs not: its keys may name a
   * table that does not exist yet */
  if (!dialect->alter_add_foreign_key)
    g_array_set_size (deferred, 0);

  for (guint o = 0; o < order->len; o++)
    {
      guint t = g_array_index (order, guint, o);
      JsonObject *table = json_array_get_object_element (tables, t);
      const char *schema = member_string (table, "schema");
      JsonArray *columns = json_object_get_array_member (table, "columns");
      JsonNode *pk_node = json_object_get_member (table, "primary_key");
      JsonArray *indexes = json_object_get_array_member (table, "indexes");
      JsonArray *keys = json_object_get_array_member (table, "foreign_keys");
      JsonArray *checks = json_object_get_array_member (table, "checks");
      GString *sql = g_string_new ("CREATE TABLE IF NOT EXISTS ");
      gboolean inline_pk = FALSE;

      append_table_name (dialect, sql, table, "schema", "name");
      g_string_append (sql, " (");
      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          JsonObject *column = json_array_get_object_element (columns, c);
          const char *default_sql = member_string (column, "default");
          JsonObject *enum_type = find_enum_type (enums, schema, member_string (column, "type"));

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

          /* the model has an enumeration type's name as the catalogue
           * keeps it, which is an identifier to quote */
          if (enum_type != NULL)
            append_table_name (dialect, sql, enum_type, "schema", "name");
          else
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

      for (guint k = 0; k < json_array_get_length (keys); k++)
        {
          if (is_deferred (deferred, t, k))
            continue;
          g_string_append (sql, ", ");
          append_foreign_key (dialect, sql, json_array_get_object_element (keys, k), schema, default_schema);
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
          append_table_name (dialect, sql, table, "schema", "name");
          g_string_append_c (sql, ' ');
          append_column_list (dialect, sql, json_object_get_array_member (index, "columns"));
          g_ptr_array_add (statements, g_string_free (sql, FALSE));
        }
    }

  for (guint i = 0; i < deferred->len; i += 2)
    {
      JsonObject *table = json_array_get_object_element (tables, g_array_index (deferred, guint, i));
      JsonArray *keys = json_object_get_array_member (table, "foreign_keys");
      JsonObject *key = json_array_get_object_element (keys, g_array_index (deferred, guint, i + 1));
      GString *sql;

      /* CREATE TABLE IF NOT EXISTS leaves an existing table alone; so
       * does this, which has no IF NOT EXISTS */
      if (has_foreign_key (existing, member_string (table, "schema"), member_string (table, "name"),
                           member_string (key, "name")))
        continue;

      sql = g_string_new ("ALTER TABLE ");

      append_table_name (dialect, sql, table, "schema", "name");
      g_string_append (sql, " ADD ");
      append_foreign_key (dialect, sql, key, member_string (table, "schema"), default_schema);
      g_ptr_array_add (statements, g_string_free (sql, FALSE));
    }

  return statements;
}

GPtrArray *
mikro_sql_schema_drop_statements (const MikroSqlDialect *dialect,
                                  JsonNode              *model)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");
  JsonArray *enums = model_enums (model);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) deferred = g_array_new (FALSE, FALSE, sizeof (guint));

  /* referencing tables first */
  order_tables (tables, order, deferred);

  if (dialect->drop_prologue_sql != NULL)
    g_ptr_array_add (statements, g_strdup (dialect->drop_prologue_sql));
  for (guint o = order->len; o > 0; o--)
    {
      JsonObject *table = json_array_get_object_element (tables, g_array_index (order, guint, o - 1));
      GString *sql = g_string_new ("DROP TABLE IF EXISTS ");

      append_table_name (dialect, sql, table, "schema", "name");
      if (dialect->drop_table_suffix != NULL)
        g_string_append (sql, dialect->drop_table_suffix);
      g_ptr_array_add (statements, g_string_free (sql, FALSE));
    }
  /* enumeration types once no table of the model uses them; one that
   * another table still uses makes the drop fail rather than take that
   * table's column with it */
  for (guint i = 0; enums != NULL && i < json_array_get_length (enums); i++)
    {
      GString *sql = g_string_new ("DROP TYPE IF EXISTS ");

      append_table_name (dialect, sql, json_array_get_object_element (enums, i), "schema", "name");
      g_ptr_array_add (statements, g_string_free (sql, FALSE));
    }
  if (dialect->drop_epilogue_sql != NULL)
    g_ptr_array_add (statements, g_strdup (dialect->drop_epilogue_sql));

  return statements;
}
