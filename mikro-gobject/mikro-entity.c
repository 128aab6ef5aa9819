/* mikro-entity.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-driver-private.h"
#include "mikro-entity-private.h"
#include "mikro-entity-schema-private.h"
#include "mikro-propagation-private.h"

/**
 * MikroEntity:
 *
 * The base class of persistent objects.
 *
 * Subclass it and map the persistent properties with a
 * [class@Mikro.EntitySchema]. Properties are ordinary GObject properties:
 * setting one on a managed entity emits `notify`, and that notification is
 * what tells the [class@Mikro.EntityManager] the entity changed, so a flush
 * visits only what changed and updates only the changed columns.
 *
 * Setters of entity properties should notify only when the value really
 * changes (`G_PARAM_EXPLICIT_NOTIFY`); a spurious notification costs a
 * comparison at flush time, never a wrong UPDATE.
 *
 * The same notification keeps both sides of a bidirectional relation in
 * step (MikroORM's propagation), whether the entities are managed or not:
 * setting `book.author` adds the book to the author's `books` if that
 * collection is initialized and takes it out of the former author's; on
 * a one-to-one, setting one side sets the other and clears what the
 * former partner pointed back at.
 *
 * Since: 1.0
 */

typedef MikroEntityTracking MikroEntityPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MikroEntity, mikro_entity, G_TYPE_OBJECT)

MikroEntityTracking *
_mikro_entity_get_tracking (MikroEntity *self)
{
  return mikro_entity_get_instance_private (self);
}

static void
free_snapshot (MikroEntityTracking *tracking)
{
  guint n_props;

  if (tracking->snapshot == NULL)
    return;

  _mikro_entity_metadata_get_props (tracking->meta, &n_props);
  for (guint i = 0; i < n_props; i++)
    if (G_IS_VALUE (&tracking->snapshot[i]))
      g_value_unset (&tracking->snapshot[i]);
  g_clear_pointer (&tracking->snapshot, g_free);
}

/*
 * _mikro_entity_set_snapshot:
 * @values: (transfer full): one GValue per mapped property
 *
 * Replaces the original-value snapshot and clears the dirty state.
 */
void
_mikro_entity_set_snapshot (MikroEntity *self,
                            GValue      *values)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (self);

  free_snapshot (tracking);
  tracking->snapshot = values;
  tracking->dirty_mask = 0;
  tracking->all_dirty = FALSE;
}

void
_mikro_entity_clear_tracking (MikroEntity *self)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (self);

  free_snapshot (tracking);
  tracking->em = NULL;
  tracking->dirty_mask = 0;
  tracking->all_dirty = FALSE;
  tracking->queued = FALSE;
  tracking->in_identity_map = FALSE;
}

static void
mark_dirty (MikroEntityTracking *tracking,
            guint                index)
{
  if (index < 64)
    tracking->dirty_mask |= G_GUINT64_CONSTANT (1) << index;
  else
    tracking->all_dirty = TRUE;
}

static void watch_embedded (MikroEntity             *self,
                            const MikroPropertyMeta *first);

/* Dirty tracking without a signal handler per instance: every notification
 * of every entity passes here, and only a managed, non-hydrating entity
 * does any work. */
static void
mikro_entity_dispatch_properties_changed (GObject     *object,
                                          guint        n_pspecs,
                                          GParamSpec **pspecs)
{
  MikroEntity *self = MIKRO_ENTITY (object);
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (self);

  if (tracking->em != NULL &&
      tracking->state == MIKRO_ENTITY_STATE_MANAGED &&
      !tracking->hydrating)
    {
      gboolean changed = FALSE;

      for (guint i = 0; i < n_pspecs; i++)
        {
          const MikroPropertyMeta *meta;

          meta = _mikro_entity_metadata_find_pspec (tracking->meta, pspecs[i]);
          if (meta == NULL)
            continue;

          if (meta->embedded == pspecs[i])
            {
              /* another embedded object: every column of it, and its
               * changes from now on */
              for (guint j = 0; j < meta->n_embedded; j++)
                mark_dirty (tracking, meta->index + j);
              watch_embedded (self, meta);
            }
          else
            mark_dirty (tracking, meta->index);
          changed = TRUE;
        }

      if (changed && !tracking->queued)
        _mikro_entity_manager_enqueue_dirty (tracking->em, self);
    }

  /* the other sides of bidirectional relations, before anyone else hears
   * of the change: both sides agree by then */
  for (guint i = 0; i < n_pspecs; i++)
    _mikro_propagation_notify (self, pspecs[i], tracking->hydrating);

  G_OBJECT_CLASS (mikro_entity_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
}

/* An embedded object is no entity: its own notifications tell the entity
 * holding it, through one handler per embedded object. */
typedef struct
{
  GWeakRef    owner;
  GParamSpec *embedded;
  gulong      handler;
} EmbeddedWatch;

static GQuark
embedded_watch_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("mikro-embedded-watch");
  return quark;
}

