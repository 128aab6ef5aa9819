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

/**
 * MikroLockMode:
 * @MIKRO_LOCK_MODE_OPTIMISTIC: check that the entity's version in the
 *   database is the one expected (no row lock)
 * @MIKRO_LOCK_MODE_PESSIMISTIC_READ: a shared row lock (`FOR SHARE`,
 *   `LOCK IN SHARE MODE`), waiting for writers
 * @MIKRO_LOCK_MODE_PESSIMISTIC_WRITE: an exclusive row lock (`FOR UPDATE`),
 *   waiting for other lockers
 * @MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_WRITE: an exclusive row lock taken
 *   only if free (`FOR UPDATE SKIP LOCKED`): a locked row is skipped
 * @MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL: an exclusive row lock, or an
 *   error at once if another transaction holds one (`FOR UPDATE NOWAIT`)
 * @MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_READ: a shared row lock taken only if
 *   free (`FOR SHARE SKIP LOCKED`)
 * @MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL: a shared row lock, or an error
 *   at once (`FOR SHARE NOWAIT`)
 *
 * How [method@Mikro.EntityManager.lock] locks an entity (MikroORM's
 * `LockMode`). The pessimistic modes hold their lock until the transaction
 * they were taken in ends.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_LOCK_MODE_OPTIMISTIC,
  MIKRO_LOCK_MODE_PESSIMISTIC_READ,
  MIKRO_LOCK_MODE_PESSIMISTIC_WRITE,
  MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_WRITE,
  MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL,
  MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_READ,
  MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL,
} MikroLockMode;

MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_upsert      (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_entity_manager_upsert_many (MikroEntityManager  *self,
                                                      MikroEntity        **entities,
                                                      guint                n_entities,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_insert      (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_entity_manager_native_update (MikroEntityManager  *self,
                                                        GType                entity_type,
                                                        const char          *filter,
                                                        GVariant            *values,
                                                        GError             **error);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_entity_manager_native_delete (MikroEntityManager  *self,
                                                        GType                entity_type,
                                                        const char          *filter,
                                                        GError             **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_lock        (MikroEntityManager  *self,
                                                      MikroEntity         *entity,
                                                      MikroLockMode        mode,
                                                      gint64               expected_version,
                                                      GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_flush_async     (MikroEntityManager  *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_flush_finish    (MikroEntityManager  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_find_async      (MikroEntityManager  *self,
                                                          GType                entity_type,
                                                          const char          *filter,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_entity_manager_find_finish     (MikroEntityManager  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_find_one_async  (MikroEntityManager  *self,
                                                          GType                entity_type,
                                                          const GValue        *primary_key,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_find_one_finish (MikroEntityManager  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_count_async     (MikroEntityManager  *self,
                                                          GType                entity_type,
                                                          const char          *filter,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_entity_manager_count_finish    (MikroEntityManager  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_find_one_by_async       (MikroEntityManager   *self,
                                                                  GType                 entity_type,
                                                                  const char           *filter,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_find_one_by_finish      (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_find_one_or_fail_async  (MikroEntityManager   *self,
                                                                  GType                 entity_type,
                                                                  const char           *filter,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_find_one_or_fail_finish (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_populate_async          (MikroEntityManager   *self,
                                                                  MikroEntity          *entity,
                                                                  const char           *property,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_populate_finish         (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_refresh_async           (MikroEntityManager   *self,
                                                                  MikroEntity          *entity,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_refresh_finish          (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_upsert_async            (MikroEntityManager   *self,
                                                                  MikroEntity          *entity,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_entity_manager_upsert_finish           (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_upsert_many_async       (MikroEntityManager   *self,
                                                                  MikroEntity         **entities,
                                                                  guint                 n_entities,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_entity_manager_upsert_many_finish      (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_insert_async            (MikroEntityManager   *self,
                                                                  MikroEntity          *entity,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_insert_finish           (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_native_update_async     (MikroEntityManager   *self,
                                                                  GType                 entity_type,
                                                                  const char           *filter,
                                                                  GVariant             *values,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_entity_manager_native_update_finish    (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_native_delete_async     (MikroEntityManager   *self,
                                                                  GType                 entity_type,
                                                                  const char           *filter,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_entity_manager_native_delete_finish    (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_lock_async              (MikroEntityManager   *self,
                                                                  MikroEntity          *entity,
                                                                  MikroLockMode         mode,
                                                                  gint64                expected_version,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_lock_finish             (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_begin_async             (MikroEntityManager   *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_begin_finish            (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_commit_async            (MikroEntityManager   *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_commit_finish           (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_rollback_async          (MikroEntityManager   *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_rollback_finish         (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_transactional_async     (MikroEntityManager    *self,
                                                                  MikroTransactionFunc   func,
                                                                  gpointer               func_data,
                                                                  GDestroyNotify         func_notify,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_transactional_finish    (MikroEntityManager  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_set_logging   (MikroEntityManager *self,
                                                        gboolean            enabled);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_manager_get_logging   (MikroEntityManager *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_manager_set_log_label (MikroEntityManager *self,
                                                        const char         *label);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_manager_get_log_label (MikroEntityManager *self);

G_END_DECLS
