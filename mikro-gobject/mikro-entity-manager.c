/* mikro-entity-manager.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mikro-change-set-private.h"
#include "mikro-collection-private.h"
#include "mikro-driver-private.h"
#include "mikro-entity-metadata-private.h"
#include "mikro-entity-manager-private.h"
#include "mikro-entity-private.h"
#include "mikro-propagation-private.h"
#include "mikro-orm-private.h"

/**
 * MikroEntityManager:
 *
 * An identity map and a unit of work over one [class@Mikro.Orm].
 *
 * Entities handed to [method@Mikro.EntityManager.persist] are inserted by
 * the next [method@Mikro.EntityManager.flush]; entities loaded with
 * [method@Mikro.EntityManager.find_one] or
 * [method@Mikro.EntityManager.find] are managed: setting one of their
 * properties marks them dirty, and the flush updates only the columns whose
 * values changed. One flush is one transaction: if any statement fails,
 * nothing of it is committed and the pending changes stay pending, so the
 * flush can be retried.
 *
 * Within one entity manager an entity is loaded once: finding the same
 * primary key again returns the same object.
 *
 * Since: 1.0
 */

typedef struct
{
  GType  type;
  GValue pk;
} IdentityKey;

struct _MikroEntityManager
{
  GObject     parent_instance;

  MikroOrm   *orm;
  guint       id;

  GHashTable *identity_map;   /* IdentityKey* → MikroEntity* (owned) */
  GPtrArray  *new_entities;   /* MikroEntity*, owned, in persist order */
  GPtrArray  *dirty;          /* MikroEntity*, owned, in first-change order */
  GPtrArray  *removed;        /* MikroEntity*, owned, in remove order */
  GHashTable *eager_loading;  /* GParamSpec* of the eager relations being loaded */

  guint       transaction_depth;  /* levels this manager opened */

  /* query logging of this manager's calls */
  gboolean    logging;
  char       *log_label;

  /* an asynchronous call runs on this manager, in @worker (both read
   * from other threads: atomic) */
  gint        busy;
  GThread    *worker;
};

G_DEFINE_FINAL_TYPE (MikroEntityManager, mikro_entity_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ORM,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint last_id;

static guint
identity_key_hash (gconstpointer data)
{
  const IdentityKey *key = data;
  guint hash = g_direct_hash (GSIZE_TO_POINTER (key->type));

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (&key->pk)))
    {
    case G_TYPE_INT:
      return hash ^ (guint)g_value_get_int (&key->pk);
    case G_TYPE_INT64:
      {
        gint64 v = g_value_get_int64 (&key->pk);
        return hash ^ g_int64_hash (&v);
      }
    case G_TYPE_LONG:
      return hash ^ (guint)g_value_get_long (&key->pk);
    case G_TYPE_STRING:
      return hash ^ g_str_hash (g_value_get_string (&key->pk));
    default:
      g_assert_not_reached ();
    }
}

static gboolean
identity_key_equal (gconstpointer a,
                    gconstpointer b)
{
  const IdentityKey *ka = a;
  const IdentityKey *kb = b;

  if (ka->type != kb->type)
    return FALSE;

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (&ka->pk)))
    {
    case G_TYPE_INT:
      return g_value_get_int (&ka->pk) == g_value_get_int (&kb->pk);
    case G_TYPE_INT64:
      return g_value_get_int64 (&ka->pk) == g_value_get_int64 (&kb->pk);
    case G_TYPE_LONG:
      return g_value_get_long (&ka->pk) == g_value_get_long (&kb->pk);
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (&ka->pk), g_value_get_string (&kb->pk)) == 0;
    default:
      g_assert_not_reached ();
    }
}

static void
identity_key_free (gpointer data)
{
  IdentityKey *key = data;

  g_value_unset (&key->pk);
  g_free (key);
}

static MikroCollection *get_collection (MikroEntity *entity,
                                        const char  *property);
static MikroEntity *get_related (MikroEntity *entity,
                                 const char  *property);

static void
detach (MikroEntity      *entity,
        MikroEntityState  state)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

  _mikro_entity_clear_tracking (entity);
  tracking->state = state;
}

/* The inverse sides of an entity the manager lets go of. A one-to-many
 * (or the inverse side of a many-to-many) holds its items, which point
 * back at the entity, and the inverse side of a one-to-one holds the
 * owner pointing back: reference cycles that would keep both alive once
 * nobody else holds them. The owning sides stay, what the database
 * stores; the inverse sides become unknown again, as for a loaded entity
 * (collections not initialized, a one-to-one %NULL). */
static void
release_inverse_sides (MikroEntity *entity)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  gboolean was_hydrating = tracking->hydrating;
  const MikroRelationMeta *relations;
  guint n_relations;

  if (tracking->meta == NULL)
    return;

  relations = _mikro_entity_metadata_get_relations (tracking->meta, &n_relations);
  /* neither a change to flush nor one to propagate */
  tracking->hydrating = TRUE;
  for (guint r = 0; r < n_relations; r++)
    {
      const MikroRelationMeta *rel = &relations[r];

      if (rel->owner || rel->inverse == NULL)
        continue;
      if (rel->kind == MIKRO_RELATION_ONE_TO_ONE)
        {
          g_autoptr(MikroEntity) related = get_related (entity, rel->name);

          if (related != NULL)
            g_object_set (entity, rel->name, NULL, NULL);
        }
      else
        {
          g_autoptr(MikroCollection) collection = get_collection (entity, rel->name);

          if (collection != NULL)
            _mikro_collection_release (collection);
        }
    }
  tracking->hydrating = was_hydrating;
}

/* Deleted entities leave the other sides that held them: the collections
 * of the entities they pointed at (a deleted book leaves its writer's
 * `books`), the initialized many-to-many collections of the entities this
 * manager holds (a deleted tag leaves `book.tags`, a deleted book
 * `tag.books`), and an inverse one-to-one. The database no longer has
 * those links, so none of this is a change to flush. */
static void
forget_deleted (MikroEntityManager *self,
                GPtrArray          *deleted)
{
  g_autoptr(GHashTable) gone = g_hash_table_new (NULL, NULL);
  gboolean many_to_many = FALSE;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < deleted->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (deleted, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
      const MikroRelationMeta *relations;
      guint n_relations;

      g_hash_table_add (gone, entity);
      relations = _mikro_entity_metadata_get_relations (tracking->meta, &n_relations);
      for (guint r = 0; r < n_relations; r++)
        {
          const MikroRelationMeta *rel = &relations[r];
          g_autoptr(MikroEntity) target = NULL;

          if (rel->inverse == NULL)
            continue;
          if (rel->kind == MIKRO_RELATION_MANY_TO_MANY)
            {
              many_to_many = TRUE;
              continue;
            }
          if (!rel->owner || rel->column == NULL)
            continue;
          target = get_related (entity, rel->name);
          if (target == NULL)
            continue;
          if (rel->inverse->kind == MIKRO_RELATION_ONE_TO_MANY)
            {
              g_autoptr(MikroCollection) other = get_collection (target, rel->inverse->name);

              if (other != NULL)
                _mikro_collection_forget (other, G_OBJECT (entity));
            }
          else
            {
              MikroEntityTracking *target_tracking = _mikro_entity_get_tracking (target);
              g_autoptr(MikroEntity) back = get_related (target, rel->inverse->name);
              gboolean was_hydrating = target_tracking->hydrating;

              if (back != entity)
                continue;
              target_tracking->hydrating = TRUE;
              g_object_set (target, rel->inverse->name, NULL, NULL);
              target_tracking->hydrating = was_hydrating;
            }
        }
    }

  /* either side of a many-to-many may hold them, loaded or not on the
   * deleted entity's side: one walk over the identity map */
  if (!many_to_many)
    return;
  g_hash_table_iter_init (&iter, self->identity_map);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (value);
      const MikroRelationMeta *relations;
      guint n_relations;

      if (g_hash_table_contains (gone, value))
        continue;
      relations = _mikro_entity_metadata_get_relations (tracking->meta, &n_relations);
      for (guint r = 0; r < n_relations; r++)
        {
          g_autoptr(MikroCollection) collection = NULL;
          g_autoptr(GPtrArray) held = NULL;
          guint n;

          if (relations[r].kind != MIKRO_RELATION_MANY_TO_MANY || relations[r].inverse == NULL)
            continue;
          collection = get_collection (value, relations[r].name);
          if (collection == NULL || !mikro_collection_is_initialized (collection))
            continue;
          n = g_list_model_get_n_items (G_LIST_MODEL (collection));
          held = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint i = 0; i < n; i++)
            {
              GObject *item = g_list_model_get_item (G_LIST_MODEL (collection), i);

              if (g_hash_table_contains (gone, item))
                g_ptr_array_add (held, item);
              else
                g_object_unref (item);
            }
          for (guint i = 0; i < held->len; i++)
            _mikro_collection_forget (collection, g_ptr_array_index (held, i));
        }
    }
}

static void
detach_all (MikroEntityManager *self)
{
  GHashTableIter iter;
  gpointer value;

  /* first every cycle, while each entity still knows its metadata */
  g_hash_table_iter_init (&iter, self->identity_map);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    release_inverse_sides (value);
  for (guint i = 0; i < self->new_entities->len; i++)
    release_inverse_sides (g_ptr_array_index (self->new_entities, i));
  for (guint i = 0; i < self->removed->len; i++)
    release_inverse_sides (g_ptr_array_index (self->removed, i));

  g_hash_table_iter_init (&iter, self->identity_map);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    detach (value, MIKRO_ENTITY_STATE_DETACHED);
  for (guint i = 0; i < self->new_entities->len; i++)
    detach (g_ptr_array_index (self->new_entities, i), MIKRO_ENTITY_STATE_NEW);
  for (guint i = 0; i < self->removed->len; i++)
    detach (g_ptr_array_index (self->removed, i), MIKRO_ENTITY_STATE_DETACHED);

  g_ptr_array_set_size (self->dirty, 0);
  g_ptr_array_set_size (self->new_entities, 0);
  g_ptr_array_set_size (self->removed, 0);
  g_hash_table_remove_all (self->identity_map);
}

static void
mikro_entity_manager_dispose (GObject *object)
{
  MikroEntityManager *self = (MikroEntityManager *)object;

  if (self->identity_map != NULL)
    detach_all (self);

  G_OBJECT_CLASS (mikro_entity_manager_parent_class)->dispose (object);
}

static void
mikro_entity_manager_finalize (GObject *object)
{
  MikroEntityManager *self = (MikroEntityManager *)object;

  g_clear_pointer (&self->identity_map, g_hash_table_unref);
  g_clear_pointer (&self->new_entities, g_ptr_array_unref);
  g_clear_pointer (&self->dirty, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->eager_loading, g_hash_table_unref);
  g_clear_pointer (&self->log_label, g_free);
  g_clear_object (&self->orm);

  G_OBJECT_CLASS (mikro_entity_manager_parent_class)->finalize (object);
}

static void
mikro_entity_manager_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MikroEntityManager *self = MIKRO_ENTITY_MANAGER (object);

  switch (prop_id)
    {
    case PROP_ORM:
      g_value_set_object (value, self->orm);
      break;

    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_entity_manager_class_init (MikroEntityManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mikro_entity_manager_dispose;
  object_class->finalize = mikro_entity_manager_finalize;
  object_class->get_property = mikro_entity_manager_get_property;

  /**
   * MikroEntityManager:orm:
   *
   * The ORM this entity manager works on.
   *
   * Since: 1.0
   */
  properties[PROP_ORM] =
    g_param_spec_object ("orm", NULL, NULL,
                         MIKRO_TYPE_ORM,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * MikroEntityManager:id:
   *
   * A number identifying this entity manager in logs, unique in the process.
   *
   * Since: 1.0
   */
  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_entity_manager_init (MikroEntityManager *self)
{
  self->id = g_atomic_int_add (&last_id, 1) + 1;
  self->identity_map = g_hash_table_new_full (identity_key_hash, identity_key_equal,
                                              identity_key_free, g_object_unref);
  self->new_entities = g_ptr_array_new_with_free_func (g_object_unref);
  self->dirty = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->eager_loading = g_hash_table_new (NULL, NULL);
  self->logging = TRUE;
}

MikroEntityManager *
_mikro_entity_manager_new (MikroOrm *orm)
{
  MikroEntityManager *self = g_object_new (MIKRO_TYPE_ENTITY_MANAGER, NULL);

  self->orm = g_object_ref (orm);
  return self;
}

void
_mikro_entity_manager_enqueue_dirty (MikroEntityManager *self,
                                     MikroEntity        *entity)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

  g_assert (tracking->em == self);

  tracking->queued = TRUE;
  g_ptr_array_add (self->dirty, g_object_ref (entity));
}

static MikroDriver *
get_driver (MikroEntityManager  *self,
            GError             **error)
{
  MikroDriver *driver;

  if (!_mikro_entity_manager_check_idle (self, error))
    return NULL;

  driver = mikro_orm_get_driver (self->orm);
  if (driver == NULL)
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                 _("The ORM of this entity manager was closed"));
  else
    /* the statements from now on are this manager's */
    _mikro_driver_set_log_context (driver, self->id, self->log_label, self->logging);
  return driver;
}

static MikroEntityMetadata *
get_meta (MikroEntityManager  *self,
            GType                type,
            GError             **error)
{
  MikroEntityMetadata *meta = mikro_orm_get_metadata (self->orm, type);

  if (meta == NULL)
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                 _("Entity “%s” is not known to this ORM; add it with mikro_orm_add_entity()"),
                 g_type_name (type));
  return meta;
}

static void free_values (GValue *values,
                         guint   n_values);

/* Reads the stored value of every mapped property. */
static GValue *
read_values (MikroEntity          *entity,
             MikroEntityMetadata  *meta,
             GError              **error)
{
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  GValue *values = g_new0 (GValue, n_props);

  for (guint i = 0; i < n_props; i++)
    if (!_mikro_value_read_stored (&props[i], G_OBJECT (entity), &values[i], error))
      {
        free_values (values, n_props);
        return NULL;
      }

  return values;
}

static void
free_values (GValue *values,
             guint   n_values)
{
  for (guint i = 0; i < n_values; i++)
    if (G_IS_VALUE (&values[i]))
      g_value_unset (&values[i]);
  g_free (values);
}

static IdentityKey *
identity_key_new (GType         type,
                  const GValue *pk)
{
  IdentityKey *key = g_new0 (IdentityKey, 1);

  key->type = type;
  g_value_init (&key->pk, G_VALUE_TYPE (pk));
  g_value_copy (pk, &key->pk);
  return key;
}

static MikroEntity *
identity_map_lookup (MikroEntityManager *self,
                     GType               type,
                     const GValue       *pk)
{
  IdentityKey key;
  MikroEntity *entity;

  /* A shallow copy: lookups allocate nothing. */
  key.type = type;
  key.pk = *pk;
  entity = g_hash_table_lookup (self->identity_map, &key);

  return entity;
}

static guint
n_key_columns (MikroEntityMetadata *meta)
{
  guint n_keys;

  _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  return n_keys;
}

/* The key of @entity: its stored value of each key column (the key of the
 * related entity for a foreign key that is part of it). */
static GValue *
entity_key (MikroEntityMetadata *meta,
            MikroEntity         *entity)
{
  guint n_keys;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  GValue *key = g_new0 (GValue, n_keys);

  for (guint i = 0; i < n_keys; i++)
    _mikro_value_read_stored (&props[keys[i]], G_OBJECT (entity), &key[i], NULL);
  return key;
}

static void
key_free (GValue *key,
          guint   n_values)
{
  free_values (key, n_values);
}

static gboolean
key_is_set (const GValue *key,
            guint         n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    if (!_mikro_value_key_is_set (&key[i]))
      return FALSE;
  return TRUE;
}

/* What the identity map keys an entity by: its key's one value, or the
 * values of a composite key written out together. */
static void
key_identity (MikroEntityMetadata *meta,
              const GValue        *key,
              GValue              *identity)
{
  guint n_keys = n_key_columns (meta);
  GString *text;

  if (n_keys == 1)
    {
      g_value_init (identity, G_VALUE_TYPE (&key[0]));
      g_value_copy (&key[0], identity);
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *part = G_IS_VALUE (&key[i]) ? g_strdup_value_contents (&key[i]) : g_strdup ("NULL");

      /* length-prefixed, so that no value can look like two */
      g_string_append_printf (text, "%zu:%s;", strlen (part), part);
    }
  g_value_init (identity, G_TYPE_STRING);
  g_value_take_string (identity, g_string_free (text, FALSE));
}

static MikroEntity *
identity_map_lookup_key (MikroEntityManager  *self,
                         MikroEntityMetadata *meta,
                         const GValue        *key)
{
  g_auto(GValue) identity = G_VALUE_INIT;

  key_identity (meta, key, &identity);
  return identity_map_lookup (self, _mikro_entity_metadata_get_root_type (meta), &identity);
}

static void
identity_map_add_key (MikroEntityManager  *self,
                      MikroEntity         *entity,
                      MikroEntityMetadata *meta,
                      const GValue        *key)
{
  g_auto(GValue) identity = G_VALUE_INIT;

  key_identity (meta, key, &identity);
  g_hash_table_replace (self->identity_map,
                        identity_key_new (_mikro_entity_metadata_get_root_type (meta), &identity),
                        g_object_ref (entity));
  _mikro_entity_get_tracking (entity)->in_identity_map = TRUE;
}

static void
identity_map_add (MikroEntityManager  *self,
                  MikroEntity         *entity,
                  MikroEntityMetadata *meta)
{
  GValue *key = entity_key (meta, entity);

  identity_map_add_key (self, entity, meta, key);
  key_free (key, n_key_columns (meta));
}

static void
identity_map_remove (MikroEntityManager  *self,
                     MikroEntity         *entity,
                     MikroEntityMetadata *meta)
{
  GValue *key = entity_key (meta, entity);
  g_auto(GValue) identity = G_VALUE_INIT;
  IdentityKey lookup;

  key_identity (meta, key, &identity);
  key_free (key, n_key_columns (meta));
  lookup.type = _mikro_entity_metadata_get_root_type (meta);
  lookup.pk = identity;
  g_hash_table_remove (self->identity_map, &lookup);
}

