/* test-request-context.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* MikroORM's RequestContext in GObject's scopes: contexts begun on a
 * thread, the thread-default main context, and the global entity manager
 * when allowed. */

#include <string.h>

#include "test-entities.h"

typedef struct
{
  MikroOrm *orm;
  GValue    ann_pk;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GObject) ann = NULL;

  fixture->orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);

  em = mikro_orm_create_entity_manager (fixture->orm);
  ann = g_object_new (TEST_TYPE_AUTHOR, "name", "Ann", "email", "ann@example.com", NULL);
  mikro_entity_manager_persist (em, MIKRO_ENTITY (ann), &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  g_value_init (&fixture->ann_pk, G_TYPE_INT64);
  g_object_get_property (ann, "id", &fixture->ann_pk);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_value_unset (&fixture->ann_pk);
  g_assert_finalize_object (fixture->orm);
}

static void
assert_outside_context (MikroOrm *orm)
{
  g_autoptr(GError) error = NULL;
  MikroEntityManager *em = mikro_request_context_get_entity_manager (orm, &error);

  g_assert_null (em);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
}

/* ------------------------------------------------------------------ */

static void
test_outside (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (mikro_request_context_get_allow_global (fixture->orm));
  g_assert_null (mikro_request_context_get_entity_manager (fixture->orm, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_test_message ("%s", error->message);
  /* what went wrong, and both ways out */
  g_assert_nonnull (strstr (error->message, "global entity manager"));
  g_assert_nonnull (strstr (error->message, "outside a request context"));
  g_assert_nonnull (strstr (error->message, "mikro_request_context_run"));
  g_assert_nonnull (strstr (error->message, "mikro_request_context_set_allow_global"));

  /* the global entity manager exists all the same, for code that asks
   * for it by name */
  g_assert_nonnull (mikro_request_context_get_global_entity_manager (fixture->orm));
  assert_outside_context (fixture->orm);
}

static void
test_global (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MikroEntityManager *global;
  g_autoptr(MikroEntity) first = NULL;
  g_autoptr(MikroEntity) second = NULL;

  mikro_request_context_set_allow_global (fixture->orm, TRUE);
  g_assert_true (mikro_request_context_get_allow_global (fixture->orm));

  global = mikro_request_context_get_entity_manager (fixture->orm, &error);
  g_assert_no_error (error);
  g_assert_true (MIKRO_IS_ENTITY_MANAGER (global));
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, &error) == global);
      g_assert_no_error (error);
      g_assert_true (mikro_request_context_get_global_entity_manager (fixture->orm) == global);
    }

  /* one identity map for everything that uses it */
  first = mikro_entity_manager_find_one (global, TEST_TYPE_AUTHOR, &fixture->ann_pk, &error);
  g_assert_no_error (error);
  second = mikro_entity_manager_find_one (mikro_request_context_get_entity_manager (fixture->orm, NULL),
                                          TEST_TYPE_AUTHOR, &fixture->ann_pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (first == second);

  /* a context still hides it */
  {
    g_autoptr(MikroRequestContext) context = mikro_request_context_begin (fixture->orm);

    g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, NULL) ==
                   mikro_request_context_get_fork (context));
    g_assert_true (mikro_request_context_get_fork (context) != global);
    mikro_request_context_end (context);
  }

  mikro_request_context_set_allow_global (fixture->orm, FALSE);
  assert_outside_context (fixture->orm);
  /* the same one when allowed again */
  mikro_request_context_set_allow_global (fixture->orm, TRUE);
  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, NULL) == global);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  Fixture            *fixture;
  MikroEntityManager *outer;
  MikroEntityManager *inner;
  guint               depth;
} RunData;

static void
run_cb (MikroEntityManager *em,
        gpointer            user_data)
{
  RunData *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (MIKRO_IS_ENTITY_MANAGER (em));
  g_assert_true (mikro_request_context_get_entity_manager (run->fixture->orm, &error) == em);
  g_assert_no_error (error);

  if (run->depth++ == 0)
    {
      run->outer = em;
      /* the outer entity manager lives on after the inner context */
      mikro_request_context_run (run->fixture->orm, run_cb, run);
      g_assert_true (mikro_request_context_get_entity_manager (run->fixture->orm, &error) == em);
      g_assert_no_error (error);
    }
  else
    run->inner = em;
}

