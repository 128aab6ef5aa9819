/* test-slice.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The vertical slice, run once per backend: MIKRO_TEST_BACKEND names it
 * (sqlite-file, sqlite-memory, postgresql, mariadb, mongo) and the GTest
 * paths carry it, as /mikro/slice/BACKEND/…. Server backends read their
 * URI from MIKRO_TEST_POSTGRES_URI, MIKRO_TEST_MYSQL_URI and
 * MIKRO_TEST_MONGO_URI; without one the tests skip, except under CI=true,
 * where a missing server is a failure. */

#include <string.h>

#include "test-backend.h"
#include "test-entities.h"

static TestBackend backend;
/* the Author type of the backend: an ObjectId key on MongoDB */
static GType author_type;

typedef struct
{
  MikroOrm *orm;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!test_backend_available (&backend))
    return;

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->orm);

  mikro_orm_add_entity (fixture->orm, author_type, &error);
  g_assert_no_error (error);

  /* Every test starts from an empty table. */
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->orm != NULL)
    {
      g_autoptr(GError) error = NULL;

      mikro_orm_drop_schema (fixture->orm, &error);
      g_assert_no_error (error);
      mikro_orm_close (fixture->orm);
    }
  g_clear_object (&fixture->orm);
}

static MikroEntity *
new_author (const char *name,
            const char *email,
            GDateTime  *born)
{
  return g_object_new (author_type,
                       "name", name,
                       "email", email,
                       "born", born,
                       NULL);
}

static void
get_pk (MikroEntity *author,
        GValue      *pk)
{
  g_value_init (pk, backend.mongo ? G_TYPE_STRING : G_TYPE_INT64);
  g_object_get_property (G_OBJECT (author), "id", pk);
}

static gboolean
pk_is_set (MikroEntity *author)
{
  g_auto(GValue) pk = G_VALUE_INIT;

  get_pk (author, &pk);
  if (backend.mongo)
    return g_value_get_string (&pk) != NULL && strlen (g_value_get_string (&pk)) == 24;
  return g_value_get_int64 (&pk) > 0;
}

static char *
get_string (MikroEntity *entity,
            const char  *property)
{
  char *value = NULL;

  g_object_get (entity, property, &value, NULL);
  return value;
}

