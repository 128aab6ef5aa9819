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
  char              *db_schema;         /* NULL: the connection's own */

  MikroPropertyMeta *props;         /* persistent properties */
  guint              n_props;
  int                pk_index;          /* the first key column */
  GArray            *pk_indices;        /* guint: every key column, in order */
  int                version_index;   /* -1: none */
  MikroRelationMeta *relations;
  guint              n_relations;

  /* inheritance: what the lineage of abstract bases and hierarchy
   * members declares, the schemas' own arrays (borrowed) */
  GPtrArray         *decls;
  GPtrArray         *index_decls;
  GPtrArray         *check_decls;
  /* single-table inheritance */
  GType              root_type;          /* this type outside a hierarchy */
  char              *discriminator_value;
  int                discriminator_index;  /* -1: none */
  MikroEntityMetadata *table_meta;       /* owned; NULL outside a hierarchy */
  GStrv              discriminator_values; /* this type's and its descendants' */
  GHashTable        *by_discriminator;   /* in a table metadata: value → member (borrowed) */

  /* between the phases of discovery */
  gboolean           resolving;          /* in _mikro_entity_metadata_resolve() */
  GArray            *pending_props;      /* MikroPropertyMeta */
  GArray            *pending_relations;  /* MikroRelationMeta */
  GArray            *pending_columns;    /* pairs: props index, relations index */
  GListStore        *properties;    /* MikroProperty, persistent and virtual */
  GHashTable        *by_pspec;      /* GParamSpec* → MikroPropertyMeta* */

  MikroIndexMeta    *indexes;
  guint              n_indexes;
  MikroCheckMeta    *checks;
  guint              n_checks;
};

G_DEFINE_FINAL_TYPE (MikroEntityMetadata, mikro_entity_metadata, G_TYPE_OBJECT)

static void clear_relation_meta (gpointer data);
static void clear_property_meta (gpointer data);

static void
mikro_entity_metadata_finalize (GObject *object)
{
  MikroEntityMetadata *self = (MikroEntityMetadata *)object;

  for (guint i = 0; i < self->n_props; i++)
    clear_property_meta (&self->props[i]);
  g_free (self->props);
  for (guint i = 0; i < self->n_relations; i++)
    clear_relation_meta (&self->relations[i]);
  g_free (self->relations);
  g_clear_pointer (&self->pending_props, g_array_unref);
  g_clear_pointer (&self->pending_relations, g_array_unref);
  g_clear_pointer (&self->pending_columns, g_array_unref);
  g_clear_pointer (&self->pk_indices, g_array_unref);
  g_clear_pointer (&self->decls, g_ptr_array_unref);
  g_clear_pointer (&self->index_decls, g_ptr_array_unref);
  g_clear_pointer (&self->check_decls, g_ptr_array_unref);
  g_clear_pointer (&self->discriminator_value, g_free);
  g_clear_pointer (&self->discriminator_values, g_strfreev);
  g_clear_pointer (&self->by_discriminator, g_hash_table_unref);
  g_clear_object (&self->table_meta);
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
  g_free (self->db_schema);

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
  self->pk_index = -1;
  self->pk_indices = g_array_new (FALSE, FALSE, sizeof (guint));
  self->version_index = -1;
  self->discriminator_index = -1;
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

static void
clear_property_meta (gpointer data)
{
  MikroPropertyMeta *meta = data;

  g_clear_pointer (&meta->pspec, g_param_spec_unref);
  g_clear_pointer (&meta->embedded, g_param_spec_unref);
  g_clear_object (&meta->property);
  g_clear_pointer (&meta->database_type, g_variant_type_free);
}

static void
clear_relation_meta (gpointer data)
{
  MikroRelationMeta *meta = data;

  g_clear_pointer (&meta->pspec, g_param_spec_unref);
  g_clear_object (&meta->property);
  g_clear_pointer (&meta->pivot_index, g_free);
  g_clear_pointer (&meta->pivot_foreign_keys[0], g_free);
  g_clear_pointer (&meta->pivot_foreign_keys[1], g_free);
}

static void
clear_index_meta (gpointer data)
{
  MikroIndexMeta *index = data;

  g_clear_pointer (&index->name, g_free);
  g_clear_pointer (&index->columns, g_strfreev);
}

static const char *
relation_kind_name (MikroRelationKind kind)
{
  switch (kind)
    {
    case MIKRO_RELATION_MANY_TO_ONE: return _("many-to-one");
    case MIKRO_RELATION_ONE_TO_ONE: return _("one-to-one");
    case MIKRO_RELATION_ONE_TO_MANY: return _("one-to-many");
    case MIKRO_RELATION_MANY_TO_MANY: return _("many-to-many");
    case MIKRO_RELATION_NONE:
    default: return _("scalar");
    }
}

static gboolean
is_to_one (MikroRelationKind kind)
{
  return kind == MIKRO_RELATION_MANY_TO_ONE || kind == MIKRO_RELATION_ONE_TO_ONE;
}

/* An embedded property: a column per mapped property of the embeddable
 * (with a prefix), or one JSON column for the whole object. */
static gboolean
add_embedded_meta (MikroEntityMetadata  *self,
                   MikroProperty        *decl,
                   MikroProperty        *resolved,
                   GParamSpec           *pspec,
                   MikroNamingStrategy  *naming,
                   GError              **error)
{
  const char *type_name = g_type_name (self->entity_type);
  const char *name = mikro_property_get_name (decl);
  MikroPropertyFlags flags = mikro_property_get_flags (decl);
  GType embeddable = mikro_property_get_embedded (decl);
  g_autoptr(GTypeClass) klass = NULL;
  MikroEntitySchema *schema;
  GPtrArray *decls;
  g_autofree char *prefix = NULL;
  guint first = self->pending_props->len;

  if (!g_type_is_a (pspec->value_type, G_TYPE_OBJECT))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The embedded property “%s” of entity “%s” must hold an object, not “%s”"),
                   name, type_name, g_type_name (pspec->value_type));
      return FALSE;
    }
  if (embeddable == G_TYPE_INVALID)
    embeddable = pspec->value_type;
  else if (!g_type_is_a (embeddable, pspec->value_type))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The embedded property “%s” of entity “%s” embeds “%s”, which its property of type “%s” cannot hold"),
                   name, type_name, g_type_name (embeddable), g_type_name (pspec->value_type));
      return FALSE;
    }

  klass = g_type_class_ref (embeddable);
  schema = mikro_entity_schema_lookup (embeddable);
  if (schema == NULL || !mikro_entity_schema_get_embeddable (schema))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The embedded property “%s” of entity “%s” embeds “%s”, which has no embeddable schema; register one made with mikro_entity_schema_new_for_embeddable()"),
                   name, type_name, g_type_name (embeddable));
      return FALSE;
    }
  if (flags & (MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED | MIKRO_PROPERTY_VERSION))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The embedded property “%s” of entity “%s” cannot be a key, generated or a version"),
                   name, type_name);
      return FALSE;
    }

  decls = _mikro_entity_schema_get_declarations (schema);
  if (decls->len == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The embeddable “%s” of property “%s” of entity “%s” maps no property"),
                   g_type_name (embeddable), name, type_name);
      return FALSE;
    }

  /* check the embeddable's properties whatever the mode */
  for (guint i = 0; i < decls->len; i++)
    {
      MikroProperty *e = g_ptr_array_index (decls, i);
      GParamSpec *e_pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), mikro_property_get_name (e));
      MikroValueKind kind;

      if (e_pspec == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Embeddable “%s” has no property “%s” to map"),
                       g_type_name (embeddable), mikro_property_get_name (e));
          return FALSE;
        }
      if ((mikro_property_get_flags (e) & (MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED | MIKRO_PROPERTY_VERSION)) ||
          mikro_property_get_relation (e) != MIKRO_RELATION_NONE ||
          _mikro_property_is_embedded (e) || mikro_property_get_custom_type (e) != NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of embeddable “%s” cannot be a key, generated, a version, a relation, embedded or of a custom type"),
                       e_pspec->name, g_type_name (embeddable));
          return FALSE;
        }
      if (!value_kind_for_type (e_pspec->value_type, &kind) ||
          (mikro_property_get_as_object (decl) &&
           (kind == MIKRO_VALUE_BYTES || kind == MIKRO_VALUE_STRV || kind == MIKRO_VALUE_JSON || kind == MIKRO_VALUE_VARIANT)))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of embeddable “%s” has type “%s”, which has no %s mapping"),
                       e_pspec->name, g_type_name (embeddable), g_type_name (e_pspec->value_type),
                       mikro_property_get_as_object (decl) ? _("JSON") : _("column"));
          return FALSE;
        }
      if ((e_pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE || (e_pspec->flags & G_PARAM_CONSTRUCT_ONLY))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of embeddable “%s” must be readable and writable to be persistent"),
                       e_pspec->name, g_type_name (embeddable));
          return FALSE;
        }
    }

  _mikro_property_set_embedded (resolved, embeddable);

  if (mikro_property_get_as_object (decl))
    {
      MikroPropertyMeta meta = { 0, };
      g_autofree char *column = mikro_property_get_column (decl) != NULL
        ? g_strdup (mikro_property_get_column (decl))
        : mikro_naming_strategy_property_to_column_name (naming, pspec->name);

      if (mikro_property_get_prefix (decl) != NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The embedded property “%s” of entity “%s” is stored as an object, so a prefix means nothing for it"),
                       name, type_name);
          return FALSE;
        }
      _mikro_property_resolve (resolved, column, pspec->value_type);
      meta.property = g_object_ref (resolved);
      meta.name = pspec->name;
      meta.column = mikro_property_get_column (meta.property);
      meta.flags = flags;
      meta.kind = MIKRO_VALUE_JSON;
      meta.value_type = JSON_TYPE_NODE;
      meta.property_type = pspec->value_type;
      meta.embedded = g_param_spec_ref (pspec);
      meta.embeddable_type = embeddable;
      meta.n_embedded = 1;
      meta.index = self->pending_props->len;
      g_array_append_val (self->pending_props, meta);
      return TRUE;
    }

  if (mikro_property_get_column (decl) != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The embedded property “%s” of entity “%s” has a column per property: name them with a prefix"),
                   name, type_name);
      return FALSE;
    }
  if (mikro_property_get_prefix (decl) != NULL)
    prefix = g_strdup (mikro_property_get_prefix (decl));
  else
    {
      g_autofree char *base = mikro_naming_strategy_property_to_column_name (naming, pspec->name);

      prefix = g_strconcat (base, "_", NULL);
    }
  _mikro_property_resolve (resolved, NULL, pspec->value_type);

  for (guint i = 0; i < decls->len; i++)
    {
      MikroProperty *e = g_ptr_array_index (decls, i);
      GParamSpec *e_pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), mikro_property_get_name (e));
      g_autofree char *e_column = mikro_property_get_column (e) != NULL
        ? g_strdup (mikro_property_get_column (e))
        : mikro_naming_strategy_property_to_column_name (naming, e_pspec->name);
      g_autofree char *column = g_strconcat (prefix, e_column, NULL);
      g_autofree char *path = g_strconcat (pspec->name, ".", e_pspec->name, NULL);
      MikroPropertyMeta meta = { 0, };

      if (mikro_property_get_flags (e) & MIKRO_PROPERTY_VIRTUAL)
        continue;

      meta.property = _mikro_property_copy (e);
      _mikro_property_resolve (meta.property, column, e_pspec->value_type);
      meta.pspec = g_param_spec_ref (e_pspec);
      meta.name = g_intern_string (path);
      meta.column = mikro_property_get_column (meta.property);
      meta.flags = mikro_property_get_flags (e) | (flags & MIKRO_PROPERTY_NULLABLE);
      value_kind_for_type (e_pspec->value_type, &meta.kind);
      meta.value_type = e_pspec->value_type;
      meta.property_type = e_pspec->value_type;
      meta.embedded = g_param_spec_ref (pspec);
      meta.embeddable_type = embeddable;
      meta.index = self->pending_props->len;
      g_array_append_val (self->pending_props, meta);
    }
  g_array_index (self->pending_props, MikroPropertyMeta, first).n_embedded = self->pending_props->len - first;

  return TRUE;
}

