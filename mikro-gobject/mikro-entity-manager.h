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
MikroEntity        *mikro_entity_manager_get_reference (MikroEntityManager  *self,
                                                        GType                entity_type,
                                                        const GValue        *primary_key,
                                                        GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_populate    (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      const char          *property,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_create      (MikroEntityManager  *self,
                                                      GType                entity_type,
                                                      GVariant            *values,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_assign      (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      GVariant            *values,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_refresh     (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_merge       (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
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
/**
 * MikroTransactionFunc:
 * @entity_manager: the entity manager the transaction is open on
 * @user_data: the data passed to [method@Mikro.EntityManager.transactional]
 * @error: return location for a #GError
 *
 * The work of a transaction.
 *
 * Returns: %TRUE to commit, %FALSE with @error set to roll back
 *
 * Since: 1.0
 */
typedef gboolean (*MikroTransactionFunc) (MikroEntityManager  *entity_manager,
                                          gpointer             user_data,
                                          GError             **error);

MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_begin       (MikroEntityManager  *self,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_commit      (MikroEntityManager  *self,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_rollback    (MikroEntityManager  *self,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_is_in_transaction (MikroEntityManager *self);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_transactional (MikroEntityManager   *self,
                                                        MikroTransactionFunc  func,
                                                        gpointer              user_data,
                                                        GError              **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_clear       (MikroEntityManager  *self);
MIKRO_AVAILABLE_IN_1_0
MikroEntityManager *mikro_entity_manager_fork        (MikroEntityManager  *self);
MIKRO_AVAILABLE_IN_1_0
guint               mikro_entity_manager_get_id      (MikroEntityManager  *self);

G_END_DECLS
