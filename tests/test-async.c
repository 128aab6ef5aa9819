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
#include "test-relation-entities.h"

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
  /* the relation zoo, for populate */
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_BOOK, &error);
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

/* for two calls at once: each result in its own place */
static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_true (g_thread_self () == main_thread);
  g_assert_null (*slot);
  *slot = g_object_ref (result);
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

typedef struct
{
  MikroEntityManager *em;
  gint64              count;
  gint                done;
} Counter;

static gpointer
count_in_thread (gpointer data)
{
  Counter *counter = data;
  g_autoptr(GError) error = NULL;

  counter->count = mikro_entity_manager_count (counter->em, TEST_TYPE_AUTHOR, NULL, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&counter->done, 1);
  return NULL;
}

/* Managers forked from one another share the connection: while one
 * thread's transaction is open, another thread's statement waits for it
 * to end instead of running inside it (or alongside it). */
static void
test_other_thread_waits (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) author = NULL;
  Counter counter = { NULL, -1, 0 };
  GThread *thread;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  counter.em = mikro_entity_manager_fork (em);
  g_assert_true (mikro_entity_manager_begin (em, &error));
  g_assert_no_error (error);
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Uncommitted", "email", "u@example.com", NULL);
  mikro_entity_manager_persist (em, author, &error);
  g_assert_true (mikro_entity_manager_flush (em, &error));
  g_assert_no_error (error);

  thread = g_thread_new ("counter", count_in_thread, &counter);
  /* however long it is given, the count cannot run while the transaction
   * is open (this can only fail if it does) */
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpint (g_atomic_int_get (&counter.done), ==, 0);

  g_assert_true (mikro_entity_manager_rollback (em, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  /* it ran after the rollback: it never saw the uncommitted row */
  g_assert_cmpint (g_atomic_int_get (&counter.done), ==, 1);
  g_assert_cmpint (counter.count, ==, 0);
  g_object_unref (counter.em);
}

/* ------------------------------------------- the other asynchronous calls -- */

static char *
get_string (gpointer    entity,
            const char *property)
{
  char *value = NULL;

  g_object_get (entity, property, &value, NULL);
  return value;
}

/* What the database holds, seen by a manager of its own. */
static gint64
count_fresh (Fixture    *fixture,
             GType       entity_type,
             const char *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) fresh = mikro_orm_create_entity_manager (fixture->orm);
  gint64 n = mikro_entity_manager_count (fresh, entity_type, filter, &error);

  g_assert_no_error (error);
  return n;
}

static MikroEntity *
new_author (const char *name,
            const char *email)
{
  return g_object_new (TEST_TYPE_AUTHOR, "name", name, "email", email, NULL);
}