/* A setting that means nothing for this side of this kind of relation
 * (or for a scalar) is a mistake: it would be silently ignored. */
static gboolean
check_relation_settings (MikroEntityMetadata  *self,
                         MikroProperty        *decl,
                         MikroRelationKind     kind,
                         gboolean              owner,
                         GError              **error)
{
  gboolean to_one_owner = is_to_one (kind) && owner;
  gboolean pivot_owner = kind == MIKRO_RELATION_MANY_TO_MANY && owner;
  MikroPropertyFlags flags = mikro_property_get_flags (decl);
  const char *setting = NULL;

  if (!to_one_owner && mikro_property_get_on_delete (decl) != MIKRO_REFERENTIAL_ACTION_DEFAULT)
    setting = "on-delete";
  else if (!to_one_owner && mikro_property_get_on_update (decl) != MIKRO_REFERENTIAL_ACTION_DEFAULT)
    setting = "on-update";
  else if (!to_one_owner && mikro_property_get_foreign_key_name (decl) != NULL)
    setting = "foreign-key-name";
  else if (!pivot_owner && mikro_property_get_pivot_table (decl) != NULL)
    setting = "pivot-table";
  else if (!pivot_owner && mikro_property_get_pivot_entity (decl) != G_TYPE_INVALID)
    setting = "pivot-entity";
  else if (!pivot_owner && mikro_property_get_join_column (decl) != NULL)
    setting = "join-column";
  else if (!pivot_owner && mikro_property_get_inverse_join_column (decl) != NULL)
    setting = "inverse-join-column";
  else if (kind == MIKRO_RELATION_NONE && mikro_property_get_mapped_by (decl) != NULL)
    setting = "mapped-by";
  else if (kind == MIKRO_RELATION_NONE && mikro_property_get_inversed_by (decl) != NULL)
    setting = "inversed-by";
  else if (kind == MIKRO_RELATION_NONE && (flags & MIKRO_PROPERTY_EAGER))
    setting = "eager";
  else if ((flags & MIKRO_PROPERTY_ORPHAN_REMOVAL) &&
           kind != MIKRO_RELATION_ONE_TO_MANY && kind != MIKRO_RELATION_ONE_TO_ONE)
    setting = "orphan-removal";
  else if (!to_one_owner && mikro_property_get_column (decl) != NULL && kind != MIKRO_RELATION_NONE)
    setting = "column";

  if (setting == NULL)
    return TRUE;

  if (kind == MIKRO_RELATION_NONE)
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                 _("Property “%s” of entity “%s” is not a relation, so “%s” means nothing for it"),
                 mikro_property_get_name (decl), g_type_name (self->entity_type), setting);
  else if (owner)
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                 _("“%s” means nothing for the %s “%s” of entity “%s”"),
                 setting, relation_kind_name (kind),
                 mikro_property_get_name (decl), g_type_name (self->entity_type));
  else
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                 _("“%s” means nothing for the inverse %s “%s” of entity “%s”"),
                 setting, relation_kind_name (kind),
                 mikro_property_get_name (decl), g_type_name (self->entity_type));
  return FALSE;
}

/* The first half of a relation's discovery, which needs nothing of the
 * target: the property's type, the target type, which side owns it. */
