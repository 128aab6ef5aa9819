/* test-metadata.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Discovery: naming strategies, metadata readable at run time, and the
 * mistakes discovery reports. */

#include <string.h>

#include "test-entities.h"

static void
assert_name (char       *got,
             const char *expected)
{
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static void
test_underscore (void)
{
  g_autoptr(MikroNamingStrategy) naming = mikro_underscore_naming_strategy_new ();
  const char *columns[] = { "name", "born", NULL };

  assert_name (mikro_naming_strategy_class_to_table_name (naming, "BookTag"), "book_tag");
  assert_name (mikro_naming_strategy_class_to_table_name (naming, "HTTPServer"), "http_server");
  assert_name (mikro_naming_strategy_class_to_table_name (naming, "Author2Book"), "author2_book");
  assert_name (mikro_naming_strategy_property_to_column_name (naming, "born-on"), "born_on");
  assert_name (mikro_naming_strategy_property_to_column_name (naming, "name"), "name");
  assert_name (mikro_naming_strategy_join_column_name (naming, "main-author", "id"), "main_author_id");
  assert_name (mikro_naming_strategy_join_table_name (naming, "book", "tags", "tag"), "book_tags");
  assert_name (mikro_naming_strategy_index_name (naming, "author", columns, "index"), "author_name_born_index");
  assert_name (mikro_naming_strategy_index_name (naming, "author", columns, "unique"), "author_name_born_unique");
  assert_name (mikro_naming_strategy_index_name (naming, "author", columns, "primary"), "author_pkey");
}

static void
test_entity_case (void)
{
  g_autoptr(MikroNamingStrategy) naming = mikro_entity_case_naming_strategy_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  MikroEntityMetadata *meta;

  assert_name (mikro_naming_strategy_class_to_table_name (naming, "BookTag"), "BookTag");
  assert_name (mikro_naming_strategy_property_to_column_name (naming, "born-on"), "bornOn");
  assert_name (mikro_naming_strategy_join_column_name (naming, "main-author", "id"), "mainAuthorId");

  orm = mikro_orm_open ("sqlite::memory:", &error);
  g_assert_no_error (error);
  mikro_orm_set_naming_strategy (orm, naming);
  mikro_orm_add_entity (orm, TEST_TYPE_PRODUCT, &error);
  g_assert_no_error (error);
  meta = mikro_orm_get_metadata (orm, TEST_TYPE_PRODUCT);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "TestProduct");
  g_assert_cmpstr (mikro_property_get_column (mikro_entity_metadata_find_property (meta, "created-at")), ==, "createdAt");
  /* an explicit column wins over the strategy */
  g_assert_cmpstr (mikro_property_get_column (mikro_entity_metadata_find_property (meta, "stock-count")), ==, "stock");

  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
}

/* A strategy implementing only the table name: the rest falls back to the
 * underscore strategy. */
typedef struct { GObject parent_instance; } PrefixNaming;
typedef struct { GObjectClass parent_class; } PrefixNamingClass;

static void prefix_naming_iface_init (MikroNamingStrategyInterface *iface);
static GType prefix_naming_get_type (void);
G_DEFINE_TYPE_WITH_CODE (PrefixNaming, prefix_naming, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (MIKRO_TYPE_NAMING_STRATEGY, prefix_naming_iface_init))

static char *
prefix_table (MikroNamingStrategy *self,
              const char          *type_name)
{
  return g_strdup_printf ("app_%s", type_name);
}

static void
prefix_naming_iface_init (MikroNamingStrategyInterface *iface)
{
  iface->class_to_table_name = prefix_table;
}

static void prefix_naming_class_init (PrefixNamingClass *klass) { }
static void prefix_naming_init (PrefixNaming *self) { }

static void
test_custom_naming (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(MikroNamingStrategy) naming = g_object_new (prefix_naming_get_type (), NULL);
  MikroEntityMetadata *meta;

  g_assert_no_error (error);
  mikro_orm_set_naming_strategy (orm, naming);
  g_assert_true (mikro_orm_get_naming_strategy (orm) == naming);
  mikro_orm_add_entity (orm, TEST_TYPE_PRODUCT, &error);
  g_assert_no_error (error);
  meta = mikro_orm_get_metadata (orm, TEST_TYPE_PRODUCT);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "app_TestProduct");
  g_assert_cmpstr (mikro_property_get_column (mikro_entity_metadata_find_property (meta, "created-at")), ==, "created_at");
}

