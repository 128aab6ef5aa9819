/* mikro-request-context.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-error.h"
#include "mikro-request-context.h"

/**
 * MikroRequestContext:
 *
 * The scope of one request: which [class@Mikro.EntityManager] code that
 * does not carry one should use (MikroORM's `RequestContext`).
 *
 * Each request, job or window should work on its own entity manager, so
 * that its identity map and unit of work do not mix with another's.
 * [func@Mikro.RequestContext.run] makes one for the duration of a function
 * and [func@Mikro.RequestContext.get_entity_manager] finds it from
 * anywhere below that function on the same thread:
 *
 * ```c
 * static void
 * handle_request (MikroEntityManager *em,
 *                 gpointer            user_data)
 * {
 *   // … code further down calls
 *   // mikro_request_context_get_entity_manager (orm, &error) and gets em
 * }
 *
 * mikro_request_context_run (orm, handle_request, request);
 * ```
 *
 * The scopes are, from the innermost:
 *
 * - the contexts begun on the current thread for that ORM, with
 *   [func@Mikro.RequestContext.run] or [func@Mikro.RequestContext.begin]
 *   and [method@Mikro.RequestContext.end] (nested ones hide outer ones);
 * - the entity manager bound to the thread-default [struct@GLib.MainContext]
 *   with [func@Mikro.RequestContext.bind_main_context], for applications
 *   whose main loop is the scope;
 * - the ORM's global entity manager
 *   ([func@Mikro.RequestContext.get_global_entity_manager]), only if
 *   [func@Mikro.RequestContext.set_allow_global] allowed it.
 *
 * Outside all of them [func@Mikro.RequestContext.get_entity_manager] fails
 * with %MIKRO_ERROR_VALIDATION, as MikroORM refuses to use its global
 * entity manager for context specific work unless `allowGlobalContext` is
 * set.
 *
 * Since: 1.0
 */

struct _MikroRequestContext
{
  GObject             parent_instance;

  MikroOrm           *orm;
  MikroEntityManager *entity_manager;
  /* The thread whose stack holds this context; NULL once it is ended. */
  GThread            *thread;
};

G_DEFINE_FINAL_TYPE (MikroRequestContext, mikro_request_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ORM,
  PROP_ENTITY_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------
 * What the ORM owns: the allow-global flag, the global entity manager and
 * the entity managers bound to main contexts, as data on the ORM.
 *
 * Those entity managers hold a reference on their ORM, and the ORM holds
 * them: a cycle that would keep both alive forever. So the reference each
 * of them takes on the ORM is given back as soon as the ORM owns it, and a
 * weak reference on the ORM drops them when it is disposed, taking that
 * reference again first so that dropping an entity manager gives it back
 * (and an entity manager still held elsewhere keeps its ORM alive, as any
 * other would).
 * --------------------------------------------------------------------- */

#define ORM_STATE_KEY "mikro-request-context-orm-state"

typedef struct
{
  gboolean            allow_global;
  /* whether orm_disposed_cb is registered as a weak reference */
  gboolean            watching;
  MikroEntityManager *global;
  /* GMainContext (a reference) → MikroEntityManager */
  GHashTable         *bound;
} OrmState;

/* Guards every OrmState. Nothing that can run user code (finalizing an
 * entity manager, reference counting an ORM that may have toggle
 * references) happens while it is held. */
G_LOCK_DEFINE_STATIC (orm_state);

static void
orm_state_free (gpointer data)
{
  OrmState *state = data;

  /* orm_disposed_cb ran before the ORM was finalized */
  g_assert (state->global == NULL);
  g_assert (g_hash_table_size (state->bound) == 0);

  g_hash_table_unref (state->bound);
  g_free (state);
}

/* With the lock held. */
static OrmState *
orm_state_peek (MikroOrm *orm)
{
  return g_object_get_data (G_OBJECT (orm), ORM_STATE_KEY);
}

/* With the lock held. */
static OrmState *
orm_state_get (MikroOrm *orm)
{
  OrmState *state = orm_state_peek (orm);

  if (state == NULL)
    {
      state = g_new0 (OrmState, 1);
      state->bound = g_hash_table_new_full (NULL, NULL,
                                            (GDestroyNotify) g_main_context_unref,
                                            NULL);
      g_object_set_data_full (G_OBJECT (orm), ORM_STATE_KEY, state, orm_state_free);
    }
  return state;
}

/* Drops an entity manager the ORM owned (see above), without the lock. */
static void
release_owned (MikroOrm           *orm,
               MikroEntityManager *entity_manager)
{
  g_object_ref (orm);
  g_object_unref (entity_manager);
}

static void
orm_disposed_cb (gpointer  data,
                 GObject  *where_the_object_was)
{
  MikroOrm *orm = (MikroOrm *)where_the_object_was;
  g_autoptr(GPtrArray) owned = g_ptr_array_new ();
  g_autoptr(GPtrArray) contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_main_context_unref);
  OrmState *state;
  GHashTableIter iter;
  gpointer key, value;

  G_LOCK (orm_state);
  state = orm_state_peek (orm);
  g_assert (state != NULL);
  state->watching = FALSE;
  if (state->global != NULL)
    g_ptr_array_add (owned, g_steal_pointer (&state->global));
  g_hash_table_iter_init (&iter, state->bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (contexts, key);
      g_ptr_array_add (owned, value);
      g_hash_table_iter_steal (&iter);
    }
  G_UNLOCK (orm_state);

  for (guint i = 0; i < owned->len; i++)
    release_owned (orm, g_ptr_array_index (owned, i));
}