static gboolean
add_relation_meta (MikroEntityMetadata  *self,
                   MikroProperty        *decl,
                   MikroProperty        *resolved,
                   GParamSpec           *pspec,
                   MikroRelationKind     kind,
                   GError              **error)
{
  const char *type_name = g_type_name (self->entity_type);
  const char *name = mikro_property_get_name (decl);
  const char *mapped_by = mikro_property_get_mapped_by (decl);
  const char *inversed_by = mikro_property_get_inversed_by (decl);
  MikroPropertyFlags flags = mikro_property_get_flags (decl);
  GType target = mikro_property_get_target (decl);
  MikroRelationMeta rel = { 0, };

  /* G_TYPE_NONE is how Python and JavaScript say G_TYPE_INVALID */
  if (target == G_TYPE_NONE)
    target = G_TYPE_INVALID;

  if (is_to_one (kind))
    {
      if (!g_type_is_a (pspec->value_type, G_TYPE_OBJECT))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s “%s” of entity “%s” must be a property of an entity type, not “%s”"),
                       relation_kind_name (kind), name, type_name, g_type_name (pspec->value_type));
          return FALSE;
        }
      if (target == G_TYPE_INVALID)
        target = pspec->value_type;
      else if (!g_type_is_a (target, pspec->value_type))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s “%s” of entity “%s” targets “%s”, which its property of type “%s” cannot hold"),
                       relation_kind_name (kind), name, type_name,
                       g_type_name (target), g_type_name (pspec->value_type));
          return FALSE;
        }
    }
  else
    {
      if (!g_type_is_a (MIKRO_TYPE_COLLECTION, pspec->value_type))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s “%s” of entity “%s” must be a property of type MikroCollection, not “%s”"),
                       relation_kind_name (kind), name, type_name, g_type_name (pspec->value_type));
          return FALSE;
        }
      if (target == G_TYPE_INVALID)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s “%s” of entity “%s” names no target entity type"),
                       relation_kind_name (kind), name, type_name);
          return FALSE;
        }
    }

  if (!g_type_is_a (target, MIKRO_TYPE_ENTITY))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The %s “%s” of entity “%s” targets “%s”, which is not an entity"),
                   relation_kind_name (kind), name, type_name, g_type_name (target));
      return FALSE;
    }

  if ((flags & MIKRO_PROPERTY_PRIMARY_KEY) && !(is_to_one (kind) && mapped_by == NULL))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The %s “%s” of entity “%s” cannot be part of the primary key: only the owner of a to-one relation has a column to be one"),
                   relation_kind_name (kind), name, type_name);
      return FALSE;
    }
  if ((flags & (MIKRO_PROPERTY_GENERATED | MIKRO_PROPERTY_VERSION)) ||
      mikro_property_get_custom_type (decl) != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The %s “%s” of entity “%s” cannot be generated, a version or of a custom type"),
                   relation_kind_name (kind), name, type_name);
      return FALSE;
    }

  if (kind == MIKRO_RELATION_MANY_TO_ONE && mapped_by != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The many-to-one “%s” of entity “%s” always owns its join column: mapped-by belongs on the one-to-many it is the inverse of"),
                   name, type_name);
      return FALSE;
    }
  if (kind == MIKRO_RELATION_ONE_TO_MANY && mapped_by == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The one-to-many “%s” of entity “%s” needs mapped-by: the many-to-one of “%s” it mirrors"),
                   name, type_name, g_type_name (target));
      return FALSE;
    }
  if (mapped_by != NULL && inversed_by != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The %s “%s” of entity “%s” has both mapped-by and inversed-by: one side owns the relation, the other is mapped by it"),
                   relation_kind_name (kind), name, type_name);
      return FALSE;
    }

  if (!check_relation_settings (self, decl, kind, mapped_by == NULL, error))
    return FALSE;

  rel.pspec = g_param_spec_ref (pspec);
  rel.name = pspec->name;
  rel.property = g_object_ref (resolved);
  rel.kind = kind;
  rel.owner = mapped_by == NULL;
  rel.target_type = target;
  rel.cascade = mikro_property_get_cascade (decl);
  rel.pivot_entity_type = mikro_property_get_pivot_entity (decl);
  g_array_append_val (self->pending_relations, rel);

  /* a to-one owner is also a column, whose type is the target's key */
  if (is_to_one (kind) && rel.owner)
    {
      MikroPropertyMeta column = { 0, };
      guint pair[2];

      column.pspec = g_param_spec_ref (pspec);
      column.name = pspec->name;
      column.property = g_object_ref (resolved);
      column.flags = flags;
      column.property_type = pspec->value_type;
      column.index = self->pending_props->len;
      pair[0] = self->pending_props->len;
      pair[1] = self->pending_relations->len - 1;
      /* a foreign key that is (part of) the primary key */
      if (flags & MIKRO_PROPERTY_PRIMARY_KEY)
        g_array_append_val (self->pk_indices, pair[0]);
      g_array_append_val (self->pending_props, column);
      g_array_append_vals (self->pending_columns, pair, 2);
    }

  return TRUE;
}

/* The declarations an entity type maps: those of its abstract bases and,
 * in a single-table hierarchy, of every entity type above it, then its
 * own. @root is the schema of the hierarchy's root, or NULL. */
static gboolean
collect_lineage (MikroEntityMetadata  *self,
                 MikroEntitySchema    *schema,
                 MikroEntitySchema   **root,
                 GError              **error)
{
  g_autoptr(GPtrArray) lineage = g_ptr_array_new ();
  const char *type_name = g_type_name (self->entity_type);

  *root = NULL;
  for (GType t = g_type_parent (self->entity_type);
       t != MIKRO_TYPE_ENTITY && t != G_TYPE_INVALID;
       t = g_type_parent (t))
    {
      MikroEntitySchema *ancestor = mikro_entity_schema_lookup (t);

      /* a class in between with no schema maps nothing */
      if (ancestor != NULL)
        g_ptr_array_insert (lineage, 0, ancestor);
    }
  g_ptr_array_add (lineage, schema);

  for (guint i = 0; i < lineage->len; i++)
    {
      MikroEntitySchema *member = g_ptr_array_index (lineage, i);
      const char *member_name = g_type_name (mikro_entity_schema_get_entity_type (member));

      if (mikro_entity_schema_get_discriminator_column (member) != NULL)
        {
          if (*root != NULL)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entity “%s” is in the single-table hierarchy of “%s” and cannot start one of its own with a discriminator column"),
                           member_name, g_type_name (mikro_entity_schema_get_entity_type (*root)));
              return FALSE;
            }
          *root = member;
        }
      else if (member != schema && *root == NULL && !mikro_entity_schema_get_abstract (member))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” derives from entity “%s”, which is neither abstract nor the root of a single-table hierarchy (a discriminator column)"),
                       type_name, member_name);
          return FALSE;
        }
      else if (*root == NULL && mikro_entity_schema_get_discriminator_value (member) != NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” has a discriminator value but no single-table hierarchy: its root needs a discriminator column"),
                       member_name);
          return FALSE;
        }
    }

  self->decls = g_ptr_array_new ();
  self->index_decls = g_ptr_array_new ();
  self->check_decls = g_ptr_array_new ();
  for (guint i = 0; i < lineage->len; i++)
    {
      MikroEntitySchema *member = g_ptr_array_index (lineage, i);

      g_ptr_array_extend (self->decls, _mikro_entity_schema_get_declarations (member), NULL, NULL);
      g_ptr_array_extend (self->index_decls, _mikro_entity_schema_get_indexes (member), NULL, NULL);
      g_ptr_array_extend (self->check_decls, _mikro_entity_schema_get_checks (member), NULL, NULL);
    }

  return TRUE;
}

/*
 * _mikro_entity_metadata_new:
 *
 * Discovery and validation, first phase: binds every declared property to
 * its GParamSpec and value kind, names what the schema left unnamed, and
 * checks the mapping of each property on its own. Relations are known by
 * their target type only; _mikro_entity_metadata_resolve() and
 * _mikro_entity_metadata_link() finish them once the targets are
 * discovered too. Drivers and the unit of work only ever see metadata.
 */
