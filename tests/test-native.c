/* test-native.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The calls that bypass the unit of work: upsert, upsert_many, insert,
 * native_update, native_delete, and lock in every mode. Run per SQL
 * backend. */

#include <string.h>

#include "test-backend.h"
#include "test-entities.h"
#include "test-relation-entities.h"

/* A versioned entity with a table of its own. */
typedef struct { MikroEntity parent_instance; } NativeDoc;
typedef struct { MikroEntityClass parent_class; } NativeDocClass;

static GType native_doc_get_type (void);
G_DEFINE_TYPE (NativeDoc, native_doc, MIKRO_TYPE_ENTITY)

static void
native_doc_class_init (NativeDocClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  g_autoptr(MikroEntitySchema) schema = NULL;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("title", NULL, NULL, NULL, flags));
  g_object_class_install_property (object_class, 3, g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags));

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "native_doc");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "version", NULL, MIKRO_PROPERTY_VERSION);
  mikro_entity_schema_register (schema);
}

static void native_doc_init (NativeDoc *self) { }

static TestBackend backend;

typedef struct
{
  MikroOrm *orm;
} Fixture;

static gboolean
is_sqlite (void)
{
  return g_str_has_prefix (backend.name, "sqlite");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!test_backend_available (&backend))
    return;

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, native_doc_get_type (), &error);
  g_assert_no_error (error);
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

  if (fixture->orm == NULL)
    return;
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->orm);
}

static char *
get_name (gpointer entity)
{
  char *name;

  g_object_get (entity, "name", &name, NULL);
  return name;
}

static MikroEntity *
find_author (MikroEntityManager *em,
             gint64              id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  MikroEntity *entity;

  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, id);
  entity = mikro_entity_manager_find_one (em, TEST_TYPE_AUTHOR, &pk, &error);
  g_assert_no_error (error);
  return entity;
}

static void
test_upsert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) other = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_autoptr(MikroEntity) result = NULL;
  g_autoptr(MikroEntity) by_key = NULL;
  g_autoptr(MikroEntity) by_email = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);

  /* a new row: inserted, its key written back, managed */
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Ann", "email", "ann@example.com", NULL);
  result = mikro_entity_manager_upsert (em, author, &error);
  g_assert_no_error (error);
  g_assert_true (result == author);
  id = test_get_id (author);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (mikro_entity_get_state (author), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_false (mikro_entity_is_dirty (author));
  found = find_author (em, id);
  g_assert_true (found == author);
  g_clear_object (&found);
  g_clear_object (&result);

  /* the same key again, another object: the row is updated and the
   * instance of the identity map returned, with the new values */
  by_key = g_object_new (TEST_TYPE_AUTHOR, "id", id, "name", "Anne", "email", "ann@example.com", NULL);
  result = mikro_entity_manager_upsert (em, by_key, &error);
  g_assert_no_error (error);
  g_assert_true (result == author);
  name = get_name (author);
  g_assert_cmpstr (name, ==, "Anne");
  g_clear_pointer (&name, g_free);
  g_assert_false (mikro_entity_is_dirty (author));
  g_clear_object (&result);

  /* by the unique email, the key unset */
  by_email = g_object_new (TEST_TYPE_AUTHOR, "name", "Annie", "email", "ann@example.com", NULL);
  result = mikro_entity_manager_upsert (em, by_email, &error);
  g_assert_no_error (error);
  g_assert_true (result == author);
  g_assert_cmpint (test_get_id (by_email), ==, id);
  name = get_name (author);
  g_assert_cmpstr (name, ==, "Annie");
  g_clear_pointer (&name, g_free);
  g_clear_object (&result);

  /* nothing is left for the flush */
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* one row, holding the last values */
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, NULL), ==, 1);
  other = mikro_orm_create_entity_manager (fixture->orm);
  found = find_author (other, id);
  name = get_name (found);
  g_assert_cmpstr (name, ==, "Annie");
  g_clear_pointer (&name, g_free);
  g_clear_object (&found);

  /* a managed entity is written as it is and stays the one */
  found = find_author (other, id);
  g_object_set (found, "name", "Ann again", NULL);
  g_assert_true (mikro_entity_is_dirty (found));
  result = mikro_entity_manager_upsert (other, found, &error);
  g_assert_no_error (error);
  g_assert_true (result == found);
  g_assert_false (mikro_entity_is_dirty (found));
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, "{\"name\": \"Ann again\"}"), ==, 1);
  g_clear_object (&result);

  /* neither a key nor a unique value: nothing to conflict with, a plain
   * insert, which the database refuses (the email is NOT NULL) */
  {
    g_autoptr(MikroEntity) anonymous = g_object_new (TEST_TYPE_AUTHOR, "name", "Nobody", NULL);

    result = mikro_entity_manager_upsert (em, anonymous, &error);
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_NULL_VIOLATION);
    g_assert_null (result);
    g_clear_error (&error);
    g_assert_cmpint (mikro_entity_get_state (anonymous), ==, MIKRO_ENTITY_STATE_NEW);
  }
}

