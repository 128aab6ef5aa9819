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
 * main context.
 *
 * Each call is a Call: its arguments, copied or referenced so that the
 * caller may let go of them, a run function that makes the synchronous
 * call in the worker, and the kind of result it leaves behind, which is
 * what the _finish function takes back. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-entity-manager-private.h"

typedef enum {
  RESULT_BOOLEAN,
  RESULT_OBJECT,
  RESULT_INT64,
} ResultKind;

typedef struct _Call Call;

/* In the worker: the synchronous call, whose result goes into the field
 * of the call's result kind, and its error into @call->error. */
typedef void (*CallFunc) (MikroEntityManager *self,
                          Call               *call);

struct _Call
{
  CallFunc              run;
  ResultKind            result_kind;
  /* arguments, those the kind needs */
  GType                 entity_type;
  char                 *filter;
  char                 *property;
  GValue                key;
  MikroEntity          *entity;
  GVariant             *values;
  GPtrArray            *entities;
  MikroLockMode         mode;
  gint64                expected_version;
  MikroTransactionFunc  func;
  gpointer              func_data;
  GDestroyNotify        func_notify;
  /* results */
  gboolean              boolean;
  gpointer              object;   /* GListModel or MikroEntity */
  gint64                int64;
  GError               *error;
  GPtrArray            *frozen;   /* the notifications that wait */
  GTask                *outer;    /* what the caller waits on */
};

static Call *
call_new (CallFunc   run,
          ResultKind result_kind)
{
  Call *call = g_new0 (Call, 1);

  call->run = run;
  call->result_kind = result_kind;
  return call;
}

/* The arguments are done with. Called in the caller's thread when the
 * call completes (the last reference on the task may go in the worker):
 * the function's data is freed, and an entity whose last reference the
 * call held is finalized, where the caller expects it. */
static void
call_release_args (Call *call)
{
  GDestroyNotify notify = g_steal_pointer (&call->func_notify);

  call->func = NULL;
  if (notify != NULL)
    notify (g_steal_pointer (&call->func_data));
  g_clear_pointer (&call->filter, g_free);
  g_clear_pointer (&call->property, g_free);
  if (G_IS_VALUE (&call->key))
    g_value_unset (&call->key);
  g_clear_object (&call->entity);
  g_clear_pointer (&call->values, g_variant_unref);
  g_clear_pointer (&call->entities, g_ptr_array_unref);
}

static void
call_free (gpointer data)
{
  Call *call = data;

  call_release_args (call);
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
  /* a transaction begun here is the manager's, not this pool thread's */
  _mikro_driver_set_worker_thread (TRUE);
  _mikro_entity_manager_defer_notify_begin ();
  call->run (self, call);
  call->frozen = _mikro_entity_manager_defer_notify_end ();
  _mikro_driver_set_worker_thread (FALSE);
  g_task_return_boolean (task, TRUE);
}