MikroEntityMetadata *
_mikro_entity_metadata_new (MikroEntitySchema    *schema,
                            MikroNamingStrategy  *naming,
                            GError              **error)
{
  g_autoptr(MikroEntityMetadata) self = NULL;
  g_autoptr(GTypeClass) klass = NULL;
  GPtrArray *decls;
  MikroEntitySchema *root;
  const char *type_name;

  self = g_object_new (MIKRO_TYPE_ENTITY_METADATA, NULL);
  self->schema = g_object_ref (schema);
  self->entity_type = mikro_entity_schema_get_entity_type (schema);
  self->root_type = self->entity_type;
  type_name = g_type_name (self->entity_type);

  if (!collect_lineage (self, schema, &root, error))
    return NULL;
  decls = self->decls;

  if (root != NULL && root != schema)
    {
      const char *root_name = g_type_name (mikro_entity_schema_get_entity_type (root));

      if (mikro_entity_schema_get_table (schema) != NULL ||
          mikro_entity_schema_get_db_schema (schema) != NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” shares the table of “%s”, the root of its single-table hierarchy, and cannot name a table or database schema of its own"),
                       type_name, root_name);
          return NULL;
        }
      self->table = mikro_entity_schema_get_table (root) != NULL
        ? g_strdup (mikro_entity_schema_get_table (root))
        : mikro_naming_strategy_class_to_table_name (naming, root_name);
      self->db_schema = g_strdup (mikro_entity_schema_get_db_schema (root));
    }
  else
    {
      if (mikro_entity_schema_get_table (schema) != NULL)
        self->table = g_strdup (mikro_entity_schema_get_table (schema));
      else
        self->table = mikro_naming_strategy_class_to_table_name (naming, type_name);
      self->db_schema = g_strdup (mikro_entity_schema_get_db_schema (schema));
    }

  if (root != NULL)
    {
      self->root_type = mikro_entity_schema_get_entity_type (root);
      if (mikro_entity_schema_get_discriminator_value (schema) != NULL)
        self->discriminator_value = g_strdup (mikro_entity_schema_get_discriminator_value (schema));
      else
        self->discriminator_value = mikro_naming_strategy_class_to_table_name (naming, type_name);
    }

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
  self->pending_props = g_array_new (FALSE, TRUE, sizeof (MikroPropertyMeta));
  g_array_set_clear_func (self->pending_props, clear_property_meta);
  self->pending_relations = g_array_new (FALSE, TRUE, sizeof (MikroRelationMeta));
  g_array_set_clear_func (self->pending_relations, clear_relation_meta);
  self->pending_columns = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < decls->len; i++)
    {
      MikroProperty *decl = g_ptr_array_index (decls, i);
      const char *name = mikro_property_get_name (decl);
      MikroPropertyFlags flags = mikro_property_get_flags (decl);
      MikroRelationKind relation = mikro_property_get_relation (decl);
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
          return NULL;
        }

      for (guint j = 0; j < i; j++)
        if (g_str_equal (mikro_property_get_name (g_ptr_array_index (decls, j)), pspec->name) ||
            g_object_class_find_property (G_OBJECT_CLASS (klass),
                                          mikro_property_get_name (g_ptr_array_index (decls, j))) == pspec)
          {
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                         _("Property “%s” of entity “%s” is mapped twice"),
                         name, type_name);
            return NULL;
          }

      /* an entity-typed property is a many-to-one unless declared otherwise */
      if (relation == MIKRO_RELATION_NONE && g_type_is_a (pspec->value_type, MIKRO_TYPE_ENTITY))
        relation = MIKRO_RELATION_MANY_TO_ONE;

      resolved = _mikro_property_copy (decl);
      /* a join column is named once the target's key is known */
      if (mikro_property_get_column (decl) != NULL)
        column = g_strdup (mikro_property_get_column (decl));
      else if (relation == MIKRO_RELATION_NONE)
        column = mikro_naming_strategy_property_to_column_name (naming, pspec->name);
      _mikro_property_resolve (resolved, column, pspec->value_type);
      g_list_store_append (self->properties, resolved);

      if (flags & MIKRO_PROPERTY_VIRTUAL)
        {
          if (flags & (MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_VERSION))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Property “%s” of entity “%s” cannot be both virtual and a key or version"),
                           name, type_name);
              return NULL;
            }
          continue;
        }

      if ((pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of entity “%s” must be readable and writable to be persistent"),
                       name, type_name);
          return NULL;
        }

      if (_mikro_property_is_embedded (decl))
        {
          if (!check_relation_settings (self, decl, MIKRO_RELATION_NONE, TRUE, error) ||
              !add_embedded_meta (self, decl, resolved, pspec, naming, error))
            return NULL;
          continue;
        }

      if (relation != MIKRO_RELATION_NONE)
        {
          _mikro_property_set_relation (resolved, relation, mikro_property_get_target (decl));
          if (!add_relation_meta (self, decl, resolved, pspec, relation, error))
            return NULL;
          continue;
        }

      if (!check_relation_settings (self, decl, MIKRO_RELATION_NONE, TRUE, error))
        return NULL;

      custom = mikro_property_get_custom_type (decl);
      stored_type = pspec->value_type;
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
              return NULL;
            }
          if (!value_kind_for_variant_type (database_type, &kind, &stored_type))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The custom type %s of property “%s” of entity “%s” stores “%s”; it must store one of b, i, u, x, t, d, s, ay, as"),
                           G_OBJECT_TYPE_NAME (custom), name, type_name,
                           type_string != NULL ? type_string : "nothing");
              return NULL;
            }
        }
      else if (!value_kind_for_type (pspec->value_type, &kind))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Property “%s” of entity “%s” has type “%s”, which has no column mapping"),
                       name, type_name, g_type_name (pspec->value_type));
          return NULL;
        }

      if (flags & MIKRO_PROPERTY_VERSION)
        {
          if (self->version_index >= 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entity “%s” declares a second version property “%s”"),
                           type_name, name);
              return NULL;
            }
          if ((kind != MIKRO_VALUE_INT && kind != MIKRO_VALUE_INT64) || custom != NULL ||
              (flags & MIKRO_PROPERTY_PRIMARY_KEY))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Version property “%s” of entity “%s” must be an integer that is not the key"),
                           name, type_name);
              return NULL;
            }
          self->version_index = self->pending_props->len;
        }

      if (flags & MIKRO_PROPERTY_PRIMARY_KEY)
        {
          if ((flags & MIKRO_PROPERTY_GENERATED) &&
              kind != MIKRO_VALUE_INT && kind != MIKRO_VALUE_INT64 && kind != MIKRO_VALUE_STRING)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Generated primary key “%s” of entity “%s” must be an integer or a string, not “%s”"),
                           name, type_name, g_type_name (pspec->value_type));
              return NULL;
            }
          g_array_append_val (self->pk_indices, self->pending_props->len);
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
      meta.index = self->pending_props->len;
      g_array_append_val (self->pending_props, meta);
    }

  if (self->pk_indices->len == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” has no primary key"),
                   type_name);
      return NULL;
    }
  /* a composite key is made of values the application knows */
  if (self->pk_indices->len > 1)
    for (guint i = 0; i < self->pk_indices->len; i++)
      {
        const MikroPropertyMeta *key = &g_array_index (self->pending_props, MikroPropertyMeta,
                                                       g_array_index (self->pk_indices, guint, i));

        if (key->flags & MIKRO_PROPERTY_GENERATED)
          {
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                         _("Property “%s” of entity “%s” is part of a composite primary key and cannot be generated"),
                         key->name, type_name);
            return NULL;
          }
      }
  self->pk_index = g_array_index (self->pk_indices, guint, 0);

  /* the discriminator: a string column no GObject property maps */
  if (root != NULL)
    {
      const char *column = mikro_entity_schema_get_discriminator_column (root);
      MikroPropertyMeta meta = { 0, };

      meta.property = _mikro_property_new (column, column, MIKRO_PROPERTY_NONE);
      _mikro_property_resolve (meta.property, column, G_TYPE_STRING);
      meta.name = g_intern_string (column);
      meta.column = mikro_property_get_column (meta.property);
      meta.kind = MIKRO_VALUE_STRING;
      meta.value_type = G_TYPE_STRING;
      meta.property_type = G_TYPE_STRING;
      meta.discriminator = TRUE;
      meta.discriminator_value = self->discriminator_value;
      meta.index = self->pending_props->len;
      self->discriminator_index = meta.index;
      g_array_append_val (self->pending_props, meta);
    }

  /* The relations are complete enough for the ORM to find the targets. */
  self->n_relations = self->pending_relations->len;
  self->relations = (MikroRelationMeta *)(gpointer)g_array_free (g_steal_pointer (&self->pending_relations), FALSE);

  return g_steal_pointer (&self);
}

