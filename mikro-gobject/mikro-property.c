/* mikro-property.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-driver-private.h"
#include "mikro-enums.h"
#include "mikro-property-private.h"

/**
 * MikroProperty:
 *
 * How one property of an entity is mapped: its column, column type, length,
 * precision, default and [flags@Mikro.PropertyFlags].
 *
 * [method@Mikro.EntitySchema.add_property] returns one to refine:
 *
 * ```c
 * MikroProperty *price = mikro_entity_schema_add_property (schema, "price", NULL, MIKRO_PROPERTY_NONE);
 * mikro_property_set_precision (price, 10, 2);
 * ```
 *
 * The properties of a discovered entity ([method@Mikro.EntityMetadata.list_properties])
 * are sealed copies with every name resolved; setting anything on them is a
 * programming error.
 *
 * Since: 1.0
 */

struct _MikroProperty
{
  GObject             parent_instance;

  char               *name;
  char               *column;
  char               *column_type;
  char               *default_raw;
  char               *serialized_name;
  GValue              default_value;
  MikroType          *custom_type;
  MikroPropertyFlags  flags;
  MikroEnumMode       enum_mode;
  guint               length;
  guint               precision;
  guint               scale;
  GType               value_type;
  guint               sealed : 1;
};

G_DEFINE_FINAL_TYPE (MikroProperty, mikro_property, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COLUMN,
  PROP_FLAGS,
  PROP_COLUMN_TYPE,
  PROP_LENGTH,
  PROP_PRECISION,
  PROP_SCALE,
  PROP_DEFAULT_RAW,
  PROP_ENUM_MODE,
  PROP_SERIALIZED_NAME,
  PROP_VALUE_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define return_if_sealed(self) \
  g_return_if_fail (!(self)->sealed)

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
mikro_property_finalize (GObject *object)
{
  MikroProperty *self = (MikroProperty *)object;

  g_free (self->name);
  g_free (self->column);
  g_free (self->column_type);
  g_free (self->default_raw);
  g_free (self->serialized_name);
  g_clear_object (&self->custom_type);
  if (G_IS_VALUE (&self->default_value))
    g_value_unset (&self->default_value);

  G_OBJECT_CLASS (mikro_property_parent_class)->finalize (object);
}

static void
mikro_property_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MikroProperty *self = MIKRO_PROPERTY (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_COLUMN: g_value_set_string (value, self->column); break;
    case PROP_FLAGS: g_value_set_flags (value, self->flags); break;
    case PROP_COLUMN_TYPE: g_value_set_string (value, self->column_type); break;
    case PROP_LENGTH: g_value_set_uint (value, self->length); break;
    case PROP_PRECISION: g_value_set_uint (value, self->precision); break;
    case PROP_SCALE: g_value_set_uint (value, self->scale); break;
    case PROP_DEFAULT_RAW: g_value_set_string (value, self->default_raw); break;
    case PROP_ENUM_MODE: g_value_set_enum (value, self->enum_mode); break;
    case PROP_SERIALIZED_NAME: g_value_set_string (value, self->serialized_name); break;
    case PROP_VALUE_TYPE: g_value_set_gtype (value, self->value_type); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_property_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MikroProperty *self = MIKRO_PROPERTY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_COLUMN: mikro_property_set_column (self, g_value_get_string (value)); break;
    case PROP_FLAGS: mikro_property_set_flags (self, g_value_get_flags (value)); break;
    case PROP_COLUMN_TYPE: mikro_property_set_column_type (self, g_value_get_string (value)); break;
    case PROP_LENGTH: mikro_property_set_length (self, g_value_get_uint (value)); break;
    case PROP_PRECISION: mikro_property_set_precision (self, g_value_get_uint (value), self->scale); break;
    case PROP_SCALE: mikro_property_set_precision (self, self->precision, g_value_get_uint (value)); break;
    case PROP_DEFAULT_RAW: mikro_property_set_default_raw (self, g_value_get_string (value)); break;
    case PROP_ENUM_MODE: mikro_property_set_enum_mode (self, g_value_get_enum (value)); break;
    case PROP_SERIALIZED_NAME: mikro_property_set_serialized_name (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_property_class_init (MikroPropertyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mikro_property_finalize;
  object_class->get_property = mikro_property_get_property;
  object_class->set_property = mikro_property_set_property;

  /**
   * MikroProperty:name:
   *
   * The name of the GObject property this maps.
   *
   * Since: 1.0
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * MikroProperty:column:
   *
   * The column (or document field) name; %NULL until discovery when the
   * naming strategy chooses it.
   *
   * Since: 1.0
   */
  properties[PROP_COLUMN] = g_param_spec_string ("column", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:flags:
   *
   * How the property is mapped.
   *
   * Since: 1.0
   */
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, MIKRO_TYPE_PROPERTY_FLAGS, MIKRO_PROPERTY_NONE, rw);

  /**
   * MikroProperty:column-type:
   *
   * A column type to use instead of the one inferred from the value type,
   * in the database's own spelling (`text`, `citext`, `decimal(20,4)`).
   *
   * Since: 1.0
   */
  properties[PROP_COLUMN_TYPE] = g_param_spec_string ("column-type", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:length:
   *
   * The length of a string column; 0 for the default of 255.
   *
   * Since: 1.0
   */
  properties[PROP_LENGTH] = g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0, rw);

  /**
   * MikroProperty:precision:
   *
   * The number of digits of a decimal column; 0 for a floating-point column.
   *
   * Since: 1.0
   */
  properties[PROP_PRECISION] = g_param_spec_uint ("precision", NULL, NULL, 0, 1000, 0, rw);

  /**
   * MikroProperty:scale:
   *
   * The number of digits after the decimal point of a decimal column.
   *
   * Since: 1.0
   */
  properties[PROP_SCALE] = g_param_spec_uint ("scale", NULL, NULL, 0, 1000, 0, rw);

  /**
   * MikroProperty:default-raw:
   *
   * A database-side default as an SQL expression, used verbatim
   * (`current_timestamp`).
   *
   * Since: 1.0
   */
  properties[PROP_DEFAULT_RAW] = g_param_spec_string ("default-raw", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:enum-mode:
   *
   * How a GEnum or GFlags property is stored.
   *
   * Since: 1.0
   */
  properties[PROP_ENUM_MODE] =
    g_param_spec_enum ("enum-mode", NULL, NULL, MIKRO_TYPE_ENUM_MODE, MIKRO_ENUM_MODE_STRING, rw);

  /**
   * MikroProperty:serialized-name:
   *
   * The member name serialization uses instead of the property name.
   *
   * Since: 1.0
   */
  properties[PROP_SERIALIZED_NAME] = g_param_spec_string ("serialized-name", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:value-type:
   *
   * The value type of the GObject property; known once discovered.
   *
   * Since: 1.0
   */
  properties[PROP_VALUE_TYPE] =
    g_param_spec_gtype ("value-type", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_property_init (MikroProperty *self)
{
  self->value_type = G_TYPE_INVALID;
}

MikroProperty *
_mikro_property_new (const char         *name,
                     const char         *column,
                     MikroPropertyFlags  flags)
{
  MikroProperty *self = g_object_new (MIKRO_TYPE_PROPERTY, "name", name, NULL);

  self->column = g_strdup (column);
  self->flags = flags;
  return self;
}

/* The resolved copy an entity's metadata keeps; the declaration stays
 * editable and shared. */
MikroProperty *
_mikro_property_copy (MikroProperty *self)
{
  MikroProperty *copy = _mikro_property_new (self->name, self->column, self->flags);

  copy->column_type = g_strdup (self->column_type);
  copy->default_raw = g_strdup (self->default_raw);
  copy->serialized_name = g_strdup (self->serialized_name);
  copy->enum_mode = self->enum_mode;
  copy->length = self->length;
  copy->precision = self->precision;
  copy->scale = self->scale;
  copy->value_type = self->value_type;
  copy->custom_type = self->custom_type != NULL ? g_object_ref (self->custom_type) : NULL;
  if (G_IS_VALUE (&self->default_value))
    {
      g_value_init (&copy->default_value, G_VALUE_TYPE (&self->default_value));
      g_value_copy (&self->default_value, &copy->default_value);
    }

  return copy;
}

void
_mikro_property_resolve (MikroProperty *self,
                         const char    *column,
                         GType          value_type)
{
  g_free (self->column);
  self->column = g_strdup (column);
  self->value_type = value_type;
  self->sealed = TRUE;
}

const GValue *
_mikro_property_peek_default (MikroProperty *self)
{
  return G_IS_VALUE (&self->default_value) ? &self->default_value : NULL;
}

/**
 * mikro_property_get_name:
 * @self: a property mapping
 *
 * Returns: the name of the GObject property
 *
 * Since: 1.0
 */
const char *
mikro_property_get_name (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->name;
}

/**
 * mikro_property_get_column:
 * @self: a property mapping
 *
 * Returns: (nullable): the column name, or %NULL if the naming strategy
 *   has not chosen it yet
 *
 * Since: 1.0
 */
const char *
mikro_property_get_column (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->column;
}

/**
 * mikro_property_set_column:
 * @self: a property mapping
 * @column: (nullable): the column name, or %NULL to let the naming
 *   strategy choose
 *
 * Sets the column name.
 *
 * Since: 1.0
 */
void
mikro_property_set_column (MikroProperty *self,
                           const char    *column)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN]);
}

/**
 * mikro_property_get_flags:
 * @self: a property mapping
 *
 * Returns: the mapping flags
 *
 * Since: 1.0
 */
MikroPropertyFlags
mikro_property_get_flags (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), MIKRO_PROPERTY_NONE);

  return self->flags;
}

/**
 * mikro_property_set_flags:
 * @self: a property mapping
 * @flags: the mapping flags
 *
 * Sets the mapping flags.
 *
 * Since: 1.0
 */
void
mikro_property_set_flags (MikroProperty      *self,
                          MikroPropertyFlags  flags)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (self->flags == flags)
    return;
  self->flags = flags;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
}

/**
 * mikro_property_get_column_type:
 * @self: a property mapping
 *
 * Returns: (nullable): the explicit column type, or %NULL to infer it
 *
 * Since: 1.0
 */
const char *
mikro_property_get_column_type (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->column_type;
}

/**
 * mikro_property_set_column_type:
 * @self: a property mapping
 * @column_type: (nullable): a column type in the database's spelling, or
 *   %NULL to infer it from the value type
 *
 * Overrides the column type.
 *
 * Since: 1.0
 */
void
mikro_property_set_column_type (MikroProperty *self,
                                const char    *column_type)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->column_type, column_type))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_TYPE]);
}

