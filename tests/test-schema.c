/* test-schema.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Schema creation from metadata, verified by reading the database
 * catalogue back: the model the metadata asks for and the model the
 * database reports must be the same document. Run per SQL backend. */

#include <string.h>

#include "test-backend.h"
#include "test-entities.h"
#include "test-relation-entities.h"

static TestBackend backend;

/* PostgreSQL and SQLite keep check expressions in their own spelling
 * (parenthesised, casts added): the name identifies a check. */
static void
strip_check_expressions (JsonNode *model)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");

  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonArray *checks = json_object_get_array_member (json_array_get_object_element (tables, t), "checks");

      for (guint c = 0; c < json_array_get_length (checks); c++)
        json_object_remove_member (json_array_get_object_element (checks, c), "expression");
    }
}

/* The product table must be the same document whichever language defines
 * the entity: the golden file in tests/fixtures is what the Python, GJS
 * and Vala suites compare their own definitions with. */
static void
check_golden_product (JsonNode *model)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");
  const char *dialect = json_object_get_string_member (json_node_get_object (model), "dialect");
  g_autofree char *file = g_strdup_printf ("product-%s.json", dialect);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
  g_autoptr(JsonNode) golden = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  JsonNode *product = NULL;

  for (guint i = 0; i < json_array_get_length (tables); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (tables, i), "name"),
                     "test_product"))
      product = json_array_get_element (tables, i);
  g_assert_nonnull (product);

  if (g_getenv ("MIKRO_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *text = json_to_string (product, TRUE);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  golden = json_from_string (contents, &error);
  g_assert_no_error (error);

  if (!json_node_equal (golden, product))
    {
      g_autofree char *text = json_to_string (product, TRUE);

      g_error ("the product table differs from %s:\n%s", path, text);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) after_drop = NULL;
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonArray *tables;

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_PRODUCT, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_KINDS, &error);
  g_assert_no_error (error);

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  /* creating again leaves what exists alone */
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  wanted = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  actual = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);

  tables = json_object_get_array_member (json_node_get_object (actual), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (tables, 2),
                                                                          "checks")), ==, 1);

  check_golden_product (wanted);

  strip_check_expressions (wanted);
  strip_check_expressions (actual);
  wanted_text = json_to_string (wanted, TRUE);
  actual_text = json_to_string (actual, TRUE);
  if (!json_node_equal (wanted, actual))
    g_error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
             wanted_text, actual_text);
  g_test_message ("%s", actual_text);

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  after_drop = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  tables = json_object_get_array_member (json_node_get_object (after_drop), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 0);
}

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }
  g_error ("no “%s”", name);
}

/* The foreign key of @table on @column, whatever the database calls it. */
static JsonObject *
find_foreign_key (JsonObject *table,
                  const char *column)
{
  JsonArray *keys = json_object_get_array_member (table, "foreign_keys");

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *key = json_array_get_object_element (keys, i);
      JsonArray *columns = json_object_get_array_member (key, "columns");

      if (json_array_get_length (columns) == 1 &&
          g_str_equal (json_array_get_string_element (columns, 0), column))
        return key;
    }
  g_error ("table “%s” has no foreign key on “%s”", json_object_get_string_member (table, "name"), column);
}

static void
assert_foreign_key (JsonObject *tables_by_name,
                    const char *table,
                    const char *column,
                    const char *name,
                    const char *referenced_table,
                    const char *referenced_column,
                    const char *on_delete,
                    const char *on_update)
{
  JsonObject *key = find_foreign_key (json_object_get_object_member (tables_by_name, table), column);

  if (!g_str_has_prefix (backend.name, "sqlite"))
    g_assert_cmpstr (json_object_get_string_member (key, "name"), ==, name);
  else
    g_assert_true (json_object_get_null_member (key, "name"));
  g_assert_cmpstr (json_object_get_string_member (key, "referenced_table"), ==, referenced_table);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (key, "referenced_columns"), 0),
                   ==, referenced_column);
  g_assert_cmpstr (json_object_get_string_member (key, "on_delete"), ==, on_delete);
  g_assert_cmpstr (json_object_get_string_member (key, "on_update"), ==, on_update);
}

/* The zoo's tables, as the metadata describes them, must be the same
 * document whichever language defines the entities: the golden file in
 * tests/fixtures is what the Python, GJS and Vala suites compare their own
 * definitions with. Only the seven tables of the zoo are kept, in the
 * model's order, so that the file stays the zoo's alone. */
