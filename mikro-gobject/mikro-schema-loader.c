/* mikro-schema-loader.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mikro-entity.h"
#include "mikro-entity-schema.h"
#include "mikro-enums.h"
#include "mikro-error.h"
#include "mikro-private.h"

/* Entity schemas described in JSON (MikroORM's "entities defined in a
 * file"), for types that already exist in the GType system. The loader
 * only checks the form of the document and that each type, and each
 * relation's target, is an entity (each embeddable, and each embedded
 * type, a GObject that is not one); whether the properties exist and fit
 * their columns, whether the two sides of a relation agree, whether an
 * embedded type has an embeddable schema and whether a hierarchy holds
 * together is discovery's business, as for a schema built in code. The
 * file is written by hand, so every member is checked: a misspelt one is
 * an error, not ignored. */

typedef enum {
  PART_NONE,
  PART_PROPERTY,
  PART_INDEX,
  PART_UNIQUE,
  PART_CHECK,
} Part;

/* Where in the document an error is: the prefix of its message. */
typedef struct {
  const char *entity;      /* the type name, NULL until known */
  guint       entity_no;   /* 1-based */
  Part        part;
  const char *part_name;   /* NULL if unnamed */
  guint       part_no;     /* 1-based */
} Where;

static const char * const root_members[] = { "entities", NULL };
static const char * const entity_members[] = {
  "type", "table", "schema", "properties", "indexes", "uniques", "checks",
  "abstract", "discriminator_column", "discriminator_value", "embeddable", NULL
};

/* The members of an entity that mean nothing for an embeddable, which has
 * no table of its own and no place in a hierarchy. */
static const char * const entity_only_members[] = {
  "table", "schema", "abstract", "discriminator_column", "discriminator_value", NULL
};
static const char * const index_members[] = { "name", "properties", NULL };
static const char * const check_decl_members[] = { "name", "expression", NULL };

static const struct {
  const char         *member;
  MikroPropertyFlags  flag;
} flag_members[] = {
  { "primary", MIKRO_PROPERTY_PRIMARY_KEY },
  { "generated", MIKRO_PROPERTY_GENERATED },
  { "nullable", MIKRO_PROPERTY_NULLABLE },
  { "unique", MIKRO_PROPERTY_UNIQUE },
  { "index", MIKRO_PROPERTY_INDEX },
  { "version", MIKRO_PROPERTY_VERSION },
  { "virtual", MIKRO_PROPERTY_VIRTUAL },
  { "hidden", MIKRO_PROPERTY_HIDDEN },
  { "lazy", MIKRO_PROPERTY_LAZY },
  { "eager", MIKRO_PROPERTY_EAGER },
  { "orphan_removal", MIKRO_PROPERTY_ORPHAN_REMOVAL },
};

static const char * const property_members[] = {
  "name", "column", "column_type", "length", "precision", "scale",
  "default", "default_raw", "enum", "serialized_name",
  "relation", "target", "mapped_by", "inversed_by", "cascade", "on_delete",
  "on_update", "pivot_table", "join_column", "inverse_join_column",
  "foreign_key_name", "embedded", "prefix", "as_object", NULL
};

/* The members that mean nothing without "relation", flags included. */
static const char * const relation_only_members[] = {
  "target", "mapped_by", "inversed_by", "cascade", "on_delete", "on_update",
  "pivot_table", "join_column", "inverse_join_column", "foreign_key_name",
  "eager", "orphan_removal", NULL
};

/* The members that mean nothing without "embedded". */
static const char * const embedded_only_members[] = { "prefix", "as_object", NULL };

/* The members of a property that an embeddable's cannot have: it holds
 * plain values. */
static const char * const entity_property_members[] = { "relation", "embedded", NULL };

/* Enumerations are spelt as their GEnum nicks, as "enum" is; a nick that
 * only means "unset" ("none", "default") is left to the member's absence. */
static const char * const enum_mode_nicks[] = { "string", "integer", "native", NULL };
static const char * const relation_nicks[] = {
  "many-to-one", "one-to-one", "one-to-many", "many-to-many", NULL
};
static const char * const referential_action_nicks[] = {
  "no-action", "restrict", "cascade", "set-null", "set-default", NULL
};
static const char * const cascade_nicks[] = { "persist", "merge", "remove", "all", NULL };

