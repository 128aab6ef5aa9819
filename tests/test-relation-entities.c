/* test-relation-entities.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-relation-entities.h"

/* The values of an object, one GValue per GParamSpec, found with qdata:
 * test classes need no struct fields of their own. */
static GQuark
store_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("test-store");
  return quark;
}

static void
value_free (gpointer data)
{
  GValue *value = data;

  g_value_unset (value);
  g_free (value);
}

static GValue *
store_lookup (GObject    *object,
              GParamSpec *pspec)
{
  GHashTable *store = g_object_get_qdata (object, store_quark ());
  GValue *value;

  if (store == NULL)
    {
      store = g_hash_table_new_full (NULL, NULL, NULL, value_free);
      g_object_set_qdata_full (object, store_quark (), store, (GDestroyNotify)g_hash_table_unref);
    }

  value = g_hash_table_lookup (store, pspec);
  if (value == NULL)
    {
      value = g_new0 (GValue, 1);
      g_value_init (value, pspec->value_type);
      g_param_value_set_default (pspec, value);
      g_hash_table_insert (store, pspec, value);
    }
  return value;
}

static void
store_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  g_value_copy (store_lookup (object, pspec), value);
}

static void
store_set_property (GObject      *object,
                    guint         prop_id,
                    const GValue *value,
                    GParamSpec   *pspec)
{
  GValue *stored = store_lookup (object, pspec);

  if (g_param_values_cmp (pspec, stored, value) == 0)
    return;
  g_value_copy (value, stored);
  g_object_notify_by_pspec (object, pspec);
}

void
test_store_class_init (GObjectClass *object_class)
{
  object_class->get_property = store_get_property;
  object_class->set_property = store_set_property;
}

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

MikroEntitySchema *
test_named_schema_new (GObjectClass *object_class,
                       const char   *table)
{
  MikroEntitySchema *schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (object_class), table);

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2,
                                   g_param_spec_string ("name", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  return schema;
}

static void
install (GObjectClass *klass,
         GParamSpec   *pspec)
{
  static guint next_id = 1;

  g_object_class_install_property (klass, next_id++, pspec);
}

static GParamSpec *
id_spec (void)
{
  return g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW);
}

static GParamSpec *
collection_spec (const char *name)
{
  return g_param_spec_object (name, NULL, NULL, MIKRO_TYPE_COLLECTION, RW);
}

struct _TestWriter    { MikroEntity parent_instance; };
struct _TestProfile   { MikroEntity parent_instance; };
struct _TestPublisher { MikroEntity parent_instance; };
struct _TestBook      { MikroEntity parent_instance; };
struct _TestTag       { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (TestWriter, test_writer, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestProfile, test_profile, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestPublisher, test_publisher, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestBook, test_book, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestTag, test_tag, MIKRO_TYPE_ENTITY)

static void test_writer_init (TestWriter *self) { }
static void test_profile_init (TestProfile *self) { }
static void test_publisher_init (TestPublisher *self) { }
static void test_book_init (TestBook *self) { }
static void test_tag_init (TestTag *self) { }

static void
test_writer_class_init (TestWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "writer");
  MikroProperty *prop;