static void
check_golden_library (JsonNode *model)
{
  static const char * const names[] = {
    "book", "book_tags", "profile", "publisher", "tag", "writer", "writer_friends", NULL,
  };
  JsonObject *root = json_node_get_object (model);
  JsonArray *tables = json_object_get_array_member (root, "tables");
  const char *dialect = json_object_get_string_member (root, "dialect");
  g_autofree char *file = g_strdup_printf ("library-%s.json", dialect);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
  g_autoptr(JsonObject) library = json_object_new ();
  g_autoptr(JsonArray) zoo = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) golden = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_strv_contains (names, json_object_get_string_member (table, "name")))
        json_array_add_element (zoo, json_node_copy (json_array_get_element (tables, i)));
    }
  g_assert_cmpuint (json_array_get_length (zoo), ==, g_strv_length ((char **)names));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (zoo, i), "name"), ==, names[i]);

  json_object_set_string_member (library, "dialect", dialect);
  json_object_set_array_member (library, "tables", g_steal_pointer (&zoo));
  json_node_set_object (node, library);

  if (g_getenv ("MIKRO_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *text = json_to_string (node, TRUE);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  golden = json_from_string (contents, &error);
  g_assert_no_error (error);

  if (!json_node_equal (golden, node))
    {
      g_autofree char *text = json_to_string (node, TRUE);

      g_error ("the relation zoo's tables differ from %s:\n%s", path, text);
    }
}

/* The relation zoo: foreign keys with their rules, join column types,
 * unique and plain indexes on join columns, pivot tables with a two-column
 * key, a self-referencing pivot, and a cycle of foreign keys (which
 * PostgreSQL and MariaDB only take through ALTER TABLE, and which dropping
 * must get through). Adding Book brings every other entity with it. */
static void
test_relations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) after_drop = NULL;
  g_autoptr(JsonObject) by_name = json_object_new ();
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonArray *tables;
  JsonObject *table;

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_BOOK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mikro_orm_get_metadata (orm, TEST_TYPE_WRITER));
  g_assert_nonnull (mikro_orm_get_metadata (orm, TEST_TYPE_PROFILE));
  g_assert_nonnull (mikro_orm_get_metadata (orm, TEST_TYPE_TAG));

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  wanted = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  check_golden_library (wanted);
  actual = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  wanted_text = json_to_string (wanted, TRUE);
  actual_text = json_to_string (actual, TRUE);
  if (!json_node_equal (wanted, actual))
    g_error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
             wanted_text, actual_text);
  g_test_message ("%s", actual_text);

  /* what the catalogue says, not only that it agrees */
  tables = json_object_get_array_member (json_node_get_object (actual), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 7);
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *object = json_array_get_object_element (tables, i);

      json_object_set_object_member (by_name, json_object_get_string_member (object, "name"),
                                     json_object_ref (object));
    }

  assert_foreign_key (by_name, "book", "author_id", "book_author_id_foreign",
                      "writer", "id", "cascade", "cascade");
  assert_foreign_key (by_name, "book", "publisher_id", "book_publisher_id_foreign",
                      "publisher", "id", "set null", "cascade");
  assert_foreign_key (by_name, "book", "editor_ref", "book_editor_fk",
                      "writer", "id", "set null", "restrict");
  assert_foreign_key (by_name, "profile", "writer_id", "profile_writer_id_foreign",
                      "writer", "id", "cascade", "cascade");
  assert_foreign_key (by_name, "writer", "favorite_book_id", "writer_favorite_book_id_foreign",
                      "book", "id", "set null", "cascade");
  assert_foreign_key (by_name, "book_tags", "book_id", "book_tags_book_id_foreign",
                      "book", "id", "cascade", "cascade");
  assert_foreign_key (by_name, "book_tags", "tag_slug", "book_tags_tag_slug_foreign",
                      "tag", "slug", "cascade", "cascade");
  assert_foreign_key (by_name, "writer_friends", "writer_1_id", "writer_friends_writer_1_id_foreign",
                      "writer", "id", "cascade", "cascade");
  assert_foreign_key (by_name, "writer_friends", "writer_2_id", "writer_friends_writer_2_id_foreign",
                      "writer", "id", "cascade", "cascade");

  /* join columns: NOT NULL unless nullable, typed as the key they name */
  table = json_object_get_object_member (by_name, "book");
  g_assert_false (json_object_get_boolean_member (find_named (json_object_get_array_member (table, "columns"),
                                                              "author_id"), "nullable"));
  g_assert_true (json_object_get_boolean_member (find_named (json_object_get_array_member (table, "columns"),
                                                             "publisher_id"), "nullable"));
  g_assert_false (json_object_get_boolean_member (find_named (json_object_get_array_member (table, "indexes"),
                                                              "book_author_id_index"), "unique"));
  table = json_object_get_object_member (by_name, "profile");
  g_assert_true (json_object_get_boolean_member (find_named (json_object_get_array_member (table, "indexes"),
                                                             "profile_writer_id_unique"), "unique"));
  table = json_object_get_object_member (by_name, "book_tags");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (table, "primary_key"), "columns")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (find_named (json_object_get_array_member (table, "columns"),
                                                              "tag_slug"), "type"),
                   ==, json_object_get_string_member (find_named (json_object_get_array_member (
                                                                    json_object_get_object_member (by_name, "tag"),
                                                                    "columns"), "slug"), "type"));

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  after_drop = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  tables = json_object_get_array_member (json_node_get_object (after_drop), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 0);
}

