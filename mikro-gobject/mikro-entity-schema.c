/* mikro-entity-schema.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-driver-private.h"
#include "mikro-private.h"
#include "mikro-entity-schema-private.h"

/**
 * MikroEntitySchema:
 *
 * The mapping of one entity type to its table or collection.
 *
 * A schema names the table and lists the properties of the entity type that
 * are persistent, each with its column name and [flags@Mikro.PropertyFlags].
 * It is how entities are described from every language: C code builds one in
 * its class_init, Python, JavaScript and Vala code after defining the class.
 *
 * ```c
 * g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (MY_TYPE_AUTHOR, "author");
 * mikro_entity_schema_add_property (schema, "id", NULL,
 *                                   MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
 * mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
 * mikro_entity_schema_register (schema);
 * ```
 *
 * The column type follows from the property's value type. Properties are
 * checked when the entity type is added to a [class@Mikro.Orm]: a property
 * that does not exist, a type with no mapping or a missing primary key is a
 * %MIKRO_ERROR_METADATA error naming the entity and the property.
 *
 * Since: 1.0
 */

typedef struct
{
  char               *name;
  char               *column;
  MikroPropertyFlags  flags;
} PropertyDecl;

struct _MikroEntitySchema
{
  GObject            parent_instance;

  GType              entity_type;
  char              *table;
  GArray            *decls;       /* PropertyDecl */

  /* filled by _mikro_entity_schema_resolve() */
  MikroPropertyMeta *props;
  guint              n_props;
  int                pk_index;
  GHashTable        *by_pspec;    /* GParamSpec* → MikroPropertyMeta* */
  guint              resolved : 1;
};

G_DEFINE_FINAL_TYPE (MikroEntitySchema, mikro_entity_schema, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY_TYPE,
  PROP_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_LOCK_DEFINE_STATIC (registry);
static GQuark schema_quark;

static void
property_decl_clear (gpointer data)
{
  PropertyDecl *decl = data;

  g_clear_pointer (&decl->name, g_free);
  g_clear_pointer (&decl->column, g_free);
}

static void
clear_resolved (MikroEntitySchema *self)
{
  for (guint i = 0; i < self->n_props; i++)
    {
      g_clear_pointer (&self->props[i].pspec, g_param_spec_unref);
      g_clear_pointer (&self->props[i].column, g_free);
    }
  g_clear_pointer (&self->props, g_free);
  g_clear_pointer (&self->by_pspec, g_hash_table_unref);
  self->n_props = 0;
  self->pk_index = -1;
  self->resolved = FALSE;
}

static void
mikro_entity_schema_finalize (GObject *object)
{
  MikroEntitySchema *self = (MikroEntitySchema *)object;

  clear_resolved (self);
  g_clear_pointer (&self->decls, g_array_unref);
  g_clear_pointer (&self->table, g_free);

  G_OBJECT_CLASS (mikro_entity_schema_parent_class)->finalize (object);
}

static void
mikro_entity_schema_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MikroEntitySchema *self = MIKRO_ENTITY_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_ENTITY_TYPE:
      g_value_set_gtype (value, self->entity_type);
      break;

    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_entity_schema_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MikroEntitySchema *self = MIKRO_ENTITY_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_ENTITY_TYPE:
      self->entity_type = g_value_get_gtype (value);
      break;

    case PROP_TABLE:
      g_free (self->table);
      self->table = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_entity_schema_class_init (MikroEntitySchemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  _mikro_i18n_init ();

  object_class->finalize = mikro_entity_schema_finalize;
  object_class->get_property = mikro_entity_schema_get_property;
  object_class->set_property = mikro_entity_schema_set_property;

  /**
   * MikroEntitySchema:entity-type:
   *
   * The entity type this schema maps, a subclass of [class@Mikro.Entity].
   *
   * Since: 1.0
   */
  properties[PROP_ENTITY_TYPE] =
    g_param_spec_gtype ("entity-type", NULL, NULL,
                        MIKRO_TYPE_ENTITY,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * MikroEntitySchema:table:
   *
   * The name of the table (SQL) or collection (MongoDB).
   *
   * Since: 1.0
   */
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  schema_quark = g_quark_from_static_string ("mikro-entity-schema");
}

static void
mikro_entity_schema_init (MikroEntitySchema *self)
{
  self->decls = g_array_new (FALSE, TRUE, sizeof (PropertyDecl));
  g_array_set_clear_func (self->decls, property_decl_clear);
  self->pk_index = -1;
}

/**
 * mikro_entity_schema_new:
 * @entity_type: a subclass of [class@Mikro.Entity]
 * @table: the table or collection name
 *
 * Creates a schema mapping @entity_type to @table. Add the persistent
 * properties with [method@Mikro.EntitySchema.add_property], then make it
 * known with [method@Mikro.EntitySchema.register].
 *
 * Returns: (transfer full): a new schema
 *
 * Since: 1.0
 */
MikroEntitySchema *
mikro_entity_schema_new (GType       entity_type,
                         const char *table)
{
  g_return_val_if_fail (g_type_is_a (entity_type, MIKRO_TYPE_ENTITY), NULL);
  g_return_val_if_fail (table != NULL && *table != '\0', NULL);

  return g_object_new (MIKRO_TYPE_ENTITY_SCHEMA,
                       "entity-type", entity_type,
                       "table", table,
                       NULL);
}

/* The underscore naming strategy: property "born-on" → column "born_on". */
static char *
default_column_name (const char *property)
{
  char *column = g_strdup (property);

  g_strdelimit (column, "-", '_');
  return column;
}

/**
 * mikro_entity_schema_add_property:
 * @self: a schema
 * @property: the name of a property of the entity type
 * @column: (nullable): the column name, or %NULL to derive it from the
 *   property name (`born-on` becomes `born_on`)
 * @flags: how the property is mapped
 *
 * Makes @property persistent. The property is looked up, and its type
 * checked, when the entity type is added to a [class@Mikro.Orm].
 *
 * Since: 1.0
 */
void
mikro_entity_schema_add_property (MikroEntitySchema  *self,
                                  const char         *property,
                                  const char         *column,
                                  MikroPropertyFlags  flags)
{
  PropertyDecl decl;

  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));
  g_return_if_fail (property != NULL);

  decl.name = g_strdup (property);
  decl.column = column != NULL ? g_strdup (column) : default_column_name (property);
  decl.flags = flags;
  g_array_append_val (self->decls, decl);

  clear_resolved (self);
}

