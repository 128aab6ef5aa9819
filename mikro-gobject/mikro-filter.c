/* mikro-filter.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mikro-driver-private.h"

/* The FilterQuery language is MikroORM's: an object whose members are
 * property conditions, implicitly AND-ed:
 *
 *   {"name": "Ann"}                         equality
 *   {"born": null}                          IS NULL
 *   {"id": [1, 2, 3]}                       shorthand for $in
 *   {"age": {"$gte": 18, "$lt": 65}}        operators on one property
 *   {"$or": [{"name": "Ann"}, {"name": "Bob"}]}
 *   {"$not": {"name": "Ann"}}
 *
 * Parsing resolves every property against the entity's metadata and
 * converts every value to the property's type, so drivers translate a tree
 * that is already valid. Values never become SQL text: drivers bind them. */

static const struct {
  const char    *name;
  MikroFilterOp  op;
} operators[] = {
  { "$eq", MIKRO_FILTER_OP_EQ },
  { "$ne", MIKRO_FILTER_OP_NE },
  { "$gt", MIKRO_FILTER_OP_GT },
  { "$gte", MIKRO_FILTER_OP_GTE },
  { "$lt", MIKRO_FILTER_OP_LT },
  { "$lte", MIKRO_FILTER_OP_LTE },
  { "$in", MIKRO_FILTER_OP_IN },
  { "$nin", MIKRO_FILTER_OP_NIN },
  { "$like", MIKRO_FILTER_OP_LIKE },
};

static MikroFilterNode *
node_new (MikroFilterNodeType type)
{
  MikroFilterNode *node = g_new0 (MikroFilterNode, 1);

  node->type = type;
  if (type == MIKRO_FILTER_COMPARE)
    {
      node->values = g_array_new (FALSE, TRUE, sizeof (GValue));
      g_array_set_clear_func (node->values, (GDestroyNotify)g_value_unset);
    }
  else
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify)_mikro_filter_node_free);

  return node;
}

void
_mikro_filter_node_free (MikroFilterNode *node)
{
  if (node == NULL)
    return;

  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->values, g_array_unref);
  g_free (node);
}

gboolean
_mikro_filter_value_is_null (const GValue *value)
{
  if (!G_IS_VALUE (value))
    return TRUE;
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_get_string (value) == NULL;
  if (G_TYPE_IS_BOXED (G_VALUE_TYPE (value)))
    return g_value_get_boxed (value) == NULL;
  if (G_VALUE_HOLDS_VARIANT (value))
    return g_value_get_variant (value) == NULL;
  return FALSE;
}