/* Sets properties of an entity on behalf of the database: no dirty
 * marking, and one notification batch. */
static MikroEntity *get_reference (MikroEntityManager  *self,
                                   MikroEntityMetadata *meta,
                                   const GValue        *pk);

/* A join column read from the database: the entity of the identity map
 * with that key, or a reference to it, or none. */
static void
set_related_quietly (MikroEntityManager      *self,
                     MikroEntity             *entity,
                     const MikroPropertyMeta *prop,
                     const GValue            *key)
{
  g_autoptr(MikroEntity) related = NULL;

  if (_mikro_value_key_is_set (key))
    related = get_reference (self, prop->relation->target, key);
  g_object_set (entity, prop->name, related, NULL);
}

/* Asynchronous calls run in a worker thread. The notifications of the
 * entities they set are held there and emitted in the caller's thread
 * when the call completes, so that nothing bound to an entity (a GTK
 * widget) is told of a change from another thread. */
static GPrivate deferred_notify = G_PRIVATE_INIT ((GDestroyNotify)g_ptr_array_unref);

static gboolean
deferring_notify (void)
{
  return g_private_get (&deferred_notify) != NULL;
}

/* the freeze set_values_quietly() took is released when the call
 * completes, in the caller's thread */
static void
defer_thaw (MikroEntity *entity)
{
  g_ptr_array_add (g_private_get (&deferred_notify), g_object_ref (entity));
}

void
_mikro_entity_manager_thaw_notify (MikroEntity *entity)
{
  if (deferring_notify ())
    defer_thaw (entity);
  else
    g_object_thaw_notify (G_OBJECT (entity));
}

gboolean
_mikro_entity_manager_defer_collection (MikroCollection *collection)
{
  if (!deferring_notify ())
    return FALSE;
  g_ptr_array_add (g_private_get (&deferred_notify), g_object_ref (collection));
  return TRUE;
}

void
_mikro_entity_manager_defer_notify_begin (void)
{
  g_private_replace (&deferred_notify, g_ptr_array_new ());
}

GPtrArray *
_mikro_entity_manager_defer_notify_end (void)
{
  GPtrArray *frozen = g_private_get (&deferred_notify);

  /* taken over: the thread's slot forgets it without freeing it */
  if (frozen != NULL)
    g_ptr_array_ref (frozen);
  g_private_replace (&deferred_notify, NULL);
  return frozen;
}

void
_mikro_entity_manager_thaw_deferred (GPtrArray *frozen)
{
  if (frozen == NULL)
    return;

  for (guint i = 0; i < frozen->len; i++)
    {
      MikroEntity *entity;
      MikroEntityTracking *tracking;
      gboolean was_hydrating;

      if (MIKRO_IS_COLLECTION (g_ptr_array_index (frozen, i)))
        {
          MikroCollection *collection = g_ptr_array_index (frozen, i);

          _mikro_collection_emit_deferred (collection);
          g_object_unref (collection);
          continue;
        }

      entity = g_ptr_array_index (frozen, i);
      tracking = _mikro_entity_get_tracking (entity);
      was_hydrating = tracking->hydrating;
      /* values the database set: not changes of the application */
      tracking->hydrating = TRUE;
      g_object_thaw_notify (G_OBJECT (entity));
      tracking->hydrating = was_hydrating;
      g_object_unref (entity);
    }
  g_ptr_array_unref (frozen);
}

static gboolean
embedded_is_null (const GValue *values,
                  guint         n_values)
{
  for (guint i = 0; i < n_values; i++)
    if (G_IS_VALUE (&values[i]))
      return FALSE;
  return TRUE;
}

/* One column of an embedded object read from the database: set on the
 * object the entity holds, made first if it holds none. */
static gboolean
set_embedded_quietly (MikroEntity              *entity,
                      const MikroPropertyMeta  *prop,
                      const GValue             *value,
                      GError                  **error)
{
  g_autoptr(GObject) holder = NULL;

  if (prop->pspec == NULL)
    {
      /* stored whole */
      JsonNode *node = G_IS_VALUE (value) ? g_value_get_boxed (value) : NULL;

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          holder = _mikro_embeddable_from_json (node, prop->embeddable_type, error);
          if (holder == NULL)
            {
              g_prefix_error (error, _("Property “%s” of entity “%s”: "),
                              prop->embedded->name, G_OBJECT_TYPE_NAME (entity));
              return FALSE;
            }
        }
      g_object_set (entity, prop->embedded->name, holder, NULL);
      return TRUE;
    }

  g_object_get (entity, prop->embedded->name, &holder, NULL);
  if (!G_IS_VALUE (value))
    {
      /* NULL in one column of an object that is there: the default */
      if (holder != NULL)
        {
          g_auto(GValue) unset = G_VALUE_INIT;

          g_value_init (&unset, prop->pspec->value_type);
          g_param_value_set_default (prop->pspec, &unset);
          g_object_set_property (holder, prop->pspec->name, &unset);
        }
      return TRUE;
    }
  if (holder == NULL)
    {
      holder = g_object_new (prop->embeddable_type, NULL);
      g_object_set (entity, prop->embedded->name, holder, NULL);
    }
  g_object_set_property (holder, prop->pspec->name, value);
  return TRUE;
}

static gboolean
set_values_quietly (MikroEntityManager       *self,
                    MikroEntity              *entity,
                    const MikroPropertyMeta  *props,
                    const guint              *indices,
                    const GValue             *values,
                    guint                     n_values,
                    GError                  **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  gboolean was_hydrating = tracking->hydrating;
  gboolean ok = TRUE;

  tracking->hydrating = TRUE;
  g_object_freeze_notify (G_OBJECT (entity));
  if (deferring_notify ())
    defer_thaw (entity);
  for (guint i = 0; ok && i < n_values; i++)
    {
      guint index = indices != NULL ? indices[i] : i;

      if (props[index].discriminator)
        continue;   /* the entity's type says it */
      if (!G_IS_VALUE (&values[i]) && _mikro_property_meta_is_lazy (&props[index]))
        continue;   /* a lazy property the query left out */
      if (props[index].embedded != NULL)
        {
          /* a whole row: an embedded object whose columns are all NULL
           * is no object */
          if (indices == NULL && props[index].n_embedded > 0 && props[index].pspec != NULL &&
              embedded_is_null (&values[i], props[index].n_embedded))
            {
              g_object_set (entity, props[index].embedded->name, NULL, NULL);
              i += props[index].n_embedded - 1;
              continue;
            }
          ok = set_embedded_quietly (entity, &props[index], &values[i], error);
          continue;
        }
      if (props[index].relation != NULL)
        set_related_quietly (self, entity, &props[index], &values[i]);
      else
        ok = _mikro_value_write_stored (&props[index], G_OBJECT (entity), &values[i], error);
    }
  if (!deferring_notify ())
    g_object_thaw_notify (G_OBJECT (entity));
  tracking->hydrating = was_hydrating;

  return ok;
}

static GValue *
copy_values (const GValue *values,
             guint         n_values)
{
  GValue *copy = g_new0 (GValue, n_values);

  for (guint i = 0; i < n_values; i++)
    {
      /* an unset value is a NULL column of an embedded object */
      if (!G_IS_VALUE (&values[i]))
        continue;
      g_value_init (&copy[i], G_VALUE_TYPE (&values[i]));
      g_value_copy (&values[i], &copy[i]);
    }

  return copy;
}

static gboolean emit_entity_event (MikroEntityManager  *self,
                                   MikroEntity         *entity,
                                   MikroEntityEvent     event,
                                   gboolean            *ran,
                                   GError             **error);

/* A loaded entity's collections hold nothing until populated. */
static void
mark_collections_unloaded (MikroEntity         *entity,
                           MikroEntityMetadata *meta)
{
  guint n_relations;
  const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

  for (guint r = 0; r < n_relations; r++)
    {
      g_autoptr(MikroCollection) collection = NULL;

      if (relations[r].kind != MIKRO_RELATION_ONE_TO_MANY && relations[r].kind != MIKRO_RELATION_MANY_TO_MANY)
        continue;
      collection = get_collection (entity, relations[r].name);
      if (collection != NULL)
        _mikro_collection_set_uninitialized (collection);
    }
}

/* A reference (MikroORM's `getReference`): the entity with @pk from the
 * identity map, or a new instance holding only its key, managed but not
 * initialized, to be filled when a query returns its row. */
static MikroEntity *
get_reference (MikroEntityManager  *self,
               MikroEntityMetadata *meta,
               const GValue        *pk)
{
  GType type = mikro_entity_metadata_get_entity_type (meta);
  guint n_keys;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  MikroEntityTracking *tracking;
  MikroEntity *entity;

  entity = identity_map_lookup_key (self, meta, pk);
  if (entity != NULL)
    return g_object_ref (entity);

  entity = g_object_new (type, NULL);
  tracking = _mikro_entity_get_tracking (entity);
  set_values_quietly (self, entity, _mikro_entity_metadata_get_props (meta, &(guint){0}),
                      keys, pk, n_keys, NULL);
  tracking->em = self;
  tracking->meta = meta;
  tracking->state = MIKRO_ENTITY_STATE_MANAGED;
  tracking->uninitialized = TRUE;
  _mikro_entity_set_snapshot (entity, read_values (entity, meta, NULL));
  identity_map_add (self, entity, meta);
  mark_collections_unloaded (entity, meta);

  return entity;
}

/* The row of a reference arrived: its values become the entity's, except
 * those the application set since (they stay changes to flush). */
static gboolean
initialize_reference (MikroEntityManager  *self,
                      MikroEntity         *entity,
                      MikroRow            *row,
                      GError             **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (tracking->meta, &n_props);
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (GValue));

  for (guint i = 0; i < n_props; i++)
    {
      if (tracking->all_dirty || (i < 64 && (tracking->dirty_mask & (G_GUINT64_CONSTANT (1) << i))))
        continue;
      g_array_append_val (indices, i);
      g_array_append_val (values, row->values[i]);   /* borrowed */
    }

  if (!set_values_quietly (self, entity, props, (guint *)(gpointer)indices->data,
                           (GValue *)(gpointer)values->data, indices->len, error))
    return FALSE;

  tracking->uninitialized = FALSE;
  _mikro_entity_set_snapshot (entity, copy_values (row->values, n_props));
  return emit_entity_event (self, entity, MIKRO_ENTITY_EVENT_ON_LOAD, NULL, error);
}

/* A row of @from as a row of @to, two entity types of one single-table
 * hierarchy: the columns they share, matched in the hierarchy's table. */
static MikroRow *
map_row (MikroEntityMetadata *from,
         MikroRow            *row,
         MikroEntityMetadata *to)
{
  guint n_from, n_to;
  const MikroPropertyMeta *from_props = _mikro_entity_metadata_get_props (from, &n_from);
  const MikroPropertyMeta *to_props = _mikro_entity_metadata_get_props (to, &n_to);
  MikroRow *mapped = _mikro_row_new (to);

  for (guint i = 0; i < n_to; i++)
    {
      const GValue *value = NULL;

      for (guint j = 0; j < n_from && value == NULL; j++)
        if (from_props[j].table_index == to_props[i].table_index)
          value = &row->values[j];

      if (value != NULL && G_IS_VALUE (value) && G_VALUE_TYPE (value) == G_VALUE_TYPE (&mapped->values[i]))
        g_value_copy (value, &mapped->values[i]);
      else if (value != NULL && !G_IS_VALUE (value))
        g_value_unset (&mapped->values[i]);
    }

  return mapped;
}

/* Turns a driver row into the entity of the identity map. An entity already
 * loaded wins over the row: its unflushed changes are not overwritten. */
static MikroEntity *
hydrate (MikroEntityManager   *self,
         MikroEntityMetadata  *meta,
         MikroRow             *row,
         GError              **error)
{
  GType type = mikro_entity_metadata_get_entity_type (meta);
  guint n_props, n_keys;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  g_autofree GValue *key = g_new (GValue, n_keys);
  MikroEntityTracking *tracking;
  MikroEntity *entity;

  /* borrowed values: the key only serves the lookup */
  for (guint i = 0; i < n_keys; i++)
    key[i] = row->values[keys[i]];
  entity = identity_map_lookup_key (self, meta, key);
  if (entity != NULL)
    {
      tracking = _mikro_entity_get_tracking (entity);
      if (tracking->uninitialized)
        {
          g_autoptr(MikroRow) mapped = NULL;

          /* a reference made as another type of its single-table
           * hierarchy (a relation's target type) than the row's: it
           * takes the row's columns it has */
          if (tracking->meta != meta)
            mapped = map_row (meta, row, tracking->meta);
          if (!initialize_reference (self, entity, mapped != NULL ? mapped : row, error))
            return NULL;
        }
      return g_object_ref (entity);
    }

  entity = g_object_new (type, NULL);
  tracking = _mikro_entity_get_tracking (entity);
  if (!set_values_quietly (self, entity, props, NULL, row->values, n_props, error))
    {
      g_object_unref (entity);
      return NULL;
    }

  tracking->em = self;
  tracking->meta = meta;
  tracking->state = MIKRO_ENTITY_STATE_MANAGED;
  _mikro_entity_set_snapshot (entity, copy_values (row->values, n_props));
  identity_map_add (self, entity, meta);
  _mikro_entity_watch_embedded (entity);
  mark_collections_unloaded (entity, meta);

  if (!emit_entity_event (self, entity, MIKRO_ENTITY_EVENT_ON_LOAD, NULL, error))
    {
      /* a refused load leaves nothing behind */
      identity_map_remove (self, entity, meta);
      detach (entity, MIKRO_ENTITY_STATE_DETACHED);
      g_object_unref (entity);
      return NULL;
    }

  return entity;
}

MikroEntity *
_mikro_entity_manager_get_stored_related (MikroEntity *entity,
                                          GParamSpec  *pspec)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  const MikroPropertyMeta *prop;
  MikroEntity *related;

  if (tracking->em == NULL || tracking->meta == NULL || tracking->snapshot == NULL)
    return NULL;
  prop = _mikro_entity_metadata_find_pspec (tracking->meta, pspec);
  if (prop == NULL || prop->relation == NULL || !_mikro_value_key_is_set (&tracking->snapshot[prop->index]))
    return NULL;
  related = identity_map_lookup_key (tracking->em, prop->relation->target, &tracking->snapshot[prop->index]);
  return related != NULL ? g_object_ref (related) : NULL;
}

/**
 * mikro_entity_manager_persist:
 * @self: an entity manager
 * @entity: a new entity, or one removed from @self before the flush
 * @error: return location for a #GError
 *
 * Schedules @entity to be inserted by the next flush. An entity whose
 * primary key is already set (a natural key) joins the identity map now.
 * Persisting a managed entity again does nothing; persisting a removed one
 * cancels its removal.
 *
 * Returns: %TRUE on success; %FALSE if @entity's type is not known to the
 *   ORM or @entity belongs to another entity manager
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_persist (MikroEntityManager  *self,
                              MikroEntity         *entity,
                              GError             **error)
{
  MikroEntityTracking *tracking;
  MikroEntityMetadata *meta;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_mikro_entity_manager_check_idle (self, error))
    return FALSE;
  meta = get_meta (self, G_OBJECT_TYPE (entity), error);
  if (meta == NULL)
    return FALSE;

  tracking = _mikro_entity_get_tracking (entity);

  if (_mikro_entity_metadata_is_abstract (meta))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Entity “%s” is abstract and cannot be persisted"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;
    }

  if (tracking->em != NULL && tracking->em != self)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” belongs to another entity manager (#%u)"),
                   G_OBJECT_TYPE_NAME (entity), tracking->em->id);
      return FALSE;
    }

  if (tracking->em == self)
    {
      if (tracking->state == MIKRO_ENTITY_STATE_REMOVED)
        {
          g_ptr_array_remove (self->removed, entity);
          tracking->state = MIKRO_ENTITY_STATE_MANAGED;
        }
      return TRUE;
    }

  if (tracking->state == MIKRO_ENTITY_STATE_DETACHED)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” is detached: it was loaded by an entity manager that was cleared or deleted"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;
    }

  tracking->em = self;
  tracking->meta = meta;
  tracking->state = MIKRO_ENTITY_STATE_NEW;
  g_ptr_array_add (self->new_entities, g_object_ref (entity));

  {
    GValue *key = entity_key (meta, entity);

    if (key_is_set (key, n_key_columns (meta)))
      identity_map_add_key (self, entity, meta, key);
    key_free (key, n_key_columns (meta));
  }

  return TRUE;
}

/* What a relation removes with its owner: cascade remove, which orphan
 * removal implies. */
static gboolean
cascades_remove (const MikroRelationMeta *rel)
{
  return (rel->cascade & MIKRO_CASCADE_REMOVE) != 0 ||
         (mikro_property_get_flags (rel->property) & MIKRO_PROPERTY_ORPHAN_REMOVAL) != 0;
}

static void remove_entity (MikroEntityManager *self,
                           MikroEntity        *entity);

static void
cascade_remove_one (MikroEntityManager *self,
                    GObject            *related)
{
  MikroEntityTracking *tracking;

  if (!MIKRO_IS_ENTITY (related))
    return;
  tracking = _mikro_entity_get_tracking (MIKRO_ENTITY (related));
  /* an entity of another manager, or one no manager knows, is not ours to
   * remove; one removed already ends a cycle */
  if (tracking->em == self &&
      (tracking->state == MIKRO_ENTITY_STATE_MANAGED || tracking->state == MIKRO_ENTITY_STATE_NEW))
    remove_entity (self, MIKRO_ENTITY (related));
}

/* Cascade remove, in the application as MikroORM does it: what the
 * relations hold in memory (a to-one's entity, reference or not, and the
 * items of initialized collections) goes too. A collection never loaded
 * removes nothing: the database's ON DELETE rules are for those rows. */
