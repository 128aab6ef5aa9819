/* mikro-entity-manager-native.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The entity manager's calls that bypass the unit of work (MikroORM's
 * `em.upsert()`, `em.insert()`, `em.nativeUpdate()`, `em.nativeDelete()`)
 * and `em.lock()`. Each runs its statement at once, in the transaction
 * that is open if there is one; none of them flushes. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-driver-private.h"
#include "mikro-entity-manager-private.h"
#include "mikro-entity-metadata-private.h"
#include "mikro-entity-private.h"

static void
free_values (GValue *values,
             guint   n_values)
{
  for (guint i = 0; i < n_values; i++)
    if (G_IS_VALUE (&values[i]))
      g_value_unset (&values[i]);
  g_free (values);
}

/* The stored value of every mapped property of @entity. */
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

static gint64
value_as_int64 (const GValue *value)
{
  GValue as_int = G_VALUE_INIT;
  gint64 result = 0;

  g_value_init (&as_int, G_TYPE_INT64);
  if (G_IS_VALUE (value) && g_value_transform (value, &as_int))
    result = g_value_get_int64 (&as_int);
  g_value_unset (&as_int);
  return result;
}

/* A new versioned row starts at version 1. */
static void
set_first_version (GValue *version)
{
  GValue one = G_VALUE_INIT;

  if (value_as_int64 (version) != 0)
    return;
  g_value_init (&one, G_TYPE_INT64);
  g_value_set_int64 (&one, 1);
  g_value_transform (&one, version);
  g_value_unset (&one);
}

/* Sets a value the database gave (a generated key, a version) on
 * @entity without marking it dirty. */
static gboolean
write_back (MikroEntity              *entity,
            const MikroPropertyMeta  *prop,
            const GValue             *value,
            GError                  **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);
  gboolean was_hydrating = tracking->hydrating;
  gboolean ok;

  if (prop->relation != NULL || prop->embedded != NULL || prop->discriminator || !G_IS_VALUE (value))
    return TRUE;

  tracking->hydrating = TRUE;
  g_object_freeze_notify (G_OBJECT (entity));
  ok = _mikro_value_write_stored (prop, G_OBJECT (entity), value, error);
  /* in an asynchronous call, told in the caller's thread */
  _mikro_entity_manager_thaw_notify (entity);
  tracking->hydrating = was_hydrating;
  return ok;
}

static guint
get_batch_size (MikroEntityManager *self)
{
  g_autoptr(MikroOrm) orm = NULL;

  g_object_get (self, "orm", &orm, NULL);
  return orm != NULL ? MAX (mikro_orm_get_batch_size (orm), 1) : 1;
}

/* Whether @entity may be written by a call that bypasses the unit of
 * work: not one of another entity manager, nor one whose insert or delete
 * is pending in @self. With @allow_managed, one managed by @self is fine
 * (an upsert writes its state). */
static gboolean
check_entity (MikroEntityManager   *self,
              MikroEntityMetadata  *meta,
              MikroEntity          *entity,
              gboolean              allow_managed,
              GError              **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

  if (_mikro_entity_metadata_is_abstract (meta))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Entity “%s” is abstract and cannot be written"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;
    }

  if (tracking->em == NULL)
    return TRUE;

  if (tracking->em != self)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” belongs to another entity manager (#%u)"),
                   G_OBJECT_TYPE_NAME (entity), mikro_entity_manager_get_id (tracking->em));
      return FALSE;
    }

  switch (tracking->state)
    {
    case MIKRO_ENTITY_STATE_MANAGED:
      if (allow_managed)
        return TRUE;
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” is managed: it is in the database already"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;

    case MIKRO_ENTITY_STATE_NEW:
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” was persisted: the next flush inserts it"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;

    case MIKRO_ENTITY_STATE_REMOVED:
    case MIKRO_ENTITY_STATE_DETACHED:
    default:
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” was removed: the next flush deletes it"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;
    }
}

/* After a write: @entity holds what its row holds. A managed entity's
 * snapshot becomes its state (the next flush writes nothing for it);
 * another one is merged into the identity map, which returns the entity
 * that is managed with that key. */