/* Tables in another database schema (MikroORM's `schema` option): a
 * PostgreSQL schema, a MariaDB database. The archive's "book" shares its
 * name with the library's, its shelf references a writer of the
 * connection's schema, and the shelf's pivot table goes with the shelf. */
#define ARCHIVE "mikro_archive"

#define TEST_TYPE_SHELF (test_shelf_get_type ())
G_DECLARE_FINAL_TYPE (TestShelf, test_shelf, TEST, SHELF, MikroEntity)
#define TEST_TYPE_SHELF_BOOK (test_shelf_book_get_type ())
G_DECLARE_FINAL_TYPE (TestShelfBook, test_shelf_book, TEST, SHELF_BOOK, MikroEntity)

struct _TestShelf     { MikroEntity parent_instance; };
struct _TestShelfBook { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (TestShelf, test_shelf, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestShelfBook, test_shelf_book, MIKRO_TYPE_ENTITY)

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void test_shelf_init (TestShelf *self) { }
static void test_shelf_book_init (TestShelfBook *self) { }

static void
test_shelf_class_init (TestShelfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "shelf");
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("label", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_enum ("tone", NULL, NULL, test_color_get_type (), 0, RW));
  g_object_class_install_property (object_class, 4, g_param_spec_object ("owner", NULL, NULL, TEST_TYPE_WRITER, RW));
  g_object_class_install_property (object_class, 5, g_param_spec_object ("tags", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));

  mikro_entity_schema_set_db_schema (schema, ARCHIVE);
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "label", NULL, MIKRO_PROPERTY_UNIQUE);
  prop = mikro_entity_schema_add_property (schema, "tone", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_enum_mode (prop, MIKRO_ENUM_MODE_NATIVE);
  mikro_entity_schema_add_relation (schema, "owner", MIKRO_RELATION_MANY_TO_ONE,
                                    TEST_TYPE_WRITER, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_add_relation (schema, "tags", MIKRO_RELATION_MANY_TO_MANY,
                                    TEST_TYPE_TAG, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_shelf_book_class_init (TestShelfBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "book");
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("title", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_object ("shelf", NULL, NULL, TEST_TYPE_SHELF, RW));

  mikro_entity_schema_set_db_schema (schema, ARCHIVE);
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "shelf", MIKRO_RELATION_MANY_TO_ONE,
                                           TEST_TYPE_SHELF, MIKRO_PROPERTY_NONE);
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_CASCADE);
  mikro_entity_schema_register (schema);
}

static JsonObject *
find_table (JsonNode   *model,
            const char *schema,
            const char *name)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);
      const char *table_schema = json_object_has_member (table, "schema")
        ? json_object_get_string_member (table, "schema") : NULL;

      if (g_str_equal (json_object_get_string_member (table, "name"), name) &&
          g_strcmp0 (table_schema, schema) == 0)
        return table;
    }
  return NULL;
}

static const char *
referenced_schema (JsonObject *table,
                   const char *column)
{
  JsonArray *keys = json_object_get_array_member (table, "foreign_keys");

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      JsonObject *key = json_array_get_object_element (keys, i);

      if (g_str_equal (json_array_get_string_element (json_object_get_array_member (key, "columns"), 0), column))
        return json_object_has_member (key, "referenced_schema")
          ? json_object_get_string_member (key, "referenced_schema") : "";
    }
  g_assert_not_reached ();
}