/* Called without the lock once @orm's state owns an entity manager that
 * mikro_orm_create_entity_manager() made; @watch says whether the weak
 * reference must be registered. */
static void
adopt_owned (MikroOrm *orm,
             gboolean  watch)
{
  if (watch)
    g_object_weak_ref (G_OBJECT (orm), orm_disposed_cb, NULL);
  g_object_unref (orm);
}

/* ------------------------------------------------------------------------
 * What a thread owns: for each ORM, the stack of contexts begun on it.
 * The structure exists only while some context is open, so a thread that
 * ends its contexts leaves nothing behind, and a thread that exits with
 * contexts open releases them.
 * --------------------------------------------------------------------- */

typedef struct
{
  /* MikroOrm (kept alive by the contexts) → GPtrArray of
   * MikroRequestContext, innermost last */
  GHashTable *stacks;
} ThreadState;

static void
thread_state_free (gpointer data)
{
  ThreadState *thread_state = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, thread_state->stacks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *stack = value;

      for (guint i = 0; i < stack->len; i++)
        ((MikroRequestContext *)g_ptr_array_index (stack, i))->thread = NULL;
    }
  g_hash_table_unref (thread_state->stacks);
  g_free (thread_state);
}

static GPrivate thread_state_key = G_PRIVATE_INIT (thread_state_free);

static GPtrArray *
thread_stack_peek (MikroOrm *orm)
{
  ThreadState *thread_state = g_private_get (&thread_state_key);

  if (thread_state == NULL)
    return NULL;
  return g_hash_table_lookup (thread_state->stacks, orm);
}

static void
thread_stack_push (MikroRequestContext *context)
{
  ThreadState *thread_state = g_private_get (&thread_state_key);
  GPtrArray *stack;

  if (thread_state == NULL)
    {
      thread_state = g_new0 (ThreadState, 1);
      thread_state->stacks = g_hash_table_new_full (NULL, NULL, NULL,
                                                    (GDestroyNotify) g_ptr_array_unref);
      g_private_set (&thread_state_key, thread_state);
    }

  stack = g_hash_table_lookup (thread_state->stacks, context->orm);
  if (stack == NULL)
    {
      stack = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (thread_state->stacks, context->orm, stack);
    }

  context->thread = g_thread_self ();
  g_ptr_array_add (stack, g_object_ref (context));
}

/* Takes @context and every context begun after it off this thread's
 * stack; returns them, innermost first, for the caller to release once the
 * stack is consistent again. */
static GPtrArray *
thread_stack_pop (MikroRequestContext *context)
{
  ThreadState *thread_state = g_private_get (&thread_state_key);
  GPtrArray *popped = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *stack;
  guint index;

  g_assert (thread_state != NULL);
  stack = g_hash_table_lookup (thread_state->stacks, context->orm);
  g_assert (stack != NULL);
  if (!g_ptr_array_find (stack, context, &index))
    g_assert_not_reached ();

  while (stack->len > index)
    {
      MikroRequestContext *top = g_ptr_array_steal_index (stack, stack->len - 1);

      top->thread = NULL;
      g_ptr_array_add (popped, top);
    }

  if (stack->len == 0)
    g_hash_table_remove (thread_state->stacks, context->orm);
  if (g_hash_table_size (thread_state->stacks) == 0)
    {
      g_private_set (&thread_state_key, NULL);
      thread_state_free (thread_state);
    }

  return popped;
}

/* ------------------------------------------------------------------------
 * The context object.
 * --------------------------------------------------------------------- */