static MikroEntity *
settle (MikroEntityManager   *self,
        MikroEntityMetadata  *meta,
        MikroEntity          *entity,
        GError              **error)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (entity);

  if (tracking->em == self)
    {
      GValue *values = read_values (entity, meta, error);

      if (values == NULL)
        return NULL;
      _mikro_entity_set_snapshot (entity, values);
      tracking->dirty_mask = 0;
      tracking->all_dirty = FALSE;
      tracking->uninitialized = FALSE;
      return g_object_ref (entity);
    }

  return mikro_entity_manager_merge (self, entity, error);
}

/* Writes back into @entity the key and version its row ended with. */
static gboolean
write_back_row (MikroEntity          *entity,
                MikroEntityMetadata  *meta,
                const GValue         *values,
                GError              **error)
{
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (meta);
  guint n_keys;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);

  for (guint k = 0; k < n_keys; k++)
    if (!write_back (entity, &props[keys[k]], &values[keys[k]], error))
      return FALSE;
  if (version != NULL && !write_back (entity, version, &values[version->index], error))
    return FALSE;
  return TRUE;
}

/**
 * mikro_entity_manager_insert:
 * @self: an entity manager
 * @entity: a new entity, not persisted
 * @error: return location for a #GError
 *
 * Inserts @entity's row right away (MikroORM's `em.insert()`), outside the
 * unit of work: no flush, no cascade, no lifecycle events. A generated key
 * is written back into @entity, a versioned entity starts at version 1,
 * and @entity then is managed by @self, as if it had been loaded.
 *
 * A relation to an entity that has no key yet is written as NULL: insert
 * or flush the related entities first. Inside a transaction
 * ([method@Mikro.EntityManager.begin]) the row is part of it.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_insert (MikroEntityManager  *self,
                             MikroEntity         *entity,
                             GError             **error)
{
  g_autoptr(MikroEntity) managed = NULL;
  const MikroPropertyMeta *version;
  MikroEntityMetadata *meta;
  MikroDriver *driver;
  GValue *values;
  guint n_props;
  gboolean ok;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  meta = _mikro_entity_manager_get_meta (self, G_OBJECT_TYPE (entity), error);
  if (meta == NULL || !check_entity (self, meta, entity, FALSE, error))
    return FALSE;
  driver = _mikro_entity_manager_get_driver (self, error);
  if (driver == NULL)
    return FALSE;

  values = read_values (entity, meta, error);
  if (values == NULL)
    return FALSE;
  _mikro_entity_metadata_get_props (meta, &n_props);

  version = _mikro_entity_metadata_get_version (meta);
  if (version != NULL)
    set_first_version (&values[version->index]);

  ok = _mikro_driver_insert (driver, meta, values, error) &&
       write_back_row (entity, meta, values, error);
  free_values (values, n_props);
  if (!ok)
    return FALSE;

  managed = settle (self, meta, entity, error);
  return managed != NULL;
}

/* What an upsert's row conflicts on: its key when that is set, else the
 * first unique index whose columns all hold a value (MikroORM's rule).
 * Returns the number of columns and sets @columns (owned by @meta or
 * @storage) and @target (-1 the key, -2 nothing: a plain insert, else the
 * unique index), or 0 with @error set. */