/* Back in the caller's thread: the manager free again, the held
 * notifications, then the caller's callback. */
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
  call_release_args (call);

  if (call->error != NULL)
    g_task_return_error (outer, g_steal_pointer (&call->error));
  else
    switch (call->result_kind)
      {
      case RESULT_BOOLEAN:
        g_task_return_boolean (outer, call->boolean);
        break;
      case RESULT_INT64:
        g_task_return_pointer (outer, g_memdup2 (&call->int64, sizeof call->int64), g_free);
        break;
      case RESULT_OBJECT:
      default:
        {
          gpointer object = g_steal_pointer (&call->object);

          g_task_return_pointer (outer, object, object != NULL ? g_object_unref : NULL);
        }
        break;
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

/* A _finish function's @result: one of @self's calls, started by the
 * _async function @tag. */
#define CHECK_RESULT(self, result, tag, val) \
  G_STMT_START { \
    g_return_val_if_fail (g_task_is_valid ((result), (self)), (val)); \
    g_return_val_if_fail (g_async_result_is_tagged ((result), (tag)), (val)); \
  } G_STMT_END

/* What call_done() returned for RESULT_INT64; -1 on error, as the
 * synchronous calls have it. */
static gint64
propagate_int64 (GAsyncResult  *result,
                 GError       **error)
{
  g_autofree gint64 *value = g_task_propagate_pointer (G_TASK (result), error);

  return value != NULL ? *value : -1;
}

static void
copy_key (Call         *call,
          const GValue *key)
{
  g_value_init (&call->key, G_VALUE_TYPE (key));
  g_value_copy (key, &call->key);
}

/* ------------------------------------------------------- the calls -- */

static void
run_flush (MikroEntityManager *self,
           Call               *call)
{
  call->boolean = mikro_entity_manager_flush (self, &call->error);
}

static void
run_find (MikroEntityManager *self,
          Call               *call)
{
  call->object = mikro_entity_manager_find (self, call->entity_type, call->filter, &call->error);
}

static void
run_find_one (MikroEntityManager *self,
              Call               *call)
{
  call->object = mikro_entity_manager_find_one (self, call->entity_type, &call->key, &call->error);
}

static void
run_find_one_by (MikroEntityManager *self,
                 Call               *call)
{
  call->object = mikro_entity_manager_find_one_by (self, call->entity_type, call->filter, &call->error);
}

static void
run_find_one_or_fail (MikroEntityManager *self,
                      Call               *call)
{
  call->object = mikro_entity_manager_find_one_or_fail (self, call->entity_type, call->filter, &call->error);
}

static void
run_count (MikroEntityManager *self,
           Call               *call)
{
  call->int64 = mikro_entity_manager_count (self, call->entity_type, call->filter, &call->error);
}

static void
run_populate (MikroEntityManager *self,
              Call               *call)
{
  call->boolean = mikro_entity_manager_populate (self, call->entity, call->property, &call->error);
}

static void
run_refresh (MikroEntityManager *self,
             Call               *call)
{
  call->boolean = mikro_entity_manager_refresh (self, call->entity, &call->error);
}

static void
run_upsert (MikroEntityManager *self,
            Call               *call)
{
  call->object = mikro_entity_manager_upsert (self, call->entity, &call->error);
}

static void
run_upsert_many (MikroEntityManager *self,
                 Call               *call)
{
  call->object = mikro_entity_manager_upsert_many (self, (MikroEntity **)call->entities->pdata,
                                                   call->entities->len, &call->error);
}

static void
run_insert (MikroEntityManager *self,
            Call               *call)
{
  call->boolean = mikro_entity_manager_insert (self, call->entity, &call->error);
}

static void
run_native_update (MikroEntityManager *self,
                   Call               *call)
{
  call->int64 = mikro_entity_manager_native_update (self, call->entity_type, call->filter,
                                                    call->values, &call->error);
}

static void
run_native_delete (MikroEntityManager *self,
                   Call               *call)
{
  call->int64 = mikro_entity_manager_native_delete (self, call->entity_type, call->filter, &call->error);
}

static void
run_lock (MikroEntityManager *self,
          Call               *call)
{
  call->boolean = mikro_entity_manager_lock (self, call->entity, call->mode,
                                             call->expected_version, &call->error);
}

static void
run_begin (MikroEntityManager *self,
           Call               *call)
{
  call->boolean = mikro_entity_manager_begin (self, &call->error);
}

static void
run_commit (MikroEntityManager *self,
            Call               *call)
{
  call->boolean = mikro_entity_manager_commit (self, &call->error);
}

static void
run_rollback (MikroEntityManager *self,
              Call               *call)
{
  call->boolean = mikro_entity_manager_rollback (self, &call->error);
}

static void
run_transactional (MikroEntityManager *self,
                   Call               *call)
{
  call->boolean = mikro_entity_manager_transactional (self, call->func, call->func_data, &call->error);
}

/* ------------------------------------------------- the public API -- */

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
 * Every other call of the entity manager that talks to the database has
 * an asynchronous variant that works the same way.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_flush_async (MikroEntityManager  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_call (self, call_new (run_flush, RESULT_BOOLEAN),
              cancellable, callback, user_data, mikro_entity_manager_flush_async);
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
  CHECK_RESULT (self, result, mikro_entity_manager_flush_async, FALSE);

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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_find, RESULT_OBJECT);
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
  CHECK_RESULT (self, result, mikro_entity_manager_find_async, NULL);

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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_find_one, RESULT_OBJECT);
  call->entity_type = entity_type;
  copy_key (call, primary_key);
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
  CHECK_RESULT (self, result, mikro_entity_manager_find_one_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mikro_entity_manager_find_one_by_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the query completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.find_one_by] in a worker thread; see
 * [method@Mikro.EntityManager.flush_async] for what that means for @self
 * and the entities.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_find_one_by_async (MikroEntityManager  *self,
                                        GType                entity_type,
                                        const char          *filter,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_find_one_by, RESULT_OBJECT);
  call->entity_type = entity_type;
  call->filter = g_strdup (filter);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_find_one_by_async);
}

