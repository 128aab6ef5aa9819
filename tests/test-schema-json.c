/* test-schema-json.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Entity schemas described in a JSON file, for types whose class_init
 * declares none: the fixture is the example of docs/defining-entities.md,
 * a second one has relations of every kind, a third an abstract base, a
 * single-table hierarchy and an embeddable, and each mistake in a file is
 * an error that names it. */

#include <string.h>

#include <glib/gstdio.h>
#include <mikro-gobject.h>

#include "test-relation-entities.h"

typedef enum {
  DEMO_STATUS_DRAFT,
  DEMO_STATUS_ACTIVE,
  DEMO_STATUS_RETIRED,
} DemoStatus;

#define DEMO_TYPE_STATUS (demo_status_get_type ())
GType demo_status_get_type (void);

G_DEFINE_ENUM_TYPE (DemoStatus, demo_status,
  G_DEFINE_ENUM_VALUE (DEMO_STATUS_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (DEMO_STATUS_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (DEMO_STATUS_RETIRED, "retired"))

/* Both entity types keep their properties as GValues, one per property
 * id; setters notify only on a real change. */

static void
values_init (GValue      *values,
             GParamSpec **pspecs,
             guint        n_values)
{
  for (guint i = 1; i < n_values; i++)
    {
      g_value_init (&values[i], pspecs[i]->value_type);
      g_param_value_set_default (pspecs[i], &values[i]);
    }
}

static void
values_clear (GValue *values,
              guint   n_values)
{
  for (guint i = 1; i < n_values; i++)
    g_value_unset (&values[i]);
}

static void
values_set (GObject      *object,
            GValue       *slot,
            const GValue *value,
            GParamSpec   *pspec)
{
  gboolean same;

  if (G_VALUE_HOLDS (slot, G_TYPE_DATE_TIME))
    {
      GDateTime *a = g_value_get_boxed (slot);
      GDateTime *b = g_value_get_boxed (value);

      same = a == b || (a != NULL && b != NULL && g_date_time_equal (a, b));
    }
  else
    same = g_param_values_cmp (pspec, slot, value) == 0;

  if (same)
    return;
  g_value_copy (value, slot);
  g_object_notify_by_pspec (object, pspec);
}

enum {
  AUTHOR_PROP_0,
  AUTHOR_PROP_ID,
  AUTHOR_PROP_NAME,
  AUTHOR_PROP_EMAIL,
  AUTHOR_PROP_BORN,
  AUTHOR_PROP_PRICE,
  AUTHOR_PROP_CREATED_AT,
  AUTHOR_PROP_STATUS,
  AUTHOR_PROP_NOTES,
  AUTHOR_PROP_RATING,
  N_AUTHOR_PROPS
};

#define DEMO_TYPE_AUTHOR (demo_author_get_type ())
G_DECLARE_FINAL_TYPE (DemoAuthor, demo_author, DEMO, AUTHOR, MikroEntity)

struct _DemoAuthor
{
  MikroEntity parent_instance;
  GValue      values[N_AUTHOR_PROPS];
};

G_DEFINE_FINAL_TYPE (DemoAuthor, demo_author, MIKRO_TYPE_ENTITY)

static GParamSpec *author_props[N_AUTHOR_PROPS];

static void
demo_author_finalize (GObject *object)
{
  values_clear (DEMO_AUTHOR (object)->values, N_AUTHOR_PROPS);

  G_OBJECT_CLASS (demo_author_parent_class)->finalize (object);
}

static void
demo_author_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  g_value_copy (&DEMO_AUTHOR (object)->values[prop_id], value);
}

static void
demo_author_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  values_set (object, &DEMO_AUTHOR (object)->values[prop_id], value, pspec);
}

