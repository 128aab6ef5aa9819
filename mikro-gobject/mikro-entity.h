/* mikro-entity.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <glib-object.h>

#include "mikro-version-macros.h"

G_BEGIN_DECLS

/**
 * MikroEntityState:
 * @MIKRO_ENTITY_STATE_NEW: not yet known to an entity manager, or persisted but not flushed
 * @MIKRO_ENTITY_STATE_MANAGED: loaded or flushed, tracked by an entity manager
 * @MIKRO_ENTITY_STATE_REMOVED: scheduled for removal at the next flush
 * @MIKRO_ENTITY_STATE_DETACHED: its entity manager was cleared or destroyed, or it was deleted
 *
 * Where an entity stands in its entity manager's unit of work.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_ENTITY_STATE_NEW,
  MIKRO_ENTITY_STATE_MANAGED,
  MIKRO_ENTITY_STATE_REMOVED,
  MIKRO_ENTITY_STATE_DETACHED,
} MikroEntityState;

/**
 * MikroEntityEvent:
 * @MIKRO_ENTITY_EVENT_ON_LOAD: the entity was loaded from the database
 * @MIKRO_ENTITY_EVENT_BEFORE_CREATE: the flush is about to insert it; its
 *   properties can still be set (a creation time, a slug)
 * @MIKRO_ENTITY_EVENT_AFTER_CREATE: its insert was committed
 * @MIKRO_ENTITY_EVENT_BEFORE_UPDATE: the flush is about to update it;
 *   changes made now are written too
 * @MIKRO_ENTITY_EVENT_AFTER_UPDATE: its update was committed
 * @MIKRO_ENTITY_EVENT_BEFORE_DELETE: the flush is about to delete it
 * @MIKRO_ENTITY_EVENT_AFTER_DELETE: its delete was committed
 *
 * The moments of an entity's life cycle (MikroORM's lifecycle hooks),
 * told to [vfunc@Mikro.Entity.lifecycle] and to
 * [iface@Mikro.EventSubscriber]s.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_ENTITY_EVENT_ON_LOAD,
  MIKRO_ENTITY_EVENT_BEFORE_CREATE,
  MIKRO_ENTITY_EVENT_AFTER_CREATE,
  MIKRO_ENTITY_EVENT_BEFORE_UPDATE,
  MIKRO_ENTITY_EVENT_AFTER_UPDATE,
  MIKRO_ENTITY_EVENT_BEFORE_DELETE,
  MIKRO_ENTITY_EVENT_AFTER_DELETE,
} MikroEntityEvent;

#define MIKRO_TYPE_ENTITY (mikro_entity_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (MikroEntity, mikro_entity, MIKRO, ENTITY, GObject)

/**
 * MikroEntityClass:
 * @parent_class: the parent class
 * @lifecycle: called at each [enum@Mikro.EntityEvent] of the entity; a
 *   before-event that fails aborts the flush, which is rolled back
 *
 * The class of entities. Subclass it (in C, Python, JavaScript or Vala) and
 * describe the persistent properties with a [class@Mikro.EntitySchema].
 *
 * Since: 1.0
 */
struct _MikroEntityClass
{
  GObjectClass parent_class;

  gboolean (*lifecycle) (MikroEntity       *self,
                         MikroEntityEvent   event,
                         GError           **error);

  /*< private >*/
  gpointer padding[11];
};

MIKRO_AVAILABLE_IN_1_0
MikroEntityState mikro_entity_get_state       (MikroEntity *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_entity_is_dirty        (MikroEntity *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_entity_is_initialized  (MikroEntity *self);

G_END_DECLS
