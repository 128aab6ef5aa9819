/* test-composite.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Composite primary keys, per SQL backend: a natural key of two columns,
 * and a key made of two foreign keys (an enrollment of a student in a
 * course, MikroORM's "join table with metadata"): schema, identity map,
 * lookups by key, batched updates and deletes. And a key that is one
 * foreign key (a derived identity: a locker keyed by its holder), which
 * other relations target. */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

typedef struct { MikroEntity parent_instance; } TestSku;
typedef struct { MikroEntityClass parent_class; } TestSkuClass;
typedef struct { MikroEntity parent_instance; } TestCourse;
typedef struct { MikroEntityClass parent_class; } TestCourseClass;
typedef struct { MikroEntity parent_instance; } TestStudent;
typedef struct { MikroEntityClass parent_class; } TestStudentClass;
typedef struct { MikroEntity parent_instance; } TestEnrollment;
typedef struct { MikroEntityClass parent_class; } TestEnrollmentClass;

static GType test_sku_get_type (void);
static GType test_course_get_type (void);
static GType test_student_get_type (void);
static GType test_enrollment_get_type (void);
G_DEFINE_TYPE (TestSku, test_sku, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestCourse, test_course, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestStudent, test_student, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestEnrollment, test_enrollment, MIKRO_TYPE_ENTITY)