/* No schema here: the JSON file describes it. */
static void
demo_author_class_init (DemoAuthorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = demo_author_finalize;
  object_class->get_property = demo_author_get_property;
  object_class->set_property = demo_author_set_property;

  author_props[AUTHOR_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  author_props[AUTHOR_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  author_props[AUTHOR_PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  author_props[AUTHOR_PROP_BORN] = g_param_spec_boxed ("born", NULL, NULL, G_TYPE_DATE_TIME, flags);
  author_props[AUTHOR_PROP_PRICE] = g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  author_props[AUTHOR_PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  author_props[AUTHOR_PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, DEMO_TYPE_STATUS,
                                                        DEMO_STATUS_DRAFT, flags);
  author_props[AUTHOR_PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  author_props[AUTHOR_PROP_RATING] = g_param_spec_int ("rating", NULL, NULL, 0, 5, 0, flags);
  g_object_class_install_properties (object_class, N_AUTHOR_PROPS, author_props);
}

static void
demo_author_init (DemoAuthor *self)
{
  values_init (self->values, author_props, N_AUTHOR_PROPS);
}

enum {
  BOOK_PROP_0,
  BOOK_PROP_ID,
  BOOK_PROP_TITLE,
  BOOK_PROP_PAGES,
  BOOK_PROP_AUTHOR,
  N_BOOK_PROPS
};

#define DEMO_TYPE_BOOK (demo_book_get_type ())
G_DECLARE_FINAL_TYPE (DemoBook, demo_book, DEMO, BOOK, MikroEntity)

struct _DemoBook
{
  MikroEntity parent_instance;
  GValue      values[N_BOOK_PROPS];
};

G_DEFINE_FINAL_TYPE (DemoBook, demo_book, MIKRO_TYPE_ENTITY)

static GParamSpec *book_props[N_BOOK_PROPS];

static void
demo_book_finalize (GObject *object)
{
  values_clear (DEMO_BOOK (object)->values, N_BOOK_PROPS);

  G_OBJECT_CLASS (demo_book_parent_class)->finalize (object);
}

static void
demo_book_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_copy (&DEMO_BOOK (object)->values[prop_id], value);
}

static void
demo_book_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  values_set (object, &DEMO_BOOK (object)->values[prop_id], value, pspec);
}

static void
demo_book_class_init (DemoBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = demo_book_finalize;
  object_class->get_property = demo_book_get_property;
  object_class->set_property = demo_book_set_property;

  book_props[BOOK_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  book_props[BOOK_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  book_props[BOOK_PROP_PAGES] = g_param_spec_int ("pages", NULL, NULL, 0, G_MAXINT, 1, flags);
  book_props[BOOK_PROP_AUTHOR] = g_param_spec_object ("author", NULL, NULL, DEMO_TYPE_AUTHOR, flags);
  g_object_class_install_properties (object_class, N_BOOK_PROPS, book_props);
}

static void
demo_book_init (DemoBook *self)
{
  values_init (self->values, book_props, N_BOOK_PROPS);
}

/* The relations of the second fixture, relations.json:
 *
 *   Writer 1 ── n Novel     Novel.writer owns it, Writer.novels is the inverse
 *   Writer 1 ── 1 Profile   Profile.writer owns it, Writer.profile is the inverse
 *   Novel n ── n Genre      Novel.genres owns the pivot table, Genre.novels is
 *                           the inverse
 *
 * Their values live in the store of test-relation-entities.c. */

#define DEMO_TYPE_WRITER (demo_writer_get_type ())
G_DECLARE_FINAL_TYPE (DemoWriter, demo_writer, DEMO, WRITER, MikroEntity)
#define DEMO_TYPE_NOVEL (demo_novel_get_type ())
G_DECLARE_FINAL_TYPE (DemoNovel, demo_novel, DEMO, NOVEL, MikroEntity)
#define DEMO_TYPE_PROFILE (demo_profile_get_type ())
G_DECLARE_FINAL_TYPE (DemoProfile, demo_profile, DEMO, PROFILE, MikroEntity)
#define DEMO_TYPE_GENRE (demo_genre_get_type ())
G_DECLARE_FINAL_TYPE (DemoGenre, demo_genre, DEMO, GENRE, MikroEntity)

struct _DemoWriter  { MikroEntity parent_instance; };
struct _DemoNovel   { MikroEntity parent_instance; };
struct _DemoProfile { MikroEntity parent_instance; };
struct _DemoGenre   { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (DemoWriter, demo_writer, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (DemoNovel, demo_novel, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (DemoProfile, demo_profile, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (DemoGenre, demo_genre, MIKRO_TYPE_ENTITY)

static void demo_writer_init (DemoWriter *self) { }
static void demo_novel_init (DemoNovel *self) { }
static void demo_profile_init (DemoProfile *self) { }
static void demo_genre_init (DemoGenre *self) { }

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void install_properties (GObjectClass *object_class,
                                GParamSpec   *first,
                                ...) G_GNUC_NULL_TERMINATED;

/* Installs the properties, from 1; no schema: the JSON file describes it. */
static void
install_properties (GObjectClass *object_class,
                    GParamSpec   *first,
                    ...)
{
  va_list args;
  guint id = 1;

  test_store_class_init (object_class);

  va_start (args, first);
  for (GParamSpec *pspec = first; pspec != NULL; pspec = va_arg (args, GParamSpec *))
    g_object_class_install_property (object_class, id++, pspec);
  va_end (args);
}

static void
demo_writer_class_init (DemoWriterClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW),
                      g_param_spec_string ("name", NULL, NULL, NULL, RW),
                      g_param_spec_object ("novels", NULL, NULL, MIKRO_TYPE_COLLECTION, RW),
                      g_param_spec_object ("profile", NULL, NULL, DEMO_TYPE_PROFILE, RW),
                      NULL);
}

static void
demo_novel_class_init (DemoNovelClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW),
                      g_param_spec_string ("title", NULL, NULL, NULL, RW),
                      g_param_spec_object ("writer", NULL, NULL, DEMO_TYPE_WRITER, RW),
                      g_param_spec_object ("genres", NULL, NULL, MIKRO_TYPE_COLLECTION, RW),
                      NULL);
}

static void
demo_profile_class_init (DemoProfileClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW),
                      g_param_spec_string ("bio", NULL, NULL, NULL, RW),
                      g_param_spec_object ("writer", NULL, NULL, DEMO_TYPE_WRITER, RW),
                      NULL);
}

static void
demo_genre_class_init (DemoGenreClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW),
                      g_param_spec_string ("name", NULL, NULL, NULL, RW),
                      g_param_spec_object ("novels", NULL, NULL, MIKRO_TYPE_COLLECTION, RW),
                      NULL);
}

/* The types of the third fixture, inheritance.json:
 *
 *   DemoStamped             an abstract base (a GType-abstract class too):
 *     └ DemoCompany         id and label, in table "company"
 *   DemoPerson              the root of a single-table hierarchy, "person"
 *     ├ DemoEmployee        adds salary
 *     └ DemoCustomer        adds nothing
 *   DemoAddress             an embeddable, a plain GObject, which
 *                           DemoCompany embeds twice: "office" inline,
 *                           "billing" as one JSON column */

#define DEMO_TYPE_STAMPED (demo_stamped_get_type ())
G_DECLARE_DERIVABLE_TYPE (DemoStamped, demo_stamped, DEMO, STAMPED, MikroEntity)
struct _DemoStampedClass { MikroEntityClass parent_class; };
#define DEMO_TYPE_COMPANY (demo_company_get_type ())
G_DECLARE_FINAL_TYPE (DemoCompany, demo_company, DEMO, COMPANY, DemoStamped)
#define DEMO_TYPE_PERSON (demo_person_get_type ())
G_DECLARE_DERIVABLE_TYPE (DemoPerson, demo_person, DEMO, PERSON, MikroEntity)
struct _DemoPersonClass { MikroEntityClass parent_class; };
#define DEMO_TYPE_EMPLOYEE (demo_employee_get_type ())
G_DECLARE_FINAL_TYPE (DemoEmployee, demo_employee, DEMO, EMPLOYEE, DemoPerson)
#define DEMO_TYPE_CUSTOMER (demo_customer_get_type ())
G_DECLARE_FINAL_TYPE (DemoCustomer, demo_customer, DEMO, CUSTOMER, DemoPerson)
#define DEMO_TYPE_ADDRESS (demo_address_get_type ())
G_DECLARE_FINAL_TYPE (DemoAddress, demo_address, DEMO, ADDRESS, GObject)

struct _DemoCompany      { DemoStamped parent_instance; };
struct _DemoEmployee     { DemoPerson parent_instance; };
struct _DemoCustomer     { DemoPerson parent_instance; };
struct _DemoAddress      { GObject parent_instance; };

G_DEFINE_ABSTRACT_TYPE (DemoStamped, demo_stamped, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (DemoCompany, demo_company, DEMO_TYPE_STAMPED)
G_DEFINE_TYPE (DemoPerson, demo_person, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (DemoEmployee, demo_employee, DEMO_TYPE_PERSON)
G_DEFINE_FINAL_TYPE (DemoCustomer, demo_customer, DEMO_TYPE_PERSON)
G_DEFINE_FINAL_TYPE (DemoAddress, demo_address, G_TYPE_OBJECT)

static void demo_stamped_init (DemoStamped *self) { }
static void demo_company_init (DemoCompany *self) { }
static void demo_person_init (DemoPerson *self) { }
static void demo_employee_init (DemoEmployee *self) { }
static void demo_customer_init (DemoCustomer *self) { }
static void demo_address_init (DemoAddress *self) { }

static void
demo_stamped_class_init (DemoStampedClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW),
                      g_param_spec_string ("label", NULL, NULL, NULL, RW),
                      NULL);
}

/* "billing" holds any object: "embedded" names its type */
static void
demo_company_class_init (DemoCompanyClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_string ("name", NULL, NULL, NULL, RW),
                      g_param_spec_object ("office", NULL, NULL, DEMO_TYPE_ADDRESS, RW),
                      g_param_spec_object ("billing", NULL, NULL, G_TYPE_OBJECT, RW),
                      NULL);
}

static void
demo_person_class_init (DemoPersonClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW),
                      g_param_spec_string ("name", NULL, NULL, NULL, RW),
                      NULL);
}

static void
demo_employee_class_init (DemoEmployeeClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_int ("salary", NULL, NULL, 0, G_MAXINT, 0, RW),
                      NULL);
}

static void
demo_customer_class_init (DemoCustomerClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
}

static void
demo_address_class_init (DemoAddressClass *klass)
{
  install_properties (G_OBJECT_CLASS (klass),
                      g_param_spec_string ("street", NULL, NULL, NULL, RW),
                      g_param_spec_string ("city", NULL, NULL, NULL, RW),
                      NULL);
}

static void
ensure_inheritance_types (void)
{
  g_type_ensure (DEMO_TYPE_STAMPED);
  g_type_ensure (DEMO_TYPE_COMPANY);
  g_type_ensure (DEMO_TYPE_PERSON);
  g_type_ensure (DEMO_TYPE_EMPLOYEE);
  g_type_ensure (DEMO_TYPE_CUSTOMER);
  g_type_ensure (DEMO_TYPE_ADDRESS);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
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

  g_error ("no element is named “%s”", name);
}

static void
assert_column (JsonObject *table,
               const char *name,
               const char *type,
               gboolean    nullable,
               const char *default_sql)
{
  JsonObject *column = find_named (json_object_get_array_member (table, "columns"), name);

  g_assert_cmpstr (json_object_get_string_member (column, "type"), ==, type);
  g_assert_cmpint (json_object_get_boolean_member (column, "nullable"), ==, nullable);
  if (default_sql == NULL)
    g_assert_true (json_object_get_null_member (column, "default"));
  else
    g_assert_cmpstr (json_object_get_string_member (column, "default"), ==, default_sql);
}

static void
assert_index (JsonObject *table,
              const char *name,
              const char *columns,
              gboolean    unique)
{
  JsonObject *index = find_named (json_object_get_array_member (table, "indexes"), name);
  JsonArray *array = json_object_get_array_member (index, "columns");
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "," : "", json_array_get_string_element (array, i));
  g_assert_cmpstr (joined->str, ==, columns);
  g_assert_cmpint (json_object_get_boolean_member (index, "unique"), ==, unique);
}

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
          g_strcmp0 (json_array_get_string_element (columns, 0), column) == 0)
        return key;
    }

  g_error ("no foreign key on “%s”", column);
}

