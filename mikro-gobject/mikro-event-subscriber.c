/* mikro-event-subscriber.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-gobject.h"

/**
 * MikroEventSubscriber:
 *
 * Told of the life cycle of entities and of flushes; see
 * [struct@Mikro.EventSubscriberInterface].
 *
 * ```python
 * class Audit(GObject.Object, Mikro.EventSubscriber):
 *     def do_on_flush(self, event):
 *         for change in event.list_change_sets():
 *             ...
 *         return True
 *
 * orm.add_subscriber(Audit())
 * ```
 *
 * Since: 1.0
 */

G_DEFINE_INTERFACE (MikroEventSubscriber, mikro_event_subscriber, G_TYPE_OBJECT)

static void
mikro_event_subscriber_default_init (MikroEventSubscriberInterface *iface)
{
}
