/* mikro-value.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mikro-driver-private.h"
#include "mikro-entity-schema-private.h"

/* Conversions every driver shares: the text form of the kinds databases
 * have no common native type for, and value comparison for change
 * detection. */

static gboolean
enum_as_integer (const MikroPropertyMeta *prop)
{
  return mikro_property_get_enum_mode (prop->property) == MIKRO_ENUM_MODE_INTEGER;
}

gboolean
_mikro_value_is_text_encoded (const MikroPropertyMeta *prop)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      return !enum_as_integer (prop);
    case MIKRO_VALUE_UINT64:
    case MIKRO_VALUE_STRV:
    case MIKRO_VALUE_JSON:
    case MIKRO_VALUE_VARIANT:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
flags_to_text (GType  type,
               guint  value)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);
  GString *out = g_string_new (NULL);
  guint rest = value;

  for (guint i = 0; i < klass->n_values; i++)
    {
      const GFlagsValue *fv = &klass->values[i];

      /* single bits only, so that composite masks are not written twice */
      if (fv->value == 0 || (fv->value & (fv->value - 1)) != 0)
        continue;
      if ((value & fv->value) == fv->value)
        {
          if (out->len > 0)
            g_string_append_c (out, '|');
          g_string_append (out, fv->value_nick);
          rest &= ~fv->value;
        }
    }

  /* bits no single-bit nick names are kept as a number */
  if (rest != 0)
    g_string_append_printf (out, "%s%u", out->len > 0 ? "|" : "", rest);

  return g_string_free (out, FALSE);
}

/*
 * _mikro_value_to_text:
 *
 * Returns: (nullable): the text form, or %NULL for a NULL value
 */
char *
_mikro_value_to_text (const MikroPropertyMeta *prop,
                      const GValue            *value)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (prop->value_type);
        GEnumValue *ev = g_enum_get_value (klass, g_value_get_enum (value));

        return ev != NULL ? g_strdup (ev->value_nick) : g_strdup_printf ("%d", g_value_get_enum (value));
      }

    case MIKRO_VALUE_FLAGS:
      return flags_to_text (prop->value_type, g_value_get_flags (value));

    case MIKRO_VALUE_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT,
                              G_VALUE_HOLDS_ULONG (value) ? g_value_get_ulong (value) : g_value_get_uint64 (value));

    case MIKRO_VALUE_STRV:
      {
        const char * const *strv = g_value_get_boxed (value);
        g_autoptr(JsonBuilder) builder = NULL;
        g_autoptr(JsonNode) root = NULL;

        if (strv == NULL)
          return NULL;
        builder = json_builder_new ();
        json_builder_begin_array (builder);
        for (guint i = 0; strv[i] != NULL; i++)
          json_builder_add_string_value (builder, strv[i]);
        json_builder_end_array (builder);
        root = json_builder_get_root (builder);
        return json_to_string (root, FALSE);
      }

    case MIKRO_VALUE_JSON:
      {
        JsonNode *node = g_value_get_boxed (value);

        return node != NULL ? json_to_string (node, FALSE) : NULL;
      }

    case MIKRO_VALUE_VARIANT:
      {
        GVariant *variant = g_value_get_variant (value);

        return variant != NULL ? g_variant_print (variant, TRUE) : NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

static gboolean
text_error (const MikroPropertyMeta  *prop,
            const char               *text,
            const char               *detail,
            GError                  **error)
{
  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
               _("“%s” is not a value of property “%s” (%s): %s"),
               text, prop->name, g_type_name (prop->value_type), detail);
  return FALSE;
}