static char *
describe_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Converts one JSON scalar to the property's type. */
static gboolean
convert_value (MikroEntityMetadata        *meta,
               const MikroPropertyMeta  *prop,
               JsonNode                 *json,
               GValue                   *value,
               GError                  **error)
{
  g_value_init (value, prop->value_type);

  if (JSON_NODE_HOLDS_NULL (json))
    {
      switch (prop->kind)
        {
        case MIKRO_VALUE_STRING:
        case MIKRO_VALUE_DATETIME:
        case MIKRO_VALUE_BYTES:
        case MIKRO_VALUE_STRV:
        case MIKRO_VALUE_JSON:
        case MIKRO_VALUE_VARIANT:
          return TRUE;
        default:
          /* Scalars have no NULL in a GValue; an unset value stands for it. */
          g_value_unset (value);
          return TRUE;
        }
    }

  /* Structured values are compared whole. */
  if (prop->kind == MIKRO_VALUE_JSON)
    {
      g_value_take_boxed (value, json_node_copy (json));
      return TRUE;
    }
  if (prop->kind == MIKRO_VALUE_STRV && JSON_NODE_HOLDS_ARRAY (json))
    {
      g_autofree char *text = json_to_string (json, FALSE);

      if (_mikro_value_from_text (prop, text, value, NULL))
        return TRUE;
      goto mismatch;
    }

  if (!JSON_NODE_HOLDS_VALUE (json))
    goto mismatch;

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN:
      if (json_node_get_value_type (json) != G_TYPE_BOOLEAN)
        goto mismatch;
      g_value_set_boolean (value, json_node_get_boolean (json));
      return TRUE;

    case MIKRO_VALUE_INT:
    case MIKRO_VALUE_UINT:
    case MIKRO_VALUE_INT64:
    case MIKRO_VALUE_UINT64:
      {
        GValue tmp = G_VALUE_INIT;
        gint64 v;
        gboolean fits;

        /* above G_MAXINT64, JSON parsers give doubles: take text too */
        if (prop->kind == MIKRO_VALUE_UINT64 && json_node_get_value_type (json) == G_TYPE_STRING)
          {
            if (_mikro_value_from_text (prop, json_node_get_string (json), value, NULL))
              return TRUE;
            goto mismatch;
          }
        if (json_node_get_value_type (json) != G_TYPE_INT64)
          goto mismatch;
        v = json_node_get_int (json);
        switch (prop->kind)
          {
          case MIKRO_VALUE_INT: fits = v >= G_MININT && v <= G_MAXINT; break;
          case MIKRO_VALUE_UINT: fits = v >= 0 && v <= G_MAXUINT; break;
          case MIKRO_VALUE_UINT64: fits = v >= 0; break;
          case MIKRO_VALUE_INT64:
          default: fits = TRUE; break;
          }
        if (!fits)
          goto mismatch;
        g_value_init (&tmp, G_TYPE_INT64);
        g_value_set_int64 (&tmp, v);
        fits = g_value_transform (&tmp, value);
        g_value_unset (&tmp);
        if (!fits)
          goto mismatch;
        return TRUE;
      }

    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      if (json_node_get_value_type (json) == G_TYPE_INT64)
        {
          _mikro_value_from_integer (prop, json_node_get_int (json), value);
          return TRUE;
        }
      if (json_node_get_value_type (json) == G_TYPE_STRING &&
          _mikro_value_from_text (prop, json_node_get_string (json), value, NULL))
        return TRUE;
      goto mismatch;

    case MIKRO_VALUE_FLOAT:
      if (json_node_get_value_type (json) != G_TYPE_INT64 &&
          json_node_get_value_type (json) != G_TYPE_DOUBLE)
        goto mismatch;
      g_value_set_float (value, (float)json_node_get_double (json));
      return TRUE;

    case MIKRO_VALUE_VARIANT:
      if (json_node_get_value_type (json) == G_TYPE_STRING &&
          _mikro_value_from_text (prop, json_node_get_string (json), value, NULL))
        return TRUE;
      goto mismatch;

    case MIKRO_VALUE_BYTES:
      {
        gsize len;
        guchar *data;

        /* base64, as JSON carries bytes */
        if (json_node_get_value_type (json) != G_TYPE_STRING)
          goto mismatch;
        data = g_base64_decode (json_node_get_string (json), &len);
        g_value_take_boxed (value, g_bytes_new_take (data, len));
        return TRUE;
      }

    case MIKRO_VALUE_STRV:
      goto mismatch;

    case MIKRO_VALUE_DOUBLE:
      if (json_node_get_value_type (json) != G_TYPE_INT64 &&
          json_node_get_value_type (json) != G_TYPE_DOUBLE)
        goto mismatch;
      g_value_set_double (value, json_node_get_double (json));
      return TRUE;

    case MIKRO_VALUE_STRING:
      if (json_node_get_value_type (json) != G_TYPE_STRING)
        goto mismatch;
      g_value_set_string (value, json_node_get_string (json));
      return TRUE;

    case MIKRO_VALUE_DATETIME:
      {
        g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
        GDateTime *dt;

        if (json_node_get_value_type (json) != G_TYPE_STRING)
          goto mismatch;
        dt = g_date_time_new_from_iso8601 (json_node_get_string (json), utc);
        if (dt == NULL)
          goto mismatch;
        g_value_take_boxed (value, dt);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }

mismatch:
  {
    g_autofree char *text = describe_json (json);

    if (G_IS_VALUE (value))
      g_value_unset (value);
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                 _("Filter value %s does not fit property “%s” of entity “%s” (a %s)"),
                 text, prop->name,
                 g_type_name (mikro_entity_metadata_get_entity_type (meta)),
                 _mikro_value_kind_to_string (prop->kind));
    return FALSE;
  }
}

