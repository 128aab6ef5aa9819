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
 * set, or the entity manager letting go of @entity), the other side is
 * left alone. */
void     _mikro_propagation_notify             (MikroEntity             *entity,
                                                GParamSpec              *pspec,
                                                gboolean                 loading);

/* The application added @item to @collection of @owner, or took it out:
 * the other side follows. */
void     _mikro_propagation_collection_changed (MikroCollection         *collection,
                                                GObject                 *owner,
                                                GObject                 *item,
                                                gboolean                 added);

G_END_DECLS