static const char *
referential_action_sql (MikroReferentialAction action)
{
  switch (action)
    {
    case MIKRO_REFERENTIAL_ACTION_RESTRICT: return "restrict";
    case MIKRO_REFERENTIAL_ACTION_CASCADE: return "cascade";
    case MIKRO_REFERENTIAL_ACTION_SET_NULL: return "set null";
    case MIKRO_REFERENTIAL_ACTION_SET_DEFAULT: return "set default";
    case MIKRO_REFERENTIAL_ACTION_NO_ACTION:
    case MIKRO_REFERENTIAL_ACTION_DEFAULT:
    default: return "no action";
    }
}

/*
 * _mikro_entity_metadata_resolve:
 *
 * Discovery, second phase, once the target of every to-one owner is
 * discovered: the join columns take the type of the target's key and a
 * name, and the columns, indexes and foreign keys are final.
 */
static gboolean resolve_columns (MikroEntityMetadata  *self,
                                 MikroMetadataLookup   lookup,
                                 gpointer              user_data,
                                 MikroNamingStrategy  *naming,
                                 GError              **error);

gboolean
_mikro_entity_metadata_resolve (MikroEntityMetadata  *self,
                                MikroMetadataLookup   lookup,
                                gpointer              user_data,
                                MikroNamingStrategy  *naming,
                                GError              **error)
{
  gboolean ok;

  /* resolved already, as the target of a relation whose join column
   * takes the type of a key that is a foreign key itself */
  if (self->pending_props == NULL)
    return TRUE;

  self->resolving = TRUE;
  ok = resolve_columns (self, lookup, user_data, naming, error);
  self->resolving = FALSE;
  return ok;
}

static gboolean
resolve_columns (MikroEntityMetadata  *self,
                 MikroMetadataLookup   lookup,
                 gpointer              user_data,
                 MikroNamingStrategy  *naming,
                 GError              **error)
{
  const char *type_name = g_type_name (self->entity_type);
  g_autoptr(GArray) indexes = NULL;
  GPtrArray *index_decls = self->index_decls;
  GPtrArray *check_decls = self->check_decls;

  for (guint i = 0; i < self->pending_columns->len; i += 2)
    {
      MikroPropertyMeta *prop = &g_array_index (self->pending_props, MikroPropertyMeta,
                                                g_array_index (self->pending_columns, guint, i));
      MikroRelationMeta *rel = &self->relations[g_array_index (self->pending_columns, guint, i + 1)];
      MikroEntityMetadata *target = lookup (rel->target_type, user_data);
      const MikroPropertyMeta *target_pk;
      g_autofree char *column = NULL;
      g_autofree char *foreign_key = NULL;
      MikroReferentialAction on_delete = mikro_property_get_on_delete (rel->property);
      MikroReferentialAction on_update = mikro_property_get_on_update (rel->property);

      g_assert (target != NULL);
      if (target->pk_indices->len > 1)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s “%s” of entity “%s” targets “%s”, whose primary key is composite: relations to such entities are not supported yet"),
                       relation_kind_name (rel->kind), rel->name, type_name, g_type_name (target->entity_type));
          return FALSE;
        }
      target_pk = _mikro_entity_metadata_get_pk (target);
      /* a key that is a foreign key itself (a derived identity): the join
       * column takes its column's name and type, known once the target's
       * own join columns are */
      if (g_type_is_a (target_pk->property_type, MIKRO_TYPE_ENTITY))
        {
          if (target->resolving)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” targets “%s”, whose primary key leads back to “%s” through foreign keys"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           g_type_name (target->entity_type), type_name);
              return FALSE;
            }
          if (!_mikro_entity_metadata_resolve (target, lookup, user_data, naming, error))
            return FALSE;
          target_pk = _mikro_entity_metadata_get_pk (target);
        }

      column = mikro_property_get_column (rel->property) != NULL
        ? g_strdup (mikro_property_get_column (rel->property))
        : mikro_naming_strategy_join_column_name (naming, rel->name, target_pk->column);
      _mikro_property_resolve (rel->property, column, rel->pspec->value_type);

      if (mikro_property_get_foreign_key_name (rel->property) != NULL)
        foreign_key = g_strdup (mikro_property_get_foreign_key_name (rel->property));
      else
        {
          const char *columns[] = { column, NULL };

          foreign_key = mikro_naming_strategy_index_name (naming, self->table, columns, "foreign");
        }

      if (on_delete == MIKRO_REFERENTIAL_ACTION_DEFAULT)
        on_delete = (prop->flags & MIKRO_PROPERTY_NULLABLE) ? MIKRO_REFERENTIAL_ACTION_SET_NULL
                                                            : MIKRO_REFERENTIAL_ACTION_NO_ACTION;
      if (on_update == MIKRO_REFERENTIAL_ACTION_DEFAULT)
        on_update = MIKRO_REFERENTIAL_ACTION_CASCADE;
      if (on_delete == MIKRO_REFERENTIAL_ACTION_SET_NULL && !(prop->flags & MIKRO_PROPERTY_NULLABLE))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The %s “%s” of entity “%s” sets its join column to NULL on delete, but it is not nullable"),
                       relation_kind_name (rel->kind), rel->name, type_name);
          return FALSE;
        }

      _mikro_property_resolve_relation (rel->property, rel->kind, rel->target_type,
                                        NULL, NULL, NULL, foreign_key, on_delete, on_update);
      rel->foreign_key = mikro_property_get_foreign_key_name (rel->property);
      rel->on_delete = referential_action_sql (on_delete);
      rel->on_update = referential_action_sql (on_update);

      prop->column = mikro_property_get_column (rel->property);
      prop->kind = target_pk->kind;
      prop->value_type = target_pk->value_type;
    }

  for (guint i = 0; i < self->pending_props->len; i++)
    for (guint j = 0; j < i; j++)
      {
        const MikroPropertyMeta *a = &g_array_index (self->pending_props, MikroPropertyMeta, j);
        const MikroPropertyMeta *b = &g_array_index (self->pending_props, MikroPropertyMeta, i);

        if (g_ascii_strcasecmp (a->column, b->column) == 0)
          {
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                         _("Properties “%s” and “%s” of entity “%s” both map to column “%s”"),
                         a->name, b->name, type_name, b->column);
            return FALSE;
          }
      }

  /* The columns are final: from here on pointers into them hold. */
  g_array_set_clear_func (self->pending_props, NULL);
  self->n_props = self->pending_props->len;
  self->props = (MikroPropertyMeta *)(gpointer)g_array_free (g_steal_pointer (&self->pending_props), FALSE);
  for (guint i = 0; i < self->pending_columns->len; i += 2)
    {
      MikroPropertyMeta *prop = &self->props[g_array_index (self->pending_columns, guint, i)];
      MikroRelationMeta *rel = &self->relations[g_array_index (self->pending_columns, guint, i + 1)];

      prop->relation = rel;
      rel->column = prop;
    }
  g_clear_pointer (&self->pending_columns, g_array_unref);
  /* notifications find what changed: a property's column, or the first
   * column of an embedded property */
  for (guint i = 0; i < self->n_props; i++)
    if (self->props[i].embedded != NULL)
      {
        if (self->props[i].n_embedded > 0)
          g_hash_table_insert (self->by_pspec, self->props[i].embedded, &self->props[i]);
      }
    else if (self->props[i].pspec != NULL)
      g_hash_table_insert (self->by_pspec, self->props[i].pspec, &self->props[i]);

  /* Indexes: first the single-property flags and the join columns, then
   * the declared ones. A many-to-one's column gets an index of its own, a
   * one-to-one owner's a unique one, as MikroORM does: lookups by the
   * foreign key need one, and MariaDB would add one anyway. */
  indexes = g_array_new (FALSE, TRUE, sizeof (MikroIndexMeta));
  g_array_set_clear_func (indexes, clear_index_meta);
  for (guint i = 0; i < self->n_props; i++)
    {
      const MikroPropertyMeta *prop = &self->props[i];
      const char *names[] = { prop->name, NULL };
      MikroPropertyFlags flags = prop->flags;

      /* the key's index serves lookups by its first column; a foreign key
       * further in a composite key needs one of its own */
      if ((flags & MIKRO_PROPERTY_PRIMARY_KEY) && (prop->relation == NULL || (int)i == self->pk_index))
        continue;
      if (prop->relation != NULL && !(flags & (MIKRO_PROPERTY_UNIQUE | MIKRO_PROPERTY_INDEX)))
        flags |= prop->relation->kind == MIKRO_RELATION_ONE_TO_ONE ? MIKRO_PROPERTY_UNIQUE
                                                                   : MIKRO_PROPERTY_INDEX;

      if ((flags & MIKRO_PROPERTY_UNIQUE) &&
          !add_index_meta (self, indexes, naming, NULL, names, TRUE, error))
        return FALSE;
      if ((flags & MIKRO_PROPERTY_INDEX) &&
          !add_index_meta (self, indexes, naming, NULL, names, FALSE, error))
        return FALSE;
    }
  for (guint i = 0; i < index_decls->len; i++)
    {
      MikroIndexDecl *decl = g_ptr_array_index (index_decls, i);

      if (!add_index_meta (self, indexes, naming, decl->name,
                           (const char * const *)decl->properties, decl->unique, error))
        return FALSE;
    }
  g_array_set_clear_func (indexes, NULL);
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

  return TRUE;
}

