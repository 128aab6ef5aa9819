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

G_END_DECLS
