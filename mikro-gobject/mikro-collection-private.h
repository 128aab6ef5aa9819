/* mikro-collection-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-collection.h"

G_BEGIN_DECLS

void _mikro_collection_set_loaded        (MikroCollection  *self,
                                          GPtrArray        *items);
void _mikro_collection_set_uninitialized (MikroCollection  *self);
void _mikro_collection_take_snapshot     (MikroCollection  *self);
void _mikro_collection_diff              (MikroCollection  *self,
                                          GPtrArray       **added,
                                          GPtrArray       **removed);
/* Tells, as one change, what an asynchronous call's worker did to @self
 * (see _mikro_entity_manager_defer_collection()). */
void _mikro_collection_emit_deferred     (MikroCollection  *self);
/* Changes made as the other side of a relation (see
 * mikro-propagation-private.h): told to the owner's entity manager and to
 * list observers, not propagated again. */
gboolean _mikro_collection_add_linked    (MikroCollection  *self,
                                          GObject          *item);
gboolean _mikro_collection_remove_linked (MikroCollection  *self,
                                          GObject          *item);
/* Puts @item in place of the item at @position, as the same entity (a
 * merged copy): not a change to flush. */
void     _mikro_collection_replace       (MikroCollection  *self,
                                          guint             position,
                                          GObject          *item);
/* Takes @item out as the database already has it (a deleted entity): no
 * change to flush, nothing propagated, and out of the snapshot too. */
void     _mikro_collection_forget        (MikroCollection  *self,
                                          GObject          *item);
/* Lets go of the items, which are then unknown again (not initialized):
 * how an entity manager breaks the reference cycles of the inverse sides
 * of the entities it detaches. */
void     _mikro_collection_release       (MikroCollection  *self);

G_END_DECLS
