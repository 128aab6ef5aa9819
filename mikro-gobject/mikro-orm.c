/* mikro-orm.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-driver-private.h"
#include "mikro-private.h"
#include "mikro-entity-metadata-private.h"
#include "mikro-orm-private.h"
#include "mikro-propagation-private.h"
#include "mikro-underscore-naming-strategy.h"

/**
 * MikroOrm:
 *
 * The entry point: a connection, the entity types it maps, and the factory
 * of entity managers.
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite:///home/me/app.db", &error);
 *
 * if (orm == NULL || !mikro_orm_add_entity (orm, MY_TYPE_AUTHOR, &error))
 *   g_printerr ("%s\n", error->message);
 * ```
 *
 * Since: 1.0
 */

struct _MikroOrm
{
  GObject      parent_instance;

  MikroDriver         *driver;
  MikroNamingStrategy *naming;
  GListStore          *entities;    /* MikroEntityMetadata, in the order added */
  GHashTable          *by_type;     /* GType → MikroEntityMetadata* */
  GPtrArray           *subscribers; /* MikroEventSubscriber */
  GHashTable          *tables;      /* lower-cased table name → what maps it */
  guint                batch_size;
  gboolean             log_queries;
  gboolean             mask_parameters;
  MikroNotFoundFunc    not_found;
  gpointer             not_found_data;
  GDestroyNotify       not_found_destroy;
};

