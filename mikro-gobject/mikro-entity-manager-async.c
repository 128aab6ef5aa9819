/* mikro-entity-manager-async.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The asynchronous calls of the entity manager: the synchronous call run
 * in a GTask worker thread. The manager is busy meanwhile (another call on
 * it from another thread is an error), the entities' notifications are
 * held in the worker and emitted in the caller's thread when the call
 * completes, and then the caller's callback runs in its thread-default
 * main context. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-entity-manager-private.h"

typedef enum {
  CALL_FLUSH,
  CALL_FIND,
  CALL_FIND_ONE,
  CALL_COUNT,
} CallKind;

typedef struct
{
  CallKind   kind;
  GType      entity_type;
  char      *filter;
  GValue     key;
  GPtrArray *frozen;      /* the entities whose notifications wait */
  /* results */
  gpointer   object;      /* GListModel or MikroEntity */
  gint64     count;
  GError    *error;
  GTask     *outer;       /* what the caller waits on */
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->filter);
  if (G_IS_VALUE (&call->key))
    g_value_unset (&call->key);
  g_clear_object (&call->object);
  g_clear_error (&call->error);
  g_clear_pointer (&call->frozen, g_ptr_array_unref);
  g_clear_object (&call->outer);
  g_free (call);
}

static void
run_call (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  MikroEntityManager *self = source_object;
  Call *call = task_data;

  _mikro_entity_manager_set_worker (self, g_thread_self ());
  _mikro_entity_manager_defer_notify_begin ();

  switch (call->kind)
    {
    case CALL_FLUSH:
      mikro_entity_manager_flush (self, &call->error);
      break;
    case CALL_FIND:
      call->object = mikro_entity_manager_find (self, call->entity_type, call->filter, &call->error);
      break;
    case CALL_FIND_ONE:
      call->object = mikro_entity_manager_find_one (self, call->entity_type, &call->key, &call->error);
      break;
    case CALL_COUNT:
    default:
      call->count = mikro_entity_manager_count (self, call->entity_type, call->filter, &call->error);
      break;
    }

  call->frozen = _mikro_entity_manager_defer_notify_end ();
  g_task_return_boolean (task, TRUE);
}

/* Back in the caller's thread: the held notifications, the manager free
 * again, then the caller's callback. */
static void
call_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MikroEntityManager *self = MIKRO_ENTITY_MANAGER (source_object);
  Call *call = g_task_get_task_data (G_TASK (result));
  GTask *outer = g_steal_pointer (&call->outer);

  _mikro_entity_manager_set_busy (self, FALSE);
  _mikro_entity_manager_thaw_deferred (g_steal_pointer (&call->frozen));

  if (call->error != NULL)
    g_task_return_error (outer, g_steal_pointer (&call->error));
  else if (call->kind == CALL_COUNT)
    {
      gint64 *count = g_new (gint64, 1);

      *count = call->count;
      g_task_return_pointer (outer, count, g_free);
    }
  else if (call->kind == CALL_FLUSH)
    g_task_return_boolean (outer, TRUE);
  else
    {
      gpointer object = g_steal_pointer (&call->object);

      g_task_return_pointer (outer, object, object != NULL ? g_object_unref : NULL);
    }
  g_object_unref (outer);
}

static void
start_call (MikroEntityManager  *self,
            Call                *call,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (outer, source_tag);
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !_mikro_entity_manager_check_idle (self, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      call_free (call);
      return;
    }

  _mikro_entity_manager_set_busy (self, TRUE);
  call->outer = g_steal_pointer (&outer);
  inner = g_task_new (self, NULL, call_done, NULL);
  g_task_set_task_data (inner, call, call_free);
  g_task_run_in_thread (inner, run_call);
}

/**
 * mikro_entity_manager_flush_async:
 * @self: an entity manager
 * @cancellable: (nullable): a #GCancellable; a call cancelled before it
 *   starts fails with %G_IO_ERROR_CANCELLED, one that started completes
 * @callback: (scope async): called in the thread-default main context of
 *   the caller when the flush completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.flush] in a worker thread, so that a
 * GTK application's main loop does not wait for the database. Until it
 * completes, @self is busy: another call on it from the caller's thread is
 * a %MIKRO_ERROR_VALIDATION error (use a fork for concurrent work). The
 * notifications of the entities the flush sets (generated keys, versions)
 * are emitted in the caller's thread before @callback runs; lifecycle
 * hooks and event subscribers run in the worker.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_flush_async (MikroEntityManager  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = g_new0 (Call, 1);
  call->kind = CALL_FLUSH;
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_flush_async);
}

/**
 * mikro_entity_manager_flush_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the flush succeeded
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_flush_finish (MikroEntityManager  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_find_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the query completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.find] in a worker thread; see
 * [method@Mikro.EntityManager.flush_async] for what that means for @self
 * and the entities.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_find_async (MikroEntityManager  *self,
                                 GType                entity_type,
                                 const char          *filter,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));

  call = g_new0 (Call, 1);
  call->kind = CALL_FIND;
  call->entity_type = entity_type;
  call->filter = g_strdup (filter);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_find_async);
}

/**
 * mikro_entity_manager_find_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the entities found, or %NULL on error
 *
 * Since: 1.0
 */
GListModel *
mikro_entity_manager_find_finish (MikroEntityManager  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mikro_entity_manager_find_one_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @primary_key: the primary key, as [method@Mikro.EntityManager.find_one]
 *   takes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the query completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.find_one] in a worker thread (an entity
 * of the identity map comes back without a query, but still through the
 * worker).
 *
 * Since: 1.0
 */
void
mikro_entity_manager_find_one_async (MikroEntityManager  *self,
                                     GType                entity_type,
                                     const GValue        *primary_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (G_IS_VALUE (primary_key));

  call = g_new0 (Call, 1);
  call->kind = CALL_FIND_ONE;
  call->entity_type = entity_type;
  g_value_init (&call->key, G_VALUE_TYPE (primary_key));
  g_value_copy (primary_key, &call->key);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_find_one_async);
}

/**
 * mikro_entity_manager_find_one_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL if there is
 *   none (then @error is not set) or on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_find_one_finish (MikroEntityManager  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mikro_entity_manager_count_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the query completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.count] in a worker thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_count_async (MikroEntityManager  *self,
                                  GType                entity_type,
                                  const char          *filter,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));

  call = g_new0 (Call, 1);
  call->kind = CALL_COUNT;
  call->entity_type = entity_type;
  call->filter = g_strdup (filter);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_count_async);
}

/**
 * mikro_entity_manager_count_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: the number of entities matching, or -1 on error
 *
 * Since: 1.0
 */
gint64
mikro_entity_manager_count_finish (MikroEntityManager  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_autofree gint64 *count = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  count = g_task_propagate_pointer (G_TASK (result), error);
  return count != NULL ? *count : -1;
}