static void
test_upsert_many (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) result = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (fixture->orm == NULL)
    return;
  mikro_orm_set_batch_size (fixture->orm, 100);
  em = mikro_orm_create_entity_manager (fixture->orm);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *email = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *name = g_strdup_printf ("User %u", i);

      g_ptr_array_add (authors, g_object_new (TEST_TYPE_AUTHOR, "name", name, "email", email, NULL));
    }

  /* 50 new rows: one statement */
  test_capture_start ();
  result = mikro_entity_manager_upsert_many (em, (MikroEntity **)authors->pdata, authors->len, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("INSERT INTO"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (result), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      gint64 id = test_get_id (g_ptr_array_index (authors, i));
      g_autoptr(MikroEntity) item = g_list_model_get_item (result, i);

      g_assert_true (item == g_ptr_array_index (authors, i));
      g_assert_cmpint (id, >, 0);
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
      g_assert_cmpint (mikro_entity_get_state (g_ptr_array_index (authors, i)), ==, MIKRO_ENTITY_STATE_MANAGED);
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 50);
  g_clear_object (&result);

  /* the same emails again from another manager, in reverse order, the
   * keys unset: one statement, the existing rows updated and their keys
   * found */
  em2 = mikro_orm_create_entity_manager (fixture->orm);
  for (guint i = 50; i-- > 0; )
    {
      g_autofree char *email = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *name = g_strdup_printf ("Renamed %u", i);

      g_ptr_array_add (again, g_object_new (TEST_TYPE_AUTHOR, "name", name, "email", email, NULL));
    }
  test_capture_start ();
  result = mikro_entity_manager_upsert_many (em2, (MikroEntity **)again->pdata, again->len, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("INSERT INTO"), ==, 1);
  /* the keys come back with RETURNING, except on SQLite, where libgda
   * cannot run it: a SELECT by the emails reads them */
  g_assert_cmpuint (test_statements->len, ==, is_sqlite () ? 2 : 1);
  for (guint i = 0; i < 50; i++)
    {
      MikroEntity *before = g_ptr_array_index (authors, 49 - i);
      g_autoptr(MikroEntity) item = g_list_model_get_item (result, i);

      g_assert_cmpint (test_get_id (item), ==, test_get_id (before));
    }
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, NULL), ==, 50);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, "{\"name\": {\"$like\": \"Renamed %\"}}"), ==, 50);

  /* mixed types are refused */
  {
    g_autoptr(MikroEntity) doc = g_object_new (native_doc_get_type (), "title", "x", NULL);
    MikroEntity *mixed[] = { g_ptr_array_index (authors, 0), doc };

    g_clear_object (&result);
    result = mikro_entity_manager_upsert_many (em, mixed, 2, &error);
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
    g_assert_null (result);
    g_clear_error (&error);
  }
}

static gint64
get_version (gpointer entity)
{
  gint64 version;

  g_object_get (entity, "version", &version, NULL);
  return version;
}

