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

  /* relations */
  MikroRelationKind       relation;
  GType                   target;
  char                   *mapped_by;
  char                   *inversed_by;
  char                   *pivot_table;
  char                   *join_column;
  char                   *inverse_join_column;
  char                   *foreign_key_name;
  GType                   pivot_entity;
  MikroCascade            cascade;
  MikroReferentialAction  on_delete;
  MikroReferentialAction  on_update;

  /* embeddables: G_TYPE_NONE until discovery when the property's type */
  GType                   embedded;
  char                   *prefix;
  gboolean                as_object;

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
  PROP_RELATION,
  PROP_TARGET,
  PROP_MAPPED_BY,
  PROP_INVERSED_BY,
  PROP_CASCADE,
  PROP_ON_DELETE,
  PROP_ON_UPDATE,
  PROP_PIVOT_TABLE,
  PROP_JOIN_COLUMN,
  PROP_INVERSE_JOIN_COLUMN,
  PROP_FOREIGN_KEY_NAME,
  PROP_PIVOT_ENTITY,
  PROP_EMBEDDED,
  PROP_PREFIX,
  PROP_AS_OBJECT,
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
  g_free (self->mapped_by);
  g_free (self->inversed_by);
  g_free (self->pivot_table);
  g_free (self->join_column);
  g_free (self->inverse_join_column);
  g_free (self->foreign_key_name);
  g_free (self->prefix);
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
    case PROP_RELATION: g_value_set_enum (value, self->relation); break;
    case PROP_TARGET: g_value_set_gtype (value, self->target); break;
    case PROP_MAPPED_BY: g_value_set_string (value, self->mapped_by); break;
    case PROP_INVERSED_BY: g_value_set_string (value, self->inversed_by); break;
    case PROP_CASCADE: g_value_set_flags (value, self->cascade); break;
    case PROP_ON_DELETE: g_value_set_enum (value, self->on_delete); break;
    case PROP_ON_UPDATE: g_value_set_enum (value, self->on_update); break;
    case PROP_PIVOT_TABLE: g_value_set_string (value, self->pivot_table); break;
    case PROP_JOIN_COLUMN: g_value_set_string (value, self->join_column); break;
    case PROP_INVERSE_JOIN_COLUMN: g_value_set_string (value, self->inverse_join_column); break;
    case PROP_FOREIGN_KEY_NAME: g_value_set_string (value, self->foreign_key_name); break;
    case PROP_PIVOT_ENTITY: g_value_set_gtype (value, self->pivot_entity); break;
    case PROP_EMBEDDED: g_value_set_gtype (value, self->embedded == G_TYPE_NONE ? G_TYPE_INVALID : self->embedded); break;
    case PROP_PREFIX: g_value_set_string (value, self->prefix); break;
    case PROP_AS_OBJECT: g_value_set_boolean (value, self->as_object); break;
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
    case PROP_MAPPED_BY: mikro_property_set_mapped_by (self, g_value_get_string (value)); break;
    case PROP_INVERSED_BY: mikro_property_set_inversed_by (self, g_value_get_string (value)); break;
    case PROP_CASCADE: mikro_property_set_cascade (self, g_value_get_flags (value)); break;
    case PROP_ON_DELETE: mikro_property_set_on_delete (self, g_value_get_enum (value)); break;
    case PROP_ON_UPDATE: mikro_property_set_on_update (self, g_value_get_enum (value)); break;
    case PROP_PIVOT_TABLE: mikro_property_set_pivot_table (self, g_value_get_string (value)); break;
    case PROP_JOIN_COLUMN: mikro_property_set_join_column (self, g_value_get_string (value)); break;
    case PROP_INVERSE_JOIN_COLUMN: mikro_property_set_inverse_join_column (self, g_value_get_string (value)); break;
    case PROP_FOREIGN_KEY_NAME: mikro_property_set_foreign_key_name (self, g_value_get_string (value)); break;
    case PROP_PIVOT_ENTITY: mikro_property_set_pivot_entity (self, g_value_get_gtype (value)); break;
    case PROP_PREFIX: mikro_property_set_prefix (self, g_value_get_string (value)); break;
    case PROP_AS_OBJECT: mikro_property_set_as_object (self, g_value_get_boolean (value)); break;
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

  /**
   * MikroProperty:relation:
   *
   * The kind of relation the property is, or %MIKRO_RELATION_NONE for a
   * scalar. [method@Mikro.EntitySchema.add_relation] sets it; a property
   * added with [method@Mikro.EntitySchema.add_property] whose value type is
   * an entity becomes a %MIKRO_RELATION_MANY_TO_ONE at discovery.
   *
   * Since: 1.0
   */
  properties[PROP_RELATION] =
    g_param_spec_enum ("relation", NULL, NULL, MIKRO_TYPE_RELATION_KIND, MIKRO_RELATION_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * MikroProperty:target:
   *
   * The entity type at the other end of a relation; %G_TYPE_INVALID until
   * discovery when a to-one relation leaves it to the property's type.
   *
   * Since: 1.0
   */
  properties[PROP_TARGET] =
    g_param_spec_gtype ("target", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * MikroProperty:mapped-by:
   *
   * On the inverse side of a relation (one-to-many, the inverse one-to-one
   * or many-to-many): the property of the target that owns it.
   *
   * Since: 1.0
   */
  properties[PROP_MAPPED_BY] = g_param_spec_string ("mapped-by", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:inversed-by:
   *
   * On the owning side of a bidirectional relation: the property of the
   * target that is its inverse side.
   *
   * Since: 1.0
   */
  properties[PROP_INVERSED_BY] = g_param_spec_string ("inversed-by", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:cascade:
   *
   * Which operations carry over to the related entities.
   *
   * Since: 1.0
   */
  properties[PROP_CASCADE] =
    g_param_spec_flags ("cascade", NULL, NULL, MIKRO_TYPE_CASCADE, MIKRO_CASCADE_PERSIST, rw);

  /**
   * MikroProperty:on-delete:
   *
   * The foreign key's rule when the referenced row is deleted.
   *
   * Since: 1.0
   */
  properties[PROP_ON_DELETE] =
    g_param_spec_enum ("on-delete", NULL, NULL, MIKRO_TYPE_REFERENTIAL_ACTION,
                       MIKRO_REFERENTIAL_ACTION_DEFAULT, rw);

  /**
   * MikroProperty:on-update:
   *
   * The foreign key's rule when the referenced key changes.
   *
   * Since: 1.0
   */
  properties[PROP_ON_UPDATE] =
    g_param_spec_enum ("on-update", NULL, NULL, MIKRO_TYPE_REFERENTIAL_ACTION,
                       MIKRO_REFERENTIAL_ACTION_DEFAULT, rw);

  /**
   * MikroProperty:pivot-table:
   *
   * The pivot table of a many-to-many owner; %NULL until discovery when
   * the naming strategy chooses it.
   *
   * Since: 1.0
   */
  properties[PROP_PIVOT_TABLE] = g_param_spec_string ("pivot-table", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:join-column:
   *
   * The pivot table's column referencing the owner of a many-to-many
   * relation. (The join column of a to-one relation is its
   * [property@Mikro.Property:column].)
   *
   * Since: 1.0
   */
  properties[PROP_JOIN_COLUMN] = g_param_spec_string ("join-column", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:inverse-join-column:
   *
   * The pivot table's column referencing the target of a many-to-many
   * relation.
   *
   * Since: 1.0
   */
  properties[PROP_INVERSE_JOIN_COLUMN] =
    g_param_spec_string ("inverse-join-column", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:foreign-key-name:
   *
   * The name of the foreign key constraint of a to-one owner; %NULL until
   * discovery when the naming strategy chooses it.
   *
   * Since: 1.0
   */
  properties[PROP_FOREIGN_KEY_NAME] =
    g_param_spec_string ("foreign-key-name", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:pivot-entity:
   *
   * The entity type whose table is the pivot table of a many-to-many owner
   * (MikroORM's `pivotEntity`): a join table with data of its own, with a
   * many-to-one to each side; %G_TYPE_INVALID for a plain pivot table.
   *
   * Since: 1.0
   */
  properties[PROP_PIVOT_ENTITY] =
    g_param_spec_gtype ("pivot-entity", NULL, NULL, G_TYPE_NONE, rw);

  /**
   * MikroProperty:embedded:
   *
   * The embeddable type of an embedded property, or %G_TYPE_INVALID; known
   * once discovered when [method@Mikro.EntitySchema.add_embedded] left it
   * to the property's type.
   *
   * Since: 1.0
   */
  properties[PROP_EMBEDDED] =
    g_param_spec_gtype ("embedded", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * MikroProperty:prefix:
   *
   * The prefix of the columns of an embedded property stored inline;
   * %NULL for the property's column name and an underscore. An empty
   * prefix names the columns as the embeddable does.
   *
   * Since: 1.0
   */
  properties[PROP_PREFIX] = g_param_spec_string ("prefix", NULL, NULL, NULL, rw);

  /**
   * MikroProperty:as-object:
   *
   * Whether an embedded property is stored as one JSON column (MikroORM's
   * `object: true`) instead of a column per property.
   *
   * Since: 1.0
   */
  properties[PROP_AS_OBJECT] = g_param_spec_boolean ("as-object", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_property_init (MikroProperty *self)
{
  self->value_type = G_TYPE_INVALID;
  self->target = G_TYPE_INVALID;
  self->cascade = MIKRO_CASCADE_PERSIST;
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
  copy->relation = self->relation;
  copy->target = self->target;
  copy->mapped_by = g_strdup (self->mapped_by);
  copy->inversed_by = g_strdup (self->inversed_by);
  copy->pivot_table = g_strdup (self->pivot_table);
  copy->join_column = g_strdup (self->join_column);
  copy->inverse_join_column = g_strdup (self->inverse_join_column);
  copy->foreign_key_name = g_strdup (self->foreign_key_name);
  copy->pivot_entity = self->pivot_entity;
  copy->cascade = self->cascade;
  copy->on_delete = self->on_delete;
  copy->on_update = self->on_update;
  copy->embedded = self->embedded;
  copy->prefix = g_strdup (self->prefix);
  copy->as_object = self->as_object;
  if (G_IS_VALUE (&self->default_value))
    {
      g_value_init (&copy->default_value, G_VALUE_TYPE (&self->default_value));
      g_value_copy (&self->default_value, &copy->default_value);
    }

  return copy;
}

void
_mikro_property_set_embedded (MikroProperty *self,
                              GType          embeddable_type)
{
  self->embedded = embeddable_type;
}

void
_mikro_property_set_relation (MikroProperty     *self,
                              MikroRelationKind  kind,
                              GType              target)
{
  self->relation = kind;
  self->target = target;
}

/* What discovery decided for a relation: the target a to-one relation took
 * from its property type, the pivot table and its columns, the foreign key
 * name. Only for the sealed copy. */
void
_mikro_property_resolve_relation (MikroProperty *self,
                                  MikroRelationKind  kind,
                                  GType          target,
                                  const char    *pivot_table,
                                  const char    *join_column,
                                  const char    *inverse_join_column,
                                  const char    *foreign_key_name,
                                  MikroReferentialAction on_delete,
                                  MikroReferentialAction on_update)
{
  self->relation = kind;
  self->target = target;
  set_str (&self->pivot_table, pivot_table);
  set_str (&self->join_column, join_column);
  set_str (&self->inverse_join_column, inverse_join_column);
  set_str (&self->foreign_key_name, foreign_key_name);
  self->on_delete = on_delete;
  self->on_update = on_update;
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

/**
 * mikro_property_get_relation:
 * @self: a property mapping
 *
 * Returns: the kind of relation, or %MIKRO_RELATION_NONE for a scalar
 *
 * Since: 1.0
 */
MikroRelationKind
mikro_property_get_relation (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), MIKRO_RELATION_NONE);

  return self->relation;
}

/**
 * mikro_property_get_target:
 * @self: a property mapping
 *
 * Returns: the entity type at the other end of a relation, or
 *   %G_TYPE_INVALID
 *
 * Since: 1.0
 */
GType
mikro_property_get_target (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), G_TYPE_INVALID);

  return self->target;
}

/**
 * mikro_property_get_mapped_by:
 * @self: a property mapping
 *
 * Returns: (nullable): the owning property of the target this inverse side mirrors
 *
 * Since: 1.0
 */
const char *
mikro_property_get_mapped_by (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->mapped_by;
}

/**
 * mikro_property_set_mapped_by:
 * @self: a property mapping
 * @property: (nullable): the property of the target that owns the relation
 *
 * Sets [property@Mikro.Property:mapped-by].
 *
 * Since: 1.0
 */
void
mikro_property_set_mapped_by (MikroProperty *self,
                                 const char    *property)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->mapped_by, property))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAPPED_BY]);
}

/**
 * mikro_property_get_inversed_by:
 * @self: a property mapping
 *
 * Returns: (nullable): the inverse property of the target
 *
 * Since: 1.0
 */
const char *
mikro_property_get_inversed_by (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->inversed_by;
}

/**
 * mikro_property_set_inversed_by:
 * @self: a property mapping
 * @property: (nullable): the property of the target that is the inverse side
 *
 * Sets [property@Mikro.Property:inversed-by].
 *
 * Since: 1.0
 */
void
mikro_property_set_inversed_by (MikroProperty *self,
                                   const char    *property)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->inversed_by, property))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVERSED_BY]);
}

