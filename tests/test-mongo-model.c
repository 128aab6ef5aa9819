/* test-mongo-model.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The entity model through the MongoDB driver, MikroORM's way: a
 * many-to-one is a field holding the related entity's key (an ObjectId
 * here) with no foreign key behind it, a single-table hierarchy is one
 * collection with a discriminator field, an abstract base lends its
 * properties, and an embedded object is fields of the document (with a
 * prefix) or a sub-document. Checked through the entity manager and in
 * the stored documents themselves. Run with MIKRO_TEST_BACKEND=mongo. */

#include <string.h>

#include <mongoc/mongoc.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
/* MikroORM's serialized primary key: an ObjectId held as its hex string */
#define OBJECT_ID (MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED)

/* ---------------------------------------------------------------------- */
/* Entities                                                                */

/* Every class keeps its values in a table of GValues (see
 * test_store_class_init()); each class installs its own properties, since
 * GObject asks the class that installed a property for its value. */
static void
install (GObjectClass *klass,
         guint         id,
         GParamSpec   *pspec)
{
  test_store_class_init (klass);
  g_object_class_install_property (klass, id, pspec);
}

static GParamSpec *
key_spec (void)
{
  return g_param_spec_string ("id", NULL, NULL, NULL, RW);
}

/* Writer 1 ── n Book, Book.author nullable; Writer 1 ── 1 Profile,
 * Writer.profile owns it (a unique join field, nullable) */
typedef struct { MikroEntity parent_instance; } TestMongoProfile;
typedef struct { MikroEntityClass parent_class; } TestMongoProfileClass;
typedef struct { MikroEntity parent_instance; } TestMongoWriter;
typedef struct { MikroEntityClass parent_class; } TestMongoWriterClass;
typedef struct { MikroEntity parent_instance; } TestMongoBook;
typedef struct { MikroEntityClass parent_class; } TestMongoBookClass;

/* an abstract base, and a single-table hierarchy:
 * Person ← Employee ← Manager, Person ← Customer */
typedef struct { MikroEntity parent_instance; } TestMongoStamped;
typedef struct { MikroEntityClass parent_class; } TestMongoStampedClass;
typedef struct { TestMongoStamped parent_instance; } TestMongoNote;
typedef struct { TestMongoStampedClass parent_class; } TestMongoNoteClass;
typedef struct { MikroEntity parent_instance; } TestMongoPerson;
typedef struct { MikroEntityClass parent_class; } TestMongoPersonClass;
typedef struct { TestMongoPerson parent_instance; } TestMongoEmployee;
typedef struct { TestMongoPersonClass parent_class; } TestMongoEmployeeClass;
typedef struct { TestMongoEmployee parent_instance; } TestMongoManager;
typedef struct { TestMongoEmployeeClass parent_class; } TestMongoManagerClass;
typedef struct { TestMongoPerson parent_instance; } TestMongoCustomer;
typedef struct { TestMongoPersonClass parent_class; } TestMongoCustomerClass;

/* embeddables: an address inline (twice), an amount as a sub-document */
typedef struct { GObject parent_instance; } TestMongoAddress;
typedef struct { GObjectClass parent_class; } TestMongoAddressClass;
typedef struct { GObject parent_instance; } TestMongoMoney;
typedef struct { GObjectClass parent_class; } TestMongoMoneyClass;
typedef struct { MikroEntity parent_instance; } TestMongoCard;
typedef struct { MikroEntityClass parent_class; } TestMongoCardClass;

/* Article n ── m Label, Article.labels owns it: an array of the labels'
 * ObjectIds in the article's document */
typedef struct { MikroEntity parent_instance; } TestMongoArticle;
typedef struct { MikroEntityClass parent_class; } TestMongoArticleClass;
typedef struct { MikroEntity parent_instance; } TestMongoLabel;
typedef struct { MikroEntityClass parent_class; } TestMongoLabelClass;
/* a column in the field of its many-to-many: refused */
typedef struct { MikroEntity parent_instance; } TestMongoClash;
typedef struct { MikroEntityClass parent_class; } TestMongoClashClass;

static GType test_mongo_profile_get_type (void);
static GType test_mongo_writer_get_type (void);
static GType test_mongo_book_get_type (void);
static GType test_mongo_stamped_get_type (void);
static GType test_mongo_note_get_type (void);
static GType test_mongo_person_get_type (void);
static GType test_mongo_employee_get_type (void);
static GType test_mongo_manager_get_type (void);
static GType test_mongo_customer_get_type (void);
static GType test_mongo_address_get_type (void);
static GType test_mongo_money_get_type (void);
static GType test_mongo_card_get_type (void);
static GType test_mongo_article_get_type (void);
static GType test_mongo_label_get_type (void);
static GType test_mongo_clash_get_type (void);

G_DEFINE_TYPE (TestMongoProfile, test_mongo_profile, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoWriter, test_mongo_writer, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoBook, test_mongo_book, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoStamped, test_mongo_stamped, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoNote, test_mongo_note, test_mongo_stamped_get_type ())
G_DEFINE_TYPE (TestMongoPerson, test_mongo_person, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoEmployee, test_mongo_employee, test_mongo_person_get_type ())
G_DEFINE_TYPE (TestMongoManager, test_mongo_manager, test_mongo_employee_get_type ())
G_DEFINE_TYPE (TestMongoCustomer, test_mongo_customer, test_mongo_person_get_type ())
G_DEFINE_TYPE (TestMongoAddress, test_mongo_address, G_TYPE_OBJECT)
G_DEFINE_TYPE (TestMongoMoney, test_mongo_money, G_TYPE_OBJECT)
G_DEFINE_TYPE (TestMongoCard, test_mongo_card, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoArticle, test_mongo_article, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoLabel, test_mongo_label, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestMongoClash, test_mongo_clash, MIKRO_TYPE_ENTITY)