G_DEFINE_FINAL_TYPE (MikroOrm, mikro_orm, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DRIVER,
  PROP_NAMING_STRATEGY,
  PROP_BATCH_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mikro_orm_dispose (GObject *object)
{
  MikroOrm *self = (MikroOrm *)object;

  g_clear_object (&self->driver);
  /* a subscriber may hold the ORM, and so may a handler's data */
  if (self->subscribers != NULL)
    g_ptr_array_set_size (self->subscribers, 0);
  mikro_orm_set_not_found_handler (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (mikro_orm_parent_class)->dispose (object);
}

static void
mikro_orm_finalize (GObject *object)
{
  MikroOrm *self = (MikroOrm *)object;

  g_clear_object (&self->entities);
  g_clear_object (&self->naming);
  g_clear_pointer (&self->by_type, g_hash_table_unref);
  g_clear_pointer (&self->subscribers, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_hash_table_unref);

  G_OBJECT_CLASS (mikro_orm_parent_class)->finalize (object);
}

static void
mikro_orm_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MikroOrm *self = MIKRO_ORM (object);

  switch (prop_id)
    {
    case PROP_DRIVER:
      g_value_set_object (value, self->driver);
      break;

    case PROP_NAMING_STRATEGY:
      g_value_set_object (value, self->naming);
      break;

    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_orm_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MikroOrm *self = MIKRO_ORM (object);

  switch (prop_id)
    {
    case PROP_BATCH_SIZE:
      mikro_orm_set_batch_size (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_orm_class_init (MikroOrmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  _mikro_i18n_init ();

  object_class->dispose = mikro_orm_dispose;
  object_class->finalize = mikro_orm_finalize;
  object_class->get_property = mikro_orm_get_property;
  object_class->set_property = mikro_orm_set_property;

  /**
   * MikroOrm:driver:
   *
   * The driver connected to the database.
   *
   * Since: 1.0
   */
  properties[PROP_DRIVER] =
    g_param_spec_object ("driver", NULL, NULL,
                         MIKRO_TYPE_DRIVER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * MikroOrm:naming-strategy:
   *
   * Chooses the names entity schemas leave out; a
   * [class@Mikro.UnderscoreNamingStrategy] unless set.
   *
   * Since: 1.0
   */
  properties[PROP_NAMING_STRATEGY] =
    g_param_spec_object ("naming-strategy", NULL, NULL,
                         MIKRO_TYPE_NAMING_STRATEGY,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * MikroOrm:batch-size:
   *
   * How many rows of one entity type a flush writes in one statement at
   * most (MikroORM's `batchSize`).
   *
   * Since: 1.0
   */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL,
                       1, 100000, 300,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_orm_init (MikroOrm *self)
{
  self->entities = g_list_store_new (MIKRO_TYPE_ENTITY_METADATA);
  self->naming = mikro_underscore_naming_strategy_new ();
  self->batch_size = 300;
  self->by_type = g_hash_table_new (NULL, NULL);
  self->subscribers = g_ptr_array_new_with_free_func (g_object_unref);
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * mikro_orm_open:
 * @uri: a connection URI, see [func@Mikro.Driver.open]
 * @error: return location for a #GError
 *
 * Connects to the database @uri names, through the driver its scheme
 * selects.
 *
 * Returns: (transfer full): a new ORM, or %NULL on error
 *
 * Since: 1.0
 */
MikroOrm *
mikro_orm_open (const char  *uri,
                GError     **error)
{
  MikroDriver *driver;
  MikroOrm *self;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  driver = mikro_driver_open (uri, error);
  if (driver == NULL)
    return NULL;

  self = g_object_new (MIKRO_TYPE_ORM, NULL);
  self->driver = driver;

  return self;
}

typedef struct
{
  MikroOrm   *orm;
  GHashTable *batch;   /* GType → MikroEntityMetadata, being discovered */
} Discovery;

static MikroEntityMetadata *
discovery_lookup (GType    entity_type,
                  gpointer user_data)
{
  Discovery *discovery = user_data;
  MikroEntityMetadata *meta;

  meta = g_hash_table_lookup (discovery->batch, GSIZE_TO_POINTER (entity_type));
  if (meta == NULL)
    meta = g_hash_table_lookup (discovery->orm->by_type, GSIZE_TO_POINTER (entity_type));
  return meta;
}

/* Table names are compared without case (MariaDB on some systems, and
 * SQL identifiers folded by hand): the key of the table registry. */
static gboolean
check_table_name (GHashTable  *known,
                  GHashTable  *batch,
                  const char  *db_schema,
                  const char  *table,
                  char        *what,
                  GError     **error)
{
  g_autofree char *qualified = db_schema != NULL ? g_strconcat (db_schema, ".", table, NULL) : g_strdup (table);
  g_autofree char *key = g_ascii_strdown (qualified, -1);
  const char *other = g_hash_table_lookup (known, key);

  if (other == NULL)
    other = g_hash_table_lookup (batch, key);
  if (other != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("%s and %s both map to table “%s”"), other, what, qualified);
      g_free (what);
      return FALSE;
    }

  g_hash_table_insert (batch, g_steal_pointer (&key), what);
  return TRUE;
}

/* Every table name of the ORM and of the batch, entity tables and pivot
 * tables alike, must be distinct. The ORM keeps the names it has, so
 * adding an entity costs what the entity brings, not what the ORM has. */
static gboolean
check_table_names (Discovery  *discovery,
                   GPtrArray  *metas,
                   GError    **error)
{
  MikroOrm *self = discovery->orm;
  g_autoptr(GHashTable) batch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < metas->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (metas, i);

      /* the entity types of a hierarchy share its root's table */
      if (_mikro_entity_metadata_get_root_type (meta) != mikro_entity_metadata_get_entity_type (meta))
        continue;
      if (!check_table_name (self->tables, batch, mikro_entity_metadata_get_db_schema (meta),
                             mikro_entity_metadata_get_table (meta),
                             g_strdup_printf (_("entity “%s”"),
                                              g_type_name (mikro_entity_metadata_get_entity_type (meta))),
                             error))
        return FALSE;
    }
  for (guint i = 0; i < metas->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (metas, i);
      guint n_relations;
      const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

      for (guint r = 0; r < n_relations; r++)
        {
          /* a pivot entity's table is checked as the entity's */
          if (relations[r].pivot_table == NULL || relations[r].pivot_entity != NULL)
            continue;
          if (!check_table_name (self->tables, batch, relations[r].pivot_schema,
                                 relations[r].pivot_table,
                                 g_strdup_printf (_("the pivot table of many-to-many “%s” of “%s”"),
                                                  relations[r].name,
                                                  g_type_name (mikro_entity_metadata_get_entity_type (meta))),
                                 error))
            return FALSE;
        }
    }

  /* all good: the ORM has these tables now */
  g_hash_table_iter_init (&iter, batch);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->tables, key, value);
    }

  return TRUE;
}

/* Uppercases the first letter of a message made of parts. */
static void
capitalize_error (GError *error)
{
  if (error != NULL && error->message != NULL && g_ascii_islower (error->message[0]))
    error->message[0] = g_ascii_toupper (error->message[0]);
}

/* Every entity type deriving from @type that has a schema. */
static void
queue_descendants (GArray *queue,
                   GType   type)
{
  guint n_children;
  g_autofree GType *children = g_type_children (type, &n_children);

  for (guint i = 0; i < n_children; i++)
    {
      /* a C class registers its schema in class_init */
      g_autoptr(GTypeClass) klass = g_type_class_ref (children[i]);
      MikroEntitySchema *schema = mikro_entity_schema_lookup (children[i]);

      if (schema != NULL && !mikro_entity_schema_get_abstract (schema))
        g_array_append_val (queue, children[i]);
      queue_descendants (queue, children[i]);
    }
}

/**
 * mikro_orm_add_entity:
 * @self: an ORM
 * @entity_type: a subclass of [class@Mikro.Entity] with a registered
 *   [class@Mikro.EntitySchema]
 * @error: return location for a #GError
 *
 * Discovers @entity_type: reads its registered schema, checks it against
 * the type's properties, names what it leaves unnamed with the naming
 * strategy and keeps the result as [class@Mikro.EntityMetadata]. The
 * entity types its relations point at are discovered with it, and both
 * sides of every relation are checked against each other. Adding a type
 * twice does nothing; when anything is wrong, nothing is added.
 *
 * Every mistake is a %MIKRO_ERROR_METADATA error naming the entity and,
 * where there is one, the property.
 *
 * Returns: %TRUE if @entity_type can be used with @self
 *
 * Since: 1.0
 */
gboolean
mikro_orm_add_entity (MikroOrm  *self,
                      GType      entity_type,
                      GError   **error)
{
  g_autoptr(GHashTable) batch = NULL;
  g_autoptr(GPtrArray) metas = NULL;
  g_autoptr(GArray) queue = NULL;
  Discovery discovery;

  g_return_val_if_fail (MIKRO_IS_ORM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_hash_table_contains (self->by_type, GSIZE_TO_POINTER (entity_type)))
    return TRUE;

  batch = g_hash_table_new (NULL, NULL);
  metas = g_ptr_array_new_with_free_func (g_object_unref);
  queue = g_array_new (FALSE, FALSE, sizeof (GType));
  discovery.orm = self;
  discovery.batch = batch;
  g_array_append_val (queue, entity_type);

  /* First phase for @entity_type and every entity type reachable from it
   * through relations. */
  for (guint q = 0; q < queue->len; q++)
    {
      GType type = g_array_index (queue, GType, q);
      g_autoptr(GTypeClass) klass = NULL;
      MikroEntitySchema *schema;
      MikroEntityMetadata *meta;
      const MikroRelationMeta *relations;
      guint n_relations;

      if (discovery_lookup (type, &discovery) != NULL)
        continue;

      if (!g_type_is_a (type, MIKRO_TYPE_ENTITY))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Type “%s” is not an entity: it does not derive from MikroEntity"),
                       g_type_name (type));
          return FALSE;
        }

      /* C entities register their schema in class_init: make sure it ran. */
      klass = g_type_class_ref (type);
      schema = mikro_entity_schema_lookup (type);
      if (schema == NULL)
        {
          if (type == entity_type)
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                         _("Entity “%s” has no schema; register one with mikro_entity_schema_register()"),
                         g_type_name (type));
          else
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                         _("Entity “%s”, the target of a relation of “%s”, has no schema; register one with mikro_entity_schema_register()"),
                         g_type_name (type), g_type_name (entity_type));
          return FALSE;
        }

      /* an abstract root of a single-table hierarchy is queried for the
       * rows of every type deriving from it */
      if (mikro_entity_schema_get_abstract (schema) &&
          mikro_entity_schema_get_discriminator_column (schema) == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” is abstract: it has no table; add the entity types deriving from it"),
                       g_type_name (type));
          return FALSE;
        }

      meta = _mikro_entity_metadata_new (schema, self->naming, error);
      if (meta == NULL)
        return FALSE;
      g_ptr_array_add (metas, meta);
      g_hash_table_insert (batch, GSIZE_TO_POINTER (type), meta);

      /* a single-table hierarchy is discovered whole */
      if (_mikro_entity_metadata_get_root_type (meta) != type)
        {
          GType root = _mikro_entity_metadata_get_root_type (meta);

          if (g_hash_table_contains (self->by_type, GSIZE_TO_POINTER (root)))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("Entity “%s” belongs to the single-table hierarchy of “%s”, which was added without it: define every entity type of a hierarchy before adding any"),
                           g_type_name (type), g_type_name (root));
              return FALSE;
            }
          g_array_append_val (queue, root);
        }
      else if (mikro_entity_schema_get_discriminator_column (schema) != NULL)
        queue_descendants (queue, type);

      relations = _mikro_entity_metadata_get_relations (meta, &n_relations);
      for (guint r = 0; r < n_relations; r++)
        {
          g_array_append_val (queue, relations[r].target_type);
          if (relations[r].pivot_entity_type != G_TYPE_INVALID)
            g_array_append_val (queue, relations[r].pivot_entity_type);
        }
    }

  for (guint i = 0; i < metas->len; i++)
    if (!_mikro_entity_metadata_resolve (g_ptr_array_index (metas, i), discovery_lookup,
                                         &discovery, self->naming, error))
      return FALSE;
  for (guint i = 0; i < metas->len; i++)
    if (!_mikro_entity_metadata_link (g_ptr_array_index (metas, i), discovery_lookup,
                                      &discovery, self->naming, error))
      return FALSE;

  /* the table of each single-table hierarchy */
  for (guint i = 0; i < metas->len; i++)
    {
      MikroEntityMetadata *root = g_ptr_array_index (metas, i);
      GType root_type = mikro_entity_metadata_get_entity_type (root);
      g_autoptr(GPtrArray) members = NULL;

      if (_mikro_entity_metadata_get_discriminator (root) == NULL ||
          _mikro_entity_metadata_get_root_type (root) != root_type)
        continue;

      members = g_ptr_array_new ();
      for (guint j = 0; j < metas->len; j++)
        if (_mikro_entity_metadata_get_root_type (g_ptr_array_index (metas, j)) == root_type)
          g_ptr_array_add (members, g_ptr_array_index (metas, j));
      if (!_mikro_entity_metadata_build_table (root, members, self->naming, error))
        return FALSE;
    }

  if (!check_table_names (&discovery, metas, error))
    {
      if (error != NULL)
        capitalize_error (*error);
      return FALSE;
    }

  for (guint i = 0; i < metas->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (metas, i);
      guint n_relations;
      const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

      for (guint r = 0; r < n_relations; r++)
        _mikro_propagation_register (&relations[r]);
      g_list_store_append (self->entities, meta);
      g_hash_table_insert (self->by_type,
                           GSIZE_TO_POINTER (mikro_entity_metadata_get_entity_type (meta)), meta);
    }

  return TRUE;
}