static void
test_find_one_by (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) ada = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) none = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) missing = NULL;
  char *filter;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  ada = new_author ("Ada", "ada@example.com");
  mikro_entity_manager_persist (em, ada, &error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* the filter is the caller's to free at once */
  filter = g_strdup ("{\"name\": \"Ada\"}");
  mikro_entity_manager_find_one_by_async (em, TEST_TYPE_AUTHOR, filter, NULL, got_result, fixture);
  g_free (filter);
  found = mikro_entity_manager_find_one_by_finish (em, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_true (found == ada);

  /* none is no error */
  mikro_entity_manager_find_one_by_async (em, TEST_TYPE_AUTHOR, "{\"name\": \"Bob\"}", NULL, got_result, fixture);
  none = mikro_entity_manager_find_one_by_finish (em, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* a query error is */
  mikro_entity_manager_find_one_by_async (em, TEST_TYPE_AUTHOR, "{\"nope\": 1}", NULL, got_result, fixture);
  g_assert_null (mikro_entity_manager_find_one_by_finish (em, wait_for_result (fixture), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* or fail: loaded by a fresh manager, then NOT_FOUND */
  fresh = mikro_entity_manager_fork (em);
  mikro_entity_manager_find_one_or_fail_async (fresh, TEST_TYPE_AUTHOR, "{\"email\": \"ada@example.com\"}",
                                               NULL, got_result, fixture);
  loaded = mikro_entity_manager_find_one_or_fail_finish (fresh, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (loaded != ada);
  g_assert_cmpint (test_get_id (loaded), ==, test_get_id (ada));
  g_assert_cmpint (mikro_entity_get_state (loaded), ==, MIKRO_ENTITY_STATE_MANAGED);

  mikro_entity_manager_find_one_or_fail_async (fresh, TEST_TYPE_AUTHOR, "{\"name\": \"Bob\"}",
                                               NULL, got_result, fixture);
  missing = mikro_entity_manager_find_one_or_fail_finish (fresh, wait_for_result (fixture), &error);
  g_assert_null (missing);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Bob"));
  g_clear_error (&error);

  /* and the manager is free again after a failure */
  g_assert_cmpint (mikro_entity_manager_count (fresh, TEST_TYPE_AUTHOR, NULL, &error), ==, 1);
  g_assert_no_error (error);
}

static guint changed_here;
static guint changed_elsewhere;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  if (g_thread_self () == main_thread)
    changed_here++;
  else
    changed_elsewhere++;
}

/* A collection populated in the worker: its items-changed, and the
 * notifications of the books it loads, come in the caller's thread. */
static void
test_populate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MikroCollection) books = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  gint64 book_ids[3];

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Iain", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (book_ids); i++)
    {
      g_autofree char *title = g_strdup_printf ("Culture %u", i);
      g_autoptr(MikroEntity) book = g_object_new (TEST_TYPE_BOOK, "title", title, "author", writer, NULL);

      mikro_entity_manager_persist (em, book, &error);
      g_assert_no_error (error);
      mikro_entity_manager_flush (em, &error);
      g_assert_no_error (error);
      book_ids[i] = test_get_id (book);
    }

  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, test_get_id (writer));
  loaded = mikro_entity_manager_find_one (fresh, TEST_TYPE_WRITER, &key, &error);
  g_assert_no_error (error);

  /* references to the books, bound to handlers, filled by the populate */
  notified_here = notified_elsewhere = 0;
  for (guint i = 0; i < G_N_ELEMENTS (book_ids); i++)
    {
      MikroEntity *reference;

      g_value_set_int64 (&key, book_ids[i]);
      reference = mikro_entity_manager_get_reference (fresh, TEST_TYPE_BOOK, &key, &error);
      g_assert_no_error (error);
      g_signal_connect (reference, "notify::title", G_CALLBACK (on_notify), NULL);
      g_ptr_array_add (references, reference);
    }

  g_object_get (loaded, "books", &books, NULL);
  g_assert_false (mikro_collection_is_initialized (books));
  changed_here = changed_elsewhere = 0;
  g_signal_connect (books, "items-changed", G_CALLBACK (on_items_changed), NULL);

  mikro_entity_manager_populate_async (fresh, loaded, "books", NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_populate_finish (fresh, wait_for_result (fixture), &error));
  g_assert_no_error (error);

  g_assert_true (mikro_collection_is_initialized (books));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 3);
  for (guint i = 0; i < references->len; i++)
    {
      MikroEntity *reference = g_ptr_array_index (references, i);

      g_assert_true (mikro_collection_contains (books, G_OBJECT (reference)));
      g_assert_true (mikro_entity_is_initialized (reference));
      g_assert_false (mikro_entity_is_dirty (reference));
    }
  /* one change for the whole load, and every title, all told here */
  g_assert_cmpuint (changed_elsewhere, ==, 0);
  g_assert_cmpuint (changed_here, ==, 1);
  g_assert_cmpuint (notified_elsewhere, ==, 0);
  g_assert_cmpuint (notified_here, ==, 3);
  g_assert_false (mikro_entity_is_dirty (loaded));

  /* an error: no such relation */
  mikro_entity_manager_populate_async (fresh, loaded, "name", NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_populate_finish (fresh, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_clear_error (&error);

  /* the loaded books point back at the writer: let go of them */
  g_signal_handlers_disconnect_by_func (books, on_items_changed, NULL);
  mikro_collection_remove_all (books);
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) other = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_autoptr(GVariant) values = NULL;
  g_autofree char *name = NULL;
  gint64 changed;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  author = new_author ("Old", "old@example.com");
  mikro_entity_manager_persist (em, author, &error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* the row changes behind the manager's back, and the entity has a
   * pending change of its own */
  other = mikro_orm_create_entity_manager (fixture->orm);
  values = g_variant_ref_sink (g_variant_new_parsed ("{'name': <'New'>}"));
  changed = mikro_entity_manager_native_update (other, TEST_TYPE_AUTHOR, "{\"email\": \"old@example.com\"}",
                                                values, &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);
  g_object_set (author, "email", "pending@example.com", NULL);
  g_assert_true (mikro_entity_is_dirty (author));

  notified_here = notified_elsewhere = 0;
  g_signal_connect (author, "notify::name", G_CALLBACK (on_notify), NULL);
  mikro_entity_manager_refresh_async (em, author, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_refresh_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);

  /* the database won, told here */
  name = get_string (author, "name");
  g_assert_cmpstr (name, ==, "New");
  g_clear_pointer (&name, g_free);
  name = get_string (author, "email");
  g_assert_cmpstr (name, ==, "old@example.com");
  g_assert_false (mikro_entity_is_dirty (author));
  g_assert_cmpuint (notified_elsewhere, ==, 0);
  g_assert_cmpuint (notified_here, ==, 1);

  /* a row that is gone */
  g_assert_cmpint (mikro_entity_manager_native_delete (other, TEST_TYPE_AUTHOR, NULL, &error), ==, 1);
  g_assert_no_error (error);
  mikro_entity_manager_refresh_async (em, author, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_refresh_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_insert_upsert (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) ada = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(MikroEntity) upserted = NULL;
  g_autoptr(MikroEntity) reloaded = NULL;
  g_autoptr(MikroEntity) twin = NULL;
  g_autoptr(GListModel) many = NULL;
  g_autofree char *name = NULL;
  MikroEntity *batch[3];

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);

  /* insert: the generated key is told here */
  ada = new_author ("Ada", "ada@example.com");
  notified_here = notified_elsewhere = 0;
  g_signal_connect (ada, "notify::id", G_CALLBACK (on_notify), NULL);
  mikro_entity_manager_insert_async (em, ada, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_insert_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_id (ada), >, 0);
  g_assert_cmpint (mikro_entity_get_state (ada), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpuint (notified_elsewhere, ==, 0);
  g_assert_cmpuint (notified_here, ==, 1);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 1);

  /* insert twice: the error */
  twin = new_author ("Twin", "ada@example.com");
  mikro_entity_manager_insert_async (em, twin, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_insert_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);

  /* upsert by the unique email: the identity map's entity comes back,
   * with the new name, and the row is updated */
  again = new_author ("Ada Lovelace", "ada@example.com");
  mikro_entity_manager_upsert_async (em, again, NULL, got_result, fixture);
  upserted = mikro_entity_manager_upsert_finish (em, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_true (upserted == ada);
  name = get_string (ada, "name");
  g_assert_cmpstr (name, ==, "Ada Lovelace");
  g_assert_false (mikro_entity_is_dirty (ada));
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 1);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, "{\"name\": \"Ada Lovelace\"}"), ==, 1);

  /* upsert_many: the array is the caller's to reuse at once */
  batch[0] = new_author ("Ada King", "ada@example.com");
  batch[1] = new_author ("Bob", "bob@example.com");
  batch[2] = new_author ("Cy", "cy@example.com");
  mikro_entity_manager_upsert_many_async (em, batch, G_N_ELEMENTS (batch), NULL, got_result, fixture);
  for (guint i = 0; i < G_N_ELEMENTS (batch); i++)
    {
      g_object_unref (batch[i]);
      batch[i] = NULL;
    }
  many = mikro_entity_manager_upsert_many_finish (em, wait_for_result (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (many), ==, 3);
  {
    g_autoptr(GObject) first = g_list_model_get_item (many, 0);
    g_autoptr(GObject) second = g_list_model_get_item (many, 1);

    g_assert_true (first == G_OBJECT (ada));
    g_assert_cmpint (test_get_id (second), >, 0);
    g_assert_cmpint (mikro_entity_get_state (MIKRO_ENTITY (second)), ==, MIKRO_ENTITY_STATE_MANAGED);
  }
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 3);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, "{\"name\": \"Ada King\"}"), ==, 1);

  /* the stored row, from a fresh manager */
  fresh = mikro_orm_create_entity_manager (fixture->orm);
  reloaded = mikro_entity_manager_find_one_by (fresh, TEST_TYPE_AUTHOR, "{\"email\": \"cy@example.com\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (reloaded);
}

