/* test-relations.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Relations in the unit of work, per SQL backend: join columns written
 * from the related entity's key, references loaded from them, inserts
 * ordered over foreign keys (with a cycle broken through a nullable join
 * column and a follow-up UPDATE), deletes ordered the other way, and
 * persistence by reachability. */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

/* A pair whose join columns are not nullable either way, and whose rules
 * are the database's default (no action): the order of inserts and
 * deletes is all that makes them work. */
typedef struct { MikroEntity parent_instance; } TestHen;
typedef struct { MikroEntityClass parent_class; } TestHenClass;
typedef struct { MikroEntity parent_instance; } TestEgg;
typedef struct { MikroEntityClass parent_class; } TestEggClass;

static GType test_hen_get_type (void);
static GType test_egg_get_type (void);
G_DEFINE_TYPE (TestHen, test_hen, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestEgg, test_egg, MIKRO_TYPE_ENTITY)

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
test_hen_class_init (TestHenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "hen");

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1,
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2,
    g_param_spec_string ("name", NULL, NULL, NULL, RW));
  /* the first egg: set when both exist, so not NULL only in a cycle */
  g_object_class_install_property (object_class, 3,
    g_param_spec_object ("first-egg", NULL, NULL, MIKRO_TYPE_ENTITY, RW));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (schema, "first-egg", MIKRO_RELATION_MANY_TO_ONE,
                                    test_egg_get_type (), MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_egg_class_init (TestEggClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "egg");
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1,
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2,
    g_param_spec_object ("hen", NULL, NULL, test_hen_get_type (), RW));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  prop = mikro_entity_schema_add_relation (schema, "hen", MIKRO_RELATION_MANY_TO_ONE,
                                           G_TYPE_INVALID, MIKRO_PROPERTY_NONE);
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_NO_ACTION);
  mikro_property_set_on_update (prop, MIKRO_REFERENTIAL_ACTION_NO_ACTION);
  mikro_entity_schema_register (schema);
}

static void test_hen_init (TestHen *self) { }
static void test_egg_init (TestEgg *self) { }

/* Two entities that each need the other: no order inserts them. */
typedef struct { MikroEntity parent_instance; } TestLeft;
typedef struct { MikroEntityClass parent_class; } TestLeftClass;
typedef struct { MikroEntity parent_instance; } TestRight;
typedef struct { MikroEntityClass parent_class; } TestRightClass;

static GType test_left_get_type (void);
static GType test_right_get_type (void);
G_DEFINE_TYPE (TestLeft, test_left, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestRight, test_right, MIKRO_TYPE_ENTITY)

static void
define_pair (GObjectClass *klass,
             const char   *table,
             const char   *other,
             GType         other_type)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), table);

  test_store_class_init (klass);
  g_object_class_install_property (klass, 1,
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (klass, 2,
    g_param_spec_object (other, NULL, NULL, MIKRO_TYPE_ENTITY, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_relation (schema, other, MIKRO_RELATION_MANY_TO_ONE, other_type, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_left_class_init (TestLeftClass *klass)
{
  define_pair (G_OBJECT_CLASS (klass), "left_side", "right", test_right_get_type ());
}

static void
test_right_class_init (TestRightClass *klass)
{
  define_pair (G_OBJECT_CLASS (klass), "right_side", "left", test_left_get_type ());
}

static void test_left_init (TestLeft *self) { }
static void test_right_init (TestRight *self) { }

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
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_BOOK, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_egg_get_type (), &error);
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

static MikroEntity *
find (MikroEntityManager *em,
      GType               type,
      gint64              id)
{
  g_auto(GValue) pk = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  MikroEntity *entity;

  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, id);
  entity = mikro_entity_manager_find_one (em, type, &pk, &error);
  g_assert_no_error (error);
  return entity;
}

/* The position of the first statement that starts with @verb and names
 * @table (quoted as either dialect quotes it). */
static int
statement_index (const char *verb,
                 const char *table)
{
  g_autofree char *double_quoted = g_strdup_printf ("\"%s\"", table);
  g_autofree char *back_quoted = g_strdup_printf ("`%s`", table);

  for (guint i = 0; i < test_statements->len; i++)
    {
      const char *sql = g_ptr_array_index (test_statements, i);
      const char *name = strstr (sql, double_quoted) != NULL ? strstr (sql, double_quoted)
                                                             : strstr (sql, back_quoted);

      /* the table comes right after the verb's first words */
      if (g_str_has_prefix (sql, verb) && name != NULL && name - sql < (gssize)strlen (verb) + 8)
        return i;
    }
  return -1;
}

/* A book persisted alone brings its new author and publisher (cascade
 * persist); they are inserted first, and the book's join columns hold
 * their keys. Loaded again, the book's author is a reference until its
 * row is loaded, and it is the identity map's one instance. */
static void
test_many_to_one (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) publisher = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) loaded_writer = NULL;
  MikroEntity *author;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Ursula", NULL);
  publisher = g_object_new (TEST_TYPE_PUBLISHER, "name", "Ace", NULL);
  book = g_object_new (TEST_TYPE_BOOK, "title", "The Dispossessed",
                       "author", writer, "publisher", publisher, NULL);
  mikro_entity_manager_persist (em, book, &error);
  g_assert_no_error (error);

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);

  g_assert_cmpint (mikro_entity_get_state (writer), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpint (mikro_entity_get_state (publisher), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpint (test_get_id (writer), >, 0);
  g_assert_cmpint (test_get_id (book), >, 0);
  g_assert_cmpint (test_capture_count ("INSERT INTO"), ==, 3);
  g_assert_cmpint (statement_index ("INSERT", "writer"), <, statement_index ("INSERT", "book"));
  g_assert_cmpint (statement_index ("INSERT", "publisher"), <, statement_index ("INSERT", "book"));

  fresh = mikro_entity_manager_fork (em);
  test_capture_start ();
  loaded = find (fresh, TEST_TYPE_BOOK, test_get_id (book));
  test_capture_stop ();
  g_assert_nonnull (loaded);
  /* the book, then its publisher: Book.publisher is eager */
  g_assert_cmpuint (test_statements->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (test_statements, 1), "SELECT"));
  g_assert_nonnull (strstr (g_ptr_array_index (test_statements, 1), "publisher"));
  author = test_get_object (loaded, "author");
  g_assert_nonnull (author);
  g_assert_true (author != writer);
  g_assert_cmpint (test_get_id (author), ==, test_get_id (writer));
  g_assert_false (mikro_entity_is_initialized (author));
  g_assert_true (mikro_entity_is_initialized (loaded));
  g_assert_cmpint (test_get_id (test_get_object (loaded, "publisher")), ==, test_get_id (publisher));
  g_assert_true (mikro_entity_is_initialized (test_get_object (loaded, "publisher")));
  g_assert_null (test_get_object (loaded, "editor"));

  /* loading the reference fills the same instance */
  loaded_writer = find (fresh, TEST_TYPE_WRITER, test_get_id (writer));
  g_assert_true (loaded_writer == author);
  g_assert_true (mikro_entity_is_initialized (author));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (author), "never-set"), ==, NULL);
  {
    g_autofree char *name = NULL;

    g_object_get (author, "name", &name, NULL);
    g_assert_cmpstr (name, ==, "Ursula");
  }
}