static MikroFilterNode *
parse_compare (MikroEntityMetadata        *meta,
               const MikroPropertyMeta  *prop,
               MikroFilterOp             op,
               JsonNode                 *json,
               GError                  **error)
{
  g_autoptr(MikroFilterNode) node = node_new (MIKRO_FILTER_COMPARE);

  node->prop = prop;
  node->op = op;

  if (op == MIKRO_FILTER_OP_IN || op == MIKRO_FILTER_OP_NIN)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (json))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                       _("Operator %s on property “%s” needs an array"),
                       op == MIKRO_FILTER_OP_IN ? "$in" : "$nin", prop->name);
          return NULL;
        }

      array = json_node_get_array (json);
      g_array_set_size (node->values, json_array_get_length (array));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          GValue *value = &g_array_index (node->values, GValue, i);

          if (!convert_value (meta, prop, json_array_get_element (array, i), value, error))
            {
              g_array_set_size (node->values, i);
              return NULL;
            }
        }
      return g_steal_pointer (&node);
    }

  if (op == MIKRO_FILTER_OP_LIKE && prop->kind != MIKRO_VALUE_STRING)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Operator $like needs a string property, and “%s” is not one"),
                   prop->name);
      return NULL;
    }

  g_array_set_size (node->values, 1);
  if (!convert_value (meta, prop, json, &g_array_index (node->values, GValue, 0), error))
    {
      g_array_set_size (node->values, 0);
      return NULL;
    }

  if (_mikro_filter_value_is_null (&g_array_index (node->values, GValue, 0)) &&
      op != MIKRO_FILTER_OP_EQ && op != MIKRO_FILTER_OP_NE)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Property “%s” cannot be compared with null except by $eq and $ne"),
                   prop->name);
      return NULL;
    }

  return g_steal_pointer (&node);
}

static MikroFilterNode *parse_object (MikroEntityMetadata  *meta,
                                      JsonNode           *json,
                                      GError            **error);

static MikroFilterNode *
parse_property (MikroEntityMetadata  *meta,
                const char         *name,
                JsonNode           *json,
                GError            **error)
{
  const MikroPropertyMeta *prop;
  g_autoptr(MikroFilterNode) and = NULL;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  prop = _mikro_entity_metadata_find_property (meta, name);
  if (prop == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Entity “%s” has no persistent property “%s” to filter on"),
                   g_type_name (mikro_entity_metadata_get_entity_type (meta)), name);
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (json))
    return parse_compare (meta, prop, MIKRO_FILTER_OP_IN, json, error);

  if (!JSON_NODE_HOLDS_OBJECT (json))
    return parse_compare (meta, prop, MIKRO_FILTER_OP_EQ, json, error);

  object = json_node_get_object (json);
  members = json_object_get_members (object);
  if (members == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("The condition on property “%s” is an empty object"), name);
      return NULL;
    }

  and = node_new (MIKRO_FILTER_AND);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *operand = json_object_get_member (object, member);
      MikroFilterNode *child = NULL;
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
        {
          if (g_str_equal (operators[i].name, member))
            {
              known = TRUE;
              child = parse_compare (meta, prop, operators[i].op, operand, error);
              break;
            }
        }

      if (!known)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                       _("Unknown operator “%s” on property “%s”"), member, name);
          return NULL;
        }
      if (child == NULL)
        return NULL;

      g_ptr_array_add (and->children, child);
    }

  if (and->children->len == 1)
    return g_ptr_array_steal_index (and->children, 0);

  return g_steal_pointer (&and);
}

static MikroFilterNode *
parse_logical (MikroEntityMetadata    *meta,
               MikroFilterNodeType   type,
               const char           *name,
               JsonNode             *json,
               GError              **error)
{
  g_autoptr(MikroFilterNode) node = node_new (type);

  if (type == MIKRO_FILTER_NOT)
    {
      MikroFilterNode *child = parse_object (meta, json, error);

      if (child == NULL)
        return NULL;
      g_ptr_array_add (node->children, child);
      return g_steal_pointer (&node);
    }

  if (!JSON_NODE_HOLDS_ARRAY (json) || json_array_get_length (json_node_get_array (json)) == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Operator %s needs a non-empty array of conditions"), name);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (json)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (json), i);
      MikroFilterNode *child = parse_object (meta, element, error);

      if (child == NULL)
        return NULL;
      g_ptr_array_add (node->children, child);
    }

  return g_steal_pointer (&node);
}

/* An object of conditions, AND-ed. "{}" is an AND with no operand, which
 * matches everything. */