gboolean
_mikro_value_from_text (const MikroPropertyMeta  *prop,
                        const char               *text,
                        GValue                   *value,
                        GError                  **error)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (prop->value_type);
        GEnumValue *ev = g_enum_get_value_by_nick (klass, text);
        gint64 number;

        if (ev == NULL)
          ev = g_enum_get_value_by_name (klass, text);
        if (ev != NULL)
          {
            g_value_set_enum (value, ev->value);
            return TRUE;
          }
        /* a value without a nick is written as its number */
        if (g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &number, NULL))
          {
            g_value_set_enum (value, (gint)number);
            return TRUE;
          }
        return text_error (prop, text, _("no such nick"), error);
      }

    case MIKRO_VALUE_FLAGS:
      {
        g_autoptr(GFlagsClass) klass = g_type_class_ref (prop->value_type);
        g_auto(GStrv) nicks = g_strsplit (text, "|", -1);
        guint flags = 0;

        for (guint i = 0; nicks[i] != NULL; i++)
          {
            GFlagsValue *fv;
            guint64 number;

            g_strstrip (nicks[i]);
            if (nicks[i][0] == '\0')
              continue;
            fv = g_flags_get_value_by_nick (klass, nicks[i]);
            if (fv == NULL)
              fv = g_flags_get_value_by_name (klass, nicks[i]);
            if (fv != NULL)
              flags |= fv->value;
            else if (g_ascii_string_to_unsigned (nicks[i], 10, 0, G_MAXUINT, &number, NULL))
              flags |= (guint)number;
            else
              return text_error (prop, text, _("no such nick"), error);
          }
        g_value_set_flags (value, flags);
        return TRUE;
      }

    case MIKRO_VALUE_UINT64:
      {
        guint64 v;

        if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &v, NULL))
          return text_error (prop, text, _("not an unsigned 64-bit integer"), error);
        if (G_VALUE_HOLDS_ULONG (value))
          g_value_set_ulong (value, v);
        else
          g_value_set_uint64 (value, v);
        return TRUE;
      }

    case MIKRO_VALUE_STRV:
      {
        g_autoptr(JsonNode) node = NULL;
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GStrvBuilder) builder = NULL;
        JsonArray *array;

        node = json_from_string (text, &local_error);
        if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
          return text_error (prop, text, local_error ? local_error->message : _("not a JSON array"), error);
        array = json_node_get_array (node);
        builder = g_strv_builder_new ();
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
              return text_error (prop, text, _("not an array of strings"), error);
            g_strv_builder_add (builder, json_node_get_string (element));
          }
        g_value_take_boxed (value, g_strv_builder_end (builder));
        return TRUE;
      }

    case MIKRO_VALUE_JSON:
      {
        g_autoptr(GError) local_error = NULL;
        JsonNode *node = json_from_string (text, &local_error);

        if (node == NULL)
          return text_error (prop, text, local_error ? local_error->message : _("empty"), error);
        g_value_take_boxed (value, node);
        return TRUE;
      }

    case MIKRO_VALUE_VARIANT:
      {
        g_autoptr(GError) local_error = NULL;
        const GVariantType *type = G_PARAM_SPEC_VARIANT (prop->pspec)->type;
        GVariant *variant;

        /* parse with the property's type where it is definite, so that
         * "5" becomes the int32 or the byte the property holds */
        if (type != NULL && !g_variant_type_is_definite (type))
          type = NULL;
        variant = g_variant_parse (type, text, NULL, NULL, &local_error);

        if (variant == NULL)
          return text_error (prop, text, local_error->message, error);
        g_value_take_variant (value, variant);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

gint64
_mikro_value_to_integer (const MikroPropertyMeta *prop,
                         const GValue            *value)
{
  if (prop->kind == MIKRO_VALUE_ENUM)
    return g_value_get_enum (value);
  return g_value_get_flags (value);
}

void
_mikro_value_from_integer (const MikroPropertyMeta *prop,
                           gint64                   integer,
                           GValue                  *value)
{
  if (prop->kind == MIKRO_VALUE_ENUM)
    g_value_set_enum (value, (gint)integer);
  else
    g_value_set_flags (value, (guint)integer);
}

static gboolean
bytes_equal (GBytes *a,
             GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

/* Equality for change detection: a property set back to its original
 * value is not a change. */
gboolean
_mikro_value_equal (const MikroPropertyMeta *prop,
                    const GValue            *a,
                    const GValue            *b)
{
  /* an unset value is NULL (a column of an embedded object that is NULL) */
  if (!G_IS_VALUE (a) || !G_IS_VALUE (b))
    return G_IS_VALUE (a) == G_IS_VALUE (b);

  /* a join column holds the key of the related entity */
  if (prop->relation != NULL)
    return _mikro_value_equal (_mikro_entity_metadata_get_pk (prop->relation->target), a, b);

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN:
      return g_value_get_boolean (a) == g_value_get_boolean (b);
    case MIKRO_VALUE_INT:
    case MIKRO_VALUE_UINT:
    case MIKRO_VALUE_INT64:
    case MIKRO_VALUE_UINT64:
    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      /* same type on both sides: compare the raw data */
      return g_param_values_cmp (prop->pspec, a, b) == 0;
    /* NaN equals NaN here: a property holding it is not changed */
    case MIKRO_VALUE_DOUBLE:
      return g_value_get_double (a) == g_value_get_double (b) ||
             (isnan (g_value_get_double (a)) && isnan (g_value_get_double (b)));
    case MIKRO_VALUE_FLOAT:
      return g_value_get_float (a) == g_value_get_float (b) ||
             (isnan (g_value_get_float (a)) && isnan (g_value_get_float (b)));
    case MIKRO_VALUE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case MIKRO_VALUE_DATETIME:
      {
        GDateTime *da = g_value_get_boxed (a);
        GDateTime *db = g_value_get_boxed (b);

        if (da == NULL || db == NULL)
          return da == db;
        return g_date_time_equal (da, db);
      }
    case MIKRO_VALUE_BYTES:
      return bytes_equal (g_value_get_boxed (a), g_value_get_boxed (b));
    case MIKRO_VALUE_STRV:
      return strv_equal (g_value_get_boxed (a), g_value_get_boxed (b));
    case MIKRO_VALUE_JSON:
      {
        JsonNode *na = g_value_get_boxed (a);
        JsonNode *nb = g_value_get_boxed (b);

        if (na == NULL || nb == NULL)
          return na == nb;
        return json_node_equal (na, nb);
      }
    case MIKRO_VALUE_VARIANT:
      {
        GVariant *va = g_value_get_variant (a);
        GVariant *vb = g_value_get_variant (b);

        if (va == NULL || vb == NULL)
          return va == vb;
        return g_variant_equal (va, vb);
      }
    default:
      g_assert_not_reached ();
    }
}

/* The stored GValue of a custom type's GVariant, and back. */
static gboolean
variant_to_stored (const MikroPropertyMeta  *prop,
                   GVariant                 *variant,
                   GValue                   *stored,
                   GError                  **error)
{
  if (!g_variant_is_of_type (variant, prop->database_type))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("The custom type of property “%s” returned a “%s” value, not its database type “%s”"),
                   prop->name, g_variant_get_type_string (variant),
                   g_variant_type_peek_string (prop->database_type));
      return FALSE;
    }

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: g_value_set_boolean (stored, g_variant_get_boolean (variant)); break;
    case MIKRO_VALUE_INT: g_value_set_int (stored, g_variant_get_int32 (variant)); break;
    case MIKRO_VALUE_UINT: g_value_set_uint (stored, g_variant_get_uint32 (variant)); break;
    case MIKRO_VALUE_INT64: g_value_set_int64 (stored, g_variant_get_int64 (variant)); break;
    case MIKRO_VALUE_UINT64: g_value_set_uint64 (stored, g_variant_get_uint64 (variant)); break;
    case MIKRO_VALUE_DOUBLE: g_value_set_double (stored, g_variant_get_double (variant)); break;
    case MIKRO_VALUE_STRING: g_value_set_string (stored, g_variant_get_string (variant, NULL)); break;
    case MIKRO_VALUE_BYTES:
      {
        gsize size;
        gconstpointer data = g_variant_get_fixed_array (variant, &size, 1);

        g_value_take_boxed (stored, g_bytes_new (data, size));
        break;
      }
    case MIKRO_VALUE_STRV: g_value_take_boxed (stored, g_variant_dup_strv (variant, NULL)); break;
    default: g_assert_not_reached ();
    }

  return TRUE;
}