/**
 * mikro_property_get_pivot_table:
 * @self: a property mapping
 *
 * Returns: (nullable): the pivot table of a many-to-many owner
 *
 * Since: 1.0
 */
const char *
mikro_property_get_pivot_table (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->pivot_table;
}

/**
 * mikro_property_set_pivot_table:
 * @self: a property mapping
 * @table: (nullable): the pivot table name, or %NULL to let the naming strategy choose
 *
 * Sets [property@Mikro.Property:pivot-table].
 *
 * Since: 1.0
 */
void
mikro_property_set_pivot_table (MikroProperty *self,
                                   const char    *table)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->pivot_table, table))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIVOT_TABLE]);
}

/**
 * mikro_property_get_join_column:
 * @self: a property mapping
 *
 * Returns: (nullable): the pivot column referencing a many-to-many owner
 *
 * Since: 1.0
 */
const char *
mikro_property_get_join_column (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->join_column;
}

/**
 * mikro_property_set_join_column:
 * @self: a property mapping
 * @column: (nullable): the column name, or %NULL to let the naming strategy choose
 *
 * Sets [property@Mikro.Property:join-column].
 *
 * Since: 1.0
 */
void
mikro_property_set_join_column (MikroProperty *self,
                                   const char    *column)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->join_column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOIN_COLUMN]);
}