static void
cascade_remove_from (MikroEntityManager  *self,
                     MikroEntity         *entity,
                     MikroEntityMetadata *meta)
{
  guint n_relations;
  const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

  for (guint r = 0; r < n_relations; r++)
    {
      const MikroRelationMeta *rel = &relations[r];

      if (!cascades_remove (rel))
        continue;

      if (rel->kind == MIKRO_RELATION_MANY_TO_ONE || rel->kind == MIKRO_RELATION_ONE_TO_ONE)
        {
          g_autoptr(MikroEntity) related = get_related (entity, rel->name);

          if (related != NULL)
            cascade_remove_one (self, G_OBJECT (related));
        }
      else
        {
          g_autoptr(MikroCollection) collection = get_collection (entity, rel->name);
          g_autoptr(GPtrArray) items = NULL;

          if (collection == NULL || !mikro_collection_is_initialized (collection))
            continue;
          /* removing may change the collection: walk a copy */
          items = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collection)); i++)
            g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (collection), i));
          for (guint i = 0; i < items->len; i++)
            cascade_remove_one (self, g_ptr_array_index (items, i));
        }
    }
}

/* Schedules the removal of an entity @self manages, and of what it
 * cascades to. */
static void
remove_entity (MikroEntityManager *self,
               MikroEntity        *entity)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  MikroEntityMetadata *meta = tracking->meta;
  g_autoptr(MikroEntity) keep = g_object_ref (entity);

  switch (tracking->state)
    {
    case MIKRO_ENTITY_STATE_NEW:
      if (tracking->in_identity_map)
        identity_map_remove (self, entity, tracking->meta);
      g_ptr_array_remove (self->new_entities, entity);
      detach (entity, MIKRO_ENTITY_STATE_NEW);
      break;

    case MIKRO_ENTITY_STATE_MANAGED:
      tracking->state = MIKRO_ENTITY_STATE_REMOVED;
      g_ptr_array_add (self->removed, g_object_ref (entity));
      break;

    case MIKRO_ENTITY_STATE_REMOVED:
      return;

    case MIKRO_ENTITY_STATE_DETACHED:
    default:
      g_assert_not_reached ();
    }

  cascade_remove_from (self, entity, meta);
}

/**
 * mikro_entity_manager_remove:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @error: return location for a #GError
 *
 * Schedules @entity to be deleted by the next flush. Removing an entity
 * that was persisted but never flushed just forgets it.
 *
 * Relations that cascade remove ([flags@Mikro.Cascade], or
 * %MIKRO_PROPERTY_ORPHAN_REMOVAL, which implies it) remove what they hold
 * in memory with @entity: the entity of a to-one property (a reference
 * too) and the items of an initialized collection, when @self manages
 * them. Rows of a collection that was never loaded are left to the
 * foreign key's ON DELETE rule, as in MikroORM.
 *
 * Returns: %TRUE on success, %FALSE if @entity is not managed by @self
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_remove (MikroEntityManager  *self,
                             MikroEntity         *entity,
                             GError             **error)
{
  MikroEntityTracking *tracking;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_mikro_entity_manager_check_idle (self, error))
    return FALSE;
  tracking = _mikro_entity_get_tracking (entity);
  if (tracking->em != self)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” is not managed by entity manager #%u and cannot be removed by it"),
                   G_OBJECT_TYPE_NAME (entity), self->id);
      return FALSE;
    }

  remove_entity (self, entity);
  return TRUE;
}

typedef struct
{
  MikroEntity       *entity;
  MikroEntityMetadata *meta;
  GValue            *values;      /* INSERT: all properties; UPDATE: the changed ones */
  guint             *indices;     /* UPDATE: which properties */
  guint              n_values;
  gboolean           generated_pk;
  gboolean           first_version;     /* INSERT: the version was set to 1 */
  GValue             expected_version;  /* UPDATE of a versioned entity */
} ChangeSet;

static void
change_set_clear (gpointer data)
{
  ChangeSet *cs = data;

  free_values (cs->values, cs->n_values);
  g_free (cs->indices);
  if (G_IS_VALUE (&cs->expected_version))
    g_value_unset (&cs->expected_version);
}

static gint64
value_as_int64 (const GValue *value)
{
  GValue as_int = G_VALUE_INIT;
  gint64 result;

  g_value_init (&as_int, G_TYPE_INT64);
  g_value_transform (value, &as_int);
  result = g_value_get_int64 (&as_int);
  g_value_unset (&as_int);
  return result;
}

static void
set_from_int64 (GValue *value,
                gint64  integer)
{
  GValue as_int = G_VALUE_INIT;

  g_value_init (&as_int, G_TYPE_INT64);
  g_value_set_int64 (&as_int, integer);
  g_value_transform (&as_int, value);
  g_value_unset (&as_int);
}

/* Optimistic locking: an update of a versioned entity writes the next
 * version and expects the one it loaded. Whatever the application set the
 * version to is not what is written. */
static void
add_version_bump (ChangeSet           *cs,
                  MikroEntityTracking *tracking)
{
  const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (cs->meta);
  const GValue *loaded;
  GValue *slot = NULL;

  if (version == NULL)
    return;

  loaded = &tracking->snapshot[version->index];
  g_value_init (&cs->expected_version, G_VALUE_TYPE (loaded));
  g_value_copy (loaded, &cs->expected_version);

  for (guint i = 0; i < cs->n_values; i++)
    if (cs->indices[i] == version->index)
      slot = &cs->values[i];

  if (slot == NULL)
    {
      cs->values = g_renew (GValue, cs->values, cs->n_values + 1);
      cs->indices = g_renew (guint, cs->indices, cs->n_values + 1);
      memset (&cs->values[cs->n_values], 0, sizeof (GValue));
      cs->indices[cs->n_values] = version->index;
      slot = &cs->values[cs->n_values];
      cs->n_values++;
      g_value_init (slot, version->value_type);
    }

  set_from_int64 (slot, value_as_int64 (loaded) + 1);
}

/* Whether the lazy property @prop, never loaded, was set since: its
 * notification says so, or past the 64 tracked properties a value other
 * than the property's default. */
static gboolean
lazy_was_set (MikroEntity               *entity,
              const MikroPropertyMeta   *prop,
              const MikroEntityTracking *tracking)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (prop->index < 64)
    return (tracking->dirty_mask & (G_GUINT64_CONSTANT (1) << prop->index)) != 0;

  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (prop->pspec));
  g_object_get_property (G_OBJECT (entity), prop->pspec->name, &value);
  return !g_param_value_defaults (prop->pspec, &value);
}

/* The change set of a dirty entity: the notified properties whose stored
 * value differs from the snapshot. Only the dirty properties are read.
 * Returns 1 for a change, 0 for none, -1 on error. */
static int
compute_update (MikroEntity  *entity,
                ChangeSet    *cs,
                GError      **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (tracking->meta, &n_props);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_props; i++)
    {
      GValue current = G_VALUE_INIT;

      if (!tracking->all_dirty && (i >= 64 || !(tracking->dirty_mask & (G_GUINT64_CONSTANT (1) << i))))
        continue;
      /* a lazy property never loaded is only written once set */
      if (!G_IS_VALUE (&tracking->snapshot[i]) && _mikro_property_meta_is_lazy (&props[i]) &&
          !lazy_was_set (entity, &props[i], tracking))
        continue;

      if (!_mikro_value_read_stored (&props[i], G_OBJECT (entity), &current, error))
        {
          g_value_unset (&current);
          return -1;
        }
      if (_mikro_value_equal (&props[i], &current, &tracking->snapshot[i]))
        {
          g_value_unset (&current);
          continue;
        }

      g_array_append_val (values, current);
      g_array_append_val (indices, i);
    }

  if (values->len == 0)
    return 0;

  cs->entity = entity;
  cs->meta = tracking->meta;
  cs->n_values = values->len;
  cs->values = (GValue *)(gpointer)g_array_free (g_steal_pointer (&values), FALSE);
  cs->indices = (guint *)(gpointer)g_array_free (g_steal_pointer (&indices), FALSE);
  return 1;
}

/* The key of @entity into n_key_columns() values at @values. */
static void
pk_value (MikroEntity         *entity,
          MikroEntityMetadata *meta,
          GValue              *values)
{
  guint n_keys = n_key_columns (meta);
  GValue *key = entity_key (meta, entity);

  memcpy (values, key, n_keys * sizeof (GValue));
  g_free (key);
}

/* The entity a to-one property holds, or NULL. */
static MikroEntity *
get_related (MikroEntity *entity,
             const char  *property)
{
  g_autoptr(GObject) related = NULL;

  g_object_get (entity, property, &related, NULL);
  if (related == NULL || !MIKRO_IS_ENTITY (related))
    return NULL;
  return (MikroEntity *)g_steal_pointer (&related);
}

static gboolean
cascade_persist_one (MikroEntityManager  *self,
                     MikroEntity         *related,
                     GError             **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (related);

  if (tracking->em != NULL || tracking->state != MIKRO_ENTITY_STATE_NEW)
    return TRUE;
  return mikro_entity_manager_persist (self, related, error);
}

/* Persistence by reachability: a new entity a persisted or changed entity
 * points at through a relation that cascades persist is persisted too. */
static gboolean
cascade_persist_from (MikroEntityManager  *self,
                      MikroEntity         *entity,
                      GError             **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  guint n_relations;
  const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (tracking->meta, &n_relations);

  for (guint r = 0; r < n_relations; r++)
    {
      const MikroRelationMeta *rel = &relations[r];

      if (!(rel->cascade & MIKRO_CASCADE_PERSIST))
        continue;

      if (rel->kind == MIKRO_RELATION_MANY_TO_ONE || rel->kind == MIKRO_RELATION_ONE_TO_ONE)
        {
          g_autoptr(MikroEntity) related = get_related (entity, rel->name);

          if (related != NULL && !cascade_persist_one (self, related, error))
            return FALSE;
        }
      else
        {
          g_autoptr(GObject) collection = NULL;

          g_object_get (entity, rel->name, &collection, NULL);
          if (collection == NULL || !G_IS_LIST_MODEL (collection))
            continue;
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collection)); i++)
            {
              g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (collection), i);

              if (MIKRO_IS_ENTITY (item) && !cascade_persist_one (self, MIKRO_ENTITY (item), error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* A join column of a new entity written NULL by its INSERT and set by an
 * UPDATE once every new entity exists: how a cycle of new entities gets
 * into the database. */
typedef struct
{
  MikroEntity             *entity;
  const MikroPropertyMeta *prop;
  guint                    insert;   /* its change set in the inserts */
} Deferred;

static gboolean
is_deferred (GArray                  *deferred,
             MikroEntity             *entity,
             const MikroPropertyMeta *prop)
{
  for (guint i = 0; i < deferred->len; i++)
    {
      Deferred *d = &g_array_index (deferred, Deferred, i);

      if (d->entity == entity && d->prop == prop)
        return TRUE;
    }
  return FALSE;
}

/* Whether every new entity @entity points at is inserted already. With
 * @breakable, the first nullable join column that points at one not
 * inserted yet is deferred instead, and the entity is ready. */
static gboolean
ready_to_insert (MikroEntity *entity,
                 GHashTable  *pending,
                 GArray      *deferred,
                 gboolean     breakable)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (tracking->meta, &n_props);

  for (guint i = 0; i < n_props; i++)
    {
      g_autoptr(MikroEntity) related = NULL;

      if (props[i].relation == NULL || is_deferred (deferred, entity, &props[i]))
        continue;
      related = get_related (entity, props[i].name);
      if (related == NULL || !g_hash_table_contains (pending, related))
        continue;
      if (!breakable || !(props[i].flags & MIKRO_PROPERTY_NULLABLE))
        return FALSE;

      {
        Deferred d = { entity, &props[i], 0 };

        g_array_append_val (deferred, d);
        breakable = FALSE;
      }
    }

  return TRUE;
}

/* The next wave of inserts: the pending entities whose related new
 * entities are all inserted, grouped by type in the order the types were
 * first persisted so that each type is one batch. */
static GPtrArray *
next_insert_wave (GPtrArray   *pending_list,
                  GHashTable  *pending,
                  GArray      *deferred,
                  GError     **error)
{
  GPtrArray *wave = g_ptr_array_new ();
  g_autoptr(GPtrArray) types = g_ptr_array_new ();

  for (guint i = 0; i < pending_list->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (pending_list, i);

      if (ready_to_insert (entity, pending, deferred, FALSE))
        g_ptr_array_add (wave, entity);
    }

  /* A cycle: break it at the first nullable join column that closes it. */
  for (guint i = 0; wave->len == 0 && i < pending_list->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (pending_list, i);

      if (ready_to_insert (entity, pending, deferred, TRUE))
        g_ptr_array_add (wave, entity);
    }

  if (wave->len == 0)
    {
      MikroEntity *entity = g_ptr_array_index (pending_list, 0);

      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("The new entities form a cycle of relations that are not nullable (through “%s”): one join column of the cycle must be nullable to insert them"),
                   G_OBJECT_TYPE_NAME (entity));
      g_ptr_array_unref (wave);
      return NULL;
    }

  for (guint i = 0; i < wave->len; i++)
    {
      MikroEntityMetadata *meta = _mikro_entity_get_tracking (g_ptr_array_index (wave, i))->meta;

      if (!g_ptr_array_find (types, meta, NULL))
        g_ptr_array_add (types, meta);
    }
  if (types->len > 1)
    {
      g_autoptr(GPtrArray) grouped = g_ptr_array_sized_new (wave->len);

      for (guint t = 0; t < types->len; t++)
        for (guint i = 0; i < wave->len; i++)
          if (_mikro_entity_get_tracking (g_ptr_array_index (wave, i))->meta == g_ptr_array_index (types, t))
            g_ptr_array_add (grouped, g_ptr_array_index (wave, i));
      g_ptr_array_unref (wave);
      wave = g_steal_pointer (&grouped);
    }

  return wave;
}

/* Deletes in an order the foreign keys accept: an entity goes before the
 * removed entities it points at (as loaded). What a cycle leaves is
 * deleted as it comes. */
static void
order_removed (MikroEntityManager *self)
{
  g_autoptr(GPtrArray) remaining = g_ptr_array_new ();
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) referenced = g_hash_table_new (NULL, NULL);

  /* borrowed: self->removed holds them until the end */
  g_ptr_array_extend (remaining, self->removed, NULL, NULL);

  while (remaining->len > 0)
    {
      guint before = ordered->len;

      /* what the remaining ones point at */
      g_hash_table_remove_all (referenced);
      for (guint i = 0; i < remaining->len; i++)
        {
          MikroEntityTracking *tracking = _mikro_entity_get_tracking (g_ptr_array_index (remaining, i));
          guint n_props;
          const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (tracking->meta, &n_props);

          for (guint p = 0; p < n_props; p++)
            {
              MikroEntity *target;

              if (props[p].relation == NULL || !_mikro_value_key_is_set (&tracking->snapshot[p]))
                continue;
              target = identity_map_lookup (self, _mikro_entity_metadata_get_root_type (props[p].relation->target),
                                            &tracking->snapshot[p]);
              if (target != NULL && target != g_ptr_array_index (remaining, i))
                g_hash_table_add (referenced, target);
            }
        }

      for (guint i = 0; i < remaining->len; )
        {
          MikroEntity *entity = g_ptr_array_index (remaining, i);

          if (g_hash_table_contains (referenced, entity))
            {
              i++;
              continue;
            }
          g_ptr_array_add (ordered, g_object_ref (entity));
          g_ptr_array_remove_index (remaining, i);
        }

      if (ordered->len == before)
        {
          /* a cycle */
          for (guint i = 0; i < remaining->len; i++)
            g_ptr_array_add (ordered, g_object_ref (g_ptr_array_index (remaining, i)));
          g_ptr_array_set_size (remaining, 0);
        }
    }

  /* runs of one type stay together within what the order allows */
  g_ptr_array_set_size (self->removed, 0);
  for (guint i = 0; i < ordered->len; i++)
    g_ptr_array_add (self->removed, g_object_ref (g_ptr_array_index (ordered, i)));
}

/* The entities whose many-to-many collections may have changed: the ones
 * this flush inserts, and the managed ones whose collections were
 * changed. */
static GPtrArray *
collect_collection_owners (MikroEntityManager *self,
                           GArray             *inserts)
{
  GPtrArray *owners = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < inserts->len; i++)
    g_ptr_array_add (owners, g_object_ref (g_array_index (inserts, ChangeSet, i).entity));
  for (guint i = 0; i < self->dirty->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (self->dirty, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

      if (tracking->collections_dirty && tracking->em == self &&
          tracking->state == MIKRO_ENTITY_STATE_MANAGED)
        g_ptr_array_add (owners, g_object_ref (entity));
    }

  return owners;
}

static MikroCollection *
get_collection (MikroEntity *entity,
                const char  *property)
{
  g_autoptr(GObject) value = NULL;

  g_object_get (entity, property, &value, NULL);
  if (value == NULL || !MIKRO_IS_COLLECTION (value))
    return NULL;
  return (MikroCollection *)g_steal_pointer (&value);
}

static void
append_link (GArray      *links,
             MikroEntity *owner,
             MikroEntityMetadata *owner_meta,
             MikroEntity *target,
             MikroEntityMetadata *target_meta)
{
  GValue *owner_key = entity_key (owner_meta, owner);
  GValue *target_key = entity_key (target_meta, target);

  /* the values move into the array */
  g_array_append_val (links, owner_key[0]);
  g_array_append_val (links, target_key[0]);
  g_free (owner_key);
  g_free (target_key);
}

static void
clear_link (gpointer data)
{
  if (G_IS_VALUE ((GValue *)data))
    g_value_unset (data);
}

/* The pivot rows the many-to-many owners' collections added and removed
 * since their snapshots, one INSERT and one DELETE per relation. */