static GVariant *
stored_to_variant (const MikroPropertyMeta *prop,
                   const GValue            *stored)
{
  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return g_variant_new_boolean (g_value_get_boolean (stored));
    case MIKRO_VALUE_INT: return g_variant_new_int32 (g_value_get_int (stored));
    case MIKRO_VALUE_UINT: return g_variant_new_uint32 (g_value_get_uint (stored));
    case MIKRO_VALUE_INT64: return g_variant_new_int64 (g_value_get_int64 (stored));
    case MIKRO_VALUE_UINT64: return g_variant_new_uint64 (g_value_get_uint64 (stored));
    case MIKRO_VALUE_DOUBLE: return g_variant_new_double (g_value_get_double (stored));
    case MIKRO_VALUE_STRING:
      return g_value_get_string (stored) != NULL ? g_variant_new_string (g_value_get_string (stored)) : NULL;
    case MIKRO_VALUE_BYTES:
      {
        GBytes *bytes = g_value_get_boxed (stored);

        return bytes != NULL ? g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE) : NULL;
      }
    case MIKRO_VALUE_STRV:
      {
        const char * const *strv = g_value_get_boxed (stored);

        return strv != NULL ? g_variant_new_strv (strv, -1) : NULL;
      }
    default:
      g_assert_not_reached ();
    }
}