/**
 * mikro_entity_manager_find_one_by_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the first entity matching, or
 *   %NULL if none matches (then @error is not set) or on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_find_one_by_finish (MikroEntityManager  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_find_one_by_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mikro_entity_manager_find_one_or_fail_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the query completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.find_one_or_fail] in a worker thread:
 * no match is a %MIKRO_ERROR_NOT_FOUND error of
 * [method@Mikro.EntityManager.find_one_or_fail_finish], or the error of
 * the handler set with [method@Mikro.Orm.set_not_found_handler], which
 * then runs in the worker.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_find_one_or_fail_async (MikroEntityManager  *self,
                                             GType                entity_type,
                                             const char          *filter,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_find_one_or_fail, RESULT_OBJECT);
  call->entity_type = entity_type;
  call->filter = g_strdup (filter);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_find_one_or_fail_async);
}

/**
 * mikro_entity_manager_find_one_or_fail_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the entity, or %NULL with @error set
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_find_one_or_fail_finish (MikroEntityManager  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_find_one_or_fail_async, NULL);

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
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_count, RESULT_INT64);
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
  CHECK_RESULT (self, result, mikro_entity_manager_count_async, -1);

  return propagate_int64 (result, error);
}

/**
 * mikro_entity_manager_populate_async:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @property: the name of one of its relations
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the relation is loaded
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.populate] in a worker thread. The
 * loaded entities' notifications, and the `items-changed` signal and
 * `n-items` notification of a collection loaded, are emitted in the
 * caller's thread before @callback runs, so a `GtkListView` bound to the
 * collection is never told of the change from the worker.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_populate_async (MikroEntityManager  *self,
                                     MikroEntity         *entity,
                                     const char          *property,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (MIKRO_IS_ENTITY (entity));
  g_return_if_fail (property != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_populate, RESULT_BOOLEAN);
  call->entity = g_object_ref (entity);
  call->property = g_strdup (property);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_populate_async);
}

/**
 * mikro_entity_manager_populate_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the relation was loaded
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_populate_finish (MikroEntityManager  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_populate_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_refresh_async:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the row is reloaded
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.refresh] in a worker thread; the
 * notifications of the properties it reloads are emitted in the caller's
 * thread before @callback runs.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_refresh_async (MikroEntityManager  *self,
                                    MikroEntity         *entity,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (MIKRO_IS_ENTITY (entity));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_refresh, RESULT_BOOLEAN);
  call->entity = g_object_ref (entity);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_refresh_async);
}

/**
 * mikro_entity_manager_refresh_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; a row that is gone is a
 *   %MIKRO_ERROR_NOT_FOUND error
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_refresh_finish (MikroEntityManager  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_upsert_async:
 * @self: an entity manager
 * @entity: an entity with its primary key set, or the value of a unique
 *   property, as [method@Mikro.EntityManager.upsert] takes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the row is written
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.upsert] in a worker thread; the key and
 * version written back into @entity are notified in the caller's thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_upsert_async (MikroEntityManager  *self,
                                   MikroEntity         *entity,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (MIKRO_IS_ENTITY (entity));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_upsert, RESULT_OBJECT);
  call->entity = g_object_ref (entity);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_upsert_async);
}

/**
 * mikro_entity_manager_upsert_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the managed entity (the one passed,
 *   or the identity map's entity with that key), or %NULL on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_entity_manager_upsert_finish (MikroEntityManager  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_upsert_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mikro_entity_manager_upsert_many_async:
 * @self: an entity manager
 * @entities: (array length=n_entities): entities of one type, as
 *   [method@Mikro.EntityManager.upsert] takes them; the array is copied
 * @n_entities: the number of @entities
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the rows are written
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.upsert_many] in a worker thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_upsert_many_async (MikroEntityManager  *self,
                                        MikroEntity        **entities,
                                        guint                n_entities,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (entities != NULL || n_entities == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  for (guint i = 0; i < n_entities; i++)
    g_return_if_fail (MIKRO_IS_ENTITY (entities[i]));

  call = call_new (run_upsert_many, RESULT_OBJECT);
  call->entities = g_ptr_array_new_full (n_entities, g_object_unref);
  for (guint i = 0; i < n_entities; i++)
    g_ptr_array_add (call->entities, g_object_ref (entities[i]));
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_upsert_many_async);
}

/**
 * mikro_entity_manager_upsert_many_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the managed entities, in the order
 *   they were given, or %NULL on error (then the batches before the
 *   failing one are written)
 *
 * Since: 1.0
 */
