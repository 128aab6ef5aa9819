/* test-schema.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Schema creation from metadata, verified by reading the database
 * catalogue back: the model the metadata asks for and the model the
 * database reports must be the same document. Run per SQL backend. */

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

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