static void
test_readable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(GListModel) props = NULL;
  g_autoptr(GListModel) entities = NULL;
  g_autoptr(MikroEntityMetadata) first = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  MikroEntityMetadata *meta;
  MikroProperty *prop;

  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_PRODUCT, &error);
  g_assert_no_error (error);
  g_assert_null (mikro_orm_get_metadata (orm, TEST_TYPE_AUTHOR));

  meta = mikro_orm_get_metadata (orm, TEST_TYPE_PRODUCT);
  g_assert_nonnull (meta);
  g_assert_true (mikro_entity_metadata_get_entity_type (meta) == TEST_TYPE_PRODUCT);
  g_assert_cmpstr (mikro_entity_metadata_get_table (meta), ==, "test_product");
  g_assert_true (mikro_entity_metadata_get_schema (meta) == mikro_entity_schema_lookup (TEST_TYPE_PRODUCT));
  g_assert_null (mikro_entity_schema_get_table (mikro_entity_metadata_get_schema (meta)));

  entities = mikro_orm_list_entities (orm);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 1);
  first = g_list_model_get_item (entities, 0);
  g_assert_true (first == meta);

  props = mikro_entity_metadata_list_properties (meta);
  g_assert_cmpuint (g_list_model_get_n_items (props), ==, 9);

  prop = mikro_entity_metadata_get_primary_key (meta);
  g_assert_cmpstr (mikro_property_get_name (prop), ==, "id");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  g_assert_true (mikro_property_get_value_type (prop) == G_TYPE_INT64);

  prop = mikro_entity_metadata_find_property (meta, "created-at");
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "created_at");
  g_assert_true (mikro_property_get_value_type (prop) == G_TYPE_DATE_TIME);

  prop = mikro_entity_metadata_find_property (meta, "sku");
  g_assert_cmpuint (mikro_property_get_length (prop), ==, 32);

  prop = mikro_entity_metadata_find_property (meta, "price");
  g_assert_cmpuint (mikro_property_get_precision (prop), ==, 10);
  g_assert_cmpuint (mikro_property_get_scale (prop), ==, 2);
  g_assert_true (mikro_property_get_default (prop, &value));
  g_assert_cmpint (g_value_get_int (&value), ==, 0);

  prop = mikro_entity_metadata_find_property (meta, "notes");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_VIRTUAL);

  g_assert_null (mikro_entity_metadata_find_property (meta, "nothing"));

  /* the declaration keeps what the code said */
  g_assert_null (mikro_property_get_column (mikro_entity_schema_find_property (mikro_entity_metadata_get_schema (meta),
                                                                               "created-at")));
}

static void
test_model_from_metadata (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(JsonNode) model = NULL;
  g_autofree char *text = NULL;
  JsonObject *table;
  JsonArray *columns;
  JsonArray *indexes;

  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_PRODUCT, &error);
  g_assert_no_error (error);

  model = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_METADATA, &error);
  g_assert_no_error (error);
  text = json_to_string (model, TRUE);
  g_test_message ("%s", text);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (model), "dialect"), ==, "sqlite");
  table = json_array_get_object_element (json_object_get_array_member (json_node_get_object (model), "tables"), 0);
  g_assert_cmpstr (json_object_get_string_member (table, "name"), ==, "test_product");

  /* the virtual property has no column */
  columns = json_object_get_array_member (table, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1), "type"), ==, "varchar(32)");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 2), "default"), ==, "'untitled'");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 3), "type"), ==, "numeric(10,2)");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 6), "default"), ==, "1");

  indexes = json_object_get_array_member (table, "indexes");
  g_assert_cmpuint (json_array_get_length (indexes), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (indexes, 0), "name"), ==, "product_title_rating_idx");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (indexes, 1), "name"), ==, "test_product_rating_index");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (indexes, 2), "name"), ==, "test_product_sku_unique");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (indexes, 3), "name"), ==, "test_product_title_stock_unique");
}

/* An entity type whose schema each error test replaces. */
typedef struct { MikroEntity parent_instance; gint64 id; char *name; } Broken;
typedef struct { MikroEntityClass parent_class; } BrokenClass;

static GType broken_get_type (void);
G_DEFINE_TYPE (Broken, broken, MIKRO_TYPE_ENTITY)

static void
broken_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Broken *self = (Broken *)object;

  if (prop_id == 1)
    g_value_set_int64 (value, self->id);
  else
    g_value_set_string (value, self->name);
}

