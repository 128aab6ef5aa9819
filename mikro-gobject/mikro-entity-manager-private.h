/* mikro-entity-manager-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What the entity manager's own files share: the calls that bypass the
 * unit of work (mikro-entity-manager-native.c) use the identity map,
 * hydration and keys of mikro-entity-manager.c. */

#pragma once

#include "mikro-collection.h"
#include "mikro-driver-private.h"
#include "mikro-entity-manager.h"

G_BEGIN_DECLS

MikroDriver         *_mikro_entity_manager_get_driver     (MikroEntityManager   *self,
                                                           GError              **error);
MikroEntityMetadata *_mikro_entity_manager_get_meta       (MikroEntityManager   *self,
                                                           GType                 entity_type,
                                                           GError              **error);
/* The key of @entity, a value per key column; free with
 * _mikro_entity_manager_key_free(). */
GValue              *_mikro_entity_manager_entity_key     (MikroEntityMetadata  *meta,
                                                           MikroEntity          *entity);
/* A key given by the application (a value, or a GVariant tuple for a
 * composite key), converted to the key columns' types, or NULL. */
GValue              *_mikro_entity_manager_convert_key    (MikroEntityMetadata  *meta,
                                                           const GValue         *key,
                                                           GError              **error);
void                 _mikro_entity_manager_key_free       (MikroEntityMetadata  *meta,
                                                           GValue               *key);
/* The entity of the identity map with @key, or NULL (borrowed). */
MikroEntity         *_mikro_entity_manager_lookup         (MikroEntityManager   *self,
                                                           MikroEntityMetadata  *meta,
                                                           const GValue         *key);
/* Rows of @meta's table matching @filter, as entities of the identity
 * map (new ones managed, loaded ones as they are). */
GPtrArray           *_mikro_entity_manager_find_entities  (MikroEntityManager   *self,
                                                           MikroEntityMetadata  *meta,
                                                           MikroFilterNode      *filter,
                                                           gint64                limit,
                                                           GError              **error);

/* The entity the to-one property @pspec of a managed @entity held when
 * loaded or last flushed (from its snapshot and the identity map), or
 * NULL. */
MikroEntity         *_mikro_entity_manager_get_stored_related (MikroEntity      *entity,
                                                               GParamSpec       *pspec);

/* Asynchronous calls: in the worker, between begin and end, the
 * notifications of the entities set are held; the caller's thread emits
 * them with thaw_deferred (which takes the array). */
void                 _mikro_entity_manager_defer_notify_begin (void);
GPtrArray           *_mikro_entity_manager_defer_notify_end   (void);
void                 _mikro_entity_manager_thaw_deferred      (GPtrArray            *frozen);
/* Releases a g_object_freeze_notify() taken around values the database
 * gave @entity: now, or when the asynchronous call completes. */
void                 _mikro_entity_manager_thaw_notify        (MikroEntity          *entity);
/* In a worker: holds @collection's change signals until the call
 * completes (see _mikro_collection_emit_deferred()); FALSE elsewhere. */
gboolean             _mikro_entity_manager_defer_collection   (MikroCollection      *collection);
/* Whether a call may use @self now: not while an asynchronous call runs
 * on it in another thread. */
gboolean             _mikro_entity_manager_check_idle (MikroEntityManager   *self,
                                                       GError              **error);
void                 _mikro_entity_manager_set_busy   (MikroEntityManager   *self,
                                                       gboolean              busy);
void                 _mikro_entity_manager_set_worker (MikroEntityManager   *self,
                                                       GThread              *worker);

G_END_DECLS
