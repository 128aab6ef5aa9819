/* test-repository.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Repositories: one per entity manager and entity type, delegating to the
 * entity manager (the same identity map), refusing entities of another
 * type, and subclassed with a query of their own. */

#include <string.h>

#include <json-glib/json-glib.h>

#include "test-backend.h"
#include "test-entities.h"
#include "test-relation-entities.h"

/* A repository subclass with a query of its own, and some state to show
 * that the entity manager hands out one instance. */
#define TEST_TYPE_AUTHOR_REPOSITORY (test_author_repository_get_type ())
G_DECLARE_FINAL_TYPE (TestAuthorRepository, test_author_repository, TEST, AUTHOR_REPOSITORY, MikroRepository)

struct _TestAuthorRepository
{
  MikroRepository parent_instance;
  guint           queries;
};

G_DEFINE_FINAL_TYPE (TestAuthorRepository, test_author_repository, MIKRO_TYPE_REPOSITORY)

static void test_author_repository_class_init (TestAuthorRepositoryClass *klass) { }
static void test_author_repository_init (TestAuthorRepository *self) { }

static MikroEntity *
test_author_repository_find_by_name (TestAuthorRepository  *self,
                                     const char            *name,
                                     GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *filter = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  filter = json_to_string (root, FALSE);

  self->queries++;
  return mikro_repository_find_one_by (MIKRO_REPOSITORY (self), filter, error);
}

/* An abstract repository class cannot be instantiated by the manager. */
#define TEST_TYPE_ABSTRACT_REPOSITORY (test_abstract_repository_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestAbstractRepository, test_abstract_repository, TEST, ABSTRACT_REPOSITORY, MikroRepository)

struct _TestAbstractRepositoryClass
{
  MikroRepositoryClass parent_class;
};

G_DEFINE_ABSTRACT_TYPE (TestAbstractRepository, test_abstract_repository, MIKRO_TYPE_REPOSITORY)

static void test_abstract_repository_class_init (TestAbstractRepositoryClass *klass) { }
static void test_abstract_repository_init (TestAbstractRepository *self) { }

typedef struct
{
  MikroOrm           *orm;
  MikroEntityManager *em;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  /* the relation zoo, for populate */
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_BOOK, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);
  fixture->em = mikro_orm_create_entity_manager (fixture->orm);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->em);
  mikro_orm_close (fixture->orm);
  g_clear_object (&fixture->orm);
}

static MikroEntity *
new_author (const char *name)
{
  g_autofree char *email = g_strdup_printf ("%s@example.org", name);

  return g_object_new (TEST_TYPE_AUTHOR, "name", name, "email", email, NULL);
}

static void
set_key (GValue *key,
         gint64  id)
{
  g_value_init (key, G_TYPE_INT64);
  g_value_set_int64 (key, id);
}

/* Persists and flushes authors named @names through the repository. */
static void
persist_authors (Fixture          *fixture,
                 MikroRepository  *repo,
                 const char      **names)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(MikroEntity) author = new_author (names[i]);

      g_assert_true (mikro_repository_persist (repo, author, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mikro_entity_get_state (author), ==, MIKRO_ENTITY_STATE_NEW);
    }
  g_assert_true (mikro_entity_manager_flush (fixture->em, &error));
  g_assert_no_error (error);
}

/* One repository per entity manager and type; another type, another
 * entity manager (a fork) or another class is another repository. */
static void
test_cached (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) forked = NULL;
  g_autoptr(MikroEntityManager) em_prop = NULL;
  MikroRepository *repo;
  MikroRepository *again;
  MikroRepository *books;
  MikroRepository *of_forked;
  GType type_prop = G_TYPE_INVALID;

  repo = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_nonnull (repo);
  g_assert_true (G_OBJECT_TYPE (repo) == MIKRO_TYPE_REPOSITORY);
  g_assert_true (mikro_repository_get_entity_manager (repo) == fixture->em);
  g_assert_true (mikro_repository_get_entity_type (repo) == TEST_TYPE_AUTHOR);
  g_object_get (repo, "entity-manager", &em_prop, "entity-type", &type_prop, NULL);
  g_assert_true (em_prop == fixture->em);
  g_assert_true (type_prop == TEST_TYPE_AUTHOR);

  again = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_true (again == repo);

  books = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_BOOK, &error);
  g_assert_no_error (error);
  g_assert_true (books != repo);
  g_assert_true (mikro_repository_get_entity_type (books) == TEST_TYPE_BOOK);

  forked = mikro_entity_manager_fork (fixture->em);
  of_forked = mikro_entity_manager_get_repository (forked, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_true (of_forked != repo);
  g_assert_true (mikro_repository_get_entity_manager (of_forked) == forked);

  /* the type of the plain repository, asked for by name */
  again = mikro_entity_manager_get_repository_of_type (fixture->em, TEST_TYPE_AUTHOR,
                                                       MIKRO_TYPE_REPOSITORY, &error);
  g_assert_no_error (error);
  g_assert_true (again == repo);
}

