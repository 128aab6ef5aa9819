/* mikro-event-subscriber.h
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
#include "mikro-entity.h"
#include "mikro-entity-metadata.h"
#include "mikro-flush-event.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_EVENT_SUBSCRIBER (mikro_event_subscriber_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_INTERFACE (MikroEventSubscriber, mikro_event_subscriber, MIKRO, EVENT_SUBSCRIBER, GObject)

/**
 * MikroEventSubscriberInterface:
 * @parent_iface: the parent interface
 * @is_subscribed: whether the subscriber wants the entity events of the
 *   entity type @metadata describes; unset, it wants every type's
 * @entity_event: an [enum@Mikro.EntityEvent] of an entity; failing a
 *   before-event aborts the flush, which is rolled back
 * @before_flush: a flush starts, before anything is computed: entities
 *   persisted or changed now are written by it
 * @on_flush: the change sets are computed and nothing is written yet:
 *   entities persisted or changed now are computed into the same flush
 * @after_flush: the flush committed
 *
 * An object told of the life cycle of entities and of flushes (MikroORM's
 * `EventSubscriber`). Implement the functions you need, in C, Python,
 * JavaScript or Vala, and add the object with
 * [method@Mikro.Orm.add_subscriber].
 *
 * Since: 1.0
 */
struct _MikroEventSubscriberInterface
{
  GTypeInterface parent_iface;

  gboolean (*is_subscribed) (MikroEventSubscriber  *self,
                             MikroEntityMetadata   *metadata);
  gboolean (*entity_event)  (MikroEventSubscriber  *self,
                             MikroEntityEvent       event,
                             MikroEntity           *entity,
                             GError               **error);
  gboolean (*before_flush)  (MikroEventSubscriber  *self,
                             MikroFlushEvent       *event,
                             GError               **error);
  gboolean (*on_flush)      (MikroEventSubscriber  *self,
                             MikroFlushEvent       *event,
                             GError               **error);
  void     (*after_flush)   (MikroEventSubscriber  *self,
                             MikroFlushEvent       *event);

  /*< private >*/
  gpointer padding[8];
};

G_END_DECLS