/*
 * _mikro_value_read_stored:
 * @stored: an uninitialized GValue
 */
gboolean
_mikro_value_read_stored (const MikroPropertyMeta  *prop,
                          GObject                  *object,
                          GValue                   *stored,
                          GError                  **error)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GVariant) variant = NULL;

  g_value_init (stored, prop->value_type);

  /* the discriminator of a single-table hierarchy: the entity's type */
  if (prop->discriminator)
    {
      g_value_set_string (stored, prop->discriminator_value);
      return TRUE;
    }

  /* a column of an embedded object */
  if (prop->embedded != NULL)
    {
      g_autoptr(GObject) holder = NULL;

      g_object_get (object, prop->embedded->name, &holder, NULL);
      if (prop->pspec == NULL)
        {
          /* the whole object as JSON; no object is SQL NULL */
          if (holder != NULL)
            g_value_take_boxed (stored, _mikro_embeddable_to_json (holder, prop->embeddable_type));
          return TRUE;
        }
      if (holder == NULL)
        {
          g_value_unset (stored);
          return TRUE;
        }
      g_object_get_property (holder, prop->pspec->name, stored);
      return TRUE;
    }

  /* a join column: the key of the related entity, or no key for none */
  if (prop->relation != NULL)
    {
      g_autoptr(GObject) related = NULL;
      g_auto(GValue) key = G_VALUE_INIT;

      g_object_get (object, prop->name, &related, NULL);
      if (related == NULL)
        return TRUE;
      if (!_mikro_value_read_stored (_mikro_entity_metadata_get_pk (prop->relation->target),
                                     related, &key, error))
        return FALSE;
      g_value_copy (&key, stored);
      return TRUE;
    }

  if (prop->custom_type == NULL)
    {
      g_object_get_property (object, prop->name, stored);
      return TRUE;
    }

  g_value_init (&value, prop->property_type);
  g_object_get_property (object, prop->name, &value);
  variant = mikro_type_to_database (prop->custom_type, &value, error);
  if (variant == NULL)
    return error == NULL || *error == NULL;   /* NULL without an error is SQL NULL */

  g_variant_ref_sink (variant);
  return variant_to_stored (prop, variant, stored, error);
}

gboolean
_mikro_value_write_stored (const MikroPropertyMeta  *prop,
                           GObject                  *object,
                           const GValue             *stored,
                           GError                  **error)
{
  g_autoptr(GVariant) variant = NULL;

  /* the entity manager turns keys into entities (references), the
   * discriminator into the entity's type, and the columns of an embedded
   * object into that object */
  g_return_val_if_fail (prop->relation == NULL && !prop->discriminator && prop->embedded == NULL, FALSE);

  if (prop->custom_type == NULL)
    {
      g_object_set_property (object, prop->name, stored);
      return TRUE;
    }

  variant = stored_to_variant (prop, stored);
  if (variant == NULL)
    {
      g_auto(GValue) unset = G_VALUE_INIT;

      /* a NULL column: the property's default */
      g_value_init (&unset, prop->property_type);
      g_param_value_set_default (prop->pspec, &unset);
      g_object_set_property (object, prop->name, &unset);
      return TRUE;
    }

  g_variant_ref_sink (variant);
  if (!mikro_type_from_database (prop->custom_type, variant, object, prop->name, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                     _("The custom type of property “%s” could not read a stored value"), prop->name);
      return FALSE;
    }

  return TRUE;
}