GListModel *
mikro_entity_manager_upsert_many_finish (MikroEntityManager  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_upsert_many_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mikro_entity_manager_insert_async:
 * @self: an entity manager
 * @entity: a new entity, not persisted
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the row is inserted
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.insert] in a worker thread; the
 * generated key and first version written back into @entity are notified
 * in the caller's thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_insert_async (MikroEntityManager  *self,
                                   MikroEntity         *entity,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (MIKRO_IS_ENTITY (entity));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_insert, RESULT_BOOLEAN);
  call->entity = g_object_ref (entity);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_insert_async);
}

/**
 * mikro_entity_manager_insert_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the row was inserted
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_insert_finish (MikroEntityManager  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_insert_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_native_update_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery in JSON; %NULL for every row
 * @values: an `a{sv}` dictionary of property names and values, as
 *   [method@Mikro.EntityManager.native_update] takes it; a floating
 *   reference is sunk
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the `UPDATE` completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.native_update] in a worker thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_native_update_async (MikroEntityManager  *self,
                                          GType                entity_type,
                                          const char          *filter,
                                          GVariant            *values,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (values != NULL && g_variant_is_of_type (values, G_VARIANT_TYPE_VARDICT));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_native_update, RESULT_INT64);
  call->entity_type = entity_type;
  call->filter = g_strdup (filter);
  call->values = g_variant_ref_sink (values);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_native_update_async);
}

/**
 * mikro_entity_manager_native_update_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: the number of rows changed, as
 *   [method@Mikro.EntityManager.native_update] counts them, or -1 on error
 *
 * Since: 1.0
 */
gint64
mikro_entity_manager_native_update_finish (MikroEntityManager  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_native_update_async, -1);

  return propagate_int64 (result, error);
}

/**
 * mikro_entity_manager_native_delete_async:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @filter: (nullable): a FilterQuery in JSON; %NULL for every row
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the `DELETE` completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.native_delete] in a worker thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_native_delete_async (MikroEntityManager  *self,
                                          GType                entity_type,
                                          const char          *filter,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_native_delete, RESULT_INT64);
  call->entity_type = entity_type;
  call->filter = g_strdup (filter);
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_native_delete_async);
}

/**
 * mikro_entity_manager_native_delete_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: the number of rows deleted, or -1 on error
 *
 * Since: 1.0
 */
gint64
mikro_entity_manager_native_delete_finish (MikroEntityManager  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_native_delete_async, -1);

  return propagate_int64 (result, error);
}

/**
 * mikro_entity_manager_lock_async:
 * @self: an entity manager
 * @entity: an entity managed by @self
 * @mode: how to lock it
 * @expected_version: with %MIKRO_LOCK_MODE_OPTIMISTIC, the version @entity
 *   must have in the database; ignored by the other modes
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the lock is taken or refused
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.lock] in a worker thread. A
 * pessimistic lock needs a transaction of @self, which
 * [method@Mikro.EntityManager.begin_async] may have opened in another
 * worker: the transaction is @self's, not a thread's.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_lock_async (MikroEntityManager  *self,
                                 MikroEntity         *entity,
                                 MikroLockMode        mode,
                                 gint64               expected_version,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (MIKRO_IS_ENTITY (entity));
  g_return_if_fail (mode >= MIKRO_LOCK_MODE_OPTIMISTIC && mode <= MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_lock, RESULT_BOOLEAN);
  call->entity = g_object_ref (entity);
  call->mode = mode;
  call->expected_version = expected_version;
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_lock_async);
}

/**
 * mikro_entity_manager_lock_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the entity is locked (or its version is the expected
 *   one)
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_lock_finish (MikroEntityManager  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_lock_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_begin_async:
 * @self: an entity manager
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the transaction (or savepoint) is open
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.begin] in a worker thread.
 *
 * The transaction belongs to @self, not to the worker that opened it:
 * the calls on @self that follow run in it whichever thread makes them —
 * [method@Mikro.EntityManager.flush_async] and
 * [method@Mikro.EntityManager.commit_async] each in a worker of their
 * own, or a synchronous call in the caller's thread. Until it ends, the
 * statements other entity managers sharing the connection send from
 * other threads wait for it, so that they never land in it.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_begin_async (MikroEntityManager  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_call (self, call_new (run_begin, RESULT_BOOLEAN),
              cancellable, callback, user_data, mikro_entity_manager_begin_async);
}

/**
 * mikro_entity_manager_begin_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the transaction (or savepoint) is open
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_begin_finish (MikroEntityManager  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_begin_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_commit_async:
 * @self: an entity manager
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the commit completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.commit] (a flush, then the commit of
 * the innermost level) in a worker thread; the notifications of the flush
 * are emitted in the caller's thread, as with
 * [method@Mikro.EntityManager.flush_async].
 *
 * Since: 1.0
 */