static void
test_run (Fixture       *fixture,
          gconstpointer  data)
{
  RunData run = { fixture, NULL, NULL, 0 };

  assert_outside_context (fixture->orm);
  mikro_request_context_run (fixture->orm, run_cb, &run);
  g_assert_cmpuint (run.depth, ==, 2);
  /* pointers compared only: both are released by now */
  g_assert_nonnull (run.outer);
  g_assert_nonnull (run.inner);
  g_assert_true (run.outer != run.inner);
  assert_outside_context (fixture->orm);
}

static void
keep_em_cb (MikroEntityManager *em,
            gpointer            user_data)
{
  MikroEntityManager **kept = user_data;

  *kept = g_object_ref (em);
}

/* The context releases its entity manager unless the work kept it. */
static void
test_run_releases (Fixture       *fixture,
                   gconstpointer  data)
{
  MikroEntityManager *kept = NULL;

  mikro_request_context_run (fixture->orm, keep_em_cb, &kept);
  g_assert_true (MIKRO_IS_ENTITY_MANAGER (kept));
  g_assert_finalize_object (kept);
}

static void
test_begin_end (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroRequestContext) outer = NULL;
  g_autoptr(MikroRequestContext) inner = NULL;
  g_autoptr(MikroEntityManager) property_em = NULL;
  g_autoptr(MikroOrm) property_orm = NULL;
  g_autoptr(MikroEntity) in_outer = NULL;
  g_autoptr(MikroEntity) in_inner = NULL;
  MikroEntityManager *outer_em;

  outer = mikro_request_context_begin (fixture->orm);
  outer_em = mikro_request_context_get_fork (outer);
  g_assert_true (MIKRO_IS_ENTITY_MANAGER (outer_em));
  g_assert_true (mikro_request_context_get_orm (outer) == fixture->orm);
  g_object_get (outer, "entity-manager", &property_em, "orm", &property_orm, NULL);
  g_assert_true (property_em == outer_em);
  g_assert_true (property_orm == fixture->orm);
  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, &error) == outer_em);
  g_assert_no_error (error);

  inner = mikro_request_context_begin (fixture->orm);
  g_assert_true (mikro_request_context_get_fork (inner) != outer_em);
  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, &error) ==
                 mikro_request_context_get_fork (inner));

  /* the forks do not share an identity map */
  in_inner = mikro_entity_manager_find_one (mikro_request_context_get_entity_manager (fixture->orm, NULL),
                                            TEST_TYPE_AUTHOR, &fixture->ann_pk, &error);
  g_assert_no_error (error);
  mikro_request_context_end (inner);

  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, &error) == outer_em);
  in_outer = mikro_entity_manager_find_one (mikro_request_context_get_entity_manager (fixture->orm, NULL),
                                            TEST_TYPE_AUTHOR, &fixture->ann_pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (in_outer);
  g_assert_nonnull (in_inner);
  g_assert_true (in_outer != in_inner);

  mikro_request_context_end (outer);
  assert_outside_context (fixture->orm);

  /* an ended context still answers, it is just not current */
  g_assert_true (mikro_request_context_get_fork (outer) == outer_em);
}

/* Ending an outer context first is a programming error: it says so and
 * ends the inner one too. */
static void
test_end_out_of_order (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
      g_autoptr(MikroRequestContext) outer = NULL;
      g_autoptr(MikroRequestContext) inner = NULL;

      g_assert_no_error (error);
      outer = mikro_request_context_begin (orm);
      inner = mikro_request_context_begin (orm);
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      mikro_request_context_end (outer);
      assert_outside_context (orm);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*ended while contexts begun inside it were open (1)*");
}