/* 100 new books by one new author: the author, then every book in one
 * multi-row INSERT. */
static void
test_insert_batches (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(GListModel) books = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Iain", NULL);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *title = g_strdup_printf ("Book %u", i);
      g_autoptr(MikroEntity) book = g_object_new (TEST_TYPE_BOOK, "title", title, "author", writer, NULL);

      mikro_entity_manager_persist (em, book, &error);
      g_assert_no_error (error);
    }

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (test_capture_count ("INSERT INTO"), ==, 2);

  books = mikro_entity_manager_find (em, TEST_TYPE_BOOK, "{\"author_id\": {\"$eq\": 0}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (books), ==, 0);
  g_clear_object (&books);
  {
    g_autofree char *filter = g_strdup_printf ("{\"author\": %" G_GINT64_FORMAT "}", test_get_id (writer));

    books = mikro_entity_manager_find (em, TEST_TYPE_BOOK, filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (books), ==, 100);
  }
}

/* A writer whose favourite book is her own new book: neither can go
 * first. The writer is inserted with no favourite book (the nullable
 * column of the cycle), then the book, then an UPDATE sets it. */
static void
test_cycle (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) loaded = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Octavia", NULL);
  book = g_object_new (TEST_TYPE_BOOK, "title", "Kindred", "author", writer, NULL);
  g_object_set (writer, "favorite-book", book, NULL);
  mikro_entity_manager_persist (em, writer, &error);
  g_assert_no_error (error);

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);

  g_assert_cmpint (test_capture_count ("INSERT INTO"), ==, 2);
  g_assert_cmpint (test_capture_count ("UPDATE"), ==, 1);
  g_assert_cmpint (statement_index ("INSERT", "writer"), <, statement_index ("INSERT", "book"));
  g_assert_cmpint (statement_index ("INSERT", "book"), <, statement_index ("UPDATE", "writer"));
  g_assert_false (mikro_entity_is_dirty (writer));

  /* nothing left to write */
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  fresh = mikro_entity_manager_fork (em);
  loaded = find (fresh, TEST_TYPE_WRITER, test_get_id (writer));
  g_assert_cmpint (test_get_id (test_get_object (loaded, "favorite-book")), ==, test_get_id (book));

  /* break the cycle of references so both can be finalized */
  g_object_set (writer, "favorite-book", NULL, NULL);
}

/* A cycle with no nullable join column cannot be inserted: a VALIDATION
 * error naming a type of the cycle, nothing written, and the entities
 * still pending. */