static void
check_author_metadata (MikroEntityMetadata *meta)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GListModel) props = mikro_entity_metadata_list_properties (meta);
  MikroProperty *prop;

  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "author");
  g_assert_cmpuint (g_list_model_get_n_items (props), ==, 9);

  prop = mikro_entity_metadata_get_primary_key (meta);
  g_assert_cmpstr (mikro_property_get_name (prop), ==, "id");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);

  prop = mikro_entity_metadata_find_property (meta, "name");
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "name");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NONE);
  g_assert_false (mikro_property_get_default (prop, &value));

  prop = mikro_entity_metadata_find_property (meta, "email");
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "email_address");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_UNIQUE);
  g_assert_cmpuint (mikro_property_get_length (prop), ==, 100);

  prop = mikro_entity_metadata_find_property (meta, "born");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NULLABLE);

  /* a JSON integer is a gint64 default */
  prop = mikro_entity_metadata_find_property (meta, "price");
  g_assert_cmpuint (mikro_property_get_precision (prop), ==, 10);
  g_assert_cmpuint (mikro_property_get_scale (prop), ==, 2);
  g_assert_true (mikro_property_get_default (prop, &value));
  g_assert_true (G_VALUE_HOLDS_INT64 (&value));
  g_assert_cmpint (g_value_get_int64 (&value), ==, 0);
  g_value_unset (&value);

  prop = mikro_entity_metadata_find_property (meta, "created-at");
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "created_at");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NULLABLE);
  g_assert_cmpstr (mikro_property_get_default_raw (prop), ==, "current_timestamp");
  g_assert_false (mikro_property_get_default (prop, &value));

  prop = mikro_entity_metadata_find_property (meta, "status");
  g_assert_cmpint (mikro_property_get_enum_mode (prop), ==, MIKRO_ENUM_MODE_INTEGER);
  g_assert_true (mikro_property_get_value_type (prop) == DEMO_TYPE_STATUS);

  prop = mikro_entity_metadata_find_property (meta, "notes");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_VIRTUAL | MIKRO_PROPERTY_HIDDEN);
  g_assert_cmpstr (mikro_property_get_serialized_name (prop), ==, "remarks");

  prop = mikro_entity_metadata_find_property (meta, "rating");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_INDEX | MIKRO_PROPERTY_LAZY);
  g_assert_cmpstr (mikro_property_get_column_type (prop), ==, "smallint");
  g_assert_cmpint (mikro_property_get_enum_mode (prop), ==, MIKRO_ENUM_MODE_STRING);
  g_assert_null (mikro_property_get_serialized_name (prop));
}

static void
check_book_metadata (MikroEntityMetadata *meta)
{
  g_auto(GValue) value = G_VALUE_INIT;
  MikroProperty *prop;

  /* no "table": the naming strategy's */
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "demo_book");
  g_assert_null (mikro_entity_schema_get_table (mikro_entity_metadata_get_schema (meta)));

  prop = mikro_entity_metadata_find_property (meta, "title");
  g_assert_cmpuint (mikro_property_get_length (prop), ==, 200);

  prop = mikro_entity_metadata_find_property (meta, "pages");
  g_assert_true (mikro_property_get_default (prop, &value));
  g_assert_cmpint (g_value_get_int64 (&value), ==, 1);

  /* the target is the property's type */
  prop = mikro_entity_metadata_find_property (meta, "author");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_AUTHOR);
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "author_id");
  g_assert_cmpint (mikro_property_get_on_delete (prop), ==, MIKRO_REFERENTIAL_ACTION_CASCADE);
}

static void
check_schema_model (MikroOrm *orm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_autofree char *text = NULL;
  JsonArray *tables;
  JsonObject *author;
  JsonObject *book;

  model = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  text = json_to_string (model, TRUE);
  g_test_message ("%s", text);

  tables = json_object_get_array_member (json_node_get_object (model), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 2);
  author = find_named (tables, "author");
  book = find_named (tables, "demo_book");

  /* the virtual property has no column */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (author, "columns")), ==, 8);
  assert_column (author, "id", "integer", FALSE, NULL);
  assert_column (author, "email_address", "varchar(100)", FALSE, NULL);
  assert_column (author, "born", "timestamp", TRUE, NULL);
  assert_column (author, "price", "numeric(10,2)", FALSE, "0");
  assert_column (author, "created_at", "timestamp", TRUE, "current_timestamp");
  assert_column (author, "status", "integer", FALSE, NULL);
  assert_column (author, "rating", "smallint", FALSE, NULL);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (author, "indexes")), ==, 4);
  assert_index (author, "author_email_address_unique", "email_address", TRUE);
  assert_index (author, "author_rating_index", "rating", FALSE);
  assert_index (author, "author_name_born_idx", "name,born", FALSE);
  assert_index (author, "author_name_email_address_unique", "name,email_address", TRUE);

  g_assert_cmpstr (json_object_get_string_member (find_named (json_object_get_array_member (author, "checks"),
                                                              "author_rating_check"),
                                                  "expression"),
                   ==, "rating >= 0");

  assert_column (book, "title", "varchar(200)", FALSE, NULL);
  assert_column (book, "pages", "integer", FALSE, "1");
  assert_column (book, "author_id", "integer", FALSE, NULL);
  /* SQLite does not name foreign keys */
  g_assert_cmpstr (json_object_get_string_member (find_foreign_key (book, "author_id"), "referenced_table"),
                   ==, "author");
  g_assert_cmpstr (json_object_get_string_member (find_foreign_key (book, "author_id"), "on_delete"),
                   ==, "cascade");
  g_assert_cmpstr (json_object_get_string_member (find_named (json_object_get_array_member (book, "checks"),
                                                              "demo_book_check"),
                                                  "expression"),
                   ==, "pages > 0");
}

static void
check_round_trip (MikroOrm *orm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(MikroEntityManager) em2 = mikro_orm_create_entity_manager (orm);
  g_autoptr(MikroEntity) ann = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) found_book = NULL;
  g_autoptr(MikroEntity) found_author = NULL;
  g_autoptr(GDateTime) born = g_date_time_new_utc (1970, 5, 17, 0, 0, 0);
  g_autoptr(GDateTime) found_born = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *title = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) book_pk = G_VALUE_INIT;
  gint64 id = 0, book_id = 0;
  double price = 0;
  DemoStatus status = DEMO_STATUS_DRAFT;
  int pages = 0;

  ann = g_object_new (DEMO_TYPE_AUTHOR,
                      "name", "Ann",
                      "email", "ann@example.com",
                      "born", born,
                      "price", 12.5,
                      "status", DEMO_STATUS_ACTIVE,
                      "rating", 4,
                      "notes", "not stored",
                      NULL);
  book = g_object_new (DEMO_TYPE_BOOK, "title", "Dune", "pages", 412, "author", ann, NULL);

  mikro_entity_manager_persist (em, ann, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, book, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  g_object_get (ann, "id", &id, NULL);
  g_object_get (book, "id", &book_id, NULL);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (book_id, >, 0);

  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, id);
  found = mikro_entity_manager_find_one (em2, DEMO_TYPE_AUTHOR, &pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (found != ann);
  g_object_get (found,
                "name", &name,
                "email", &email,
                "born", &found_born,
                "price", &price,
                "status", &status,
                NULL);
  g_assert_cmpstr (name, ==, "Ann");
  g_assert_cmpstr (email, ==, "ann@example.com");
  g_assert_nonnull (found_born);
  g_assert_true (g_date_time_equal (found_born, born));
  g_assert_cmpfloat (price, ==, 12.5);
  g_assert_cmpint (status, ==, DEMO_STATUS_ACTIVE);

  g_value_init (&book_pk, G_TYPE_INT64);
  g_value_set_int64 (&book_pk, book_id);
  found_book = mikro_entity_manager_find_one (em2, DEMO_TYPE_BOOK, &book_pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found_book);
  g_object_get (found_book, "title", &title, "pages", &pages, "author", &found_author, NULL);
  g_assert_cmpstr (title, ==, "Dune");
  g_assert_cmpint (pages, ==, 412);
  /* the identity map's author */
  g_assert_true (found_author == found);
}