/* Contexts for one ORM do not affect another. */
static void
test_several_orms (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) other = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(MikroRequestContext) context = NULL;
  g_autoptr(MikroRequestContext) other_context = NULL;

  g_assert_no_error (error);
  mikro_request_context_set_allow_global (other, TRUE);

  context = mikro_request_context_begin (fixture->orm);
  g_assert_true (mikro_request_context_get_entity_manager (other, NULL) ==
                 mikro_request_context_get_global_entity_manager (other));
  other_context = mikro_request_context_begin (other);
  g_assert_true (mikro_request_context_get_entity_manager (other, NULL) ==
                 mikro_request_context_get_fork (other_context));
  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, NULL) ==
                 mikro_request_context_get_fork (context));

  /* ended in either order: the stacks are per ORM */
  mikro_request_context_end (context);
  assert_outside_context (fixture->orm);
  g_assert_true (mikro_request_context_get_entity_manager (other, NULL) ==
                 mikro_request_context_get_fork (other_context));
  mikro_request_context_end (other_context);
  g_assert_true (mikro_request_context_get_entity_manager (other, NULL) ==
                 mikro_request_context_get_global_entity_manager (other));

  g_clear_object (&other_context);
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* ------------------------------------------------------------------ */

/* Two threads, each in a context of its own at the same time. Only the
 * database work is serialized: one SQLite connection serves both. */
typedef struct
{
  Fixture            *fixture;
  GMutex              db_lock;
  GMutex              lock;
  GCond               cond;
  guint               inside;
  guint               leaving;
  MikroEntityManager *ems[2];
  MikroEntity        *anns[2];
  MikroEntityManager *leaked;
} ThreadsData;

typedef struct
{
  ThreadsData *shared;
  guint        index;
} ThreadArg;

static void
wait_for_both (ThreadsData *shared,
               guint       *counter)
{
  g_mutex_lock (&shared->lock);
  (*counter)++;
  g_cond_broadcast (&shared->cond);
  while (*counter < 2)
    g_cond_wait (&shared->cond, &shared->lock);
  g_mutex_unlock (&shared->lock);
}

static void
thread_work_cb (MikroEntityManager *em,
                gpointer            user_data)
{
  ThreadArg *arg = user_data;
  ThreadsData *shared = arg->shared;
  MikroOrm *orm = shared->fixture->orm;
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) again = NULL;

  shared->ems[arg->index] = em;
  /* both threads are inside their contexts from here on */
  wait_for_both (shared, &shared->inside);

  g_assert_true (mikro_request_context_get_entity_manager (orm, &error) == em);
  g_assert_no_error (error);

  g_mutex_lock (&shared->db_lock);
  ann = mikro_entity_manager_find_one (mikro_request_context_get_entity_manager (orm, NULL),
                                       TEST_TYPE_AUTHOR, &shared->fixture->ann_pk, &error);
  g_assert_no_error (error);
  again = mikro_entity_manager_find_one (mikro_request_context_get_entity_manager (orm, NULL),
                                         TEST_TYPE_AUTHOR, &shared->fixture->ann_pk, &error);
  g_assert_no_error (error);
  g_mutex_unlock (&shared->db_lock);

  g_assert_nonnull (ann);
  g_assert_true (ann == again);
  shared->anns[arg->index] = g_object_ref (ann);

  /* the other thread's entity is not in this identity map */
  wait_for_both (shared, &shared->leaving);
  g_assert_true (shared->anns[1 - arg->index] != ann);
  g_assert_true (mikro_request_context_get_entity_manager (orm, NULL) == em);
}