/**
 * mikro_property_get_inverse_join_column:
 * @self: a property mapping
 *
 * Returns: (nullable): the pivot column referencing a many-to-many target
 *
 * Since: 1.0
 */
const char *
mikro_property_get_inverse_join_column (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->inverse_join_column;
}

/**
 * mikro_property_set_inverse_join_column:
 * @self: a property mapping
 * @column: (nullable): the column name, or %NULL to let the naming strategy choose
 *
 * Sets [property@Mikro.Property:inverse-join-column].
 *
 * Since: 1.0
 */
void
mikro_property_set_inverse_join_column (MikroProperty *self,
                                           const char    *column)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->inverse_join_column, column))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVERSE_JOIN_COLUMN]);
}

/**
 * mikro_property_get_foreign_key_name:
 * @self: a property mapping
 *
 * Returns: (nullable): the foreign key constraint name of a to-one owner
 *
 * Since: 1.0
 */
const char *
mikro_property_get_foreign_key_name (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->foreign_key_name;
}

/**
 * mikro_property_set_foreign_key_name:
 * @self: a property mapping
 * @name: (nullable): the constraint name, or %NULL to let the naming strategy choose
 *
 * Sets [property@Mikro.Property:foreign-key-name].
 *
 * Since: 1.0
 */
void
mikro_property_set_foreign_key_name (MikroProperty *self,
                                        const char    *name)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->foreign_key_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOREIGN_KEY_NAME]);
}