static void
test_load_and_register (void)
{
  g_autofree char *path = fixture_path ("entities.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  MikroEntitySchema *schema;

  /* Types are found by name once registered. */
  g_type_ensure (DEMO_TYPE_AUTHOR);
  g_type_ensure (DEMO_TYPE_BOOK);

  /* loading does not register */
  schemas = mikro_entity_schema_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schemas->len, ==, 2);
  schema = g_ptr_array_index (schemas, 0);
  g_assert_true (mikro_entity_schema_get_entity_type (schema) == DEMO_TYPE_AUTHOR);
  g_assert_cmpstr (mikro_entity_schema_get_table (schema), ==, "author");
  g_assert_cmpstr (mikro_entity_schema_get_primary_key (schema), ==, "id");
  g_assert_cmpstr (mikro_entity_schema_get_column (schema, "email"), ==, "email_address");
  g_assert_null (mikro_entity_schema_get_column (schema, "name"));
  g_assert_true (mikro_entity_schema_get_entity_type (g_ptr_array_index (schemas, 1)) == DEMO_TYPE_BOOK);
  g_assert_true (mikro_entity_schema_lookup (DEMO_TYPE_AUTHOR) != schema);

  mikro_entity_schema_register_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mikro_entity_schema_lookup (DEMO_TYPE_AUTHOR));
  g_assert_nonnull (mikro_entity_schema_lookup (DEMO_TYPE_BOOK));

  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, DEMO_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, DEMO_TYPE_BOOK, &error);
  g_assert_no_error (error);

  check_author_metadata (mikro_orm_get_metadata (orm, DEMO_TYPE_AUTHOR));
  check_book_metadata (mikro_orm_get_metadata (orm, DEMO_TYPE_BOOK));
  check_schema_model (orm);

  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  check_round_trip (orm);
}

static void
check_relations_schema (MikroOrm *orm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_autofree char *text = NULL;
  JsonArray *tables;
  JsonObject *novel;
  JsonObject *pivot;
  JsonObject *key;

  model = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  text = json_to_string (model, TRUE);
  g_test_message ("%s", text);

  tables = json_object_get_array_member (json_node_get_object (model), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 5);
  find_named (tables, "demo_writer");
  find_named (tables, "demo_genre");

  novel = find_named (tables, "novel");
  key = find_foreign_key (novel, "writer_ref");
  g_assert_cmpstr (json_object_get_string_member (key, "referenced_table"), ==, "demo_writer");
  g_assert_cmpstr (json_object_get_string_member (key, "on_delete"), ==, "cascade");
  g_assert_cmpstr (json_object_get_string_member (key, "on_update"), ==, "restrict");

  key = find_foreign_key (find_named (tables, "demo_profile"), "writer_id");
  g_assert_cmpstr (json_object_get_string_member (key, "on_delete"), ==, "set null");
  g_assert_cmpstr (json_object_get_string_member (key, "on_update"), ==, "no action");

  pivot = find_named (tables, "novel_genres");
  key = find_foreign_key (pivot, "novel");
  g_assert_cmpstr (json_object_get_string_member (key, "referenced_table"), ==, "novel");
  key = find_foreign_key (pivot, "genre");
  g_assert_cmpstr (json_object_get_string_member (key, "referenced_table"), ==, "demo_genre");
}

/* Every relation member of relations.json arrives in the resolved
 * metadata, and the tables are created. */
static void
test_relations (void)
{
  g_autofree char *path = fixture_path ("relations.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  MikroEntityMetadata *meta;
  MikroProperty *prop;

  g_type_ensure (DEMO_TYPE_WRITER);
  g_type_ensure (DEMO_TYPE_NOVEL);
  g_type_ensure (DEMO_TYPE_PROFILE);
  g_type_ensure (DEMO_TYPE_GENRE);

  /* as declared: a to-one relation without "target" takes its property's
   * type only at discovery */
  schemas = mikro_entity_schema_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schemas->len, ==, 4);
  prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "profile");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_ONE_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == G_TYPE_INVALID);
  prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "name");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_NONE);

  mikro_entity_schema_register_from_file (path, &error);
  g_assert_no_error (error);

  /* the writer brings the types it is related to */
  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, DEMO_TYPE_WRITER, &error);
  g_assert_no_error (error);

  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_WRITER);
  g_assert_nonnull (meta);
  prop = mikro_entity_metadata_find_property (meta, "name");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_NONE);

  prop = mikro_entity_metadata_find_property (meta, "novels");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_ONE_TO_MANY);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_NOVEL);
  g_assert_cmpstr (mikro_property_get_mapped_by (prop), ==, "writer");
  g_assert_null (mikro_property_get_inversed_by (prop));
  g_assert_null (mikro_property_get_column (prop));
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_PERSIST | MIKRO_CASCADE_REMOVE);
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_ORPHAN_REMOVAL);

  prop = mikro_entity_metadata_find_property (meta, "profile");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_ONE_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_PROFILE);
  g_assert_cmpstr (mikro_property_get_mapped_by (prop), ==, "writer");
  g_assert_null (mikro_property_get_column (prop));
  /* no "cascade": the default */
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_PERSIST);
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NULLABLE);

  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_NOVEL);
  g_assert_nonnull (meta);
  prop = mikro_entity_metadata_find_property (meta, "writer");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_WRITER);
  g_assert_null (mikro_property_get_mapped_by (prop));
  g_assert_cmpstr (mikro_property_get_inversed_by (prop), ==, "novels");
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "writer_ref");
  g_assert_cmpstr (mikro_property_get_foreign_key_name (prop), ==, "novel_writer_fk");
  g_assert_cmpint (mikro_property_get_on_delete (prop), ==, MIKRO_REFERENTIAL_ACTION_CASCADE);
  g_assert_cmpint (mikro_property_get_on_update (prop), ==, MIKRO_REFERENTIAL_ACTION_RESTRICT);
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_PERSIST);
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_EAGER);

  prop = mikro_entity_metadata_find_property (meta, "genres");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_MANY);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_GENRE);
  g_assert_cmpstr (mikro_property_get_inversed_by (prop), ==, "novels");
  g_assert_cmpstr (mikro_property_get_pivot_table (prop), ==, "novel_genres");
  g_assert_cmpstr (mikro_property_get_join_column (prop), ==, "novel");
  g_assert_cmpstr (mikro_property_get_inverse_join_column (prop), ==, "genre");
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_ALL);
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NONE);

  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_PROFILE);
  g_assert_nonnull (meta);
  prop = mikro_entity_metadata_find_property (meta, "writer");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_ONE_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_WRITER);
  g_assert_cmpstr (mikro_property_get_inversed_by (prop), ==, "profile");
  /* no "column": the naming strategy's */
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "writer_id");
  g_assert_cmpint (mikro_property_get_on_delete (prop), ==, MIKRO_REFERENTIAL_ACTION_SET_NULL);
  g_assert_cmpint (mikro_property_get_on_update (prop), ==, MIKRO_REFERENTIAL_ACTION_NO_ACTION);
  /* an empty array: nothing cascades */
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_NONE);
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NULLABLE);

  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_GENRE);
  g_assert_nonnull (meta);
  prop = mikro_entity_metadata_find_property (meta, "novels");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_MANY);
  g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_NOVEL);
  g_assert_cmpstr (mikro_property_get_mapped_by (prop), ==, "genres");
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_MERGE);
  /* the owner names the pivot table */
  g_assert_null (mikro_property_get_pivot_table (prop));

  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  check_relations_schema (orm);
}

static void
check_inheritance_schema (MikroOrm *orm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_autofree char *text = NULL;
  JsonArray *tables;
  JsonObject *person;
  JsonObject *company;

  model = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  text = json_to_string (model, TRUE);
  g_test_message ("%s", text);

  /* no table for the abstract base, the embeddable or the subtypes */
  tables = json_object_get_array_member (json_node_get_object (model), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 2);

  /* the hierarchy's table: the subtypes' columns are nullable */
  person = find_named (tables, "person");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (person, "columns")), ==, 4);
  assert_column (person, "id", "integer", FALSE, NULL);
  assert_column (person, "kind", "varchar(255)", FALSE, NULL);
  assert_column (person, "name", "varchar(255)", FALSE, NULL);
  assert_column (person, "salary", "integer", TRUE, NULL);
  assert_index (person, "person_kind_index", "kind", FALSE);

  /* the base's columns, one per property of the inline embeddable, and
   * the JSON column */
  company = find_named (tables, "company");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (company, "columns")), ==, 6);
  assert_column (company, "id", "integer", FALSE, NULL);
  assert_column (company, "label", "varchar(255)", FALSE, NULL);
  assert_column (company, "name", "varchar(255)", FALSE, NULL);
  assert_column (company, "office_street", "varchar(255)", TRUE, NULL);
  assert_column (company, "office_city", "varchar(80)", FALSE, NULL);
  /* SQLite keeps JSON as text */
  assert_column (company, "billing_json", "text", TRUE, NULL);
  assert_index (company, "company_label_index", "label", FALSE);
}