static void
test_sku_class_init (TestSkuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "sku");

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_string ("vendor", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_int ("code", NULL, NULL, 0, G_MAXINT, 0, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  mikro_property_set_length (mikro_entity_schema_add_property (schema, "vendor", NULL, MIKRO_PROPERTY_PRIMARY_KEY), 40);
  mikro_entity_schema_add_property (schema, "code", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
define_named (GObjectClass *object_class,
              const char   *table)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (object_class), table);

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

/* a course's students: a many-to-many whose pivot is the enrollment */
static void
test_course_class_init (TestCourseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MikroProperty *prop;

  define_named (object_class, "course");
  g_object_class_install_property (object_class, 3,
    g_param_spec_object ("students", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  prop = mikro_entity_schema_add_relation (mikro_entity_schema_lookup (G_TYPE_FROM_CLASS (klass)), "students",
                                           MIKRO_RELATION_MANY_TO_MANY, test_student_get_type (),
                                           MIKRO_PROPERTY_NONE);
  mikro_property_set_pivot_entity (prop, test_enrollment_get_type ());
}
static void test_student_class_init (TestStudentClass *klass) { define_named (G_OBJECT_CLASS (klass), "student"); }

/* the key is both foreign keys */
static void
test_enrollment_class_init (TestEnrollmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "enrollment");
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_object ("course", NULL, NULL, test_course_get_type (), RW));
  g_object_class_install_property (object_class, 2, g_param_spec_object ("student", NULL, NULL, test_student_get_type (), RW));
  g_object_class_install_property (object_class, 3, g_param_spec_int ("grade", NULL, NULL, 0, 100, 0, RW));
  prop = mikro_entity_schema_add_relation (schema, "course", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                           MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_CASCADE);
  mikro_entity_schema_add_relation (schema, "student", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
  prop = mikro_entity_schema_add_property (schema, "grade", NULL, MIKRO_PROPERTY_NONE);
  {
    g_auto(GValue) zero = G_VALUE_INIT;

    /* rows the many-to-many writes have no grade yet */
    g_value_init (&zero, G_TYPE_INT);
    mikro_property_set_default (prop, &zero);
  }
  mikro_entity_schema_register (schema);
}

/* A derived identity: a locker's key is its holder's; keys point at
 * lockers, and a locker lists its keys. */
#define TEST_TYPE_HOLDER (test_holder_get_type ())
G_DECLARE_FINAL_TYPE (TestHolder, test_holder, TEST, HOLDER, MikroEntity)
#define TEST_TYPE_LOCKER (test_locker_get_type ())
G_DECLARE_FINAL_TYPE (TestLocker, test_locker, TEST, LOCKER, MikroEntity)
#define TEST_TYPE_LOCKER_KEY (test_locker_key_get_type ())
G_DECLARE_FINAL_TYPE (TestLockerKey, test_locker_key, TEST, LOCKER_KEY, MikroEntity)

struct _TestHolder    { MikroEntity parent_instance; };
struct _TestLocker    { MikroEntity parent_instance; };
struct _TestLockerKey { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (TestHolder, test_holder, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestLocker, test_locker, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestLockerKey, test_locker_key, MIKRO_TYPE_ENTITY)

static void test_holder_init (TestHolder *self) { }
static void test_locker_init (TestLocker *self) { }
static void test_locker_key_init (TestLockerKey *self) { }

static void
test_holder_class_init (TestHolderClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (G_OBJECT_CLASS (klass), "derived_holder");

  mikro_entity_schema_register (schema);
}

static void
test_locker_class_init (TestLockerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "derived_locker");
  MikroProperty *prop;

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_object ("holder", NULL, NULL, TEST_TYPE_HOLDER, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("number", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3,
                                   g_param_spec_object ("keys", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  mikro_entity_schema_add_relation (schema, "holder", MIKRO_RELATION_ONE_TO_ONE, TEST_TYPE_HOLDER,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (schema, "number", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "keys", MIKRO_RELATION_ONE_TO_MANY,
                                           TEST_TYPE_LOCKER_KEY, MIKRO_PROPERTY_NONE);
  mikro_property_set_mapped_by (prop, "locker");
  mikro_entity_schema_register (schema);
}

static void
test_locker_key_class_init (TestLockerKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "derived_locker_key");
  MikroProperty *prop;

  g_object_class_install_property (object_class, 3, g_param_spec_object ("locker", NULL, NULL, TEST_TYPE_LOCKER, RW));
  prop = mikro_entity_schema_add_relation (schema, "locker", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_LOCKER,
                                           MIKRO_PROPERTY_NONE);
  mikro_property_set_inversed_by (prop, "keys");
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_CASCADE);
  mikro_entity_schema_register (schema);
}

static void test_sku_init (TestSku *self) { }
static void test_course_init (TestCourse *self) { }
static void test_student_init (TestStudent *self) { }
static void test_enrollment_init (TestEnrollment *self) { }

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
  mikro_orm_add_entity (fixture->orm, test_sku_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_enrollment_get_type (), &error);
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

static void
assert_key_columns (JsonObject *table,
                    const char *first,
                    const char *second)
{
  JsonArray *columns = json_object_get_array_member (json_object_get_object_member (table, "primary_key"), "columns");

  g_assert_cmpuint (json_array_get_length (columns), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (columns, 0), ==, first);
  g_assert_cmpstr (json_array_get_string_element (columns, 1), ==, second);
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

  assert_key_columns (find_table (actual, "sku"), "vendor", "code");
  assert_key_columns (find_table (actual, "enrollment"), "course_id", "student_id");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (find_table (actual, "enrollment"),
                                                                         "foreign_keys")), ==, 2);
}

static GValue *
sku_key (GValue     *value,
         const char *vendor,
         int         code)
{
  g_value_init (value, G_TYPE_VARIANT);
  g_value_set_variant (value, g_variant_new ("(si)", vendor, code));
  return value;
}

static MikroEntity *
new_sku (const char *vendor,
         int         code,
         const char *name)
{
  return g_object_new (test_sku_get_type (), "vendor", vendor, "code", code, "name", name, NULL);
}

static void
test_natural_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) a1 = new_sku ("acme", 1, "anvil");
  g_autoptr(MikroEntity) a2 = new_sku ("acme", 2, "rocket");
  g_autoptr(MikroEntity) b1 = new_sku ("bolt", 1, "bolt");
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(MikroEntity) missing = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  g_autofree char *name = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  mikro_entity_manager_persist (em, a1, &error);
  mikro_entity_manager_persist (em, a2, &error);
  mikro_entity_manager_persist (em, b1, &error);
  g_assert_no_error (error);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("INSERT"), ==, 1);

  /* known keys are in the identity map from persist on */
  test_capture_start ();
  found = mikro_entity_manager_find_one (em, test_sku_get_type (), sku_key (&key, "acme", 2), &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_true (found == a2);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_clear_object (&found);

  fresh = mikro_entity_manager_fork (em);
  found = mikro_entity_manager_find_one (fresh, test_sku_get_type (), &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_object_get (found, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "rocket");
  test_capture_start ();
  again = mikro_entity_manager_find_one (fresh, test_sku_get_type (), &key, &error);
  test_capture_stop ();
  g_assert_true (again == found);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_value_unset (&key);
  missing = mikro_entity_manager_find_one (fresh, test_sku_get_type (), sku_key (&key, "bolt", 2), &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  /* a key of the wrong shape */
  g_value_unset (&key);
  g_value_init (&key, G_TYPE_INT);
  g_value_set_int (&key, 1);
  g_assert_null (mikro_entity_manager_find_one (fresh, test_sku_get_type (), &key, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  /* two changed rows, one statement; each row by both key columns */
  g_object_set (a1, "name", "big anvil", NULL);
  g_object_set (b1, "name", "big bolt", NULL);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("UPDATE"), ==, 1);
  g_assert_nonnull (strstr (test_capture_find ("UPDATE"), "code"));

  mikro_entity_manager_remove (em, a1, &error);
  mikro_entity_manager_remove (em, b1, &error);
  g_assert_no_error (error);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("DELETE"), ==, 1);
  g_assert_cmpint (mikro_entity_manager_count (em, test_sku_get_type (), NULL, &error), ==, 1);
  g_assert_cmpint (mikro_entity_manager_count (em, test_sku_get_type (), "{\"vendor\": \"acme\", \"code\": 2}", &error), ==, 1);
}

static void
test_foreign_key_key (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) course = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) bob = NULL;
  g_autoptr(MikroEntity) first = NULL;
  g_autoptr(MikroEntity) second = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) loaded_course = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  gint64 course_id, ann_id;
  int grade = 0;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  course = g_object_new (test_course_get_type (), "name", "Databases", NULL);
  ann = g_object_new (test_student_get_type (), "name", "Ann", NULL);
  bob = g_object_new (test_student_get_type (), "name", "Bob", NULL);
  first = g_object_new (test_enrollment_get_type (), "course", course, "student", ann, "grade", 90, NULL);
  second = g_object_new (test_enrollment_get_type (), "course", course, "student", bob, "grade", 70, NULL);
  mikro_entity_manager_persist (em, first, &error);
  mikro_entity_manager_persist (em, second, &error);
  g_assert_no_error (error);

  /* the course and the students first: their keys are the enrollments' */
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_capture_count ("INSERT"), ==, 3);
  g_object_get (course, "id", &course_id, NULL);
  g_object_get (ann, "id", &ann_id, NULL);

  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_VARIANT);
  g_value_set_variant (&key, g_variant_new ("(xx)", course_id, ann_id));
  found = mikro_entity_manager_find_one (fresh, test_enrollment_get_type (), &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_object_get (found, "grade", &grade, NULL);
  g_assert_cmpint (grade, ==, 90);
  {
    g_auto(GValue) course_key = G_VALUE_INIT;
    MikroEntity *held = NULL;

    g_value_init (&course_key, G_TYPE_INT64);
    g_value_set_int64 (&course_key, course_id);
    loaded_course = mikro_entity_manager_find_one (fresh, test_course_get_type (), &course_key, &error);
    g_assert_no_error (error);
    g_object_get (found, "course", &held, NULL);
    g_assert_true (held == loaded_course);
    g_object_unref (held);
  }

  /* an update and a delete find the row by both foreign keys */
  g_object_set (found, "grade", 95, NULL);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  mikro_entity_manager_remove (fresh, found, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_enrollment_get_type (), NULL, &error), ==, 1);
  {
    g_autofree char *filter = g_strdup_printf ("{\"student\": %" G_GINT64_FORMAT "}", ann_id);

    g_assert_cmpint (mikro_entity_manager_count (fresh, test_enrollment_get_type (), filter, &error), ==, 0);
  }
}