/**
 * mikro_property_get_cascade:
 * @self: a property mapping
 *
 * Returns: the operations that cascade through the relation
 *
 * Since: 1.0
 */
MikroCascade
mikro_property_get_cascade (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), MIKRO_CASCADE_NONE);

  return self->cascade;
}

/**
 * mikro_property_set_cascade:
 * @self: a property mapping
 * @cascade: the operations that cascade through the relation
 *
 * Sets [property@Mikro.Property:cascade].
 *
 * Since: 1.0
 */
void
mikro_property_set_cascade (MikroProperty *self,
                            MikroCascade   cascade)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (self->cascade == cascade)
    return;
  self->cascade = cascade;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASCADE]);
}

/**
 * mikro_property_get_on_delete:
 * @self: a property mapping
 *
 * Returns: the foreign key's rule on delete
 *
 * Since: 1.0
 */
MikroReferentialAction
mikro_property_get_on_delete (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), MIKRO_REFERENTIAL_ACTION_DEFAULT);

  return self->on_delete;
}

/**
 * mikro_property_set_on_delete:
 * @self: a property mapping
 * @action: the rule
 *
 * Sets [property@Mikro.Property:on-delete].
 *
 * Since: 1.0
 */
void
mikro_property_set_on_delete (MikroProperty          *self,
                              MikroReferentialAction  action)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (self->on_delete == action)
    return;
  self->on_delete = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_DELETE]);
}