/* Every member of inheritance.json arrives in the schemas and the
 * resolved metadata: an abstract base, a single-table hierarchy, an
 * embeddable embedded inline and as an object. */
static void
test_inheritance (void)
{
  g_autofree char *path = fixture_path ("inheritance.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  MikroEntityMetadata *meta;
  MikroEntitySchema *schema;
  MikroProperty *prop;

  ensure_inheritance_types ();

  /* as declared: "embedded": true leaves the type to discovery */
  schemas = mikro_entity_schema_load_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schemas->len, ==, 6);
  schema = g_ptr_array_index (schemas, 2);
  g_assert_true (mikro_entity_schema_get_entity_type (schema) == DEMO_TYPE_COMPANY);
  prop = mikro_entity_schema_find_property (schema, "office");
  g_assert_true (mikro_property_get_embedded (prop) == G_TYPE_INVALID);
  prop = mikro_entity_schema_find_property (schema, "billing");
  g_assert_true (mikro_property_get_embedded (prop) == DEMO_TYPE_ADDRESS);
  prop = mikro_entity_schema_find_property (schema, "name");
  g_assert_true (mikro_property_get_embedded (prop) == G_TYPE_INVALID);
  g_assert_false (mikro_entity_schema_get_abstract (schema));
  g_assert_false (mikro_entity_schema_get_embeddable (schema));
  g_assert_null (mikro_entity_schema_get_discriminator_column (schema));
  g_assert_null (mikro_entity_schema_get_discriminator_value (schema));

  mikro_entity_schema_register_from_file (path, &error);
  g_assert_no_error (error);

  /* the abstract base and the embeddable are schemas, not entities of
   * an ORM */
  schema = mikro_entity_schema_lookup (DEMO_TYPE_STAMPED);
  g_assert_nonnull (schema);
  g_assert_true (mikro_entity_schema_get_abstract (schema));
  g_assert_false (mikro_entity_schema_get_embeddable (schema));
  g_assert_cmpstr (mikro_entity_schema_get_primary_key (schema), ==, "id");

  schema = mikro_entity_schema_lookup (DEMO_TYPE_ADDRESS);
  g_assert_nonnull (schema);
  g_assert_true (mikro_entity_schema_get_embeddable (schema));
  g_assert_false (mikro_entity_schema_get_abstract (schema));
  g_assert_null (mikro_entity_schema_get_table (schema));
  g_assert_cmpint (mikro_entity_schema_get_flags (schema, "street"), ==, MIKRO_PROPERTY_NULLABLE);
  g_assert_cmpuint (mikro_property_get_length (mikro_entity_schema_find_property (schema, "city")), ==, 80);

  /* the company brings its embeddable, an employee its whole hierarchy */
  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, DEMO_TYPE_COMPANY, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, DEMO_TYPE_EMPLOYEE, &error);
  g_assert_no_error (error);
  g_assert_null (mikro_orm_get_metadata (orm, DEMO_TYPE_STAMPED));

  /* the base's properties are the company's */
  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_COMPANY);
  g_assert_nonnull (meta);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "company");
  g_assert_cmpstr (mikro_property_get_name (mikro_entity_metadata_get_primary_key (meta)), ==, "id");
  prop = mikro_entity_metadata_find_property (meta, "label");
  g_assert_nonnull (prop);
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_INDEX);

  prop = mikro_entity_metadata_find_property (meta, "office");
  g_assert_true (mikro_property_get_embedded (prop) == DEMO_TYPE_ADDRESS);
  g_assert_cmpstr (mikro_property_get_prefix (prop), ==, "office_");
  g_assert_false (mikro_property_get_as_object (prop));
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NONE);

  prop = mikro_entity_metadata_find_property (meta, "billing");
  g_assert_true (mikro_property_get_embedded (prop) == DEMO_TYPE_ADDRESS);
  g_assert_null (mikro_property_get_prefix (prop));
  g_assert_true (mikro_property_get_as_object (prop));
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "billing_json");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NULLABLE);

  /* one table for the hierarchy */
  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_PERSON);
  g_assert_nonnull (meta);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "person");
  schema = mikro_entity_metadata_get_schema (meta);
  g_assert_cmpstr (mikro_entity_schema_get_discriminator_column (schema), ==, "kind");
  g_assert_cmpstr (mikro_entity_schema_get_discriminator_value (schema), ==, "person");
  g_assert_false (mikro_entity_schema_get_abstract (schema));

  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_EMPLOYEE);
  g_assert_nonnull (meta);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "person");
  schema = mikro_entity_metadata_get_schema (meta);
  g_assert_null (mikro_entity_schema_get_discriminator_column (schema));
  g_assert_cmpstr (mikro_entity_schema_get_discriminator_value (schema), ==, "employee");
  g_assert_nonnull (mikro_entity_metadata_find_property (meta, "salary"));
  g_assert_nonnull (mikro_entity_metadata_find_property (meta, "name"));

  meta = mikro_orm_get_metadata (orm, DEMO_TYPE_CUSTOMER);
  g_assert_nonnull (meta);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "person");
  schema = mikro_entity_metadata_get_schema (meta);
  g_assert_cmpstr (mikro_entity_schema_get_discriminator_value (schema), ==, "customer");
  g_assert_null (mikro_entity_metadata_find_property (meta, "salary"));

  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  check_inheritance_schema (orm);
}

/* The @nth (from 0) JSON example of the guide's section on JSON files. */
static char *
guide_example (guint nth)
{
  g_autofree char *guide = g_test_build_filename (G_TEST_DIST, "..", "docs", "defining-entities.md", NULL);
  g_autofree char *guide_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *section;
  const char *section_end;
  const char *start;
  const char *end = NULL;

  g_file_get_contents (guide, &guide_text, NULL, &error);
  g_assert_no_error (error);

  section = strstr (guide_text, "\n## Entities in a JSON file\n");
  g_assert_nonnull (section);
  section_end = strstr (section + 1, "\n## ");
  g_assert_nonnull (section_end);

  start = section;
  for (guint i = 0; i <= nth; i++)
    {
      start = strstr (end != NULL ? end : start, "\n```json\n");
      g_assert_nonnull (start);
      g_assert_true (start < section_end);
      start += strlen ("\n```json\n");
      end = strstr (start, "\n```\n");
      g_assert_nonnull (end);
    }

  return g_strndup (start, end - start + 1);
}

/* The fixtures are the examples of the guide, word for word. */
static void
test_docs_example (void)
{
  static const char * const fixtures[] = { "entities.json", "inheritance.json" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *fixture = fixture_path (fixtures[i]);
      g_autofree char *fixture_text = NULL;
      g_autofree char *example = guide_example (i);
      g_autoptr(GError) error = NULL;

      g_file_get_contents (fixture, &fixture_text, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (example, ==, fixture_text);
    }
}

static void
assert_fails (const GError *error,
              int           code,
              const char   *first_part,
              ...) G_GNUC_NULL_TERMINATED;

/* The error names every part: the file, entity, property, member. */
static void
assert_fails (const GError *error,
              int           code,
              const char   *first_part,
              ...)
{
  va_list args;

  g_assert_error (error, MIKRO_ERROR, code);
  g_test_message ("%s", error->message);

  va_start (args, first_part);
  for (const char *part = first_part; part != NULL; part = va_arg (args, const char *))
    if (strstr (error->message, part) == NULL)
      g_error ("“%s” does not name “%s”", error->message, part);
  va_end (args);
}

/* Loads a document given as text, which must be valid JSON. */
static GPtrArray *
load_text (const char  *text,
           GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) root = json_from_string (text, &parse_error);

  g_assert_no_error (parse_error);
  return mikro_entity_schema_load_from_json (root, error);
}

static void
test_missing_file (void)
{
  g_autofree char *path = fixture_path ("no-such-file.json");
  g_autoptr(GError) error = NULL;

  g_assert_false (mikro_entity_schema_register_from_file (path, &error));
  assert_fails (error, MIKRO_ERROR_FAILED, "no-such-file.json", NULL);
}

static void
test_invalid_json (void)
{
  g_autofree char *path = fixture_path ("invalid.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = mikro_entity_schema_load_from_file (path, &error);
  g_assert_null (schemas);
  /* the file and the line of the missing comma */
  assert_fails (error, MIKRO_ERROR_METADATA, "invalid.json:4:", NULL);
}

static void
test_unknown_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoNoSuchType\", \"properties\": [] } ] }", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoNoSuchType", NULL);
}