/* Whether a key holds a value: a generated key of 0 or a NULL or empty
 * string is the key of an entity not inserted yet. */
gboolean
_mikro_value_key_is_set (const GValue *key)
{
  if (!G_IS_VALUE (key))
    return FALSE;
  if (G_VALUE_HOLDS_STRING (key))
    return g_value_get_string (key) != NULL && *g_value_get_string (key) != '\0';
  if (G_VALUE_HOLDS_INT (key))
    return g_value_get_int (key) != 0;
  if (G_VALUE_HOLDS_INT64 (key))
    return g_value_get_int64 (key) != 0;
  if (G_VALUE_HOLDS_LONG (key))
    return g_value_get_long (key) != 0;
  if (G_VALUE_HOLDS_UINT (key))
    return g_value_get_uint (key) != 0;
  if (G_VALUE_HOLDS_UINT64 (key))
    return g_value_get_uint64 (key) != 0;
  return TRUE;
}

gboolean
_mikro_value_is_null (const MikroPropertyMeta *prop,
                      const GValue            *value)
{
  if (!G_IS_VALUE (value))
    return TRUE;
  if (prop != NULL && prop->relation != NULL)
    return !_mikro_value_key_is_set (value);
  return _mikro_filter_value_is_null (value);
}

/* A scalar property value as JSON, for embedded objects stored whole:
 * numbers, booleans, strings, enums by nick, flags by value,
 * dates as ISO 8601 text. Discovery lets no other type in. */
static JsonNode *
value_to_json (const GValue *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  GType type = G_VALUE_TYPE (value);

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN: json_node_set_boolean (node, g_value_get_boolean (value)); break;
    case G_TYPE_INT: json_node_set_int (node, g_value_get_int (value)); break;
    case G_TYPE_UINT: json_node_set_int (node, g_value_get_uint (value)); break;
    case G_TYPE_INT64: json_node_set_int (node, g_value_get_int64 (value)); break;
    case G_TYPE_UINT64: json_node_set_int (node, (gint64)g_value_get_uint64 (value)); break;
    case G_TYPE_LONG: json_node_set_int (node, g_value_get_long (value)); break;
    case G_TYPE_ULONG: json_node_set_int (node, (gint64)g_value_get_ulong (value)); break;
    case G_TYPE_DOUBLE: json_node_set_double (node, g_value_get_double (value)); break;
    case G_TYPE_FLOAT: json_node_set_double (node, g_value_get_float (value)); break;
    case G_TYPE_STRING:
      if (g_value_get_string (value) == NULL)
        json_node_init_null (node);
      else
        json_node_set_string (node, g_value_get_string (value));
      break;
    case G_TYPE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (type);
        GEnumValue *enum_value = g_enum_get_value (klass, g_value_get_enum (value));

        if (enum_value != NULL)
          json_node_set_string (node, enum_value->value_nick);
        else
          json_node_set_int (node, g_value_get_enum (value));
      }
      break;
    case G_TYPE_FLAGS:
      json_node_set_int (node, g_value_get_flags (value));
      break;
    case G_TYPE_BOXED:
      if (type == G_TYPE_DATE_TIME && g_value_get_boxed (value) != NULL)
        {
          g_autofree char *text = g_date_time_format_iso8601 (g_value_get_boxed (value));

          json_node_set_string (node, text);
        }
      else
        json_node_init_null (node);
      break;
    default:
      json_node_init_null (node);
      break;
    }

  return node;
}