static gboolean
write_links (MikroEntityManager  *self,
             MikroDriver         *driver,
             GPtrArray           *owners,
             GError             **error)
{
  g_autoptr(GHashTable) inserts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
  g_autoptr(GHashTable) deletes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_array_unref);
  g_autoptr(GHashTable) owner_metas = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < owners->len; i++)
    {
      MikroEntity *owner = g_ptr_array_index (owners, i);
      MikroEntityMetadata *meta = _mikro_entity_get_tracking (owner)->meta;
      guint n_relations;
      const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

      for (guint r = 0; r < n_relations; r++)
        {
          const MikroRelationMeta *rel = &relations[r];
          g_autoptr(MikroCollection) collection = NULL;
          g_autoptr(GPtrArray) added = NULL;
          g_autoptr(GPtrArray) removed = NULL;
          GArray *to_insert, *to_delete;

          if (rel->kind != MIKRO_RELATION_MANY_TO_MANY || !rel->owner)
            continue;
          collection = get_collection (owner, rel->name);
          if (collection == NULL)
            continue;
          _mikro_collection_diff (collection, &added, &removed);
          if (added->len == 0 && removed->len == 0)
            continue;

          to_insert = g_hash_table_lookup (inserts, rel);
          if (to_insert == NULL)
            {
              to_insert = g_array_new (FALSE, TRUE, sizeof (GValue));
              g_array_set_clear_func (to_insert, clear_link);
              to_delete = g_array_new (FALSE, TRUE, sizeof (GValue));
              g_array_set_clear_func (to_delete, clear_link);
              g_hash_table_insert (inserts, (gpointer)rel, to_insert);
              g_hash_table_insert (deletes, (gpointer)rel, to_delete);
              g_hash_table_insert (owner_metas, (gpointer)rel, meta);
              g_ptr_array_add (order, (gpointer)rel);
            }
          to_delete = g_hash_table_lookup (deletes, rel);

          for (guint a = 0; a < added->len; a++)
            {
              MikroEntity *target = g_ptr_array_index (added, a);
              MikroEntityTracking *target_tracking = _mikro_entity_get_tracking (target);

              /* managed, or new and inserted by this flush already */
              if (target_tracking->em != self ||
                  (target_tracking->state != MIKRO_ENTITY_STATE_MANAGED &&
                   target_tracking->state != MIKRO_ENTITY_STATE_NEW))
                {
                  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                               _("A %s in the many-to-many “%s” of “%s” is not persisted: persist it, or let the relation cascade persist"),
                               G_OBJECT_TYPE_NAME (target), rel->name, G_OBJECT_TYPE_NAME (owner));
                  return FALSE;
                }
              append_link (to_insert, owner, meta, target, target_tracking->meta);
            }
          for (guint d = 0; d < removed->len; d++)
            {
              MikroEntity *target = g_ptr_array_index (removed, d);

              append_link (to_delete, owner, meta, target, _mikro_entity_get_tracking (target)->meta);
            }
        }
    }

  for (guint i = 0; i < order->len; i++)
    {
      const MikroRelationMeta *rel = g_ptr_array_index (order, i);
      MikroEntityMetadata *meta = g_hash_table_lookup (owner_metas, rel);
      GArray *to_delete = g_hash_table_lookup (deletes, rel);
      GArray *to_insert = g_hash_table_lookup (inserts, rel);

      if (!_mikro_driver_delete_links (driver, meta, rel, (GValue *)(gpointer)to_delete->data,
                                       to_delete->len / 2, error) ||
          !_mikro_driver_insert_links (driver, meta, rel, (GValue *)(gpointer)to_insert->data,
                                       to_insert->len / 2, error))
        return FALSE;
    }

  return TRUE;
}

static void
snapshot_collections (MikroEntity *entity)
{
  MikroEntityMetadata *meta = _mikro_entity_get_tracking (entity)->meta;
  guint n_relations;
  const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

  for (guint r = 0; r < n_relations; r++)
    {
      g_autoptr(MikroCollection) collection = NULL;

      /* a many-to-many owner's, for the pivot rows; a one-to-many's, for
       * orphan removal */
      if (relations[r].kind != MIKRO_RELATION_ONE_TO_MANY &&
          (relations[r].kind != MIKRO_RELATION_MANY_TO_MANY || !relations[r].owner))
        continue;
      collection = get_collection (entity, relations[r].name);
      if (collection != NULL)
        _mikro_collection_take_snapshot (collection);
    }
}

/* Orphan removal of a one-to-many: the items taken out of the collection
 * since it was loaded or flushed, unless another owner took them. */
static void
remove_collection_orphans (MikroEntityManager      *self,
                           MikroEntity             *owner,
                           const MikroRelationMeta *rel)
{
  g_autoptr(MikroCollection) collection = get_collection (owner, rel->name);
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;

  if (collection == NULL)
    return;
  _mikro_collection_diff (collection, &added, &removed);
  for (guint i = 0; i < removed->len; i++)
    {
      GObject *item = g_ptr_array_index (removed, i);
      MikroEntityTracking *tracking;

      if (!MIKRO_IS_ENTITY (item))
        continue;
      tracking = _mikro_entity_get_tracking (MIKRO_ENTITY (item));
      if (tracking->em != self || tracking->state != MIKRO_ENTITY_STATE_MANAGED)
        continue;
      if (rel->inverse != NULL)
        {
          g_autoptr(MikroEntity) now = get_related (MIKRO_ENTITY (item), rel->inverse->name);

          if (now != NULL && now != owner)
            continue;
        }
      remove_entity (self, MIKRO_ENTITY (item));
    }
}

/* The entity a to-one owner held when loaded or last flushed, if it holds
 * another one (or none) now: from the identity map, or a reference. */
static MikroEntity *
replaced_target (MikroEntityManager      *self,
                 MikroEntity             *entity,
                 const MikroRelationMeta *rel)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  const GValue *before = &tracking->snapshot[rel->column->index];
  g_autoptr(MikroEntity) now = NULL;
  MikroEntity *old;

  if (!_mikro_value_key_is_set (before))
    return NULL;
  now = get_related (entity, rel->name);
  if (now != NULL)
    {
      g_auto(GValue) key = G_VALUE_INIT;

      if (_mikro_value_read_stored (rel->column, G_OBJECT (entity), &key, NULL) &&
          _mikro_value_equal (rel->column, &key, before))
        return NULL;
    }

  old = identity_map_lookup_key (self, rel->target, before);
  if (old != NULL)
    return g_object_ref (old);
  return get_reference (self, rel->target, before);
}

/* Orphan removal (%MIKRO_PROPERTY_ORPHAN_REMOVAL): an entity taken out of
 * a one-to-many, or let go of by a one-to-one, is removed. Seen from the
 * changed entities: a one-to-many's collection lost items; a one-to-one
 * owner holds another entity than before; or the owner of a to-one whose
 * inverse side removes orphans now points at nothing. */