static char *
where_to_string (const Where *where)
{
  if (where->entity == NULL)
    /* TRANSLATORS: where an error is in a JSON file of entity definitions;
     * %u is the entity's position in the "entities" array, from 1 */
    return g_strdup_printf (_("Entity %u"), where->entity_no);

  switch (where->part)
    {
    case PART_NONE:
      return g_strdup_printf (_("Entity “%s”"), where->entity);
    case PART_PROPERTY:
      if (where->part_name != NULL)
        return g_strdup_printf (_("Entity “%s”, property “%s”"), where->entity, where->part_name);
      return g_strdup_printf (_("Entity “%s”, property %u"), where->entity, where->part_no);
    case PART_INDEX:
      if (where->part_name != NULL)
        return g_strdup_printf (_("Entity “%s”, index “%s”"), where->entity, where->part_name);
      return g_strdup_printf (_("Entity “%s”, index %u"), where->entity, where->part_no);
    case PART_UNIQUE:
      if (where->part_name != NULL)
        return g_strdup_printf (_("Entity “%s”, unique constraint “%s”"), where->entity, where->part_name);
      return g_strdup_printf (_("Entity “%s”, unique constraint %u"), where->entity, where->part_no);
    case PART_CHECK:
      if (where->part_name != NULL)
        return g_strdup_printf (_("Entity “%s”, check constraint “%s”"), where->entity, where->part_name);
      return g_strdup_printf (_("Entity “%s”, check constraint %u"), where->entity, where->part_no);
    default:
      g_assert_not_reached ();
    }
}

static gboolean set_error (GError      **error,
                           const Where  *where,
                           const char   *format,
                           ...) G_GNUC_PRINTF (3, 4);

/* Always returns FALSE, to return it. */
static gboolean
set_error (GError      **error,
           const Where  *where,
           const char   *format,
           ...)
{
  g_autofree char *location = where_to_string (where);
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: an error in a JSON file of entity definitions: where it
   * is, then what it is */
  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA, _("%s: %s"), location, problem);
  return FALSE;
}

static gboolean
reject_unknown_members (JsonObject          *object,
                        const char * const  *known,
                        gboolean             with_flags,
                        const Where         *where,
                        GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      gboolean found = g_strv_contains (known, member);

      for (guint i = 0; with_flags && !found && i < G_N_ELEMENTS (flag_members); i++)
        found = g_str_equal (flag_members[i].member, member);

      if (!found)
        {
          if (where == NULL)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The entity definitions have an unknown member “%s”"), member);
              return FALSE;
            }
          return set_error (error, where, _("unknown member “%s”"), member);
        }
    }

  return TRUE;
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Looks up an optional string member: absent leaves *value NULL. */
static gboolean
get_string (JsonObject   *object,
            const char   *member,
            const Where  *where,
            const char  **value,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!node_holds (node, G_TYPE_STRING) || *json_node_get_string (node) == '\0')
    return set_error (error, where, _("member “%s” must be a non-empty string"), member);

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_required_string (JsonObject   *object,
                     const char   *member,
                     const Where  *where,
                     const char  **value,
                     GError      **error)
{
  if (!get_string (object, member, where, value, error))
    return FALSE;
  if (*value == NULL)
    return set_error (error, where, _("member “%s” is missing"), member);

  return TRUE;
}

/* Looks up an optional boolean member: absent leaves *present (if not
 * NULL) and *value FALSE. */
