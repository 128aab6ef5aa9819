/* mikro-entity-metadata.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mikro-driver-private.h"
#include "mikro-entity-metadata-private.h"
#include "mikro-entity-schema-private.h"
#include "mikro-property-private.h"

/**
 * MikroEntityMetadata:
 *
 * What a [class@Mikro.Orm] knows of one entity type once discovered: the
 * table, and every property's mapping with the names the naming strategy
 * chose. Read it with [method@Mikro.Orm.get_metadata].
 *
 * Since: 1.0
 */

struct _MikroEntityMetadata
{
  GObject            parent_instance;

  MikroEntitySchema *schema;
  GType              entity_type;
  char              *table;

  MikroPropertyMeta *props;         /* persistent properties */
  guint              n_props;
  guint              pk_index;
  int                version_index;   /* -1: none */
  GListStore        *properties;    /* MikroProperty, persistent and virtual */
  GHashTable        *by_pspec;      /* GParamSpec* → MikroPropertyMeta* */

  MikroIndexMeta    *indexes;
  guint              n_indexes;
  MikroCheckMeta    *checks;
  guint              n_checks;
};

G_DEFINE_FINAL_TYPE (MikroEntityMetadata, mikro_entity_metadata, G_TYPE_OBJECT)

static void
mikro_entity_metadata_finalize (GObject *object)
{
  MikroEntityMetadata *self = (MikroEntityMetadata *)object;

  for (guint i = 0; i < self->n_props; i++)
    {
      g_clear_pointer (&self->props[i].pspec, g_param_spec_unref);
      g_clear_object (&self->props[i].property);
      g_clear_pointer (&self->props[i].database_type, g_variant_type_free);
    }
  g_free (self->props);
  for (guint i = 0; i < self->n_indexes; i++)
    {
      g_free (self->indexes[i].name);
      g_strfreev (self->indexes[i].columns);
    }
  g_free (self->indexes);
  for (guint i = 0; i < self->n_checks; i++)
    {
      g_free (self->checks[i].name);
      g_free (self->checks[i].expression);
    }
  g_free (self->checks);
  g_clear_pointer (&self->by_pspec, g_hash_table_unref);
  g_clear_object (&self->properties);
  g_clear_object (&self->schema);
  g_free (self->table);

  G_OBJECT_CLASS (mikro_entity_metadata_parent_class)->finalize (object);
}

static void
mikro_entity_metadata_class_init (MikroEntityMetadataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mikro_entity_metadata_finalize;
}

static void
mikro_entity_metadata_init (MikroEntityMetadata *self)
{
  self->properties = g_list_store_new (MIKRO_TYPE_PROPERTY);
  self->by_pspec = g_hash_table_new (NULL, NULL);
}

static gboolean
value_kind_for_type (GType           type,
                     MikroValueKind *kind)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN: *kind = MIKRO_VALUE_BOOLEAN; return TRUE;
    case G_TYPE_INT: *kind = MIKRO_VALUE_INT; return TRUE;
    case G_TYPE_UINT: *kind = MIKRO_VALUE_UINT; return TRUE;
    case G_TYPE_INT64: *kind = MIKRO_VALUE_INT64; return TRUE;
    case G_TYPE_UINT64: *kind = MIKRO_VALUE_UINT64; return TRUE;
    case G_TYPE_LONG:
      *kind = sizeof (glong) == sizeof (gint64) ? MIKRO_VALUE_INT64 : MIKRO_VALUE_INT;
      return TRUE;
    case G_TYPE_ULONG:
      *kind = sizeof (gulong) == sizeof (guint64) ? MIKRO_VALUE_UINT64 : MIKRO_VALUE_UINT;
      return TRUE;
    case G_TYPE_DOUBLE: *kind = MIKRO_VALUE_DOUBLE; return TRUE;
    case G_TYPE_FLOAT: *kind = MIKRO_VALUE_FLOAT; return TRUE;
    case G_TYPE_STRING: *kind = MIKRO_VALUE_STRING; return TRUE;
    case G_TYPE_ENUM: *kind = MIKRO_VALUE_ENUM; return TRUE;
    case G_TYPE_FLAGS: *kind = MIKRO_VALUE_FLAGS; return TRUE;
    case G_TYPE_VARIANT: *kind = MIKRO_VALUE_VARIANT; return TRUE;
    case G_TYPE_BOXED:
      if (type == G_TYPE_DATE_TIME)
        *kind = MIKRO_VALUE_DATETIME;
      else if (type == G_TYPE_BYTES)
        *kind = MIKRO_VALUE_BYTES;
      else if (type == G_TYPE_STRV)
        *kind = MIKRO_VALUE_STRV;
      else if (type == JSON_TYPE_NODE)
        *kind = MIKRO_VALUE_JSON;
      else
        return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* The stored kind of a custom type: its database type must be one every
 * database has. */