static void
test_mongo_profile_class_init (TestMongoProfileClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_profile");

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("bio", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "bio", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_writer_class_init (TestMongoWriterClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_writer");

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("profile", NULL, NULL, test_mongo_profile_get_type (), RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (schema, "profile", MIKRO_RELATION_ONE_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_book_class_init (TestMongoBookClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_book");

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("title", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("author", NULL, NULL, test_mongo_writer_get_type (), RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (schema, "author", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_stamped_class_init (TestMongoStampedClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("label", NULL, NULL, NULL, RW));
  mikro_entity_schema_set_abstract (schema, TRUE);
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "label", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_note_class_init (TestMongoNoteClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_note");

  install (G_OBJECT_CLASS (klass), 3, g_param_spec_string ("body", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "body", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_person_class_init (TestMongoPersonClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_person");

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  mikro_entity_schema_set_discriminator_column (schema, "kind");
  mikro_entity_schema_set_discriminator_value (schema, "person");
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_employee_class_init (TestMongoEmployeeClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 3, g_param_spec_int ("salary", NULL, NULL, 0, G_MAXINT, 0, RW));
  install (G_OBJECT_CLASS (klass), 4, g_param_spec_object ("mentor", NULL, NULL, test_mongo_person_get_type (), RW));
  mikro_entity_schema_set_discriminator_value (schema, "employee");
  mikro_entity_schema_add_property (schema, "salary", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (schema, "mentor", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

/* no discriminator value: the naming strategy's, test_mongo_manager */
static void
test_mongo_manager_class_init (TestMongoManagerClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 5, g_param_spec_int ("reports", NULL, NULL, 0, G_MAXINT, 0, RW));
  mikro_entity_schema_add_property (schema, "reports", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_customer_class_init (TestMongoCustomerClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);

  install (G_OBJECT_CLASS (klass), 3, g_param_spec_string ("tier", NULL, NULL, NULL, RW));
  mikro_entity_schema_set_discriminator_value (schema, "customer");
  mikro_entity_schema_add_property (schema, "tier", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_address_class_init (TestMongoAddressClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new_for_embeddable (G_TYPE_FROM_CLASS (klass));

  install (G_OBJECT_CLASS (klass), 1, g_param_spec_string ("street", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("city", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_int ("zip", NULL, NULL, 0, G_MAXINT, 0, RW));
  mikro_entity_schema_add_property (schema, "street", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "city", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_add_property (schema, "zip", "postcode", MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_money_class_init (TestMongoMoneyClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new_for_embeddable (G_TYPE_FROM_CLASS (klass));
  MikroProperty *prop;

  install (G_OBJECT_CLASS (klass), 1, g_param_spec_double ("amount", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RW));
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("currency", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "amount", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_property (schema, "currency", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_serialized_name (prop, "cur");
  mikro_entity_schema_register (schema);
}

static void
test_mongo_card_class_init (TestMongoCardClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_card");
  MikroProperty *prop;

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("home", NULL, NULL, test_mongo_address_get_type (), RW));
  install (G_OBJECT_CLASS (klass), 4, g_param_spec_object ("work", NULL, NULL, test_mongo_address_get_type (), RW));
  install (G_OBJECT_CLASS (klass), 5, g_param_spec_object ("balance", NULL, NULL, test_mongo_money_get_type (), RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_embedded (schema, "home", G_TYPE_INVALID, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_embedded (schema, "work", G_TYPE_INVALID, MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_prefix (prop, "office_");
  prop = mikro_entity_schema_add_embedded (schema, "balance", G_TYPE_INVALID, MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_as_object (prop, TRUE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_article_class_init (TestMongoArticleClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_article");
  MikroProperty *prop;

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("title", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("labels", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "labels", MIKRO_RELATION_MANY_TO_MANY,
                                           test_mongo_label_get_type (), MIKRO_PROPERTY_NONE);
  mikro_property_set_inversed_by (prop, "articles");
  mikro_entity_schema_register (schema);
}

static void
test_mongo_label_class_init (TestMongoLabelClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_label");
  MikroProperty *prop;

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("articles", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "articles", MIKRO_RELATION_MANY_TO_MANY,
                                           test_mongo_article_get_type (), MIKRO_PROPERTY_NONE);
  mikro_property_set_mapped_by (prop, "labels");
  mikro_entity_schema_register (schema);
}

static void
test_mongo_clash_class_init (TestMongoClashClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "mm_clash");

  install (G_OBJECT_CLASS (klass), 1, key_spec ());
  install (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("note", NULL, NULL, NULL, RW));
  install (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("labels", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, OBJECT_ID);
  mikro_entity_schema_add_property (schema, "note", "labels", MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_add_relation (schema, "labels", MIKRO_RELATION_MANY_TO_MANY,
                                    test_mongo_label_get_type (), MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void test_mongo_clash_init (TestMongoClash *self) { }
static void test_mongo_article_init (TestMongoArticle *self) { }
static void test_mongo_label_init (TestMongoLabel *self) { }
static void test_mongo_profile_init (TestMongoProfile *self) { }
static void test_mongo_writer_init (TestMongoWriter *self) { }
static void test_mongo_book_init (TestMongoBook *self) { }
static void test_mongo_stamped_init (TestMongoStamped *self) { }
static void test_mongo_note_init (TestMongoNote *self) { }
static void test_mongo_person_init (TestMongoPerson *self) { }
static void test_mongo_employee_init (TestMongoEmployee *self) { }
static void test_mongo_manager_init (TestMongoManager *self) { }
static void test_mongo_customer_init (TestMongoCustomer *self) { }
static void test_mongo_address_init (TestMongoAddress *self) { }
static void test_mongo_money_init (TestMongoMoney *self) { }
static void test_mongo_card_init (TestMongoCard *self) { }

/* ---------------------------------------------------------------------- */
/* Fixture                                                                 */

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
  g_type_ensure (test_mongo_manager_get_type ());
  g_type_ensure (test_mongo_customer_get_type ());

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  /* adding the book adds its author's type */
  mikro_orm_add_entity (fixture->orm, test_mongo_book_get_type (), &error);
  g_assert_no_error (error);
  /* adding one type of the hierarchy adds them all */
  mikro_orm_add_entity (fixture->orm, test_mongo_employee_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_mongo_note_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_mongo_card_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_mongo_article_get_type (), &error);
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
  mikro_orm_close (fixture->orm);
  g_clear_object (&fixture->orm);
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static char *
get_id (gpointer entity)
{
  char *id = NULL;

  g_object_get (entity, "id", &id, NULL);
  return id;
}

static char *
get_string (gpointer    object,
            const char *property)
{
  char *value = NULL;

  g_object_get (object, property, &value, NULL);
  return value;
}

static void
assert_object_id (const char *id)
{
  g_assert_nonnull (id);
  g_assert_cmpuint (strlen (id), ==, 24);
  g_assert_true (bson_oid_is_valid (id, strlen (id)));
}

static char *
new_object_id (void)
{
  bson_oid_t oid;
  char hex[25];

  bson_oid_init (&oid, NULL);
  bson_oid_to_string (&oid, hex);
  return g_strdup (hex);
}

static MikroEntity *
find_by_key (MikroEntityManager *em,
             GType               type,
             const char         *id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroEntity *entity;

  g_value_init (&key, G_TYPE_STRING);
  g_value_set_string (&key, id);
  entity = mikro_entity_manager_find_one (em, type, &key, &error);
  g_assert_no_error (error);
  return entity;
}

static MikroEntity *
reference (MikroEntityManager *em,
           GType               type,
           const char         *id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroEntity *entity;

  g_value_init (&key, G_TYPE_STRING);
  g_value_set_string (&key, id);
  entity = mikro_entity_manager_get_reference (em, type, &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return entity;
}

static gint64
count (MikroEntityManager *em,
       GType               type,
       const char         *filter)
{
  g_autoptr(GError) error = NULL;
  gint64 n = mikro_entity_manager_count (em, type, filter, &error);

  g_assert_no_error (error);
  return n;
}

static void
flush (MikroEntityManager *em)
{
  g_autoptr(GError) error = NULL;

  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
}

static void
persist (MikroEntityManager *em,
         gpointer            entity)
{
  g_autoptr(GError) error = NULL;

  mikro_entity_manager_persist (em, entity, &error);
  g_assert_no_error (error);
}

/* The position of the first captured command holding both @a and @b
 * (NULL: anything), or -1. */
static int
statement_index (const char *a,
                 const char *b)
{
  for (guint i = 0; i < test_statements->len; i++)
    {
      const char *command = g_ptr_array_index (test_statements, i);

      if (strstr (command, a) != NULL && (b == NULL || strstr (command, b) != NULL))
        return i;
    }
  return -1;
}

static guint
statement_count (const char *a,
                 const char *b)
{
  guint n = 0;

  for (guint i = 0; i < test_statements->len; i++)
    {
      const char *command = g_ptr_array_index (test_statements, i);

      if (strstr (command, a) != NULL && (b == NULL || strstr (command, b) != NULL))
        n++;
    }
  return n;
}

/* The commands that read or write documents: on a replica set a flush
 * also starts and commits a transaction. */
static guint
document_command_count (void)
{
  return test_statements->len - statement_count ("Transaction(", NULL);
}

/* An update as the driver sends it: updateOne in a server transaction,
 * findAndModify when it keeps an undo log (FerretDB, standalone). */
static guint
update_count (const char *collection)
{
  g_autofree char *update_one = g_strdup_printf ("db.%s.updateOne(", collection);
  g_autofree char *find_and_modify = g_strdup_printf ("\"findAndModify\" : \"%s\"", collection);

  return statement_count (update_one, NULL) + statement_count (find_and_modify, "\"update\"");
}

static const char *
find_update (const char *collection)
{
  g_autofree char *update_one = g_strdup_printf ("db.%s.updateOne(", collection);
  g_autofree char *find_and_modify = g_strdup_printf ("\"findAndModify\" : \"%s\"", collection);
  int i = statement_index (update_one, NULL);

  if (i < 0)
    i = statement_index (find_and_modify, "\"update\"");
  return i >= 0 ? g_ptr_array_index (test_statements, i) : NULL;
}

/* ---------------------------------------------------------------------- */
/* The stored documents                                                    */

static mongoc_client_t *
new_client (void)
{
  bson_error_t berr;
  mongoc_uri_t *uri = mongoc_uri_new_with_error (backend.uri, &berr);
  mongoc_client_t *client;

  if (uri == NULL)
    g_error ("%s: %s", backend.uri, berr.message);
  client = mongoc_client_new_from_uri (uri);
  mongoc_uri_destroy (uri);
  g_assert_nonnull (client);

  return client;
}

static mongoc_collection_t *
get_collection (mongoc_client_t *client,
                const char      *name)
{
  mongoc_uri_t *uri = mongoc_uri_new (backend.uri);
  mongoc_collection_t *collection = mongoc_client_get_collection (client, mongoc_uri_get_database (uri), name);

  mongoc_uri_destroy (uri);
  return collection;
}

/* The document with the ObjectId @id in @collection_name, as stored. */
static bson_t *
fetch_document (const char *collection_name,
                const char *id)
{
  mongoc_client_t *client = new_client ();
  mongoc_collection_t *collection = get_collection (client, collection_name);
  mongoc_cursor_t *cursor;
  const bson_t *doc;
  bson_t *copy = NULL;
  bson_t filter = BSON_INITIALIZER;
  bson_oid_t oid;
  bson_error_t berr;

  bson_oid_init_from_string (&oid, id);
  BSON_APPEND_OID (&filter, "_id", &oid);
  cursor = mongoc_collection_find_with_opts (collection, &filter, NULL, NULL);
  if (mongoc_cursor_next (cursor, &doc))
    copy = bson_copy (doc);
  if (mongoc_cursor_error (cursor, &berr))
    g_error ("find: %s", berr.message);

  mongoc_cursor_destroy (cursor);
  bson_destroy (&filter);
  mongoc_collection_destroy (collection);
  mongoc_client_destroy (client);

  if (copy == NULL)
    g_error ("no document %s in %s", id, collection_name);
  {
    char *json = bson_as_relaxed_extended_json (copy, NULL);

    g_test_message ("%s: %s", collection_name, json);
    bson_free (json);
  }
  return copy;
}

/* Inserts @json (relaxed extended JSON) into @collection_name, as another
 * program would. */
static void
insert_document (const char *collection_name,
                 const char *json)
{
  mongoc_client_t *client = new_client ();
  mongoc_collection_t *collection = get_collection (client, collection_name);
  bson_error_t berr;
  bson_t *doc = bson_new_from_json ((const guint8 *) json, -1, &berr);

  if (doc == NULL)
    g_error ("%s: %s", json, berr.message);
  if (!mongoc_collection_insert_one (collection, doc, NULL, NULL, &berr))
    g_error ("insert: %s", berr.message);

  bson_destroy (doc);
  mongoc_collection_destroy (collection);
  mongoc_client_destroy (client);
}

static void
assert_field_type (const bson_t *doc,
                   const char   *field,
                   bson_type_t   type)
{
  bson_iter_t iter;

  if (!bson_iter_init_find (&iter, doc, field))
    g_error ("field “%s” is missing", field);
  if (bson_iter_type (&iter) != type)
    g_error ("field “%s” has BSON type 0x%02x, not 0x%02x", field, bson_iter_type (&iter), type);
}

static void
assert_field_absent (const bson_t *doc,
                     const char   *field)
{
  bson_iter_t iter;

  if (bson_iter_init_find (&iter, doc, field))
    g_error ("field “%s” is there, with BSON type 0x%02x", field, bson_iter_type (&iter));
}

static void
assert_field_oid (const bson_t *doc,
                  const char   *field,
                  const char   *hex)
{
  bson_iter_t iter;
  char got[25];

  assert_field_type (doc, field, BSON_TYPE_OID);
  bson_iter_init_find (&iter, doc, field);
  bson_oid_to_string (bson_iter_oid (&iter), got);
  g_assert_cmpstr (got, ==, hex);
}

static void
assert_field_utf8 (const bson_t *doc,
                   const char   *field,
                   const char   *expected)
{
  bson_iter_t iter;

  assert_field_type (doc, field, BSON_TYPE_UTF8);
  bson_iter_init_find (&iter, doc, field);
  g_assert_cmpstr (bson_iter_utf8 (&iter, NULL), ==, expected);
}

static void
assert_field_int (const bson_t *doc,
                  const char   *field,
                  gint64        expected)
{
  bson_iter_t iter;

  if (!bson_iter_init_find (&iter, doc, field) || !BSON_ITER_HOLDS_NUMBER (&iter))
    g_error ("field “%s” is missing or not a number", field);
  g_assert_cmpint (bson_iter_as_int64 (&iter), ==, expected);
}

/* ---------------------------------------------------------------------- */
/* Many-to-one                                                             */

/* A book persisted alone brings its new author (cascade persist), which
 * is inserted first; the book's join field is the author's ObjectId, and
 * filters on it by key compare with an ObjectId. Loaded again, the author
 * is a reference until its document is loaded, into the same instance. */
static void
test_many_to_one (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) profile = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) orphan = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) loaded_writer = NULL;
  g_autofree char *writer_id = NULL;
  g_autofree char *book_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *author_id = NULL;
  g_autofree char *filter = NULL;
  MikroEntity *author;
  bson_t *doc;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  profile = g_object_new (test_mongo_profile_get_type (), "bio", "Anarres", NULL);
  writer = g_object_new (test_mongo_writer_get_type (), "name", "Ursula", "profile", profile, NULL);
  book = g_object_new (test_mongo_book_get_type (), "title", "The Dispossessed", "author", writer, NULL);
  orphan = g_object_new (test_mongo_book_get_type (), "title", "Anonymous", NULL);
  persist (em, book);
  persist (em, orphan);

  test_capture_start ();
  flush (em);
  test_capture_stop ();

  g_assert_cmpint (mikro_entity_get_state (writer), ==, MIKRO_ENTITY_STATE_MANAGED);
  writer_id = get_id (writer);
  book_id = get_id (book);
  assert_object_id (writer_id);
  assert_object_id (book_id);
  g_assert_cmpuint (statement_count ("insertOne(", NULL), ==, 4);
  g_assert_cmpint (statement_index ("db.mm_profile.insertOne(", NULL), >=, 0);
  g_assert_cmpint (statement_index ("db.mm_profile.insertOne(", NULL), <,
                   statement_index ("db.mm_writer.insertOne(", NULL));
  g_assert_cmpint (statement_index ("db.mm_writer.insertOne(", NULL), >=, 0);
  g_assert_cmpint (statement_index ("db.mm_writer.insertOne(", NULL), <,
                   statement_index ("db.mm_book.insertOne(", "The Dispossessed"));

  /* the join field holds the author's ObjectId; no author, no field */
  doc = fetch_document ("mm_book", book_id);
  assert_field_oid (doc, "author_id", writer_id);
  bson_destroy (doc);
  {
    g_autofree char *profile_id = get_id (profile);

    doc = fetch_document ("mm_writer", writer_id);
    assert_field_oid (doc, "profile_id", profile_id);
    bson_destroy (doc);
  }
  {
    g_autofree char *orphan_id = get_id (orphan);

    doc = fetch_document ("mm_book", orphan_id);
    assert_field_absent (doc, "author_id");
    bson_destroy (doc);
  }

  /* filters by key: the hex string is compared as an ObjectId */
  filter = g_strdup_printf ("{\"author\": \"%s\"}", writer_id);
  g_assert_cmpint (count (em, test_mongo_book_get_type (), filter), ==, 1);
  g_clear_pointer (&filter, g_free);
  filter = g_strdup_printf ("{\"author_id\": \"%s\"}", writer_id);
  g_assert_cmpint (count (em, test_mongo_book_get_type (), filter), ==, 1);
  g_clear_pointer (&filter, g_free);
  filter = g_strdup_printf ("{\"author\": {\"$in\": [\"%s\", null]}}", writer_id);
  g_assert_cmpint (count (em, test_mongo_book_get_type (), filter), ==, 2);
  g_clear_pointer (&filter, g_free);
  filter = g_strdup_printf ("{\"author\": {\"$ne\": \"%s\"}}", writer_id);
  g_assert_cmpint (count (em, test_mongo_book_get_type (), filter), ==, 1);
  g_assert_cmpint (count (em, test_mongo_book_get_type (), "{\"author\": null}"), ==, 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) books = NULL;

    g_clear_pointer (&filter, g_free);
    filter = g_strdup_printf ("{\"author\": \"%s\"}", writer_id);
    books = mikro_entity_manager_find (em, test_mongo_book_get_type (), filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (books), ==, 1);
    {
      g_autoptr(MikroEntity) item = g_list_model_get_item (books, 0);

      g_assert_true (item == book);
    }

    /* a key that is no ObjectId cannot match one: the filter is refused */
    g_assert_cmpint (mikro_entity_manager_count (em, test_mongo_book_get_type (),
                                                 "{\"author\": \"Ursula\"}", &error), ==, -1);
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
    g_test_message ("%s", error->message);
  }

  /* a fresh manager: one query, the author a reference */
  fresh = mikro_entity_manager_fork (em);
  test_capture_start ();
  loaded = find_by_key (fresh, test_mongo_book_get_type (), book_id);
  test_capture_stop ();
  g_assert_nonnull (loaded);
  g_assert_cmpuint (test_statements->len, ==, 1);
  g_assert_true (mikro_entity_is_initialized (loaded));
  author = test_get_object (loaded, "author");
  g_assert_nonnull (author);
  g_assert_true (author != writer);
  g_assert_true (G_OBJECT_TYPE (author) == test_mongo_writer_get_type ());
  author_id = get_id (author);
  g_assert_cmpstr (author_id, ==, writer_id);
  g_assert_false (mikro_entity_is_initialized (author));

  /* loading the reference fills the same instance */
  loaded_writer = find_by_key (fresh, test_mongo_writer_get_type (), writer_id);
  g_assert_true (loaded_writer == author);
  g_assert_true (mikro_entity_is_initialized (author));
  name = get_string (author, "name");
  g_assert_cmpstr (name, ==, "Ursula");
  {
    MikroEntity *loaded_profile = test_get_object (author, "profile");
    g_autofree char *loaded_id = get_id (loaded_profile);
    g_autofree char *profile_id = get_id (profile);

    g_assert_false (mikro_entity_is_initialized (loaded_profile));
    g_assert_cmpstr (loaded_id, ==, profile_id);
  }

  /* the one-to-one's join field is unique, NULLs aside (absent fields
   * stay out of the sparse index) */
  {
    g_autoptr(MikroEntityManager) other = mikro_orm_create_entity_manager (fixture->orm);
    g_autoptr(MikroEntity) loner = g_object_new (test_mongo_writer_get_type (), "name", "Loner", NULL);
    g_autoptr(MikroEntity) hermit = g_object_new (test_mongo_writer_get_type (), "name", "Hermit", NULL);
    g_autoptr(MikroEntity) impostor = NULL;
    g_autoptr(MikroEntity) shared = NULL;
    g_autofree char *profile_id = get_id (profile);
    g_autoptr(GError) error = NULL;

    persist (other, loner);
    persist (other, hermit);
    flush (other);

    shared = reference (other, test_mongo_profile_get_type (), profile_id);
    impostor = g_object_new (test_mongo_writer_get_type (), "name", "Impostor", "profile", shared, NULL);
    persist (other, impostor);
    g_assert_false (mikro_entity_manager_flush (other, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
    g_test_message ("%s", error->message);
    mikro_entity_manager_clear (other);
  }

  /* and a second book by her points at it too */
  {
    g_autoptr(MikroEntity) second = g_object_new (test_mongo_book_get_type (), "title", "The Lathe of Heaven",
                                                  "author", loaded_writer, NULL);
    g_autoptr(GListModel) books = NULL;
    g_autoptr(GError) error = NULL;

    persist (fresh, second);
    flush (fresh);
    books = mikro_entity_manager_find (fresh, test_mongo_book_get_type (), filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (books), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(MikroEntity) item = g_list_model_get_item (books, i);

        g_assert_true (test_get_object (item, "author") == author);
      }
  }
}

/* Changing a book's author to a new writer inserts her first and sets the
 * join field to her ObjectId; clearing it removes the field; a reference
 * is set without a query; and with no foreign keys a key no document has
 * is stored like any other and loads as a reference to nothing. */
static void
test_update_relation (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) writer = NULL;
  g_autoptr(MikroEntity) other = NULL;
  g_autoptr(MikroEntity) book = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) ref = NULL;
  g_autofree char *writer_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *book_id = NULL;
  g_autofree char *ghost_id = new_object_id ();
  bson_t *doc;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  writer = g_object_new (test_mongo_writer_get_type (), "name", "Ted", NULL);
  book = g_object_new (test_mongo_book_get_type (), "title", "Exhalation", "author", writer, NULL);
  persist (em, book);
  flush (em);
  writer_id = get_id (writer);
  book_id = get_id (book);

  /* to a new writer */
  other = g_object_new (test_mongo_writer_get_type (), "name", "Chiang", NULL);
  g_object_set (book, "author", other, NULL);
  test_capture_start ();
  flush (em);
  test_capture_stop ();
  g_assert_cmpint (mikro_entity_get_state (other), ==, MIKRO_ENTITY_STATE_MANAGED);
  other_id = get_id (other);
  assert_object_id (other_id);
  g_assert_cmpuint (update_count ("mm_book"), ==, 1);
  g_assert_cmpint (statement_index ("db.mm_writer.insertOne(", NULL), >=, 0);
  g_assert_nonnull (find_update ("mm_book"));
  g_assert_cmpint (statement_index ("db.mm_writer.insertOne(", NULL), <,
                   statement_index (find_update ("mm_book"), NULL));
  doc = fetch_document ("mm_book", book_id);
  assert_field_oid (doc, "author_id", other_id);
  bson_destroy (doc);

  fresh = mikro_entity_manager_fork (em);
  loaded = find_by_key (fresh, test_mongo_book_get_type (), book_id);
  {
    g_autofree char *id = get_id (test_get_object (loaded, "author"));

    g_assert_cmpstr (id, ==, other_id);
  }
  g_clear_object (&loaded);
  g_clear_object (&fresh);

  /* to none: the field goes */
  g_object_set (book, "author", NULL, NULL);
  test_capture_start ();
  flush (em);
  test_capture_stop ();
  g_assert_cmpuint (update_count ("mm_book"), ==, 1);
  g_assert_nonnull (strstr (find_update ("mm_book"), "$unset"));
  doc = fetch_document ("mm_book", book_id);
  assert_field_absent (doc, "author_id");
  bson_destroy (doc);
  g_assert_cmpint (count (em, test_mongo_book_get_type (), "{\"author\": null}"), ==, 1);

  fresh = mikro_entity_manager_fork (em);
  loaded = find_by_key (fresh, test_mongo_book_get_type (), book_id);
  g_assert_null (test_get_object (loaded, "author"));

  /* back to the first writer through a reference: no query */
  test_capture_start ();
  ref = reference (fresh, test_mongo_writer_get_type (), writer_id);
  g_assert_false (mikro_entity_is_initialized (ref));
  g_object_set (loaded, "author", ref, NULL);
  flush (fresh);
  test_capture_stop ();
  g_assert_cmpuint (statement_count (".find(", NULL), ==, 0);
  g_assert_cmpuint (statement_count ("countDocuments(", NULL), ==, 0);
  g_assert_cmpuint (update_count ("mm_book"), ==, 1);
  g_assert_cmpuint (document_command_count (), ==, 1);
  g_assert_false (mikro_entity_is_initialized (ref));
  doc = fetch_document ("mm_book", book_id);
  assert_field_oid (doc, "author_id", writer_id);
  bson_destroy (doc);

  /* a key no document has: no foreign key refuses it */
  {
    g_autoptr(MikroEntity) ghost = reference (fresh, test_mongo_writer_get_type (), ghost_id);
    g_autoptr(MikroEntityManager) other_em = mikro_orm_create_entity_manager (fixture->orm);
    g_autoptr(MikroEntity) again = NULL;
    MikroEntity *author;
    g_autofree char *id = NULL;

    g_object_set (loaded, "author", ghost, NULL);
    flush (fresh);
    doc = fetch_document ("mm_book", book_id);
    assert_field_oid (doc, "author_id", ghost_id);
    bson_destroy (doc);

    again = find_by_key (other_em, test_mongo_book_get_type (), book_id);
    author = test_get_object (again, "author");
    g_assert_nonnull (author);
    g_assert_false (mikro_entity_is_initialized (author));
    id = get_id (author);
    g_assert_cmpstr (id, ==, ghost_id);
    g_assert_null (find_by_key (other_em, test_mongo_writer_get_type (), ghost_id));
  }

  /* a key that is no ObjectId cannot be written: the flush fails and
   * stays pending */
  {
    g_autoptr(MikroEntity) bad = reference (fresh, test_mongo_writer_get_type (), "not-an-object-id");

    g_object_set (loaded, "author", bad, NULL);
    g_assert_false (mikro_entity_manager_flush (fresh, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
    g_assert_nonnull (strstr (error->message, "not-an-object-id"));
    g_clear_error (&error);
    g_assert_true (mikro_entity_is_dirty (loaded));
    g_object_set (loaded, "author", ref, NULL);
    flush (fresh);
    doc = fetch_document ("mm_book", book_id);
    assert_field_oid (doc, "author_id", writer_id);
    bson_destroy (doc);
  }
}

/* ---------------------------------------------------------------------- */
/* Inheritance                                                             */

static void
assert_person (MikroEntityManager *em,
               const char         *id,
               GType               type)
{
  g_autoptr(MikroEntity) entity = find_by_key (em, test_mongo_person_get_type (), id);

  g_assert_nonnull (entity);
  g_assert_true (G_OBJECT_TYPE (entity) == type);
}

/* The hierarchy is one collection whose documents carry their type in
 * the discriminator field; a query on a type finds it and the types
 * deriving from it, as the types they are. The abstract base's
 * properties are the note's. */
static void
test_inheritance (Fixture       *fixture,
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
  g_autofree char *person_id = NULL;
  g_autofree char *employee_id = NULL;
  g_autofree char *manager_id = NULL;
  g_autofree char *customer_id = NULL;
  g_autofree char *note_id = NULL;
  MikroEntity *loaded_manager = NULL;
  bson_t *doc;

  if (fixture->orm == NULL)
    return;

  g_assert_cmpstr (mikro_entity_metadata_get_table (mikro_orm_get_metadata (fixture->orm, test_mongo_manager_get_type ())),
                   ==, "mm_person");

  em = mikro_orm_create_entity_manager (fixture->orm);
  person = g_object_new (test_mongo_person_get_type (), "name", "Pat", NULL);
  manager = g_object_new (test_mongo_manager_get_type (), "name", "Morgan", "salary", 9000, "reports", 4, NULL);
  employee = g_object_new (test_mongo_employee_get_type (), "name", "Eli", "salary", 5000, "mentor", manager, NULL);
  customer = g_object_new (test_mongo_customer_get_type (), "name", "Cleo", "tier", "gold", NULL);
  note = g_object_new (test_mongo_note_get_type (), "label", "todo", "body", "write tests", NULL);
  persist (em, person);
  persist (em, employee);
  persist (em, customer);
  persist (em, note);

  test_capture_start ();
  flush (em);
  test_capture_stop ();
  /* one collection for the hierarchy; the manager (reached through the
   * employee's mentor) before the employee */
  g_assert_cmpuint (statement_count ("db.mm_person.insertOne(", NULL), ==, 4);
  g_assert_cmpuint (statement_count ("db.mm_note.insertOne(", NULL), ==, 1);
  g_assert_cmpuint (statement_count ("insertOne(", NULL), ==, 5);
  g_assert_cmpint (statement_index ("insertOne(", "Morgan"), <, statement_index ("insertOne(", "Eli"));

  person_id = get_id (person);
  employee_id = get_id (employee);
  manager_id = get_id (manager);
  customer_id = get_id (customer);
  note_id = get_id (note);
  assert_object_id (manager_id);
  assert_object_id (note_id);

  /* the documents: the discriminator, and each type's own fields */
  doc = fetch_document ("mm_person", person_id);
  assert_field_utf8 (doc, "kind", "person");
  assert_field_absent (doc, "salary");
  assert_field_absent (doc, "tier");
  bson_destroy (doc);
  doc = fetch_document ("mm_person", employee_id);
  assert_field_utf8 (doc, "kind", "employee");
  assert_field_int (doc, "salary", 5000);
  assert_field_oid (doc, "mentor_id", manager_id);
  assert_field_absent (doc, "reports");
  bson_destroy (doc);
  doc = fetch_document ("mm_person", manager_id);
  assert_field_utf8 (doc, "kind", "test_mongo_manager");
  assert_field_int (doc, "reports", 4);
  assert_field_absent (doc, "mentor_id");
  bson_destroy (doc);
  doc = fetch_document ("mm_person", customer_id);
  assert_field_utf8 (doc, "kind", "customer");
  assert_field_utf8 (doc, "tier", "gold");
  bson_destroy (doc);
  doc = fetch_document ("mm_note", note_id);
  assert_field_utf8 (doc, "label", "todo");
  assert_field_utf8 (doc, "body", "write tests");
  assert_field_absent (doc, "kind");
  bson_destroy (doc);

  /* the root finds every document, each as its type */
  fresh = mikro_entity_manager_fork (em);
  people = mikro_entity_manager_find (fresh, test_mongo_person_get_type (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(MikroEntity) entity = g_list_model_get_item (people, i);
      g_autofree char *name = get_string (entity, "name");

      if (g_str_equal (name, "Pat"))
        g_assert_true (G_OBJECT_TYPE (entity) == test_mongo_person_get_type ());
      else if (g_str_equal (name, "Eli"))
        {
          int salary = 0;
          MikroEntity *mentor;
          g_autofree char *mentor_id = NULL;

          g_assert_true (G_OBJECT_TYPE (entity) == test_mongo_employee_get_type ());
          g_object_get (entity, "salary", &salary, NULL);
          g_assert_cmpint (salary, ==, 5000);
          mentor = test_get_object (entity, "mentor");
          g_assert_nonnull (mentor);
          mentor_id = get_id (mentor);
          g_assert_cmpstr (mentor_id, ==, manager_id);
        }
      else if (g_str_equal (name, "Morgan"))
        {
          int reports = 0;

          g_assert_true (G_OBJECT_TYPE (entity) == test_mongo_manager_get_type ());
          g_object_get (entity, "reports", &reports, NULL);
          g_assert_cmpint (reports, ==, 4);
          loaded_manager = entity;
        }
      else
        {
          g_autofree char *tier = get_string (entity, "tier");

          g_assert_true (G_OBJECT_TYPE (entity) == test_mongo_customer_get_type ());
          g_assert_cmpstr (tier, ==, "gold");
        }
    }
  g_assert_nonnull (loaded_manager);

  /* a query on a type filters on the discriminator */
  test_capture_start ();
  employees = mikro_entity_manager_find (fresh, test_mongo_employee_get_type (), NULL, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (employees), ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (test_statements, 0), "\"kind\""));
  g_assert_cmpint (count (fresh, test_mongo_manager_get_type (), NULL), ==, 1);
  g_assert_cmpint (count (fresh, test_mongo_employee_get_type (), "{\"salary\": {\"$gt\": 6000}}"), ==, 1);
  g_assert_cmpint (count (fresh, test_mongo_person_get_type (), NULL), ==, 4);
  g_assert_cmpint (count (fresh, test_mongo_customer_get_type (), NULL), ==, 1);
  gold = mikro_entity_manager_find (fresh, test_mongo_customer_get_type (), "{\"tier\": \"gold\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gold), ==, 1);
  /* the discriminator can be filtered on like a field */
  g_assert_cmpint (count (fresh, test_mongo_person_get_type (), "{\"kind\": \"customer\"}"), ==, 1);
  {
    g_autofree char *filter = g_strdup_printf ("{\"mentor\": \"%s\"}", manager_id);

    g_assert_cmpint (count (fresh, test_mongo_employee_get_type (), filter), ==, 1);
  }

  /* one identity map for the hierarchy: the manager by its key through
   * any type is the instance already loaded */
  test_capture_start ();
  by_key = find_by_key (fresh, test_mongo_employee_get_type (), manager_id);
  test_capture_stop ();
  g_assert_true (by_key == loaded_manager);
  g_assert_cmpuint (test_statements->len, ==, 0);
  g_assert_null (find_by_key (fresh, test_mongo_customer_get_type (), manager_id));
  {
    g_autoptr(MikroEntityManager) other = mikro_entity_manager_fork (em);

    /* by key through a subtype: the discriminator and the key. The
     * manager before the employee, whose mentor she is: a reference
     * made from the mentor field would be a TestMongoPerson, and the
     * core fills a reference in rather than replace it. */
    g_assert_null (find_by_key (other, test_mongo_customer_get_type (), employee_id));
    assert_person (other, manager_id, test_mongo_manager_get_type ());
    assert_person (other, employee_id, test_mongo_employee_get_type ());
    assert_person (other, customer_id, test_mongo_customer_get_type ());
    assert_person (other, person_id, test_mongo_person_get_type ());
  }

  /* changes to a type's own fields */
  g_object_set (loaded_manager, "reports", 7, NULL);
  test_capture_start ();
  flush (fresh);
  test_capture_stop ();
  g_assert_cmpuint (update_count ("mm_person"), ==, 1);
  g_assert_nonnull (strstr (find_update ("mm_person"), "reports"));
  doc = fetch_document ("mm_person", manager_id);
  assert_field_int (doc, "reports", 7);
  assert_field_utf8 (doc, "kind", "test_mongo_manager");
  bson_destroy (doc);

  /* the abstract base's properties round-trip in the note's collection */
  {
    g_autoptr(GListModel) notes = mikro_entity_manager_find (fresh, test_mongo_note_get_type (), "{\"label\": \"todo\"}", &error);
    g_autoptr(MikroEntity) loaded = NULL;
    g_autofree char *body = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (notes), ==, 1);
    loaded = g_list_model_get_item (notes, 0);
    body = get_string (loaded, "body");
    g_assert_cmpstr (body, ==, "write tests");
  }

  /* removing the manager leaves the employee's mentor field pointing at
   * nothing, which is no error */
  mikro_entity_manager_remove (fresh, loaded_manager, &error);
  g_assert_no_error (error);
  flush (fresh);
  g_assert_cmpint (count (fresh, test_mongo_employee_get_type (), NULL), ==, 1);
  {
    g_autoptr(MikroEntityManager) other = mikro_entity_manager_fork (em);
    g_autoptr(MikroEntity) eli = find_by_key (other, test_mongo_employee_get_type (), employee_id);
    MikroEntity *mentor = test_get_object (eli, "mentor");

    g_assert_nonnull (mentor);
    g_assert_false (mikro_entity_is_initialized (mentor));
    g_assert_null (find_by_key (other, test_mongo_person_get_type (), manager_id));
  }

  /* a document of a type the hierarchy does not know */
  {
    g_autofree char *stray_id = new_object_id ();
    g_autofree char *json = g_strdup_printf ("{\"_id\": {\"$oid\": \"%s\"}, \"name\": \"X\", \"kind\": \"robot\"}",
                                             stray_id);
    g_autoptr(MikroEntityManager) other = mikro_orm_create_entity_manager (fixture->orm);
    g_auto(GValue) key = G_VALUE_INIT;

    insert_document ("mm_person", json);
    g_value_init (&key, G_TYPE_STRING);
    g_value_set_string (&key, stray_id);
    g_assert_null (mikro_entity_manager_find_one (other, test_mongo_person_get_type (), &key, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
    g_assert_nonnull (strstr (error->message, "robot"));
  }
}

/* Abstract types are not entities of their own. */
static void
test_abstract (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->orm == NULL)
    return;

  g_assert_false (mikro_orm_add_entity (fixture->orm, test_mongo_stamped_get_type (), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_assert_nonnull (strstr (error->message, "TestMongoStamped"));
}

/* ---------------------------------------------------------------------- */
/* Embeddables                                                             */

static MikroEntity *
load_card (MikroOrm   *orm,
           const char *id)
{
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  MikroEntity *entity = find_by_key (em, test_mongo_card_get_type (), id);

  g_assert_nonnull (entity);
  return entity;
}

/* Inline, an embedded object is fields with a prefix and a NULL object
 * no fields; stored whole it is a sub-document. Objects set, replaced,
 * changed in place and cleared are all written by the next flush. */
static void
test_embeddables (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) card = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(GObject) home = g_object_new (test_mongo_address_get_type (), "street", "1 Main St",
                                          "city", "Springfield", "zip", 12345, NULL);
  g_autoptr(GObject) money = g_object_new (test_mongo_money_get_type (), "amount", 12.5, "currency", "EUR", NULL);
  g_autoptr(GObject) office = NULL;
  g_autofree char *card_id = NULL;
  g_autofree char *text = NULL;
  const char *office_fields[] = { "office_street", "office_city", "office_postcode" };
  int zip = 0;
  double amount = 0;
  bson_t *doc;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  card = g_object_new (test_mongo_card_get_type (), "name", "Homer", "home", home, "balance", money, NULL);
  persist (em, card);
  flush (em);
  card_id = get_id (card);

  doc = fetch_document ("mm_card", card_id);
  assert_field_utf8 (doc, "home_street", "1 Main St");
  assert_field_utf8 (doc, "home_city", "Springfield");
  assert_field_int (doc, "home_postcode", 12345);
  for (guint i = 0; i < G_N_ELEMENTS (office_fields); i++)
    assert_field_absent (doc, office_fields[i]);
  assert_field_absent (doc, "home");
  assert_field_absent (doc, "work");
  /* stored whole: a sub-document under the members' serialized names */
  assert_field_type (doc, "balance", BSON_TYPE_DOCUMENT);
  {
    bson_iter_t iter, member;

    bson_iter_init_find (&iter, doc, "balance");
    g_assert_true (bson_iter_recurse (&iter, &member));
    g_assert_true (bson_iter_find (&member, "amount"));
    g_assert_cmpint (bson_iter_type (&member), ==, BSON_TYPE_DOUBLE);
    g_assert_cmpfloat (bson_iter_double (&member), ==, 12.5);
    bson_iter_init_find (&iter, doc, "balance");
    bson_iter_recurse (&iter, &member);
    g_assert_true (bson_iter_find (&member, "cur"));
    g_assert_cmpstr (bson_iter_utf8 (&member, NULL), ==, "EUR");
  }
  bson_destroy (doc);

  loaded = load_card (fixture->orm, card_id);
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

  /* a property of an embedded object changed in place: only its field */
  g_object_set (home, "city", "Shelbyville", NULL);
  g_assert_true (mikro_entity_is_dirty (card));
  test_capture_start ();
  flush (em);
  test_capture_stop ();
  g_assert_cmpuint (update_count ("mm_card"), ==, 1);
  g_assert_nonnull (strstr (find_update ("mm_card"), "home_city"));
  g_assert_null (strstr (find_update ("mm_card"), "home_street"));
  g_assert_null (strstr (find_update ("mm_card"), "office_"));

  /* nothing changed: nothing sent */
  test_capture_start ();
  flush (em);
  test_capture_stop ();
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* an object set where there was none, and the sub-document changed in
   * place */
  office = g_object_new (test_mongo_address_get_type (), "street", "742 Evergreen", "city", "Springfield", "zip", 1, NULL);
  g_object_set (card, "work", office, NULL);
  g_object_set (money, "amount", 99.0, NULL);
  test_capture_start ();
  flush (em);
  test_capture_stop ();
  g_assert_nonnull (strstr (find_update ("mm_card"), "office_street"));
  g_assert_nonnull (strstr (find_update ("mm_card"), "balance"));

  doc = fetch_document ("mm_card", card_id);
  assert_field_utf8 (doc, "home_city", "Shelbyville");
  assert_field_utf8 (doc, "office_street", "742 Evergreen");
  assert_field_int (doc, "office_postcode", 1);
  assert_field_type (doc, "balance", BSON_TYPE_DOCUMENT);
  bson_destroy (doc);

  loaded = load_card (fixture->orm, card_id);
  g_clear_pointer (&text, g_free);
  text = get_string (test_get_object (loaded, "home"), "city");
  g_assert_cmpstr (text, ==, "Shelbyville");
  g_clear_pointer (&text, g_free);
  text = get_string (test_get_object (loaded, "work"), "street");
  g_assert_cmpstr (text, ==, "742 Evergreen");
  g_object_get (test_get_object (loaded, "balance"), "amount", &amount, NULL);
  g_assert_cmpfloat (amount, ==, 99.0);
  g_clear_object (&loaded);

  /* back to no object: the fields go, and it loads as NULL */
  g_object_set (card, "work", NULL, "balance", NULL, NULL);
  test_capture_start ();
  flush (em);
  test_capture_stop ();
  g_assert_nonnull (strstr (find_update ("mm_card"), "$unset"));
  doc = fetch_document ("mm_card", card_id);
  for (guint i = 0; i < G_N_ELEMENTS (office_fields); i++)
    assert_field_absent (doc, office_fields[i]);
  assert_field_absent (doc, "balance");
  assert_field_utf8 (doc, "home_city", "Shelbyville");
  bson_destroy (doc);
  loaded = load_card (fixture->orm, card_id);
  g_assert_null (test_get_object (loaded, "work"));
  g_assert_null (test_get_object (loaded, "balance"));
  g_assert_nonnull (test_get_object (loaded, "home"));

  /* an object replaced by the application is watched too */
  {
    g_autoptr(GObject) moved = g_object_new (test_mongo_address_get_type (), "street", "1 Elm", "city", "Capital", NULL);

    g_object_set (card, "home", moved, NULL);
    flush (em);
    g_object_set (moved, "zip", 777, NULL);
    g_assert_true (mikro_entity_is_dirty (card));
    /* the replaced one no longer counts */
    g_object_set (home, "zip", 1, NULL);
    flush (em);
    g_clear_object (&loaded);
    loaded = load_card (fixture->orm, card_id);
    g_object_get (test_get_object (loaded, "home"), "zip", &zip, NULL);
    g_assert_cmpint (zip, ==, 777);
  }

  /* filters name the fields, or the property paths */
  {
    g_autoptr(GListModel) found = NULL;

    found = mikro_entity_manager_find (em, test_mongo_card_get_type (), "{\"home_city\": \"Capital\"}", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    g_clear_object (&found);
    found = mikro_entity_manager_find (em, test_mongo_card_get_type (), "{\"home.zip\": {\"$gt\": 700}}", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    g_clear_object (&found);
    found = mikro_entity_manager_find (em, test_mongo_card_get_type (), "{\"work.city\": null}", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  }
}

/* Documents other programs wrote: explicit nulls in every field of an
 * embedded object are no object, as absent fields are; one field of an
 * object leaves the others at their defaults; and an object stored whole
 * may be the JSON text a SQL database holds. */
static void
test_embeddables_foreign (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *nulls_id = new_object_id ();
  g_autofree char *text_id = new_object_id ();
  g_autofree char *json = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autofree char *street = NULL;
  g_autofree char *city = NULL;
  g_autofree char *currency = NULL;
  double amount = 0;
  int zip = -1;

  if (fixture->orm == NULL)
    return;

  json = g_strdup_printf ("{\"_id\": {\"$oid\": \"%s\"}, \"name\": \"Nulls\","
                          " \"home_street\": \"s\", \"home_city\": \"c\", \"home_postcode\": 5,"
                          " \"office_street\": null, \"office_city\": null, \"office_postcode\": null,"
                          " \"balance\": null}", nulls_id);
  insert_document ("mm_card", json);
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{\"_id\": {\"$oid\": \"%s\"}, \"name\": \"Text\","
                          " \"home_city\": \"c\","
                          " \"balance\": \"{\\\"amount\\\": 3.5, \\\"cur\\\": \\\"USD\\\"}\"}", text_id);
  insert_document ("mm_card", json);

  loaded = load_card (fixture->orm, nulls_id);
  g_assert_null (test_get_object (loaded, "work"));
  g_assert_null (test_get_object (loaded, "balance"));
  city = get_string (test_get_object (loaded, "home"), "city");
  g_assert_cmpstr (city, ==, "c");
  g_clear_object (&loaded);
  g_clear_pointer (&city, g_free);

  loaded = load_card (fixture->orm, text_id);
  g_assert_null (test_get_object (loaded, "work"));
  g_assert_nonnull (test_get_object (loaded, "home"));
  street = get_string (test_get_object (loaded, "home"), "street");
  city = get_string (test_get_object (loaded, "home"), "city");
  g_object_get (test_get_object (loaded, "home"), "zip", &zip, NULL);
  g_assert_null (street);
  g_assert_cmpstr (city, ==, "c");
  g_assert_cmpint (zip, ==, 0);
  g_assert_nonnull (test_get_object (loaded, "balance"));
  g_object_get (test_get_object (loaded, "balance"), "amount", &amount, "currency", &currency, NULL);
  g_assert_cmpfloat (amount, ==, 3.5);
  g_assert_cmpstr (currency, ==, "USD");
}

/* ---------------------------------------------------------------------- */
/* Schema                                                                  */

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "name"), name) == 0)
      return json_array_get_object_element (array, i);
  return NULL;
}

/* One collection per concrete type outside the hierarchy and one for all
 * of it, with the indexes of the join fields, of the discriminator and of
 * the embedded fields; what the server reports is what the metadata
 * says. */
static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) after_drop = NULL;
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonArray *tables;
  const char *names[] = { "mm_article", "mm_book", "mm_card", "mm_label", "mm_note", "mm_person",
                          "mm_profile", "mm_writer" };
  const struct { const char *table; const char *index; const char *column; gboolean unique; } indexes[] = {
    { "mm_book", "mm_book_author_id_index", "author_id" },
    { "mm_card", "mm_card_home_city_index", "home_city" },
    { "mm_card", "mm_card_office_city_index", "office_city" },
    { "mm_note", "mm_note_label_index", "label" },
    { "mm_person", "mm_person_kind_index", "kind" },
    { "mm_person", "mm_person_mentor_id_index", "mentor_id" },
    { "mm_person", "mm_person_tier_index", "tier" },
    /* a one-to-one owner's join field */
    { "mm_writer", "mm_writer_profile_id_unique", "profile_id", TRUE },
  };

  if (fixture->orm == NULL)
    return;

  /* creating again leaves what exists alone */
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);

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

  tables = json_object_get_array_member (json_node_get_object (actual), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tables, i), "name"),
                     ==, names[i]);
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      JsonObject *table = find_named (tables, indexes[i].table);
      JsonObject *index = find_named (json_object_get_array_member (table, "indexes"), indexes[i].index);
      JsonArray *columns;

      if (index == NULL)
        g_error ("no index %s on %s", indexes[i].index, indexes[i].table);
      columns = json_object_get_array_member (index, "columns");
      g_assert_cmpuint (json_array_get_length (columns), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (columns, 0), ==, indexes[i].column);
      g_assert_cmpint (json_object_get_boolean_member (index, "unique"), ==, indexes[i].unique);
    }
  /* no foreign keys on MongoDB */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (find_named (tables, names[i]),
                                                                           "foreign_keys")), ==, 0);

  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  after_drop = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  tables = json_object_get_array_member (json_node_get_object (after_drop), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 0);
}

/* The ObjectIds of array @field of @doc, as hexadecimal strings. */
static GStrv
object_id_array (const bson_t *doc,
                 const char   *field)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  bson_iter_t iter, items;

  assert_field_type (doc, field, BSON_TYPE_ARRAY);
  bson_iter_init_find (&iter, doc, field);
  g_assert_true (bson_iter_recurse (&iter, &items));
  while (bson_iter_next (&items))
    {
      char hex[25];

      g_assert_cmpint (bson_iter_type (&items), ==, BSON_TYPE_OID);
      bson_oid_to_string (bson_iter_oid (&items), hex);
      g_strv_builder_add (ids, hex);
    }
  return g_strv_builder_end (ids);
}

static gboolean
collection_holds (gpointer    entity,
                  const char *property,
                  gpointer    item)
{
  return mikro_collection_contains (test_get_object (entity, property), G_OBJECT (item));
}

static void
test_many_to_many (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) article = NULL;
  g_autoptr(MikroEntity) fiction = NULL;
  g_autoptr(MikroEntity) classic = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) loaded_fiction = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *fiction_id = NULL;
  g_autofree char *classic_id = NULL;
  g_auto(GStrv) ids = NULL;
  bson_t *doc;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  article = g_object_new (test_mongo_article_get_type (), "title", "Ficciones", NULL);
  fiction = g_object_new (test_mongo_label_get_type (), "name", "Fiction", NULL);
  classic = g_object_new (test_mongo_label_get_type (), "name", "Classic", NULL);
  g_assert_true (mikro_collection_add (test_get_object (article, "labels"), G_OBJECT (fiction)));
  g_assert_true (mikro_collection_add (test_get_object (article, "labels"), G_OBJECT (classic)));
  /* the labels are persisted with the article (cascade persist) */
  mikro_entity_manager_persist (em, article, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  article_id = get_id (article);
  fiction_id = get_id (fiction);
  classic_id = get_id (classic);
  assert_object_id (fiction_id);

  /* MikroORM's layout: the owner holds the targets' ObjectIds */
  doc = fetch_document ("mm_article", article_id);
  ids = object_id_array (doc, "labels");
  bson_destroy (doc);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)ids, fiction_id));
  g_assert_true (g_strv_contains ((const char * const *)ids, classic_id));
  g_clear_pointer (&ids, g_strfreev);

  /* loaded from either side */
  fresh = mikro_orm_create_entity_manager (fixture->orm);
  loaded = find_by_key (fresh, test_mongo_article_get_type (), article_id);
  g_assert_false (mikro_collection_is_initialized (test_get_object (loaded, "labels")));
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "labels", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (test_get_object (loaded, "labels")), ==, 2);
  loaded_fiction = find_by_key (fresh, test_mongo_label_get_type (), fiction_id);
  g_assert_true (collection_holds (loaded, "labels", loaded_fiction));
  g_assert_true (mikro_entity_manager_populate (fresh, loaded_fiction, "articles", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (test_get_object (loaded_fiction, "articles")), ==, 1);
  g_assert_true (collection_holds (loaded_fiction, "articles", loaded));

  /* taken out: pulled from the array, nothing else */
  g_assert_true (mikro_collection_remove (test_get_object (loaded, "labels"), G_OBJECT (loaded_fiction)));
  test_capture_start ();
  mikro_entity_manager_flush (fresh, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_nonnull (test_capture_find ("$pullAll"));
  doc = fetch_document ("mm_article", article_id);
  ids = object_id_array (doc, "labels");
  bson_destroy (doc);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, classic_id);
  /* the label itself stays */
  g_assert_cmpint (mikro_entity_manager_count (fresh, test_mongo_label_get_type (), NULL, &error), ==, 2);
  g_assert_no_error (error);

  /* a column may not take the array's field */
  {
    g_autoptr(MikroOrm) orm = mikro_orm_open (backend.uri, &error);

    g_assert_no_error (error);
    g_assert_true (mikro_orm_add_entity (orm, test_mongo_clash_get_type (), &error));
    g_assert_no_error (error);
    g_assert_false (mikro_orm_create_schema (orm, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
    g_assert_nonnull (strstr (error->message, "“labels”"));
    g_assert_nonnull (strstr (error->message, "“note”"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  test_capture_init ();
  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);
  if (!backend.mongo)
    g_error ("test-mongo-model runs with MIKRO_TEST_BACKEND=mongo, not %s", backend.name);

  mongoc_init ();

#define ADD(path, func) \
  g_test_add ("/mikro/mongo/model/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("many-to-one", test_many_to_one);
  ADD ("update-relation", test_update_relation);
  ADD ("inheritance", test_inheritance);
  ADD ("abstract", test_abstract);
  ADD ("embeddables", test_embeddables);
  ADD ("embeddables-foreign", test_embeddables_foreign);
  ADD ("schema", test_schema);
  ADD ("many-to-many", test_many_to_many);
#undef ADD

  ret = g_test_run ();
  test_backend_clear (&backend);
  mongoc_cleanup ();
  return ret;
}
