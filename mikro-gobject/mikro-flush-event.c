/* mikro-flush-event.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-change-set-private.h"

/**
 * MikroFlushEvent:
 *
 * What an [iface@Mikro.EventSubscriber] is told of a flush (MikroORM's
 * `FlushEventArgs`): the entity manager flushing and, from `on_flush` on,
 * the [class@Mikro.ChangeSet]s it writes.
 *
 * Since: 1.0
 */

struct _MikroFlushEvent
{
  GObject             parent_instance;

  MikroEntityManager *em;            /* not a reference: the flush holds it */
  GListStore         *change_sets;
};

G_DEFINE_FINAL_TYPE (MikroFlushEvent, mikro_flush_event, G_TYPE_OBJECT)

static void
mikro_flush_event_finalize (GObject *object)
{
  MikroFlushEvent *self = (MikroFlushEvent *)object;

  g_clear_object (&self->change_sets);

  G_OBJECT_CLASS (mikro_flush_event_parent_class)->finalize (object);
}

static void
mikro_flush_event_class_init (MikroFlushEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mikro_flush_event_finalize;
}

static void
mikro_flush_event_init (MikroFlushEvent *self)
{
}

MikroFlushEvent *
_mikro_flush_event_new (MikroEntityManager *em,
                        GListStore         *change_sets)
{
  MikroFlushEvent *self = g_object_new (MIKRO_TYPE_FLUSH_EVENT, NULL);

  self->em = em;
  self->change_sets = g_object_ref (change_sets);
  return self;
}

/**
 * mikro_flush_event_get_entity_manager:
 * @self: a flush event
 *
 * Returns: (transfer none): the entity manager flushing
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_flush_event_get_entity_manager (MikroFlushEvent *self)
{
  g_return_val_if_fail (MIKRO_IS_FLUSH_EVENT (self), NULL);

  return self->em;
}

/**
 * mikro_flush_event_list_change_sets:
 * @self: a flush event
 *
 * The change sets of the flush: empty before `on_flush`; after it, what
 * the flush writes, creates first, then updates, then deletes.
 *
 * Returns: (transfer full): a list of [class@Mikro.ChangeSet]
 *
 * Since: 1.0
 */
GListModel *
mikro_flush_event_list_change_sets (MikroFlushEvent *self)
{
  g_return_val_if_fail (MIKRO_IS_FLUSH_EVENT (self), NULL);

  return g_object_ref (G_LIST_MODEL (self->change_sets));
}