/* The kind of owning relation an inverse side of @kind mirrors. */
static MikroRelationKind
owning_kind_for (MikroRelationKind kind)
{
  return kind == MIKRO_RELATION_ONE_TO_MANY ? MIKRO_RELATION_MANY_TO_ONE : kind;
}

static char *
pivot_column_name (MikroNamingStrategy     *naming,
                   MikroEntityMetadata     *meta,
                   const char              *suffix)
{
  g_autofree char *base = g_strconcat (meta->table, suffix, NULL);

  return mikro_naming_strategy_join_column_name (naming, base, _mikro_entity_metadata_get_pk (meta)->column);
}

/* A many-to-many whose pivot table is an entity's (MikroORM's
 * pivotEntity): its rows are that entity's, its columns the join columns
 * of the entity's many-to-ones to the owner and to the target. */
static gboolean
link_pivot_entity (MikroEntityMetadata  *self,
                   MikroRelationMeta    *rel,
                   MikroMetadataLookup   lookup,
                   gpointer              user_data,
                   GError              **error)
{
  const char *type_name = g_type_name (self->entity_type);
  MikroEntityMetadata *pivot = lookup (rel->pivot_entity_type, user_data);
  const MikroRelationMeta *to_owner = NULL;
  const MikroRelationMeta *to_target = NULL;

  g_assert (pivot != NULL);
  if (mikro_property_get_pivot_table (rel->property) != NULL ||
      mikro_property_get_join_column (rel->property) != NULL ||
      mikro_property_get_inverse_join_column (rel->property) != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The many-to-many “%s” of entity “%s” has a pivot entity, whose table and columns it uses: it cannot name a pivot table or join columns"),
                   rel->name, type_name);
      return FALSE;
    }

  /* the first many-to-one to the owner's type, the next one (or the first
   * if the types differ) to the target's */
  for (guint i = 0; i < pivot->n_relations; i++)
    {
      const MikroRelationMeta *candidate = &pivot->relations[i];

      if (candidate->column == NULL)
        continue;
      if (to_owner == NULL && g_type_is_a (self->entity_type, candidate->target_type))
        to_owner = candidate;
      else if (to_target == NULL && g_type_is_a (rel->target_type, candidate->target_type))
        to_target = candidate;
    }
  if (to_owner == NULL || to_target == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("The pivot entity “%s” of the many-to-many “%s” of entity “%s” needs a many-to-one to “%s” and one to “%s”"),
                   g_type_name (pivot->entity_type), rel->name, type_name,
                   type_name, g_type_name (rel->target_type));
      return FALSE;
    }

  _mikro_property_resolve_relation (rel->property, rel->kind, rel->target_type,
                                    pivot->table, to_owner->column->column, to_target->column->column, NULL,
                                    MIKRO_REFERENTIAL_ACTION_DEFAULT, MIKRO_REFERENTIAL_ACTION_DEFAULT);
  rel->pivot_entity = pivot;
  rel->pivot_table = mikro_property_get_pivot_table (rel->property);
  rel->pivot_schema = pivot->db_schema;
  rel->join_column = mikro_property_get_join_column (rel->property);
  rel->inverse_join_column = mikro_property_get_inverse_join_column (rel->property);
  rel->on_delete = to_owner->on_delete;
  rel->on_update = to_owner->on_update;
  return TRUE;
}

/*
 * _mikro_entity_metadata_link:
 *
 * Discovery, last phase, once every entity of the ORM is resolved: each
 * side of a bidirectional relation finds the other and checks that they
 * agree, and many-to-many owners name their pivot table.
 */
