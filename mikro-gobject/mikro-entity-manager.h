/* mikro-entity-manager.h
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
#include "mikro-entity.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_ENTITY_MANAGER (mikro_entity_manager_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroEntityManager, mikro_entity_manager, MIKRO, ENTITY_MANAGER, GObject)

MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_persist     (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_remove      (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_flush       (MikroEntityManager  *self,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_find_one    (MikroEntityManager  *self,
                                                      GType                entity_type,
                                                      const GValue        *primary_key,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_find_one_by (MikroEntityManager  *self,
                                                      GType                entity_type,
                                                      const char          *filter,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_find_one_or_fail (MikroEntityManager  *self,
                                                           GType                entity_type,
                                                           const char          *filter,
                                                           GError             **error);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_entity_manager_count       (MikroEntityManager  *self,
                                                      GType                entity_type,
                                                      const char          *filter,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_entity_manager_find        (MikroEntityManager  *self,
                                                      GType                entity_type,
                                                      const char          *filter,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_clear       (MikroEntityManager  *self);
MIKRO_AVAILABLE_IN_1_0
MikroEntityManager *mikro_entity_manager_fork        (MikroEntityManager  *self);
MIKRO_AVAILABLE_IN_1_0
guint               mikro_entity_manager_get_id      (MikroEntityManager  *self);

G_END_DECLS
