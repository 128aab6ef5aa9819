/* test-eager.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Eager relations (MikroORM's `eager: true`), per backend: every query
 * loads them with the entities it returns, one query per relation and
 * level whatever the number of entities (select-in), and a cycle of eager
 * relations ends.
 *
 *   Shelf 1 ── n Volume    Shelf.volumes (one-to-many, eager)
 *   Shelf 1 ── 1 Sign      Sign.shelf owns it; Shelf.sign, the inverse
 *                          side, is eager
 *   Volume n ── n Keyword  Volume.keywords owns the pivot table; both
 *                          sides are eager, a cycle
 *   Volume n ── 1 Keyword  Volume.main-keyword (eager)
 */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define TEST_TYPE_SHELF (test_shelf_get_type ())
G_DECLARE_FINAL_TYPE (TestShelf, test_shelf, TEST, SHELF, MikroEntity)
#define TEST_TYPE_VOLUME (test_volume_get_type ())
G_DECLARE_FINAL_TYPE (TestVolume, test_volume, TEST, VOLUME, MikroEntity)
#define TEST_TYPE_SIGN (test_sign_get_type ())
G_DECLARE_FINAL_TYPE (TestSign, test_sign, TEST, SIGN, MikroEntity)
#define TEST_TYPE_KEYWORD (test_keyword_get_type ())
G_DECLARE_FINAL_TYPE (TestKeyword, test_keyword, TEST, KEYWORD, MikroEntity)

struct _TestShelf   { MikroEntity parent_instance; };
struct _TestVolume  { MikroEntity parent_instance; };
struct _TestSign    { MikroEntity parent_instance; };
struct _TestKeyword { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (TestShelf, test_shelf, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestVolume, test_volume, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestSign, test_sign, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestKeyword, test_keyword, MIKRO_TYPE_ENTITY)

static void test_shelf_init (TestShelf *self) { }
static void test_volume_init (TestVolume *self) { }
static void test_sign_init (TestSign *self) { }
static void test_keyword_init (TestKeyword *self) { }

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
install_object (GObjectClass *object_class,
                guint         id,
                const char   *name,
                GType         type)
{
  g_object_class_install_property (object_class, id, g_param_spec_object (name, NULL, NULL, type, RW));
}

static void
test_shelf_class_init (TestShelfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "eager_shelf");
  MikroProperty *prop;

  install_object (object_class, 3, "volumes", MIKRO_TYPE_COLLECTION);
  install_object (object_class, 4, "sign", TEST_TYPE_SIGN);
  prop = mikro_entity_schema_add_relation (schema, "volumes", MIKRO_RELATION_ONE_TO_MANY,
                                           TEST_TYPE_VOLUME, MIKRO_PROPERTY_EAGER);
  mikro_property_set_mapped_by (prop, "shelf");
  prop = mikro_entity_schema_add_relation (schema, "sign", MIKRO_RELATION_ONE_TO_ONE,
                                           TEST_TYPE_SIGN, MIKRO_PROPERTY_NULLABLE | MIKRO_PROPERTY_EAGER);
  mikro_property_set_mapped_by (prop, "shelf");
  mikro_entity_schema_register (schema);
}

static void
test_volume_class_init (TestVolumeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "eager_volume");
  MikroProperty *prop;

  install_object (object_class, 3, "shelf", TEST_TYPE_SHELF);
  install_object (object_class, 4, "keywords", MIKRO_TYPE_COLLECTION);
  install_object (object_class, 5, "main-keyword", TEST_TYPE_KEYWORD);
  mikro_entity_schema_add_relation (schema, "shelf", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_SHELF,
                                    MIKRO_PROPERTY_NULLABLE);
  prop = mikro_entity_schema_add_relation (schema, "keywords", MIKRO_RELATION_MANY_TO_MANY,
                                           TEST_TYPE_KEYWORD, MIKRO_PROPERTY_EAGER);
  mikro_property_set_inversed_by (prop, "volumes");
  mikro_entity_schema_add_relation (schema, "main-keyword", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_KEYWORD,
                                    MIKRO_PROPERTY_NULLABLE | MIKRO_PROPERTY_EAGER);
  mikro_entity_schema_register (schema);
}