static gboolean
get_boolean (JsonObject   *object,
             const char   *member,
             const Where  *where,
             gboolean     *present,
             gboolean     *value,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (present != NULL)
    *present = node != NULL;
  *value = FALSE;
  if (node == NULL)
    return TRUE;
  if (!node_holds (node, G_TYPE_BOOLEAN))
    return set_error (error, where, _("member “%s” must be a boolean"), member);

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_uint (JsonObject   *object,
          const char   *member,
          guint         max,
          const Where  *where,
          gboolean     *present,
          guint        *value,
          GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 number;

  *present = node != NULL;
  *value = 0;
  if (node == NULL)
    return TRUE;
  if (!node_holds (node, G_TYPE_INT64) ||
      (number = json_node_get_int (node)) < 0 || (guint64)number > max)
    return set_error (error, where, _("member “%s” must be an integer from 0 to %u"), member, max);

  *value = number;
  return TRUE;
}

/* Looks up an optional array member: absent leaves *value NULL. */
static gboolean
get_array (JsonObject   *object,
           const char   *member,
           const Where  *where,
           JsonArray   **value,
           GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_error (error, where, _("member “%s” must be an array"), member);

  *value = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_default (JsonObject  *object,
             const Where *where,
             GValue      *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "default");
  GType type;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return set_error (error, where, _("member “%s” must be a number, a boolean or a string"), "default");

  type = json_node_get_value_type (node);
  g_value_init (value, type);
  if (type == G_TYPE_INT64)
    g_value_set_int64 (value, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, json_node_get_boolean (node));
  else if (type == G_TYPE_STRING)
    g_value_set_string (value, json_node_get_string (node));
  else
    g_assert_not_reached ();

  return TRUE;
}

/* Looks up an optional member whose value is one of @nicks, nicks of the
 * enumeration @type; @choices lists them for the message. Absent leaves
 * *present FALSE. */
static gboolean
get_enum (JsonObject          *object,
          const char          *member,
          GType                type,
          const char * const  *nicks,
          const char          *choices,
          const Where         *where,
          gboolean            *present,
          int                 *value,
          GError             **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  const GEnumValue *enum_value;
  const char *nick;

  *present = FALSE;
  *value = 0;
  if (!get_string (object, member, where, &nick, error))
    return FALSE;
  if (nick == NULL)
    return TRUE;
  if (!g_strv_contains (nicks, nick))
    /* TRANSLATORS: the last %s is a list of values, such as
     * “string”, “integer” or “native” */
    return set_error (error, where, _("member “%s” is “%s”, not one of %s"), member, nick, choices);

  klass = g_type_class_ref (type);
  enum_value = g_enum_get_value_by_nick (klass, nick);
  g_assert (enum_value != NULL);
  *present = TRUE;
  *value = enum_value->value;
  return TRUE;
}

/* An absent "cascade" leaves the default, an empty array is none. */
static gboolean
get_cascade (JsonObject    *object,
             const Where   *where,
             gboolean      *present,
             MikroCascade  *cascade,
             GError       **error)
{
  g_autoptr(GFlagsClass) klass = NULL;
  JsonArray *array;

  *present = FALSE;
  *cascade = MIKRO_CASCADE_NONE;
  if (!get_array (object, "cascade", where, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  klass = g_type_class_ref (MIKRO_TYPE_CASCADE);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const GFlagsValue *flags_value;
      const char *nick;

      if (!node_holds (element, G_TYPE_STRING))
        return set_error (error, where, _("member “%s” must be an array of strings"), "cascade");

      nick = json_node_get_string (element);
      if (!g_strv_contains (cascade_nicks, nick))
        return set_error (error, where, _("member “%s” has “%s”, not one of %s"), "cascade", nick,
                          _("“persist”, “merge”, “remove” or “all”"));
      flags_value = g_flags_get_value_by_nick (klass, nick);
      g_assert (flags_value != NULL);
      *cascade |= flags_value->value;
    }

  *present = TRUE;
  return TRUE;
}

/* A relation's target must be a registered entity type; whether it fits
 * the property is discovery's business. */
static gboolean
get_target (JsonObject   *object,
            const Where  *where,
            GType        *target,
            GError      **error)
{
  const char *type_name;

  *target = G_TYPE_INVALID;
  if (!get_string (object, "target", where, &type_name, error))
    return FALSE;
  if (type_name == NULL)
    return TRUE;

  *target = g_type_from_name (type_name);
  if (*target == G_TYPE_INVALID)
    return set_error (error, where,
                      _("member “%s” names “%s”, but no type of this name is registered; define the class before loading its schema"),
                      "target", type_name);
  if (!g_type_is_a (*target, MIKRO_TYPE_ENTITY))
    return set_error (error, where, _("member “%s” names “%s”, which is not a subclass of %s"),
                      "target", type_name, g_type_name (MIKRO_TYPE_ENTITY));

  return TRUE;
}

/* "embedded" is true for the property's own type, or the name of the
 * embeddable type, which must be registered and be a value object, not
 * an entity; false is its absence. Whether the type has an embeddable
 * schema, and fits the property, is discovery's business. */
static gboolean
get_embedded (JsonObject   *object,
              const Where  *where,
              gboolean     *present,
              GType        *embeddable,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, "embedded");
  const char *type_name;

  *present = FALSE;
  *embeddable = G_TYPE_INVALID;
  if (node == NULL)
    return TRUE;
  if (node_holds (node, G_TYPE_BOOLEAN))
    {
      *present = json_node_get_boolean (node);
      return TRUE;
    }
  if (!node_holds (node, G_TYPE_STRING) || *json_node_get_string (node) == '\0')
    /* TRANSLATORS: “true” is a JSON value, to keep as it is */
    return set_error (error, where, _("member “%s” must be true or the name of a type"), "embedded");

  type_name = json_node_get_string (node);
  *embeddable = g_type_from_name (type_name);
  if (*embeddable == G_TYPE_INVALID)
    return set_error (error, where,
                      _("member “%s” names “%s”, but no type of this name is registered; define the class before loading its schema"),
                      "embedded", type_name);
  if (g_type_is_a (*embeddable, MIKRO_TYPE_ENTITY))
    return set_error (error, where,
                      _("member “%s” names “%s”, an entity: entities are not embedded, they are related to with “%s”"),
                      "embedded", type_name, "relation");
  if (!g_type_is_a (*embeddable, G_TYPE_OBJECT))
    return set_error (error, where, _("member “%s” names “%s”, which is not a subclass of %s"),
                      "embedded", type_name, g_type_name (G_TYPE_OBJECT));

  *present = TRUE;
  return TRUE;
}

static gboolean
load_property (MikroEntitySchema  *schema,
               JsonNode           *node,
               Where              *where,
               GError            **error)
{
  g_auto(GValue) default_value = G_VALUE_INIT;
  MikroPropertyFlags flags = MIKRO_PROPERTY_NONE;
  MikroProperty *prop;
  JsonObject *object;
  const char *name;
  const char *column;
  const char *column_type;
  const char *default_raw;
  const char *serialized_name;
  const char *mapped_by;
  const char *inversed_by;
  const char *pivot_table;
  const char *join_column;
  const char *inverse_join_column;
  const char *foreign_key_name;
  const char *prefix;
  guint length, precision, scale;
  gboolean has_length, has_precision, has_scale, has_enum;
  gboolean has_relation, has_cascade, has_on_delete, has_on_update;
  gboolean has_embedded, has_as_object, as_object;
  int enum_mode, relation, on_delete, on_update;
  MikroCascade cascade;
  GType target;
  GType embeddable;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_error (error, where, _("not a JSON object"));
  object = json_node_get_object (node);

  if (!get_required_string (object, "name", where, &name, error))
    return FALSE;
  where->part_name = name;

  if (!reject_unknown_members (object, property_members, TRUE, where, error))
    return FALSE;

  for (guint i = 0; mikro_entity_schema_get_embeddable (schema) && entity_property_members[i] != NULL; i++)
    if (json_object_has_member (object, entity_property_members[i]))
      return set_error (error, where, _("member “%s” does not apply to a property of an embeddable"),
                        entity_property_members[i]);

  for (guint i = 0; i < G_N_ELEMENTS (flag_members); i++)
    {
      JsonNode *flag = json_object_get_member (object, flag_members[i].member);

      if (flag == NULL)
        continue;
      if (!node_holds (flag, G_TYPE_BOOLEAN))
        return set_error (error, where, _("member “%s” must be a boolean"), flag_members[i].member);
      if (json_node_get_boolean (flag))
        flags |= flag_members[i].flag;
    }

  /* TRANSLATORS: the values are JSON spellings, to keep as they are */
  if (!get_enum (object, "relation", MIKRO_TYPE_RELATION_KIND, relation_nicks,
                 _("“many-to-one”, “one-to-one”, “one-to-many” or “many-to-many”"),
                 where, &has_relation, &relation, error))
    return FALSE;
  for (guint i = 0; !has_relation && relation_only_members[i] != NULL; i++)
    if (json_object_has_member (object, relation_only_members[i]))
      return set_error (error, where, _("member “%s” needs “%s”"), relation_only_members[i], "relation");

  if (!get_embedded (object, where, &has_embedded, &embeddable, error))
    return FALSE;
  if (has_embedded && has_relation)
    return set_error (error, where, _("members “%s” and “%s” exclude each other"), "relation", "embedded");
  for (guint i = 0; !has_embedded && embedded_only_members[i] != NULL; i++)
    if (json_object_has_member (object, embedded_only_members[i]))
      return set_error (error, where, _("member “%s” needs “%s”"), embedded_only_members[i], "embedded");

  if (!get_string (object, "column", where, &column, error) ||
      !get_string (object, "column_type", where, &column_type, error) ||
      !get_string (object, "default_raw", where, &default_raw, error) ||
      !get_string (object, "serialized_name", where, &serialized_name, error) ||
      !get_uint (object, "length", G_MAXUINT, where, &has_length, &length, error) ||
      /* the bounds of MikroProperty:precision and :scale */
      !get_uint (object, "precision", 1000, where, &has_precision, &precision, error) ||
      !get_uint (object, "scale", 1000, where, &has_scale, &scale, error) ||
      !get_default (object, where, &default_value, error) ||
      !get_enum (object, "enum", MIKRO_TYPE_ENUM_MODE, enum_mode_nicks,
                 _("“string”, “integer” or “native”"),
                 where, &has_enum, &enum_mode, error) ||
      !get_target (object, where, &target, error) ||
      !get_string (object, "mapped_by", where, &mapped_by, error) ||
      !get_string (object, "inversed_by", where, &inversed_by, error) ||
      !get_string (object, "pivot_table", where, &pivot_table, error) ||
      !get_string (object, "join_column", where, &join_column, error) ||
      !get_string (object, "inverse_join_column", where, &inverse_join_column, error) ||
      !get_string (object, "foreign_key_name", where, &foreign_key_name, error) ||
      !get_string (object, "prefix", where, &prefix, error) ||
      !get_boolean (object, "as_object", where, &has_as_object, &as_object, error) ||
      !get_cascade (object, where, &has_cascade, &cascade, error) ||
      !get_enum (object, "on_delete", MIKRO_TYPE_REFERENTIAL_ACTION, referential_action_nicks,
                 _("“no-action”, “restrict”, “cascade”, “set-null” or “set-default”"),
                 where, &has_on_delete, &on_delete, error) ||
      !get_enum (object, "on_update", MIKRO_TYPE_REFERENTIAL_ACTION, referential_action_nicks,
                 _("“no-action”, “restrict”, “cascade”, “set-null” or “set-default”"),
                 where, &has_on_update, &on_update, error))
    return FALSE;

  if (has_scale && !has_precision)
    return set_error (error, where, _("member “%s” needs “%s”"), "scale", "precision");
  if (default_raw != NULL && G_IS_VALUE (&default_value))
    return set_error (error, where, _("members “%s” and “%s” exclude each other"),
                      "default", "default_raw");

  if (has_relation)
    {
      /* a to-one relation's join column is its column */
      prop = mikro_entity_schema_add_relation (schema, name, relation, target, flags);
      if (column != NULL)
        mikro_property_set_column (prop, column);
    }
  else if (has_embedded)
    {
      /* discovery reports a column on an inline embeddable */
      prop = mikro_entity_schema_add_embedded (schema, name, embeddable, flags);
      if (column != NULL)
        mikro_property_set_column (prop, column);
    }
  else
    prop = mikro_entity_schema_add_property (schema, name, column, flags);

  if (column_type != NULL)
    mikro_property_set_column_type (prop, column_type);
  if (has_length)
    mikro_property_set_length (prop, length);
  if (has_precision)
    mikro_property_set_precision (prop, precision, scale);
  if (default_raw != NULL)
    mikro_property_set_default_raw (prop, default_raw);
  if (G_IS_VALUE (&default_value))
    mikro_property_set_default (prop, &default_value);
  if (has_enum)
    mikro_property_set_enum_mode (prop, enum_mode);
  if (serialized_name != NULL)
    mikro_property_set_serialized_name (prop, serialized_name);

  if (mapped_by != NULL)
    mikro_property_set_mapped_by (prop, mapped_by);
  if (inversed_by != NULL)
    mikro_property_set_inversed_by (prop, inversed_by);
  if (has_cascade)
    mikro_property_set_cascade (prop, cascade);
  if (has_on_delete)
    mikro_property_set_on_delete (prop, on_delete);
  if (has_on_update)
    mikro_property_set_on_update (prop, on_update);
  if (pivot_table != NULL)
    mikro_property_set_pivot_table (prop, pivot_table);
  if (join_column != NULL)
    mikro_property_set_join_column (prop, join_column);
  if (inverse_join_column != NULL)
    mikro_property_set_inverse_join_column (prop, inverse_join_column);
  if (foreign_key_name != NULL)
    mikro_property_set_foreign_key_name (prop, foreign_key_name);

  if (prefix != NULL)
    mikro_property_set_prefix (prop, prefix);
  if (has_as_object)
    mikro_property_set_as_object (prop, as_object);

  return TRUE;
}

/* An index or a unique constraint. */
static gboolean
load_index (MikroEntitySchema  *schema,
            JsonNode           *node,
            Where              *where,
            GError            **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) names = NULL;
  JsonObject *object;
  JsonArray *properties;
  const char *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_error (error, where, _("not a JSON object"));
  object = json_node_get_object (node);

  if (!get_string (object, "name", where, &name, error))
    return FALSE;
  where->part_name = name;

  if (!reject_unknown_members (object, index_members, FALSE, where, error) ||
      !get_array (object, "properties", where, &properties, error))
    return FALSE;
  if (properties == NULL)
    return set_error (error, where, _("member “%s” is missing"), "properties");
  if (json_array_get_length (properties) == 0)
    return set_error (error, where, _("member “%s” must name at least one property"), "properties");

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (properties); i++)
    {
      JsonNode *element = json_array_get_element (properties, i);

      if (!node_holds (element, G_TYPE_STRING) || *json_node_get_string (element) == '\0')
        return set_error (error, where, _("member “%s” must be an array of property names"),
                          "properties");
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  names = g_strv_builder_end (builder);

  if (where->part == PART_UNIQUE)
    mikro_entity_schema_add_unique (schema, name, (const char * const *)names);
  else
    mikro_entity_schema_add_index (schema, name, (const char * const *)names);

  return TRUE;
}