static void
test_cycle_not_nullable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) left = NULL;
  g_autoptr(MikroEntity) right = NULL;

  if (fixture->orm == NULL)
    return;

  mikro_orm_add_entity (fixture->orm, test_left_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);

  em = mikro_orm_create_entity_manager (fixture->orm);
  left = g_object_new (test_left_get_type (), NULL);
  right = g_object_new (test_right_get_type (), "left", left, NULL);
  g_object_set (left, "right", right, NULL);
  mikro_entity_manager_persist (em, left, &error);
  g_assert_no_error (error);

  test_capture_start ();
  g_assert_false (mikro_entity_manager_flush (em, &error));
  test_capture_stop ();
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Test"));
  g_clear_error (&error);
  g_assert_cmpint (test_capture_count ("INSERT"), ==, 0);
  g_assert_cmpint (mikro_entity_get_state (left), ==, MIKRO_ENTITY_STATE_NEW);
  g_assert_cmpint (mikro_entity_get_state (right), ==, MIKRO_ENTITY_STATE_NEW);
  g_assert_cmpint (mikro_entity_manager_count (em, test_left_get_type (), NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* forgetting them leaves nothing to write */
  mikro_entity_manager_remove (em, left, &error);
  g_assert_no_error (error);
  mikro_entity_manager_remove (em, right, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_object_set (left, "right", NULL, NULL);
}

/* Removing a hen and her eggs in that order: the eggs are deleted first,
 * since the database takes no hen from under an egg. */
static void
test_delete_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) hen = NULL;
  g_autoptr(MikroEntity) egg = NULL;
  g_autoptr(MikroEntity) loaded_hen = NULL;
  g_autoptr(GListModel) eggs = NULL;
  gint64 hen_id;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  hen = g_object_new (test_hen_get_type (), "name", "Ginger", NULL);
  egg = g_object_new (test_egg_get_type (), "hen", hen, NULL);
  mikro_entity_manager_persist (em, egg, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  hen_id = test_get_id (hen);

  fresh = mikro_entity_manager_fork (em);
  eggs = mikro_entity_manager_find (fresh, test_egg_get_type (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (eggs), ==, 1);
  loaded_hen = find (fresh, test_hen_get_type (), hen_id);
  {
    g_autoptr(MikroEntity) loaded_egg = g_list_model_get_item (eggs, 0);

    g_assert_true (test_get_object (loaded_egg, "hen") == loaded_hen);
    mikro_entity_manager_remove (fresh, loaded_hen, &error);
    g_assert_no_error (error);
    mikro_entity_manager_remove (fresh, loaded_egg, &error);
    g_assert_no_error (error);
  }

  test_capture_start ();
  mikro_entity_manager_flush (fresh, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (statement_index ("DELETE", "egg"), <, statement_index ("DELETE", "hen"));
}

/* Changing a managed book's author to a new writer inserts the writer
 * first and updates the book's join column with the new key; clearing a
 * nullable many-to-one writes NULL; a reference is set without a query. */
static void
test_update_relation (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) other = NULL;
  g_autoptr(MikroEntity) publisher = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) reference = NULL;
  g_auto(GValue) key = G_VALUE_INIT;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Ted", NULL);
  publisher = g_object_new (TEST_TYPE_PUBLISHER, "name", "Tor", NULL);
  book = g_object_new (TEST_TYPE_BOOK, "title", "Exhalation", "author", writer, "publisher", publisher, NULL);
  mikro_entity_manager_persist (em, book, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  other = g_object_new (TEST_TYPE_WRITER, "name", "Chiang", NULL);
  g_object_set (book, "author", other, "publisher", NULL, NULL);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (other), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpint (statement_index ("INSERT", "writer"), <, statement_index ("UPDATE", "book"));

  fresh = mikro_entity_manager_fork (em);
  loaded = find (fresh, TEST_TYPE_BOOK, test_get_id (book));
  g_assert_cmpint (test_get_id (test_get_object (loaded, "author")), ==, test_get_id (other));
  g_assert_null (test_get_object (loaded, "publisher"));

  /* back to the first author through a reference: no SELECT */
  g_value_init (&key, G_TYPE_INT);
  g_value_set_int (&key, (int)test_get_id (writer));
  test_capture_start ();
  reference = mikro_entity_manager_get_reference (fresh, TEST_TYPE_WRITER, &key, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_is_initialized (reference));
  g_object_set (loaded, "author", reference, NULL);
  mikro_entity_manager_flush (fresh, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (test_capture_count ("SELECT"), ==, 0);
  g_assert_cmpint (test_capture_count ("UPDATE"), ==, 1);

  g_clear_object (&loaded);
  g_clear_object (&fresh);
  fresh = mikro_entity_manager_fork (em);
  loaded = find (fresh, TEST_TYPE_BOOK, test_get_id (book));
  g_assert_cmpint (test_get_id (test_get_object (loaded, "author")), ==, test_get_id (writer));

  /* a key no row has: the database refuses, the flush is rolled back and
   * stays pending */
  {
    g_autoptr(MikroEntity) ghost = NULL;

    g_value_set_int (&key, 999999);
    ghost = mikro_entity_manager_get_reference (fresh, TEST_TYPE_WRITER, &key, &error);
    g_assert_no_error (error);
    g_object_set (loaded, "author", ghost, NULL);
    g_assert_false (mikro_entity_manager_flush (fresh, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_FK_VIOLATION);
    /* the servers name the constraint; SQLite names none */
    if (!g_str_has_prefix (backend.name, "sqlite"))
      g_assert_nonnull (strstr (error->message, "book_author_id_foreign"));
    g_clear_error (&error);
    g_object_set (loaded, "author", reference, NULL);
    mikro_entity_manager_flush (fresh, &error);
    g_assert_no_error (error);
  }

  /* a book without its (not nullable) author: NOT_NULL_VIOLATION naming
   * the column, nothing written, and the book can be forgotten */
  {
    g_autoptr(MikroEntity) orphan = g_object_new (TEST_TYPE_BOOK, "title", "Anonymous", NULL);

    mikro_entity_manager_persist (fresh, orphan, &error);
    g_assert_no_error (error);
    g_assert_false (mikro_entity_manager_flush (fresh, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_NULL_VIOLATION);
    g_assert_nonnull (strstr (error->message, "author_id"));
    g_clear_error (&error);
    g_assert_cmpint (mikro_entity_get_state (orphan), ==, MIKRO_ENTITY_STATE_NEW);
    mikro_entity_manager_remove (fresh, orphan, &error);
    g_assert_no_error (error);
    mikro_entity_manager_flush (fresh, &error);
    g_assert_no_error (error);
  }
}

static MikroCollection *
get_collection (gpointer    entity,
                const char *property)
{
  return test_get_object (entity, property);
}

static gboolean
collection_has_title (MikroCollection *collection,
                      const char      *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collection)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (collection), i);
      g_autofree char *value = NULL;

      g_object_get (item, g_object_class_find_property (G_OBJECT_GET_CLASS (item), "title") ? "title" : "label",
                    &value, NULL);
      if (g_strcmp0 (value, title) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Many-to-many: the pivot rows follow the owner's collection, after both
 * sides exist; populating loads a collection from either side. */
static void
test_many_to_many (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) sf = NULL;
  g_autoptr(MikroEntity) classic = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) loaded_sf = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroCollection *tags;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Ursula", NULL);
  book = g_object_new (TEST_TYPE_BOOK, "title", "The Left Hand of Darkness", "author", writer, NULL);
  sf = g_object_new (TEST_TYPE_TAG, "slug", "sf", "label", "Science fiction", NULL);
  classic = g_object_new (TEST_TYPE_TAG, "slug", "classic", "label", "Classic", NULL);
  tags = get_collection (book, "tags");
  g_assert_true (mikro_collection_is_initialized (tags));
  mikro_collection_add (tags, G_OBJECT (sf));
  mikro_collection_add (tags, G_OBJECT (classic));
  mikro_entity_manager_persist (em, book, &error);
  g_assert_no_error (error);

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  /* the tags were persisted through the cascade; the pivot rows last */
  g_assert_cmpint (mikro_entity_get_state (sf), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpint (statement_index ("INSERT", "book_tags"), >, statement_index ("INSERT", "book"));
  g_assert_cmpint (statement_index ("INSERT", "book_tags"), >, statement_index ("INSERT", "tag"));
  g_assert_cmpint (test_capture_count ("book_tags"), ==, 1);

  /* nothing changed: nothing sent */
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* from the owner's side */
  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, test_get_id (book));
  loaded = mikro_entity_manager_find_one (fresh, TEST_TYPE_BOOK, &key, &error);
  g_assert_no_error (error);
  tags = get_collection (loaded, "tags");
  g_assert_false (mikro_collection_is_initialized (tags));
  mikro_entity_manager_populate (fresh, loaded, "tags", &error);
  g_assert_no_error (error);
  g_assert_true (mikro_collection_is_initialized (tags));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tags)), ==, 2);
  g_assert_true (collection_has_title (tags, "Classic"));

  /* from the inverse side: the same book instance */
  g_value_unset (&key);
  g_value_init (&key, G_TYPE_STRING);
  g_value_set_string (&key, "sf");
  loaded_sf = mikro_entity_manager_find_one (fresh, TEST_TYPE_TAG, &key, &error);
  g_assert_no_error (error);
  mikro_entity_manager_populate (fresh, loaded_sf, "books", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_collection (loaded_sf, "books"))), ==, 1);
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (get_collection (loaded_sf, "books")), 0);

    g_assert_true (first == G_OBJECT (loaded));
  }

  /* a tag taken out: its pivot row deleted, and only that */
  mikro_collection_remove (tags, G_OBJECT (loaded_sf));
  test_capture_start ();
  mikro_entity_manager_flush (fresh, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (test_capture_count ("DELETE"), ==, 1);
  g_assert_nonnull (strstr (test_capture_find ("DELETE"), "book_tags"));

  g_clear_object (&fresh);
  g_clear_object (&loaded);
  fresh = mikro_entity_manager_fork (em);
  g_value_unset (&key);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, test_get_id (book));
  loaded = mikro_entity_manager_find_one (fresh, TEST_TYPE_BOOK, &key, &error);
  mikro_entity_manager_populate (fresh, loaded, "tags", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_collection (loaded, "tags"))), ==, 1);
  g_assert_false (collection_has_title (get_collection (loaded, "tags"), "Science fiction"));

  /* a self-referencing many-to-many */
  {
    g_autoptr(MikroEntity) friend = g_object_new (TEST_TYPE_WRITER, "name", "Octavia", NULL);
    MikroCollection *friends = get_collection (writer, "friends");

    mikro_collection_add (friends, G_OBJECT (friend));
    mikro_entity_manager_persist (em, friend, &error);
    g_assert_no_error (error);
    mikro_entity_manager_flush (em, &error);
    g_assert_no_error (error);

    g_clear_object (&fresh);
    fresh = mikro_entity_manager_fork (em);
    g_value_set_int64 (&key, test_get_id (friend));
    {
      g_autoptr(MikroEntity) loaded_friend = mikro_entity_manager_find_one (fresh, TEST_TYPE_WRITER, &key, &error);
      g_autoptr(MikroEntity) loaded_writer = NULL;

      g_value_set_int64 (&key, test_get_id (writer));
      loaded_writer = mikro_entity_manager_find_one (fresh, TEST_TYPE_WRITER, &key, &error);
      mikro_entity_manager_populate (fresh, loaded_writer, "friends", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_collection (loaded_writer, "friends"))), ==, 1);
      g_assert_true (g_list_model_get_item (G_LIST_MODEL (get_collection (loaded_writer, "friends")), 0) == (gpointer)loaded_friend);
      g_object_unref (loaded_friend);
    }

    /* emptied: the pivot row goes */
    mikro_collection_remove_all (friends);
    mikro_entity_manager_flush (em, &error);
    g_assert_no_error (error);
    g_clear_object (&fresh);
    fresh = mikro_entity_manager_fork (em);
    g_value_set_int64 (&key, test_get_id (writer));
    {
      g_autoptr(MikroEntity) loaded_writer = mikro_entity_manager_find_one (fresh, TEST_TYPE_WRITER, &key, &error);

      mikro_entity_manager_populate (fresh, loaded_writer, "friends", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_collection (loaded_writer, "friends"))), ==, 0);
    }
  }
}