static gboolean
value_kind_for_variant_type (const GVariantType *type,
                             MikroValueKind     *kind,
                             GType              *gtype)
{
  const char *string;

  if (type == NULL)
    return FALSE;

  string = g_variant_type_peek_string (type);
  switch (g_variant_type_get_string_length (type) == 1 ? string[0] : 0)
    {
    case 'b': *kind = MIKRO_VALUE_BOOLEAN; *gtype = G_TYPE_BOOLEAN; return TRUE;
    case 'i': *kind = MIKRO_VALUE_INT; *gtype = G_TYPE_INT; return TRUE;
    case 'u': *kind = MIKRO_VALUE_UINT; *gtype = G_TYPE_UINT; return TRUE;
    case 'x': *kind = MIKRO_VALUE_INT64; *gtype = G_TYPE_INT64; return TRUE;
    case 't': *kind = MIKRO_VALUE_UINT64; *gtype = G_TYPE_UINT64; return TRUE;
    case 'd': *kind = MIKRO_VALUE_DOUBLE; *gtype = G_TYPE_DOUBLE; return TRUE;
    case 's': *kind = MIKRO_VALUE_STRING; *gtype = G_TYPE_STRING; return TRUE;
    default: break;
    }

  if (g_variant_type_equal (type, G_VARIANT_TYPE_BYTESTRING))
    {
      *kind = MIKRO_VALUE_BYTES;
      *gtype = G_TYPE_BYTES;
      return TRUE;
    }
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING_ARRAY))
    {
      *kind = MIKRO_VALUE_STRV;
      *gtype = G_TYPE_STRV;
      return TRUE;
    }

  return FALSE;
}

static gboolean
add_index_meta (MikroEntityMetadata  *self,
                GArray               *indexes,
                MikroNamingStrategy  *naming,
                const char           *name,
                const char * const   *property_names,
                gboolean              unique,
                GError              **error)
{
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  MikroIndexMeta index = { 0, };

  for (guint i = 0; property_names[i] != NULL; i++)
    {
      const MikroPropertyMeta *prop = _mikro_entity_metadata_find_property (self, property_names[i]);

      if (prop == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s of entity “%s” names “%s”, which is not a persistent property"),
                       unique ? _("unique constraint") : _("index"),
                       g_type_name (self->entity_type), property_names[i]);
          return FALSE;
        }
      g_strv_builder_add (columns, prop->column);
    }

  index.columns = g_strv_builder_end (columns);
  index.unique = unique;
  index.name = name != NULL
    ? g_strdup (name)
    : mikro_naming_strategy_index_name (naming, self->table, (const char * const *)index.columns,
                                        unique ? "unique" : "index");

  for (guint i = 0; i < indexes->len; i++)
    if (g_strcmp0 (g_array_index (indexes, MikroIndexMeta, i).name, index.name) == 0)
      {
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                     _("Entity “%s” declares two indexes named “%s”"),
                     g_type_name (self->entity_type), index.name);
        g_free (index.name);
        g_strfreev (index.columns);
        return FALSE;
      }

  g_array_append_val (indexes, index);
  return TRUE;
}

/*
 * _mikro_entity_metadata_new:
 *
 * Discovery and validation: binds every declared property to its
 * GParamSpec and value kind, names what the schema left unnamed, and checks
 * the mapping. Drivers and the unit of work only ever see metadata.
 */