/**
 * mikro_orm_get_metadata:
 * @self: an ORM
 * @entity_type: an entity type added to @self
 *
 * Returns: (transfer none) (nullable): the metadata of @entity_type, or
 *   %NULL if it was not added
 *
 * Since: 1.0
 */
MikroEntityMetadata *
mikro_orm_get_metadata (MikroOrm *self,
                        GType     entity_type)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), NULL);

  return g_hash_table_lookup (self->by_type, GSIZE_TO_POINTER (entity_type));
}

/**
 * mikro_orm_set_naming_strategy:
 * @self: an ORM
 * @strategy: the naming strategy
 *
 * Sets the naming strategy of entity types added from now on. Set it before
 * adding any: types already added keep their names.
 *
 * Since: 1.0
 */
void
mikro_orm_set_naming_strategy (MikroOrm            *self,
                               MikroNamingStrategy *strategy)
{
  g_return_if_fail (MIKRO_IS_ORM (self));
  g_return_if_fail (MIKRO_IS_NAMING_STRATEGY (strategy));

  if (g_set_object (&self->naming, strategy))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMING_STRATEGY]);
}

/**
 * mikro_orm_get_naming_strategy:
 * @self: an ORM
 *
 * Returns: (transfer none): the naming strategy
 *
 * Since: 1.0
 */