static void
embedded_watch_free (gpointer data)
{
  EmbeddedWatch *watch = data;

  g_weak_ref_clear (&watch->owner);
  g_param_spec_unref (watch->embedded);
  g_free (watch);
}

static void
embedded_notify (GObject    *holder,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  EmbeddedWatch *watch = user_data;
  g_autoptr(MikroEntity) owner = g_weak_ref_get (&watch->owner);
  MikroEntityTracking *tracking;
  const MikroPropertyMeta *first;
  gboolean changed = FALSE;

  if (owner == NULL)
    return;
  tracking = _mikro_entity_get_tracking (owner);
  if (tracking->em == NULL || tracking->state != MIKRO_ENTITY_STATE_MANAGED || tracking->hydrating)
    return;

  /* only while it is still the object the entity holds */
  first = _mikro_entity_metadata_find_pspec (tracking->meta, watch->embedded);
  if (first == NULL)
    return;
  {
    g_autoptr(GObject) current = NULL;

    g_object_get (owner, watch->embedded->name, &current, NULL);
    if (current != holder)
      return;
  }

  for (guint j = 0; j < first->n_embedded; j++)
    {
      const MikroPropertyMeta *column = first + j;

      /* stored whole, or this property's column */
      if (column->pspec == NULL || column->pspec == pspec)
        {
          mark_dirty (tracking, column->index);
          changed = TRUE;
        }
    }

  if (changed && !tracking->queued)
    _mikro_entity_manager_enqueue_dirty (tracking->em, owner);
}

static void
watch_embedded (MikroEntity             *self,
                const MikroPropertyMeta *first)
{
  g_autoptr(GObject) holder = NULL;
  EmbeddedWatch *watch;

  g_object_get (self, first->embedded->name, &holder, NULL);
  if (holder == NULL)
    return;

  watch = g_object_get_qdata (holder, embedded_watch_quark ());
  if (watch != NULL)
    {
      g_autoptr(GObject) owner = g_weak_ref_get (&watch->owner);

      if (owner == G_OBJECT (self) && watch->embedded == first->embedded)
        return;
      g_signal_handler_disconnect (holder, watch->handler);
    }

  watch = g_new0 (EmbeddedWatch, 1);
  g_weak_ref_init (&watch->owner, self);
  watch->embedded = g_param_spec_ref (first->embedded);
  watch->handler = g_signal_connect (holder, "notify", G_CALLBACK (embedded_notify), watch);
  g_object_set_qdata_full (holder, embedded_watch_quark (), watch, embedded_watch_free);
}

/* Called when @self becomes managed: its embedded objects report their
 * changes from now on. */
void
_mikro_entity_watch_embedded (MikroEntity *self)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (self);
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (tracking->meta, &n_props);

  for (guint i = 0; i < n_props; i++)
    if (props[i].embedded != NULL && props[i].n_embedded > 0)
      watch_embedded (self, &props[i]);
}

static void
mikro_entity_finalize (GObject *object)
{
  MikroEntity *self = MIKRO_ENTITY (object);

  free_snapshot (_mikro_entity_get_tracking (self));

  G_OBJECT_CLASS (mikro_entity_parent_class)->finalize (object);
}

static void add_collections (GObject           *object,
                             MikroEntitySchema *schema);

/* Every to-many property gets its collection up front, so that
 * `author.books` can be added to before the author is ever persisted. A
 * property of another type is left alone: discovery reports it. */
