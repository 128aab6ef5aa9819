/* test-inheritance.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Inheritance, per SQL backend: an abstract base lending its properties
 * to the tables of the entity types deriving from it, and a single-table
 * hierarchy (Person ← Employee ← Manager, Person ← Customer) in one table
 * with a discriminator column, queried by any type of it and loaded as
 * the type each row is. */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

typedef struct { MikroEntity parent_instance; } TestStamped;
typedef struct { MikroEntityClass parent_class; } TestStampedClass;
typedef struct { TestStamped parent_instance; } TestNote;
typedef struct { TestStampedClass parent_class; } TestNoteClass;
typedef struct { MikroEntity parent_instance; } TestPerson;
typedef struct { MikroEntityClass parent_class; } TestPersonClass;
typedef struct { TestPerson parent_instance; } TestEmployee;
typedef struct { TestPersonClass parent_class; } TestEmployeeClass;
typedef struct { TestEmployee parent_instance; } TestManager;
typedef struct { TestEmployeeClass parent_class; } TestManagerClass;
typedef struct { TestPerson parent_instance; } TestCustomer;
typedef struct { TestPersonClass parent_class; } TestCustomerClass;

static GType test_stamped_get_type (void);
static GType test_note_get_type (void);
static GType test_person_get_type (void);
static GType test_employee_get_type (void);
static GType test_manager_get_type (void);
static GType test_customer_get_type (void);

G_DEFINE_TYPE (TestStamped, test_stamped, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestNote, test_note, test_stamped_get_type ())
G_DEFINE_TYPE (TestPerson, test_person, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestEmployee, test_employee, test_person_get_type ())
G_DEFINE_TYPE (TestManager, test_manager, test_employee_get_type ())
G_DEFINE_TYPE (TestCustomer, test_customer, test_person_get_type ())

static void
install (GObjectClass *klass,
         guint         id,
         GParamSpec   *pspec)
{
  test_store_class_init (klass);
  g_object_class_install_property (klass, id, pspec);
}

/* an abstract base: a key, a label with an index, a check */
static void
test_stamped_class_init (TestStampedClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("label", NULL, NULL, NULL, RW));
  mikro_entity_schema_set_abstract (schema, TRUE);
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "label", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_add_check (schema, NULL, "label <> ''");
  mikro_entity_schema_register (schema);
}