static guint
conflict_columns (MikroEntityMetadata  *meta,
                  const GValue         *values,
                  GArray               *storage,
                  const guint         **columns,
                  gint                 *target,
                  GError              **error)
{
  guint n_keys, n_props, n_indexes;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  const MikroIndexMeta *indexes = _mikro_entity_metadata_get_indexes (meta, &n_indexes);
  gboolean key_set = TRUE;

  for (guint k = 0; k < n_keys; k++)
    key_set &= _mikro_value_key_is_set (&values[keys[k]]);
  if (key_set)
    {
      *columns = keys;
      *target = -1;
      return n_keys;
    }

  for (guint x = 0; x < n_indexes; x++)
    {
      gboolean usable = indexes[x].unique && indexes[x].columns != NULL && indexes[x].columns[0] != NULL;

      g_array_set_size (storage, 0);
      for (guint c = 0; usable && indexes[x].columns[c] != NULL; c++)
        {
          guint found = G_MAXUINT;

          for (guint i = 0; i < n_props && found == G_MAXUINT; i++)
            if (g_strcmp0 (props[i].column, indexes[x].columns[c]) == 0)
              found = i;
          usable = found != G_MAXUINT && !_mikro_value_is_null (&props[found], &values[found]);
          if (usable)
            g_array_append_val (storage, found);
        }
      if (usable)
        {
          *columns = (const guint *)(gconstpointer)storage->data;
          *target = (gint)x;
          return storage->len;
        }
    }

  /* a key the database generates and nothing unique: no row can be the
   * same, the upsert is an insert */
  if (n_keys == 1 && (props[keys[0]].flags & MIKRO_PROPERTY_GENERATED))
    {
      g_array_set_size (storage, 0);
      *columns = keys;
      *target = -2;
      return n_keys;
    }

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
               _("An upsert of entity “%s” needs its primary key or the value of a unique property to find an existing row by"),
               g_type_name (mikro_entity_metadata_get_entity_type (meta)));
  return 0;
}

typedef struct
{
  GValue  *values;
  GArray  *conflict;   /* guint property indexes */
  gint     target;     /* as conflict_columns() sets it */
} UpsertRow;

static void
upsert_row_clear (gpointer data)
{
  UpsertRow *row = data;

  g_clear_pointer (&row->conflict, g_array_unref);
}

static GPtrArray *
upsert_entities (MikroEntityManager  *self,
                 MikroEntity        **entities,
                 guint                n_entities,
                 GError             **error)
{
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) result = NULL;
  MikroEntityMetadata *meta;
  MikroDriver *driver;
  guint n_props;
  guint batch_size;
  gboolean ok = TRUE;

  meta = _mikro_entity_manager_get_meta (self, G_OBJECT_TYPE (entities[0]), error);
  if (meta == NULL)
    return NULL;
  for (guint i = 0; i < n_entities; i++)
    {
      if (G_OBJECT_TYPE (entities[i]) != G_OBJECT_TYPE (entities[0]))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                       _("An upsert of several entities takes entities of one type: “%s” is not a “%s”"),
                       G_OBJECT_TYPE_NAME (entities[i]), G_OBJECT_TYPE_NAME (entities[0]));
          return NULL;
        }
      if (!check_entity (self, meta, entities[i], TRUE, error))
        return NULL;
    }
  driver = _mikro_entity_manager_get_driver (self, error);
  if (driver == NULL)
    return NULL;
  _mikro_entity_metadata_get_props (meta, &n_props);
  batch_size = get_batch_size (self);

  rows = g_array_sized_new (FALSE, TRUE, sizeof (UpsertRow), n_entities);
  g_array_set_clear_func (rows, upsert_row_clear);
  for (guint i = 0; ok && i < n_entities; i++)
    {
      UpsertRow row = { NULL, NULL, 0 };
      const guint *columns = NULL;
      guint n_columns;

      row.values = read_values (entities[i], meta, error);
      if (row.values == NULL)
        {
          ok = FALSE;
          break;
        }
      row.conflict = g_array_new (FALSE, FALSE, sizeof (guint));
      n_columns = conflict_columns (meta, row.values, row.conflict, &columns, &row.target, error);
      if (n_columns > 0 && columns != (const guint *)(gconstpointer)row.conflict->data)
        {
          g_array_set_size (row.conflict, 0);
          g_array_append_vals (row.conflict, columns, n_columns);
        }
      g_array_append_val (rows, row);
      ok = n_columns > 0;
    }

  /* runs of rows with one conflict target, at most batch-size rows per
   * statement */
  for (guint start = 0; ok && start < rows->len; )
    {
      UpsertRow *first = &g_array_index (rows, UpsertRow, start);
      g_autofree GValue **batch = NULL;
      guint end = start;

      while (end < rows->len && end - start < batch_size &&
             g_array_index (rows, UpsertRow, end).target == first->target)
        end++;

      batch = g_new (GValue *, end - start);
      for (guint i = start; i < end; i++)
        batch[i - start] = g_array_index (rows, UpsertRow, i).values;
      if (first->target == -2)
        {
          const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (meta);

          for (guint i = 0; version != NULL && i < end - start; i++)
            set_first_version (&batch[i][version->index]);
          ok = _mikro_driver_insert_many (driver, meta, batch, end - start, error);
        }
      else
        ok = _mikro_driver_upsert_many (driver, meta, batch, end - start,
                                        (const guint *)(gconstpointer)first->conflict->data,
                                        first->conflict->len, error);
      for (guint i = start; ok && i < end; i++)
        ok = write_back_row (entities[i], meta, g_array_index (rows, UpsertRow, i).values, error);
      start = end;
    }

  for (guint i = 0; i < rows->len; i++)
    free_values (g_array_index (rows, UpsertRow, i).values, n_props);
  if (!ok)
    return NULL;

  result = g_ptr_array_new_full (n_entities, g_object_unref);
  for (guint i = 0; i < n_entities; i++)
    {
      MikroEntity *managed = settle (self, meta, entities[i], error);

      if (managed == NULL)
        return NULL;
      g_ptr_array_add (result, managed);
    }

  return g_steal_pointer (&result);
}

