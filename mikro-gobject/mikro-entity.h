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

#define MIKRO_TYPE_ENTITY (mikro_entity_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (MikroEntity, mikro_entity, MIKRO, ENTITY, GObject)

/**
 * MikroEntityClass:
 * @parent_class: the parent class
 *
 * The class of entities. Subclass it (in C, Python, JavaScript or Vala) and
 * describe the persistent properties with a [class@Mikro.EntitySchema].
 *
 * Since: 1.0
 */
struct _MikroEntityClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[12];
};

MIKRO_AVAILABLE_IN_1_0
MikroEntityState mikro_entity_get_state       (MikroEntity *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_entity_is_dirty        (MikroEntity *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_entity_is_initialized  (MikroEntity *self);

G_END_DECLS