static void
broken_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Broken *self = (Broken *)object;

  if (prop_id == 1)
    self->id = g_value_get_int64 (value);
  else
    {
      g_free (self->name);
      self->name = g_value_dup_string (value);
    }
}

static void
broken_finalize (GObject *object)
{
  g_free (((Broken *)object)->name);
  G_OBJECT_CLASS (broken_parent_class)->finalize (object);
}

static void
broken_class_init (BrokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = broken_get_property;
  object_class->set_property = broken_set_property;
  object_class->finalize = broken_finalize;
  g_object_class_install_property (object_class, 1,
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 2,
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void broken_init (Broken *self) { }

static void
assert_discovery_fails (MikroEntitySchema *schema,
                        const char        *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);

  g_assert_no_error (error);
  mikro_entity_schema_register (schema);
  g_assert_false (mikro_orm_add_entity (orm, broken_get_type (), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Broken"));
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not name “%s”", error->message, message_part);
}

static void
test_index_errors (void)
{
  const char *unknown[] = { "name", "nickname", NULL };
  const char *name[] = { "name", NULL };
  g_autoptr(MikroEntitySchema) a = mikro_entity_schema_new (broken_get_type (), "broken");
  g_autoptr(MikroEntitySchema) b = mikro_entity_schema_new (broken_get_type (), "broken");
  g_autoptr(MikroEntitySchema) c = mikro_entity_schema_new (broken_get_type (), "broken");

  mikro_entity_schema_add_property (a, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (a, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_index (a, NULL, unknown);
  assert_discovery_fails (a, "nickname");

  mikro_entity_schema_add_property (b, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (b, "name", NULL, MIKRO_PROPERTY_UNIQUE);
  mikro_entity_schema_add_unique (b, "broken_name_unique", name);
  assert_discovery_fails (b, "broken_name_unique");

  mikro_entity_schema_add_property (c, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_VIRTUAL);
  mikro_entity_schema_add_property (c, "name", NULL, MIKRO_PROPERTY_NONE);
  assert_discovery_fails (c, "virtual");
}

/* A custom type storing what no database has a column for. */
typedef struct { MikroType parent_instance; } DictType;
typedef struct { MikroTypeClass parent_class; } DictTypeClass;

static GType dict_type_get_type (void);
G_DEFINE_TYPE (DictType, dict_type, MIKRO_TYPE_TYPE)

static char *
dict_database_type (MikroType *self)
{
  return g_strdup ("a{sv}");
}

static void
dict_type_class_init (DictTypeClass *klass)
{
  MIKRO_TYPE_CLASS (klass)->get_database_type = dict_database_type;
}

static void dict_type_init (DictType *self) { }

static void
test_custom_type_errors (void)
{
  g_autoptr(MikroType) dict = g_object_new (dict_type_get_type (), NULL);
  g_autoptr(MikroEntitySchema) a = mikro_entity_schema_new (broken_get_type (), "broken");
  g_autoptr(MikroEntitySchema) b = mikro_entity_schema_new (broken_get_type (), "broken");

  mikro_entity_schema_add_property (a, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_property_set_custom_type (mikro_entity_schema_add_property (a, "name", NULL, MIKRO_PROPERTY_NONE), dict);
  assert_discovery_fails (a, "a{sv}");

  mikro_property_set_custom_type (mikro_entity_schema_add_property (b, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY), dict);
  mikro_entity_schema_add_property (b, "name", NULL, MIKRO_PROPERTY_NONE);
  assert_discovery_fails (b, "custom type");
}

static void
test_version_errors (void)
{
  g_autoptr(MikroEntitySchema) a = mikro_entity_schema_new (broken_get_type (), "broken");

  mikro_entity_schema_add_property (a, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (a, "name", NULL, MIKRO_PROPERTY_VERSION);
  assert_discovery_fails (a, "Version property “name”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mikro/metadata/naming/underscore", test_underscore);
  g_test_add_func ("/mikro/metadata/naming/entity-case", test_entity_case);
  g_test_add_func ("/mikro/metadata/naming/custom", test_custom_naming);
  g_test_add_func ("/mikro/metadata/readable", test_readable);
  g_test_add_func ("/mikro/metadata/model-from-metadata", test_model_from_metadata);
  g_test_add_func ("/mikro/metadata/index-errors", test_index_errors);
  g_test_add_func ("/mikro/metadata/custom-type-errors", test_custom_type_errors);
  g_test_add_func ("/mikro/metadata/version-errors", test_version_errors);

  return g_test_run ();
}
