/* test-embeddables.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Embeddables, per SQL backend: value objects stored with the entity that
 * holds them, a column per property with a prefix, or one JSON column;
 * a NULL object, an object replaced, and a property of the object changed
 * in place are all written by the next flush. */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

typedef struct { GObject parent_instance; } TestAddress;
typedef struct { GObjectClass parent_class; } TestAddressClass;
typedef struct { GObject parent_instance; } TestMoney;
typedef struct { GObjectClass parent_class; } TestMoneyClass;
typedef struct { MikroEntity parent_instance; } TestCard;
typedef struct { MikroEntityClass parent_class; } TestCardClass;

static GType test_address_get_type (void);
static GType test_money_get_type (void);
static GType test_card_get_type (void);
G_DEFINE_TYPE (TestAddress, test_address, G_TYPE_OBJECT)
G_DEFINE_TYPE (TestMoney, test_money, G_TYPE_OBJECT)
G_DEFINE_TYPE (TestCard, test_card, MIKRO_TYPE_ENTITY)

static void
test_address_class_init (TestAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new_for_embeddable (G_TYPE_FROM_CLASS (klass));

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_string ("street", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("city", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_int ("zip", NULL, NULL, 0, G_MAXINT, 0, RW));
  mikro_entity_schema_add_property (schema, "street", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "city", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_add_property (schema, "zip", "postcode", MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_money_class_init (TestMoneyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new_for_embeddable (G_TYPE_FROM_CLASS (klass));
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_double ("amount", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("currency", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "amount", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_property (schema, "currency", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_serialized_name (prop, "cur");
  mikro_entity_schema_register (schema);
}

static void
test_card_class_init (TestCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "card");
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_object ("home", NULL, NULL, test_address_get_type (), RW));
  g_object_class_install_property (object_class, 4, g_param_spec_object ("work", NULL, NULL, test_address_get_type (), RW));
  g_object_class_install_property (object_class, 5, g_param_spec_object ("balance", NULL, NULL, test_money_get_type (), RW));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_embedded (schema, "home", G_TYPE_INVALID, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_embedded (schema, "work", G_TYPE_INVALID, MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_prefix (prop, "office_");
  prop = mikro_entity_schema_add_embedded (schema, "balance", test_money_get_type (), MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_as_object (prop, TRUE);
  mikro_entity_schema_register (schema);
}

static void test_address_init (TestAddress *self) { }
static void test_money_init (TestMoney *self) { }
static void test_card_init (TestCard *self) { }

typedef struct
{
  MikroOrm *orm;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->orm = test_backend_open_orm (&backend, test_card_get_type ());
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_backend_close_orm (&fixture->orm);
}

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "name"), name) == 0)
      return json_array_get_object_element (array, i);
  return NULL;
}

static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonObject *card;
  JsonArray *columns;
  const char *expected[] = { "id", "name", "home_street", "home_city", "home_postcode",
                             "office_street", "office_city", "office_postcode", "balance" };

  if (fixture->orm == NULL)
    return;

  wanted = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  actual = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  wanted_text = json_to_string (wanted, TRUE);
  actual_text = json_to_string (actual, TRUE);
  if (!json_node_equal (wanted, actual))
    g_error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
             wanted_text, actual_text);
  g_test_message ("%s", actual_text);

  card = json_array_get_object_element (json_object_get_array_member (json_node_get_object (actual), "tables"), 0);
  columns = json_object_get_array_member (card, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, i), "name"),
                     ==, expected[i]);
  g_assert_false (json_object_get_boolean_member (find_named (columns, "home_city"), "nullable"));
  g_assert_true (json_object_get_boolean_member (find_named (columns, "office_city"), "nullable"));
  g_assert_true (json_object_get_boolean_member (find_named (columns, "balance"), "nullable"));
  /* the embeddable's index, on each embedded copy */
  g_assert_nonnull (find_named (json_object_get_array_member (card, "indexes"), "card_home_city_index"));
  g_assert_nonnull (find_named (json_object_get_array_member (card, "indexes"), "card_office_city_index"));
}

static char *
get_string (gpointer    object,
            const char *property)
{
  char *value = NULL;

  g_object_get (object, property, &value, NULL);
  return value;
}