/* One-to-many and the inverse one-to-one are loaded through the owning
 * side's join column. */
static void
test_populate_inverse (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) profile = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroCollection *books;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Iain", NULL);
  profile = g_object_new (TEST_TYPE_PROFILE, "bio", "Scottish", "writer", writer, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Culture %u", i);
      g_autoptr(MikroEntity) book = g_object_new (TEST_TYPE_BOOK, "title", title, "author", writer, NULL);

      mikro_entity_manager_persist (em, book, &error);
    }
  mikro_entity_manager_persist (em, profile, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, test_get_id (writer));
  loaded = mikro_entity_manager_find_one (fresh, TEST_TYPE_WRITER, &key, &error);
  g_assert_no_error (error);
  books = get_collection (loaded, "books");
  g_assert_false (mikro_collection_is_initialized (books));
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "books", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 3);
  g_assert_true (collection_has_title (books, "Culture 2"));
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (books), 0);

    /* each book's author is the writer loaded */
    g_assert_true (test_get_object (first, "author") == loaded);
  }

  g_assert_null (test_get_object (loaded, "profile"));
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "profile", &error));
  g_assert_no_error (error);
  g_assert_nonnull (test_get_object (loaded, "profile"));

  g_assert_false (mikro_entity_manager_populate (fresh, loaded, "name", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);

  /* The loaded books point back at the writer, and the profile at it:
   * cycles, broken when the manager lets go of them. The writer keeps
   * what it owns; its inverse sides are unknown again. */
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (books), 0);
    gpointer watched = first;

    g_object_add_weak_pointer (first, &watched);
    g_clear_object (&first);
    g_assert_nonnull (watched);
    g_clear_object (&fresh);
    g_assert_null (watched);
  }
  g_assert_false (mikro_collection_is_initialized (books));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 0);
  g_assert_null (test_get_object (loaded, "profile"));
  g_assert_cmpint (mikro_entity_get_state (loaded), ==, MIKRO_ENTITY_STATE_DETACHED);
}