static void
test_upsert_versioned (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) doc = NULL;
  g_autoptr(MikroEntity) result = NULL;
  g_autoptr(MikroEntity) copy = NULL;

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);

  doc = g_object_new (native_doc_get_type (), "title", "first", NULL);
  result = mikro_entity_manager_upsert (em, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (get_version (doc), ==, 1);
  g_clear_object (&result);

  /* updated: the version grows, in the database and in the instance of
   * the identity map */
  copy = g_object_new (native_doc_get_type (), "id", test_get_id (doc), "title", "second", NULL);
  result = mikro_entity_manager_upsert (em, copy, &error);
  g_assert_no_error (error);
  g_assert_true (result == doc);
  g_assert_cmpint (get_version (doc), ==, 2);
  g_assert_cmpint (test_count (fixture->orm, native_doc_get_type (), "{\"version\": 2, \"title\": \"second\"}"), ==, 1);
}

static void
test_insert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_autoptr(MikroEntity) twin = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) doc = NULL;

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);

  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Bob", "email", "bob@example.com", NULL);
  test_capture_start ();
  g_assert_true (mikro_entity_manager_insert (em, author, &error));
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("INSERT INTO"), ==, 1);
  g_assert_cmpint (test_get_id (author), >, 0);
  g_assert_cmpint (mikro_entity_get_state (author), ==, MIKRO_ENTITY_STATE_MANAGED);

  /* in the identity map: found without a query; nothing to flush */
  test_capture_start ();
  found = find_author (em, test_get_id (author));
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_true (found == author);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, "{\"email\": \"bob@example.com\"}"), ==, 1);

  /* once more: refused by the database; an entity managed already by
   * the entity manager */
  twin = g_object_new (TEST_TYPE_AUTHOR, "name", "Bob 2", "email", "bob@example.com", NULL);
  g_assert_false (mikro_entity_manager_insert (em, twin, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);
  g_assert_false (mikro_entity_manager_insert (em, author, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  /* a versioned entity starts at 1 */
  doc = g_object_new (native_doc_get_type (), "title", "draft", NULL);
  g_assert_true (mikro_entity_manager_insert (em, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (get_version (doc), ==, 1);
}

static GVariant *
vardict (const char *text)
{
  g_autoptr(GError) error = NULL;
  GVariant *v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return v;
}

static void
test_native_update_delete (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) check = NULL;
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MikroEntity) found = NULL;
  g_autofree char *name = NULL;
  GDateTime *born = NULL;
  gint64 n;

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *email = g_strdup_printf ("n%u@example.com", i);
      g_autofree char *author_name = g_strdup_printf ("n%u", i);
      MikroEntity *author = g_object_new (TEST_TYPE_AUTHOR, "name", author_name, "email", email, NULL);

      g_ptr_array_add (authors, author);
      mikro_entity_manager_insert (em, author, &error);
      g_assert_no_error (error);
    }

  /* two rows renamed; the loaded entities keep their values */
  values = vardict ("{'name': <'renamed'>, 'born': <'1970-01-02T00:00:00Z'>}");
  test_capture_start ();
  n = mikro_entity_manager_native_update (em, TEST_TYPE_AUTHOR, "{\"name\": {\"$in\": [\"n1\", \"n2\"]}}", values, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpuint (test_capture_count ("UPDATE"), ==, 1);
  name = get_name (g_ptr_array_index (authors, 1));
  g_assert_cmpstr (name, ==, "n1");
  g_clear_pointer (&name, g_free);
  g_assert_false (mikro_entity_is_dirty (g_ptr_array_index (authors, 1)));
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, "{\"name\": \"renamed\"}"), ==, 2);

  check = mikro_orm_create_entity_manager (fixture->orm);
  found = find_author (check, test_get_id (g_ptr_array_index (authors, 2)));
  g_object_get (found, "born", &born, NULL);
  g_assert_nonnull (born);
  g_assert_cmpint (g_date_time_to_unix (born), ==, 86400);
  g_date_time_unref (born);
  g_clear_object (&found);

  /* NULL for a nullable property; a filter matching nothing */
  g_clear_pointer (&values, g_variant_unref);
  values = vardict ("{'born': <@ms nothing>}");
  n = mikro_entity_manager_native_update (em, TEST_TYPE_AUTHOR, "{\"name\": \"renamed\"}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, "{\"born\": null}"), ==, 5);
  g_clear_pointer (&values, g_variant_unref);
  values = vardict ("{'name': <'x'>}");
  n = mikro_entity_manager_native_update (em, TEST_TYPE_AUTHOR, "{\"name\": \"nobody\"}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);

  /* a property the entity does not have, a value that does not fit, a
   * malformed filter */
  g_clear_pointer (&values, g_variant_unref);
  values = vardict ("{'nickname': <'x'>}");
  n = mikro_entity_manager_native_update (em, TEST_TYPE_AUTHOR, NULL, values, &error);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_cmpint (n, ==, -1);
  g_clear_error (&error);
  g_clear_pointer (&values, g_variant_unref);
  values = vardict ("{'born': <'not a date'>}");
  n = mikro_entity_manager_native_update (em, TEST_TYPE_AUTHOR, NULL, values, &error);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);
  n = mikro_entity_manager_native_update (em, TEST_TYPE_AUTHOR, "{\"nickname\": 1}", values, &error);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_assert_cmpint (n, ==, -1);
  g_clear_error (&error);

  /* deletes: by filter, then the rest; loaded entities stay managed */
  n = mikro_entity_manager_native_delete (em, TEST_TYPE_AUTHOR, "{\"name\": \"renamed\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, NULL), ==, 3);
  g_assert_cmpint (mikro_entity_get_state (g_ptr_array_index (authors, 1)), ==, MIKRO_ENTITY_STATE_MANAGED);
  n = mikro_entity_manager_native_delete (em, TEST_TYPE_AUTHOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_AUTHOR, NULL), ==, 0);
}