static void
test_not_an_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_text ("{ \"entities\": [ { \"type\": \"GObject\", \"properties\": [] } ] }", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "GObject", "MikroEntity", NULL);
}

static void
test_unknown_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  g_type_ensure (DEMO_TYPE_AUTHOR);

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"properties\": ["
                       "  { \"name\": \"id\", \"primary\": true },"
                       "  { \"name\": \"email\", \"lenght\": 100 } ] } ] }",
                       &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "email", "lenght", NULL);
  g_clear_error (&error);

  /* and on an entity */
  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"tabel\": \"author\","
                       "  \"properties\": [] } ] }",
                       &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "tabel", NULL);
}

static void
test_wrong_member_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  g_type_ensure (DEMO_TYPE_AUTHOR);

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"properties\": ["
                       "  { \"name\": \"id\", \"primary\": true },"
                       "  { \"name\": \"email\", \"length\": \"long\" } ] } ] }",
                       &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "email", "length", NULL);
  g_clear_error (&error);

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"properties\": ["
                       "  { \"name\": \"id\", \"primary\": \"yes\" } ] } ] }",
                       &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "id", "primary", NULL);
  g_clear_error (&error);

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"properties\": ["
                       "  { \"name\": \"status\", \"enum\": \"ordinal\" } ] } ] }",
                       &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "status", "enum", "ordinal", NULL);
  g_clear_error (&error);

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"properties\": [],"
                       "  \"indexes\": [ { \"name\": \"author_idx\", \"properties\": \"name\" } ] } ] }",
                       &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "author_idx", "properties", NULL);
}

static void
test_property_without_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  g_type_ensure (DEMO_TYPE_AUTHOR);

  schemas = load_text ("{ \"entities\": [ { \"type\": \"DemoAuthor\", \"properties\": ["
                       "  { \"name\": \"id\", \"primary\": true },"
                       "  { \"column\": \"email_address\" } ] } ] }",
                       &error);
  g_assert_null (schemas);
  /* the property is named by its position */
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAuthor", "property 2", "name", NULL);
}

static void
test_missing_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_text ("{ }", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "entities", NULL);
  g_clear_error (&error);

  schemas = load_text ("{ \"entities\": { } }", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "entities", "array", NULL);
  g_clear_error (&error);

  schemas = load_text ("[ ]", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "object", NULL);
}

/* A mistake anywhere in a file registers nothing, and the message begins
 * with the file's name. */
static void
test_nothing_registered (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  MikroEntitySchema *before;
  int fd;

  g_type_ensure (DEMO_TYPE_BOOK);
  before = mikro_entity_schema_lookup (DEMO_TYPE_BOOK);

  fd = g_file_open_tmp ("mikro-schema-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path,
                       "{ \"entities\": ["
                       "  { \"type\": \"DemoBook\", \"properties\": [ { \"name\": \"id\", \"primary\": true } ] },"
                       "  { \"type\": \"DemoNoSuchType\", \"properties\": [] } ] }",
                       -1, &error);
  g_assert_no_error (error);

  g_assert_false (mikro_entity_schema_register_from_file (path, &error));
  basename = g_path_get_basename (path);
  assert_fails (error, MIKRO_ERROR_METADATA, basename, "DemoNoSuchType", NULL);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (mikro_entity_schema_lookup (DEMO_TYPE_BOOK) == before);

  g_unlink (path);
}

/* Loads DemoNovel with one property, given as the members of its object. */
static GPtrArray *
load_novel_property (const char  *members,
                     GError     **error)
{
  g_autofree char *text = NULL;

  g_type_ensure (DEMO_TYPE_NOVEL);
  text = g_strdup_printf ("{ \"entities\": [ { \"type\": \"DemoNovel\", \"properties\": [ { %s } ] } ] }",
                          members);
  return load_text (text, error);
}

/* Each value of "relation", "on_delete", "on_update" and "cascade", and
 * what their absence leaves. */
static void
test_relation_values (void)
{
  static const struct {
    const char        *members;
    MikroRelationKind  kind;
  } kinds[] = {
    { "\"relation\": \"many-to-one\"", MIKRO_RELATION_MANY_TO_ONE },
    { "\"relation\": \"one-to-one\"", MIKRO_RELATION_ONE_TO_ONE },
    { "\"relation\": \"one-to-many\"", MIKRO_RELATION_ONE_TO_MANY },
    { "\"relation\": \"many-to-many\"", MIKRO_RELATION_MANY_TO_MANY },
  };
  static const struct {
    const char             *nick;
    MikroReferentialAction  action;
  } actions[] = {
    { "no-action", MIKRO_REFERENTIAL_ACTION_NO_ACTION },
    { "restrict", MIKRO_REFERENTIAL_ACTION_RESTRICT },
    { "cascade", MIKRO_REFERENTIAL_ACTION_CASCADE },
    { "set-null", MIKRO_REFERENTIAL_ACTION_SET_NULL },
    { "set-default", MIKRO_REFERENTIAL_ACTION_SET_DEFAULT },
  };
  static const struct {
    const char   *array;
    MikroCascade  cascade;
  } cascades[] = {
    { "[]", MIKRO_CASCADE_NONE },
    { "[\"persist\"]", MIKRO_CASCADE_PERSIST },
    { "[\"merge\", \"remove\"]", MIKRO_CASCADE_MERGE | MIKRO_CASCADE_REMOVE },
    { "[\"all\"]", MIKRO_CASCADE_ALL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"writer\", %s", kinds[i].members);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_novel_property (members, &error);
      MikroProperty *prop;

      g_assert_no_error (error);
      prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "writer");
      g_assert_cmpint (mikro_property_get_relation (prop), ==, kinds[i].kind);
      g_assert_true (mikro_property_get_target (prop) == G_TYPE_INVALID);
      g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_PERSIST);
      g_assert_cmpint (mikro_property_get_on_delete (prop), ==, MIKRO_REFERENTIAL_ACTION_DEFAULT);
      g_assert_cmpint (mikro_property_get_on_update (prop), ==, MIKRO_REFERENTIAL_ACTION_DEFAULT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"writer\", \"relation\": \"many-to-one\","
                                                  " \"on_delete\": \"%s\", \"on_update\": \"%s\"",
                                                  actions[i].nick, actions[i].nick);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_novel_property (members, &error);
      MikroProperty *prop;

      g_assert_no_error (error);
      prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "writer");
      g_assert_cmpint (mikro_property_get_on_delete (prop), ==, actions[i].action);
      g_assert_cmpint (mikro_property_get_on_update (prop), ==, actions[i].action);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cascades); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"genres\", \"relation\": \"many-to-many\","
                                                  " \"target\": \"DemoGenre\", \"cascade\": %s",
                                                  cascades[i].array);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = NULL;
      MikroProperty *prop;

      g_type_ensure (DEMO_TYPE_GENRE);
      schemas = load_novel_property (members, &error);
      g_assert_no_error (error);
      prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "genres");
      g_assert_true (mikro_property_get_target (prop) == DEMO_TYPE_GENRE);
      g_assert_cmpint (mikro_property_get_cascade (prop), ==, cascades[i].cascade);
    }
}

static void
test_unknown_relation_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  /* one spelling, the nick's */
  schemas = load_novel_property ("\"name\": \"writer\", \"relation\": \"many_to_one\"", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "writer", "relation", "many_to_one",
                "many-to-one", NULL);
  g_clear_error (&error);

  /* "none" is the absence of "relation" */
  schemas = load_novel_property ("\"name\": \"writer\", \"relation\": \"none\"", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "writer", "relation", "none", NULL);
}

static void
test_unknown_target (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_novel_property ("\"name\": \"genres\", \"relation\": \"many-to-many\","
                                 " \"target\": \"DemoNoSuchType\"",
                                 &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "genres", "target", "DemoNoSuchType", NULL);
}

static void
test_target_not_an_entity (void)
{
  static const char * const targets[] = { "GObject", "DemoStatus", "MikroCollection" };

  g_type_ensure (DEMO_TYPE_STATUS);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"genres\", \"relation\": \"many-to-many\","
                                                  " \"target\": \"%s\"",
                                                  targets[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_novel_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "genres", "target", targets[i],
                    "MikroEntity", NULL);
    }
}

/* Each member of a relation, well formed, on a property without
 * "relation". */