/* Propagation: setting one side of a bidirectional relation sets the
 * other in memory, on new entities and managed ones alike; a collection
 * that was never loaded stays so, and the flush writes the owning side. */
static void
test_propagation (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) ann = g_object_new (TEST_TYPE_WRITER, "name", "Ann", NULL);
  g_autoptr(MikroEntity) bob = g_object_new (TEST_TYPE_WRITER, "name", "Bob", NULL);
  g_autoptr(MikroEntity) first = g_object_new (TEST_TYPE_BOOK, "title", "First", NULL);
  g_autoptr(MikroEntity) second = g_object_new (TEST_TYPE_BOOK, "title", "Second", NULL);
  g_autoptr(MikroEntity) sf = g_object_new (TEST_TYPE_TAG, "slug", "sf", "label", "SF", NULL);
  g_autoptr(MikroEntity) cosy = g_object_new (TEST_TYPE_TAG, "slug", "cosy", "label", "Cosy", NULL);
  g_autoptr(MikroEntity) one = g_object_new (TEST_TYPE_PROFILE, "bio", "one", NULL);
  g_autoptr(MikroEntity) other = g_object_new (TEST_TYPE_PROFILE, "bio", "other", NULL);
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) late = NULL;
  MikroCollection *ann_books = get_collection (ann, "books");
  MikroCollection *bob_books = get_collection (bob, "books");
  MikroCollection *books;

  if (fixture->orm == NULL)
    return;

  /* many-to-one → one-to-many: in the new owner's, out of the former's */
  g_object_set (first, "author", ann, NULL);
  g_assert_true (mikro_collection_contains (ann_books, G_OBJECT (first)));
  g_object_set (first, "author", bob, NULL);
  g_assert_false (mikro_collection_contains (ann_books, G_OBJECT (first)));
  g_assert_true (mikro_collection_contains (bob_books, G_OBJECT (first)));
  g_object_set (first, "author", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bob_books)), ==, 0);

  /* one-to-many → many-to-one, which moves the book between owners */
  g_assert_true (mikro_collection_add (ann_books, G_OBJECT (second)));
  g_assert_true (test_get_object (second, "author") == ann);
  g_assert_true (mikro_collection_add (bob_books, G_OBJECT (second)));
  g_assert_true (test_get_object (second, "author") == bob);
  g_assert_false (mikro_collection_contains (ann_books, G_OBJECT (second)));
  g_assert_true (mikro_collection_remove (bob_books, G_OBJECT (second)));
  g_assert_null (test_get_object (second, "author"));
  /* taken out of a collection it is not in: its author stays */
  g_object_set (second, "author", ann, NULL);
  g_assert_false (mikro_collection_remove (bob_books, G_OBJECT (second)));
  g_assert_true (test_get_object (second, "author") == ann);
  mikro_collection_remove_all (ann_books);
  g_assert_null (test_get_object (second, "author"));

  /* a collection large enough to keep its items in a set as well */
  {
    g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
    MikroEntity *moved;

    for (guint i = 0; i < 40; i++)
      g_ptr_array_add (many, g_object_new (TEST_TYPE_BOOK, "title", "Many", "author", ann, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ann_books)), ==, 40);
    moved = g_ptr_array_index (many, 35);
    g_object_set (moved, "author", bob, NULL);
    g_assert_false (mikro_collection_contains (ann_books, G_OBJECT (moved)));
    g_assert_true (mikro_collection_contains (bob_books, G_OBJECT (moved)));
    g_assert_true (mikro_collection_contains (ann_books, g_ptr_array_index (many, 36)));
    g_assert_false (mikro_collection_add (ann_books, g_ptr_array_index (many, 36)));
    /* the same set again, but the first ten: they go, nothing comes */
    mikro_collection_set (ann_books, (GObject **)many->pdata + 10, 30);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ann_books)), ==, 30);
    g_assert_null (test_get_object (g_ptr_array_index (many, 0), "author"));
    g_assert_true (test_get_object (moved, "author") == ann);
    mikro_collection_remove_all (ann_books);
    g_assert_null (test_get_object (moved, "author"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bob_books)), ==, 0);
  }

  /* many-to-many, from the owning side and from the inverse side */
  mikro_collection_add (get_collection (first, "tags"), G_OBJECT (sf));
  g_assert_true (mikro_collection_contains (get_collection (sf, "books"), G_OBJECT (first)));
  mikro_collection_add (get_collection (cosy, "books"), G_OBJECT (second));
  g_assert_true (mikro_collection_contains (get_collection (second, "tags"), G_OBJECT (cosy)));
  mikro_collection_remove (get_collection (sf, "books"), G_OBJECT (first));
  g_assert_false (mikro_collection_contains (get_collection (first, "tags"), G_OBJECT (sf)));
  mikro_collection_add (get_collection (first, "tags"), G_OBJECT (sf));

  /* one-to-one, from either side; the former partner lets go */
  g_object_set (one, "writer", ann, NULL);
  g_assert_true (test_get_object (ann, "profile") == one);
  g_object_set (ann, "profile", other, NULL);
  g_assert_true (test_get_object (other, "writer") == ann);
  g_assert_null (test_get_object (one, "writer"));

  /* what the flush writes is the owning sides the propagation set */
  g_object_set (first, "author", ann, NULL);
  mikro_collection_add (bob_books, G_OBJECT (second));
  em = mikro_orm_create_entity_manager (fixture->orm);
  g_assert_true (mikro_entity_manager_persist (em, ann, &error));
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_persist (em, bob, &error));
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_persist (em, other, &error));
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (cosy), ==, MIKRO_ENTITY_STATE_MANAGED);

  fresh = mikro_orm_create_entity_manager (fixture->orm);
  loaded = find (fresh, TEST_TYPE_WRITER, test_get_id (bob));
  books = get_collection (loaded, "books");
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "books", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 1);
  g_assert_true (collection_has_title (books, "Second"));
  {
    g_autoptr(MikroEntity) profile = find (fresh, TEST_TYPE_PROFILE, test_get_id (other));

    g_assert_cmpint (test_get_id (test_get_object (profile, "writer")), ==, test_get_id (ann));
  }
  {
    g_autoptr(MikroEntity) tagged = find (fresh, TEST_TYPE_BOOK, test_get_id (first));

    g_assert_true (mikro_entity_manager_populate (fresh, tagged, "tags", &error));
    g_assert_no_error (error);
    g_assert_true (collection_has_title (get_collection (tagged, "tags"), "SF"));
    g_assert_cmpint (test_get_id (test_get_object (tagged, "author")), ==, test_get_id (ann));
  }

  /* a collection never loaded stays unknown: nothing is added to it, and
   * the flush still writes the book's author */
  g_clear_object (&loaded);
  g_clear_object (&fresh);
  fresh = mikro_orm_create_entity_manager (fixture->orm);
  loaded = find (fresh, TEST_TYPE_WRITER, test_get_id (ann));
  books = get_collection (loaded, "books");
  g_assert_false (mikro_collection_is_initialized (books));
  late = g_object_new (TEST_TYPE_BOOK, "title", "Late", "author", loaded, NULL);
  g_assert_false (mikro_collection_contains (books, G_OBJECT (late)));
  g_assert_true (mikro_entity_manager_persist (fresh, late, &error));
  g_assert_no_error (error);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "books", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 2);
  g_assert_true (mikro_collection_contains (books, G_OBJECT (late)));

  /* loading sets no other side: the populated books are the writer's
   * own, and a loaded book's author does not touch any collection */
  g_assert_false (mikro_entity_is_dirty (loaded));

  /* a loaded book moved to another loaded writer: what it held when
   * loaded is where it is taken out */
  {
    g_autoptr(MikroEntity) other_writer = find (fresh, TEST_TYPE_WRITER, test_get_id (bob));
    g_autoptr(MikroEntity) moved = g_list_model_get_item (G_LIST_MODEL (books), 0);
    MikroCollection *other_books = get_collection (other_writer, "books");

    g_assert_true (mikro_entity_manager_populate (fresh, other_writer, "books", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other_books)), ==, 1);
    g_object_set (moved, "author", other_writer, NULL);
    g_assert_false (mikro_collection_contains (books, G_OBJECT (moved)));
    g_assert_true (mikro_collection_contains (other_books, G_OBJECT (moved)));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 1);
    mikro_entity_manager_flush (fresh, &error);
    g_assert_no_error (error);
    /* and back, after the flush */
    g_object_set (moved, "author", loaded, NULL);
    g_assert_true (mikro_collection_contains (books, G_OBJECT (moved)));
    g_assert_false (mikro_collection_contains (other_books, G_OBJECT (moved)));
  }
}