static gboolean
value_from_json (JsonNode *node,
                 GValue   *value)
{
  GType type = G_VALUE_TYPE (value);

  if (JSON_NODE_HOLDS_NULL (node))
    return G_TYPE_FUNDAMENTAL (type) == G_TYPE_STRING || G_TYPE_FUNDAMENTAL (type) == G_TYPE_BOXED;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return FALSE;
      g_value_set_boolean (value, json_node_get_boolean (node));
      return TRUE;
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_FLAGS:
      {
        GValue number = G_VALUE_INIT;
        gboolean ok;

        if (json_node_get_value_type (node) != G_TYPE_INT64)
          return FALSE;
        g_value_init (&number, G_TYPE_INT64);
        g_value_set_int64 (&number, json_node_get_int (node));
        ok = g_value_transform (&number, value);
        g_value_unset (&number);
        return ok;
      }
    case G_TYPE_DOUBLE:
    case G_TYPE_FLOAT:
      if (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64)
        return FALSE;
      if (G_TYPE_FUNDAMENTAL (type) == G_TYPE_DOUBLE)
        g_value_set_double (value, json_node_get_double (node));
      else
        g_value_set_float (value, json_node_get_double (node));
      return TRUE;
    case G_TYPE_STRING:
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      g_value_set_string (value, json_node_get_string (node));
      return TRUE;
    case G_TYPE_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (type);
        GEnumValue *enum_value = NULL;

        if (json_node_get_value_type (node) == G_TYPE_STRING)
          enum_value = g_enum_get_value_by_nick (klass, json_node_get_string (node));
        else if (json_node_get_value_type (node) == G_TYPE_INT64)
          enum_value = g_enum_get_value (klass, json_node_get_int (node));
        if (enum_value == NULL)
          return FALSE;
        g_value_set_enum (value, enum_value->value);
        return TRUE;
      }
    case G_TYPE_BOXED:
      if (type == G_TYPE_DATE_TIME && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          GDateTime *dt = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

          if (dt == NULL)
            return FALSE;
          g_value_take_boxed (value, dt);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

/* An embedded object as one JSON object: a member per mapped property of
 * its embeddable schema, named by its serialized name. */
JsonNode *
_mikro_embeddable_to_json (GObject *object,
                           GType    embeddable_type)
{
  MikroEntitySchema *schema = mikro_entity_schema_lookup (embeddable_type);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *decls;

  json_builder_begin_object (builder);
  decls = schema != NULL ? _mikro_entity_schema_get_declarations (schema) : NULL;
  for (guint i = 0; decls != NULL && i < decls->len; i++)
    {
      MikroProperty *decl = g_ptr_array_index (decls, i);
      const char *name = mikro_property_get_name (decl);
      const char *member = mikro_property_get_serialized_name (decl) != NULL
        ? mikro_property_get_serialized_name (decl) : name;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
      g_auto(GValue) value = G_VALUE_INIT;

      if (pspec == NULL || (mikro_property_get_flags (decl) & MIKRO_PROPERTY_VIRTUAL))
        continue;
      g_value_init (&value, pspec->value_type);
      g_object_get_property (object, pspec->name, &value);
      json_builder_set_member_name (builder, member);
      json_builder_add_value (builder, value_to_json (&value));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The object a JSON object written by _mikro_embeddable_to_json() stands
 * for; members it does not know are left out. */
GObject *
_mikro_embeddable_from_json (JsonNode  *node,
                             GType      embeddable_type,
                             GError   **error)
{
  MikroEntitySchema *schema = mikro_entity_schema_lookup (embeddable_type);
  g_autoptr(GObject) object = NULL;
  JsonObject *json;
  GPtrArray *decls;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("A stored %s is not a JSON object"), g_type_name (embeddable_type));
      return NULL;
    }

  object = g_object_new (embeddable_type, NULL);
  json = json_node_get_object (node);
  decls = schema != NULL ? _mikro_entity_schema_get_declarations (schema) : NULL;
  for (guint i = 0; decls != NULL && i < decls->len; i++)
    {
      MikroProperty *decl = g_ptr_array_index (decls, i);
      const char *name = mikro_property_get_name (decl);
      const char *member = mikro_property_get_serialized_name (decl) != NULL
        ? mikro_property_get_serialized_name (decl) : name;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
      JsonNode *member_node = json_object_get_member (json, member);
      g_auto(GValue) value = G_VALUE_INIT;

      if (pspec == NULL || member_node == NULL)
        continue;
      g_value_init (&value, pspec->value_type);
      if (!value_from_json (member_node, &value))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                       _("The member “%s” of a stored %s is not a %s"),
                       member, g_type_name (embeddable_type), g_type_name (pspec->value_type));
          return NULL;
        }
      g_object_set_property (object, pspec->name, &value);
    }

  return g_steal_pointer (&object);
}
