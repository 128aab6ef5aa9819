/* mikro-entity-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-entity.h"
#include "mikro-entity-manager.h"
#include "mikro-entity-metadata.h"

G_BEGIN_DECLS

/* What the unit of work keeps per entity. It lives in the entity's
 * instance-private data, so tracking costs no hash lookup per notification
 * and no memory for entities no manager knows. */
typedef struct
{
  MikroEntityManager *em;          /* not a reference: the manager owns us */
  MikroEntityMetadata *meta;       /* not a reference: the ORM keeps it while the manager lives */
  GValue             *snapshot;    /* one per mapped property, as last read or written */
  guint64             dirty_mask;  /* bit i: property i was notified since the snapshot */
  MikroEntityState    state;
  guint               hydrating : 1;
  guint               all_dirty : 1;  /* a property beyond bit 63 was notified */
  guint               queued : 1;     /* in the manager's dirty queue */
  guint               in_identity_map : 1;
  guint               uninitialized : 1;  /* a reference: only its key is known */
  guint               collections_dirty : 1;  /* a collection was changed */
} MikroEntityTracking;

MikroEntityTracking *_mikro_entity_get_tracking   (MikroEntity        *self);
void                 _mikro_entity_set_snapshot   (MikroEntity        *self,
                                                   GValue             *values);
void                 _mikro_entity_clear_tracking (MikroEntity        *self);
void                 _mikro_entity_watch_embedded (MikroEntity        *self);
/* A collection of @self was changed by the application. */
void                 _mikro_entity_collection_changed (MikroEntity    *self);

/* Called by MikroEntity when a managed entity is first notified after its
 * snapshot; implemented by the entity manager. */
void                 _mikro_entity_manager_enqueue_dirty (MikroEntityManager *self,
                                                          MikroEntity        *entity);

G_END_DECLS