/**
 * mikro_entity_schema_get_entity_type:
 * @self: a schema
 *
 * Returns: the entity type this schema maps
 *
 * Since: 1.0
 */
GType
mikro_entity_schema_get_entity_type (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), G_TYPE_INVALID);

  return self->entity_type;
}

/**
 * mikro_entity_schema_get_table:
 * @self: a schema
 *
 * Returns: the table or collection name
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_table (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  return self->table;
}

static const PropertyDecl *
find_decl (MikroEntitySchema *self,
           const char        *property)
{
  for (guint i = 0; i < self->decls->len; i++)
    {
      const PropertyDecl *decl = &g_array_index (self->decls, PropertyDecl, i);

      if (g_str_equal (decl->name, property))
        return decl;
    }

  return NULL;
}

/**
 * mikro_entity_schema_get_primary_key:
 * @self: a schema
 *
 * Returns: (nullable): the name of the primary key property, or %NULL if
 *   none was declared
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_primary_key (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  for (guint i = 0; i < self->decls->len; i++)
    {
      const PropertyDecl *decl = &g_array_index (self->decls, PropertyDecl, i);

      if (decl->flags & MIKRO_PROPERTY_PRIMARY_KEY)
        return decl->name;
    }

  return NULL;
}

/**
 * mikro_entity_schema_list_properties:
 * @self: a schema
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   persistent properties, in the order they were added
 *
 * Since: 1.0
 */
char **
mikro_entity_schema_list_properties (MikroEntitySchema *self)
{
  GStrvBuilder *builder;
  char **names;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->decls->len; i++)
    g_strv_builder_add (builder, g_array_index (self->decls, PropertyDecl, i).name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return names;
}

/**
 * mikro_entity_schema_get_column:
 * @self: a schema
 * @property: a persistent property
 *
 * Returns: (nullable): the column @property maps to, or %NULL if it is not
 *   persistent
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_column (MikroEntitySchema *self,
                                const char        *property)
{
  const PropertyDecl *decl;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  decl = find_decl (self, property);
  return decl != NULL ? decl->column : NULL;
}

/**
 * mikro_entity_schema_get_flags:
 * @self: a schema
 * @property: a persistent property
 *
 * Returns: the flags @property was added with, or %MIKRO_PROPERTY_NONE if it
 *   is not persistent
 *
 * Since: 1.0
 */