static void
test_relation_member_without_relation (void)
{
  static const struct {
    const char *member;
    const char *value;
  } members[] = {
    { "target", "\"DemoWriter\"" },
    { "mapped_by", "\"novels\"" },
    { "inversed_by", "\"novels\"" },
    { "cascade", "[]" },
    { "on_delete", "\"cascade\"" },
    { "on_update", "\"cascade\"" },
    { "pivot_table", "\"novel_writers\"" },
    { "join_column", "\"novel\"" },
    { "inverse_join_column", "\"writer\"" },
    { "foreign_key_name", "\"novel_writer_fk\"" },
    { "eager", "true" },
    { "orphan_removal", "false" },
  };

  g_type_ensure (DEMO_TYPE_WRITER);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *text = g_strdup_printf ("\"name\": \"writer\", \"%s\": %s",
                                               members[i].member, members[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_novel_property (text, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "writer", members[i].member, "relation", NULL);
    }
}

static void
test_bad_cascade (void)
{
  static const char * const arrays[] = { "[\"persist\", \"delete\"]", "[\"PERSIST\"]", "[\"none\"]" };
  static const char * const values[] = { "delete", "PERSIST", "none" };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"writer\", \"relation\": \"many-to-one\","
                                                  " \"cascade\": %s",
                                                  arrays[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_novel_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "writer", "cascade", values[i], NULL);
    }
}

static void
test_bad_referential_action (void)
{
  static const struct {
    const char *member;
    const char *value;
  } cases[] = {
    { "on_delete", "set_null" },
    { "on_delete", "set null" },
    { "on_delete", "nullify" },
    { "on_update", "default" },
    { "on_update", "CASCADE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"writer\", \"relation\": \"many-to-one\","
                                                  " \"%s\": \"%s\"",
                                                  cases[i].member, cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_novel_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "writer", cases[i].member, cases[i].value,
                    "set-null", NULL);
    }
}

/* Each relation member given a value of the wrong JSON type, on a
 * property that is a relation. */
static void
test_relation_wrong_member_type (void)
{
  static const struct {
    const char *member;
    const char *value;
  } cases[] = {
    { "target", "true" },
    { "target", "\"\"" },
    { "mapped_by", "5" },
    { "inversed_by", "[\"novels\"]" },
    { "pivot_table", "{ }" },
    { "join_column", "null" },
    { "inverse_join_column", "1.5" },
    { "foreign_key_name", "\"\"" },
    { "cascade", "\"persist\"" },
    { "cascade", "[1]" },
    { "cascade", "[[\"persist\"]]" },
    { "on_delete", "2" },
    { "on_update", "[\"cascade\"]" },
    { "eager", "\"yes\"" },
    { "orphan_removal", "1" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"genres\", \"relation\": \"many-to-many\","
                                                  " \"%s\": %s",
                                                  cases[i].member, cases[i].value);

      schemas = load_novel_property (members, &error);
      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "genres", cases[i].member, NULL);
      g_clear_error (&error);
    }

  /* and "relation" itself */
  schemas = load_novel_property ("\"name\": \"genres\", \"relation\": 4", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoNovel", "genres", "relation", NULL);
}

/* Loads one entity of @type, given the members of its object besides
 * "type". */
static GPtrArray *
load_entity_members (const char  *type,
                     const char  *members,
                     GError     **error)
{
  g_autofree char *text = NULL;

  ensure_inheritance_types ();
  text = g_strdup_printf ("{ \"entities\": [ { \"type\": \"%s\", %s } ] }", type, members);
  return load_text (text, error);
}

/* Loads DemoCompany with one property, given as the members of its
 * object. */
static GPtrArray *
load_company_property (const char  *members,
                       GError     **error)
{
  g_autofree char *text = g_strdup_printf ("\"properties\": [ { %s } ]", members);

  return load_entity_members ("DemoCompany", text, error);
}

/* Each form of "embedded", "prefix" and "as_object", and what their
 * absence leaves. */
static void
test_embedded_values (void)
{
  static const struct {
    const char *members;
    gboolean    names_type;   /* else the property's type, found at discovery */
    const char *prefix;
    gboolean    as_object;
  } cases[] = {
    { "\"embedded\": true", FALSE, NULL, FALSE },
    { "\"embedded\": \"DemoAddress\"", TRUE, NULL, FALSE },
    { "\"embedded\": true, \"prefix\": \"hq_\"", FALSE, "hq_", FALSE },
    { "\"embedded\": true, \"as_object\": true", FALSE, NULL, TRUE },
    { "\"embedded\": true, \"as_object\": false", FALSE, NULL, FALSE },
  };

  ensure_inheritance_types ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"office\", %s", cases[i].members);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_company_property (members, &error);
      GType embedded = cases[i].names_type ? DEMO_TYPE_ADDRESS : G_TYPE_INVALID;
      MikroProperty *prop;

      g_assert_no_error (error);
      prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "office");
      g_assert_true (mikro_property_get_embedded (prop) == embedded);
      g_assert_cmpstr (mikro_property_get_prefix (prop), ==, cases[i].prefix);
      g_assert_cmpint (mikro_property_get_as_object (prop), ==, cases[i].as_object);
      g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_NONE);
    }

  /* false is the absence of "embedded": a plain property */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) schemas = load_company_property ("\"name\": \"name\", \"embedded\": false", &error);
    MikroProperty *prop;

    g_assert_no_error (error);
    prop = mikro_entity_schema_find_property (g_ptr_array_index (schemas, 0), "name");
    g_assert_true (mikro_property_get_embedded (prop) == G_TYPE_INVALID);
    g_assert_false (mikro_property_get_as_object (prop));
  }
}

/* "schema": the database schema of the entity's table. */
static void
test_db_schema_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_entity_members ("DemoCompany", "\"table\": \"firm\", \"schema\": \"archive\", \"properties\": []",
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schemas->len, ==, 1);
  g_assert_cmpstr (mikro_entity_schema_get_db_schema (g_ptr_array_index (schemas, 0)), ==, "archive");
  g_clear_pointer (&schemas, g_ptr_array_unref);

  /* absent: the connection's */
  schemas = load_entity_members ("DemoCompany", "\"properties\": []", &error);
  g_assert_no_error (error);
  g_assert_null (mikro_entity_schema_get_db_schema (g_ptr_array_index (schemas, 0)));
  g_clear_pointer (&schemas, g_ptr_array_unref);

  schemas = load_entity_members ("DemoCompany", "\"schema\": 7, \"properties\": []", &error);
  g_assert_null (schemas);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_assert_nonnull (strstr (error->message, "“schema”"));
  g_assert_nonnull (strstr (error->message, "DemoCompany"));
}

