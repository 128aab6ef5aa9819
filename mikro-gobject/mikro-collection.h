/* mikro-collection.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <gio/gio.h>

#include "mikro-version-macros.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_COLLECTION (mikro_collection_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroCollection, mikro_collection, MIKRO, COLLECTION, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroCollection *mikro_collection_new               (GObject         *owner,
                                                     const char      *property,
                                                     GType            item_type);
MIKRO_AVAILABLE_IN_1_0
GObject         *mikro_collection_get_owner         (MikroCollection *self);
MIKRO_AVAILABLE_IN_1_0
const char      *mikro_collection_get_property_name (MikroCollection *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_is_initialized    (MikroCollection *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_add               (MikroCollection *self,
                                                     GObject         *item);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_remove            (MikroCollection *self,
                                                     GObject         *item);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_contains          (MikroCollection *self,
                                                     GObject         *item);
MIKRO_AVAILABLE_IN_1_0
void             mikro_collection_remove_all        (MikroCollection *self);
MIKRO_AVAILABLE_IN_1_0
void             mikro_collection_set               (MikroCollection *self,
                                                     GObject        **items,
                                                     guint            n_items);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_is_dirty          (MikroCollection *self);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_load              (MikroCollection *self,
                                                     GError         **error);
MIKRO_AVAILABLE_IN_1_0
void             mikro_collection_load_async        (MikroCollection     *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean         mikro_collection_load_finish       (MikroCollection *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);

G_END_DECLS