static gpointer
thread_main (gpointer data)
{
  ThreadArg *arg = data;
  MikroRequestContext *unended;

  mikro_request_context_run (arg->shared->fixture->orm, thread_work_cb, arg);
  assert_outside_context (arg->shared->fixture->orm);

  /* a context left open is released when its thread exits */
  if (arg->index == 0)
    {
      unended = mikro_request_context_begin (arg->shared->fixture->orm);
      g_set_weak_pointer (&arg->shared->leaked, mikro_request_context_get_fork (unended));
      g_object_unref (unended);
    }
  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  ThreadsData shared = { fixture, };
  ThreadArg args[2] = { { &shared, 0 }, { &shared, 1 } };
  GThread *threads[2];

  g_mutex_init (&shared.db_lock);
  g_mutex_init (&shared.lock);
  g_cond_init (&shared.cond);

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("request", thread_main, &args[i]);

  /* meanwhile this thread has no context */
  g_mutex_lock (&shared.lock);
  while (shared.inside < 2)
    g_cond_wait (&shared.cond, &shared.lock);
  g_mutex_unlock (&shared.lock);
  assert_outside_context (fixture->orm);

  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  g_assert_true (shared.ems[0] != shared.ems[1]);
  g_assert_nonnull (shared.anns[0]);
  g_assert_nonnull (shared.anns[1]);
  g_assert_true (shared.anns[0] != shared.anns[1]);
  g_assert_null (shared.leaked);

  for (guint i = 0; i < 2; i++)
    g_object_unref (shared.anns[i]);
  g_cond_clear (&shared.cond);
  g_mutex_clear (&shared.lock);
  g_mutex_clear (&shared.db_lock);
}

/* ------------------------------------------------------------------ */

/* A thread whose loop is the scope: its own main context, thread-default
 * while its loop runs; the test thread binds it and sends it work. */
typedef struct
{
  Fixture            *fixture;
  GMainContext       *context;
  GMainLoop          *loop;
  GMutex              lock;
  GCond               cond;
  gboolean            done;
  MikroEntityManager *seen;
  MikroEntityManager *seen_in_run;
  MikroEntityManager *seen_after_run;
  GError             *error;
} LoopData;

static gpointer
loop_thread_main (gpointer data)
{
  LoopData *loop_data = data;

  g_main_context_push_thread_default (loop_data->context);
  g_main_loop_run (loop_data->loop);
  g_main_context_pop_thread_default (loop_data->context);
  return NULL;
}

static void
note_in_run_cb (MikroEntityManager *em,
                gpointer            user_data)
{
  LoopData *loop_data = user_data;

  loop_data->seen_in_run = mikro_request_context_get_entity_manager (loop_data->fixture->orm, NULL);
  g_assert_true (loop_data->seen_in_run == em);
}

static void
signal_done (LoopData *loop_data)
{
  g_mutex_lock (&loop_data->lock);
  loop_data->done = TRUE;
  g_cond_signal (&loop_data->cond);
  g_mutex_unlock (&loop_data->lock);
}

static gboolean
look_up_cb (gpointer data)
{
  LoopData *loop_data = data;
  MikroOrm *orm = loop_data->fixture->orm;

  g_clear_error (&loop_data->error);
  loop_data->seen = mikro_request_context_get_entity_manager (orm, &loop_data->error);
  if (loop_data->seen != NULL)
    {
      /* a context begun in the loop hides the bound entity manager */
      mikro_request_context_run (orm, note_in_run_cb, loop_data);
      loop_data->seen_after_run = mikro_request_context_get_entity_manager (orm, NULL);
    }
  signal_done (loop_data);
  return G_SOURCE_REMOVE;
}

static void
look_up_in_loop (LoopData *loop_data)
{
  loop_data->done = FALSE;
  loop_data->seen = loop_data->seen_in_run = loop_data->seen_after_run = NULL;
  g_main_context_invoke (loop_data->context, look_up_cb, loop_data);
  g_mutex_lock (&loop_data->lock);
  while (!loop_data->done)
    g_cond_wait (&loop_data->cond, &loop_data->lock);
  g_mutex_unlock (&loop_data->lock);
}