static void
remove_orphans (MikroEntityManager *self)
{
  for (guint i = 0; i < self->dirty->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (self->dirty, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
      const MikroRelationMeta *relations;
      guint n_relations;

      if (tracking->em != self || tracking->state != MIKRO_ENTITY_STATE_MANAGED)
        continue;

      relations = _mikro_entity_metadata_get_relations (tracking->meta, &n_relations);
      for (guint r = 0; r < n_relations && tracking->state == MIKRO_ENTITY_STATE_MANAGED; r++)
        {
          const MikroRelationMeta *rel = &relations[r];
          gboolean orphans = (mikro_property_get_flags (rel->property) & MIKRO_PROPERTY_ORPHAN_REMOVAL) != 0;
          guint index;

          if (rel->kind == MIKRO_RELATION_ONE_TO_MANY)
            {
              if (orphans && tracking->collections_dirty)
                remove_collection_orphans (self, entity, rel);
              continue;
            }
          if (rel->column == NULL)
            continue;
          index = rel->column->index;
          if (!tracking->all_dirty && (index >= 64 || !(tracking->dirty_mask & (G_GUINT64_CONSTANT (1) << index))))
            continue;

          if (orphans && rel->kind == MIKRO_RELATION_ONE_TO_ONE)
            {
              g_autoptr(MikroEntity) old = replaced_target (self, entity, rel);

              if (old != NULL)
                cascade_remove_one (self, G_OBJECT (old));
            }

          if (rel->inverse != NULL &&
              (mikro_property_get_flags (rel->inverse->property) & MIKRO_PROPERTY_ORPHAN_REMOVAL) &&
              _mikro_value_key_is_set (&tracking->snapshot[index]))
            {
              g_autoptr(MikroEntity) now = get_related (entity, rel->name);

              if (now == NULL)
                remove_entity (self, entity);
            }
        }
    }
}

/* Persistence by reachability, then the change sets of the changed
 * entities; run again when hooks or subscribers may have changed more. */
static gboolean
compute_changes (MikroEntityManager  *self,
                 GArray              *updates,
                 GError             **error)
{
  g_array_set_size (updates, 0);

  remove_orphans (self);

  /* from what is new or changed; the new entities it finds are walked
   * too */
  for (guint i = 0; i < self->dirty->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (self->dirty, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

      if (tracking->em == self && tracking->state == MIKRO_ENTITY_STATE_MANAGED &&
          !cascade_persist_from (self, entity, error))
        return FALSE;
    }
  for (guint i = 0; i < self->new_entities->len; i++)
    if (!cascade_persist_from (self, g_ptr_array_index (self->new_entities, i), error))
      return FALSE;

  for (guint i = 0; i < self->dirty->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (self->dirty, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
      ChangeSet cs = { 0, };

      if (tracking->em != self || tracking->state != MIKRO_ENTITY_STATE_MANAGED)
        continue;
      switch (compute_update (entity, &cs, error))
        {
        case 1:
          add_version_bump (&cs, tracking);
          g_array_append_val (updates, cs);
          break;
        case 0:
          break;
        default:
          return FALSE;
        }
    }

  return TRUE;
}

/* Tells the entity's class and the subscribers of @event. A refusal is an
 * error; after the fact (after-events) it can only be reported. */
static gboolean
emit_entity_event (MikroEntityManager  *self,
                   MikroEntity         *entity,
                   MikroEntityEvent     event,
                   gboolean            *ran,
                   GError             **error)
{
  MikroEntityClass *klass = MIKRO_ENTITY_GET_CLASS (entity);
  GPtrArray *subscribers = _mikro_orm_get_subscribers (self->orm);
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  if (klass->lifecycle != NULL)
    {
      ok = klass->lifecycle (entity, event, &local_error);
      if (ran != NULL)
        *ran = TRUE;
    }

  for (guint i = 0; ok && i < subscribers->len; i++)
    {
      MikroEventSubscriber *subscriber = g_ptr_array_index (subscribers, i);
      MikroEventSubscriberInterface *iface = MIKRO_EVENT_SUBSCRIBER_GET_IFACE (subscriber);

      if (iface->entity_event == NULL ||
          (iface->is_subscribed != NULL &&
           !iface->is_subscribed (subscriber, _mikro_entity_get_tracking (entity)->meta)))
        continue;
      ok = iface->entity_event (subscriber, event, entity, &local_error);
      if (ran != NULL)
        *ran = TRUE;
    }

  if (ok)
    return TRUE;

  if (local_error == NULL)
    {
      g_autoptr(GEnumClass) events = g_type_class_ref (MIKRO_TYPE_ENTITY_EVENT);

      g_set_error (&local_error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("The %s hook of this “%s” refused it"),
                   g_enum_get_value (events, event)->value_nick, G_OBJECT_TYPE_NAME (entity));
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
emit_before_events (MikroEntityManager  *self,
                    GArray              *updates,
                    gboolean            *ran,
                    GError             **error)
{
  for (guint i = 0; i < self->new_entities->len; i++)
    if (!emit_entity_event (self, g_ptr_array_index (self->new_entities, i),
                            MIKRO_ENTITY_EVENT_BEFORE_CREATE, ran, error))
      return FALSE;
  for (guint i = 0; i < updates->len; i++)
    if (!emit_entity_event (self, g_array_index (updates, ChangeSet, i).entity,
                            MIKRO_ENTITY_EVENT_BEFORE_UPDATE, ran, error))
      return FALSE;
  for (guint i = 0; i < self->removed->len; i++)
    if (!emit_entity_event (self, g_ptr_array_index (self->removed, i),
                            MIKRO_ENTITY_EVENT_BEFORE_DELETE, ran, error))
      return FALSE;
  return TRUE;
}

static void
emit_after_event (MikroEntityManager *self,
                  MikroEntity        *entity,
                  MikroEntityEvent    event)
{
  g_autoptr(GError) error = NULL;

  if (!emit_entity_event (self, entity, event, NULL, &error))
    g_warning ("An after-flush hook failed, after the flush committed: %s", error->message);
}

static void
emit_after_events (MikroEntityManager *self,
                   GArray             *inserts,
                   GArray             *updates,
                   GPtrArray          *removed)
{
  for (guint i = 0; i < inserts->len; i++)
    emit_after_event (self, g_array_index (inserts, ChangeSet, i).entity, MIKRO_ENTITY_EVENT_AFTER_CREATE);
  for (guint i = 0; i < updates->len; i++)
    emit_after_event (self, g_array_index (updates, ChangeSet, i).entity, MIKRO_ENTITY_EVENT_AFTER_UPDATE);
  for (guint i = 0; removed != NULL && i < removed->len; i++)
    emit_after_event (self, g_ptr_array_index (removed, i), MIKRO_ENTITY_EVENT_AFTER_DELETE);
}

typedef enum {
  FLUSH_BEFORE,
  FLUSH_ON,
  FLUSH_AFTER,
} FlushMoment;

static GStrv
change_set_properties (const ChangeSet *cs)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (cs->meta, &(guint){0});

  for (guint j = 0; j < cs->n_values; j++)
    g_strv_builder_add (names, props[cs->indices[j]].name);
  return g_strv_builder_end (names);
}

/* Tells the subscribers of a moment of the flush; at on-flush, with the
 * change sets computed. */
static gboolean
emit_flush_event (MikroEntityManager  *self,
                  FlushMoment          moment,
                  GArray              *updates,
                  GError             **error)
{
  GPtrArray *subscribers = _mikro_orm_get_subscribers (self->orm);
  g_autoptr(GListStore) change_sets = g_list_store_new (MIKRO_TYPE_CHANGE_SET);
  g_autoptr(MikroFlushEvent) event = NULL;

  if (moment == FLUSH_ON)
    {
      for (guint i = 0; i < self->new_entities->len; i++)
        {
          MikroEntity *entity = g_ptr_array_index (self->new_entities, i);
          MikroEntityMetadata *meta = _mikro_entity_get_tracking (entity)->meta;
          g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
          guint n_props;
          const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
          g_autoptr(MikroChangeSet) cs = NULL;

          for (guint p = 0; p < n_props; p++)
            if (props[p].pspec != NULL || props[p].embedded != NULL)
              g_strv_builder_add (names, props[p].name);
          cs = _mikro_change_set_new (entity, MIKRO_CHANGE_SET_CREATE, g_strv_builder_end (names));
          g_list_store_append (change_sets, cs);
        }
      for (guint i = 0; i < updates->len; i++)
        {
          const ChangeSet *update = &g_array_index (updates, ChangeSet, i);
          g_autoptr(MikroChangeSet) cs = _mikro_change_set_new (update->entity, MIKRO_CHANGE_SET_UPDATE,
                                                                change_set_properties (update));

          g_list_store_append (change_sets, cs);
        }
      for (guint i = 0; i < self->removed->len; i++)
        {
          g_autoptr(MikroChangeSet) cs = _mikro_change_set_new (g_ptr_array_index (self->removed, i),
                                                                MIKRO_CHANGE_SET_DELETE, NULL);

          g_list_store_append (change_sets, cs);
        }
    }

  event = _mikro_flush_event_new (self, change_sets);
  for (guint i = 0; i < subscribers->len; i++)
    {
      MikroEventSubscriber *subscriber = g_ptr_array_index (subscribers, i);
      MikroEventSubscriberInterface *iface = MIKRO_EVENT_SUBSCRIBER_GET_IFACE (subscriber);
      g_autoptr(GError) local_error = NULL;
      gboolean ok = TRUE;

      switch (moment)
        {
        case FLUSH_BEFORE:
          if (iface->before_flush != NULL)
            ok = iface->before_flush (subscriber, event, &local_error);
          break;
        case FLUSH_ON:
          if (iface->on_flush != NULL)
            ok = iface->on_flush (subscriber, event, &local_error);
          break;
        case FLUSH_AFTER:
        default:
          if (iface->after_flush != NULL)
            iface->after_flush (subscriber, event);
          break;
        }

      if (!ok)
        {
          if (local_error == NULL)
            g_set_error (&local_error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                         _("The event subscriber %s refused the flush"), G_OBJECT_TYPE_NAME (subscriber));
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * mikro_entity_manager_flush:
 * @self: an entity manager
 * @error: return location for a #GError
 *
 * Writes every pending change in one transaction: inserts of persisted
 * entities (their generated keys are written back), updates of the changed
 * columns of managed entities, deletes of removed ones. With nothing to
 * write, no transaction is opened and no statement is sent.
 *
 * If a statement fails the transaction is rolled back, keys generated
 * during the attempt are cleared, and every change stays pending, so
 * correcting the cause and flushing again succeeds.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_flush (MikroEntityManager  *self,
                            GError             **error)
{
  g_autoptr(GArray) inserts = NULL;
  g_autoptr(GArray) updates = NULL;
  g_autoptr(GError) rollback_error = NULL;
  g_autoptr(GPtrArray) pending_list = NULL;
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(GArray) deferred = NULL;
  g_autoptr(GPtrArray) collection_owners = NULL;
  g_autoptr(GPtrArray) removed_entities = NULL;
  MikroDriver *driver;
  GPtrArray *subscribers;
  gboolean collections_changed = FALSE;
  gboolean hooks_ran = FALSE;
  guint n_keys;
  guint n_inserted = 0;
  guint batch_size;
  gboolean ok;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_mikro_entity_manager_check_idle (self, error))
    return FALSE;

  inserts = g_array_new (FALSE, TRUE, sizeof (ChangeSet));
  g_array_set_clear_func (inserts, change_set_clear);
  updates = g_array_new (FALSE, TRUE, sizeof (ChangeSet));
  g_array_set_clear_func (updates, change_set_clear);

  subscribers = _mikro_orm_get_subscribers (self->orm);
  if (subscribers->len > 0 && !emit_flush_event (self, FLUSH_BEFORE, NULL, error))
    return FALSE;

  if (!compute_changes (self, updates, error))
    return FALSE;

  /* on-flush subscribers see the change sets and may add to them */
  if (subscribers->len > 0)
    {
      if (!emit_flush_event (self, FLUSH_ON, updates, error) ||
          !compute_changes (self, updates, error))
        return FALSE;
    }

  /* the entities' own hooks, and the subscribers', before anything is
   * written: what they change is written too */
  if (!emit_before_events (self, updates, &hooks_ran, error))
    return FALSE;
  if (hooks_ran && !compute_changes (self, updates, error))
    return FALSE;

  for (guint i = 0; i < self->dirty->len; i++)
    collections_changed |= _mikro_entity_get_tracking (g_ptr_array_index (self->dirty, i))->collections_dirty;

  if (self->new_entities->len == 0 && updates->len == 0 && self->removed->len == 0 && !collections_changed)
    {
      /* Set back to their original values: nothing to write, and they are
       * clean again. */
      for (guint i = 0; i < self->dirty->len; i++)
        {
          MikroEntityTracking *tracking = _mikro_entity_get_tracking (g_ptr_array_index (self->dirty, i));

          tracking->dirty_mask = 0;
          tracking->all_dirty = FALSE;
          tracking->queued = FALSE;
          tracking->collections_dirty = FALSE;
        }
      g_ptr_array_set_size (self->dirty, 0);
      return TRUE;
    }

  driver = get_driver (self, error);
  if (driver == NULL)
    return FALSE;
  batch_size = mikro_orm_get_batch_size (self->orm);

  if (!_mikro_driver_begin (driver, error))
    return FALSE;

  /* Inserts in waves: an entity goes in once the new entities it points at
   * have their keys; each wave is one batch per entity type. */
  /* borrowed: g_ptr_array_copy() would take the free function */
  pending_list = g_ptr_array_sized_new (self->new_entities->len);
  g_ptr_array_extend (pending_list, self->new_entities, NULL, NULL);
  pending = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < pending_list->len; i++)
    g_hash_table_add (pending, g_ptr_array_index (pending_list, i));
  deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));

  while (pending_list->len > 0)
    {
      g_autoptr(GPtrArray) wave = next_insert_wave (pending_list, pending, deferred, error);
      guint wave_start = inserts->len;

      if (wave == NULL)
        goto failed;

      for (guint i = 0; i < wave->len; i++)
        {
          MikroEntity *entity = g_ptr_array_index (wave, i);
          MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
          const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (tracking->meta);
          ChangeSet cs = { 0, };

          g_hash_table_remove (pending, entity);
          g_ptr_array_remove (pending_list, entity);

          cs.entity = entity;
          cs.meta = tracking->meta;
          cs.values = read_values (entity, tracking->meta, error);
          if (cs.values == NULL)
            goto failed;
          _mikro_entity_metadata_get_props (tracking->meta, &cs.n_values);

          /* a new versioned entity starts at version 1 */
          if (version != NULL && value_as_int64 (&cs.values[version->index]) == 0)
            {
              set_from_int64 (&cs.values[version->index], 1);
              cs.first_version = TRUE;
            }

          /* a deferred join column is written NULL now, its key later */
          for (guint d = 0; d < deferred->len; d++)
            {
              Deferred *def = &g_array_index (deferred, Deferred, d);

              if (def->entity != entity)
                continue;
              g_value_reset (&cs.values[def->prop->index]);
              def->insert = inserts->len;
            }

          g_array_append_val (inserts, cs);
        }

      /* runs of one entity type, at most batch-size rows per statement */
      for (guint start = wave_start; start < inserts->len; )
        {
          ChangeSet *first = &g_array_index (inserts, ChangeSet, start);
          g_autofree GValue **rows = NULL;
          guint end = start;

          while (end < inserts->len && end - start < batch_size &&
                 g_array_index (inserts, ChangeSet, end).meta == first->meta)
            end++;

          rows = g_new (GValue *, end - start);
          for (guint i = start; i < end; i++)
            {
              ChangeSet *cs = &g_array_index (inserts, ChangeSet, i);
              const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (cs->meta);

              cs->generated_pk = (pk->flags & MIKRO_PROPERTY_GENERATED) &&
                                 !_mikro_value_key_is_set (&cs->values[pk->index]);
              rows[i - start] = cs->values;
            }

          if (!_mikro_driver_insert_many (driver, first->meta, rows, end - start, error))
            goto failed;

          for (guint i = start; i < end; i++)
            {
              ChangeSet *cs = &g_array_index (inserts, ChangeSet, i);
              const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (cs->meta);

              if (cs->generated_pk)
                set_values_quietly (self, cs->entity, _mikro_entity_metadata_get_props (cs->meta, &(guint){0}),
                                    &pk->index, &cs->values[pk->index], 1, NULL);
              if (cs->first_version)
                {
                  const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (cs->meta);

                  set_values_quietly (self, cs->entity, _mikro_entity_metadata_get_props (cs->meta, &(guint){0}),
                                      &version->index, &cs->values[version->index], 1, NULL);
                }
            }
          n_inserted = end;
          start = end;
        }
    }

  /* the join columns that closed cycles, now that every key exists */
  for (guint d = 0; d < deferred->len; d++)
    {
      Deferred *def = &g_array_index (deferred, Deferred, d);
      ChangeSet *cs = &g_array_index (inserts, ChangeSet, def->insert);
      g_auto(GValue) key = G_VALUE_INIT;
      GValue *pk;
      MikroUpdate update = { 0, };

      if (!_mikro_value_read_stored (def->prop, G_OBJECT (def->entity), &key, error))
        goto failed;
      pk = entity_key (cs->meta, def->entity);
      update.pk = pk;
      update.props = &def->prop->index;
      update.values = &key;
      update.n_values = 1;
      ok = _mikro_driver_update_many (driver, cs->meta, &update, 1, error);
      key_free (pk, n_key_columns (cs->meta));
      if (!ok)
        goto failed;
      g_value_copy (&key, &cs->values[def->prop->index]);
    }

  /* a join column of an update pointing at an entity this flush inserted:
   * its key exists only now */
  for (guint i = 0; i < updates->len; i++)
    {
      ChangeSet *cs = &g_array_index (updates, ChangeSet, i);
      const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (cs->meta, &(guint){0});

      for (guint j = 0; j < cs->n_values; j++)
        if (props[cs->indices[j]].relation != NULL && !_mikro_value_key_is_set (&cs->values[j]))
          {
            g_value_unset (&cs->values[j]);
            if (!_mikro_value_read_stored (&props[cs->indices[j]], G_OBJECT (cs->entity),
                                           &cs->values[j], error))
              goto failed;
          }
    }

  for (guint start = 0; start < updates->len; )
    {
      ChangeSet *first = &g_array_index (updates, ChangeSet, start);
      g_autoptr(GArray) batch = g_array_new (FALSE, TRUE, sizeof (MikroUpdate));
      g_autofree GValue *pks = NULL;
      guint end = start;

      /* updates come in first-change order: gather the rest of this type */
      while (end < updates->len && end - start < batch_size &&
             g_array_index (updates, ChangeSet, end).meta == first->meta)
        end++;
      /* versioned rows are checked one by one (see _mikro_driver_update_many()) */

      n_keys = n_key_columns (first->meta);
      pks = g_new0 (GValue, (end - start) * n_keys);
      for (guint i = start; i < end; i++)
        {
          ChangeSet *cs = &g_array_index (updates, ChangeSet, i);
          MikroUpdate update;

          pk_value (cs->entity, cs->meta, &pks[(i - start) * n_keys]);
          update.pk = &pks[(i - start) * n_keys];
          update.props = cs->indices;
          update.values = cs->values;
          update.n_values = cs->n_values;
          update.expected_version = G_IS_VALUE (&cs->expected_version) ? &cs->expected_version : NULL;
          g_array_append_val (batch, update);
        }

      ok = _mikro_driver_update_many (driver, first->meta, (MikroUpdate *)(gpointer)batch->data,
                                      batch->len, error);
      for (guint i = 0; i < (end - start) * n_keys; i++)
        if (G_IS_VALUE (&pks[i]))
          g_value_unset (&pks[i]);
      if (!ok)
        goto failed;
      start = end;
    }

  /* pivot rows, now that both sides of each exist */
  collection_owners = collect_collection_owners (self, inserts);
  if (!write_links (self, driver, collection_owners, error))
    goto failed;

  order_removed (self);
  for (guint start = 0; start < self->removed->len; )
    {
      MikroEntityMetadata *meta = _mikro_entity_get_tracking (g_ptr_array_index (self->removed, start))->meta;
      g_autofree GValue *pks = NULL;
      guint end = start;

      while (end < self->removed->len && end - start < batch_size &&
             _mikro_entity_get_tracking (g_ptr_array_index (self->removed, end))->meta == meta)
        end++;

      n_keys = n_key_columns (meta);
      pks = g_new0 (GValue, (end - start) * n_keys);
      for (guint i = start; i < end; i++)
        pk_value (g_ptr_array_index (self->removed, i), meta, &pks[(i - start) * n_keys]);

      ok = _mikro_driver_delete_many (driver, meta, pks, end - start, error);
      for (guint i = 0; i < (end - start) * n_keys; i++)
        if (G_IS_VALUE (&pks[i]))
          g_value_unset (&pks[i]);
      if (!ok)
        goto failed;
      start = end;
    }

  if (!_mikro_driver_commit (driver, error))
    goto failed;

  /* Committed: the snapshots now describe the database. */
  for (guint i = 0; i < inserts->len; i++)
    {
      ChangeSet *cs = &g_array_index (inserts, ChangeSet, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (cs->entity);

      tracking->state = MIKRO_ENTITY_STATE_MANAGED;
      _mikro_entity_set_snapshot (cs->entity, g_steal_pointer (&cs->values));
      cs->n_values = 0;
      if (!tracking->in_identity_map)
        identity_map_add (self, cs->entity, cs->meta);
      _mikro_entity_watch_embedded (cs->entity);
    }
  g_ptr_array_set_size (self->new_entities, 0);

  for (guint i = 0; i < updates->len; i++)
    {
      ChangeSet *cs = &g_array_index (updates, ChangeSet, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (cs->entity);

      if (G_IS_VALUE (&cs->expected_version))
        {
          const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (cs->meta);

          for (guint j = 0; j < cs->n_values; j++)
            if (cs->indices[j] == version->index)
              set_values_quietly (self, cs->entity, _mikro_entity_metadata_get_props (cs->meta, &(guint){0}),
                                  &version->index, &cs->values[j], 1, NULL);
        }

      for (guint j = 0; j < cs->n_values; j++)
        {
          GValue *slot = &tracking->snapshot[cs->indices[j]];

          if (G_IS_VALUE (slot))
            g_value_unset (slot);
          if (!G_IS_VALUE (&cs->values[j]))
            continue;
          g_value_init (slot, G_VALUE_TYPE (&cs->values[j]));
          g_value_copy (&cs->values[j], slot);
        }
    }
  for (guint i = 0; i < collection_owners->len; i++)
    snapshot_collections (g_ptr_array_index (collection_owners, i));
  for (guint i = 0; i < self->dirty->len; i++)
    {
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (g_ptr_array_index (self->dirty, i));

      tracking->dirty_mask = 0;
      tracking->all_dirty = FALSE;
      tracking->queued = FALSE;
      tracking->collections_dirty = FALSE;
    }
  g_ptr_array_set_size (self->dirty, 0);

  removed_entities = g_ptr_array_copy (self->removed, (GCopyFunc)(void (*) (void))g_object_ref, NULL);
  forget_deleted (self, self->removed);
  for (guint i = 0; i < self->removed->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (self->removed, i);
      MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

      identity_map_remove (self, entity, tracking->meta);
      release_inverse_sides (entity);
      detach (entity, MIKRO_ENTITY_STATE_DETACHED);
    }
  g_ptr_array_set_size (self->removed, 0);

  emit_after_events (self, inserts, updates, removed_entities);
  if (subscribers->len > 0)
    emit_flush_event (self, FLUSH_AFTER, NULL, NULL);

  return TRUE;

failed:
  if (!_mikro_driver_rollback (driver, &rollback_error))
    g_warning ("Rolling back the failed flush failed too: %s", rollback_error->message);

  /* Keys generated in the rolled-back transaction do not exist: clear them
   * so that the retry inserts again. */
  for (guint i = 0; i < n_inserted; i++)
    {
      ChangeSet *cs = &g_array_index (inserts, ChangeSet, i);
      const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (cs->meta);
      g_auto(GValue) unset = G_VALUE_INIT;

      if (cs->first_version)
        {
          const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (cs->meta);
          g_auto(GValue) zero = G_VALUE_INIT;

          g_value_init (&zero, version->value_type);
          set_values_quietly (self, cs->entity, _mikro_entity_metadata_get_props (cs->meta, &(guint){0}),
                              &version->index, &zero, 1, NULL);
        }

      if (!cs->generated_pk)
        continue;

      g_value_init (&unset, pk->value_type);
      set_values_quietly (self, cs->entity, _mikro_entity_metadata_get_props (cs->meta, &(guint){0}),
                          &pk->index, &unset, 1, NULL);
    }

  return FALSE;
}

/* One value given by the application as the value of a key column. */
static gboolean
convert_key_value (MikroEntityMetadata      *meta,
                   const MikroPropertyMeta  *prop,
                   const GValue             *pk,
                   GValue                   *converted,
                   GError                  **error)
{
  g_value_init (converted, prop->value_type);
  if (G_VALUE_TYPE (pk) == prop->value_type)
    {
      g_value_copy (pk, converted);
      return TRUE;
    }

  /* JavaScript passes every number as a double: accept whole numbers, but
   * never round 1.7 to key 1, nor take TRUE for key 1. */
  if (G_VALUE_HOLDS_DOUBLE (pk) || G_VALUE_HOLDS_FLOAT (pk))
    {
      double d = G_VALUE_HOLDS_DOUBLE (pk) ? g_value_get_double (pk) : g_value_get_float (pk);

      if ((prop->kind == MIKRO_VALUE_INT || prop->kind == MIKRO_VALUE_INT64) &&
          d == (double)(gint64)d && d >= -9007199254740992.0 && d <= 9007199254740992.0)
        {
          GValue as_int = G_VALUE_INIT;
          gboolean ok;

          g_value_init (&as_int, G_TYPE_INT64);
          g_value_set_int64 (&as_int, (gint64)d);
          ok = g_value_transform (&as_int, converted);
          g_value_unset (&as_int);
          if (ok)
            return TRUE;
        }
      goto invalid;
    }

  if (G_VALUE_HOLDS_BOOLEAN (pk) ||
      !g_value_type_transformable (G_VALUE_TYPE (pk), prop->value_type) ||
      !g_value_transform (pk, converted) ||
      (G_VALUE_HOLDS_STRING (pk) != G_VALUE_HOLDS_STRING (converted)))
    goto invalid;

  return TRUE;

invalid:
  g_value_unset (converted);
  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
               _("A %s is not a primary key of entity “%s”, whose key “%s” is a %s"),
               g_type_name (G_VALUE_TYPE (pk)),
               g_type_name (mikro_entity_metadata_get_entity_type (meta)),
               prop->name, g_type_name (prop->value_type));
  return FALSE;
}

/* A key given by the application: a value for a key of one column, a
 * GVariant tuple with a value per column for a composite key. Returns
 * n_key_columns() values to free with key_free(), or NULL. */
static GValue *
convert_key (MikroEntityMetadata  *meta,
             const GValue         *pk,
             GError              **error)
{
  guint n_keys;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  GValue *key = g_new0 (GValue, n_keys);
  GVariant *tuple;

  if (n_keys == 1)
    {
      if (!convert_key_value (meta, &props[keys[0]], pk, &key[0], error))
        {
          g_free (key);
          return NULL;
        }
      return key;
    }

  tuple = G_VALUE_HOLDS_VARIANT (pk) ? g_value_get_variant (pk) : NULL;
  if (tuple == NULL || !g_variant_is_of_type (tuple, G_VARIANT_TYPE_TUPLE) ||
      g_variant_n_children (tuple) != n_keys)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Entity “%s” has a composite primary key of %u columns: give it as a GVariant tuple of %u values"),
                   g_type_name (mikro_entity_metadata_get_entity_type (meta)), n_keys, n_keys);
      g_free (key);
      return NULL;
    }

  for (guint i = 0; i < n_keys; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (tuple, i);
      g_auto(GValue) given = G_VALUE_INIT;

      g_dbus_gvariant_to_gvalue (child, &given);
      if (!convert_key_value (meta, &props[keys[i]], &given, &key[i], error))
        {
          key_free (key, n_keys);
          return NULL;
        }
    }

  return key;
}

/* In a single-table hierarchy a query on a type finds the rows of that
 * type and of the types deriving from it: the discriminator is among the
 * conditions. Returns @filter itself, or a new node holding it (borrowed)
 * that release_scope() frees. */
static MikroFilterNode *
scope_to_type (MikroEntityMetadata *meta,
               MikroFilterNode     *filter)
{
  MikroEntityMetadata *table = _mikro_entity_metadata_get_table_meta (meta);
  MikroFilterNode *node;

  /* outside a hierarchy, or its root: every row */
  if (table == meta || mikro_entity_metadata_get_entity_type (meta) == _mikro_entity_metadata_get_root_type (meta))
    return filter;

  node = _mikro_filter_new_in_strings (_mikro_entity_metadata_get_discriminator (table),
                                       _mikro_entity_metadata_get_discriminator_values (meta));
  if (filter == NULL)
    return node;
  return _mikro_filter_new_and (node, filter);
}

static void
release_scope (MikroFilterNode *scoped,
               MikroFilterNode *filter)
{
  if (scoped == filter)
    return;
  if (filter != NULL)
    g_ptr_array_steal_index (scoped->children, 1);
  _mikro_filter_node_free (scoped);
}

/* A row of the table of @meta, hydrated as the entity type it is: in a
 * single-table hierarchy the one its discriminator names, with the row's
 * columns picked for it. */
static MikroEntity *
hydrate_row (MikroEntityManager   *self,
             MikroEntityMetadata  *meta,
             MikroRow             *row,
             GError              **error)
{
  MikroEntityMetadata *table = _mikro_entity_metadata_get_table_meta (meta);
  const MikroPropertyMeta *discriminator;
  g_autoptr(MikroRow) picked = NULL;
  MikroEntityMetadata *concrete;
  const char *value;
  guint n_props;
  const MikroPropertyMeta *props;

  if (table == meta)
    return hydrate (self, meta, row, error);

  discriminator = _mikro_entity_metadata_get_discriminator (table);
  value = g_value_get_string (&row->values[discriminator->index]);
  concrete = _mikro_entity_metadata_find_by_discriminator (table, value);
  if (concrete == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("A row of table “%s” has the discriminator value “%s”, which no entity type of the hierarchy of “%s” has"),
                   mikro_entity_metadata_get_table (table), value != NULL ? value : "NULL",
                   g_type_name (_mikro_entity_metadata_get_root_type (meta)));
      return NULL;
    }

  props = _mikro_entity_metadata_get_props (concrete, &n_props);
  picked = _mikro_row_new (concrete);
  for (guint i = 0; i < n_props; i++)
    {
      if (G_IS_VALUE (&row->values[props[i].table_index]))
        g_value_copy (&row->values[props[i].table_index], &picked->values[i]);
      else
        g_value_unset (&picked->values[i]);
    }

  return hydrate (self, concrete, picked, error);
}

static GPtrArray *find_entities (MikroEntityManager  *self,
                                  MikroEntityMetadata *meta,
                                  MikroFilterNode     *filter,
                                  gint64               limit,
                                  GError             **error);

static gboolean
is_eager (const MikroRelationMeta *rel)
{
  return (mikro_property_get_flags (rel->property) & MIKRO_PROPERTY_EAGER) != 0;
}

/* The keys of @entities, one column each, appended to @keys. */
static void
append_keys (GArray    *keys,
             GPtrArray *entities)
{
  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (entities, i);
      GValue *key = entity_key (_mikro_entity_get_tracking (entity)->meta, entity);

      g_array_append_val (keys, key[0]);   /* the value moves */
      g_free (key);
    }
}