/* A type the ORM does not know is the entity manager's METADATA error;
 * a class that is not a repository, or is abstract, a VALIDATION one. */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MikroRepository *repo;

  repo = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_PRODUCT, &error);
  g_assert_null (repo);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_assert_nonnull (strstr (error->message, "TestProduct"));
  g_clear_error (&error);

  /* the entity manager says the same */
  {
    g_autoptr(GListModel) none = mikro_entity_manager_find (fixture->em, TEST_TYPE_PRODUCT, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
    g_clear_error (&error);
  }

  repo = mikro_entity_manager_get_repository (fixture->em, G_TYPE_OBJECT, &error);
  g_assert_null (repo);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_clear_error (&error);

  repo = mikro_entity_manager_get_repository_of_type (fixture->em, TEST_TYPE_AUTHOR,
                                                      G_TYPE_OBJECT, &error);
  g_assert_null (repo);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "GObject"));
  g_clear_error (&error);

  repo = mikro_entity_manager_get_repository_of_type (fixture->em, TEST_TYPE_AUTHOR,
                                                      TEST_TYPE_ABSTRACT_REPOSITORY, &error);
  g_assert_null (repo);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "TestAbstractRepository"));
  g_clear_error (&error);
}

/* Every method goes through the entity manager: what the repository
 * returns is the identity map's instance, and its counts are the
 * database's. */
