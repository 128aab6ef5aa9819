/* test-async.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Asynchronous calls, per SQL backend: the work runs in a worker thread,
 * the callback and every notification of the entities in the caller's
 * thread, and the entity manager refuses other calls meanwhile. */

#include <string.h>

#include "test-backend.h"
#include "test-entities.h"

static TestBackend backend;
static GThread *main_thread;

typedef struct
{
  MikroOrm     *orm;
  GMainLoop    *loop;
  GAsyncResult *result;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->loop = g_main_loop_new (NULL, FALSE);
  if (!test_backend_available (&backend))
    return;

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->result);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  if (fixture->orm == NULL)
    return;
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->orm);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  /* callbacks run in the caller's thread */
  g_assert_true (g_thread_self () == main_thread);
  g_set_object (&fixture->result, result);
  g_main_loop_quit (fixture->loop);
}

static GAsyncResult *
wait_for_result (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_main_loop_run (fixture->loop);
  return fixture->result;
}

static guint notified_elsewhere;
static guint notified_here;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  if (g_thread_self () == main_thread)
    notified_here++;
  else
    notified_elsewhere++;
}

static void
test_flush_and_find (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) found = NULL;
  g_autoptr(MikroEntity) one = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  gint64 id = 0;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  notified_here = notified_elsewhere = 0;
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("Author %u", i);
      g_autofree char *email = g_strdup_printf ("author%u@example.com", i);
      MikroEntity *author = g_object_new (TEST_TYPE_AUTHOR, "name", name, "email", email, NULL);

      g_signal_connect (author, "notify::id", G_CALLBACK (on_notify), NULL);
      mikro_entity_manager_persist (em, author, &error);
      g_assert_no_error (error);
      g_ptr_array_add (authors, author);
    }

  mikro_entity_manager_flush_async (em, NULL, got_result, fixture);

  /* busy until it completes: another call from this thread is refused */
  g_assert_null (mikro_entity_manager_find (em, TEST_TYPE_AUTHOR, NULL, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "busy"));
  g_clear_error (&error);

  g_assert_true (mikro_entity_manager_flush_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);

  /* the generated keys were told here, none in the worker */
  g_assert_cmpuint (notified_elsewhere, ==, 0);
  g_assert_cmpuint (notified_here, ==, 10);
  g_object_get (g_ptr_array_index (authors, 0), "id", &id, NULL);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (mikro_entity_get_state (g_ptr_array_index (authors, 0)), ==, MIKRO_ENTITY_STATE_MANAGED);

  /* and free again */
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_AUTHOR, NULL, &error), ==, 10);
  g_assert_no_error (error);

  mikro_entity_manager_find_async (em, TEST_TYPE_AUTHOR, "{\"name\": {\"$like\": \"Author 1%\"}}",
                                   NULL, got_result, fixture);
  found = mikro_entity_manager_find_finish (em, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  {
    g_autoptr(GObject) first = g_list_model_get_item (found, 0);

    /* the identity map's instance */
    g_assert_true (first == g_ptr_array_index (authors, 1));
  }

  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, id);
  mikro_entity_manager_find_one_async (em, TEST_TYPE_AUTHOR, &key, NULL, got_result, fixture);
  one = mikro_entity_manager_find_one_finish (em, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_true (one == g_ptr_array_index (authors, 0));

  mikro_entity_manager_count_async (em, TEST_TYPE_AUTHOR, "{\"name\": {\"$ne\": \"Author 3\"}}",
                                    NULL, got_result, fixture);
  g_assert_cmpint (mikro_entity_manager_count_finish (em, wait_for_result (fixture), &error), ==, 9);
  g_assert_no_error (error);

  /* a failing flush fails asynchronously too, and leaves the changes */
  {
    g_autoptr(MikroEntity) twin = g_object_new (TEST_TYPE_AUTHOR, "name", "Twin", "email", "author0@example.com", NULL);

    mikro_entity_manager_persist (em, twin, &error);
    mikro_entity_manager_flush_async (em, NULL, got_result, fixture);
    g_assert_false (mikro_entity_manager_flush_finish (em, wait_for_result (fixture), &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
    g_clear_error (&error);
    g_assert_cmpint (mikro_entity_get_state (twin), ==, MIKRO_ENTITY_STATE_NEW);
  }
}

/* Loaded entities are notified in the caller's thread too: a fresh
 * manager loads them in the worker. */
static void
test_load_notifies_here (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_autoptr(MikroEntity) reference = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  gint64 id = 0;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Ref", "email", "ref@example.com", NULL);
  mikro_entity_manager_persist (em, author, &error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_object_get (author, "id", &id, NULL);

  /* a reference bound to a handler, filled by an asynchronous load */
  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, id);
  reference = mikro_entity_manager_get_reference (fresh, TEST_TYPE_AUTHOR, &key, &error);
  g_assert_no_error (error);
  notified_here = notified_elsewhere = 0;
  g_signal_connect (reference, "notify::name", G_CALLBACK (on_notify), NULL);
  mikro_entity_manager_find_one_async (fresh, TEST_TYPE_AUTHOR, &key, NULL, got_result, fixture);
  loaded = mikro_entity_manager_find_one_finish (fresh, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_true (loaded == reference);
  g_assert_true (mikro_entity_is_initialized (loaded));
  g_assert_cmpuint (notified_elsewhere, ==, 0);
  g_assert_cmpuint (notified_here, ==, 1);
  /* loaded, not changed */
  g_assert_false (mikro_entity_is_dirty (loaded));
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  g_cancellable_cancel (cancellable);
  mikro_entity_manager_count_async (em, TEST_TYPE_AUTHOR, NULL, cancellable, got_result, fixture);
  g_assert_cmpint (mikro_entity_manager_count_finish (em, wait_for_result (fixture), &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* never busy */
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_AUTHOR, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/async/%s/%s", backend.name, name);

  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  test_backend_init (&backend);

  add_backend_test ("flush-and-find", test_flush_and_find);
  add_backend_test ("load-notifies-here", test_load_notifies_here);
  add_backend_test ("cancelled", test_cancelled);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