/**
 * mikro_property_get_length:
 * @self: a property mapping
 *
 * Returns: the string length, 0 for the default
 *
 * Since: 1.0
 */
guint
mikro_property_get_length (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), 0);

  return self->length;
}

/**
 * mikro_property_set_length:
 * @self: a property mapping
 * @length: the maximum length of a string column, 0 for the default (255)
 *
 * Sets the length of a string column.
 *
 * Since: 1.0
 */
void
mikro_property_set_length (MikroProperty *self,
                           guint          length)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (self->length == length)
    return;
  self->length = length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
}

/**
 * mikro_property_get_precision:
 * @self: a property mapping
 *
 * Returns: the decimal precision, 0 for a floating-point column
 *
 * Since: 1.0
 */
guint
mikro_property_get_precision (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), 0);

  return self->precision;
}

/**
 * mikro_property_get_scale:
 * @self: a property mapping
 *
 * Returns: the decimal scale
 *
 * Since: 1.0
 */
guint
mikro_property_get_scale (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), 0);

  return self->scale;
}

/**
 * mikro_property_set_precision:
 * @self: a property mapping
 * @precision: the number of digits, 0 for a floating-point column
 * @scale: the digits after the decimal point
 *
 * Makes a numeric property a decimal column, `numeric(precision, scale)`.
 *
 * Since: 1.0
 */