MikroEntityMetadata *
_mikro_entity_metadata_new (MikroEntitySchema    *schema,
                            MikroNamingStrategy  *naming,
                            GError              **error)
{
  g_autoptr(MikroEntityMetadata) self = NULL;
  g_autoptr(GTypeClass) klass = NULL;
  g_autoptr(GArray) props = NULL;
  g_autoptr(GArray) indexes = NULL;
  GPtrArray *decls = _mikro_entity_schema_get_declarations (schema);
  GPtrArray *index_decls = _mikro_entity_schema_get_indexes (schema);
  GPtrArray *check_decls = _mikro_entity_schema_get_checks (schema);
  const char *type_name;
  int pk_index = -1;
  int version_index = -1;

  self = g_object_new (MIKRO_TYPE_ENTITY_METADATA, NULL);
  self->schema = g_object_ref (schema);
  self->entity_type = mikro_entity_schema_get_entity_type (schema);
  type_name = g_type_name (self->entity_type);

  if (mikro_entity_schema_get_table (schema) != NULL)
    self->table = g_strdup (mikro_entity_schema_get_table (schema));
  else
    self->table = mikro_naming_strategy_class_to_table_name (naming, type_name);

  if (self->table == NULL || *self->table == '\0')
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” has no table name"), type_name);
      return NULL;
    }

  if (decls->len == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” declares no persistent property"),
                   type_name);
      return NULL;
    }

  klass = g_type_class_ref (self->entity_type);
  props = g_array_new (FALSE, TRUE, sizeof (MikroPropertyMeta));

  for (guint i = 0; i < decls->len; i++)
    {
      MikroProperty *decl = g_ptr_array_index (decls, i);
      const char *name = mikro_property_get_name (decl);
      MikroPropertyFlags flags = mikro_property_get_flags (decl);
      g_autoptr(MikroProperty) resolved = NULL;
      g_autofree char *column = NULL;
      MikroPropertyMeta meta = { 0, };
      GParamSpec *pspec;
      MikroValueKind kind;
      MikroType *custom;
      GType stored_type;
      g_autoptr(GVariantType) database_type = NULL;

      pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), name);
      if (pspec == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” has no property “%s” to map"),
                       type_name, name);
          goto failed;
        }

      for (guint j = 0; j < i; j++)
        if (g_str_equal (mikro_property_get_name (g_ptr_array_index (decls, j)), pspec->name) ||
            g_object_class_find_property (G_OBJECT_CLASS (klass),
                                          mikro_property_get_name (g_ptr_array_index (decls, j))) == pspec)
          {
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                         _("Property “%s” of entity “%s” is mapped twice"),
                         name, type_name);
            goto failed;
          }

      column = mikro_property_get_column (decl) != NULL
        ? g_strdup (mikro_property_get_column (decl))
        : mikro_naming_strategy_property_to_column_name (naming, pspec->name);

      resolved = _mikro_property_copy (decl);
      _mikro_property_resolve (resolved, column, pspec->value_type);
      g_list_store_append (self->properties, resolved);

      if (flags & MIKRO_PROPERTY_VIRTUAL)
        {
          if (flags & (MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_VERSION))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Property “%s” of entity “%s” cannot be both virtual and a key or version"),
                           name, type_name);
              goto failed;
            }
          continue;
        }

      if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of entity “%s” must be readable and writable to be persistent"),
                       name, type_name);
          goto failed;
        }

      custom = mikro_property_get_custom_type (decl);
      stored_type = pspec->value_type;
      g_clear_pointer (&database_type, g_variant_type_free);
      if (custom != NULL)
        {
          g_autofree char *type_string = mikro_type_get_database_type (custom);

          if (type_string != NULL && g_variant_type_string_is_valid (type_string))
            database_type = g_variant_type_new (type_string);

          if (flags & MIKRO_PROPERTY_PRIMARY_KEY)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Primary key “%s” of entity “%s” cannot have a custom type"),
                           name, type_name);
              goto failed;
            }
          if (!value_kind_for_variant_type (database_type, &kind, &stored_type))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The custom type %s of property “%s” of entity “%s” stores “%s”; it must store one of b, i, u, x, t, d, s, ay, as"),
                           G_OBJECT_TYPE_NAME (custom), name, type_name,
                           type_string != NULL ? type_string : "nothing");
              goto failed;
            }
        }
      else if (!value_kind_for_type (pspec->value_type, &kind))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of entity “%s” has type “%s”, which has no column mapping"),
                       name, type_name, g_type_name (pspec->value_type));
          goto failed;
        }

      for (guint j = 0; j < props->len; j++)
        {
          const MikroPropertyMeta *other = &g_array_index (props, MikroPropertyMeta, j);

          if (g_ascii_strcasecmp (other->column, column) == 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Properties “%s” and “%s” of entity “%s” both map to column “%s”"),
                           other->name, name, type_name, column);
              goto failed;
            }
        }

      if (flags & MIKRO_PROPERTY_VERSION)
        {
          if (version_index >= 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entity “%s” declares a second version property “%s”"),
                           type_name, name);
              goto failed;
            }
          if ((kind != MIKRO_VALUE_INT && kind != MIKRO_VALUE_INT64) || custom != NULL ||
              (flags & MIKRO_PROPERTY_PRIMARY_KEY))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Version property “%s” of entity “%s” must be an integer that is not the key"),
                           name, type_name);
              goto failed;
            }
          version_index = props->len;
        }

      if (flags & MIKRO_PROPERTY_PRIMARY_KEY)
        {
          if (pk_index >= 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entity “%s” declares a second primary key “%s”; composite keys are not supported yet"),
                           type_name, name);
              goto failed;
            }
          if ((flags & MIKRO_PROPERTY_GENERATED) &&
              kind != MIKRO_VALUE_INT && kind != MIKRO_VALUE_INT64 && kind != MIKRO_VALUE_STRING)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Generated primary key “%s” of entity “%s” must be an integer or a string, not “%s”"),
                           name, type_name, g_type_name (pspec->value_type));
              goto failed;
            }
          pk_index = props->len;
        }

      meta.pspec = g_param_spec_ref (pspec);
      meta.name = pspec->name;
      meta.property = g_steal_pointer (&resolved);
      meta.column = mikro_property_get_column (meta.property);
      meta.flags = flags;
      meta.kind = kind;
      meta.value_type = stored_type;
      meta.property_type = pspec->value_type;
      meta.custom_type = mikro_property_get_custom_type (meta.property);
      meta.database_type = g_steal_pointer (&database_type);
      meta.index = props->len;
      g_array_append_val (props, meta);
    }

  if (pk_index < 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” has no primary key"),
                   type_name);
      goto failed;
    }

  self->n_props = props->len;
  self->props = (MikroPropertyMeta *)(gpointer)g_array_free (g_steal_pointer (&props), FALSE);
  self->pk_index = pk_index;
  self->version_index = version_index;
  for (guint i = 0; i < self->n_props; i++)
    g_hash_table_insert (self->by_pspec, self->props[i].pspec, &self->props[i]);

  /* Indexes: first the single-property flags, then the declared ones. */
  indexes = g_array_new (FALSE, TRUE, sizeof (MikroIndexMeta));
  for (guint i = 0; i < self->n_props; i++)
    {
      const MikroPropertyMeta *prop = &self->props[i];
      const char *names[] = { prop->name, NULL };

      if ((prop->flags & MIKRO_PROPERTY_UNIQUE) && !(prop->flags & MIKRO_PROPERTY_PRIMARY_KEY) &&
          !add_index_meta (self, indexes, naming, NULL, names, TRUE, error))
        goto failed_indexes;
      if ((prop->flags & MIKRO_PROPERTY_INDEX) && !(prop->flags & MIKRO_PROPERTY_PRIMARY_KEY) &&
          !add_index_meta (self, indexes, naming, NULL, names, FALSE, error))
        goto failed_indexes;
    }
  for (guint i = 0; i < index_decls->len; i++)
    {
      MikroIndexDecl *decl = g_ptr_array_index (index_decls, i);

      if (!add_index_meta (self, indexes, naming, decl->name,
                           (const char * const *)decl->properties, decl->unique, error))
        goto failed_indexes;
    }
  self->n_indexes = indexes->len;
  self->indexes = (MikroIndexMeta *)(gpointer)g_array_free (g_steal_pointer (&indexes), FALSE);

  self->n_checks = check_decls->len;
  self->checks = g_new0 (MikroCheckMeta, MAX (self->n_checks, 1));
  for (guint i = 0; i < check_decls->len; i++)
    {
      MikroCheckDecl *decl = g_ptr_array_index (check_decls, i);

      self->checks[i].expression = g_strdup (decl->expression);
      if (decl->name != NULL)
        self->checks[i].name = g_strdup (decl->name);
      else if (i == 0)
        self->checks[i].name = g_strdup_printf ("%s_check", self->table);
      else
        self->checks[i].name = g_strdup_printf ("%s_check_%u", self->table, i + 1);
    }

  return g_steal_pointer (&self);