gboolean
_mikro_entity_metadata_link (MikroEntityMetadata  *self,
                             MikroMetadataLookup   lookup,
                             gpointer              user_data,
                             MikroNamingStrategy  *naming,
                             GError              **error)
{
  const char *type_name = g_type_name (self->entity_type);

  for (guint i = 0; i < self->n_relations; i++)
    {
      MikroRelationMeta *rel = &self->relations[i];
      const char *mapped_by = mikro_property_get_mapped_by (rel->property);
      const char *inversed_by = mikro_property_get_inversed_by (rel->property);
      MikroRelationMeta *other = NULL;

      rel->target = lookup (rel->target_type, user_data);
      g_assert (rel->target != NULL);

      if (mapped_by != NULL)
        {
          const char *other_inversed_by;

          other = (MikroRelationMeta *)_mikro_entity_metadata_find_relation (rel->target, mapped_by);
          if (other == NULL)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” is mapped by “%s”, which is not a relation of “%s”"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           mapped_by, g_type_name (rel->target_type));
              return FALSE;
            }
          if (other->kind != owning_kind_for (rel->kind) || !other->owner)
            {
              if (other->owner)
                g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                             _("The %s “%s” of entity “%s” is mapped by “%s” of “%s”, which is a %s; it must be an owning %s"),
                             relation_kind_name (rel->kind), rel->name, type_name,
                             other->name, g_type_name (rel->target_type),
                             relation_kind_name (other->kind),
                             relation_kind_name (owning_kind_for (rel->kind)));
              else
                g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                             _("The %s “%s” of entity “%s” is mapped by “%s” of “%s”, which is the inverse side of a %s itself; it must be an owning %s"),
                             relation_kind_name (rel->kind), rel->name, type_name,
                             other->name, g_type_name (rel->target_type),
                             relation_kind_name (other->kind),
                             relation_kind_name (owning_kind_for (rel->kind)));
              return FALSE;
            }
          if (!g_type_is_a (self->entity_type, other->target_type))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” is mapped by “%s” of “%s”, which targets “%s”"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           other->name, g_type_name (rel->target_type),
                           g_type_name (other->target_type));
              return FALSE;
            }
          other_inversed_by = mikro_property_get_inversed_by (other->property);
          if (other_inversed_by != NULL && !g_str_equal (other_inversed_by, rel->name))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” is mapped by “%s” of “%s”, which is inversed by “%s”"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           other->name, g_type_name (rel->target_type), other_inversed_by);
              return FALSE;
            }
          rel->inverse = other;
          other->inverse = rel;
        }
      else if (inversed_by != NULL)
        {
          const char *other_mapped_by;

          other = (MikroRelationMeta *)_mikro_entity_metadata_find_relation (rel->target, inversed_by);
          if (other == NULL)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” is inversed by “%s”, which is not a relation of “%s”"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           inversed_by, g_type_name (rel->target_type));
              return FALSE;
            }
          other_mapped_by = mikro_property_get_mapped_by (other->property);
          if (other_mapped_by == NULL)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” and “%s” of “%s” both own the relation: the inverse side needs mapped-by"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           other->name, g_type_name (rel->target_type));
              return FALSE;
            }
          if (!g_str_equal (other_mapped_by, rel->name))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The %s “%s” of entity “%s” is inversed by “%s” of “%s”, which is mapped by “%s”"),
                           relation_kind_name (rel->kind), rel->name, type_name,
                           other->name, g_type_name (rel->target_type), other_mapped_by);
              return FALSE;
            }
          /* the kinds are checked from the inverse side */
        }

      if (rel->kind == MIKRO_RELATION_MANY_TO_MANY && rel->owner &&
          (self->pk_indices->len > 1 || rel->target->pk_indices->len > 1 ||
           g_type_is_a (_mikro_entity_metadata_get_pk (self)->property_type, MIKRO_TYPE_ENTITY) ||
           g_type_is_a (_mikro_entity_metadata_get_pk (rel->target)->property_type, MIKRO_TYPE_ENTITY)))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("The many-to-many “%s” of entity “%s” joins an entity whose primary key is composite or a foreign key: pivot tables for such keys are not supported yet"),
                       rel->name, type_name);
          return FALSE;
        }

      if (rel->kind == MIKRO_RELATION_MANY_TO_MANY && rel->owner && rel->pivot_entity_type != G_TYPE_INVALID)
        {
          if (!link_pivot_entity (self, rel, lookup, user_data, error))
            return FALSE;
        }
      else if (rel->kind == MIKRO_RELATION_MANY_TO_MANY && rel->owner)
        {
          g_autofree char *pivot = NULL;
          g_autofree char *join_column = NULL;
          g_autofree char *inverse_join_column = NULL;

          pivot = mikro_property_get_pivot_table (rel->property) != NULL
            ? g_strdup (mikro_property_get_pivot_table (rel->property))
            : mikro_naming_strategy_join_table_name (naming, self->table, rel->name, rel->target->table);
          if (mikro_property_get_join_column (rel->property) != NULL)
            join_column = g_strdup (mikro_property_get_join_column (rel->property));
          if (mikro_property_get_inverse_join_column (rel->property) != NULL)
            inverse_join_column = g_strdup (mikro_property_get_inverse_join_column (rel->property));

          /* a self-referencing many-to-many numbers its two columns */
          if (join_column == NULL)
            join_column = pivot_column_name (naming, self, self == rel->target ? "_1" : "");
          if (inverse_join_column == NULL)
            inverse_join_column = pivot_column_name (naming, rel->target, self == rel->target ? "_2" : "");

          if (g_ascii_strcasecmp (join_column, inverse_join_column) == 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The many-to-many “%s” of entity “%s” names both columns of pivot table “%s” “%s”"),
                           rel->name, type_name, pivot, join_column);
              return FALSE;
            }

          _mikro_property_resolve_relation (rel->property, rel->kind, rel->target_type,
                                            pivot, join_column, inverse_join_column, NULL,
                                            MIKRO_REFERENTIAL_ACTION_CASCADE,
                                            MIKRO_REFERENTIAL_ACTION_CASCADE);
          rel->pivot_table = mikro_property_get_pivot_table (rel->property);
          /* the pivot table lives with its owner's table */
          rel->pivot_schema = self->db_schema;
          rel->join_column = mikro_property_get_join_column (rel->property);
          rel->inverse_join_column = mikro_property_get_inverse_join_column (rel->property);
          rel->on_delete = "cascade";
          rel->on_update = "cascade";
          {
            const char *owner_columns[] = { rel->join_column, NULL };
            const char *target_columns[] = { rel->inverse_join_column, NULL };

            rel->pivot_index = mikro_naming_strategy_index_name (naming, pivot, target_columns, "index");
            rel->pivot_foreign_keys[0] = mikro_naming_strategy_index_name (naming, pivot, owner_columns, "foreign");
            rel->pivot_foreign_keys[1] = mikro_naming_strategy_index_name (naming, pivot, target_columns, "foreign");
          }
        }
      else if (!(is_to_one (rel->kind) && rel->owner))
        _mikro_property_resolve_relation (rel->property, rel->kind, rel->target_type,
                                          NULL, NULL, NULL, NULL,
                                          MIKRO_REFERENTIAL_ACTION_DEFAULT,
                                          MIKRO_REFERENTIAL_ACTION_DEFAULT);
    }

  return TRUE;
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
 * mikro_entity_metadata_get_db_schema:
 * @self: entity metadata
 *
 * Returns: (nullable): the database schema of the entity's table
 *   ([property@Mikro.EntitySchema:db-schema]), or %NULL for the
 *   connection's own
 *
 * Since: 1.0
 */
const char *
mikro_entity_metadata_get_db_schema (MikroEntityMetadata *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_METADATA (self), NULL);

  return self->db_schema;
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
  /* a key is never a relation, so it is known from the first phase of
   * discovery on */
  if (self->props == NULL)
    return &g_array_index (self->pending_props, MikroPropertyMeta, self->pk_index);
  return &self->props[self->pk_index];
}

const guint *
_mikro_entity_metadata_get_pk_indices (MikroEntityMetadata *self,
                                       guint               *n_keys)
{
  *n_keys = self->pk_indices->len;
  return (const guint *)(gpointer)self->pk_indices->data;
}

const MikroRelationMeta *
_mikro_entity_metadata_get_relations (MikroEntityMetadata *self,
                                      guint               *n_relations)
{
  *n_relations = self->n_relations;
  return self->relations;
}