static GArray *
key_array (void)
{
  GArray *keys = g_array_new (FALSE, TRUE, sizeof (GValue));

  g_array_set_clear_func (keys, clear_link);
  return keys;
}

/* The collections of @owners, loaded with their items in
 * @items_by_owner (none when an owner is not there). */
static void
set_collections_loaded (GPtrArray               *owners,
                        const MikroRelationMeta *rel,
                        GHashTable              *items_by_owner)
{
  for (guint i = 0; i < owners->len; i++)
    {
      MikroEntity *owner = g_ptr_array_index (owners, i);
      g_autoptr(MikroCollection) collection = get_collection (owner, rel->name);
      GPtrArray *items = g_hash_table_lookup (items_by_owner, owner);
      g_autoptr(GPtrArray) none = NULL;

      if (items == NULL)
        items = none = g_ptr_array_new ();
      _mikro_collection_set_loaded (collection, items);
    }
}

static void
group_item (GHashTable  *items_by_owner,
            MikroEntity *owner,
            MikroEntity *item)
{
  GPtrArray *items = g_hash_table_lookup (items_by_owner, owner);

  if (items == NULL)
    {
      items = g_ptr_array_new ();
      g_hash_table_insert (items_by_owner, owner, items);
    }
  /* a row per pair: no item comes twice */
  g_ptr_array_add (items, item);
}

/* One eager relation of @entities, which are of one entity type or of
 * one single-table hierarchy: a query for all of them. */
static gboolean
load_eager_relation (MikroEntityManager       *self,
                     const MikroRelationMeta  *rel,
                     GPtrArray                *entities,
                     GError                  **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) keys = key_array ();
  g_autoptr(MikroFilterNode) filter = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) items_by_owner = NULL;

  /* a to-one owner: the references among the targets, by key */
  if (rel->owner && rel->column != NULL)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < entities->len; i++)
        {
          g_autoptr(MikroEntity) related = get_related (g_ptr_array_index (entities, i), rel->name);

          if (related != NULL && !mikro_entity_is_initialized (related) &&
              g_hash_table_add (seen, related))
            g_ptr_array_add (pending, g_steal_pointer (&related));
        }
      if (pending->len == 0)
        return TRUE;
      append_keys (keys, pending);
      filter = _mikro_filter_new_in_values (_mikro_entity_metadata_get_pk (rel->target),
                                            (GValue *)(gpointer)keys->data, keys->len, 1);
      found = find_entities (self, rel->target, filter, -1, error);
      return found != NULL;
    }

  /* the other sides: the entities whose side is not known yet */
  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (entities, i);

      if (rel->kind == MIKRO_RELATION_ONE_TO_ONE)
        {
          g_autoptr(MikroEntity) related = get_related (entity, rel->name);

          if (related != NULL)
            continue;
        }
      else
        {
          g_autoptr(MikroCollection) collection = get_collection (entity, rel->name);

          if (collection == NULL || mikro_collection_is_initialized (collection))
            continue;
        }
      g_ptr_array_add (pending, g_object_ref (entity));
    }
  if (pending->len == 0)
    return TRUE;
  append_keys (keys, pending);
  items_by_owner = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);

  if (rel->kind == MIKRO_RELATION_MANY_TO_MANY)
    {
      /* the pivot rows of every owner, then every target in one query */
      const MikroRelationMeta *owning = rel->owner ? rel : rel->inverse;
      MikroEntityMetadata *this_meta = _mikro_entity_get_tracking (g_ptr_array_index (pending, 0))->meta;
      MikroEntityMetadata *owner_meta = rel->owner ? this_meta : rel->target;
      MikroDriver *driver = get_driver (self, error);
      g_autoptr(GArray) links = NULL;

      if (driver == NULL)
        return FALSE;
      links = _mikro_driver_find_links (driver, owner_meta, owning, (GValue *)(gpointer)keys->data,
                                        keys->len, !rel->owner, error);
      if (links == NULL)
        return FALSE;
      /* the targets not loaded yet, each once */
      {
        g_autoptr(GArray) wanted = key_array ();
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

        for (guint i = 0; i + 1 < links->len; i += 2)
          {
            const GValue *other = &g_array_index (links, GValue, i + (rel->owner ? 1 : 0));
            MikroEntity *known = identity_map_lookup_key (self, rel->target, other);
            GValue copy = G_VALUE_INIT;

            if (known != NULL && mikro_entity_is_initialized (known))
              continue;
            /* a relation's target has a key of one column */
            if (!g_hash_table_add (seen, g_strdup_value_contents (other)))
              continue;
            g_value_init (&copy, G_VALUE_TYPE (other));
            g_value_copy (other, &copy);
            g_array_append_val (wanted, copy);
          }
        if (wanted->len > 0)
          {
            filter = _mikro_filter_new_in_values (_mikro_entity_metadata_get_pk (rel->target),
                                                  (GValue *)(gpointer)wanted->data, wanted->len, 1);
            found = find_entities (self, rel->target, filter, -1, error);
            if (found == NULL)
              return FALSE;
          }
      }
      /* in pivot order, each pair's two entities from the identity map */
      for (guint i = 0; i + 1 < links->len; i += 2)
        {
          const GValue *mine = &g_array_index (links, GValue, i + (rel->owner ? 0 : 1));
          const GValue *other = &g_array_index (links, GValue, i + (rel->owner ? 1 : 0));
          MikroEntity *owner = identity_map_lookup_key (self, this_meta, mine);
          MikroEntity *item = identity_map_lookup_key (self, rel->target, other);

          if (owner != NULL && item != NULL)
            group_item (items_by_owner, owner, item);
        }
      set_collections_loaded (pending, rel, items_by_owner);
      return TRUE;
    }

  /* a one-to-many or the inverse of a one-to-one: the targets whose
   * owning side points at one of the entities */
  filter = _mikro_filter_new_in_values (rel->inverse->column, (GValue *)(gpointer)keys->data, keys->len, 1);
  found = find_entities (self, rel->target, filter, -1, error);
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      MikroEntity *item = g_ptr_array_index (found, i);
      g_autoptr(MikroEntity) owner = get_related (item, rel->inverse->name);

      if (owner != NULL)
        group_item (items_by_owner, owner, item);
    }

  if (rel->kind == MIKRO_RELATION_ONE_TO_MANY)
    {
      set_collections_loaded (pending, rel, items_by_owner);
      return TRUE;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      MikroEntity *owner = g_ptr_array_index (pending, i);
      GPtrArray *items = g_hash_table_lookup (items_by_owner, owner);

      if (items == NULL)
        continue;
      /* told in the caller's thread when asynchronous */
      g_object_freeze_notify (G_OBJECT (owner));
      g_object_set (owner, rel->name, g_ptr_array_index (items, 0), NULL);
      _mikro_entity_manager_thaw_notify (owner);
    }
  return TRUE;
}

/* Eager relations (%MIKRO_PROPERTY_EAGER) are loaded with the entities
 * every query returns, one query per relation and level (select-in), as
 * in MikroORM. What is known already is not asked for again, which also
 * ends cycles of eager relations. */
static gboolean
load_eager (MikroEntityManager  *self,
            GPtrArray           *entities,
            GError             **error)
{
  g_autoptr(GHashTable) by_relation = NULL;
  g_autoptr(GPtrArray) order = NULL;
  MikroEntityMetadata *plain = NULL;   /* a type seen without eager relations */

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (entities, i);
      MikroEntityMetadata *meta = _mikro_entity_get_tracking (entity)->meta;
      guint n_relations;
      const MikroRelationMeta *relations;
      gboolean any = FALSE;

      if (meta == plain)
        continue;
      relations = _mikro_entity_metadata_get_relations (meta, &n_relations);
      for (guint r = 0; r < n_relations; r++)
        {
          GPtrArray *owners;

          if (!is_eager (&relations[r]))
            continue;
          any = TRUE;
          if (by_relation == NULL)
            {
              by_relation = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
              order = g_ptr_array_new ();
            }
          owners = g_hash_table_lookup (by_relation, relations[r].pspec);
          if (owners == NULL)
            {
              owners = g_ptr_array_new ();
              g_hash_table_insert (by_relation, relations[r].pspec, owners);
              g_ptr_array_add (order, (gpointer)&relations[r]);
            }
          g_ptr_array_add (owners, entity);
        }
      if (!any)
        plain = meta;
    }

  for (guint i = 0; order != NULL && i < order->len; i++)
    {
      const MikroRelationMeta *rel = g_ptr_array_index (order, i);
      gboolean ok;

      /* a relation loading already, further up: a cycle of eager
       * relations (tag.books and book.tags) stops here */
      if (!g_hash_table_add (self->eager_loading, rel->pspec))
        continue;
      ok = load_eager_relation (self, rel, g_hash_table_lookup (by_relation, rel->pspec), error);
      g_hash_table_remove (self->eager_loading, rel->pspec);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
find_entities (MikroEntityManager  *self,
               MikroEntityMetadata   *meta,
               MikroFilterNode     *filter,
               gint64               limit,
               GError             **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  MikroFilterNode *scoped;
  GPtrArray *entities;
  MikroDriver *driver;

  driver = get_driver (self, error);
  if (driver == NULL)
    return NULL;

  scoped = scope_to_type (meta, filter);
  rows = _mikro_driver_find (driver, _mikro_entity_metadata_get_table_meta (meta), scoped, limit, FALSE, error);
  release_scope (scoped, filter);
  if (rows == NULL)
    return NULL;

  entities = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      MikroEntity *entity = hydrate_row (self, meta, g_ptr_array_index (rows, i), error);

      if (entity == NULL)
        {
          g_ptr_array_unref (entities);
          return NULL;
        }
      g_ptr_array_add (entities, entity);
    }

  if (!load_eager (self, entities, error))
    {
      g_ptr_array_unref (entities);
      return NULL;
    }
  return entities;
}

/**
 * mikro_entity_manager_get_reference:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @primary_key: the primary key; integers of any width are converted to
 *   the key's type
 * @error: return location for a #GError
 *
 * Returns the entity with @primary_key without a query (MikroORM's
 * `em.getReference()`): the one in the identity map, or a reference that
 * knows only its key ([method@Mikro.Entity.is_initialized] is %FALSE)
 * until a query loads its row. A reference is managed: setting it as the
 * many-to-one of another entity writes its key, and removing it deletes
 * its row.
 *
 * Returns: (transfer full): the entity, or %NULL if @primary_key is not a
 *   key of @entity_type
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_get_reference (MikroEntityManager  *self,
                                    GType                entity_type,
                                    const GValue        *primary_key,
                                    GError             **error)
{
  GValue *pk;
  MikroEntityMetadata *meta;
  MikroEntity *entity;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (G_IS_VALUE (primary_key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  meta = get_meta (self, entity_type, error);
  if (meta == NULL)
    return NULL;

  pk = convert_key (meta, primary_key, error);
  if (pk == NULL)
    return NULL;
  if (!key_is_set (pk, n_key_columns (meta)))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("A reference to entity “%s” needs a primary key that is set"),
                   g_type_name (entity_type));
      key_free (pk, n_key_columns (meta));
      return NULL;
    }

  entity = get_reference (self, meta, pk);
  key_free (pk, n_key_columns (meta));
  return entity;
}

static MikroRow *read_entity_row (MikroEntityManager  *self,
                                  MikroEntity         *entity,
                                  GPtrArray          **rows,
                                  GError             **error);

/* A lazy property of a loaded entity: its column read now, unless it was
 * read or set already. */
static gboolean
populate_lazy (MikroEntityManager       *self,
               MikroEntity              *entity,
               const MikroPropertyMeta  *prop,
               GError                  **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (tracking->meta, &n_props);
  guint index = prop->index;
  g_autoptr(GPtrArray) rows = NULL;
  MikroRow *row;

  /* a reference: loading it reads the lazy columns too */
  if (tracking->uninitialized)
    return mikro_entity_manager_refresh (self, entity, error);
  if (tracking->snapshot == NULL || G_IS_VALUE (&tracking->snapshot[index]) || tracking->all_dirty ||
      (index < 64 && (tracking->dirty_mask & (G_GUINT64_CONSTANT (1) << index))))
    return TRUE;

  row = read_entity_row (self, entity, &rows, error);
  if (row == NULL)
    return FALSE;
  if (!set_values_quietly (self, entity, props, &index, &row->values[index], 1, error))
    return FALSE;
  /* read, not changed */
  g_value_init (&tracking->snapshot[index], G_VALUE_TYPE (&row->values[index]));
  g_value_copy (&row->values[index], &tracking->snapshot[index]);
  return TRUE;
}

static gboolean
populate_one (MikroEntityManager  *self,
              MikroEntity         *entity,
              const char          *property,
              GError             **error)
{
  MikroEntityTracking *tracking;
  const MikroRelationMeta *rel;
  g_autoptr(MikroCollection) collection = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(MikroFilterNode) filter = NULL;
  GValue *key;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tracking = _mikro_entity_get_tracking (entity);
  if (tracking->em != self || tracking->state != MIKRO_ENTITY_STATE_MANAGED)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” is not managed by entity manager #%u: persist and flush it, or load it, first"),
                   G_OBJECT_TYPE_NAME (entity), self->id);
      return FALSE;
    }

  rel = _mikro_entity_metadata_find_relation (tracking->meta, property);
  if (rel == NULL)
    {
      const MikroPropertyMeta *prop = _mikro_entity_metadata_find_property (tracking->meta, property);

      if (prop != NULL && _mikro_property_meta_is_lazy (prop))
        return populate_lazy (self, entity, prop, error);
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Entity “%s” has no relation or lazy property “%s” to populate"),
                   G_OBJECT_TYPE_NAME (entity), property);
      return FALSE;
    }

  /* a to-one: its target's row */
  if (rel->kind == MIKRO_RELATION_MANY_TO_ONE || rel->kind == MIKRO_RELATION_ONE_TO_ONE)
    {
      g_autoptr(MikroEntity) related = get_related (entity, rel->name);
      g_autoptr(GPtrArray) found = NULL;
      GValue *target_key;

      if (rel->owner)
        {
          if (related == NULL || mikro_entity_is_initialized (related))
            return TRUE;
          target_key = entity_key (rel->target, related);
          filter = _mikro_filter_new_pk (rel->target, target_key);
          key_free (target_key, n_key_columns (rel->target));
          found = find_entities (self, rel->target, filter, 1, error);
          return found != NULL;
        }

      /* the inverse of a one-to-one: the owner's row pointing here */
      key = entity_key (tracking->meta, entity);
      filter = _mikro_filter_new_in_values (rel->inverse->column, key, 1, 1);
      key_free (key, n_key_columns (tracking->meta));
      found = find_entities (self, rel->target, filter, 1, error);
      if (found == NULL)
        return FALSE;
      /* told in the caller's thread when asynchronous */
      g_object_freeze_notify (G_OBJECT (entity));
      g_object_set (entity, rel->name, found->len > 0 ? g_ptr_array_index (found, 0) : NULL, NULL);
      _mikro_entity_manager_thaw_notify (entity);
      return TRUE;
    }

  collection = get_collection (entity, rel->name);
  if (collection == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Property “%s” of this “%s” holds no collection to populate"),
                   rel->name, G_OBJECT_TYPE_NAME (entity));
      return FALSE;
    }

  key = entity_key (tracking->meta, entity);
  if (rel->kind == MIKRO_RELATION_ONE_TO_MANY)
    {
      /* the targets whose many-to-one points here */
      filter = _mikro_filter_new_in_values (rel->inverse->column, key, 1, 1);
      items = find_entities (self, rel->target, filter, -1, error);
    }
  else
    {
      /* the pivot rows, then their targets */
      const MikroRelationMeta *owning = rel->owner ? rel : rel->inverse;
      MikroEntityMetadata *owner_meta = rel->owner ? tracking->meta : rel->target;
      MikroDriver *driver = get_driver (self, error);
      g_autoptr(GArray) links = NULL;

      if (driver != NULL)
        links = _mikro_driver_find_links (driver, owner_meta, owning, key, 1, !rel->owner, error);
      if (links != NULL && links->len == 0)
        items = g_ptr_array_new_with_free_func (g_object_unref);
      else if (links != NULL)
        {
          /* the other side's key is the second of each pair from the
           * owner, the first from the inverse side */
          const GValue *others = &g_array_index (links, GValue, rel->owner ? 1 : 0);

          filter = _mikro_filter_new_in_values (_mikro_entity_metadata_get_pk (rel->target),
                                                others, links->len, 2);
          items = find_entities (self, rel->target, filter, -1, error);
        }
    }
  key_free (key, n_key_columns (tracking->meta));
  if (items == NULL)
    return FALSE;

  _mikro_collection_set_loaded (collection, items);
  return TRUE;
}