static MikroEntity *
load (MikroOrm *orm,
      gint64    id)
{
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroEntity *entity;

  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, id);
  entity = mikro_entity_manager_find_one (em, test_card_get_type (), &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return entity;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) card = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(GObject) home = g_object_new (test_address_get_type (), "street", "1 Main St",
                                          "city", "Springfield", "zip", 12345, NULL);
  g_autoptr(GObject) money = g_object_new (test_money_get_type (), "amount", 12.5, "currency", "EUR", NULL);
  g_autoptr(GObject) office = NULL;
  g_autofree char *text = NULL;
  int zip = 0;
  double amount = 0;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  card = g_object_new (test_card_get_type (), "name", "Homer", "home", home, "balance", money, NULL);
  mikro_entity_manager_persist (em, card, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  loaded = load (fixture->orm, test_get_id (card));
  g_assert_null (test_get_object (loaded, "work"));
  g_assert_nonnull (test_get_object (loaded, "home"));
  g_assert_true (test_get_object (loaded, "home") != home);
  text = get_string (test_get_object (loaded, "home"), "city");
  g_assert_cmpstr (text, ==, "Springfield");
  g_object_get (test_get_object (loaded, "home"), "zip", &zip, NULL);
  g_assert_cmpint (zip, ==, 12345);
  g_object_get (test_get_object (loaded, "balance"), "amount", &amount, NULL);
  g_assert_cmpfloat (amount, ==, 12.5);
  g_clear_pointer (&text, g_free);
  text = get_string (test_get_object (loaded, "balance"), "currency");
  g_assert_cmpstr (text, ==, "EUR");
  g_clear_object (&loaded);

  /* a property of an embedded object changed in place: only its column */
  g_object_set (home, "city", "Shelbyville", NULL);
  g_assert_true (mikro_entity_is_dirty (card));
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("UPDATE"), ==, 1);
  g_assert_nonnull (strstr (test_capture_find ("UPDATE"), "home_city"));
  g_assert_null (strstr (test_capture_find ("UPDATE"), "home_street"));
  g_assert_null (strstr (test_capture_find ("UPDATE"), "office_"));

  /* nothing changed: nothing sent */
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* an object set where there was none, and the JSON object changed in
   * place */
  office = g_object_new (test_address_get_type (), "street", "742 Evergreen", "city", "Springfield", "zip", 1, NULL);
  g_object_set (card, "work", office, NULL);
  g_object_set (money, "amount", 99.0, NULL);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_nonnull (strstr (test_capture_find ("UPDATE"), "office_street"));
  g_assert_nonnull (strstr (test_capture_find ("UPDATE"), "balance"));

  loaded = load (fixture->orm, test_get_id (card));
  g_clear_pointer (&text, g_free);
  text = get_string (test_get_object (loaded, "home"), "city");
  g_assert_cmpstr (text, ==, "Shelbyville");
  g_clear_pointer (&text, g_free);
  text = get_string (test_get_object (loaded, "work"), "street");
  g_assert_cmpstr (text, ==, "742 Evergreen");
  g_object_get (test_get_object (loaded, "balance"), "amount", &amount, NULL);
  g_assert_cmpfloat (amount, ==, 99.0);
  g_clear_object (&loaded);

  /* back to no object: every column NULL, loaded as NULL */
  g_object_set (card, "work", NULL, "balance", NULL, NULL);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  loaded = load (fixture->orm, test_get_id (card));
  g_assert_null (test_get_object (loaded, "work"));
  g_assert_null (test_get_object (loaded, "balance"));

  /* an object replaced by the application is watched too */
  {
    g_autoptr(GObject) moved = g_object_new (test_address_get_type (), "street", "1 Elm", "city", "Capital", NULL);

    g_object_set (card, "home", moved, NULL);
    mikro_entity_manager_flush (em, &error);
    g_assert_no_error (error);
    g_object_set (moved, "zip", 777, NULL);
    g_assert_true (mikro_entity_is_dirty (card));
    /* the replaced one no longer counts */
    g_object_set (home, "zip", 1, NULL);
    mikro_entity_manager_flush (em, &error);
    g_assert_no_error (error);
    g_clear_object (&loaded);
    loaded = load (fixture->orm, test_get_id (card));
    g_object_get (test_get_object (loaded, "home"), "zip", &zip, NULL);
    g_assert_cmpint (zip, ==, 777);
  }

  /* filters name the columns, or the property paths */
  {
    g_autoptr(GListModel) found = NULL;

    found = mikro_entity_manager_find (em, test_card_get_type (), "{\"home_city\": \"Capital\"}", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    g_clear_object (&found);
    found = mikro_entity_manager_find (em, test_card_get_type (), "{\"home.zip\": {\"$gt\": 700}}", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  }
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/embeddables/%s/%s", backend.name, name);

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

  add_backend_test ("schema", test_schema);
  add_backend_test ("round-trip", test_round_trip);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