void
mikro_entity_manager_commit_async (MikroEntityManager  *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_call (self, call_new (run_commit, RESULT_BOOLEAN),
              cancellable, callback, user_data, mikro_entity_manager_commit_async);
}

/**
 * mikro_entity_manager_commit_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the flush and the commit succeeded; if the flush
 *   failed the level stays open
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_commit_finish (MikroEntityManager  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_commit_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_rollback_async:
 * @self: an entity manager
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called in the caller's thread-default main
 *   context when the rollback completes
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.rollback] in a worker thread.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_rollback_async (MikroEntityManager  *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_call (self, call_new (run_rollback, RESULT_BOOLEAN),
              cancellable, callback, user_data, mikro_entity_manager_rollback_async);
}

/**
 * mikro_entity_manager_rollback_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the innermost level was rolled back
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_rollback_finish (MikroEntityManager  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_rollback_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mikro_entity_manager_transactional_async:
 * @self: an entity manager
 * @func: (scope notified) (closure func_data) (destroy func_notify): the
 *   work of the transaction; it runs in the worker thread
 * @func_data: data for @func
 * @func_notify: (nullable): frees @func_data when the call completes, in
 *   the caller's thread
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called in the caller's
 *   thread-default main context when the transaction has ended
 * @user_data: data for @callback
 *
 * Runs [method@Mikro.EntityManager.transactional] in a worker thread:
 * opens a transaction (a savepoint inside one already open), runs @func,
 * then commits, with a final flush, when @func returns %TRUE, or rolls
 * back when it fails, whose error
 * [method@Mikro.EntityManager.transactional_finish] then returns.
 *
 * @func runs in the worker thread, not in the caller's. It may make
 * synchronous calls on @self there (the manager is busy only for other
 * threads) and use the entities @self manages, but it must not touch what
 * belongs to the caller's thread, such as widgets, nor wait for the
 * caller's main loop; an asynchronous call on @self from @func fails as
 * busy. The notifications of what the database sets (loaded values,
 * generated keys) are held and emitted in the caller's thread before
 * @callback runs; those of properties @func sets itself are emitted where
 * @func sets them, in the worker.
 *
 * From Python, @func runs in the worker too (PyGObject takes the
 * interpreter lock there, which a running `GLib.MainLoop` does not hold).
 * GJS refuses to run a JavaScript function in another thread: the
 * transaction is then rolled back with a %MIKRO_ERROR_FAILED error. From
 * JavaScript, use [method@Mikro.EntityManager.begin_async], the calls of
 * the transaction, and [method@Mikro.EntityManager.commit_async] or
 * [method@Mikro.EntityManager.rollback_async] instead.
 *
 * Since: 1.0
 */
void
mikro_entity_manager_transactional_async (MikroEntityManager   *self,
                                          MikroTransactionFunc  func,
                                          gpointer              func_data,
                                          GDestroyNotify        func_notify,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  Call *call;

  g_return_if_fail (MIKRO_IS_ENTITY_MANAGER (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = call_new (run_transactional, RESULT_BOOLEAN);
  call->func = func;
  call->func_data = func_data;
  call->func_notify = func_notify;
  start_call (self, call, cancellable, callback, user_data, mikro_entity_manager_transactional_async);
}

/**
 * mikro_entity_manager_transactional_finish:
 * @self: an entity manager
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the transaction's function succeeded and the
 *   transaction committed; %FALSE, with its error, if it was rolled back
 *
 * Since: 1.0
 */
gboolean
mikro_entity_manager_transactional_finish (MikroEntityManager  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  CHECK_RESULT (self, result, mikro_entity_manager_transactional_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