failed_indexes:
  for (guint i = 0; i < indexes->len; i++)
    {
      g_free (g_array_index (indexes, MikroIndexMeta, i).name);
      g_strfreev (g_array_index (indexes, MikroIndexMeta, i).columns);
    }
  return NULL;

failed:
  for (guint i = 0; props != NULL && i < props->len; i++)
    {
      g_clear_pointer (&g_array_index (props, MikroPropertyMeta, i).pspec, g_param_spec_unref);
      g_clear_object (&g_array_index (props, MikroPropertyMeta, i).property);
      g_clear_pointer (&g_array_index (props, MikroPropertyMeta, i).database_type, g_variant_type_free);
    }
  return NULL;
}

/**
 * mikro_entity_metadata_get_entity_type:
 * @self: entity metadata
 *
 * Returns: the entity type
 *
 * Since: 1.0
 */
GType
mikro_entity_metadata_get_entity_type (MikroEntityMetadata *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), G_TYPE_INVALID);

  return self->entity_type;
}

/**
 * mikro_entity_metadata_get_table:
 * @self: entity metadata
 *
 * Returns: the table or collection name
 *
 * Since: 1.0
 */
const char *
mikro_entity_metadata_get_table (MikroEntityMetadata *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), NULL);

  return self->table;
}