static void
test_native_update_delete (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GVariant) values = NULL;
  char *filter;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Author %u", i);
      g_autofree char *email = g_strdup_printf ("a%u@example.com", i);
      g_autoptr(MikroEntity) author = new_author (name, email);

      mikro_entity_manager_persist (em, author, &error);
      g_assert_no_error (error);
    }
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* a floating dictionary is taken over, the filter copied */
  filter = g_strdup ("{\"name\": {\"$in\": [\"Author 1\", \"Author 2\"]}}");
  mikro_entity_manager_native_update_async (em, TEST_TYPE_AUTHOR, filter,
                                            g_variant_new_parsed ("{'name': <'Renamed'>}"),
                                            NULL, got_result, fixture);
  g_free (filter);
  g_assert_cmpint (mikro_entity_manager_native_update_finish (em, wait_for_result (fixture), &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, "{\"name\": \"Renamed\"}"), ==, 2);

  /* a held one stays the caller's */
  values = g_variant_ref_sink (g_variant_new_parsed ("{'nope': <1>}"));
  mikro_entity_manager_native_update_async (em, TEST_TYPE_AUTHOR, NULL, values, NULL, got_result, fixture);
  g_assert_cmpint (mikro_entity_manager_native_update_finish (em, wait_for_result (fixture), &error), ==, -1);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);
  g_assert_true (g_variant_is_of_type (values, G_VARIANT_TYPE_VARDICT));

  mikro_entity_manager_native_delete_async (em, TEST_TYPE_AUTHOR, "{\"name\": \"Renamed\"}",
                                            NULL, got_result, fixture);
  g_assert_cmpint (mikro_entity_manager_native_delete_finish (em, wait_for_result (fixture), &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 3);

  mikro_entity_manager_native_delete_async (em, TEST_TYPE_AUTHOR, NULL, NULL, got_result, fixture);
  g_assert_cmpint (mikro_entity_manager_native_delete_finish (em, wait_for_result (fixture), &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 0);
}

static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) author = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  author = new_author ("Locked", "locked@example.com");
  mikro_entity_manager_persist (em, author, &error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* a pessimistic lock needs a transaction */
  mikro_entity_manager_lock_async (em, author, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE, 0, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_lock_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  /* an optimistic one a version property */
  mikro_entity_manager_lock_async (em, author, MIKRO_LOCK_MODE_OPTIMISTIC, 1, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_lock_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_clear_error (&error);

  /* in a transaction opened by another worker */
  mikro_entity_manager_begin_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_begin_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  mikro_entity_manager_lock_async (em, author, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE, 0, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_lock_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  mikro_entity_manager_rollback_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_rollback_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
}

/* A transaction of one manager spans workers and the caller's thread;
 * another manager's statement from another thread waits for its end. */
/* Asynchronous counts of other managers, in pool threads. */
#define N_POOLED 4

typedef struct
{
  MikroEntityManager *ems[N_POOLED];
  gint64              counts[N_POOLED];
  guint               done;
} Pooled;

static void
pooled_counted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pooled *pooled = user_data;
  g_autoptr(GError) error = NULL;

  pooled->counts[pooled->done++] = mikro_entity_manager_count_finish (MIKRO_ENTITY_MANAGER (source),
                                                                      result, &error);
  g_assert_no_error (error);
}

static void
test_transaction_across_threads (Fixture       *fixture,
                                 gconstpointer  data)
{
  Pooled pooled = { { NULL, }, { 0, }, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) first = NULL;
  g_autoptr(MikroEntity) second = NULL;
  g_autoptr(MikroEntity) dropped = NULL;
  Counter counter = { NULL, -1, 0 };
  GThread *thread;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);

  mikro_entity_manager_begin_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_begin_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_is_in_transaction (em));

  /* a synchronous flush in this thread writes into it */
  first = new_author ("First", "first@example.com");
  mikro_entity_manager_persist (em, first, &error);
  g_assert_true (mikro_entity_manager_flush (em, &error));
  g_assert_no_error (error);

  /* an asynchronous one in a worker too */
  second = new_author ("Second", "second@example.com");
  mikro_entity_manager_persist (em, second, &error);
  mikro_entity_manager_flush_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_flush_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_id (second), >, 0);

  /* another manager in another thread waits for the commit */
  counter.em = mikro_orm_create_entity_manager (fixture->orm);
  thread = g_thread_new ("counter", count_in_thread, &counter);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpint (g_atomic_int_get (&counter.done), ==, 0);

  mikro_entity_manager_commit_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_commit_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
  g_thread_join (thread);
  /* it ran after the commit and saw both rows */
  g_assert_cmpint (counter.count, ==, 2);
  g_object_unref (counter.em);

  /* Again, the other managers' counts asynchronous: they run in the pool
   * threads, among them the one that began the transaction, and wait for
   * the commit all the same. */
  mikro_entity_manager_begin_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_begin_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  dropped = new_author ("Third", "third@example.com");
  mikro_entity_manager_persist (em, dropped, &error);
  g_assert_true (mikro_entity_manager_flush (em, &error));
  g_assert_no_error (error);
  g_clear_object (&dropped);
  for (guint i = 0; i < N_POOLED; i++)
    {
      pooled.ems[i] = mikro_orm_create_entity_manager (fixture->orm);
      mikro_entity_manager_count_async (pooled.ems[i], TEST_TYPE_AUTHOR, NULL, NULL, pooled_counted, &pooled);
    }
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

    /* however long they are given, none may finish inside the transaction */
    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_cmpuint (pooled.done, ==, 0);
  mikro_entity_manager_commit_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_commit_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  while (pooled.done < N_POOLED)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < N_POOLED; i++)
    {
      g_assert_cmpint (pooled.counts[i], ==, 3);
      g_object_unref (pooled.ems[i]);
    }
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 3);

  /* begin, flush, roll back: nothing is left */
  mikro_entity_manager_begin_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_begin_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  dropped = new_author ("Dropped", "dropped@example.com");
  mikro_entity_manager_persist (em, dropped, &error);
  mikro_entity_manager_flush_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_flush_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  /* the transaction sees its own row */
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_AUTHOR, NULL, &error), ==, 4);
  g_assert_no_error (error);
  mikro_entity_manager_rollback_async (em, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_rollback_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 3);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, "{\"name\": \"Dropped\"}"), ==, 0);

  /* nothing to commit or roll back: the error */
  mikro_entity_manager_commit_async (em, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_commit_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION);
  g_clear_error (&error);
  mikro_entity_manager_rollback_async (em, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_rollback_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION);
  g_clear_error (&error);
}