MikroPropertyFlags
mikro_entity_schema_get_flags (MikroEntitySchema *self,
                               const char        *property)
{
  const PropertyDecl *decl;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), MIKRO_PROPERTY_NONE);
  g_return_val_if_fail (property != NULL, MIKRO_PROPERTY_NONE);

  decl = find_decl (self, property);
  return decl != NULL ? decl->flags : MIKRO_PROPERTY_NONE;
}

/**
 * mikro_entity_schema_register:
 * @self: a schema
 *
 * Makes @self the schema of its entity type, replacing any schema
 * registered before. A [class@Mikro.Orm] finds it there when the entity
 * type is added.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_register (MikroEntitySchema *self)
{
  MikroEntitySchema *previous;

  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));

  G_LOCK (registry);
  previous = g_type_get_qdata (self->entity_type, schema_quark);
  g_type_set_qdata (self->entity_type, schema_quark, g_object_ref (self));
  G_UNLOCK (registry);

  /* An ORM that discovered the previous schema keeps its own reference. */
  g_clear_object (&previous);
}

/**
 * mikro_entity_schema_lookup:
 * @entity_type: an entity type
 *
 * Returns: (transfer none) (nullable): the schema registered for
 *   @entity_type, or %NULL
 *
 * Since: 1.0
 */
MikroEntitySchema *
mikro_entity_schema_lookup (GType entity_type)
{
  MikroEntitySchema *schema;

  if (schema_quark == 0)
    return NULL;

  G_LOCK (registry);
  schema = g_type_get_qdata (entity_type, schema_quark);
  G_UNLOCK (registry);

  return schema;
}

static gboolean
value_kind_for_type (GType           type,
                     MikroValueKind *kind)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      *kind = MIKRO_VALUE_BOOLEAN;
      return TRUE;
    case G_TYPE_INT:
      *kind = MIKRO_VALUE_INT;
      return TRUE;
    case G_TYPE_INT64:
      *kind = MIKRO_VALUE_INT64;
      return TRUE;
    case G_TYPE_LONG:
      if (sizeof (glong) == sizeof (gint64))
        {
          *kind = MIKRO_VALUE_INT64;
          return TRUE;
        }
      *kind = MIKRO_VALUE_INT;
      return TRUE;
    case G_TYPE_DOUBLE:
      *kind = MIKRO_VALUE_DOUBLE;
      return TRUE;
    case G_TYPE_STRING:
      *kind = MIKRO_VALUE_STRING;
      return TRUE;
    case G_TYPE_BOXED:
      if (type == G_TYPE_DATE_TIME)
        {
          *kind = MIKRO_VALUE_DATETIME;
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

/*
 * _mikro_entity_schema_resolve:
 *
 * Discovery and validation: binds every declared property to its
 * GParamSpec and value kind, and checks the mapping. Run once when the
 * entity type is added to an ORM; drivers and the unit of work only ever
 * see resolved schemas.
 */
gboolean
_mikro_entity_schema_resolve (MikroEntitySchema  *self,
                              GError            **error)
{
  g_autoptr(GTypeClass) klass = NULL;
  g_autofree MikroPropertyMeta *props = NULL;
  const char *type_name;
  int pk_index = -1;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), FALSE);

  if (self->resolved)
    return TRUE;

  type_name = g_type_name (self->entity_type);

  if (self->decls->len == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” declares no persistent property"),
                   type_name);
      return FALSE;
    }

  klass = g_type_class_ref (self->entity_type);
  props = g_new0 (MikroPropertyMeta, self->decls->len);

  for (guint i = 0; i < self->decls->len; i++)
    {
      const PropertyDecl *decl = &g_array_index (self->decls, PropertyDecl, i);
      GParamSpec *pspec;
      MikroValueKind kind;

      pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), decl->name);
      if (pspec == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” has no property “%s” to map to column “%s”"),
                       type_name, decl->name, decl->column);
          goto failed;
        }

      if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of entity “%s” must be readable and writable to be persistent"),
                       decl->name, type_name);
          goto failed;
        }

      if (!value_kind_for_type (pspec->value_type, &kind))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of entity “%s” has type “%s”, which has no column mapping"),
                       decl->name, type_name, g_type_name (pspec->value_type));
          goto failed;
        }

      for (guint j = 0; j < i; j++)
        {
          if (props[j].pspec == pspec)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Property “%s” of entity “%s” is mapped twice"),
                           decl->name, type_name);
              goto failed;
            }
          if (g_ascii_strcasecmp (props[j].column, decl->column) == 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Properties “%s” and “%s” of entity “%s” both map to column “%s”"),
                           props[j].name, decl->name, type_name, decl->column);
              goto failed;
            }
        }

      if (decl->flags & MIKRO_PROPERTY_PRIMARY_KEY)
        {
          if (pk_index >= 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entity “%s” declares a second primary key “%s”; composite keys are not supported yet"),
                           type_name, decl->name);
              goto failed;
            }
          if ((decl->flags & MIKRO_PROPERTY_GENERATED) &&
              kind != MIKRO_VALUE_INT && kind != MIKRO_VALUE_INT64 && kind != MIKRO_VALUE_STRING)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Generated primary key “%s” of entity “%s” must be an integer or a string, not “%s”"),
                           decl->name, type_name, g_type_name (pspec->value_type));
              goto failed;
            }
          pk_index = i;
        }

      props[i].pspec = g_param_spec_ref (pspec);
      props[i].name = pspec->name;
      props[i].column = g_strdup (decl->column);
      props[i].flags = decl->flags;
      props[i].kind = kind;
      props[i].value_type = pspec->value_type;
      props[i].index = i;
    }

  if (pk_index < 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” has no primary key"),
                   type_name);
      goto failed;
    }

  clear_resolved (self);
  self->n_props = self->decls->len;
  self->props = g_steal_pointer (&props);
  self->pk_index = pk_index;
  self->by_pspec = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < self->n_props; i++)
    g_hash_table_insert (self->by_pspec, self->props[i].pspec, &self->props[i]);
  self->resolved = TRUE;

  return TRUE;