/**
 * mikro_entity_manager_upsert:
 * @self: an entity manager
 * @entity: an entity with its primary key set, or the value of a unique
 *   property
 * @error: return location for a #GError
 *
 * Inserts @entity's row or, if a row with the same key exists, updates
 * that row's other columns with @entity's values (MikroORM's
 * `em.upsert()`), in one statement, right away. The existing row is found
 * by the primary key when @entity's is set, else by the first unique
 * index of the metadata whose properties all hold a value (a unique
 * `email`, say). The key the row has (generated, or the existing row's)
 * and its version are written back into @entity; a versioned row starts at
 * version 1 and grows by one when updated.
 *
 * The entity returned is managed, with nothing pending for the next flush:
 * @entity itself, or, when the identity map already holds an entity with
 * that key, that entity, which takes @entity's values (as
 * [method@Mikro.EntityManager.merge] does). An entity managed by @self is
 * written as it is and stays the one.
 *
 * On MariaDB `ON DUPLICATE KEY UPDATE` takes any unique index as the
 * conflict, not only the one chosen here. No lifecycle events run.
 *
 * Returns: (transfer full) (nullable): the managed entity, or %NULL on
 *   error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_upsert (MikroEntityManager  *self,
                             MikroEntity         *entity,
                             GError             **error)
{
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = upsert_entities (self, &entity, 1, error);
  if (result == NULL)
    return NULL;
  return g_object_ref (g_ptr_array_index (result, 0));
}

/**
 * mikro_entity_manager_upsert_many:
 * @self: an entity manager
 * @entities: (array length=n_entities): entities of one type, as
 *   [method@Mikro.EntityManager.upsert] takes them
 * @n_entities: the number of @entities
 * @error: return location for a #GError
 *
 * Upserts @entities (MikroORM's `em.upsertMany()`): one multi-row
 * statement per [property@Mikro.Orm:batch-size] entities that find their
 * existing rows the same way. Rows of one statement must not conflict with
 * each other.
 *
 * Returns: (transfer full) (nullable): the managed entities, in the
 *   order of @entities, or %NULL on error (then the batches before the
 *   failing one are written)
 *
 * Since: 1.0
 */
GListModel *
mikro_entity_manager_upsert_many (MikroEntityManager  *self,
                                  MikroEntity        **entities,
                                  guint                n_entities,
                                  GError             **error)
{
  g_autoptr(GPtrArray) managed = NULL;
  GListStore *store;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (entities != NULL || n_entities == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n_entities; i++)
    g_return_val_if_fail (MIKRO_IS_ENTITY (entities[i]), NULL);

  if (n_entities == 0)
    return G_LIST_MODEL (g_list_store_new (MIKRO_TYPE_ENTITY));
  managed = upsert_entities (self, entities, n_entities, error);
  if (managed == NULL)
    return NULL;

  store = g_list_store_new (G_OBJECT_TYPE (entities[0]));
  g_list_store_splice (store, 0, 0, managed->pdata, managed->len);
  return G_LIST_MODEL (store);
}