/* A to-one relation takes the key of its target. */
static void
test_native_update_relation (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) check = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) bob = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_autoptr(GVariant) values = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_autofree char *text = NULL;
  gint64 n;

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);

  ann = g_object_new (TEST_TYPE_WRITER, "name", "Ann", NULL);
  bob = g_object_new (TEST_TYPE_WRITER, "name", "Bob", NULL);
  book = g_object_new (TEST_TYPE_BOOK, "title", "Tales", "author", ann, NULL);
  mikro_entity_manager_persist (em, book, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, bob, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  text = g_strdup_printf ("{'author': <int64 %" G_GINT64_FORMAT ">}", test_get_id (bob));
  values = vardict (text);
  n = mikro_entity_manager_native_update (em, TEST_TYPE_BOOK, "{\"title\": \"Tales\"}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);

  check = mikro_orm_create_entity_manager (fixture->orm);
  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, test_get_id (book));
  again = mikro_entity_manager_find_one (check, TEST_TYPE_BOOK, &pk, &error);
  g_assert_no_error (error);
  g_object_get (again, "author", &author, NULL);
  g_assert_cmpint (test_get_id (author), ==, test_get_id (bob));
}

static void
test_lock_optimistic (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntity) doc = NULL;
  g_autoptr(MikroEntity) theirs = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);
  doc = g_object_new (native_doc_get_type (), "title", "draft", NULL);
  mikro_entity_manager_persist (em, doc, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  g_assert_true (mikro_entity_manager_lock (em, doc, MIKRO_LOCK_MODE_OPTIMISTIC, 1, &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_lock (em, doc, MIKRO_LOCK_MODE_OPTIMISTIC, 2, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_OPTIMISTIC_LOCK);
  g_clear_error (&error);

  /* someone else changes it: the database's version is read, not the
   * entity's */
  em2 = mikro_orm_create_entity_manager (fixture->orm);
  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, test_get_id (doc));
  theirs = mikro_entity_manager_find_one (em2, native_doc_get_type (), &pk, &error);
  g_assert_no_error (error);
  g_object_set (theirs, "title", "theirs", NULL);
  mikro_entity_manager_flush (em2, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_lock (em, doc, MIKRO_LOCK_MODE_OPTIMISTIC, get_version (doc), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_OPTIMISTIC_LOCK);
  g_clear_error (&error);
  g_assert_true (mikro_entity_manager_lock (em, doc, MIKRO_LOCK_MODE_OPTIMISTIC, 2, &error));
  g_assert_no_error (error);

  /* no version property; not managed */
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Ann", "email", "ann@example.com", NULL);
  g_assert_false (mikro_entity_manager_lock (em, author, MIKRO_LOCK_MODE_OPTIMISTIC, 1, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);
  mikro_entity_manager_insert (em, author, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_lock (em, author, MIKRO_LOCK_MODE_OPTIMISTIC, 1, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_clear_error (&error);
}

static void
test_lock_pessimistic (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) author = NULL;
  static const MikroLockMode modes[] = {
    MIKRO_LOCK_MODE_PESSIMISTIC_READ,
    MIKRO_LOCK_MODE_PESSIMISTIC_WRITE,
    MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_WRITE,
    MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL,
    MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_READ,
    MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL,
  };

  if (fixture->orm == NULL)
    return;
  em = mikro_orm_create_entity_manager (fixture->orm);
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Ann", "email", "ann@example.com", NULL);
  mikro_entity_manager_insert (em, author, &error);
  g_assert_no_error (error);

  /* refused outside a transaction */
  g_assert_false (mikro_entity_manager_lock (em, author, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE, 0, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  mikro_entity_manager_begin (em, &error);
  g_assert_no_error (error);
  test_capture_start ();
  g_assert_true (mikro_entity_manager_lock (em, author, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE, 0, &error));
  test_capture_stop ();
  g_assert_no_error (error);
  /* SQLite has no row locks: no statement */
  g_assert_cmpuint (test_capture_count ("FOR UPDATE"), ==, is_sqlite () ? 0 : 1);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_assert_true (mikro_entity_manager_lock (em, author, modes[i], 0, &error));
      g_assert_no_error (error);
    }
  mikro_entity_manager_commit (em, &error);
  g_assert_no_error (error);
}

static void
test_lock_nowait (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm2 = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntity) author = NULL;
  g_autoptr(MikroEntity) theirs = NULL;

  if (fixture->orm == NULL)
    return;
  if (is_sqlite ())
    {
      /* SQLite has no row locks: its transactions lock the whole database
       * file (and a :memory: database is not shared between two ORMs), so
       * there is no row lock for NOWAIT to meet. */
      g_test_skip ("SQLite has no row locks");
      return;
    }

  em = mikro_orm_create_entity_manager (fixture->orm);
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Ann", "email", "ann@example.com", NULL);
  mikro_entity_manager_insert (em, author, &error);
  g_assert_no_error (error);

  /* a second connection */
  orm2 = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm2, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  em2 = mikro_orm_create_entity_manager (orm2);
  theirs = find_author (em2, test_get_id (author));
  g_assert_nonnull (theirs);

  mikro_entity_manager_begin (em, &error);
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_lock (em, author, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE, 0, &error));
  g_assert_no_error (error);

  /* SKIP LOCKED passes over the locked row, NOWAIT fails at once */
  mikro_entity_manager_begin (em2, &error);
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_lock (em2, theirs, MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_WRITE, 0, &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_lock (em2, theirs, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL, 0, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "author"));
  g_clear_error (&error);
  mikro_entity_manager_rollback (em2, &error);
  g_assert_no_error (error);

  mikro_entity_manager_commit (em, &error);
  g_assert_no_error (error);

  /* released: it can be taken now */
  mikro_entity_manager_begin (em2, &error);
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_lock (em2, theirs, MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL, 0, &error));
  g_assert_no_error (error);
  mikro_entity_manager_commit (em2, &error);
  g_assert_no_error (error);

  g_clear_object (&em2);
  g_clear_object (&theirs);
  mikro_orm_close (orm2);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "upsert", test_upsert },
    { "upsert-many", test_upsert_many },
    { "upsert-versioned", test_upsert_versioned },
    { "insert", test_insert },
    { "native-update-delete", test_native_update_delete },
    { "native-update-relation", test_native_update_relation },
    { "lock/optimistic", test_lock_optimistic },
    { "lock/pessimistic", test_lock_pessimistic },
    { "lock/nowait", test_lock_nowait },
  };
  int ret;

  test_capture_init ();
  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mikro/native/%s/%s", backend.name, tests[i].name);

      g_test_add (path, Fixture, NULL, fixture_setup, tests[i].func, fixture_teardown);
    }

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