static void
test_sign_class_init (TestSignClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "eager_sign");

  install_object (object_class, 3, "shelf", TEST_TYPE_SHELF);
  mikro_entity_schema_add_relation (schema, "shelf", MIKRO_RELATION_ONE_TO_ONE, TEST_TYPE_SHELF,
                                    MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_keyword_class_init (TestKeywordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "eager_keyword");
  MikroProperty *prop;

  install_object (object_class, 3, "volumes", MIKRO_TYPE_COLLECTION);
  prop = mikro_entity_schema_add_relation (schema, "volumes", MIKRO_RELATION_MANY_TO_MANY,
                                           TEST_TYPE_VOLUME, MIKRO_PROPERTY_EAGER);
  mikro_property_set_mapped_by (prop, "keywords");
  mikro_entity_schema_register (schema);
}

typedef struct
{
  MikroOrm *orm;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->orm = test_backend_open_orm (&backend, TEST_TYPE_SHELF);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_backend_close_orm (&fixture->orm);
}

static guint
n_items (gpointer    entity,
         const char *property)
{
  return g_list_model_get_n_items (G_LIST_MODEL (test_get_object (entity, property)));
}

/* @n_shelves shelves of two volumes each, sharing two keywords; the
 * first shelf has a sign. */
static void
add_shelves (MikroOrm *orm,
             guint     n_shelves)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(MikroEntity) poetry = g_object_new (TEST_TYPE_KEYWORD, "name", "poetry", NULL);
  g_autoptr(MikroEntity) prose = g_object_new (TEST_TYPE_KEYWORD, "name", "prose", NULL);

  for (guint s = 0; s < n_shelves; s++)
    {
      g_autofree char *name = g_strdup_printf ("shelf %u", s);
      g_autoptr(MikroEntity) shelf = g_object_new (TEST_TYPE_SHELF, "name", name, NULL);

      for (guint v = 0; v < 2; v++)
        {
          g_autofree char *title = g_strdup_printf ("volume %u.%u", s, v);
          g_autoptr(MikroEntity) volume = g_object_new (TEST_TYPE_VOLUME, "name", title, "shelf", shelf,
                                                        "main-keyword", v == 0 ? poetry : prose, NULL);

          mikro_collection_add (test_get_object (volume, "keywords"), G_OBJECT (poetry));
          if (v == 1)
            mikro_collection_add (test_get_object (volume, "keywords"), G_OBJECT (prose));
        }
      if (s == 0)
        {
          g_autoptr(MikroEntity) sign = g_object_new (TEST_TYPE_SIGN, "name", "Poetry corner",
                                                      "shelf", shelf, NULL);

          mikro_entity_manager_persist (em, sign, &error);
          g_assert_no_error (error);
        }
      mikro_entity_manager_persist (em, shelf, &error);
      g_assert_no_error (error);
    }
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
}

/* Every shelf found comes with its volumes, sign, and the volumes'
 * keywords; returns the number of statements it took. */