static void
test_delegates (Fixture       *fixture,
                gconstpointer  data)
{
  const char *names[] = { "Ann", "Bob", "Cyd", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) some = NULL;
  g_autoptr(MikroEntity) bob = NULL;
  g_autoptr(MikroEntity) bob_by_key = NULL;
  g_autoptr(MikroEntity) bob_from_em = NULL;
  g_autoptr(MikroEntity) cyd = NULL;
  g_autoptr(MikroEntity) reference = NULL;
  g_autoptr(MikroEntity) nobody = NULL;
  g_autoptr(MikroEntity) missing = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  g_auto(GValue) int_key = G_VALUE_INIT;
  MikroRepository *repo;

  repo = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  persist_authors (fixture, repo, names);

  g_assert_cmpint (mikro_repository_count (repo, NULL, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_repository_count (repo, "{\"name\": {\"$in\": [\"Ann\", \"Cyd\"]}}", &error), ==, 2);
  g_assert_no_error (error);

  all = mikro_repository_find_all (repo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  g_assert_true (g_list_model_get_item_type (all) == TEST_TYPE_AUTHOR);

  bob = mikro_repository_find_one_by (repo, "{\"name\": \"Bob\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (bob);
  g_assert_cmpint (mikro_entity_get_state (bob), ==, MIKRO_ENTITY_STATE_MANAGED);
  {
    g_autoptr(GObject) second = g_list_model_get_item (all, 1);

    /* the identity map's instance, whichever way it is found */
    g_assert_true (second == G_OBJECT (bob));
  }

  set_key (&key, test_get_id (bob));
  bob_by_key = mikro_repository_find_one (repo, &key, &error);
  g_assert_no_error (error);
  g_assert_true (bob_by_key == bob);
  bob_from_em = mikro_entity_manager_find_one (fixture->em, TEST_TYPE_AUTHOR, &key, &error);
  g_assert_no_error (error);
  g_assert_true (bob_from_em == bob);

  /* integers of another width are converted to the key's type */
  g_value_init (&int_key, G_TYPE_INT);
  g_value_set_int (&int_key, (int)test_get_id (bob));
  reference = mikro_repository_get_reference (repo, &int_key, &error);
  g_assert_no_error (error);
  g_assert_true (reference == bob);

  some = mikro_repository_find (repo, "{\"name\": {\"$ne\": \"Bob\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (some), ==, 2);

  nobody = mikro_repository_find_one_by (repo, "{\"name\": \"Nobody\"}", &error);
  g_assert_no_error (error);
  g_assert_null (nobody);

  missing = mikro_repository_find_one_or_fail (repo, "{\"name\": \"Nobody\"}", &error);
  g_assert_null (missing);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "TestAuthor"));
  g_clear_error (&error);

  cyd = mikro_repository_find_one_or_fail (repo, "{\"name\": \"Cyd\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (cyd);

  g_assert_null (mikro_repository_find (repo, "{\"nope\": 1}", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_clear_error (&error);
  g_assert_cmpint (mikro_repository_count (repo, "{\"nope\": 1}", &error), ==, -1);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_clear_error (&error);

  /* removed through the repository, deleted by the manager's flush */
  g_assert_true (mikro_repository_remove (repo, cyd, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mikro_repository_count (repo, NULL, &error), ==, 3);
  g_assert_true (mikro_entity_manager_flush (fixture->em, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mikro_repository_count (repo, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_null (mikro_repository_find_one_by (repo, "{\"name\": \"Cyd\"}", &error));
  g_assert_no_error (error);
}

/* An entity of another type is a VALIDATION error naming both types, and
 * nothing reaches the entity manager. */
static void
test_wrong_type (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntity) writer = g_object_new (TEST_TYPE_WRITER, "name", "Ursula", NULL);
  MikroRepository *repo;

  repo = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);

  g_assert_false (mikro_repository_persist (repo, writer, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "TestAuthor"));
  g_assert_nonnull (strstr (error->message, "TestWriter"));
  g_clear_error (&error);
  g_assert_cmpint (mikro_entity_get_state (writer), ==, MIKRO_ENTITY_STATE_NEW);

  g_assert_false (mikro_repository_remove (repo, writer, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  g_assert_false (mikro_repository_populate (repo, writer, "books", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  /* the flush has nothing to insert */
  g_assert_true (mikro_entity_manager_flush (fixture->em, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (fixture->em, TEST_TYPE_WRITER, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

/* populate loads a collection of the repository's entity. */
static void
test_populate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = g_object_new (TEST_TYPE_WRITER, "name", "Iain", NULL);
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroCollection) books = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroRepository *writers;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *title = g_strdup_printf ("Culture %u", i);
      g_autoptr(MikroEntity) book = g_object_new (TEST_TYPE_BOOK, "title", title, "author", writer, NULL);

      mikro_entity_manager_persist (fixture->em, book, &error);
      g_assert_no_error (error);
    }
  mikro_entity_manager_flush (fixture->em, &error);
  g_assert_no_error (error);

  fresh = mikro_entity_manager_fork (fixture->em);
  writers = mikro_entity_manager_get_repository (fresh, TEST_TYPE_WRITER, &error);
  g_assert_no_error (error);
  set_key (&key, test_get_id (writer));
  loaded = mikro_repository_find_one (writers, &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (loaded != writer);

  g_object_get (loaded, "books", &books, NULL);
  g_assert_false (mikro_collection_is_initialized (books));
  g_assert_true (mikro_repository_populate (writers, loaded, "books", &error));
  g_assert_no_error (error);
  g_assert_true (mikro_collection_is_initialized (books));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 2);

  g_assert_false (mikro_repository_populate (writers, loaded, "name", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);

  /* the loaded books point back at the writer, which holds them in its
   * collection (and in the collection's snapshot of what was loaded):
   * break the cycle from the books' side */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (books)); i++)
    {
      g_autoptr(GObject) book = g_list_model_get_item (G_LIST_MODEL (books), i);

      g_object_set (book, "author", NULL, NULL);
    }
}

/* A subclass is created by the entity manager with both properties set,
 * once, and its own query works with the base methods. */
static void
test_subclass (Fixture       *fixture,
               gconstpointer  data)
{
  const char *names[] = { "Ann", "Bob", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) ann_again = NULL;
  g_autoptr(MikroEntity) nobody = NULL;
  MikroRepository *plain;
  MikroRepository *repo;
  TestAuthorRepository *authors;

  repo = mikro_entity_manager_get_repository_of_type (fixture->em, TEST_TYPE_AUTHOR,
                                                      TEST_TYPE_AUTHOR_REPOSITORY, &error);
  g_assert_no_error (error);
  g_assert_true (TEST_IS_AUTHOR_REPOSITORY (repo));
  authors = TEST_AUTHOR_REPOSITORY (repo);
  g_assert_true (mikro_repository_get_entity_manager (repo) == fixture->em);
  g_assert_true (mikro_repository_get_entity_type (repo) == TEST_TYPE_AUTHOR);

  plain = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_true (plain != repo);

  persist_authors (fixture, repo, names);

  ann = test_author_repository_find_by_name (authors, "Ann", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ann);
  ann_again = mikro_repository_find_one_by (plain, "{\"name\": \"Ann\"}", &error);
  g_assert_no_error (error);
  g_assert_true (ann_again == ann);

  /* quotes in the name are the JSON builder's business */
  nobody = test_author_repository_find_by_name (authors, "\"}, {\"$or\": 1", &error);
  g_assert_no_error (error);
  g_assert_null (nobody);

  g_assert_cmpuint (authors->queries, ==, 2);
  g_assert_true (mikro_entity_manager_get_repository_of_type (fixture->em, TEST_TYPE_AUTHOR,
                                                              TEST_TYPE_AUTHOR_REPOSITORY,
                                                              &error) == repo);
  g_assert_cmpuint (authors->queries, ==, 2);
}

/* The entity manager owns its repositories; a repository kept longer
 * than its entity manager reports that it has none. */
static void
test_outlives_manager (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (fixture->orm);
  g_autoptr(MikroRepository) repo = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(MikroEntity) author = new_author ("Dee");
  g_autoptr(MikroEntityManager) em_prop = NULL;

  repo = g_object_ref (mikro_entity_manager_get_repository (em, TEST_TYPE_AUTHOR, &error));
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (em), (gpointer *)&em);
  g_object_unref (em);
  /* no cycle kept the entity manager alive */
  g_assert_null (em);

  g_assert_null (mikro_repository_get_entity_manager (repo));
  g_object_get (repo, "entity-manager", &em_prop, NULL);
  g_assert_null (em_prop);
  g_assert_true (mikro_repository_get_entity_type (repo) == TEST_TYPE_AUTHOR);

  none = mikro_repository_find_all (repo, &error);
  g_assert_null (none);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "TestAuthor"));
  g_clear_error (&error);

  g_assert_false (mikro_repository_persist (repo, author, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_FAILED);
  g_clear_error (&error);

  /* and the repository goes when its last reference does */
  g_object_add_weak_pointer (G_OBJECT (repo), (gpointer *)&repo);
  g_object_unref (repo);
  g_assert_null (repo);
}

/* A repository made with g_object_new, as bindings may do, works too. */
static void
test_constructed (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *names[] = { "Eve", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroRepository) repo = NULL;

  repo = g_object_new (TEST_TYPE_AUTHOR_REPOSITORY,
                       "entity-manager", fixture->em,
                       "entity-type", TEST_TYPE_AUTHOR,
                       NULL);
  g_assert_true (repo != mikro_entity_manager_get_repository_of_type (fixture->em, TEST_TYPE_AUTHOR,
                                                                      TEST_TYPE_AUTHOR_REPOSITORY,
                                                                      &error));
  g_assert_no_error (error);
  persist_authors (fixture, repo, names);
  g_assert_cmpint (mikro_repository_count (repo, "{\"name\": \"Eve\"}", &error), ==, 1);
  g_assert_no_error (error);
}

/* find_one_or_fail's error comes from the ORM's handler when it sets
 * one (MikroORM's findOneOrFailHandler), and is NOT_FOUND otherwise. */
#define APP_ERROR (g_quark_from_static_string ("test-app-error"))

static guint handler_calls;
static guint handler_data_freed;

static void
app_not_found (MikroEntityMetadata  *metadata,
               const char           *filter,
               gpointer              user_data,
               GError              **error)
{
  handler_calls++;
  g_assert_cmpstr (user_data, ==, "data");
  /* only authors get the application's own error */
  if (mikro_entity_metadata_get_entity_type (metadata) == TEST_TYPE_AUTHOR)
    g_set_error (error, APP_ERROR, 404, "%s: %s", mikro_entity_metadata_get_table (metadata), filter);
}

static void
count_free (gpointer data)
{
  handler_data_freed++;
}

static void
test_not_found_handler (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MikroRepository *repo = mikro_entity_manager_get_repository (fixture->em, TEST_TYPE_AUTHOR, &error);

  g_assert_no_error (error);
  handler_calls = handler_data_freed = 0;
  mikro_orm_set_not_found_handler (fixture->orm, app_not_found, "data", count_free);

  g_assert_null (mikro_repository_find_one_or_fail (repo, "{\"name\": \"Nobody\"}", &error));
  g_assert_error (error, APP_ERROR, 404);
  g_assert_cmpstr (error->message, ==, "author: {\"name\": \"Nobody\"}");
  g_clear_error (&error);
  g_assert_cmpuint (handler_calls, ==, 1);

  /* the handler left it unset: the default error */
  g_assert_null (mikro_entity_manager_find_one_or_fail (fixture->em, TEST_TYPE_WRITER, NULL, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (handler_calls, ==, 2);

  /* replaced: the old data freed, the default again */
  mikro_orm_set_not_found_handler (fixture->orm, NULL, NULL, NULL);
  g_assert_cmpuint (handler_data_freed, ==, 1);
  g_assert_null (mikro_entity_manager_find_one_or_fail (fixture->em, TEST_TYPE_AUTHOR, NULL, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
  g_assert_cmpuint (handler_calls, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/mikro/repository/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("cached", test_cached);
  ADD ("errors", test_errors);
  ADD ("delegates", test_delegates);
  ADD ("wrong-type", test_wrong_type);
  ADD ("populate", test_populate);
  ADD ("subclass", test_subclass);
  ADD ("outlives-manager", test_outlives_manager);
  ADD ("constructed", test_constructed);
  ADD ("not-found-handler", test_not_found_handler);

#undef ADD

  return g_test_run ();
}