/* A many-to-many through the enrollment entity: adding a student to a
 * course writes an enrollment row, and populate reads them back. */
static void
test_pivot_entity (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) course = NULL;
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroCollection *students = NULL;
  gint64 course_id;

  if (fixture->orm == NULL)
    return;

  /* no pivot table of its own: the enrollment's table is the pivot */
  model = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (model), "tables")), ==, 4);

  em = mikro_orm_create_entity_manager (fixture->orm);
  course = g_object_new (test_course_get_type (), "name", "Compilers", NULL);
  ann = g_object_new (test_student_get_type (), "name", "Ann", NULL);
  g_object_get (course, "students", &students, NULL);
  mikro_collection_add (students, G_OBJECT (ann));
  g_object_unref (students);
  mikro_entity_manager_persist (em, course, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (em, test_enrollment_get_type (), NULL, &error), ==, 1);

  g_object_get (course, "id", &course_id, NULL);
  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, course_id);
  loaded = mikro_entity_manager_find_one (fresh, test_course_get_type (), &key, &error);
  g_assert_no_error (error);
  mikro_entity_manager_populate (fresh, loaded, "students", &error);
  g_assert_no_error (error);
  g_object_get (loaded, "students", &students, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (students)), ==, 1);

  /* taken out: the enrollment row goes */
  mikro_collection_remove_all (students);
  g_object_unref (students);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_enrollment_get_type (), NULL, &error), ==, 0);
}

/* Relations to an entity whose key is a foreign key: the join column
 * takes the type of the key's own column and references it. */