/**
 * mikro_property_get_on_update:
 * @self: a property mapping
 *
 * Returns: the foreign key's rule on update
 *
 * Since: 1.0
 */
MikroReferentialAction
mikro_property_get_on_update (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), MIKRO_REFERENTIAL_ACTION_DEFAULT);

  return self->on_update;
}

/**
 * mikro_property_set_on_update:
 * @self: a property mapping
 * @action: the rule
 *
 * Sets [property@Mikro.Property:on-update].
 *
 * Since: 1.0
 */
void
mikro_property_set_on_update (MikroProperty          *self,
                              MikroReferentialAction  action)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (self->on_update == action)
    return;
  self->on_update = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_UPDATE]);
}

/**
 * mikro_property_get_embedded:
 * @self: a property mapping
 *
 * Returns: the embeddable type of an embedded property, or
 *   %G_TYPE_INVALID (also before discovery, when it is the property's
 *   type)
 *
 * Since: 1.0
 */
GType
mikro_property_get_embedded (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), G_TYPE_INVALID);

  return self->embedded == G_TYPE_NONE ? G_TYPE_INVALID : self->embedded;
}

gboolean
_mikro_property_is_embedded (MikroProperty *self)
{
  return self->embedded != G_TYPE_INVALID;
}

/**
 * mikro_property_get_prefix:
 * @self: a property mapping
 *
 * Returns: (nullable): the column prefix of an embedded property
 *
 * Since: 1.0
 */
const char *
mikro_property_get_prefix (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), NULL);

  return self->prefix;
}

/**
 * mikro_property_set_prefix:
 * @self: a property mapping
 * @prefix: (nullable): the column prefix, or %NULL for the default
 *
 * Sets [property@Mikro.Property:prefix].
 *
 * Since: 1.0
 */
void
mikro_property_set_prefix (MikroProperty *self,
                           const char    *prefix)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (set_str (&self->prefix, prefix))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFIX]);
}

/**
 * mikro_property_get_as_object:
 * @self: a property mapping
 *
 * Returns: whether an embedded property is stored as one JSON column
 *
 * Since: 1.0
 */
gboolean
mikro_property_get_as_object (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), FALSE);

  return self->as_object;
}

/**
 * mikro_property_set_as_object:
 * @self: a property mapping
 * @as_object: whether to store the embedded object as one JSON column
 *
 * Sets [property@Mikro.Property:as-object].
 *
 * Since: 1.0
 */
void
mikro_property_set_as_object (MikroProperty *self,
                              gboolean       as_object)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  as_object = !!as_object;
  if (self->as_object == as_object)
    return;
  self->as_object = as_object;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AS_OBJECT]);
}

/**
 * mikro_property_get_pivot_entity:
 * @self: a property mapping
 *
 * Returns: the pivot entity of a many-to-many owner, or %G_TYPE_INVALID
 *
 * Since: 1.0
 */
GType
mikro_property_get_pivot_entity (MikroProperty *self)
{
  g_return_val_if_fail (MIKRO_IS_PROPERTY (self), G_TYPE_INVALID);

  return self->pivot_entity;
}

/**
 * mikro_property_set_pivot_entity:
 * @self: a property mapping
 * @entity_type: an entity type with a many-to-one to each side of the
 *   relation, or %G_TYPE_INVALID (or %G_TYPE_NONE) for a plain pivot table
 *
 * Sets [property@Mikro.Property:pivot-entity]. The collection then writes
 * and reads the rows of that entity's table; its other columns must be
 * nullable or have defaults.
 *
 * Since: 1.0
 */
void
mikro_property_set_pivot_entity (MikroProperty *self,
                                 GType          entity_type)
{
  g_return_if_fail (MIKRO_IS_PROPERTY (self));
  return_if_sealed (self);

  if (entity_type == G_TYPE_NONE)
    entity_type = G_TYPE_INVALID;
  if (self->pivot_entity == entity_type)
    return;
  self->pivot_entity = entity_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIVOT_ENTITY]);
}