MikroNamingStrategy *
mikro_orm_get_naming_strategy (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), NULL);

  return self->naming;
}

/**
 * mikro_orm_list_entities:
 * @self: an ORM
 *
 * Returns: (transfer full): a list of the [class@Mikro.EntityMetadata] of
 *   the entity types added to @self, in the order they were added
 *
 * Since: 1.0
 */
GListModel *
mikro_orm_list_entities (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), NULL);

  return g_object_ref (G_LIST_MODEL (self->entities));
}

/* What the driver's schema functions take: one metadata per table, the
 * table metadata of a single-table hierarchy for all its entity types. */
static GPtrArray *
entities_as_array (MikroOrm *self)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->entities)); i++)
    {
      g_autoptr(MikroEntityMetadata) meta = g_list_model_get_item (G_LIST_MODEL (self->entities), i);
      MikroEntityMetadata *table = _mikro_entity_metadata_get_table_meta (meta);

      if (!g_ptr_array_find (array, table, NULL))
        g_ptr_array_add (array, g_object_ref (table));
    }

  return array;
}

static gboolean
check_open (MikroOrm  *self,
            GError   **error)
{
  if (self->driver == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("The ORM was closed"));
      return FALSE;
    }

  return TRUE;
}

/**
 * mikro_orm_create_schema:
 * @self: an ORM
 * @error: return location for a #GError
 *
 * Creates the tables (or collections) of every entity type added to @self
 * that do not exist yet, with their primary keys and unique constraints.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_orm_create_schema (MikroOrm  *self,
                         GError   **error)
{
  g_autoptr(GPtrArray) entities = NULL;

  g_return_val_if_fail (MIKRO_IS_ORM (self), FALSE);

  if (!check_open (self, error))
    return FALSE;

  entities = entities_as_array (self);
  /* on no entity manager's behalf */
  _mikro_driver_set_log_context (self->driver, 0, NULL, TRUE);
  return _mikro_driver_create_schema (self->driver, entities, error);
}