const MikroRelationMeta *
_mikro_entity_metadata_find_relation (MikroEntityMetadata *self,
                                      const char          *name)
{
  g_autofree char *canonical = g_strdelimit (g_strdup (name), "_", '-');

  for (guint i = 0; i < self->n_relations; i++)
    if (g_str_equal (self->relations[i].name, canonical))
      return &self->relations[i];

  return NULL;
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

MikroEntityMetadata *
_mikro_entity_metadata_get_table_meta (MikroEntityMetadata *self)
{
  return self->table_meta != NULL ? self->table_meta : self;
}

GType
_mikro_entity_metadata_get_root_type (MikroEntityMetadata *self)
{
  return self->root_type;
}

const MikroPropertyMeta *
_mikro_entity_metadata_get_discriminator (MikroEntityMetadata *self)
{
  if (self->discriminator_index < 0)
    return NULL;
  return &self->props[self->discriminator_index];
}

const char * const *
_mikro_entity_metadata_get_discriminator_values (MikroEntityMetadata *self)
{
  return (const char * const *)self->discriminator_values;
}

MikroEntityMetadata *
_mikro_entity_metadata_find_by_discriminator (MikroEntityMetadata *self,
                                              const char          *value)
{
  if (self->by_discriminator == NULL || value == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_discriminator, value);
}

gboolean
_mikro_entity_metadata_is_abstract (MikroEntityMetadata *self)
{
  return mikro_entity_schema_get_abstract (self->schema);
}

static int
find_column (const MikroPropertyMeta *props,
             guint                    n_props,
             const char              *column)
{
  for (guint i = 0; i < n_props; i++)
    if (g_ascii_strcasecmp (props[i].column, column) == 0)
      return i;
  return -1;
}

static void
copy_property_meta (MikroPropertyMeta       *copy,
                    const MikroPropertyMeta *prop)
{
  *copy = *prop;
  copy->pspec = prop->pspec != NULL ? g_param_spec_ref (prop->pspec) : NULL;
  copy->embedded = prop->embedded != NULL ? g_param_spec_ref (prop->embedded) : NULL;
  copy->property = g_object_ref (prop->property);
  copy->database_type = prop->database_type != NULL ? g_variant_type_copy (prop->database_type) : NULL;
  copy->discriminator_value = NULL;
}

/*
 * _mikro_entity_metadata_build_table:
 * @root: the metadata of a single-table hierarchy's root
 * @members: every entity metadata of the hierarchy, @root included
 *
 * The table of a hierarchy: every column any of its entity types maps
 * (those below the root nullable, since other types' rows leave them
 * empty), their indexes, checks and foreign keys. Each member learns where
 * its columns are in it and which discriminator values it answers for.
 */
gboolean
_mikro_entity_metadata_build_table (MikroEntityMetadata  *root,
                                    GPtrArray            *members,
                                    MikroNamingStrategy  *naming,
                                    GError              **error)
{
  g_autoptr(MikroEntityMetadata) table = g_object_new (MIKRO_TYPE_ENTITY_METADATA, NULL);
  g_autoptr(GArray) props = g_array_new (FALSE, TRUE, sizeof (MikroPropertyMeta));
  g_autoptr(GArray) relations = g_array_new (FALSE, TRUE, sizeof (MikroRelationMeta));
  g_autoptr(GArray) indexes = g_array_new (FALSE, TRUE, sizeof (MikroIndexMeta));
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (MikroCheckMeta));
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();   /* the member each column came from */

  g_array_set_clear_func (props, clear_property_meta);
  g_array_set_clear_func (relations, clear_relation_meta);
  g_array_set_clear_func (indexes, clear_index_meta);

  table->schema = g_object_ref (root->schema);
  table->entity_type = root->entity_type;
  table->root_type = root->root_type;
  table->table = g_strdup (root->table);
  table->pk_index = root->pk_index;
  g_array_append_vals (table->pk_indices, root->pk_indices->data, root->pk_indices->len);
  table->version_index = root->version_index;
  table->discriminator_index = root->discriminator_index;
  table->by_discriminator = g_hash_table_new (g_str_hash, g_str_equal);

  /* the root first, so that its columns keep their positions */
  for (guint m = 0; m < members->len; m++)
    {
      MikroEntityMetadata *member = g_ptr_array_index (members, m);

      if (member != root)
        continue;
      g_ptr_array_remove_index (members, m);
      g_ptr_array_insert (members, 0, member);
      break;
    }

  for (guint m = 0; m < members->len; m++)
    {
      MikroEntityMetadata *member = g_ptr_array_index (members, m);

      if (member->discriminator_value != NULL && !_mikro_entity_metadata_is_abstract (member))
        {
          MikroEntityMetadata *other = g_hash_table_lookup (table->by_discriminator, member->discriminator_value);

          if (other != NULL)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entities “%s” and “%s” of the single-table hierarchy of “%s” both have the discriminator value “%s”"),
                           g_type_name (other->entity_type), g_type_name (member->entity_type),
                           g_type_name (root->entity_type), member->discriminator_value);
              return FALSE;
            }
          g_hash_table_insert (table->by_discriminator, member->discriminator_value, member);
        }

      for (guint i = 0; i < member->n_props; i++)
        {
          const MikroPropertyMeta *prop = &member->props[i];
          int existing = find_column ((MikroPropertyMeta *)(gpointer)props->data, props->len, prop->column);
          MikroPropertyMeta copy;

          if (existing >= 0)
            {
              const MikroPropertyMeta *have = &g_array_index (props, MikroPropertyMeta, existing);

              /* inherited, or the discriminator every member has */
              if (have->pspec != prop->pspec)
                {
                  MikroEntityMetadata *owner = g_ptr_array_index (owners, existing);

                  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                               _("Properties “%s” of “%s” and “%s” of “%s” both map to column “%s” of table “%s”"),
                               have->name, g_type_name (owner->entity_type),
                               prop->name, g_type_name (member->entity_type),
                               prop->column, table->table);
                  return FALSE;
                }
              member->props[i].table_index = existing;
              continue;
            }

          copy_property_meta (&copy, prop);
          copy.index = props->len;
          if (member != root)
            copy.flags |= MIKRO_PROPERTY_NULLABLE;
          member->props[i].table_index = props->len;
          g_array_append_val (props, copy);
          g_ptr_array_add (owners, member);
        }

      for (guint r = 0; r < member->n_relations; r++)
        {
          const MikroRelationMeta *rel = &member->relations[r];
          MikroRelationMeta copy;
          gboolean seen = FALSE;

          for (guint j = 0; j < relations->len; j++)
            seen |= g_array_index (relations, MikroRelationMeta, j).pspec == rel->pspec;
          if (seen)
            continue;

          /* the foreign keys and pivot tables of every member */
          copy = *rel;
          copy.pspec = g_param_spec_ref (rel->pspec);
          copy.property = g_object_ref (rel->property);
          copy.pivot_index = g_strdup (rel->pivot_index);
          copy.pivot_foreign_keys[0] = g_strdup (rel->pivot_foreign_keys[0]);
          copy.pivot_foreign_keys[1] = g_strdup (rel->pivot_foreign_keys[1]);
          g_array_append_val (relations, copy);
        }

      for (guint i = 0; i < member->n_indexes; i++)
        {
          MikroIndexMeta copy;
          gboolean seen = FALSE;

          for (guint j = 0; j < indexes->len; j++)
            seen |= g_str_equal (g_array_index (indexes, MikroIndexMeta, j).name, member->indexes[i].name);
          if (seen)
            continue;
          copy.name = g_strdup (member->indexes[i].name);
          copy.columns = g_strdupv (member->indexes[i].columns);
          copy.unique = member->indexes[i].unique;
          g_array_append_val (indexes, copy);
        }

      for (guint i = 0; i < member->n_checks; i++)
        {
          MikroCheckMeta copy;
          gboolean seen = FALSE;

          for (guint j = 0; j < checks->len; j++)
            seen |= g_str_equal (g_array_index (checks, MikroCheckMeta, j).name, member->checks[i].name);
          if (seen)
            continue;
          copy.name = g_strdup (member->checks[i].name);
          copy.expression = g_strdup (member->checks[i].expression);
          g_array_append_val (checks, copy);
        }
    }

  /* queries by type filter on the discriminator: give it an index */
  {
    const char *columns[] = { root->props[root->discriminator_index].column, NULL };
    MikroIndexMeta index;

    index.name = mikro_naming_strategy_index_name (naming, table->table, columns, "index");
    index.columns = g_strdupv ((char **)columns);
    index.unique = FALSE;
    g_array_append_val (indexes, index);
  }

  g_array_set_clear_func (props, NULL);
  table->n_props = props->len;
  table->props = (MikroPropertyMeta *)(gpointer)g_array_free (g_steal_pointer (&props), FALSE);
  g_array_set_clear_func (relations, NULL);
  table->n_relations = relations->len;
  table->relations = (MikroRelationMeta *)(gpointer)g_array_free (g_steal_pointer (&relations), FALSE);
  g_array_set_clear_func (indexes, NULL);
  table->n_indexes = indexes->len;
  table->indexes = (MikroIndexMeta *)(gpointer)g_array_free (g_steal_pointer (&indexes), FALSE);
  table->n_checks = checks->len;
  table->checks = (MikroCheckMeta *)(gpointer)g_array_free (g_steal_pointer (&checks), FALSE);

  for (guint m = 0; m < members->len; m++)
    {
      MikroEntityMetadata *member = g_ptr_array_index (members, m);
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

      for (guint o = 0; o < members->len; o++)
        {
          MikroEntityMetadata *other = g_ptr_array_index (members, o);

          if (other->discriminator_value != NULL && !_mikro_entity_metadata_is_abstract (other) &&
              g_type_is_a (other->entity_type, member->entity_type))
            g_strv_builder_add (values, other->discriminator_value);
        }
      g_clear_pointer (&member->discriminator_values, g_strfreev);
      member->discriminator_values = g_strv_builder_end (values);
      g_set_object (&member->table_meta, table);
    }

  return TRUE;
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