/**
 * mikro_entity_metadata_get_schema:
 * @self: entity metadata
 *
 * Returns: (transfer none): the schema the metadata was discovered from
 *
 * Since: 1.0
 */
MikroEntitySchema *
mikro_entity_metadata_get_schema (MikroEntityMetadata *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), NULL);

  return self->schema;
}

/**
 * mikro_entity_metadata_list_properties:
 * @self: entity metadata
 *
 * Returns: (transfer full): a list of the resolved [class@Mikro.Property]
 *   mappings, persistent and virtual, in declaration order
 *
 * Since: 1.0
 */
GListModel *
mikro_entity_metadata_list_properties (MikroEntityMetadata *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), NULL);

  return g_object_ref (G_LIST_MODEL (self->properties));
}

/**
 * mikro_entity_metadata_get_primary_key:
 * @self: entity metadata
 *
 * Returns: (transfer none): the mapping of the primary key
 *
 * Since: 1.0
 */
MikroProperty *
mikro_entity_metadata_get_primary_key (MikroEntityMetadata *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), NULL);

  return self->props[self->pk_index].property;
}

/**
 * mikro_entity_metadata_find_property:
 * @self: entity metadata
 * @name: a property name
 *
 * Returns: (transfer none) (nullable): the resolved mapping of @name
 *
 * Since: 1.0
 */
MikroProperty *
mikro_entity_metadata_find_property (MikroEntityMetadata *self,
                                     const char          *name)
{
  guint n;

  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->properties));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MikroProperty) prop = g_list_model_get_item (G_LIST_MODEL (self->properties), i);

      if (g_str_equal (mikro_property_get_name (prop), name))
        return prop;
    }

  return NULL;
}

const MikroPropertyMeta *
_mikro_entity_metadata_get_props (MikroEntityMetadata *self,
                                  guint               *n_props)
{
  *n_props = self->n_props;
  return self->props;
}

const MikroPropertyMeta *
_mikro_entity_metadata_get_pk (MikroEntityMetadata *self)
{
  return &self->props[self->pk_index];
}

const MikroPropertyMeta *
_mikro_entity_metadata_get_version (MikroEntityMetadata *self)
{
  return self->version_index >= 0 ? &self->props[self->version_index] : NULL;
}

const MikroPropertyMeta *
_mikro_entity_metadata_find_pspec (MikroEntityMetadata *self,
                                   GParamSpec          *pspec)
{
  return g_hash_table_lookup (self->by_pspec, pspec);
}

const MikroPropertyMeta *
_mikro_entity_metadata_find_property (MikroEntityMetadata *self,
                                      const char          *name)
{
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

const MikroIndexMeta *
_mikro_entity_metadata_get_indexes (MikroEntityMetadata *self,
                                    guint               *n_indexes)
{
  *n_indexes = self->n_indexes;
  return self->indexes;
}

const MikroCheckMeta *
_mikro_entity_metadata_get_checks (MikroEntityMetadata *self,
                                   guint               *n_checks)
{
  *n_checks = self->n_checks;
  return self->checks;
}

const char *
_mikro_value_kind_to_string (MikroValueKind kind)
{
  switch (kind)
    {
    case MIKRO_VALUE_BOOLEAN: return "boolean";
    case MIKRO_VALUE_INT: return "int";
    case MIKRO_VALUE_UINT: return "uint";
    case MIKRO_VALUE_INT64: return "int64";
    case MIKRO_VALUE_UINT64: return "uint64";
    case MIKRO_VALUE_DOUBLE: return "double";
    case MIKRO_VALUE_FLOAT: return "float";
    case MIKRO_VALUE_STRING: return "string";
    case MIKRO_VALUE_DATETIME: return "datetime";
    case MIKRO_VALUE_ENUM: return "enum";
    case MIKRO_VALUE_FLAGS: return "flags";
    case MIKRO_VALUE_BYTES: return "bytes";
    case MIKRO_VALUE_STRV: return "string array";
    case MIKRO_VALUE_JSON: return "JSON";
    case MIKRO_VALUE_VARIANT: return "variant";
    default: g_assert_not_reached ();
    }
}

MikroRow *
_mikro_row_new (MikroEntityMetadata *self)
{
  MikroRow *row;

  row = g_malloc0 (sizeof (MikroRow) + self->n_props * sizeof (GValue));
  row->n_values = self->n_props;
  for (guint i = 0; i < self->n_props; i++)
    g_value_init (&row->values[i], self->props[i].value_type);

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