static GDateTime *
get_born (MikroEntity *entity)
{
  GDateTime *value = NULL;

  g_object_get (entity, "born", &value, NULL);
  return value;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntityManager) em3 = NULL;
  g_autoptr(MikroEntityManager) em4 = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) bob = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(MikroEntity) by_name = NULL;
  g_autoptr(MikroEntity) reloaded = NULL;
  g_autoptr(MikroEntity) gone = NULL;
  g_autoptr(GDateTime) born = g_date_time_new_utc (1970, 5, 17, 10, 30, 15);
  g_autoptr(GDateTime) found_born = NULL;
  g_autoptr(GDateTime) bob_born = NULL;
  g_auto(GValue) ann_pk = G_VALUE_INIT;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  const char *update;

  if (fixture->orm == NULL)
    return;

  /* persist + flush, in one transaction */
  em = mikro_orm_create_entity_manager (fixture->orm);
  ann = new_author ("Ann", "ann@example.com", born);
  bob = new_author ("Bob", "bob@example.com", NULL);
  mikro_entity_manager_persist (em, ann, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, bob, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (ann), ==, MIKRO_ENTITY_STATE_NEW);
  g_assert_false (pk_is_set (ann));

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_true (pk_is_set (ann));
  g_assert_true (pk_is_set (bob));
  g_assert_cmpint (mikro_entity_get_state (ann), ==, MIKRO_ENTITY_STATE_MANAGED);
  if (!backend.mongo)
    {
      /* begin, one two-row insert (and its key read), commit */
      g_assert_cmpuint (test_capture_count ("INSERT INTO"), ==, 1);
      g_assert_true (strstr (g_ptr_array_index (test_statements, 0), "SAVEPOINT") != NULL ||
                     strstr (g_ptr_array_index (test_statements, 0), "BEGIN") != NULL ||
                     strstr (g_ptr_array_index (test_statements, 0), "autocommit") != NULL);
      g_assert_true (test_capture_count ("COMMIT") == 1 ||
                     test_capture_count ("RELEASE") == 1);
    }
  else
    g_assert_cmpuint (test_capture_count ("insert"), ==, 2);

  /* a fresh entity manager queries the database */
  get_pk (ann, &ann_pk);
  em2 = mikro_orm_create_entity_manager (fixture->orm);
  test_capture_start ();
  found = mikro_entity_manager_find_one (em2, author_type, &ann_pk, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpuint (test_statements->len, ==, 1);
  g_assert_true (found != ann);
  g_assert_cmpint (mikro_entity_get_state (found), ==, MIKRO_ENTITY_STATE_MANAGED);
  name = get_string (found, "name");
  email = get_string (found, "email");
  g_assert_cmpstr (name, ==, "Ann");
  g_assert_cmpstr (email, ==, "ann@example.com");
  found_born = get_born (found);
  g_assert_nonnull (found_born);
  g_assert_true (g_date_time_equal (found_born, born));

  /* the identity map: the same key is the same object, without a query */
  test_capture_start ();
  again = mikro_entity_manager_find_one (em2, author_type, &ann_pk, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_true (again == found);
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* or fail */
  {
    g_autoptr(MikroEntity) must = mikro_entity_manager_find_one_or_fail (em2, author_type,
                                                                        "{\"email\": \"ann@example.com\"}", &error);
    g_assert_no_error (error);
    g_assert_true (must == found);
    g_assert_null (mikro_entity_manager_find_one_or_fail (em2, author_type, "{\"name\": \"Nobody\"}", &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "Nobody"));
    g_clear_error (&error);
  }

  /* by filter, through the identity map as well */
  by_name = mikro_entity_manager_find_one_by (em2, author_type, "{\"name\": \"Ann\"}", &error);
  g_assert_no_error (error);
  g_assert_true (by_name == found);

  {
    g_autoptr(MikroEntity) b = mikro_entity_manager_find_one_by (em2, author_type,
                                                                 "{\"name\": \"Bob\"}", &error);
    g_assert_no_error (error);
    g_assert_nonnull (b);
    bob_born = get_born (b);
    g_assert_null (bob_born);
  }

  /* update: only the changed column */
  g_object_set (found, "name", "Ann Smith", NULL);
  g_assert_true (mikro_entity_is_dirty (found));
  test_capture_start ();
  mikro_entity_manager_flush (em2, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_false (mikro_entity_is_dirty (found));
  update = test_capture_find (backend.mongo ? "update" : "UPDATE");
  g_assert_nonnull (update);
  g_assert_nonnull (strstr (update, "name"));
  g_assert_null (strstr (update, "email"));
  g_assert_null (strstr (update, "born"));
  g_assert_cmpuint (test_capture_count (backend.mongo ? "update" : "UPDATE"), ==, 1);

  em3 = mikro_orm_create_entity_manager (fixture->orm);
  reloaded = mikro_entity_manager_find_one (em3, author_type, &ann_pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reloaded);
  g_clear_pointer (&name, g_free);
  name = get_string (reloaded, "name");
  g_assert_cmpstr (name, ==, "Ann Smith");

  /* remove */
  mikro_entity_manager_remove (em3, reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (reloaded), ==, MIKRO_ENTITY_STATE_REMOVED);
  mikro_entity_manager_flush (em3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (reloaded), ==, MIKRO_ENTITY_STATE_DETACHED);

  em4 = mikro_orm_create_entity_manager (fixture->orm);
  gone = mikro_entity_manager_find_one (em4, author_type, &ann_pk, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
}

static void
test_nothing_to_flush (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  test_capture_start ();
  g_assert_true (mikro_entity_manager_flush (em, &error));
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  ann = new_author ("Ann", "ann@example.com", NULL);
  mikro_entity_manager_persist (em, ann, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* set to the value it has: no notification, no statement */
  g_object_set (ann, "name", "Ann", NULL);
  g_assert_false (mikro_entity_is_dirty (ann));

  /* set and set back: notified, but equal to the snapshot */
  get_pk (ann, &pk);
  em2 = mikro_orm_create_entity_manager (fixture->orm);
  found = mikro_entity_manager_find_one (em2, author_type, &pk, &error);
  g_assert_no_error (error);
  g_object_set (found, "name", "Someone", NULL);
  g_object_set (found, "name", "Ann", NULL);
  g_assert_true (mikro_entity_is_dirty (found));
  test_capture_start ();
  g_assert_true (mikro_entity_manager_flush (em2, &error));
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_assert_false (mikro_entity_is_dirty (found));
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GDateTime) born = g_date_time_new_utc (1980, 1, 2, 3, 4, 5);
  static const struct {
    const char *filter;
    const char *expected;   /* names, in key order */
  } cases[] = {
    { NULL, "Ann,Bob,Cid,Dee" },
    { "{}", "Ann,Bob,Cid,Dee" },
    { "{\"name\": \"Bob\"}", "Bob" },
    { "{\"name\": {\"$ne\": \"Bob\"}}", "Ann,Cid,Dee" },
    { "{\"name\": {\"$gt\": \"Bob\"}}", "Cid,Dee" },
    { "{\"name\": {\"$gte\": \"Bob\", \"$lt\": \"Dee\"}}", "Bob,Cid" },
    { "{\"name\": {\"$lte\": \"Bob\"}}", "Ann,Bob" },
    { "{\"name\": [\"Ann\", \"Dee\"]}", "Ann,Dee" },
    { "{\"name\": {\"$in\": [\"Cid\"]}}", "Cid" },
    { "{\"name\": {\"$nin\": [\"Ann\", \"Bob\"]}}", "Cid,Dee" },
    { "{\"name\": {\"$in\": []}}", "" },
    { "{\"email\": {\"$like\": \"%@b.org\"}}", "Bob,Dee" },
    { "{\"born\": null}", "Ann,Cid" },
    { "{\"born\": {\"$ne\": null}}", "Bob,Dee" },
    { "{\"born\": \"1980-01-02T03:04:05Z\"}", "Bob,Dee" },
    { "{\"$or\": [{\"name\": \"Ann\"}, {\"name\": \"Dee\"}]}", "Ann,Dee" },
    { "{\"$and\": [{\"born\": null}, {\"name\": {\"$ne\": \"Ann\"}}]}", "Cid" },
    { "{\"$not\": {\"name\": \"Ann\"}}", "Bob,Cid,Dee" },
    { "{\"email\": {\"$like\": \"%@a.org\"}, \"name\": \"Cid\"}", "Cid" },
  };
  const char *names[] = { "Ann", "Bob", "Cid", "Dee" };
  const char *emails[] = { "ann@a.org", "bob@b.org", "cid@a.org", "dee@b.org" };

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MikroEntity) author = new_author (names[i], emails[i], i % 2 ? born : NULL);

      mikro_entity_manager_persist (em, author, &error);
      g_assert_no_error (error);
    }
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(MikroEntityManager) fresh = mikro_orm_create_entity_manager (fixture->orm);
      g_autoptr(GListModel) result = NULL;
      g_autoptr(GString) got = g_string_new (NULL);

      result = mikro_entity_manager_find (fresh, author_type, cases[c].filter, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      for (guint i = 0; i < g_list_model_get_n_items (result); i++)
        {
          g_autoptr(MikroEntity) author = g_list_model_get_item (result, i);
          g_autofree char *name = get_string (author, "name");

          if (i > 0)
            g_string_append_c (got, ',');
          g_string_append (got, name);
        }

      g_test_message ("filter %s", cases[c].filter);
      g_assert_cmpstr (got->str, ==, cases[c].expected);

      /* count agrees with find, without loading */
      g_assert_cmpint (mikro_entity_manager_count (fresh, author_type, cases[c].filter, &error), ==,
                       (gint64)g_list_model_get_n_items (result));
      g_assert_no_error (error);
    }
}

static void
test_bad_filters (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MikroEntityManager) em = NULL;
  static const struct {
    const char *filter;
    const char *message_part;
  } cases[] = {
    { "{\"name\": ", "not valid JSON" },
    { "[1, 2]", "must be a JSON object" },
    { "{\"nickname\": \"x\"}", "nickname" },
    { "{\"name\": {\"$regexp\": \"x\"}}", "$regexp" },
    { "{\"name\": 42}", "name" },
    { "{\"born\": \"yesterday\"}", "born" },
    { "{\"$or\": []}", "$or" },
    { "{\"name\": {\"$gt\": null}}", "null" },
  };

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) result = NULL;

      result = mikro_entity_manager_find (em, author_type, cases[c].filter, &error);
      g_assert_null (result);
      g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
      g_test_message ("%s → %s", cases[c].filter, error->message);
      g_assert_nonnull (strstr (error->message, cases[c].message_part));
    }
}