/* What the relation @name of @entities holds and @self manages: the items
 * of their collections and the entities of their to-one properties, each
 * once. */
static GPtrArray *
related_entities (MikroEntityManager *self,
                  GPtrArray          *entities,
                  const char         *name)
{
  GPtrArray *related = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (entities, i);
      const MikroRelationMeta *rel = _mikro_entity_metadata_find_relation (_mikro_entity_get_tracking (entity)->meta, name);

      if (rel == NULL)
        continue;
      if (rel->kind == MIKRO_RELATION_MANY_TO_ONE || rel->kind == MIKRO_RELATION_ONE_TO_ONE)
        {
          g_autoptr(MikroEntity) target = get_related (entity, rel->name);

          if (target != NULL && _mikro_entity_get_tracking (target)->em == self &&
              g_hash_table_add (seen, target))
            g_ptr_array_add (related, g_steal_pointer (&target));
        }
      else
        {
          g_autoptr(MikroCollection) collection = get_collection (entity, rel->name);

          for (guint j = 0; collection != NULL && j < g_list_model_get_n_items (G_LIST_MODEL (collection)); j++)
            {
              GObject *item = g_list_model_get_item (G_LIST_MODEL (collection), j);

              if (MIKRO_IS_ENTITY (item) && _mikro_entity_get_tracking (MIKRO_ENTITY (item))->em == self &&
                  g_hash_table_add (seen, item))
                g_ptr_array_add (related, item);
              else
                g_object_unref (item);
            }
        }
    }
  return related;
}

/* One level of a populate path: the relation @name of every entity of
 * @entities that has it, one query for all (as eager relations load), or
 * the lazy property @name of each when it is the path's @last name. */
static gboolean
populate_level (MikroEntityManager  *self,
                GPtrArray           *entities,
                const char          *name,
                gboolean             last,
                const char          *path,
                GError             **error)
{
  g_autoptr(GHashTable) by_relation = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean lazy = FALSE;

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntity *entity = g_ptr_array_index (entities, i);
      MikroEntityMetadata *meta = _mikro_entity_get_tracking (entity)->meta;
      const MikroRelationMeta *rel = _mikro_entity_metadata_find_relation (meta, name);
      GPtrArray *owners;

      if (rel == NULL)
        {
          const MikroPropertyMeta *prop = _mikro_entity_metadata_find_property (meta, name);

          if (last && prop != NULL && _mikro_property_meta_is_lazy (prop))
            {
              lazy = TRUE;
              if (!populate_one (self, entity, name, error))
                return FALSE;
            }
          continue;
        }
      owners = g_hash_table_lookup (by_relation, rel->pspec);
      if (owners == NULL)
        {
          owners = g_ptr_array_new ();
          g_hash_table_insert (by_relation, rel->pspec, owners);
          g_ptr_array_add (order, (gpointer)rel);
        }
      g_ptr_array_add (owners, entity);
    }

  if (order->len == 0 && !lazy)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("“%s” in the populate path “%s” is not a relation of “%s”"),
                   name, path, G_OBJECT_TYPE_NAME (g_ptr_array_index (entities, 0)));
      return FALSE;
    }
  for (guint i = 0; i < order->len; i++)
    {
      const MikroRelationMeta *rel = g_ptr_array_index (order, i);

      if (!load_eager_relation (self, rel, g_hash_table_lookup (by_relation, rel->pspec), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * mikro_entity_manager_populate:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @property: the name of one of its relations, or of a lazy property, or
 *   a path of relations separated by dots (`"books.tags"`)
 * @error: return location for a #GError
 *
 * Loads a relation of @entity (MikroORM's `em.populate()`): the items of a
 * one-to-many or many-to-many [class@Mikro.Collection], which is then
 * initialized, or the row of a to-one reference. A collection already
 * loaded is loaded again; the entities it finds that are already in the
 * identity map are those instances.
 *
 * A property flagged %MIKRO_PROPERTY_LAZY, which queries leave out, is
 * read from @entity's row, unless it was read or set already; the value
 * read is not a change. (An uninitialized reference is loaded whole.)
 *
 * A path populates level by level, as MikroORM's populate hints do: the
 * first relation of @entity, then the named relation of every entity it
 * holds — one query for all of them (select-in), for what is not loaded
 * yet — and so on; the last name may be a lazy property. A name that is
 * not a relation of the entities reached is a %MIKRO_ERROR_QUERY error
 * naming it.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_populate (MikroEntityManager  *self,
                               MikroEntity         *entity,
                               const char          *property,
                               GError             **error)
{
  g_auto(GStrv) path = NULL;
  g_autoptr(GPtrArray) level = NULL;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strchr (property, '.') == NULL)
    return populate_one (self, entity, property, error);

  path = g_strsplit (property, ".", -1);
  for (guint i = 0; path[i] != NULL; i++)
    if (*path[i] == '\0')
      {
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                     _("The populate path “%s” has an empty name"), property);
        return FALSE;
      }

  if (!populate_one (self, entity, path[0], error))
    return FALSE;
  level = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (level, g_object_ref (entity));
  for (guint i = 1; path[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) next = related_entities (self, level, path[i - 1]);

      if (next->len == 0)
        return TRUE;
      if (!populate_level (self, next, path[i], path[i + 1] == NULL, property, error))
        return FALSE;
      g_ptr_array_unref (level);
      level = g_steal_pointer (&next);
    }
  return TRUE;
}

/* A row of @table as the row of the entity type @meta (the same row
 * outside a single-table hierarchy); owned by @row or the returned one. */
static MikroRow *
refresh_row (MikroEntityMetadata *meta,
             MikroEntityMetadata *table,
             MikroRow            *row)
{
  MikroRow *picked;
  guint n_props;
  const MikroPropertyMeta *props;

  if (table == meta)
    return row;

  props = _mikro_entity_metadata_get_props (meta, &n_props);
  picked = _mikro_row_new (meta);
  for (guint i = 0; i < n_props; i++)
    {
      if (G_IS_VALUE (&row->values[props[i].table_index]))
        g_value_copy (&row->values[props[i].table_index], &picked->values[i]);
      else
        g_value_unset (&picked->values[i]);
    }
  /* freed with the rows */
  g_object_set_data_full (G_OBJECT (table), "mikro-refresh-row", picked, (GDestroyNotify)_mikro_row_free);
  return picked;
}

/* The row of @entity, lazy columns included, as a row of its entity type
 * (kept by @rows); NULL with MIKRO_ERROR_NOT_FOUND when it is gone. */
static MikroRow *
read_entity_row (MikroEntityManager  *self,
                 MikroEntity         *entity,
                 GPtrArray          **rows,
                 GError             **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  g_autoptr(MikroFilterNode) filter = NULL;
  MikroEntityMetadata *table;
  MikroFilterNode *scoped;
  MikroDriver *driver;
  GValue *key;

  driver = get_driver (self, error);
  if (driver == NULL)
    return NULL;

  key = entity_key (tracking->meta, entity);
  filter = _mikro_filter_new_pk (tracking->meta, key);
  key_free (key, n_key_columns (tracking->meta));
  table = _mikro_entity_metadata_get_table_meta (tracking->meta);
  scoped = scope_to_type (tracking->meta, filter);
  *rows = _mikro_driver_find (driver, table, scoped, 1, TRUE, error);
  release_scope (scoped, filter);
  if (*rows == NULL)
    return NULL;
  if ((*rows)->len == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND,
                   _("This “%s” is no longer in the database"), G_OBJECT_TYPE_NAME (entity));
      return NULL;
    }
  return refresh_row (tracking->meta, table, g_ptr_array_index (*rows, 0));
}

/* A value given as a GVariant, for a property: a key for a to-one
 * relation (a reference), `nothing` of a maybe type for NULL. */
static gboolean
assign_one (MikroEntityManager   *self,
            MikroEntity          *entity,
            MikroEntityMetadata  *meta,
            const char           *name,
            GVariant             *variant,
            GError              **error)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (entity), name);
  const MikroRelationMeta *rel;
  g_auto(GValue) given = G_VALUE_INIT;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GVariant) inner = NULL;

  if (pspec == NULL || (pspec->flags & G_PARAM_WRITABLE) == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Entity “%s” has no property “%s” to assign"),
                   G_OBJECT_TYPE_NAME (entity), name);
      return FALSE;
    }

  /* NULL */
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_MAYBE))
    {
      inner = g_variant_get_maybe (variant);
      if (inner == NULL)
        {
          g_value_init (&value, pspec->value_type);
          g_param_value_set_default (pspec, &value);
          g_object_set_property (G_OBJECT (entity), pspec->name, &value);
          return TRUE;
        }
      variant = inner;
    }
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) boxed = g_variant_get_variant (variant);

      return assign_one (self, entity, meta, name, boxed, error);
    }

  g_dbus_gvariant_to_gvalue (variant, &given);

  /* a to-one relation takes the key of its target */
  rel = _mikro_entity_metadata_find_relation (meta, pspec->name);
  if (rel != NULL && (rel->kind == MIKRO_RELATION_MANY_TO_ONE || rel->kind == MIKRO_RELATION_ONE_TO_ONE))
    {
      g_autoptr(MikroEntity) related = mikro_entity_manager_get_reference (self, rel->target_type, &given, error);

      if (related == NULL)
        {
          g_prefix_error (error, _("Property “%s” of entity “%s”: "), pspec->name, G_OBJECT_TYPE_NAME (entity));
          return FALSE;
        }
      g_object_set (entity, pspec->name, related, NULL);
      return TRUE;
    }

  g_value_init (&value, pspec->value_type);
  if (G_VALUE_TYPE (&given) == pspec->value_type)
    g_value_copy (&given, &value);
  else if (G_VALUE_HOLDS_STRING (&given) && G_TYPE_IS_ENUM (pspec->value_type))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
      GEnumValue *enum_value = g_enum_get_value_by_nick (klass, g_value_get_string (&given));

      if (enum_value == NULL)
        goto invalid;
      g_value_set_enum (&value, enum_value->value);
    }
  else if (G_VALUE_HOLDS_STRING (&given) && pspec->value_type == G_TYPE_DATE_TIME)
    {
      GDateTime *dt = g_date_time_new_from_iso8601 (g_value_get_string (&given), NULL);

      if (dt == NULL)
        goto invalid;
      g_value_take_boxed (&value, dt);
    }
  else if (!g_value_type_transformable (G_VALUE_TYPE (&given), pspec->value_type) ||
           !g_value_transform (&given, &value))
    goto invalid;

  g_object_set_property (G_OBJECT (entity), pspec->name, &value);
  return TRUE;

invalid:
  {
    g_autofree char *printed = g_variant_print (variant, FALSE);

    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                 _("Property “%s” of entity “%s” is a %s and cannot take the %s value %s"),
                 pspec->name, G_OBJECT_TYPE_NAME (entity), g_type_name (pspec->value_type),
                 g_variant_get_type_string (variant), printed);
  }
  return FALSE;
}

/**
 * mikro_entity_manager_assign:
 * @self: an entity manager
 * @entity: an entity of a type known to the ORM
 * @values: an `a{sv}` dictionary of property names and values; a floating
 *   reference is taken
 * @error: return location for a #GError
 *
 * Sets the properties of @entity from @values (MikroORM's `assign()`, the
 * way a form or a JSON body updates an entity): each value is converted to
 * its property's type — strings to enums by nick and to dates from ISO
 * 8601 — a to-one relation takes the key of its target (which becomes a
 * reference), and `nothing` of a maybe type sets the default (NULL). On a
 * managed entity the changes are flushed as any other.
 *
 * Returns: %TRUE if every value was assigned; on error the values before
 *   the failing one are assigned
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_assign (MikroEntityManager  *self,
                             MikroEntity         *entity,
                             GVariant            *values,
                             GError             **error)
{
  g_autoptr(GVariant) sunk = NULL;
  MikroEntityMetadata *meta;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (values != NULL && g_variant_is_of_type (values, G_VARIANT_TYPE_VARDICT), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  meta = get_meta (self, G_OBJECT_TYPE (entity), error);
  if (meta == NULL)
    return FALSE;

  /* a floating dictionary is taken, as GLib's setters do */
  sunk = g_variant_ref_sink (values);
  g_variant_iter_init (&iter, values);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      gboolean ok = assign_one (self, entity, meta, name, value, error);

      g_variant_unref (value);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/**
 * mikro_entity_manager_create:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @values: (nullable): an `a{sv}` dictionary of property names and
 *   values, as [method@Mikro.EntityManager.assign] takes
 * @error: return location for a #GError
 *
 * Creates an entity of @entity_type with @values and persists it
 * (MikroORM's `em.create()`): the next flush inserts it.
 *
 * Returns: (transfer full) (nullable): the new entity, or %NULL on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_create (MikroEntityManager  *self,
                             GType                entity_type,
                             GVariant            *values,
                             GError             **error)
{
  g_autoptr(MikroEntity) entity = NULL;
  g_autoptr(GVariant) sunk = NULL;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (values == NULL || g_variant_is_of_type (values, G_VARIANT_TYPE_VARDICT), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (values != NULL)
    sunk = g_variant_ref_sink (values);
  if (get_meta (self, entity_type, error) == NULL)
    return NULL;

  entity = g_object_new (entity_type, NULL);
  if (values != NULL && !mikro_entity_manager_assign (self, entity, values, error))
    return NULL;
  if (!mikro_entity_manager_persist (self, entity, error))
    return NULL;

  return g_steal_pointer (&entity);
}

/**
 * mikro_entity_manager_refresh:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @error: return location for a #GError
 *
 * Reloads @entity's row (MikroORM's `em.refresh()`): every persistent
 * property takes the database's value, pending changes to it are dropped,
 * and a reference is initialized. A row that is gone is a
 * %MIKRO_ERROR_NOT_FOUND error.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_refresh (MikroEntityManager  *self,
                              MikroEntity         *entity,
                              GError             **error)
{
  MikroEntityTracking *tracking;
  g_autoptr(GPtrArray) rows = NULL;
  MikroRow *row;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tracking = _mikro_entity_get_tracking (entity);
  if (tracking->em != self || tracking->state != MIKRO_ENTITY_STATE_MANAGED)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” is not managed by entity manager #%u and cannot be refreshed by it"),
                   G_OBJECT_TYPE_NAME (entity), self->id);
      return FALSE;
    }

  row = read_entity_row (self, entity, &rows, error);
  if (row == NULL)
    return FALSE;

  /* the database wins: no pending change is kept */
  tracking->dirty_mask = 0;
  tracking->all_dirty = FALSE;
  tracking->uninitialized = TRUE;
  return initialize_reference (self, entity, row, error);
}

static MikroEntity *merge_entity (MikroEntityManager  *self,
                                  MikroEntity         *entity,
                                  GHashTable          *merging,
                                  GError             **error);

/* A related entity to merge: one of no manager, with its key set. */
static MikroEntity *
cascade_merge_one (MikroEntityManager  *self,
                   GObject             *related,
                   GHashTable          *merging,
                   GError             **error)
{
  MikroEntityTracking *tracking;
  MikroEntityMetadata *meta;
  GValue *key;
  gboolean keyed;

  if (!MIKRO_IS_ENTITY (related))
    return NULL;
  tracking = _mikro_entity_get_tracking (MIKRO_ENTITY (related));
  if (tracking->em != NULL)
    return NULL;
  meta = mikro_orm_get_metadata (self->orm, G_OBJECT_TYPE (related));
  if (meta == NULL)
    return NULL;
  key = entity_key (meta, MIKRO_ENTITY (related));
  keyed = key_is_set (key, n_key_columns (meta));
  key_free (key, n_key_columns (meta));
  /* a new entity is for persist, not merge */
  if (!keyed)
    return NULL;
  return merge_entity (self, MIKRO_ENTITY (related), merging, error);
}

/* Cascade merge (MIKRO_CASCADE_MERGE): the entities @entity's relations
 * hold are merged with it. Where the identity map had another instance,
 * the relation takes that one. */
static gboolean
cascade_merge_from (MikroEntityManager  *self,
                    MikroEntity         *entity,
                    MikroEntityMetadata *meta,
                    GHashTable          *merging,
                    GError             **error)
{
  guint n_relations;
  const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

  for (guint r = 0; r < n_relations; r++)
    {
      const MikroRelationMeta *rel = &relations[r];

      if (!(rel->cascade & MIKRO_CASCADE_MERGE))
        continue;

      if (rel->kind == MIKRO_RELATION_MANY_TO_ONE || rel->kind == MIKRO_RELATION_ONE_TO_ONE)
        {
          g_autoptr(MikroEntity) related = get_related (entity, rel->name);
          g_autoptr(MikroEntity) merged = NULL;
          g_autoptr(GError) local_error = NULL;

          if (related == NULL)
            continue;
          merged = cascade_merge_one (self, G_OBJECT (related), merging, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (merged != NULL && merged != related)
            g_object_set (entity, rel->name, merged, NULL);
        }
      else
        {
          g_autoptr(MikroCollection) collection = get_collection (entity, rel->name);
          guint n;

          if (collection == NULL)
            continue;
          n = g_list_model_get_n_items (G_LIST_MODEL (collection));
          for (guint i = 0; i < n; i++)
            {
              g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (collection), i);
              g_autoptr(MikroEntity) merged = NULL;
              g_autoptr(GError) local_error = NULL;

              merged = cascade_merge_one (self, item, merging, &local_error);
              if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              if (merged != NULL && G_OBJECT (merged) != item)
                _mikro_collection_replace (collection, i, G_OBJECT (merged));
            }
        }
    }

  return TRUE;
}