failed:
  for (guint i = 0; i < self->decls->len; i++)
    {
      g_clear_pointer (&props[i].pspec, g_param_spec_unref);
      g_clear_pointer (&props[i].column, g_free);
    }
  return FALSE;
}

const MikroPropertyMeta *
_mikro_entity_schema_get_props (MikroEntitySchema *self,
                                guint             *n_props)
{
  g_assert (self->resolved);

  *n_props = self->n_props;
  return self->props;
}

const MikroPropertyMeta *
_mikro_entity_schema_get_pk (MikroEntitySchema *self)
{
  g_assert (self->resolved);

  return &self->props[self->pk_index];
}

const MikroPropertyMeta *
_mikro_entity_schema_find_pspec (MikroEntitySchema *self,
                                 GParamSpec        *pspec)
{
  g_assert (self->resolved);

  return g_hash_table_lookup (self->by_pspec, pspec);
}

const MikroPropertyMeta *
_mikro_entity_schema_find_property (MikroEntitySchema *self,
                                    const char        *name)
{
  g_assert (self->resolved);

  for (guint i = 0; i < self->n_props; i++)
    {
      if (g_str_equal (self->props[i].name, name) ||
          g_str_equal (self->props[i].column, name))
        return &self->props[i];
    }

  /* GObject accepts "born_on" for "born-on"; so do filters. */
  if (strchr (name, '_') != NULL)
    {
      g_autofree char *canonical = g_strdup (name);

      g_strdelimit (canonical, "_", '-');
      for (guint i = 0; i < self->n_props; i++)
        if (g_str_equal (self->props[i].name, canonical))
          return &self->props[i];
    }

  return NULL;
}

gboolean
_mikro_entity_schema_is_resolved (MikroEntitySchema *self)
{
  return self->resolved;
}

const char *
_mikro_value_kind_to_string (MikroValueKind kind)
{
  switch (kind)
    {
    case MIKRO_VALUE_BOOLEAN: return "boolean";
    case MIKRO_VALUE_INT: return "int";
    case MIKRO_VALUE_INT64: return "int64";
    case MIKRO_VALUE_DOUBLE: return "double";
    case MIKRO_VALUE_STRING: return "string";
    case MIKRO_VALUE_DATETIME: return "datetime";
    default: g_assert_not_reached ();
    }
}

MikroRow *
_mikro_row_new (MikroEntitySchema *schema)
{
  MikroRow *row;

  g_assert (schema->resolved);

  row = g_malloc0 (sizeof (MikroRow) + schema->n_props * sizeof (GValue));
  row->n_values = schema->n_props;
  for (guint i = 0; i < schema->n_props; i++)
    g_value_init (&row->values[i], schema->props[i].value_type);

  return row;
}

void
_mikro_row_free (MikroRow *row)
{
  if (row == NULL)
    return;

  for (guint i = 0; i < row->n_values; i++)
    if (G_IS_VALUE (&row->values[i]))
      g_value_unset (&row->values[i]);
  g_free (row);
}