  test_store_class_init (object_class);
  install (object_class, id_spec ());
  install (object_class, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  install (object_class, collection_spec ("books"));
  install (object_class, g_param_spec_object ("profile", NULL, NULL, TEST_TYPE_PROFILE, RW));
  install (object_class, collection_spec ("friends"));
  install (object_class, g_param_spec_object ("favorite-book", NULL, NULL, TEST_TYPE_BOOK, RW));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "books", MIKRO_RELATION_ONE_TO_MANY,
                                           TEST_TYPE_BOOK, MIKRO_PROPERTY_NONE);
  mikro_property_set_mapped_by (prop, "author");
  prop = mikro_entity_schema_add_relation (schema, "profile", MIKRO_RELATION_ONE_TO_ONE,
                                           G_TYPE_INVALID, MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_mapped_by (prop, "writer");
  mikro_entity_schema_add_relation (schema, "friends", MIKRO_RELATION_MANY_TO_MANY,
                                    TEST_TYPE_WRITER, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (schema, "favorite-book", MIKRO_RELATION_MANY_TO_ONE,
                                    G_TYPE_INVALID, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_profile_class_init (TestProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "profile");
  MikroProperty *prop;

  test_store_class_init (object_class);
  install (object_class, id_spec ());
  install (object_class, g_param_spec_string ("bio", NULL, NULL, NULL, RW));
  install (object_class, g_param_spec_object ("writer", NULL, NULL, TEST_TYPE_WRITER, RW));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_property_set_column_type (mikro_entity_schema_add_property (schema, "bio", NULL, MIKRO_PROPERTY_NULLABLE),
                                  "text");
  prop = mikro_entity_schema_add_relation (schema, "writer", MIKRO_RELATION_ONE_TO_ONE,
                                           G_TYPE_INVALID, MIKRO_PROPERTY_NONE);
  mikro_property_set_inversed_by (prop, "profile");
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_CASCADE);
  mikro_entity_schema_register (schema);
}

static void
test_publisher_class_init (TestPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "publisher");

  test_store_class_init (object_class);
  install (object_class, id_spec ());
  install (object_class, g_param_spec_string ("name", NULL, NULL, NULL, RW));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_UNIQUE);
  mikro_entity_schema_register (schema);
}

static void
test_book_class_init (TestBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "book");
  MikroProperty *prop;

  test_store_class_init (object_class);
  install (object_class, id_spec ());
  install (object_class, g_param_spec_string ("title", NULL, NULL, NULL, RW));
  install (object_class, g_param_spec_object ("author", NULL, NULL, TEST_TYPE_WRITER, RW));
  install (object_class, g_param_spec_object ("publisher", NULL, NULL, TEST_TYPE_PUBLISHER, RW));
  install (object_class, g_param_spec_object ("editor", NULL, NULL, TEST_TYPE_WRITER, RW));
  install (object_class, collection_spec ("tags"));

  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "author", MIKRO_RELATION_MANY_TO_ONE,
                                           G_TYPE_INVALID, MIKRO_PROPERTY_NONE);
  mikro_property_set_inversed_by (prop, "books");
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_CASCADE);
  mikro_entity_schema_add_relation (schema, "publisher", MIKRO_RELATION_MANY_TO_ONE,
                                    TEST_TYPE_PUBLISHER, MIKRO_PROPERTY_NULLABLE | MIKRO_PROPERTY_EAGER);
  /* an entity-typed property: a many-to-one without saying so */
  prop = mikro_entity_schema_add_property (schema, "editor", "editor_ref", MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_foreign_key_name (prop, "book_editor_fk");
  mikro_property_set_on_update (prop, MIKRO_REFERENTIAL_ACTION_RESTRICT);
  prop = mikro_entity_schema_add_relation (schema, "tags", MIKRO_RELATION_MANY_TO_MANY,
                                           TEST_TYPE_TAG, MIKRO_PROPERTY_NONE);
  mikro_property_set_inversed_by (prop, "books");
  mikro_property_set_cascade (prop, MIKRO_CASCADE_PERSIST | MIKRO_CASCADE_REMOVE);
  mikro_entity_schema_register (schema);
}

static void
test_tag_class_init (TestTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "tag");
  MikroProperty *prop;

  test_store_class_init (object_class);
  install (object_class, g_param_spec_string ("slug", NULL, NULL, NULL, RW));
  install (object_class, g_param_spec_string ("label", NULL, NULL, NULL, RW));
  install (object_class, collection_spec ("books"));

  prop = mikro_entity_schema_add_property (schema, "slug", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_property_set_length (prop, 40);
  mikro_entity_schema_add_property (schema, "label", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_relation (schema, "books", MIKRO_RELATION_MANY_TO_MANY,
                                           TEST_TYPE_BOOK, MIKRO_PROPERTY_NONE);
  mikro_property_set_mapped_by (prop, "tags");
  mikro_entity_schema_register (schema);
}