static MikroEntity *
merge_entity (MikroEntityManager  *self,
              MikroEntity         *entity,
              GHashTable          *merging,
              GError             **error)
{
  MikroEntityTracking *tracking;
  MikroEntityMetadata *meta;
  MikroEntity *managed;
  GValue *key;
  GValue *values;
  guint n_props;

  meta = get_meta (self, G_OBJECT_TYPE (entity), error);
  if (meta == NULL)
    return NULL;
  tracking = _mikro_entity_get_tracking (entity);
  if (tracking->em == self && tracking->state == MIKRO_ENTITY_STATE_MANAGED)
    return g_object_ref (entity);
  if (tracking->em != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” belongs to another entity manager (#%u)"),
                   G_OBJECT_TYPE_NAME (entity), tracking->em->id);
      return NULL;
    }

  key = entity_key (meta, entity);
  if (!key_is_set (key, n_key_columns (meta)))
    {
      key_free (key, n_key_columns (meta));
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Only an entity whose key is set can be merged: this “%s” has none"),
                   G_OBJECT_TYPE_NAME (entity));
      return NULL;
    }
  /* the related entities first, so that the join columns below find
   * them in the identity map; an entity on the way up ends a cycle */
  if (!g_hash_table_add (merging, entity))
    {
      key_free (key, n_key_columns (meta));
      return g_object_ref (entity);
    }
  if (!cascade_merge_from (self, entity, meta, merging, error))
    {
      key_free (key, n_key_columns (meta));
      return NULL;
    }

  managed = identity_map_lookup_key (self, meta, key);
  key_free (key, n_key_columns (meta));

  values = read_values (entity, meta, error);
  if (values == NULL)
    return NULL;
  _mikro_entity_metadata_get_props (meta, &n_props);

  if (managed != NULL && managed != entity)
    {
      MikroEntityTracking *managed_tracking = _mikro_entity_get_tracking (managed);
      const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);

      if (!set_values_quietly (self, managed, props, NULL, values, n_props, error))
        {
          free_values (values, n_props);
          return NULL;
        }
      managed_tracking->dirty_mask = 0;
      managed_tracking->all_dirty = FALSE;
      managed_tracking->uninitialized = FALSE;
      _mikro_entity_set_snapshot (managed, values);
      return g_object_ref (managed);
    }

  tracking->em = self;
  tracking->meta = meta;
  tracking->state = MIKRO_ENTITY_STATE_MANAGED;
  tracking->dirty_mask = 0;
  tracking->all_dirty = FALSE;
  _mikro_entity_set_snapshot (entity, values);
  identity_map_add (self, entity, meta);
  _mikro_entity_watch_embedded (entity);
  /* what its collections hold is what the database has, too */
  snapshot_collections (entity);
  return g_object_ref (entity);
}

/**
 * mikro_entity_manager_merge:
 * @self: an entity manager
 * @entity: an entity with its key set, not managed by another entity
 *   manager
 * @error: return location for a #GError
 *
 * Makes @entity's state the database's as far as @self knows (MikroORM's
 * `em.merge()`), without a query: for an entity built from data known to
 * be stored (a cache, a message). If the identity map has an entity with
 * the same key, its properties take @entity's values and it is returned;
 * otherwise @entity becomes managed. Either way nothing is pending for it,
 * and what its collections hold is taken as what the database has.
 *
 * Relations that cascade merge ([flags@Mikro.Cascade] `MERGE`) merge the
 * entities they hold first — those of no entity manager whose key is set
 * — and take the identity map's instance where it had one.
 *
 * Returns: (transfer full) (nullable): the managed entity, or %NULL on
 *   error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_merge (MikroEntityManager  *self,
                            MikroEntity         *entity,
                            GError             **error)
{
  g_autoptr(GHashTable) merging = NULL;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  merging = g_hash_table_new (NULL, NULL);
  return merge_entity (self, entity, merging, error);
}

/**
 * mikro_entity_manager_find_one:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @primary_key: the primary key; integers of any width are converted to
 *   the key's type
 * @error: return location for a #GError
 *
 * Finds the entity with @primary_key. An entity already in the identity map
 * is returned without a query.
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL if there is
 *   none (then @error is not set) or on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_find_one (MikroEntityManager  *self,
                               GType                entity_type,
                               const GValue        *primary_key,
                               GError             **error)
{
  g_autoptr(MikroFilterNode) filter = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  GValue *pk;
  MikroEntityMetadata *meta;
  MikroEntity *entity;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (G_IS_VALUE (primary_key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  meta = get_meta (self, entity_type, error);
  if (meta == NULL)
    return NULL;

  pk = convert_key (meta, primary_key, error);
  if (pk == NULL)
    return NULL;

  entity = identity_map_lookup_key (self, meta, pk);
  if (entity != NULL && !_mikro_entity_get_tracking (entity)->uninitialized)
    {
      key_free (pk, n_key_columns (meta));
      /* in a single-table hierarchy the key may be another type's */
      if (!g_type_is_a (G_OBJECT_TYPE (entity), entity_type))
        return NULL;
      return g_object_ref (entity);
    }

  filter = _mikro_filter_new_pk (meta, pk);
  key_free (pk, n_key_columns (meta));
  entities = find_entities (self, meta, filter, 1, error);
  if (entities == NULL || entities->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (entities, 0));
}

/**
 * mikro_entity_manager_find:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON, such as `{"name": "Ann"}`
 *   or `{"age": {"$gte": 18}}`; %NULL or `{}` matches every entity
 * @error: return location for a #GError
 *
 * Finds the entities matching @filter, in primary key order. The operators
 * are MikroORM's: `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`, `$in`,
 * `$nin`, `$like`, `$and`, `$or` and `$not`. A malformed filter or an
 * unknown property is a %MIKRO_ERROR_QUERY error.
 *
 * Returns: (transfer full): a list of the entities, or %NULL on error
 *
 * Since: 1.0
 */
GListModel *
mikro_entity_manager_find (MikroEntityManager  *self,
                           GType                entity_type,
                           const char          *filter,
                           GError             **error)
{
  g_autoptr(MikroFilterNode) node = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  MikroEntityMetadata *meta;
  GListStore *store;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  meta = get_meta (self, entity_type, error);
  if (meta == NULL)
    return NULL;

  node = _mikro_filter_parse (meta, filter, error);
  if (node == NULL)
    return NULL;

  entities = find_entities (self, meta, node, -1, error);
  if (entities == NULL)
    return NULL;

  store = g_list_store_new (entity_type);
  g_list_store_splice (store, 0, 0, entities->pdata, entities->len);

  return G_LIST_MODEL (store);
}

/**
 * mikro_entity_manager_find_one_by:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @error: return location for a #GError
 *
 * Finds the first entity matching @filter, in primary key order.
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL if none
 *   matches (then @error is not set) or on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_find_one_by (MikroEntityManager  *self,
                                  GType                entity_type,
                                  const char          *filter,
                                  GError             **error)
{
  g_autoptr(MikroFilterNode) node = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  MikroEntityMetadata *meta;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  meta = get_meta (self, entity_type, error);
  if (meta == NULL)
    return NULL;

  node = _mikro_filter_parse (meta, filter, error);
  if (node == NULL)
    return NULL;

  entities = find_entities (self, meta, node, 1, error);
  if (entities == NULL || entities->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (entities, 0));
}

/**
 * mikro_entity_manager_find_one_or_fail:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @error: return location for a #GError
 *
 * Like [method@Mikro.EntityManager.find_one_by], but no match is a
 * %MIKRO_ERROR_NOT_FOUND error naming the entity and the filter, or the
 * error of the ORM's handler ([method@Mikro.Orm.set_not_found_handler]).
 *
 * Returns: (transfer full): the entity, or %NULL with @error set
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_find_one_or_fail (MikroEntityManager  *self,
                                       GType                entity_type,
                                       const char          *filter,
                                       GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  MikroEntity *entity;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entity = mikro_entity_manager_find_one_by (self, entity_type, filter, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (entity == NULL)
    _mikro_orm_set_not_found_error (self->orm, mikro_orm_get_metadata (self->orm, entity_type),
                                    filter, error);

  return entity;
}

/**
 * mikro_entity_manager_count:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @error: return location for a #GError
 *
 * Counts the rows matching @filter in the database, without loading them.
 * Unflushed changes are not counted.
 *
 * Returns: the number of matching rows, or -1 with @error set
 *
 * Since: 1.0
 */
gint64
mikro_entity_manager_count (MikroEntityManager  *self,
                            GType                entity_type,
                            const char          *filter,
                            GError             **error)
{
  g_autoptr(MikroFilterNode) node = NULL;
  MikroFilterNode *scoped;
  MikroEntityMetadata *meta;
  MikroDriver *driver;
  gint64 count;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  meta = get_meta (self, entity_type, error);
  if (meta == NULL)
    return -1;

  node = _mikro_filter_parse (meta, filter, error);
  if (node == NULL)
    return -1;

  driver = get_driver (self, error);
  if (driver == NULL)
    return -1;

  scoped = scope_to_type (meta, node);
  count = _mikro_driver_count (driver, _mikro_entity_metadata_get_table_meta (meta), scoped, error);
  release_scope (scoped, node);
  return count;
}

/**
 * mikro_entity_manager_begin:
 * @self: an entity manager
 * @error: return location for a #GError
 *
 * Opens a transaction; inside one, opens a nested level (a savepoint).
 * Flushes inside it write into it; nothing is committed before the
 * outermost [method@Mikro.EntityManager.commit]. A flush inside a
 * transaction has a savepoint of its own, so a failed flush undoes only
 * its own writes and keeps its changes pending.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_begin (MikroEntityManager  *self,
                            GError             **error)
{
  MikroDriver *driver;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  driver = get_driver (self, error);
  if (driver == NULL || !_mikro_driver_begin (driver, error))
    return FALSE;

  self->transaction_depth++;
  return TRUE;
}

/**
 * mikro_entity_manager_commit:
 * @self: an entity manager
 * @error: return location for a #GError
 *
 * Flushes, then commits the innermost level opened with
 * [method@Mikro.EntityManager.begin]: the transaction itself, or a
 * savepoint inside it. If the flush fails nothing is committed and the
 * level stays open, to roll back or retry.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_commit (MikroEntityManager  *self,
                             GError             **error)
{
  MikroDriver *driver;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->transaction_depth == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION,
                   _("Entity manager #%u has no transaction to commit"), self->id);
      return FALSE;
    }

  if (!mikro_entity_manager_flush (self, error))
    return FALSE;

  driver = get_driver (self, error);
  if (driver == NULL)
    return FALSE;

  self->transaction_depth--;
  return _mikro_driver_commit (driver, error);
}

/**
 * mikro_entity_manager_rollback:
 * @self: an entity manager
 * @error: return location for a #GError
 *
 * Rolls back the innermost level opened with
 * [method@Mikro.EntityManager.begin]. What was flushed in it is undone in
 * the database; the entities keep their values. Clear the entity manager to
 * forget them too.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_rollback (MikroEntityManager  *self,
                               GError             **error)
{
  MikroDriver *driver;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->transaction_depth == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION,
                   _("Entity manager #%u has no transaction to roll back"), self->id);
      return FALSE;
    }

  driver = get_driver (self, error);
  if (driver == NULL)
    return FALSE;

  self->transaction_depth--;
  return _mikro_driver_rollback (driver, error);
}

/**
 * mikro_entity_manager_is_in_transaction:
 * @self: an entity manager
 *
 * Returns: whether @self has a transaction open
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_is_in_transaction (MikroEntityManager *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);

  return self->transaction_depth > 0;
}

/**
 * mikro_entity_manager_transactional:
 * @self: an entity manager
 * @func: (scope call): the work of the transaction
 * @user_data: data for @func
 * @error: return location for a #GError
 *
 * Runs @func in a transaction (a savepoint when one is open already):
 * committed, with a final flush, when @func returns %TRUE; rolled back when
 * it fails, whose error is then @error.
 *
 * Returns: %TRUE if @func succeeded and the transaction committed
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_transactional (MikroEntityManager    *self,
                                    MikroTransactionFunc   func,
                                    gpointer               user_data,
                                    GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) rollback_error = NULL;
  guint depth;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mikro_entity_manager_begin (self, error))
    return FALSE;
  depth = self->transaction_depth;

  if (func (self, user_data, &local_error) &&
      mikro_entity_manager_commit (self, &local_error))
    return TRUE;

  if (local_error == NULL)
    g_set_error (&local_error, MIKRO_ERROR, MIKRO_ERROR_FAILED,
                 _("The transaction's work failed without saying why"));
  /* a COMMIT that failed closed the level already */
  if (self->transaction_depth == depth &&
      !mikro_entity_manager_rollback (self, &rollback_error))
    g_warning ("Rolling back the transaction failed too: %s", rollback_error->message);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * mikro_entity_manager_clear:
 * @self: an entity manager
 *
 * Forgets every entity: managed and removed ones become detached, persisted
 * ones that were never flushed become new again, and pending changes are
 * dropped. The next find queries the database.
 *
 * The inverse sides of the relations of those entities (a writer's
 * `books`, the inverse of a many-to-many or of a one-to-one) are emptied
 * and become unknown again, as when the entity manager is finalized: they
 * point back at the entities that hold them, reference cycles nothing
 * else would free. The owning sides keep their values.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_clear (MikroEntityManager *self)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));

  detach_all (self);
}

/**
 * mikro_entity_manager_fork:
 * @self: an entity manager
 *
 * Creates an entity manager on the same ORM with an empty identity map and
 * unit of work.
 *
 * Returns: (transfer full): a new entity manager
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_entity_manager_fork (MikroEntityManager *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);

  return _mikro_entity_manager_new (self->orm);
}

/**
 * mikro_entity_manager_get_id:
 * @self: an entity manager
 *
 * Returns: the [property@Mikro.EntityManager:id] of @self
 *
 * Since: 1.0
 */
guint
mikro_entity_manager_get_id (MikroEntityManager *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), 0);

  return self->id;
}

MikroDriver *
_mikro_entity_manager_get_driver (MikroEntityManager  *self,
                                  GError             **error)
{
  return get_driver (self, error);
}

MikroEntityMetadata *
_mikro_entity_manager_get_meta (MikroEntityManager  *self,
                                GType                entity_type,
                                GError             **error)
{
  return get_meta (self, entity_type, error);
}

GValue *
_mikro_entity_manager_entity_key (MikroEntityMetadata *meta,
                                  MikroEntity         *entity)
{
  return entity_key (meta, entity);
}

GValue *
_mikro_entity_manager_convert_key (MikroEntityMetadata  *meta,
                                   const GValue         *key,
                                   GError              **error)
{
  return convert_key (meta, key, error);
}

void
_mikro_entity_manager_key_free (MikroEntityMetadata *meta,
                                GValue              *key)
{
  key_free (key, n_key_columns (meta));
}

MikroEntity *
_mikro_entity_manager_lookup (MikroEntityManager  *self,
                              MikroEntityMetadata *meta,
                              const GValue        *key)
{
  return identity_map_lookup_key (self, meta, key);
}

GPtrArray *
_mikro_entity_manager_find_entities (MikroEntityManager  *self,
                                     MikroEntityMetadata *meta,
                                     MikroFilterNode     *filter,
                                     gint64               limit,
                                     GError             **error)
{
  return find_entities (self, meta, filter, limit, error);
}

/**
 * mikro_entity_manager_set_logging:
 * @self: an entity manager
 * @enabled: whether the statements of @self are logged
 *
 * Turns query logging off (or back on) for the calls of @self — MikroORM's
 * per-call `logging: { enabled: false }`: set it around the calls to keep
 * out of the log. Logging itself is on with `G_MESSAGES_DEBUG=mikro` or
 * [method@Mikro.Orm.set_log_queries].
 *
 * Since: 1.0
 */
void
mikro_entity_manager_set_logging (MikroEntityManager *self,
                                  gboolean            enabled)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));

  self->logging = !!enabled;
}

/**
 * mikro_entity_manager_get_logging:
 * @self: an entity manager
 *
 * Returns: whether the statements of @self are logged
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_get_logging (MikroEntityManager *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);

  return self->logging;
}

/**
 * mikro_entity_manager_set_log_label:
 * @self: an entity manager
 * @label: (nullable): a label for the log messages of the next calls, or
 *   %NULL for none
 *
 * Labels the logged statements of @self (MikroORM's `logging: { label }`):
 * the messages start with `[label]` and carry it in their `MIKRO_LABEL`
 * field, next to `MIKRO_ENTITY_MANAGER`, the manager's
 * [property@Mikro.EntityManager:id].
 *
 * Since: 1.0
 */
void
mikro_entity_manager_set_log_label (MikroEntityManager *self,
                                    const char         *label)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));

  g_free (self->log_label);
  self->log_label = g_strdup (label);
}

/**
 * mikro_entity_manager_get_log_label:
 * @self: an entity manager
 *
 * Returns: (nullable): the label of the logged statements
 *
 * Since: 1.0
 */
const char *
mikro_entity_manager_get_log_label (MikroEntityManager *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);

  return self->log_label;
}

gboolean
_mikro_entity_manager_check_idle (MikroEntityManager  *self,
                                  GError             **error)
{
  if (!g_atomic_int_get (&self->busy) || g_atomic_pointer_get (&self->worker) == g_thread_self ())
    return TRUE;

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
               _("Entity manager #%u is busy with an asynchronous call: wait for it to complete, or use a fork"),
               self->id);
  return FALSE;
}

void
_mikro_entity_manager_set_busy (MikroEntityManager *self,
                                gboolean            busy)
{
  if (!busy)
    g_atomic_pointer_set (&self->worker, NULL);
  g_atomic_int_set (&self->busy, busy);
}

void
_mikro_entity_manager_set_worker (MikroEntityManager *self,
                                  GThread            *worker)
{
  g_atomic_pointer_set (&self->worker, worker);
}