static MikroFilterNode *
parse_object (MikroEntityMetadata  *meta,
              JsonNode           *json,
              GError            **error)
{
  g_autoptr(MikroFilterNode) and = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (json))
    {
      g_autofree char *text = describe_json (json);

      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("A filter must be a JSON object, not %s"), text);
      return NULL;
    }

  object = json_node_get_object (json);
  members = json_object_get_members (object);
  and = node_new (MIKRO_FILTER_AND);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *operand = json_object_get_member (object, member);
      MikroFilterNode *child;

      if (g_str_equal (member, "$and"))
        child = parse_logical (meta, MIKRO_FILTER_AND, member, operand, error);
      else if (g_str_equal (member, "$or"))
        child = parse_logical (meta, MIKRO_FILTER_OR, member, operand, error);
      else if (g_str_equal (member, "$not"))
        child = parse_logical (meta, MIKRO_FILTER_NOT, member, operand, error);
      else if (member[0] == '$')
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                       _("Unknown operator “%s” at the top of a filter"), member);
          return NULL;
        }
      else
        child = parse_property (meta, member, operand, error);

      if (child == NULL)
        return NULL;
      g_ptr_array_add (and->children, child);
    }

  if (and->children->len == 1)
    return g_ptr_array_steal_index (and->children, 0);

  return g_steal_pointer (&and);
}

/*
 * _mikro_filter_parse:
 * @json: (nullable): a FilterQuery as JSON text; %NULL or "" matches all
 *
 * Returns: the resolved tree, or %NULL with @error set. A filter that
 * matches everything is an AND node with no children.
 */
MikroFilterNode *
_mikro_filter_parse (MikroEntityMetadata  *meta,
                     const char         *json,
                     GError            **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  if (json == NULL || *json == '\0')
    return node_new (MIKRO_FILTER_AND);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("The filter “%s” is not valid JSON: %s"),
                   json, local_error->message);
      return NULL;
    }

  return parse_object (meta, json_parser_get_root (parser), error);
}

MikroFilterNode *
_mikro_filter_new_pk (MikroEntityMetadata *meta,
                      const GValue      *pk)
{
  guint n_keys;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  MikroFilterNode *and = n_keys > 1 ? node_new (MIKRO_FILTER_AND) : NULL;

  /* @pk holds a value per key column */
  for (guint i = 0; i < n_keys; i++)
    {
      MikroFilterNode *node = node_new (MIKRO_FILTER_COMPARE);
      GValue *value;

      node->prop = &props[keys[i]];
      node->op = MIKRO_FILTER_OP_EQ;
      g_array_set_size (node->values, 1);
      value = &g_array_index (node->values, GValue, 0);
      g_value_init (value, G_VALUE_TYPE (&pk[i]));
      g_value_copy (&pk[i], value);
      if (and == NULL)
        return node;
      g_ptr_array_add (and->children, node);
    }

  return and;
}

/* @prop IN (@values): a string column's values, for the discriminator of
 * a single-table hierarchy. */
MikroFilterNode *
_mikro_filter_new_in_strings (const MikroPropertyMeta *prop,
                              const char * const      *values)
{
  MikroFilterNode *node = node_new (MIKRO_FILTER_COMPARE);

  node->prop = prop;
  node->op = MIKRO_FILTER_OP_IN;
  for (guint i = 0; values[i] != NULL; i++)
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, values[i]);
      g_array_append_val (node->values, value);
    }

  return node;
}

/* @a AND @b, taking both; either may be NULL. */
MikroFilterNode *
_mikro_filter_new_and (MikroFilterNode *a,
                       MikroFilterNode *b)
{
  MikroFilterNode *node;

  if (a == NULL)
    return b;
  if (b == NULL)
    return a;

  node = node_new (MIKRO_FILTER_AND);
  g_ptr_array_add (node->children, a);
  g_ptr_array_add (node->children, b);
  return node;
}

/* @prop IN (@values): every @stride-th of @n_values values. */
MikroFilterNode *
_mikro_filter_new_in_values (const MikroPropertyMeta *prop,
                             const GValue            *values,
                             guint                    n_values,
                             guint                    stride)
{
  MikroFilterNode *node = node_new (MIKRO_FILTER_COMPARE);

  node->prop = prop;
  node->op = MIKRO_FILTER_OP_IN;
  for (guint i = 0; i < n_values; i += stride)
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, G_VALUE_TYPE (&values[i]));
      g_value_copy (&values[i], &value);
      g_array_append_val (node->values, value);
    }

  return node;
}