static void
mikro_entity_constructed (GObject *object)
{
  MikroEntitySchema *schema;

  G_OBJECT_CLASS (mikro_entity_parent_class)->constructed (object);

  /* the type's own declarations and those it inherits */
  for (GType type = G_OBJECT_TYPE (object); type != MIKRO_TYPE_ENTITY; type = g_type_parent (type))
    {
      schema = mikro_entity_schema_lookup (type);
      if (schema != NULL)
        add_collections (object, schema);
    }
}

static void
add_collections (GObject           *object,
                 MikroEntitySchema *schema)
{
  for (guint i = 0; i < _mikro_entity_schema_get_declarations (schema)->len; i++)
    {
      MikroProperty *decl = g_ptr_array_index (_mikro_entity_schema_get_declarations (schema), i);
      MikroRelationKind kind = mikro_property_get_relation (decl);
      GType target = mikro_property_get_target (decl);
      g_autoptr(MikroCollection) collection = NULL;
      g_autoptr(GObject) current = NULL;
      GParamSpec *pspec;

      if (kind != MIKRO_RELATION_ONE_TO_MANY && kind != MIKRO_RELATION_MANY_TO_MANY)
        continue;

      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), mikro_property_get_name (decl));
      if (pspec == NULL ||
          !g_type_is_a (MIKRO_TYPE_COLLECTION, pspec->value_type) ||
          (pspec->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        continue;

      g_object_get (object, pspec->name, &current, NULL);
      if (current != NULL)
        continue;

      collection = mikro_collection_new (object, pspec->name,
                                         g_type_is_a (target, G_TYPE_OBJECT) ? target : G_TYPE_OBJECT);
      g_object_set (object, pspec->name, collection, NULL);
    }
}

static void
mikro_entity_class_init (MikroEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mikro_entity_constructed;
  object_class->finalize = mikro_entity_finalize;
  object_class->dispatch_properties_changed = mikro_entity_dispatch_properties_changed;
}

static void
mikro_entity_init (MikroEntity *self)
{
}

/**
 * mikro_entity_get_state:
 * @self: an entity
 *
 * Returns: where @self stands in its entity manager's unit of work
 *
 * Since: 1.0
 */
MikroEntityState
mikro_entity_get_state (MikroEntity *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY (self), MIKRO_ENTITY_STATE_NEW);

  return _mikro_entity_get_tracking (self)->state;
}

/**
 * mikro_entity_is_dirty:
 * @self: an entity
 *
 * Whether a persistent property of a managed entity was set since it was
 * loaded or last flushed. A property set back to its original value still
 * counts here; the flush compares values and writes nothing for it.
 *
 * Returns: %TRUE if @self has pending changes
 *
 * Since: 1.0
 */
gboolean
mikro_entity_is_dirty (MikroEntity *self)
{
  MikroEntityTracking *tracking;

  g_return_val_if_fail (MIKRO_IS_ENTITY (self), FALSE);

  tracking = _mikro_entity_get_tracking (self);
  return tracking->dirty_mask != 0 || tracking->all_dirty;
}

/**
 * mikro_entity_is_initialized:
 * @self: an entity
 *
 * Whether the values of @self are known. A reference — what a many-to-one
 * of a loaded entity points at, or what
 * [method@Mikro.EntityManager.get_reference] returns — knows only its
 * primary key until a query loads its row
 * ([method@Mikro.EntityManager.find_one] does). Every other entity is
 * initialized.
 *
 * Returns: %TRUE unless @self is a reference not loaded yet
 *
 * Since: 1.0
 */
gboolean
mikro_entity_is_initialized (MikroEntity *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY (self), FALSE);

  return !_mikro_entity_get_tracking (self)->uninitialized;
}

void
_mikro_entity_collection_changed (MikroEntity *self)
{
  MikroEntityTracking *tracking = _mikro_entity_get_tracking (self);

  if (tracking->em == NULL || tracking->state != MIKRO_ENTITY_STATE_MANAGED || tracking->hydrating)
    return;

  tracking->collections_dirty = TRUE;
  if (!tracking->queued)
    _mikro_entity_manager_enqueue_dirty (tracking->em, self);
}