static void
mikro_request_context_finalize (GObject *object)
{
  MikroRequestContext *self = (MikroRequestContext *)object;

  g_assert (self->thread == NULL);

  g_clear_object (&self->entity_manager);
  g_clear_object (&self->orm);

  G_OBJECT_CLASS (mikro_request_context_parent_class)->finalize (object);
}

static void
mikro_request_context_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MikroRequestContext *self = MIKRO_REQUEST_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ORM:
      g_value_set_object (value, self->orm);
      break;

    case PROP_ENTITY_MANAGER:
      g_value_set_object (value, self->entity_manager);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_request_context_class_init (MikroRequestContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mikro_request_context_finalize;
  object_class->get_property = mikro_request_context_get_property;

  /**
   * MikroRequestContext:orm:
   *
   * The ORM the context was begun for.
   *
   * Since: 1.0
   */
  properties[PROP_ORM] =
    g_param_spec_object ("orm", NULL, NULL,
                         MIKRO_TYPE_ORM,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * MikroRequestContext:entity-manager:
   *
   * The entity manager the context made: a fork of its own, with an empty
   * identity map and unit of work.
   *
   * Since: 1.0
   */
  properties[PROP_ENTITY_MANAGER] =
    g_param_spec_object ("entity-manager", NULL, NULL,
                         MIKRO_TYPE_ENTITY_MANAGER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_request_context_init (MikroRequestContext *self)
{
}

/**
 * mikro_request_context_get_entity_manager:
 * @orm: an ORM
 * @error: return location for a #GError
 *
 * Finds the entity manager of the current context for @orm: the one of the
 * innermost context begun on this thread ([func@Mikro.RequestContext.run],
 * [func@Mikro.RequestContext.begin]), else the one bound to the
 * thread-default main context
 * ([func@Mikro.RequestContext.bind_main_context]), else the global entity
 * manager if [func@Mikro.RequestContext.set_allow_global] allowed it.
 *
 * Outside all of them it fails with %MIKRO_ERROR_VALIDATION: using the
 * global entity manager for the work of one request would mix the identity
 * maps of every request.
 *
 * Returns: (transfer none): the entity manager, owned by its context and
 *   valid until that context ends, or %NULL with @error set
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_request_context_get_entity_manager (MikroOrm  *orm,
                                          GError   **error)
{
  GPtrArray *stack;
  GMainContext *main_context;
  MikroEntityManager *entity_manager = NULL;
  gboolean allow_global = FALSE;
  OrmState *state;

  g_return_val_if_fail (MIKRO_IS_ORM (orm), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stack = thread_stack_peek (orm);
  if (stack != NULL)
    {
      MikroRequestContext *innermost = g_ptr_array_index (stack, stack->len - 1);

      return innermost->entity_manager;
    }

  main_context = g_main_context_ref_thread_default ();
  G_LOCK (orm_state);
  state = orm_state_peek (orm);
  if (state != NULL)
    {
      entity_manager = g_hash_table_lookup (state->bound, main_context);
      allow_global = state->allow_global;
    }
  G_UNLOCK (orm_state);
  g_main_context_unref (main_context);

  if (entity_manager != NULL)
    return entity_manager;

  if (allow_global)
    return mikro_request_context_get_global_entity_manager (orm);

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
               _("The global entity manager was used outside a request context: "
                 "create a context for the work (mikro_request_context_run(), "
                 "mikro_request_context_begin() or "
                 "mikro_request_context_bind_main_context()), or allow the global "
                 "context with mikro_request_context_set_allow_global()"));
  return NULL;
}

/**
 * mikro_request_context_run:
 * @orm: an ORM
 * @func: (scope call) (closure user_data): the work of the context
 * @user_data: data for @func
 *
 * Runs @func in a new request context for @orm: @func receives a new
 * entity manager ([method@Mikro.Orm.create_entity_manager], MikroORM's
 * `em.fork()`), and [func@Mikro.RequestContext.get_entity_manager] returns
 * it on this thread until @func returns. A context run inside @func gets an
 * entity manager of its own, and the outer one is the current one again
 * when it ends.
 *
 * The entity manager is released when @func returns unless @func took a
 * reference on it; changes not flushed by then are not written.
 *
 * Since: 1.0
 */
void
mikro_request_context_run (MikroOrm                *orm,
                           MikroRequestContextFunc  func,
                           gpointer                 user_data)
{
  g_autoptr(MikroRequestContext) context = NULL;

  g_return_if_fail (MIKRO_IS_ORM (orm));
  g_return_if_fail (func != NULL);

  context = mikro_request_context_begin (orm);
  func (context->entity_manager, user_data);
  /* contexts @func began and left open are ended too, with a critical */
  mikro_request_context_end (context);
}

/**
 * mikro_request_context_begin:
 * @orm: an ORM
 *
 * Begins a request context for @orm on this thread, for code that cannot
 * put the work of the context in a function (see
 * [func@Mikro.RequestContext.run]): until [method@Mikro.RequestContext.end],
 * [func@Mikro.RequestContext.get_entity_manager] returns the context's new
 * entity manager on this thread.
 *
 * Contexts nest: each one must be ended, on the thread that began it,
 * before the one it was begun in. A thread that exits with contexts open
 * releases them.
 *
 * Returns: (transfer full): the context, to pass to
 *   [method@Mikro.RequestContext.end]
 *
 * Since: 1.0
 */
MikroRequestContext *
mikro_request_context_begin (MikroOrm *orm)
{
  MikroRequestContext *self;

  g_return_val_if_fail (MIKRO_IS_ORM (orm), NULL);

  self = g_object_new (MIKRO_TYPE_REQUEST_CONTEXT, NULL);
  self->orm = g_object_ref (orm);
  self->entity_manager = mikro_orm_create_entity_manager (orm);
  thread_stack_push (self);

  return self;
}

/**
 * mikro_request_context_end:
 * @self: a context from [func@Mikro.RequestContext.begin]
 *
 * Ends @self: the context it was begun in, if any, is the current one
 * again on this thread. The context's entity manager is released with the
 * last reference on @self unless something else holds it.
 *
 * @self must be ended on the thread that began it, once. Ending a context
 * while contexts begun inside it are still open is a programming error;
 * those are ended too.
 *
 * Since: 1.0
 */
void
mikro_request_context_end (MikroRequestContext *self)
{
  g_autoptr(GPtrArray) popped = NULL;

  g_return_if_fail (MIKRO_IS_REQUEST_CONTEXT (self));
  g_return_if_fail (self->thread != NULL);
  g_return_if_fail (self->thread == g_thread_self ());

  popped = thread_stack_pop (self);
  if (popped->len > 1)
    g_critical ("%s: a request context was ended while contexts begun "
                "inside it were open (%u); they are ended too",
                G_STRFUNC, popped->len - 1);
}

/**
 * mikro_request_context_get_orm:
 * @self: a request context
 *
 * Returns: (transfer none): the [property@Mikro.RequestContext:orm] of
 *   @self
 *
 * Since: 1.0
 */
MikroOrm *
mikro_request_context_get_orm (MikroRequestContext *self)
{
  g_return_val_if_fail (MIKRO_IS_REQUEST_CONTEXT (self), NULL);

  return self->orm;
}

/**
 * mikro_request_context_get_fork:
 * @self: a request context
 *
 * Returns the entity manager @self made, which
 * [func@Mikro.RequestContext.get_entity_manager] returns while @self is
 * the current context.
 *
 * Returns: (transfer none): the [property@Mikro.RequestContext:entity-manager]
 *   of @self
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_request_context_get_fork (MikroRequestContext *self)
{
  g_return_val_if_fail (MIKRO_IS_REQUEST_CONTEXT (self), NULL);

  return self->entity_manager;
}

/**
 * mikro_request_context_bind_main_context:
 * @orm: an ORM
 * @context: (nullable): a main context, or %NULL for the global default
 *   one
 *
 * Gives @context an entity manager of its own for @orm, for applications
 * whose main loop is the scope of the work, such as a GTK application (one
 * window, one loop, one unit of work): on a thread whose thread-default
 * main context ([func@GLib.MainContext.ref_thread_default]) is @context,
 * [func@Mikro.RequestContext.get_entity_manager] returns it when no
 * context begun on the thread is open.
 *
 * The entity manager stays until
 * [func@Mikro.RequestContext.unbind_main_context] or until @orm is
 * disposed; binding @context again keeps it. @orm holds a reference on
 * @context meanwhile.
 *
 * A thread that never made a main context its thread-default has the
 * global default one: binding %NULL makes the entity manager visible to
 * such threads too, worker threads included. An entity manager is not
 * thread-safe, so work on other threads should run in contexts of its own
 * ([func@Mikro.RequestContext.run]), which take precedence.
 *
 * Since: 1.0
 */
void
mikro_request_context_bind_main_context (MikroOrm     *orm,
                                         GMainContext *context)
{
  MikroEntityManager *created;
  gboolean adopted = FALSE;
  gboolean watch = FALSE;
  OrmState *state;

  g_return_if_fail (MIKRO_IS_ORM (orm));

  if (context == NULL)
    context = g_main_context_default ();

  G_LOCK (orm_state);
  state = orm_state_get (orm);
  adopted = g_hash_table_contains (state->bound, context);
  G_UNLOCK (orm_state);
  if (adopted)
    return;

  /* made without the lock: see orm_state */
  created = mikro_orm_create_entity_manager (orm);

  G_LOCK (orm_state);
  if (!g_hash_table_contains (state->bound, context))
    {
      g_hash_table_insert (state->bound, g_main_context_ref (context), created);
      watch = !state->watching;
      state->watching = TRUE;
      adopted = TRUE;
    }
  G_UNLOCK (orm_state);

  if (adopted)
    adopt_owned (orm, watch);
  else
    g_object_unref (created);
}

/**
 * mikro_request_context_unbind_main_context:
 * @orm: an ORM
 * @context: (nullable): a main context, or %NULL for the global default
 *   one
 *
 * Releases the entity manager [func@Mikro.RequestContext.bind_main_context]
 * gave @context for @orm, if any, and the reference on @context.
 *
 * Since: 1.0
 */
void
mikro_request_context_unbind_main_context (MikroOrm     *orm,
                                           GMainContext *context)
{
  gpointer key = NULL;
  gpointer value = NULL;
  gboolean found = FALSE;
  OrmState *state;

  g_return_if_fail (MIKRO_IS_ORM (orm));

  if (context == NULL)
    context = g_main_context_default ();

  G_LOCK (orm_state);
  state = orm_state_peek (orm);
  if (state != NULL)
    found = g_hash_table_steal_extended (state->bound, context, &key, &value);
  G_UNLOCK (orm_state);

  if (found)
    {
      g_main_context_unref (key);
      release_owned (orm, value);
    }
}

/**
 * mikro_request_context_set_allow_global:
 * @orm: an ORM
 * @allow_global: whether the global entity manager is the fallback
 *
 * Sets whether [func@Mikro.RequestContext.get_entity_manager] returns the
 * global entity manager of @orm outside any context instead of failing
 * (MikroORM's `allowGlobalContext`). It is %FALSE unless set, as in
 * MikroORM 6: one entity manager for everything lets the identity map grow
 * without bound and mixes unrelated work in one flush. Scripts, tests and
 * command line tools with a single unit of work may allow it.
 *
 * Since: 1.0
 */
void
mikro_request_context_set_allow_global (MikroOrm *orm,
                                        gboolean  allow_global)
{
  g_return_if_fail (MIKRO_IS_ORM (orm));

  G_LOCK (orm_state);
  orm_state_get (orm)->allow_global = !!allow_global;
  G_UNLOCK (orm_state);
}

/**
 * mikro_request_context_get_allow_global:
 * @orm: an ORM
 *
 * Returns: whether [func@Mikro.RequestContext.get_entity_manager] falls
 *   back to the global entity manager of @orm; see
 *   [func@Mikro.RequestContext.set_allow_global]
 *
 * Since: 1.0
 */
gboolean
mikro_request_context_get_allow_global (MikroOrm *orm)
{
  gboolean allow_global = FALSE;
  OrmState *state;

  g_return_val_if_fail (MIKRO_IS_ORM (orm), FALSE);

  G_LOCK (orm_state);
  state = orm_state_peek (orm);
  if (state != NULL)
    allow_global = state->allow_global;
  G_UNLOCK (orm_state);

  return allow_global;
}

/**
 * mikro_request_context_get_global_entity_manager:
 * @orm: an ORM
 *
 * Returns the global entity manager of @orm (MikroORM's `orm.em`), made on
 * first use and the same one until @orm is disposed. It is always
 * available here, for code that knowingly works on it;
 * [func@Mikro.RequestContext.set_allow_global] only decides whether
 * [func@Mikro.RequestContext.get_entity_manager] falls back to it.
 *
 * Returns: (transfer none): the global entity manager
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_request_context_get_global_entity_manager (MikroOrm *orm)
{
  MikroEntityManager *entity_manager;
  MikroEntityManager *created;
  gboolean watch = FALSE;
  OrmState *state;

  g_return_val_if_fail (MIKRO_IS_ORM (orm), NULL);

  G_LOCK (orm_state);
  state = orm_state_get (orm);
  entity_manager = state->global;
  G_UNLOCK (orm_state);
  if (entity_manager != NULL)
    return entity_manager;

  /* made without the lock: see orm_state */
  created = mikro_orm_create_entity_manager (orm);

  G_LOCK (orm_state);
  if (state->global == NULL)
    {
      state->global = g_steal_pointer (&created);
      watch = !state->watching;
      state->watching = TRUE;
    }
  entity_manager = state->global;
  G_UNLOCK (orm_state);

  if (created == NULL)
    adopt_owned (orm, watch);
  else
    g_object_unref (created);

  return entity_manager;
}