/* A path of relations populates level by level, a query per level */
static void
test_populate_path (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = g_object_new (TEST_TYPE_WRITER, "name", "Octavia", NULL);
  g_autoptr(MikroEntity) sf = g_object_new (TEST_TYPE_TAG, "slug", "sf", "label", "SF", NULL);
  g_autoptr(MikroEntity) bio = g_object_new (TEST_TYPE_TAG, "slug", "bio", "label", "Biology", NULL);
  g_autoptr(MikroEntity) loaded = NULL;
  MikroCollection *books;

  if (fixture->orm == NULL)
    return;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Xenogenesis %u", i);
      g_autoptr(MikroEntity) book = g_object_new (TEST_TYPE_BOOK, "title", title, "author", writer, NULL);

      mikro_collection_add (get_collection (book, "tags"), G_OBJECT (sf));
      if (i > 0)
        mikro_collection_add (get_collection (book, "tags"), G_OBJECT (bio));
    }
  em = mikro_orm_create_entity_manager (fixture->orm);
  g_assert_true (mikro_entity_manager_persist (em, writer, &error));
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  fresh = mikro_orm_create_entity_manager (fixture->orm);
  loaded = find (fresh, TEST_TYPE_WRITER, test_get_id (writer));
  test_capture_start ();
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "books.tags", &error));
  test_capture_stop ();
  g_assert_no_error (error);
  /* the books, the pivot rows of all three, the tags */
  g_assert_cmpuint (test_statements->len, ==, 3);
  books = get_collection (loaded, "books");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GObject) book = g_list_model_get_item (G_LIST_MODEL (books), i);
      g_autofree char *title = NULL;
      MikroCollection *tags = get_collection (book, "tags");

      g_object_get (book, "title", &title, NULL);
      g_assert_true (mikro_collection_is_initialized (tags));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tags)), ==,
                        g_str_has_suffix (title, "0") ? 1 : 2);
      g_assert_true (collection_has_title (tags, "SF"));
    }

  /* what is loaded is not asked again past the first level */
  test_capture_start ();
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "books.tags", &error));
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 1);

  /* names that are not relations, and empty ones */
  g_assert_false (mikro_entity_manager_populate (fresh, loaded, "books.nope", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);
  g_assert_false (mikro_entity_manager_populate (fresh, loaded, "books..tags", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_clear_error (&error);
  g_assert_false (mikro_entity_manager_populate (fresh, loaded, "name.tags", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
}

static void
store_result (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* set, is_dirty and load, from the collection itself */
static void
test_collection_api (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = g_object_new (TEST_TYPE_WRITER, "name", "Kim", NULL);
  g_autoptr(MikroEntity) book = g_object_new (TEST_TYPE_BOOK, "title", "Aurora", "author", writer, NULL);
  g_autoptr(MikroEntity) first = g_object_new (TEST_TYPE_TAG, "slug", "first", "label", "First", NULL);
  g_autoptr(MikroEntity) second = g_object_new (TEST_TYPE_TAG, "slug", "second", "label", "Second", NULL);
  g_autoptr(MikroEntity) third = g_object_new (TEST_TYPE_TAG, "slug", "third", "label", "Third", NULL);
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) loaded_writer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  MikroCollection *tags = get_collection (book, "tags");
  MikroCollection *loaded_tags;
  MikroCollection *loaded_books;

  if (fixture->orm == NULL)
    return;

  /* a new entity's collection is dirty once it holds anything */
  g_assert_false (mikro_collection_is_dirty (tags));
  mikro_collection_set (tags, (GObject *[]) { G_OBJECT (first), G_OBJECT (second) }, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tags)), ==, 2);
  g_assert_true (mikro_collection_contains (get_collection (second, "books"), G_OBJECT (book)));
  g_assert_true (mikro_collection_is_dirty (tags));
  /* loading what is known asks nothing, even without a manager */
  g_assert_true (mikro_collection_load (tags, &error));
  g_assert_no_error (error);

  em = mikro_orm_create_entity_manager (fixture->orm);
  g_assert_true (mikro_entity_manager_persist (em, book, &error));
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_collection_is_dirty (tags));

  /* set: the first goes, the third comes, the second stays */
  mikro_collection_set (tags, (GObject *[]) { G_OBJECT (second), G_OBJECT (third) }, 2);
  g_assert_false (mikro_collection_contains (tags, G_OBJECT (first)));
  g_assert_false (mikro_collection_contains (get_collection (first, "books"), G_OBJECT (book)));
  g_assert_true (mikro_collection_is_dirty (tags));
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (test_capture_count ("DELETE FROM"), ==, 1);
  g_assert_false (mikro_collection_is_dirty (tags));

  /* loaded from the collection, through its owner's manager */
  fresh = mikro_orm_create_entity_manager (fixture->orm);
  loaded = find (fresh, TEST_TYPE_BOOK, test_get_id (book));
  loaded_tags = get_collection (loaded, "tags");
  g_assert_false (mikro_collection_is_initialized (loaded_tags));
  g_assert_true (mikro_collection_load (loaded_tags, &error));
  g_assert_no_error (error);
  g_assert_true (collection_has_title (loaded_tags, "Second"));
  g_assert_true (collection_has_title (loaded_tags, "Third"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded_tags)), ==, 2);
  g_assert_false (mikro_collection_is_dirty (loaded_tags));
  test_capture_start ();
  g_assert_true (mikro_collection_load (loaded_tags, &error));
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* and without blocking */
  loaded_writer = find (fresh, TEST_TYPE_WRITER, test_get_id (writer));
  loaded_books = get_collection (loaded_writer, "books");
  mikro_collection_load_async (loaded_books, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mikro_collection_load_finish (loaded_books, result, &error));
  g_assert_no_error (error);
  g_assert_true (mikro_collection_is_initialized (loaded_books));
  g_assert_true (collection_has_title (loaded_books, "Aurora"));

  /* a deleted tag leaves the book's tags, and a deleted book its
   * writer's books: the database has neither link any more, so neither
   * is a change */
  {
    g_autoptr(GObject) tag = g_list_model_get_item (G_LIST_MODEL (loaded_tags), 0);

    g_assert_true (mikro_entity_manager_remove (fresh, MIKRO_ENTITY (tag), &error));
    g_assert_no_error (error);
    mikro_entity_manager_flush (fresh, &error);
    g_assert_no_error (error);
    g_assert_false (mikro_collection_contains (loaded_tags, tag));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded_tags)), ==, 1);
    g_assert_false (mikro_collection_is_dirty (loaded_tags));

    g_assert_true (mikro_entity_manager_remove (fresh, loaded, &error));
    g_assert_no_error (error);
    mikro_entity_manager_flush (fresh, &error);
    g_assert_no_error (error);
    g_assert_false (mikro_collection_contains (loaded_books, G_OBJECT (loaded)));
    g_assert_false (mikro_collection_is_dirty (loaded_books));
    test_capture_start ();
    mikro_entity_manager_flush (fresh, &error);
    test_capture_stop ();
    g_assert_no_error (error);
    g_assert_cmpuint (test_statements->len, ==, 0);
  }

  /* a manager that let go of its entities loads nothing for them */
  mikro_entity_manager_clear (fresh);
  g_assert_false (mikro_collection_is_initialized (loaded_books));
  g_assert_false (mikro_collection_load (loaded_books, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
}

/* create, assign, refresh and merge: data in, state back */
static void
test_entity_manager_calls (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) other = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) copy = NULL;
  g_autoptr(MikroEntity) detached = NULL;
  g_autoptr(MikroEntity) merged = NULL;
  g_autofree char *text = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  GVariantBuilder values;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = mikro_entity_manager_create (em, TEST_TYPE_WRITER,
                                        g_variant_new_parsed ("{'name': <'Mary'>}"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (writer), ==, MIKRO_ENTITY_STATE_NEW);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* a relation by its target's key, and NULL as nothing */
  g_variant_builder_init (&values, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&values, "{sv}", "title", g_variant_new_string ("Frankenstein"));
  g_variant_builder_add (&values, "{sv}", "author", g_variant_new_int64 (test_get_id (writer)));
  g_variant_builder_add (&values, "{sv}", "publisher", g_variant_new_maybe (G_VARIANT_TYPE_INT64, NULL));
  book = mikro_entity_manager_create (em, TEST_TYPE_BOOK, g_variant_builder_end (&values), &error);
  g_assert_no_error (error);
  g_assert_true (test_get_object (book, "author") == writer);
  g_assert_null (test_get_object (book, "publisher"));
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* a mistake names the property */
  g_assert_false (mikro_entity_manager_assign (em, book, g_variant_new_parsed ("{'pages': <3>}"), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "pages"));
  g_clear_error (&error);
  g_assert_false (mikro_entity_manager_assign (em, book, g_variant_new_parsed ("{'title': <[1, 2]>}"), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  /* refresh: another manager changes the row; the database wins, and a
   * pending change is dropped */
  other = mikro_orm_create_entity_manager (fixture->orm);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, test_get_id (book));
  copy = mikro_entity_manager_find_one (other, TEST_TYPE_BOOK, &key, &error);
  g_assert_no_error (error);
  mikro_entity_manager_assign (other, copy, g_variant_new_parsed ("{'title': <'The Modern Prometheus'>}"), &error);
  mikro_entity_manager_flush (other, &error);
  g_assert_no_error (error);
  g_object_set (book, "title", "unsaved", NULL);
  g_assert_true (mikro_entity_manager_refresh (em, book, &error));
  g_assert_no_error (error);
  g_object_get (book, "title", &text, NULL);
  g_assert_cmpstr (text, ==, "The Modern Prometheus");
  g_assert_false (mikro_entity_is_dirty (book));
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* a row that is gone */
  mikro_entity_manager_remove (other, copy, &error);
  mikro_entity_manager_flush (other, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_refresh (em, book, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* merge: an entity built from known data becomes managed without a
   * query; its changes from then on are flushed */
  detached = g_object_new (TEST_TYPE_WRITER, "id", test_get_id (writer), "name", "Mary", NULL);
  g_clear_object (&other);
  other = mikro_orm_create_entity_manager (fixture->orm);
  test_capture_start ();
  merged = mikro_entity_manager_merge (other, detached, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_true (merged == detached);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_assert_cmpint (mikro_entity_get_state (merged), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_object_set (merged, "name", "Mary Shelley", NULL);
  test_capture_start ();
  mikro_entity_manager_flush (other, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("UPDATE"), ==, 1);
  g_assert_true (mikro_entity_manager_refresh (em, writer, &error));
  g_clear_pointer (&text, g_free);
  g_object_get (writer, "name", &text, NULL);
  g_assert_cmpstr (text, ==, "Mary Shelley");

  /* merged again into a manager that has it: the managed instance */
  {
    g_autoptr(MikroEntity) again = g_object_new (TEST_TYPE_WRITER, "id", test_get_id (writer), "name", "M. W. Shelley", NULL);
    g_autoptr(MikroEntity) result = mikro_entity_manager_merge (other, again, &error);

    g_assert_no_error (error);
    g_assert_true (result == merged);
    g_clear_pointer (&text, g_free);
    g_object_get (merged, "name", &text, NULL);
    g_assert_cmpstr (text, ==, "M. W. Shelley");
    g_assert_false (mikro_entity_is_dirty (merged));
  }
}

static void
add_backend_test (const char    *name,
                  void         (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/relations/%s/%s", backend.name, name);

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

  add_backend_test ("many-to-one", test_many_to_one);
  add_backend_test ("insert-batches", test_insert_batches);
  add_backend_test ("cycle", test_cycle);
  add_backend_test ("cycle-not-nullable", test_cycle_not_nullable);
  add_backend_test ("delete-order", test_delete_order);
  add_backend_test ("update-relation", test_update_relation);
  add_backend_test ("many-to-many", test_many_to_many);
  add_backend_test ("populate-inverse", test_populate_inverse);
  add_backend_test ("propagation", test_propagation);
  add_backend_test ("collection-api", test_collection_api);
  add_backend_test ("populate-path", test_populate_path);
  add_backend_test ("entity-manager-calls", test_entity_manager_calls);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
