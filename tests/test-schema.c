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

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