/**
 * mikro_orm_describe_schema:
 * @self: an ORM
 * @source: read the schema from the metadata or from the database
 * @error: return location for a #GError
 *
 * Describes the tables of the entity types added to @self as a schema
 * model: a JSON document listing each table's columns with their types,
 * nullability and defaults, its primary key, indexes, foreign keys and
 * checks, normalised so that the model from the metadata and the model read
 * back from the database compare equal once the schema exists (see the
 * "schema model" guide).
 *
 * Returns: (transfer full): the schema model, or %NULL on error
 *
 * Since: 1.0
 */
JsonNode *
mikro_orm_describe_schema (MikroOrm           *self,
                           MikroSchemaSource   source,
                           GError            **error)
{
  g_autoptr(GPtrArray) entities = NULL;

  g_return_val_if_fail (MIKRO_IS_ORM (self), NULL);

  if (!check_open (self, error))
    return NULL;

  entities = entities_as_array (self);
  /* on no entity manager's behalf */
  _mikro_driver_set_log_context (self->driver, 0, NULL, TRUE);
  return _mikro_driver_describe_schema (self->driver, entities, source, error);
}

/**
 * mikro_orm_drop_schema:
 * @self: an ORM
 * @error: return location for a #GError
 *
 * Drops the tables (or collections) of every entity type added to @self,
 * with their data. Tables that do not exist are skipped.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_orm_drop_schema (MikroOrm  *self,
                       GError   **error)
{
  g_autoptr(GPtrArray) entities = NULL;

  g_return_val_if_fail (MIKRO_IS_ORM (self), FALSE);

  if (!check_open (self, error))
    return FALSE;

  entities = entities_as_array (self);
  /* on no entity manager's behalf */
  _mikro_driver_set_log_context (self->driver, 0, NULL, TRUE);
  return _mikro_driver_drop_schema (self->driver, entities, error);
}