/* The filter of a native call, scoped in a single-table hierarchy to the
 * rows of @meta's type and the types deriving from it. */
static gboolean
parse_filter (MikroEntityMetadata  *meta,
              const char           *json,
              MikroFilterNode     **filter,
              GError              **error)
{
  MikroEntityMetadata *table = _mikro_entity_metadata_get_table_meta (meta);
  MikroFilterNode *parsed = NULL;

  if (json != NULL)
    {
      parsed = _mikro_filter_parse (meta, json, error);
      if (parsed == NULL)
        return FALSE;
    }

  if (table != meta && mikro_entity_metadata_get_entity_type (meta) != _mikro_entity_metadata_get_root_type (meta))
    {
      MikroFilterNode *scope = _mikro_filter_new_in_strings (_mikro_entity_metadata_get_discriminator (table),
                                                             _mikro_entity_metadata_get_discriminator_values (meta));

      parsed = _mikro_filter_new_and (scope, parsed);
    }

  *filter = parsed;
  return TRUE;
}

/* A value of an `a{sv}` for a property, as the database stores it: a
 * to-one relation takes the key of its target, other properties are
 * converted as mikro_entity_manager_assign() does, by assigning them to
 * @scratch, an entity no manager knows. */
static gboolean
convert_value (MikroEntityManager       *self,
               MikroEntityMetadata      *meta,
               MikroEntity              *scratch,
               const MikroPropertyMeta  *prop,
               GVariant                 *variant,
               GValue                   *stored,
               GError                  **error)
{
  if (prop->relation != NULL)
    {
      g_autoptr(GVariant) inner = NULL;
      g_auto(GValue) given = G_VALUE_INIT;
      MikroEntityMetadata *target = prop->relation->target;
      guint n_target_keys;
      GValue *key;

      _mikro_entity_metadata_get_pk_indices (target, &n_target_keys);
      while (variant != NULL && (g_variant_is_of_type (variant, G_VARIANT_TYPE_MAYBE) ||
                                 g_variant_is_of_type (variant, G_VARIANT_TYPE_VARIANT)))
        {
          GVariant *next = g_variant_is_of_type (variant, G_VARIANT_TYPE_MAYBE) ? g_variant_get_maybe (variant)
                                                                                : g_variant_get_variant (variant);

          g_clear_pointer (&inner, g_variant_unref);
          inner = next;
          variant = next;
        }

      g_value_init (stored, prop->value_type);
      if (variant == NULL)
        return TRUE;   /* NULL: no related entity */
      if (n_target_keys != 1)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                       _("Property “%s” of entity “%s” relates to an entity with a composite key, which a native update cannot set"),
                       prop->name, g_type_name (mikro_entity_metadata_get_entity_type (meta)));
          return FALSE;
        }
      g_dbus_gvariant_to_gvalue (variant, &given);
      key = _mikro_entity_manager_convert_key (target, &given, error);
      if (key == NULL)
        {
          g_prefix_error (error, _("Property “%s” of entity “%s”: "),
                          prop->name, g_type_name (mikro_entity_metadata_get_entity_type (meta)));
          return FALSE;
        }
      g_value_unset (stored);
      g_value_init (stored, G_VALUE_TYPE (&key[0]));
      g_value_copy (&key[0], stored);
      _mikro_entity_manager_key_free (target, key);
      return TRUE;
    }

  {
    g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE_VARDICT);
    g_autoptr(GVariant) dict = NULL;

    g_variant_builder_add (builder, "{sv}", prop->name, variant);
    dict = g_variant_ref_sink (g_variant_builder_end (builder));
    if (!mikro_entity_manager_assign (self, scratch, dict, error))
      return FALSE;
  }

  return _mikro_value_read_stored (prop, G_OBJECT (scratch), stored, error);
}

