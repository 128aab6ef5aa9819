/* mikro-propagation-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-collection.h"
#include "mikro-driver-private.h"
#include "mikro-entity.h"

G_BEGIN_DECLS

/* Propagation (MikroORM's): setting one side of a bidirectional relation
 * sets the other side in memory, for entities of any state, managed or
 * not. Discovery tells which properties have another side; the rest is
 * driven by property notifications and by the collections' add and
 * remove. */

/* Discovery: the two sides of @rel know each other from now on. */
void     _mikro_propagation_register           (const MikroRelationMeta *rel);

/* A property of @entity was notified. While @loading (values the database
 * set, or the other side being updated), the other side is left alone. */
void     _mikro_propagation_notify             (MikroEntity             *entity,
                                                GParamSpec              *pspec,
                                                gboolean                 loading);

/* The application added @item to or removed it from @collection of
 * @owner: the other side follows. */
void     _mikro_propagation_collection_added   (MikroCollection         *collection,
                                                GObject                 *owner,
                                                GObject                 *item);
void     _mikro_propagation_collection_removed (MikroCollection         *collection,
                                                GObject                 *owner,
                                                GObject                 *item);

/* Whether @property of @owner is the inverse side of a bidirectional
 * relation (a one-to-many, the inverse of a many-to-many or of a
 * one-to-one). */
gboolean _mikro_propagation_is_inverse_side    (GObject                 *owner,
                                                const char              *property);

G_END_DECLS