static void
test_note_class_init (TestNoteClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "note");

  install (G_OBJECT_CLASS (klass), 3, g_param_spec_string ("body", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "body", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_person_class_init (TestPersonClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "person");

  install (G_OBJECT_CLASS (klass), 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  mikro_entity_schema_set_discriminator_column (schema, "kind");
  mikro_entity_schema_set_discriminator_value (schema, "person");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_employee_class_init (TestEmployeeClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 3, g_param_spec_int ("salary", NULL, NULL, 0, G_MAXINT, 0, RW));
  install (G_OBJECT_CLASS (klass), 4, g_param_spec_object ("mentor", NULL, NULL, test_person_get_type (), RW));
  mikro_entity_schema_set_discriminator_value (schema, "employee");
  mikro_entity_schema_add_property (schema, "salary", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (schema, "mentor", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

/* no discriminator value: the naming strategy's, test_manager */
static void
test_manager_class_init (TestManagerClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 5, g_param_spec_int ("reports", NULL, NULL, 0, G_MAXINT, 0, RW));
  mikro_entity_schema_add_property (schema, "reports", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_customer_class_init (TestCustomerClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 3, g_param_spec_string ("tier", NULL, NULL, NULL, RW));
  mikro_entity_schema_set_discriminator_value (schema, "customer");
  mikro_entity_schema_add_property (schema, "tier", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_register (schema);
}

static void test_stamped_init (TestStamped *self) { }
static void test_note_init (TestNote *self) { }
static void test_person_init (TestPerson *self) { }
static void test_employee_init (TestEmployee *self) { }
static void test_manager_init (TestManager *self) { }
static void test_customer_init (TestCustomer *self) { }

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

  /* a hierarchy is discovered whole: its types must be registered */
  g_type_ensure (test_manager_get_type ());
  g_type_ensure (test_customer_get_type ());

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_note_get_type (), &error);
  g_assert_no_error (error);
  /* adding one type of the hierarchy adds them all */
  mikro_orm_add_entity (fixture->orm, test_employee_get_type (), &error);
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

static JsonObject *
find_table (JsonNode   *model,
            const char *name)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (model), "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (tables, i), "name"), name))
      return json_array_get_object_element (tables, i);
  g_error ("no table %s", name);
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

/* One table per concrete type outside the hierarchy, one for all of it;
 * what the catalogue says matches the metadata. */
static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonObject *person;
  JsonObject *note;
  JsonArray *columns;

  if (fixture->orm == NULL)
    return;

  g_assert_nonnull (mikro_orm_get_metadata (fixture->orm, test_person_get_type ()));
  g_assert_nonnull (mikro_orm_get_metadata (fixture->orm, test_manager_get_type ()));
  g_assert_nonnull (mikro_orm_get_metadata (fixture->orm, test_customer_get_type ()));
  g_assert_cmpstr (mikro_entity_metadata_get_table (mikro_orm_get_metadata (fixture->orm, test_manager_get_type ())),
                   ==, "person");

  wanted = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  actual = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  /* the expressions of checks are the database's own spelling */
  json_object_remove_member (json_array_get_object_element (json_object_get_array_member (find_table (wanted, "note"), "checks"), 0), "expression");
  json_object_remove_member (json_array_get_object_element (json_object_get_array_member (find_table (actual, "note"), "checks"), 0), "expression");
  wanted_text = json_to_string (wanted, TRUE);
  actual_text = json_to_string (actual, TRUE);
  if (!json_node_equal (wanted, actual))
    g_error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
             wanted_text, actual_text);
  g_test_message ("%s", actual_text);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (actual), "tables")), ==, 2);

  /* the abstract base's columns, index and check are the note's */
  note = find_table (actual, "note");
  columns = json_object_get_array_member (note, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 3);
  g_assert_nonnull (find_named (columns, "label"));
  g_assert_nonnull (find_named (json_object_get_array_member (note, "indexes"), "note_label_index"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (note, "checks")), ==, 1);

  /* the hierarchy's: every type's columns, those below the root
   * nullable, the discriminator, its index, the foreign key of a type */
  person = find_table (actual, "person");
  columns = json_object_get_array_member (person, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 7);
  g_assert_false (json_object_get_boolean_member (find_named (columns, "name"), "nullable"));
  g_assert_false (json_object_get_boolean_member (find_named (columns, "kind"), "nullable"));
  g_assert_true (json_object_get_boolean_member (find_named (columns, "salary"), "nullable"));
  g_assert_true (json_object_get_boolean_member (find_named (columns, "reports"), "nullable"));
  g_assert_true (json_object_get_boolean_member (find_named (columns, "tier"), "nullable"));
  g_assert_nonnull (find_named (columns, "mentor_id"));
  g_assert_nonnull (find_named (json_object_get_array_member (person, "indexes"), "person_kind_index"));
  g_assert_nonnull (find_named (json_object_get_array_member (person, "indexes"), "person_tier_index"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (person, "foreign_keys")), ==, 1);
}