/**
 * mikro_orm_create_entity_manager:
 * @self: an ORM
 *
 * Creates an entity manager: an identity map and a unit of work of its
 * own, for one request, window or thread (MikroORM's `em.fork()`).
 *
 * Returns: (transfer full): a new entity manager
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_orm_create_entity_manager (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), NULL);

  return _mikro_entity_manager_new (self);
}

/**
 * mikro_orm_get_driver:
 * @self: an ORM
 *
 * Returns: (transfer none) (nullable): the driver, or %NULL once closed
 *
 * Since: 1.0
 */
MikroDriver *
mikro_orm_get_driver (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), NULL);

  return self->driver;
}

/**
 * mikro_orm_close:
 * @self: an ORM
 *
 * Closes the connection. Entity managers created from @self fail with
 * %MIKRO_ERROR_CONNECTION afterwards.
 *
 * Since: 1.0
 */
void
mikro_orm_close (MikroOrm *self)
{
  g_return_if_fail (MIKRO_IS_ORM (self));

  if (self->driver != NULL)
    mikro_driver_close (self->driver);
  g_clear_object (&self->driver);
}

/**
 * mikro_orm_set_batch_size:
 * @self: an ORM
 * @batch_size: rows per statement, at least 1
 *
 * Sets [property@Mikro.Orm:batch-size].
 *
 * Since: 1.0
 */
void
mikro_orm_set_batch_size (MikroOrm *self,
                          guint     batch_size)
{
  g_return_if_fail (MIKRO_IS_ORM (self));
  g_return_if_fail (batch_size >= 1);

  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

/**
 * mikro_orm_get_batch_size:
 * @self: an ORM
 *
 * Returns: the [property@Mikro.Orm:batch-size]
 *
 * Since: 1.0
 */
guint
mikro_orm_get_batch_size (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), 0);

  return self->batch_size;
}

/**
 * mikro_orm_add_subscriber:
 * @self: an ORM
 * @subscriber: an event subscriber
 *
 * Tells @subscriber of the entity events and flushes of every entity
 * manager of @self, after the subscribers added before it.
 *
 * Since: 1.0
 */
void
mikro_orm_add_subscriber (MikroOrm             *self,
                          MikroEventSubscriber *subscriber)
{
  g_return_if_fail (MIKRO_IS_ORM (self));
  g_return_if_fail (MIKRO_IS_EVENT_SUBSCRIBER (subscriber));

  if (!g_ptr_array_find (self->subscribers, subscriber, NULL))
    g_ptr_array_add (self->subscribers, g_object_ref (subscriber));
}

/**
 * mikro_orm_remove_subscriber:
 * @self: an ORM
 * @subscriber: an event subscriber added to @self
 *
 * Stops telling @subscriber of events.
 *
 * Since: 1.0
 */
void
mikro_orm_remove_subscriber (MikroOrm             *self,
                             MikroEventSubscriber *subscriber)
{
  g_return_if_fail (MIKRO_IS_ORM (self));
  g_return_if_fail (MIKRO_IS_EVENT_SUBSCRIBER (subscriber));

  g_ptr_array_remove (self->subscribers, subscriber);
}