static void
test_main_context (Fixture       *fixture,
                   gconstpointer  data)
{
  LoopData loop_data = { fixture, };
  MikroEntityManager *bound;
  GThread *thread;

  g_mutex_init (&loop_data.lock);
  g_cond_init (&loop_data.cond);
  loop_data.context = g_main_context_new ();
  loop_data.loop = g_main_loop_new (loop_data.context, FALSE);
  thread = g_thread_new ("loop", loop_thread_main, &loop_data);

  /* not bound yet */
  look_up_in_loop (&loop_data);
  g_assert_null (loop_data.seen);
  g_assert_error (loop_data.error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);

  mikro_request_context_bind_main_context (fixture->orm, loop_data.context);
  look_up_in_loop (&loop_data);
  g_assert_no_error (loop_data.error);
  bound = loop_data.seen;
  g_assert_true (MIKRO_IS_ENTITY_MANAGER (bound));
  g_assert_true (loop_data.seen_in_run != bound);
  g_assert_true (loop_data.seen_after_run == bound);
  /* the global entity manager is another one */
  g_assert_true (bound != mikro_request_context_get_global_entity_manager (fixture->orm));

  /* the same one on every dispatch, and after binding again */
  mikro_request_context_bind_main_context (fixture->orm, loop_data.context);
  look_up_in_loop (&loop_data);
  g_assert_true (loop_data.seen == bound);

  /* only on that context's thread: this one's is the global default */
  assert_outside_context (fixture->orm);

  mikro_request_context_unbind_main_context (fixture->orm, loop_data.context);
  look_up_in_loop (&loop_data);
  g_assert_null (loop_data.seen);
  g_assert_error (loop_data.error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);

  /* binding the global default: this thread has no context of its own */
  mikro_request_context_bind_main_context (fixture->orm, NULL);
  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, NULL) != NULL);
  g_assert_true (mikro_request_context_get_entity_manager (fixture->orm, NULL) ==
                 mikro_request_context_get_entity_manager (fixture->orm, NULL));
  /* left bound: the ORM releases it (tear-down checks it is finalized) */

  g_main_loop_quit (loop_data.loop);
  g_thread_join (thread);
  g_clear_error (&loop_data.error);
  g_main_loop_unref (loop_data.loop);
  g_main_context_unref (loop_data.context);
  g_cond_clear (&loop_data.cond);
  g_mutex_clear (&loop_data.lock);
}

/* ------------------------------------------------------------------ */

static void
note_finalized (gpointer data)
{
  *(gboolean *)data = TRUE;
}

/* The entity managers an ORM owns (global, bound) hold a reference on
 * it: that cycle must not keep it alive. One held elsewhere does keep it
 * alive until released. */
static void
test_orm_lifetime (void)
{
  g_autoptr(GError) error = NULL;
  MikroEntityManager *global;
  MikroOrm *orm;
  gboolean finalized = FALSE;

  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (orm), "test-finalized", &finalized, note_finalized);
  mikro_request_context_get_global_entity_manager (orm);
  mikro_request_context_bind_main_context (orm, NULL);
  g_object_unref (orm);
  g_assert_true (finalized);

  finalized = FALSE;
  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (orm), "test-finalized", &finalized, note_finalized);
  global = g_object_ref (mikro_request_context_get_global_entity_manager (orm));
  g_object_unref (orm);
  g_assert_false (finalized);
  g_assert_finalize_object (global);
  g_assert_true (finalized);

  /* unbinding releases the entity manager at once */
  finalized = FALSE;
  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (orm), "test-finalized", &finalized, note_finalized);
  mikro_request_context_bind_main_context (orm, NULL);
  global = mikro_request_context_get_entity_manager (orm, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (global), (gpointer *)&global);
  mikro_request_context_unbind_main_context (orm, NULL);
  g_assert_null (global);
  g_assert_finalize_object (orm);
  g_assert_true (finalized);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/mikro/request-context/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("outside", test_outside);
  ADD ("global", test_global);
  ADD ("run", test_run);
  ADD ("run-releases", test_run_releases);
  ADD ("begin-end", test_begin_end);
  ADD ("several-orms", test_several_orms);
  ADD ("threads", test_threads);
  ADD ("main-context", test_main_context);
  g_test_add_func ("/mikro/request-context/end-out-of-order", test_end_out_of_order);
  g_test_add_func ("/mikro/request-context/orm-lifetime", test_orm_lifetime);

#undef ADD

  return g_test_run ();
}