static char *
get_name (gpointer entity)
{
  char *name = NULL;

  g_object_get (entity, "name", &name, NULL);
  return name;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) person = NULL;
  g_autoptr(MikroEntity) employee = NULL;
  g_autoptr(MikroEntity) manager = NULL;
  g_autoptr(MikroEntity) customer = NULL;
  g_autoptr(MikroEntity) note = NULL;
  g_autoptr(GListModel) people = NULL;
  g_autoptr(GListModel) employees = NULL;
  g_autoptr(GListModel) gold = NULL;
  g_autoptr(MikroEntity) by_key = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroEntity *loaded_manager = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  person = g_object_new (test_person_get_type (), "name", "Pat", NULL);
  manager = g_object_new (test_manager_get_type (), "name", "Morgan", "salary", 9000, "reports", 4, NULL);
  employee = g_object_new (test_employee_get_type (), "name", "Eli", "salary", 5000, "mentor", manager, NULL);
  customer = g_object_new (test_customer_get_type (), "name", "Cleo", "tier", "gold", NULL);
  note = g_object_new (test_note_get_type (), "label", "todo", "body", "write tests", NULL);
  mikro_entity_manager_persist (em, person, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, employee, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, customer, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, note, &error);
  g_assert_no_error (error);

  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  /* one INSERT per entity type; the manager (reached through the
   * employee's mentor) before the employee */
  g_assert_cmpint (test_capture_count ("INSERT"), ==, 5);
  g_assert_cmpint (test_get_id (manager), >, 0);
  g_assert_cmpint (test_get_id (note), >, 0);

  fresh = mikro_entity_manager_fork (em);
  people = mikro_entity_manager_find (fresh, test_person_get_type (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(MikroEntity) entity = g_list_model_get_item (people, i);
      g_autofree char *name = get_name (entity);

      if (g_str_equal (name, "Pat"))
        g_assert_true (G_OBJECT_TYPE (entity) == test_person_get_type ());
      else if (g_str_equal (name, "Eli"))
        {
          int salary = 0;
          MikroEntity *mentor = NULL;

          g_assert_true (G_OBJECT_TYPE (entity) == test_employee_get_type ());
          g_object_get (entity, "salary", &salary, "mentor", &mentor, NULL);
          g_assert_cmpint (salary, ==, 5000);
          g_assert_nonnull (mentor);
          g_assert_cmpint (test_get_id (mentor), ==, test_get_id (manager));
          g_object_unref (mentor);
        }
      else if (g_str_equal (name, "Morgan"))
        {
          int reports = 0;

          g_assert_true (G_OBJECT_TYPE (entity) == test_manager_get_type ());
          g_object_get (entity, "reports", &reports, NULL);
          g_assert_cmpint (reports, ==, 4);
          loaded_manager = entity;
        }
      else
        {
          g_autofree char *tier = NULL;

          g_assert_true (G_OBJECT_TYPE (entity) == test_customer_get_type ());
          g_object_get (entity, "tier", &tier, NULL);
          g_assert_cmpstr (tier, ==, "gold");
        }
    }

  /* a query on a type finds it and the types deriving from it */
  employees = mikro_entity_manager_find (fresh, test_employee_get_type (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (employees), ==, 2);
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_manager_get_type (), NULL, &error), ==, 1);
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_employee_get_type (), "{\"salary\": {\"$gt\": 6000}}", &error), ==, 1);
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_person_get_type (), NULL, &error), ==, 4);
  gold = mikro_entity_manager_find (fresh, test_customer_get_type (), "{\"tier\": \"gold\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gold), ==, 1);
  /* the discriminator can be filtered on like a column */
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_person_get_type (), "{\"kind\": \"customer\"}", &error), ==, 1);
  g_assert_no_error (error);

  /* one identity map for the hierarchy: the manager by its key through
   * any type is the instance already loaded */
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, test_get_id (manager));
  test_capture_start ();
  by_key = mikro_entity_manager_find_one (fresh, test_employee_get_type (), &key, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_true (by_key == loaded_manager);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_assert_null (mikro_entity_manager_find_one (fresh, test_customer_get_type (), &key, &error));
  g_assert_no_error (error);

  /* changes to a type's own columns */
  g_object_set (loaded_manager, "reports", 7, NULL);
  test_capture_start ();
  mikro_entity_manager_flush (fresh, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpint (test_capture_count ("UPDATE"), ==, 1);
  g_assert_nonnull (strstr (test_capture_find ("UPDATE"), "reports"));

  /* the abstract base's properties round-trip in the note's table */
  {
    g_autoptr(GListModel) notes = mikro_entity_manager_find (fresh, test_note_get_type (), "{\"label\": \"todo\"}", &error);
    g_autoptr(MikroEntity) loaded = NULL;
    g_autofree char *body = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (notes), ==, 1);
    loaded = g_list_model_get_item (notes, 0);
    g_object_get (loaded, "body", &body, NULL);
    g_assert_cmpstr (body, ==, "write tests");
  }

  /* removing */
  mikro_entity_manager_remove (fresh, loaded_manager, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_employee_get_type (), NULL, &error), ==, 1);
}

/* Abstract types are not entities of their own. */
static void
test_abstract (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->orm == NULL)
    return;

  g_assert_false (mikro_orm_add_entity (fixture->orm, test_stamped_get_type (), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_assert_nonnull (strstr (error->message, "TestStamped"));
  g_assert_nonnull (strstr (error->message, "abstract"));
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/inheritance/%s/%s", backend.name, name);

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
  add_backend_test ("abstract", test_abstract);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