/* An embeddable has no table, and no place in a hierarchy. */
static void
test_embeddable_entity_member (void)
{
  static const struct {
    const char *member;
    const char *value;
  } members[] = {
    { "table", "\"address\"" },
    { "schema", "\"archive\"" },
    { "abstract", "true" },
    { "abstract", "false" },
    { "discriminator_column", "\"kind\"" },
    { "discriminator_value", "\"address\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *text = g_strdup_printf ("\"embeddable\": true, \"%s\": %s, \"properties\": []",
                                               members[i].member, members[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_entity_members ("DemoAddress", text, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoAddress", members[i].member, "embeddable", NULL);
    }
}

/* An embeddable's properties hold plain values. */
static void
test_embeddable_property_member (void)
{
  static const struct {
    const char *member;
    const char *value;
  } members[] = {
    { "relation", "\"many-to-one\"" },
    { "embedded", "true" },
    { "embedded", "\"DemoAddress\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *text = g_strdup_printf ("\"embeddable\": true,"
                                               " \"properties\": [ { \"name\": \"city\", \"%s\": %s } ]",
                                               members[i].member, members[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_entity_members ("DemoAddress", text, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoAddress", "city", members[i].member, "embeddable", NULL);
    }
}

static void
test_embeddable_is_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_entity_members ("DemoPerson", "\"embeddable\": true, \"properties\": []", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoPerson", "MikroEntity", "embeddable", NULL);
}

static void
test_embeddable_not_an_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  g_type_ensure (DEMO_TYPE_STATUS);

  schemas = load_entity_members ("DemoStatus", "\"embeddable\": true, \"properties\": []", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoStatus", "GObject", NULL);
}

/* Embedded objects are made when rows are loaded. */
static void
test_embeddable_abstract (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  /* an abstract GObject that is no entity */
  g_type_ensure (MIKRO_TYPE_TYPE);

  schemas = load_entity_members ("MikroType", "\"embeddable\": true, \"properties\": []", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "MikroType", "abstract", "embeddable", NULL);
}

/* A value object given as an entity: "embeddable" is missing. */
static void
test_embeddable_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_entity_members ("DemoAddress", "\"properties\": []", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAddress", "MikroEntity", "embeddable", NULL);
  g_clear_error (&error);

  schemas = load_entity_members ("DemoAddress", "\"embeddable\": false, \"properties\": []", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoAddress", "MikroEntity", "embeddable", NULL);
}

/* A class that cannot be instantiated maps only an abstract base. */
static void
test_abstract_type (void)
{
  static const char * const members[] = {
    "\"properties\": []",
    "\"abstract\": false, \"properties\": []",
    "\"discriminator_column\": \"kind\", \"properties\": []",
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_entity_members ("DemoStamped", members[i], &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoStamped", "abstract", NULL);
    }
}

static void
test_unknown_embedded_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) schemas = NULL;

  schemas = load_company_property ("\"name\": \"office\", \"embedded\": \"DemoNoSuchType\"", &error);
  g_assert_null (schemas);
  assert_fails (error, MIKRO_ERROR_METADATA, "DemoCompany", "office", "embedded", "DemoNoSuchType", NULL);
}

/* An entity is related to, not embedded; and an embeddable is an object. */
static void
test_embedded_type_not_embeddable (void)
{
  static const struct {
    const char *type;
    const char *named;
  } cases[] = {
    { "DemoPerson", "relation" },
    { "MikroEntity", "relation" },
    { "DemoStatus", "GObject" },
    { "gint", "GObject" },
  };

  g_type_ensure (DEMO_TYPE_STATUS);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"office\", \"embedded\": \"%s\"", cases[i].type);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_company_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoCompany", "office", "embedded", cases[i].type,
                    cases[i].named, NULL);
    }
}

/* "prefix" and "as_object", well formed, on a property without
 * "embedded". */
static void
test_embedded_member_without_embedded (void)
{
  static const struct {
    const char *members;
    const char *member;
  } cases[] = {
    { "\"prefix\": \"office_\"", "prefix" },
    { "\"as_object\": true", "as_object" },
    { "\"as_object\": false", "as_object" },
    { "\"embedded\": false, \"prefix\": \"office_\"", "prefix" },
    { "\"relation\": \"many-to-one\", \"as_object\": true", "as_object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"office\", %s", cases[i].members);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_company_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoCompany", "office", cases[i].member, "embedded", NULL);
    }
}

static void
test_embedded_with_relation (void)
{
  static const char * const cases[] = {
    "\"embedded\": true, \"relation\": \"many-to-one\"",
    "\"embedded\": \"DemoAddress\", \"relation\": \"one-to-one\", \"target\": \"DemoPerson\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"office\", %s", cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_company_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoCompany", "office", "embedded", "relation", NULL);
    }
}

/* Each new member given a value of the wrong JSON type. */
static void
test_inheritance_wrong_member_type (void)
{
  static const struct {
    const char *type;
    const char *members;
    const char *member;
  } entity_cases[] = {
    { "DemoStamped", "\"abstract\": \"yes\"", "abstract" },
    { "DemoStamped", "\"abstract\": 1", "abstract" },
    { "DemoPerson", "\"discriminator_column\": \"\"", "discriminator_column" },
    { "DemoPerson", "\"discriminator_column\": [\"kind\"]", "discriminator_column" },
    { "DemoEmployee", "\"discriminator_value\": 5", "discriminator_value" },
    { "DemoEmployee", "\"discriminator_value\": null", "discriminator_value" },
    { "DemoAddress", "\"embeddable\": \"true\"", "embeddable" },
    { "DemoAddress", "\"embeddable\": { }", "embeddable" },
  };
  static const struct {
    const char *members;
    const char *member;
  } property_cases[] = {
    { "\"embedded\": 1", "embedded" },
    { "\"embedded\": \"\"", "embedded" },
    { "\"embedded\": [\"DemoAddress\"]", "embedded" },
    { "\"embedded\": null", "embedded" },
    { "\"embedded\": true, \"prefix\": \"\"", "prefix" },
    { "\"embedded\": true, \"prefix\": true", "prefix" },
    { "\"embedded\": true, \"as_object\": \"yes\"", "as_object" },
    { "\"embedded\": true, \"as_object\": 0", "as_object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entity_cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("%s, \"properties\": []", entity_cases[i].members);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_entity_members (entity_cases[i].type, members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, entity_cases[i].type, entity_cases[i].member, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (property_cases); i++)
    {
      g_autofree char *members = g_strdup_printf ("\"name\": \"office\", %s", property_cases[i].members);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) schemas = load_company_property (members, &error);

      g_assert_null (schemas);
      assert_fails (error, MIKRO_ERROR_METADATA, "DemoCompany", "office", property_cases[i].member, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mikro/schema-json/load-and-register", test_load_and_register);
  g_test_add_func ("/mikro/schema-json/relations", test_relations);
  g_test_add_func ("/mikro/schema-json/db-schema", test_db_schema_member);
  g_test_add_func ("/mikro/schema-json/relation-values", test_relation_values);
  g_test_add_func ("/mikro/schema-json/inheritance", test_inheritance);
  g_test_add_func ("/mikro/schema-json/docs-example", test_docs_example);
  g_test_add_func ("/mikro/schema-json/error/missing-file", test_missing_file);
  g_test_add_func ("/mikro/schema-json/error/invalid-json", test_invalid_json);
  g_test_add_func ("/mikro/schema-json/error/unknown-type", test_unknown_type);
  g_test_add_func ("/mikro/schema-json/error/not-an-entity", test_not_an_entity);
  g_test_add_func ("/mikro/schema-json/error/unknown-member", test_unknown_member);
  g_test_add_func ("/mikro/schema-json/error/wrong-member-type", test_wrong_member_type);
  g_test_add_func ("/mikro/schema-json/error/property-without-name", test_property_without_name);
  g_test_add_func ("/mikro/schema-json/error/missing-entities", test_missing_entities);
  g_test_add_func ("/mikro/schema-json/error/nothing-registered", test_nothing_registered);
  g_test_add_func ("/mikro/schema-json/error/unknown-relation-kind", test_unknown_relation_kind);
  g_test_add_func ("/mikro/schema-json/error/unknown-target", test_unknown_target);
  g_test_add_func ("/mikro/schema-json/error/target-not-an-entity", test_target_not_an_entity);
  g_test_add_func ("/mikro/schema-json/error/relation-member-without-relation",
                   test_relation_member_without_relation);
  g_test_add_func ("/mikro/schema-json/error/bad-cascade", test_bad_cascade);
  g_test_add_func ("/mikro/schema-json/error/bad-referential-action", test_bad_referential_action);
  g_test_add_func ("/mikro/schema-json/error/relation-wrong-member-type", test_relation_wrong_member_type);
  g_test_add_func ("/mikro/schema-json/embedded-values", test_embedded_values);
  g_test_add_func ("/mikro/schema-json/error/embeddable-entity-member", test_embeddable_entity_member);
  g_test_add_func ("/mikro/schema-json/error/embeddable-property-member", test_embeddable_property_member);
  g_test_add_func ("/mikro/schema-json/error/embeddable-is-entity", test_embeddable_is_entity);
  g_test_add_func ("/mikro/schema-json/error/embeddable-not-an-object", test_embeddable_not_an_object);
  g_test_add_func ("/mikro/schema-json/error/embeddable-abstract", test_embeddable_abstract);
  g_test_add_func ("/mikro/schema-json/error/embeddable-missing", test_embeddable_missing);
  g_test_add_func ("/mikro/schema-json/error/abstract-type", test_abstract_type);
  g_test_add_func ("/mikro/schema-json/error/unknown-embedded-type", test_unknown_embedded_type);
  g_test_add_func ("/mikro/schema-json/error/embedded-type-not-embeddable", test_embedded_type_not_embeddable);
  g_test_add_func ("/mikro/schema-json/error/embedded-member-without-embedded",
                   test_embedded_member_without_embedded);
  g_test_add_func ("/mikro/schema-json/error/embedded-with-relation", test_embedded_with_relation);
  g_test_add_func ("/mikro/schema-json/error/inheritance-wrong-member-type", test_inheritance_wrong_member_type);

  return g_test_run ();
}