static void
test_failed_flush_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) first = NULL;
  g_autoptr(MikroEntity) twin = NULL;
  g_autoptr(GListModel) all = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  ann = new_author ("Ann", "ann@example.com", NULL);
  mikro_entity_manager_persist (em, ann, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* the first insert succeeds, the second violates the unique email: the
   * first one must not survive the rollback */
  first = new_author ("First", "first@example.com", NULL);
  twin = new_author ("Twin", "ann@example.com", NULL);
  mikro_entity_manager_persist (em, first, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, twin, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_flush (em, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
  g_test_message ("%s", error->message);
  /* the message names the constraint (SQLite names the column, FerretDB
   * only the collection) */
  if (g_str_has_prefix (backend.name, "sqlite"))
    g_assert_nonnull (strstr (error->message, "author.email"));
  else if (!backend.mongo)
    g_assert_nonnull (strstr (error->message, "author_email_unique"));
  else
    g_assert_nonnull (strstr (error->message, "author"));
  g_clear_error (&error);
  g_assert_false (pk_is_set (first));
  g_assert_false (pk_is_set (twin));
  g_assert_cmpint (mikro_entity_get_state (first), ==, MIKRO_ENTITY_STATE_NEW);

  if (!backend.mongo)
    {
      em2 = mikro_orm_create_entity_manager (fixture->orm);
      all = mikro_entity_manager_find (em2, author_type, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
      g_clear_object (&all);
      g_clear_object (&em2);
    }

  /* corrected, the same unit of work succeeds */
  g_object_set (twin, "email", "twin@example.com", NULL);
  g_assert_true (mikro_entity_manager_flush (em, &error));
  g_assert_no_error (error);
  g_assert_true (pk_is_set (first));
  g_assert_true (pk_is_set (twin));

  em2 = mikro_orm_create_entity_manager (fixture->orm);
  all = mikro_entity_manager_find (em2, author_type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
}

/* The statements a flush sends: one multi-row INSERT for 100 new rows,
 * one CASE WHEN UPDATE for 3 changed rows, nothing when nothing changed,
 * one DELETE … IN for removed rows, and batches of batch-size rows. */
static void
test_batching (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) check = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *update;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("Author %03u", i);
      g_autofree char *email = g_strdup_printf ("author%u@example.com", i);
      MikroEntity *author = new_author (name, email, NULL);

      g_ptr_array_add (authors, author);
      mikro_entity_manager_persist (em, author, &error);
      g_assert_no_error (error);
    }

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  if (!backend.mongo)
    g_assert_cmpuint (test_capture_count ("INSERT INTO"), ==, 1);

  /* every row got its own key, in persist order on SQL */
  for (guint i = 0; i < authors->len; i++)
    {
      g_auto(GValue) pk = G_VALUE_INIT;
      g_autofree char *text = NULL;

      get_pk (g_ptr_array_index (authors, i), &pk);
      text = g_strdup_value_contents (&pk);
      g_assert_true (pk_is_set (g_ptr_array_index (authors, i)));
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, g_steal_pointer (&text));
    }

  check = mikro_orm_create_entity_manager (fixture->orm);
  for (guint i = 0; i < authors->len; i += 33)
    {
      g_auto(GValue) pk = G_VALUE_INIT;
      g_autoptr(MikroEntity) found = NULL;
      g_autofree char *expected = g_strdup_printf ("Author %03u", i);
      g_autofree char *name = NULL;

      get_pk (g_ptr_array_index (authors, i), &pk);
      found = mikro_entity_manager_find_one (check, author_type, &pk, &error);
      g_assert_no_error (error);
      name = get_string (found, "name");
      g_assert_cmpstr (name, ==, expected);
    }
  g_clear_object (&check);

  /* three changed rows, two columns between them */
  g_object_set (g_ptr_array_index (authors, 3), "name", "Three", NULL);
  g_object_set (g_ptr_array_index (authors, 50), "name", "Fifty", "email", "fifty@example.com", NULL);
  g_object_set (g_ptr_array_index (authors, 97), "email", "ninety-seven@example.com", NULL);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  if (!backend.mongo)
    {
      g_assert_cmpuint (test_capture_count ("UPDATE"), ==, 1);
      update = test_capture_find ("UPDATE");
      g_assert_nonnull (strstr (update, "CASE WHEN"));
    }

  check = mikro_orm_create_entity_manager (fixture->orm);
  all = mikro_entity_manager_find (check, author_type, "{\"name\": {\"$in\": [\"Three\", \"Fifty\"]}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  g_clear_object (&all);
  all = mikro_entity_manager_find (check, author_type, "{\"email\": {\"$like\": \"%y%@example.com\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  g_clear_object (&all);
  g_clear_object (&check);

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  for (guint i = 10; i < 13; i++)
    {
      mikro_entity_manager_remove (em, g_ptr_array_index (authors, i), &error);
      g_assert_no_error (error);
    }
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  if (!backend.mongo)
    {
      g_assert_cmpuint (test_capture_count ("DELETE"), ==, 1);
      g_assert_nonnull (strstr (test_capture_find ("DELETE"), " IN ("));
    }

  /* batches of at most batch-size rows */
  mikro_orm_set_batch_size (fixture->orm, 40);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *email = g_strdup_printf ("more%u@example.com", i);
      g_autoptr(MikroEntity) author = new_author ("More", email, NULL);

      mikro_entity_manager_persist (em, author, &error);
      g_assert_no_error (error);
    }
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  if (!backend.mongo)
    g_assert_cmpuint (test_capture_count ("INSERT INTO"), ==, 3);

  check = mikro_orm_create_entity_manager (fixture->orm);
  all = mikro_entity_manager_find (check, author_type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 197);
}

static void
add_backend_test (const char *name,
                  void (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/slice/%s/%s", backend.name, name);

  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  test_capture_init ();
  g_test_init (&argc, &argv, NULL);

  test_backend_init (&backend);
  author_type = backend.mongo ? TEST_TYPE_MONGO_AUTHOR : TEST_TYPE_AUTHOR;

  add_backend_test ("round-trip", test_round_trip);
  add_backend_test ("nothing-to-flush", test_nothing_to_flush);
  add_backend_test ("filters", test_filters);
  add_backend_test ("bad-filters", test_bad_filters);
  add_backend_test ("failed-flush-retry", test_failed_flush_retry);
  add_backend_test ("batching", test_batching);

  ret = g_test_run ();

  test_backend_clear (&backend);

  return ret;
}