typedef struct
{
  GPtrArray *authors;     /* the entities the work persists */
  gboolean   fail;
  GThread   *ran_in;
  guint      freed;
  GThread   *freed_in;
} Work;

static gboolean
transaction_work (MikroEntityManager  *em,
                  gpointer             user_data,
                  GError             **error)
{
  Work *work = user_data;

  work->ran_in = g_thread_self ();
  for (guint i = 0; i < work->authors->len; i++)
    if (!mikro_entity_manager_persist (em, g_ptr_array_index (work->authors, i), error))
      return FALSE;
  /* written inside the transaction, before failing */
  if (!mikro_entity_manager_flush (em, error))
    return FALSE;
  if (work->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "refused");
      return FALSE;
    }
  return TRUE;
}

static void
work_free (gpointer data)
{
  Work *work = data;

  work->freed++;
  work->freed_in = g_thread_self ();
}

static void
test_transactional (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_object_unref);
  Work work = { authors, FALSE, NULL, 0, NULL };

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  notified_here = notified_elsewhere = 0;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *email = g_strdup_printf ("t%u@example.com", i);
      MikroEntity *author = new_author ("Committed", email);

      g_signal_connect (author, "notify::id", G_CALLBACK (on_notify), NULL);
      g_ptr_array_add (authors, author);
    }

  mikro_entity_manager_transactional_async (em, transaction_work, &work, work_free, NULL, got_result, fixture);
  g_assert_true (mikro_entity_manager_transactional_finish (em, wait_for_result (fixture), &error));
  g_assert_no_error (error);
  /* the work ran in the worker; its data was freed here, once */
  g_assert_nonnull (work.ran_in);
  g_assert_true (work.ran_in != main_thread);
  g_assert_cmpuint (work.freed, ==, 1);
  g_assert_true (work.freed_in == main_thread);
  /* the keys its flush generated were told here */
  g_assert_cmpuint (notified_elsewhere, ==, 0);
  g_assert_cmpuint (notified_here, ==, 2);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 2);

  /* failing work: rolled back, its error returned */
  g_ptr_array_set_size (authors, 0);
  g_ptr_array_add (authors, new_author ("Rolled back", "r@example.com"));
  work.fail = TRUE;
  work.freed = 0;
  mikro_entity_manager_transactional_async (em, transaction_work, &work, work_free, NULL, got_result, fixture);
  g_assert_false (mikro_entity_manager_transactional_finish (em, wait_for_result (fixture), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_cmpuint (work.freed, ==, 1);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, NULL), ==, 2);
  g_assert_cmpint (count_fresh (fixture, TEST_TYPE_AUTHOR, "{\"name\": \"Rolled back\"}"), ==, 0);

  /* refused before it starts: the data is freed all the same */
  work.freed = 0;
  work.fail = FALSE;
  {
    g_autoptr(GAsyncResult) refused = NULL;
    g_autoptr(GAsyncResult) flushed = NULL;

    mikro_entity_manager_flush_async (em, NULL, store_result, &flushed);
    mikro_entity_manager_transactional_async (em, transaction_work, &work, work_free, NULL, store_result, &refused);
    while (refused == NULL || flushed == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (mikro_entity_manager_transactional_finish (em, refused, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
    g_clear_error (&error);
    g_assert_cmpuint (work.freed, ==, 1);
    g_assert_true (work.freed_in == main_thread);
    g_assert_true (mikro_entity_manager_flush_finish (em, flushed, &error));
    g_assert_no_error (error);
  }
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
  add_backend_test ("other-thread-waits", test_other_thread_waits);
  add_backend_test ("find-one-by", test_find_one_by);
  add_backend_test ("populate", test_populate);
  add_backend_test ("refresh", test_refresh);
  add_backend_test ("insert-upsert", test_insert_upsert);
  add_backend_test ("native-update-delete", test_native_update_delete);
  add_backend_test ("lock", test_lock);
  add_backend_test ("transaction-across-threads", test_transaction_across_threads);
  add_backend_test ("transactional", test_transactional);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