void
mikro_property_set_precision (MikroProperty *self,
                              guint          precision,
                              guint          scale)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->precision != precision)
    {
      self->precision = precision;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRECISION]);
    }
  if (self->scale != scale)
    {
      self->scale = scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * mikro_property_get_default_raw:
 * @self: a property mapping
 *
 * Returns: (nullable): the SQL expression of the column default
 *
 * Since: 1.0
 */
const char *
mikro_property_get_default_raw (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->default_raw;
}

/**
 * mikro_property_set_default_raw:
 * @self: a property mapping
 * @expression: (nullable): an SQL expression, used verbatim
 *
 * Sets a database-side default given as SQL (MikroORM's `defaultRaw`).
 *
 * Since: 1.0
 */
void
mikro_property_set_default_raw (MikroProperty *self,
                                const char    *expression)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->default_raw, expression))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_RAW]);
}

/**
 * mikro_property_get_default:
 * @self: a property mapping
 * @value: (out caller-allocates): an uninitialized #GValue
 *
 * Returns: %TRUE and sets @value if the property has a default value
 *
 * Since: 1.0
 */
gboolean
mikro_property_get_default (MikroProperty *self,
                            GValue        *value)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), FALSE);

  if (!G_IS_VALUE (&self->default_value))
    return FALSE;

  g_value_init (value, G_VALUE_TYPE (&self->default_value));
  g_value_copy (&self->default_value, value);
  return TRUE;
}