static gboolean
load_check (MikroEntitySchema  *schema,
            JsonNode           *node,
            Where              *where,
            GError            **error)
{
  JsonObject *object;
  const char *name;
  const char *expression;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_error (error, where, _("not a JSON object"));
  object = json_node_get_object (node);

  if (!get_string (object, "name", where, &name, error))
    return FALSE;
  where->part_name = name;

  if (!reject_unknown_members (object, check_decl_members, FALSE, where, error) ||
      !get_required_string (object, "expression", where, &expression, error))
    return FALSE;

  mikro_entity_schema_add_check (schema, name, expression);
  return TRUE;
}

typedef gboolean (*LoadPartFunc) (MikroEntitySchema  *schema,
                                  JsonNode           *node,
                                  Where              *where,
                                  GError            **error);

static gboolean
load_parts (MikroEntitySchema  *schema,
            JsonObject         *object,
            const char         *member,
            Part                part,
            LoadPartFunc        load,
            Where              *where,
            GError            **error)
{
  JsonArray *array;

  if (!get_array (object, member, where, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Where part_where = *where;

      part_where.part = part;
      part_where.part_no = i + 1;
      if (!load (schema, json_array_get_element (array, i), &part_where, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_entity (JsonNode           *node,
             guint               entity_no,
             GHashTable         *seen,
             MikroEntitySchema **out,
             GError            **error)
{
  g_autoptr(MikroEntitySchema) schema = NULL;
  Where where = { .entity_no = entity_no, .part = PART_NONE };
  JsonObject *object;
  JsonArray *properties;
  const char *type_name;
  const char *table;
  const char *db_schema;
  const char *discriminator_column;
  const char *discriminator_value;
  gboolean embeddable, abstract;
  GType type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_error (error, &where, _("not a JSON object"));
  object = json_node_get_object (node);

  if (!get_required_string (object, "type", &where, &type_name, error))
    return FALSE;
  where.entity = type_name;

  if (!reject_unknown_members (object, entity_members, FALSE, &where, error) ||
      !get_boolean (object, "embeddable", &where, NULL, &embeddable, error))
    return FALSE;
  for (guint i = 0; embeddable && entity_only_members[i] != NULL; i++)
    if (json_object_has_member (object, entity_only_members[i]))
      return set_error (error, &where, _("member “%s” does not apply to an embeddable"),
                        entity_only_members[i]);

  if (!get_string (object, "table", &where, &table, error) ||
      !get_string (object, "schema", &where, &db_schema, error) ||
      !get_boolean (object, "abstract", &where, NULL, &abstract, error) ||
      !get_string (object, "discriminator_column", &where, &discriminator_column, error) ||
      !get_string (object, "discriminator_value", &where, &discriminator_value, error))
    return FALSE;

  /* Only registered types are found: a C type once its get_type()
   * function ran, a Python, JavaScript or Vala one once its class is
   * defined. */
  type = g_type_from_name (type_name);
  if (type == G_TYPE_INVALID)
    return set_error (error, &where,
                      _("no type of this name is registered; define the class before loading its schema"));
  if (embeddable)
    {
      if (g_type_is_a (type, MIKRO_TYPE_ENTITY))
        return set_error (error, &where, _("the type is a subclass of %s: an entity, not an embeddable"),
                          g_type_name (MIKRO_TYPE_ENTITY));
      if (!g_type_is_a (type, G_TYPE_OBJECT))
        return set_error (error, &where, _("the type is not a subclass of %s"), g_type_name (G_TYPE_OBJECT));
      /* embedded objects are made when rows are loaded */
      if (G_TYPE_IS_ABSTRACT (type))
        return set_error (error, &where, _("the type is abstract, and an embeddable must be instantiable"));
    }
  else
    {
      if (!g_type_is_a (type, MIKRO_TYPE_ENTITY) && g_type_is_a (type, G_TYPE_OBJECT))
        return set_error (error, &where, _("the type is not a subclass of %s; set “%s” to map a value object"),
                          g_type_name (MIKRO_TYPE_ENTITY), "embeddable");
      if (!g_type_is_a (type, MIKRO_TYPE_ENTITY))
        return set_error (error, &where, _("the type is not a subclass of %s"),
                          g_type_name (MIKRO_TYPE_ENTITY));
      /* No instance of an abstract base is ever made, so an abstract
       * class (Vala's, or G_TYPE_FLAG_ABSTRACT) can be one. */
      if (G_TYPE_IS_ABSTRACT (type) && !abstract)
        return set_error (error, &where, _("the type is abstract; set “%s” to map it as an abstract base"),
                          "abstract");
    }
  if (!g_hash_table_add (seen, GSIZE_TO_POINTER (type)))
    return set_error (error, &where, _("the entity is defined twice"));

  if (!get_array (object, "properties", &where, &properties, error))
    return FALSE;
  if (properties == NULL)
    return set_error (error, &where, _("member “%s” is missing"), "properties");

  if (embeddable)
    schema = mikro_entity_schema_new_for_embeddable (type);
  else
    {
      schema = mikro_entity_schema_new (type, table);
      mikro_entity_schema_set_abstract (schema, abstract);
      mikro_entity_schema_set_db_schema (schema, db_schema);
      if (discriminator_column != NULL)
        mikro_entity_schema_set_discriminator_column (schema, discriminator_column);
      if (discriminator_value != NULL)
        mikro_entity_schema_set_discriminator_value (schema, discriminator_value);
    }

  if (!load_parts (schema, object, "properties", PART_PROPERTY, load_property, &where, error) ||
      !load_parts (schema, object, "indexes", PART_INDEX, load_index, &where, error) ||
      !load_parts (schema, object, "uniques", PART_UNIQUE, load_index, &where, error) ||
      !load_parts (schema, object, "checks", PART_CHECK, load_check, &where, error))
    return FALSE;

  *out = g_steal_pointer (&schema);
  return TRUE;
}

/**
 * mikro_entity_schema_load_from_json:
 * @root: a JSON document describing entity schemas
 * @error: return location for an error
 *
 * Builds the schemas of existing entity types from their description in
 * JSON, MikroORM's entities defined in a file. @root is an object whose
 * `entities` array has one object per entity type:
 *
 * ```json
 * {
 *   "entities": [
 *     {
 *       "type": "DemoAuthor",
 *       "table": "author",
 *       "properties": [
 *         { "name": "id", "primary": true, "generated": true },
 *         { "name": "email", "unique": true, "length": 100 }
 *       ]
 *     }
 *   ]
 * }
 * ```
 *
 * Each `type` must name a registered subclass of [class@Mikro.Entity]
 * (a C type once its `get_type()` function has run, a Python, JavaScript
 * or Vala class once it is defined), or, for an object with
 * `"embeddable": true`, of #GObject that is not an entity
 * ([ctor@Mikro.EntitySchema.new_for_embeddable]). The members of an
 * entity and of a property are those of [class@Mikro.EntitySchema] and
 * [class@Mikro.Property]; the guide
 * [Defining entities](defining-entities.html#entities-in-a-json-file)
 * lists them.
 *
 * A member that is unknown or has the wrong type, a missing required
 * member, a member of a relation on a property without `relation` (or of
 * an embedded property without `embedded`), a member that does not apply
 * to an embeddable, or an unknown type (as an entity, as a relation's
 * `target` or as an embedded type) is a %MIKRO_ERROR_METADATA error naming
 * the entity, the property and the member. Whether the properties exist
 * and have a column mapping, whether a relation fits its property and its
 * other side, whether an embedded type has an embeddable schema and
 * whether an inheritance hierarchy holds together is checked later, as
 * for any schema, when the entity type is added to a [class@Mikro.Orm].
 *
 * The schemas are not registered: see
 * [method@Mikro.EntitySchema.register].
 *
 * Returns: (transfer container) (element-type MikroEntitySchema): one
 *   schema per entity, in the order of the document
 *
 * Since: 1.0
 */
GPtrArray *
mikro_entity_schema_load_from_json (JsonNode  *root,
                                    GError   **error)
{
  g_autoptr(GPtrArray) schemas = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *object;
  JsonNode *entities;
  JsonArray *array;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _mikro_i18n_init ();

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The entity definitions must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!reject_unknown_members (object, root_members, FALSE, NULL, error))
    return NULL;

  entities = json_object_get_member (object, "entities");
  if (entities == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The entity definitions have no “%s” member"), "entities");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (entities))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Member “%s” of the entity definitions must be an array"), "entities");
      return NULL;
    }
  array = json_node_get_array (entities);

  schemas = g_ptr_array_new_with_free_func (g_object_unref);
  seen = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MikroEntitySchema *schema = NULL;

      if (!load_entity (json_array_get_element (array, i), i + 1, seen, &schema, error))
        return NULL;
      g_ptr_array_add (schemas, schema);
    }

  return g_steal_pointer (&schemas);
}

/**
 * mikro_entity_schema_load_from_file:
 * @path: (type filename): the path of a JSON file describing entity schemas
 * @error: return location for an error
 *
 * Reads @path and builds the schemas it describes, as
 * [func@Mikro.EntitySchema.load_from_json] does.
 *
 * A file that cannot be read is a %MIKRO_ERROR_FAILED error; a file that
 * is not valid JSON, or does not describe entities correctly, is a
 * %MIKRO_ERROR_METADATA error. The message names @path, and for invalid
 * JSON the line and column of the mistake.
 *
 * Returns: (transfer container) (element-type MikroEntitySchema): one
 *   schema per entity, in the order of the file
 *
 * Since: 1.0
 */
GPtrArray *
mikro_entity_schema_load_from_file (const char  *path,
                                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  GPtrArray *schemas;
  JsonNode *root;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _mikro_i18n_init ();

  display = g_filename_display_name (path);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      if (local_error->domain != JSON_PARSER_ERROR)
        /* GLib's message names the file. */
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_FAILED,
                     _("Cannot read entity definitions: %s"), local_error->message);
      else if (g_str_has_prefix (local_error->message, path))
        /* json-glib's message is "path:line:column: Parse error: …" */
        g_set_error_literal (error, MIKRO_ERROR, MIKRO_ERROR_METADATA, local_error->message);
      else
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA, "%s: %s", display, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("%s: the file is empty"), display);
      return NULL;
    }

  schemas = mikro_entity_schema_load_from_json (root, &local_error);
  if (schemas == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
      return NULL;
    }

  return schemas;
}

/**
 * mikro_entity_schema_register_from_file:
 * @path: (type filename): the path of a JSON file describing entity schemas
 * @error: return location for an error
 *
 * Loads the schemas @path describes with
 * [func@Mikro.EntitySchema.load_from_file] and registers each of them
 * with [method@Mikro.EntitySchema.register]. Nothing is registered if the
 * file has a mistake.
 *
 * Returns: %TRUE if the schemas were registered, %FALSE with @error set
 *   otherwise
 *
 * Since: 1.0
 */
gboolean
mikro_entity_schema_register_from_file (const char  *path,
                                        GError     **error)
{
  g_autoptr(GPtrArray) schemas = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  schemas = mikro_entity_schema_load_from_file (path, error);
  if (schemas == NULL)
    return FALSE;

  for (guint i = 0; i < schemas->len; i++)
    mikro_entity_schema_register (g_ptr_array_index (schemas, i));

  return TRUE;
}