/**
 * mikro_entity_manager_native_update:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery in JSON, as
 *   [method@Mikro.EntityManager.find] takes; %NULL for every row
 * @values: an `a{sv}` dictionary of property names and values: each is
 *   converted to its property's type as [method@Mikro.EntityManager.assign]
 *   does, a to-one relation takes the key of its target, and `nothing` of
 *   a maybe type is NULL; a floating reference is sunk
 * @error: return location for a #GError
 *
 * Sets properties in every row of @entity_type matching @filter, in one
 * `UPDATE` run right away (MikroORM's `em.nativeUpdate()`).
 *
 * Entities already loaded are not refreshed, as in MikroORM: they keep the
 * values they had (use [method@Mikro.EntityManager.refresh]), and the
 * version of a versioned entity is not changed. Properties of embedded
 * objects cannot be set this way.
 *
 * Returns: the number of rows changed (on MariaDB, rows that already held
 *   the values do not count), or -1 on error
 *
 * Since: 1.0
 */
gint64
mikro_entity_manager_native_update (MikroEntityManager  *self,
                                    GType                entity_type,
                                    const char          *filter,
                                    GVariant            *values,
                                    GError             **error)
{
  g_autoptr(MikroFilterNode) node = NULL;
  g_autoptr(GArray) indices = NULL;
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GObject) scratch = NULL;
  g_autoptr(GVariant) sunk = NULL;
  MikroEntityMetadata *meta;
  MikroDriver *driver;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), -1);
  g_return_val_if_fail (values != NULL && g_variant_is_of_type (values, G_VARIANT_TYPE_VARDICT), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* a floating dictionary (g_variant_new() inline) is this call's */
  sunk = g_variant_ref_sink (values);

  meta = _mikro_entity_manager_get_meta (self, entity_type, error);
  if (meta == NULL)
    return -1;
  driver = _mikro_entity_manager_get_driver (self, error);
  if (driver == NULL)
    return -1;
  if (G_TYPE_IS_ABSTRACT (entity_type))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("Entity “%s” is abstract: update the rows of one of its types"),
                   g_type_name (entity_type));
      return -1;
    }
  if (!parse_filter (meta, filter, &node, error))
    return -1;

  indices = g_array_new (FALSE, FALSE, sizeof (guint));
  stored = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (stored, (GDestroyNotify)g_value_unset);
  scratch = g_object_new (entity_type, NULL);

  g_variant_iter_init (&iter, values);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      const MikroPropertyMeta *prop = _mikro_entity_metadata_find_property (meta, name);
      GValue converted = G_VALUE_INIT;
      gboolean ok;

      if (prop == NULL || prop->embedded != NULL || prop->discriminator || prop->pspec == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                       _("Entity “%s” has no property “%s” that a native update can set"),
                       g_type_name (entity_type), name);
          g_variant_unref (value);
          return -1;
        }

      ok = convert_value (self, meta, MIKRO_ENTITY (scratch), prop, value, &converted, error);
      g_variant_unref (value);
      if (!ok)
        {
          if (G_IS_VALUE (&converted))
            g_value_unset (&converted);
          return -1;
        }
      g_array_append_val (indices, prop->index);
      g_array_append_val (stored, converted);
    }

  if (indices->len == 0)
    return 0;

  return _mikro_driver_native_update (driver, meta, node, (const guint *)(gconstpointer)indices->data,
                                      (const GValue *)(gconstpointer)stored->data, indices->len, error);
}

/**
 * mikro_entity_manager_native_delete:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery in JSON, as
 *   [method@Mikro.EntityManager.find] takes; %NULL for every row
 * @error: return location for a #GError
 *
 * Deletes every row of @entity_type matching @filter, in one `DELETE` run
 * right away (MikroORM's `em.nativeDelete()`). No cascade runs but the
 * database's own (`ON DELETE`), and entities already loaded stay in the
 * identity map as they are, as in MikroORM.
 *
 * Returns: the number of rows deleted, or -1 on error
 *
 * Since: 1.0
 */
gint64
mikro_entity_manager_native_delete (MikroEntityManager  *self,
                                    GType                entity_type,
                                    const char          *filter,
                                    GError             **error)
{
  g_autoptr(MikroFilterNode) node = NULL;
  MikroEntityMetadata *meta;
  MikroDriver *driver;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  meta = _mikro_entity_manager_get_meta (self, entity_type, error);
  if (meta == NULL)
    return -1;
  driver = _mikro_entity_manager_get_driver (self, error);
  if (driver == NULL)
    return -1;
  if (!parse_filter (meta, filter, &node, error))
    return -1;

  return _mikro_driver_native_delete (driver, meta, node, error);
}