static void
test_derived_key_target (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(MikroEntity) holder = NULL;
  g_autoptr(MikroEntity) locker = NULL;
  g_autoptr(MikroEntity) key = NULL;
  g_autoptr(MikroEntity) loaded_key = NULL;
  g_autoptr(MikroEntity) loaded_locker = NULL;
  g_auto(GValue) holder_id = G_VALUE_INIT;
  g_autofree char *filter = NULL;
  JsonObject *table;
  JsonObject *foreign_key;
  MikroEntity *reference;

  if (fixture->orm == NULL)
    return;

  orm = test_backend_open_orm (&backend, TEST_TYPE_LOCKER_KEY);

  /* the key's join column references the locker's key column, a foreign
   * key itself, and has its type */
  wanted = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  actual = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  if (!json_node_equal (wanted, actual))
    {
      g_autofree char *wanted_text = json_to_string (wanted, TRUE);
      g_autofree char *actual_text = json_to_string (actual, TRUE);

      g_error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
               wanted_text, actual_text);
    }
  table = find_table (actual, "derived_locker_key");
  foreign_key = json_array_get_object_element (json_object_get_array_member (table, "foreign_keys"), 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (foreign_key, "columns"), 0),
                   ==, "locker_holder_id");
  g_assert_cmpstr (json_object_get_string_member (foreign_key, "referenced_table"), ==, "derived_locker");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (foreign_key, "referenced_columns"), 0),
                   ==, "holder_id");

  /* a new chain goes in, each row after the one its key needs */
  em = mikro_orm_create_entity_manager (orm);
  holder = g_object_new (TEST_TYPE_HOLDER, "name", "Ann", NULL);
  locker = g_object_new (TEST_TYPE_LOCKER, "holder", holder, "number", "A7", NULL);
  key = g_object_new (TEST_TYPE_LOCKER_KEY, "name", "spare", "locker", locker, NULL);
  g_assert_true (mikro_collection_contains (test_get_object (locker, "keys"), G_OBJECT (key)));
  g_assert_true (mikro_entity_manager_persist (em, key, &error));
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_get_id (holder), >, 0);

  /* loaded elsewhere: the key's locker is a reference known by the
   * holder's key, the identity map's one */
  fresh = mikro_orm_create_entity_manager (orm);
  filter = g_strdup_printf ("{\"locker\": %" G_GINT64_FORMAT "}", test_get_id (holder));
  loaded_key = mikro_entity_manager_find_one_by (fresh, TEST_TYPE_LOCKER_KEY, filter, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded_key);
  reference = test_get_object (loaded_key, "locker");
  g_assert_false (mikro_entity_is_initialized (reference));
  g_assert_cmpint (test_get_id (test_get_object (reference, "holder")), ==, test_get_id (holder));
  g_value_init (&holder_id, G_TYPE_INT64);
  g_value_set_int64 (&holder_id, test_get_id (holder));
  loaded_locker = mikro_entity_manager_find_one (fresh, TEST_TYPE_LOCKER, &holder_id, &error);
  g_assert_no_error (error);
  g_assert_true (loaded_locker == reference);
  g_assert_true (mikro_entity_is_initialized (loaded_locker));
  g_assert_true (mikro_collection_load (test_get_object (loaded_locker, "keys"), &error));
  g_assert_no_error (error);
  g_assert_true (mikro_collection_contains (test_get_object (loaded_locker, "keys"), G_OBJECT (loaded_key)));

  /* moved to another locker: the join column is updated */
  {
    g_autoptr(MikroEntity) other_holder = g_object_new (TEST_TYPE_HOLDER, "name", "Bob", NULL);
    g_autoptr(MikroEntity) other = g_object_new (TEST_TYPE_LOCKER, "holder", other_holder, "number", "B2", NULL);
    g_autoptr(MikroEntityManager) check = NULL;
    g_autofree char *moved = NULL;

    g_object_set (loaded_key, "locker", other, NULL);
    g_assert_false (mikro_collection_contains (test_get_object (loaded_locker, "keys"), G_OBJECT (loaded_key)));
    mikro_entity_manager_flush (fresh, &error);
    g_assert_no_error (error);
    check = mikro_orm_create_entity_manager (orm);
    moved = g_strdup_printf ("{\"locker\": %" G_GINT64_FORMAT "}", test_get_id (other_holder));
    g_assert_cmpint (mikro_entity_manager_count (check, TEST_TYPE_LOCKER_KEY, moved, &error), ==, 1);
    g_assert_no_error (error);
  }

  g_clear_object (&fresh);
  g_clear_object (&em);
  test_backend_close_orm (&orm);
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/composite/%s/%s", backend.name, name);

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
  add_backend_test ("natural-key", test_natural_key);
  add_backend_test ("foreign-key-key", test_foreign_key_key);
  add_backend_test ("pivot-entity", test_pivot_entity);
  add_backend_test ("derived-key-target", test_derived_key_target);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