static void
test_db_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) after_drop = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) tag = NULL;
  g_autoptr(MikroEntity) shelf = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroCollection) tags = NULL;
  g_autoptr(MikroCollection) loaded_tags = NULL;
  g_autoptr(MikroEntity) owner = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  g_autofree char *label = NULL;
  JsonObject *table;
  gint64 id = 0, writer_id = 0;

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_SHELF_BOOK, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mikro_entity_metadata_get_db_schema (mikro_orm_get_metadata (orm, TEST_TYPE_SHELF)), ==, ARCHIVE);
  g_assert_null (mikro_entity_metadata_get_db_schema (mikro_orm_get_metadata (orm, TEST_TYPE_WRITER)));

  if (g_str_has_prefix (backend.name, "sqlite"))
    {
      /* SQLite has no schemas: said before any table is made */
      g_assert_false (mikro_orm_create_schema (orm, &error));
      g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
      g_assert_nonnull (strstr (error->message, ARCHIVE));
      g_assert_nonnull (strstr (error->message, "SQLite"));
      return;
    }

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  /* again: what exists (the schema too) is left alone */
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  wanted = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  actual = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  strip_check_expressions (wanted);
  strip_check_expressions (actual);
  wanted_text = json_to_string (wanted, TRUE);
  actual_text = json_to_string (actual, TRUE);
  if (!json_node_equal (wanted, actual))
    g_error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
             wanted_text, actual_text);

  /* what the catalogue says: two tables named book, one per schema */
  g_assert_nonnull (find_table (actual, NULL, "book"));
  g_assert_nonnull ((table = find_table (actual, ARCHIVE, "book")));
  g_assert_cmpstr (referenced_schema (table, "shelf_id"), ==, ARCHIVE);
  g_assert_nonnull ((table = find_table (actual, ARCHIVE, "shelf")));
  g_assert_cmpstr (referenced_schema (table, "owner_id"), ==, "");
  g_assert_nonnull ((table = find_table (actual, ARCHIVE, "shelf_tags")));
  g_assert_cmpstr (referenced_schema (table, "shelf_id"), ==, ARCHIVE);
  g_assert_cmpstr (referenced_schema (table, "tag_slug"), ==, "");
  g_assert_null (find_table (actual, NULL, "shelf"));
  if (g_str_equal (backend.name, "postgresql"))
    {
      /* the native enumeration type lives with its table */
      JsonArray *enums = json_object_get_array_member (json_node_get_object (actual), "enums");
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (enums); i++)
        {
          JsonObject *type = json_array_get_object_element (enums, i);

          if (g_str_equal (json_object_get_string_member (type, "name"), "shelf_tone"))
            found = g_strcmp0 (json_object_get_string_member (type, "schema"), ARCHIVE) == 0;
        }
      g_assert_true (found);
    }

  /* rows go where the tables are */
  em = mikro_orm_create_entity_manager (orm);
  writer = g_object_new (TEST_TYPE_WRITER, "name", "Borges", NULL);
  tag = g_object_new (TEST_TYPE_TAG, "slug", "labyrinths", "label", "Labyrinths", NULL);
  shelf = g_object_new (TEST_TYPE_SHELF, "label", "Babel", "owner", writer, NULL);
  g_object_get (shelf, "tags", &tags, NULL);
  g_assert_true (mikro_collection_add (tags, G_OBJECT (tag)));
  book = g_object_new (TEST_TYPE_SHELF_BOOK, "title", "Ficciones", "shelf", shelf, NULL);
  mikro_entity_manager_persist (em, book, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, tag, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_object_get (shelf, "id", &id, NULL);
  g_object_get (writer, "id", &writer_id, NULL);
  g_assert_cmpint (id, >, 0);

  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_SHELF_BOOK, NULL, &error), ==, 1);
  g_assert_no_error (error);
  /* the library's book table is another one */
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_BOOK, NULL, &error), ==, 0);
  g_assert_no_error (error);

  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, id);
  loaded = mikro_entity_manager_find_one (fresh, TEST_TYPE_SHELF, &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_object_get (loaded, "label", &label, "owner", &owner, NULL);
  g_assert_cmpstr (label, ==, "Babel");
  g_assert_nonnull (owner);
  {
    gint64 owner_id = 0;

    g_object_get (owner, "id", &owner_id, NULL);
    g_assert_cmpint (owner_id, ==, writer_id);
  }
  mikro_entity_manager_populate (fresh, loaded, "tags", &error);
  g_assert_no_error (error);
  g_object_get (loaded, "tags", &loaded_tags, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded_tags)), ==, 1);

  /* an update and a delete through the qualified names */
  g_object_set (loaded, "label", "Babel II", NULL);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_SHELF, "{\"label\": \"Babel II\"}", &error), ==, 1);
  g_assert_no_error (error);
  mikro_entity_manager_remove (em, book, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_SHELF_BOOK, NULL, &error), ==, 0);
  g_assert_no_error (error);

  g_clear_object (&em);
  g_clear_object (&fresh);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  after_drop = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (after_drop),
                                                                         "tables")), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);

  path = g_strdup_printf ("/mikro/schema/%s/round-trip", backend.name);
  g_test_add_func (path, test_round_trip);
  g_free (path);
  path = g_strdup_printf ("/mikro/schema/%s/relations", backend.name);
  g_test_add_func (path, test_relations);
  g_free (path);
  path = g_strdup_printf ("/mikro/schema/%s/db-schema", backend.name);
  g_test_add_func (path, test_db_schema);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