GPtrArray *
_mikro_orm_get_subscribers (MikroOrm *self)
{
  return self->subscribers;
}

static void
apply_log_config (MikroOrm *self)
{
  if (self->driver != NULL)
    _mikro_driver_set_log_config (self->driver, self->log_queries, self->mask_parameters);
}

/**
 * mikro_orm_set_log_queries:
 * @self: an ORM
 * @log_queries: whether to log every statement
 *
 * Logs every statement of @self's entity managers as a message in the
 * `mikro` log domain, which the default log writer shows — MikroORM's
 * `debug: true`. Without it statements are debug messages, shown with
 * `G_MESSAGES_DEBUG=mikro`. Each message carries the statement
 * (`MIKRO_STATEMENT`), its parameters, its duration
 * (`MIKRO_DURATION_USEC`), the entity manager's id
 * (`MIKRO_ENTITY_MANAGER`) and label (`MIKRO_LABEL`).
 *
 * Since: 1.0
 */
void
mikro_orm_set_log_queries (MikroOrm *self,
                           gboolean  log_queries)
{
  g_return_if_fail (MIKRO_IS_ORM (self));

  self->log_queries = !!log_queries;
  apply_log_config (self);
}

/**
 * mikro_orm_get_log_queries:
 * @self: an ORM
 *
 * Returns: whether every statement is logged as a message
 *
 * Since: 1.0
 */
gboolean
mikro_orm_get_log_queries (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), FALSE);

  return self->log_queries;
}

/**
 * mikro_orm_set_mask_parameters:
 * @self: an ORM
 * @mask: whether to hide every parameter in the log
 *
 * Writes `***` for the parameters of logged statements. The values of
 * properties flagged %MIKRO_PROPERTY_HIDDEN (a password) are masked
 * always.
 *
 * Since: 1.0
 */
void
mikro_orm_set_mask_parameters (MikroOrm *self,
                               gboolean  mask)
{
  g_return_if_fail (MIKRO_IS_ORM (self));

  self->mask_parameters = !!mask;
  apply_log_config (self);
}

/**
 * mikro_orm_set_not_found_handler:
 * @self: an ORM
 * @handler: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   makes the error of a find that must find something, or %NULL for the
 *   default %MIKRO_ERROR_NOT_FOUND error
 * @user_data: data for @handler
 * @destroy: (nullable): frees @user_data when the handler is replaced or
 *   the ORM disposed
 *
 * Customises the error [method@Mikro.EntityManager.find_one_or_fail] and
 * [method@Mikro.Repository.find_one_or_fail] report when nothing matches,
 * as MikroORM's `findOneOrFailHandler` does: an application can raise
 * its own error domain (a web service its "404"), or word the message for
 * its users.
 *
 * Since: 1.0
 */
void
mikro_orm_set_not_found_handler (MikroOrm          *self,
                                 MikroNotFoundFunc  handler,
                                 gpointer           user_data,
                                 GDestroyNotify     destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (MIKRO_IS_ORM (self));

  old_destroy = self->not_found_destroy;
  old_data = self->not_found_data;
  self->not_found = handler;
  self->not_found_data = user_data;
  self->not_found_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

void
_mikro_orm_set_not_found_error (MikroOrm            *self,
                                MikroEntityMetadata *meta,
                                const char          *filter,
                                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *shown = filter != NULL && *filter != '\0' ? filter : "{}";

  if (self->not_found != NULL)
    self->not_found (meta, filter, self->not_found_data, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return;
    }

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND, _("No %s matches %s"),
               g_type_name (mikro_entity_metadata_get_entity_type (meta)), shown);
}

/**
 * mikro_orm_get_mask_parameters:
 * @self: an ORM
 *
 * Returns: whether every parameter is masked in the log
 *
 * Since: 1.0
 */
gboolean
mikro_orm_get_mask_parameters (MikroOrm *self)
{
  g_return_val_if_fail (MIKRO_IS_ORM (self), FALSE);

  return self->mask_parameters;
}