/**
 * mikro_entity_manager_lock:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @mode: how to lock it
 * @expected_version: with %MIKRO_LOCK_MODE_OPTIMISTIC, the version @entity
 *   must have in the database; ignored by the other modes
 * @error: return location for a #GError
 *
 * Locks @entity (MikroORM's `em.lock()`).
 *
 * %MIKRO_LOCK_MODE_OPTIMISTIC reads the version of @entity's row and fails
 * with %MIKRO_ERROR_OPTIMISTIC_LOCK if it is not @expected_version (or the
 * row is gone); an entity without a version property is a
 * %MIKRO_ERROR_METADATA error.
 *
 * The pessimistic modes lock @entity's row until the transaction ends, and
 * need one open ([method@Mikro.EntityManager.begin] or
 * [method@Mikro.EntityManager.transactional]): outside one they fail with
 * %MIKRO_ERROR_VALIDATION. They run `SELECT … FOR UPDATE` / `FOR SHARE`
 * (PostgreSQL) or `FOR UPDATE` / `LOCK IN SHARE MODE` (MariaDB), with
 * `SKIP LOCKED` or `NOWAIT` for the partial and or-fail modes; an or-fail
 * mode that meets a lock held by another transaction fails with
 * %MIKRO_ERROR_DRIVER, after which PostgreSQL accepts nothing but a
 * rollback in that transaction. SQLite has no row locks (a transaction
 * that writes locks the whole database): there they succeed without a
 * statement.
 *
 * Returns: %TRUE if @entity is locked (or its version is the expected one)
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_lock (MikroEntityManager  *self,
                           MikroEntity         *entity,
                           MikroLockMode        mode,
                           gint64               expected_version,
                           GError             **error)
{
  MikroEntityTracking *tracking;
  MikroEntityMetadata *meta;
  MikroDriver *driver;
  GValue *key;
  gboolean ok;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (mode >= MIKRO_LOCK_MODE_OPTIMISTIC && mode <= MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tracking = _mikro_entity_get_tracking (entity);
  if (tracking->em != self || tracking->state != MIKRO_ENTITY_STATE_MANAGED)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("This “%s” is not managed by entity manager #%u and cannot be locked by it"),
                   G_OBJECT_TYPE_NAME (entity), mikro_entity_manager_get_id (self));
      return FALSE;
    }
  meta = tracking->meta;

  if (mode != MIKRO_LOCK_MODE_OPTIMISTIC && !mikro_entity_manager_is_in_transaction (self))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("A pessimistic lock needs a transaction: lock this “%s” between mikro_entity_manager_begin() and its commit"),
                   G_OBJECT_TYPE_NAME (entity));
      return FALSE;
    }

  driver = _mikro_entity_manager_get_driver (self, error);
  if (driver == NULL)
    return FALSE;

  key = _mikro_entity_manager_entity_key (meta, entity);

  if (mode == MIKRO_LOCK_MODE_OPTIMISTIC)
    {
      const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (meta);
      g_autoptr(MikroFilterNode) filter = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      if (version == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Entity “%s” has no version property: it cannot be locked optimistically"),
                       G_OBJECT_TYPE_NAME (entity));
          _mikro_entity_manager_key_free (meta, key);
          return FALSE;
        }

      filter = _mikro_filter_new_pk (meta, key);
      rows = _mikro_driver_find (driver, meta, filter, 1, FALSE, error);
      ok = rows != NULL;
      if (ok && (rows->len == 0 ||
                 value_as_int64 (&((MikroRow *)g_ptr_array_index (rows, 0))->values[version->index]) != expected_version))
        {
          GValue expected = G_VALUE_INIT;

          g_value_init (&expected, G_TYPE_INT64);
          g_value_set_int64 (&expected, expected_version);
          _mikro_set_optimistic_lock_error (error, meta, key, &expected);
          g_value_unset (&expected);
          ok = FALSE;
        }
    }
  else
    ok = _mikro_driver_lock (driver, meta, key, mode, error);

  _mikro_entity_manager_key_free (meta, key);
  return ok;
}