static guint
find_all_shelves (MikroOrm *orm,
                  guint     n_shelves)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(GListModel) shelves = NULL;
  guint n_statements;

  test_capture_start ();
  shelves = mikro_entity_manager_find (em, TEST_TYPE_SHELF, NULL, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  n_statements = test_statements->len;

  g_assert_cmpuint (g_list_model_get_n_items (shelves), ==, n_shelves);
  for (guint s = 0; s < n_shelves; s++)
    {
      g_autoptr(MikroEntity) shelf = g_list_model_get_item (shelves, s);
      g_autofree char *name = NULL;
      MikroCollection *volumes = test_get_object (shelf, "volumes");
      MikroEntity *sign = test_get_object (shelf, "sign");

      g_object_get (shelf, "name", &name, NULL);
      g_assert_true (mikro_collection_is_initialized (volumes));
      g_assert_cmpuint (n_items (shelf, "volumes"), ==, 2);
      if (g_str_equal (name, "shelf 0"))
        {
          g_assert_nonnull (sign);
          g_assert_true (test_get_object (sign, "shelf") == shelf);
        }
      else
        g_assert_null (sign);

      for (guint v = 0; v < 2; v++)
        {
          g_autoptr(MikroEntity) volume = g_list_model_get_item (G_LIST_MODEL (volumes), v);
          g_autofree char *title = NULL;
          MikroEntity *main_keyword = test_get_object (volume, "main-keyword");

          g_object_get (volume, "name", &title, NULL);
          g_assert_true (test_get_object (volume, "shelf") == shelf);
          g_assert_true (mikro_collection_is_initialized (test_get_object (volume, "keywords")));
          g_assert_cmpuint (n_items (volume, "keywords"), ==, g_str_has_suffix (title, ".1") ? 2 : 1);
          g_assert_true (mikro_entity_is_initialized (main_keyword));
          /* the other side of the cycle, loaded once */
          g_assert_true (mikro_collection_is_initialized (test_get_object (main_keyword, "volumes")));
        }
    }
  {
    g_autoptr(MikroEntity) first = g_list_model_get_item (shelves, 0);
    g_autoptr(MikroEntity) volume = g_list_model_get_item (G_LIST_MODEL (test_get_object (first, "volumes")), 0);
    MikroEntity *poetry = test_get_object (volume, "main-keyword");
    guint tagged = 0;

    /* the inverse side holds every volume whose keywords hold it */
    for (guint s = 0; s < n_shelves; s++)
      {
        g_autoptr(MikroEntity) shelf = g_list_model_get_item (shelves, s);

        for (guint v = 0; v < 2; v++)
          {
            g_autoptr(MikroEntity) each = g_list_model_get_item (G_LIST_MODEL (test_get_object (shelf, "volumes")), v);

            if (mikro_collection_contains (test_get_object (each, "keywords"), G_OBJECT (poetry)))
              {
                tagged++;
                g_assert_true (mikro_collection_contains (test_get_object (poetry, "volumes"), G_OBJECT (each)));
              }
          }
      }
    g_assert_cmpuint (tagged, >=, 2);
    g_assert_cmpuint (n_items (poetry, "volumes"), ==, tagged);
  }

  return n_statements;
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  guint few, more;

  if (fixture->orm == NULL)
    return;

  add_shelves (fixture->orm, 2);
  few = find_all_shelves (fixture->orm, 2);
  add_shelves (fixture->orm, 3);
  more = find_all_shelves (fixture->orm, 5);

  /* select-in: as many queries for five shelves as for two */
  if (!backend.mongo)
    {
      g_assert_cmpuint (few, >, 1);
      g_assert_cmpuint (few, ==, more);
    }
}

/* Loading what is loaded asks nothing more; a reference found by key is
 * loaded with its eager relations, and find_one of a loaded entity asks
 * nothing at all. */
static void
test_find_one (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) shelf = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(GListModel) volumes = NULL;

  if (fixture->orm == NULL)
    return;

  add_shelves (fixture->orm, 1);
  em = mikro_orm_create_entity_manager (fixture->orm);
  shelf = mikro_entity_manager_find_one_by (em, TEST_TYPE_SHELF, "{\"name\": \"shelf 0\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (shelf, "volumes"), ==, 2);
  g_assert_nonnull (test_get_object (shelf, "sign"));

  /* the volumes again: all known, their relations too */
  test_capture_start ();
  volumes = mikro_entity_manager_find (em, TEST_TYPE_VOLUME, NULL, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (volumes), ==, 2);
  if (!backend.mongo)
    g_assert_cmpuint (test_statements->len, ==, 1);

  test_capture_start ();
  again = mikro_entity_manager_find_one_by (em, TEST_TYPE_SHELF, "{\"name\": \"shelf 0\"}", &error);
  test_capture_stop ();
  g_assert_true (again == shelf);
  if (!backend.mongo)
    g_assert_cmpuint (test_statements->len, ==, 1);
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/eager/%s/%s", backend.name, name);

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

  add_backend_test ("find", test_find);
  add_backend_test ("find-one", test_find_one);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