/**
 * mikro_property_set_default:
 * @self: a property mapping
 * @value: (nullable): the default value of the column, or %NULL for none
 *
 * Sets a database-side default given as a value (MikroORM's `default`).
 * It becomes an SQL literal of the column's type at schema creation.
 *
 * Since: 1.0
 */
void
mikro_property_set_default (MikroProperty *self,
                            const GValue  *value)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (G_IS_VALUE (&self->default_value))
    g_value_unset (&self->default_value);
  if (value != NULL)
    {
      g_value_init (&self->default_value, G_VALUE_TYPE (value));
      g_value_copy (value, &self->default_value);
    }
}

/**
 * mikro_property_get_enum_mode:
 * @self: a property mapping
 *
 * Returns: how an enumeration is stored
 *
 * Since: 1.0
 */
MikroEnumMode
mikro_property_get_enum_mode (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), MIKRO_ENUM_MODE_STRING);

  return self->enum_mode;
}

/**
 * mikro_property_set_enum_mode:
 * @self: a property mapping
 * @mode: how a GEnum or GFlags value is stored
 *
 * Sets how an enumeration is stored.
 *
 * Since: 1.0
 */
void
mikro_property_set_enum_mode (MikroProperty *self,
                              MikroEnumMode  mode)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (self->enum_mode == mode)
    return;
  self->enum_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENUM_MODE]);
}

/**
 * mikro_property_get_serialized_name:
 * @self: a property mapping
 *
 * Returns: (nullable): the name serialization uses, or %NULL for the
 *   property name
 *
 * Since: 1.0
 */
const char *
mikro_property_get_serialized_name (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->serialized_name;
}

/**
 * mikro_property_set_serialized_name:
 * @self: a property mapping
 * @name: (nullable): the member name in serialized form
 *
 * Sets the name serialization uses for the property.
 *
 * Since: 1.0
 */
void
mikro_property_set_serialized_name (MikroProperty *self,
                                    const char    *name)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->serialized_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIALIZED_NAME]);
}

/**
 * mikro_property_get_custom_type:
 * @self: a property mapping
 *
 * Returns: (transfer none) (nullable): the custom type storing the
 *   property, or %NULL
 *
 * Since: 1.0
 */
MikroType *
mikro_property_get_custom_type (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->custom_type;
}

/**
 * mikro_property_set_custom_type:
 * @self: a property mapping
 * @type: (nullable): a custom type, or %NULL to store the value as it is
 *
 * Stores the property through @type: its value type then needs no mapping
 * of its own, and the column has @type's database type.
 *
 * Since: 1.0
 */
void
mikro_property_set_custom_type (MikroProperty *self,
                                MikroType     *type)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  g_return_if_fail (type == NULL || MIKRO_IS_TYPE (type));
  return_if_sealed (self);

  g_set_object (&self->custom_type, type);
}

/**
 * mikro_property_get_value_type:
 * @self: a property mapping
 *
 * Returns: the value type of the GObject property, or %G_TYPE_INVALID
 *   before discovery
 *
 * Since: 1.0
 */
GType
mikro_property_get_value_type (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), G_TYPE_INVALID);

  return self->value_type;
}
