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
#include "test-relation-entities.h"

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

/* Two entity types for the relation mistakes: each test registers new
 * schemas for both. */
typedef struct { MikroEntity parent_instance; } Rel;
typedef struct { MikroEntityClass parent_class; } RelClass;
typedef struct { MikroEntity parent_instance; } Peer;
typedef struct { MikroEntityClass parent_class; } PeerClass;

static GType rel_get_type (void);
static GType peer_get_type (void);
G_DEFINE_TYPE (Rel, rel, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (Peer, peer, MIKRO_TYPE_ENTITY)

#define RW (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS)

static void
rel_class_init (RelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_object ("peer", NULL, NULL, peer_get_type (), RW));
  g_object_class_install_property (object_class, 4, g_param_spec_object ("peers", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  g_object_class_install_property (object_class, 5, g_param_spec_object ("more-peers", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
}

static void
peer_class_init (PeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_object ("rel", NULL, NULL, rel_get_type (), RW));
  g_object_class_install_property (object_class, 3, g_param_spec_object ("other-rel", NULL, NULL, rel_get_type (), RW));
  g_object_class_install_property (object_class, 4, g_param_spec_object ("rels", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
}

static void rel_init (Rel *self) { }
static void peer_init (Peer *self) { }

/* Fresh schemas with their keys, for a test to complete and register. */
static void
new_schemas (MikroEntitySchema **rel,
             MikroEntitySchema **peer)
{
  *rel = mikro_entity_schema_new (rel_get_type (), "rel");
  mikro_entity_schema_add_property (*rel, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  *peer = mikro_entity_schema_new (peer_get_type (), "peer");
  mikro_entity_schema_add_property (*peer, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
}

/* Adding Rel fails with a METADATA error naming @entity and containing
 * @message_part; nothing of it is added. */
static void
assert_relation_fails (MikroEntitySchema *rel,
                       MikroEntitySchema *peer,
                       const char        *entity,
                       const char        *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(GListModel) entities = NULL;

  g_assert_no_error (error);
  mikro_entity_schema_register (rel);
  mikro_entity_schema_register (peer);
  g_assert_false (mikro_orm_add_entity (orm, rel_get_type (), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_test_message ("%s", error->message);
  if (strstr (error->message, entity) == NULL || strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not name “%s” and “%s”", error->message, entity, message_part);

  entities = mikro_orm_list_entities (orm);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 0);
}

typedef void (*RelationCase) (MikroEntitySchema *rel,
                              MikroEntitySchema *peer);

typedef struct
{
  const char   *name;
  RelationCase  build;
  const char   *entity;
  const char   *message_part;
} RelationMistake;

static void
to_one_not_object (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "name", MIKRO_RELATION_MANY_TO_ONE, peer_get_type (), 0);
}

static void
target_not_held (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_PRODUCT, 0);
}

static void
to_many_not_collection (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_ONE_TO_MANY,
                                                                  peer_get_type (), 0), "rel");
  mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID, 0);
}

static void
to_many_no_target (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY, G_TYPE_INVALID, 0);
}

static void
target_not_entity (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY, G_TYPE_OBJECT, 0);
}

static void
target_without_schema (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY, MIKRO_TYPE_ENTITY, 0);
}

static void
relation_as_key (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* an inverse side has no column to be part of a key */
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_ONE_TO_MANY,
                                                                  peer_get_type (), MIKRO_PROPERTY_PRIMARY_KEY),
                                "rel");
  mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID, 0);
}

static void
composite_generated (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* the generated id and a foreign key as the key */
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
}

static void
target_key_composite (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* Peer's key is its id and its foreign key to Rel */
  mikro_property_set_flags (mikro_entity_schema_find_property (peer, "id"), MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID, 0);
}

static void
target_key_cycle (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* each key is a foreign key to the other: no column has a type */
  mikro_property_set_flags (mikro_entity_schema_find_property (peer, "id"), MIKRO_PROPERTY_NONE);
  mikro_property_set_flags (mikro_entity_schema_find_property (rel, "id"), MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_ONE_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_ONE_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
}

static void
relation_as_version (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_VERSION);
}

static void
many_to_one_mapped_by (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE,
                                                                  G_TYPE_INVALID, 0), "rels");
}

static void
one_to_many_unmapped (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_ONE_TO_MANY, peer_get_type (), 0);
}

static void
mapped_and_inversed (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  MikroProperty *prop = mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                          peer_get_type (), 0);

  mikro_property_set_mapped_by (prop, "rels");
  mikro_property_set_inversed_by (prop, "rels");
}

static void
mapped_by_nothing (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_ONE_TO_MANY,
                                                                  peer_get_type (), 0), "owner");
}

static void
mapped_by_wrong_kind (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* a one-to-many mirrors a many-to-one, not a many-to-many */
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_ONE_TO_MANY,
                                                                  peer_get_type (), 0), "rels");
  mikro_entity_schema_add_relation (peer, "rels", MIKRO_RELATION_MANY_TO_MANY, rel_get_type (), 0);
}

static void
mapped_by_inverse (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* both sides say the other owns it */
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                  peer_get_type (), 0), "rels");
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (peer, "rels", MIKRO_RELATION_MANY_TO_MANY,
                                                                  rel_get_type (), 0), "peers");
}

static void
mapped_by_other_target (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* Peer.rels points at Product, not at Rel */
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                  peer_get_type (), 0), "rels");
  mikro_entity_schema_add_relation (peer, "rels", MIKRO_RELATION_MANY_TO_MANY, TEST_TYPE_PRODUCT, 0);
}

static void
inversed_by_disagrees (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* Peer.rel says its inverse is Rel.more-peers, but Rel.peers claims it */
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_ONE_TO_MANY,
                                                                  peer_get_type (), 0), "rel");
  mikro_property_set_inversed_by (mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_MANY_TO_ONE,
                                                                    G_TYPE_INVALID, 0), "more-peers");
}

static void
inversed_by_nothing (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_inversed_by (mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE,
                                                                    G_TYPE_INVALID, 0), "rels");
}

static void
both_owners (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_inversed_by (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                    peer_get_type (), 0), "rels");
  mikro_entity_schema_add_relation (peer, "rels", MIKRO_RELATION_MANY_TO_MANY, rel_get_type (), 0);
}

static void
inversed_by_mapped_elsewhere (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  /* Rel.peer is inversed by Peer.rels, which is mapped by Peer… other-rel's owner */
  mikro_property_set_inversed_by (mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_ONE_TO_ONE,
                                                                    G_TYPE_INVALID, 0), "rels");
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (peer, "rels", MIKRO_RELATION_ONE_TO_MANY,
                                                                  rel_get_type (), 0), "more-peers");
}

static void
pivot_clash (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_pivot_table (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                    peer_get_type (), 0), "links");
  mikro_property_set_pivot_table (mikro_entity_schema_add_relation (rel, "more-peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                    peer_get_type (), 0), "links");
}

/* the clash is within one database schema, and says which */
static void
pivot_clash_in_db_schema (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_set_db_schema (rel, "archive");
  pivot_clash (rel, peer);
}

static void
pivot_is_entity_table (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_pivot_table (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                    peer_get_type (), 0), "peer");
}

static void
pivot_columns_same (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  MikroProperty *prop = mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                          peer_get_type (), 0);

  mikro_property_set_join_column (prop, "ref");
  mikro_property_set_inverse_join_column (prop, "ref");
}

static void
set_null_not_nullable (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_on_delete (mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE,
                                                                  G_TYPE_INVALID, 0),
                                MIKRO_REFERENTIAL_ACTION_SET_NULL);
}

static void
join_column_clash (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_property (rel, "name", "peer_id", MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID, 0);
}

static void
pivot_on_many_to_one (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_pivot_table (mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE,
                                                                    G_TYPE_INVALID, 0), "links");
}

static void
rule_on_inverse (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  MikroProperty *prop = mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_ONE_TO_MANY,
                                                          peer_get_type (), 0);

  mikro_property_set_mapped_by (prop, "rel");
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_CASCADE);
  mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID, 0);
}

static void
orphan_removal_on_many_to_one (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_relation (rel, "peer", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_ORPHAN_REMOVAL);
}

static void
eager_scalar (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_property (rel, "name", NULL, MIKRO_PROPERTY_EAGER);
}

static void
collection_as_scalar (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_entity_schema_add_property (rel, "peers", NULL, MIKRO_PROPERTY_NONE);
}

static void
many_to_many_derived_key (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_flags (mikro_entity_schema_find_property (peer, "id"), MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_relation (peer, "rel", MIKRO_RELATION_MANY_TO_ONE, G_TYPE_INVALID,
                                    MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY, peer_get_type (), 0);
}

static void
pivot_entity_without_relations (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  mikro_property_set_pivot_entity (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                     peer_get_type (), 0),
                                   TEST_TYPE_PUBLISHER);
}

static void
pivot_entity_and_table (MikroEntitySchema *rel, MikroEntitySchema *peer)
{
  MikroProperty *prop = mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                          peer_get_type (), 0);

  mikro_property_set_pivot_entity (prop, TEST_TYPE_PUBLISHER);
  mikro_property_set_pivot_table (prop, "links");
}

static const RelationMistake relation_mistakes[] = {
  { "to-one-not-object", to_one_not_object, "Rel", "must be a property of an entity type" },
  { "target-not-held", target_not_held, "Rel", "cannot hold" },
  { "to-many-not-collection", to_many_not_collection, "Rel", "must be a property of type MikroCollection" },
  { "to-many-no-target", to_many_no_target, "Rel", "names no target" },
  { "target-not-entity", target_not_entity, "Rel", "which is not an entity" },
  { "target-without-schema", target_without_schema, "MikroEntity", "has no schema" },
  { "relation-as-key", relation_as_key, "Rel", "cannot be part of the primary key" },
  { "composite-generated", composite_generated, "Rel", "part of a composite primary key and cannot be generated" },
  { "target-key-composite", target_key_composite, "Rel", "whose primary key is composite" },
  { "target-key-cycle", target_key_cycle, "Rel", "leads back to" },
  { "many-to-many-derived-key", many_to_many_derived_key, "Rel", "pivot tables for such keys are not supported yet" },
  { "pivot-entity-without-relations", pivot_entity_without_relations, "Rel", "needs a many-to-one to “Rel” and one to “Peer”" },
  { "pivot-entity-and-table", pivot_entity_and_table, "Rel", "cannot name a pivot table or join columns" },
  { "relation-as-version", relation_as_version, "Rel", "cannot be generated, a version" },
  { "many-to-one-mapped-by", many_to_one_mapped_by, "Rel", "always owns its join column" },
  { "one-to-many-unmapped", one_to_many_unmapped, "Rel", "needs mapped-by" },
  { "mapped-and-inversed", mapped_and_inversed, "Rel", "both mapped-by and inversed-by" },
  { "mapped-by-nothing", mapped_by_nothing, "Rel", "“owner”, which is not a relation of “Peer”" },
  { "mapped-by-wrong-kind", mapped_by_wrong_kind, "Rel", "it must be an owning many-to-one" },
  { "mapped-by-inverse", mapped_by_inverse, "Peer", "it must be an owning many-to-many" },
  { "mapped-by-other-target", mapped_by_other_target, "Rel", "which targets “TestProduct”" },
  { "inversed-by-disagrees", inversed_by_disagrees, "Rel", "which is inversed by “more-peers”" },
  { "inversed-by-nothing", inversed_by_nothing, "Rel", "“rels”, which is not a relation of “Peer”" },
  { "both-owners", both_owners, "Rel", "both own the relation" },
  { "inversed-by-mapped-elsewhere", inversed_by_mapped_elsewhere, "Rel", "which is mapped by “more-peers”" },
  { "pivot-clash", pivot_clash, "Rel", "both map to table “links”" },
  { "pivot-clash-in-db-schema", pivot_clash_in_db_schema, "Rel", "both map to table “archive.links”" },
  { "pivot-is-entity-table", pivot_is_entity_table, "Peer", "both map to table “peer”" },
  { "pivot-columns-same", pivot_columns_same, "Rel", "names both columns" },
  { "set-null-not-nullable", set_null_not_nullable, "Rel", "but it is not nullable" },
  { "join-column-clash", join_column_clash, "Rel", "both map to column “peer_id”" },
  { "pivot-on-many-to-one", pivot_on_many_to_one, "Rel", "“pivot-table” means nothing" },
  { "rule-on-inverse", rule_on_inverse, "Rel", "“on-delete” means nothing" },
  { "orphan-removal-on-many-to-one", orphan_removal_on_many_to_one, "Rel", "“orphan-removal” means nothing" },
  { "eager-scalar", eager_scalar, "Rel", "is not a relation, so “eager” means nothing" },
  { "collection-as-scalar", collection_as_scalar, "Rel", "has no column mapping" },
};

static void
test_relation_mistake (gconstpointer data)
{
  const RelationMistake *mistake = data;
  g_autoptr(MikroEntitySchema) rel = NULL;
  g_autoptr(MikroEntitySchema) peer = NULL;

  new_schemas (&rel, &peer);
  mistake->build (rel, peer);
  assert_relation_fails (rel, peer, mistake->entity, mistake->message_part);
}

/* The resolved relations of the zoo, read back through the public
 * metadata: kinds, targets, both sides, names the strategy chose, rules
 * resolved from their defaults. */
static void
test_relations_readable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  MikroEntityMetadata *book;
  MikroEntityMetadata *writer;
  MikroEntityMetadata *tag;
  MikroProperty *prop;

  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_TAG, &error);
  g_assert_no_error (error);
  book = mikro_orm_get_metadata (orm, TEST_TYPE_BOOK);
  writer = mikro_orm_get_metadata (orm, TEST_TYPE_WRITER);
  tag = mikro_orm_get_metadata (orm, TEST_TYPE_TAG);
  g_assert_nonnull (book);
  g_assert_nonnull (writer);
  g_assert_nonnull (mikro_orm_get_metadata (orm, TEST_TYPE_PUBLISHER));
  g_assert_nonnull (mikro_orm_get_metadata (orm, TEST_TYPE_PROFILE));

  prop = mikro_entity_metadata_find_property (book, "author");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == TEST_TYPE_WRITER);
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "author_id");
  g_assert_cmpstr (mikro_property_get_foreign_key_name (prop), ==, "book_author_id_foreign");
  g_assert_cmpint (mikro_property_get_on_delete (prop), ==, MIKRO_REFERENTIAL_ACTION_CASCADE);
  g_assert_cmpint (mikro_property_get_on_update (prop), ==, MIKRO_REFERENTIAL_ACTION_CASCADE);
  g_assert_cmpstr (mikro_property_get_inversed_by (prop), ==, "books");

  /* inferred from the property type; defaults resolved */
  prop = mikro_entity_metadata_find_property (book, "editor");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == TEST_TYPE_WRITER);
  g_assert_cmpstr (mikro_property_get_column (prop), ==, "editor_ref");
  g_assert_cmpint (mikro_property_get_on_delete (prop), ==, MIKRO_REFERENTIAL_ACTION_SET_NULL);
  g_assert_cmpint (mikro_property_get_on_update (prop), ==, MIKRO_REFERENTIAL_ACTION_RESTRICT);
  g_assert_true (mikro_property_get_value_type (prop) == TEST_TYPE_WRITER);

  prop = mikro_entity_metadata_find_property (book, "publisher");
  g_assert_cmpint (mikro_property_get_flags (prop), ==, MIKRO_PROPERTY_NULLABLE | MIKRO_PROPERTY_EAGER);
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_PERSIST);

  prop = mikro_entity_metadata_find_property (book, "tags");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_MANY_TO_MANY);
  g_assert_cmpstr (mikro_property_get_pivot_table (prop), ==, "book_tags");
  g_assert_cmpstr (mikro_property_get_join_column (prop), ==, "book_id");
  g_assert_cmpstr (mikro_property_get_inverse_join_column (prop), ==, "tag_slug");
  g_assert_null (mikro_property_get_column (prop));
  g_assert_cmpint (mikro_property_get_cascade (prop), ==, MIKRO_CASCADE_PERSIST | MIKRO_CASCADE_REMOVE);

  prop = mikro_entity_metadata_find_property (tag, "books");
  g_assert_cmpstr (mikro_property_get_mapped_by (prop), ==, "tags");
  g_assert_null (mikro_property_get_pivot_table (prop));

  prop = mikro_entity_metadata_find_property (writer, "friends");
  g_assert_cmpstr (mikro_property_get_pivot_table (prop), ==, "writer_friends");
  g_assert_cmpstr (mikro_property_get_join_column (prop), ==, "writer_1_id");
  g_assert_cmpstr (mikro_property_get_inverse_join_column (prop), ==, "writer_2_id");

  prop = mikro_entity_metadata_find_property (writer, "profile");
  g_assert_cmpint (mikro_property_get_relation (prop), ==, MIKRO_RELATION_ONE_TO_ONE);
  g_assert_true (mikro_property_get_target (prop) == TEST_TYPE_PROFILE);
  g_assert_cmpstr (mikro_property_get_mapped_by (prop), ==, "writer");

  /* a fresh entity has its collections */
  {
    g_autoptr(MikroEntity) entity = g_object_new (TEST_TYPE_WRITER, NULL);
    g_autoptr(MikroEntity) other = g_object_new (TEST_TYPE_BOOK, NULL);
    g_autoptr(MikroCollection) books = NULL;

    g_object_get (entity, "books", &books, NULL);
    g_assert_nonnull (books);
    g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (books)) == TEST_TYPE_BOOK);
    g_assert_true (mikro_collection_get_owner (books) == G_OBJECT (entity));
    g_assert_cmpstr (mikro_collection_get_property_name (books), ==, "books");
    g_assert_true (mikro_collection_is_initialized (books));
    g_assert_true (mikro_collection_add (books, G_OBJECT (other)));
    g_assert_false (mikro_collection_add (books, G_OBJECT (other)));
    g_assert_true (mikro_collection_contains (books, G_OBJECT (other)));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 1);
    g_assert_true (mikro_collection_remove (books, G_OBJECT (other)));
    g_assert_false (mikro_collection_remove (books, G_OBJECT (other)));
    mikro_collection_add (books, G_OBJECT (other));
    mikro_collection_remove_all (books);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (books)), ==, 0);
  }
}

/* Four entity types for the inheritance mistakes: Base ← Left ← Leaf,
 * Base ← Right. Each test registers new schemas. */
typedef struct { MikroEntity parent_instance; } ErrBase;
typedef struct { MikroEntityClass parent_class; } ErrBaseClass;
typedef struct { ErrBase parent_instance; } ErrLeft;
typedef struct { ErrBaseClass parent_class; } ErrLeftClass;
typedef struct { ErrBase parent_instance; } ErrRight;
typedef struct { ErrBaseClass parent_class; } ErrRightClass;
typedef struct { ErrLeft parent_instance; } ErrLeaf;
typedef struct { ErrLeftClass parent_class; } ErrLeafClass;

static GType err_base_get_type (void);
static GType err_left_get_type (void);
static GType err_right_get_type (void);
static GType err_leaf_get_type (void);
G_DEFINE_TYPE (ErrBase, err_base, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (ErrLeft, err_left, err_base_get_type ())
G_DEFINE_TYPE (ErrRight, err_right, err_base_get_type ())
G_DEFINE_TYPE (ErrLeaf, err_leaf, err_left_get_type ())

static void
err_base_class_init (ErrBaseClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
}

static void
err_left_class_init (ErrLeftClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 3, g_param_spec_string ("a", NULL, NULL, NULL, RW));
}

static void
err_right_class_init (ErrRightClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 3, g_param_spec_string ("b", NULL, NULL, NULL, RW));
}

static void
err_leaf_class_init (ErrLeafClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 4, g_param_spec_string ("c", NULL, NULL, NULL, RW));
}

static void err_base_init (ErrBase *self) { }
static void err_left_init (ErrLeft *self) { }
static void err_right_init (ErrRight *self) { }
static void err_leaf_init (ErrLeaf *self) { }

typedef struct
{
  MikroEntitySchema *base;
  MikroEntitySchema *left;
  MikroEntitySchema *right;
  MikroEntitySchema *leaf;
} Lineage;

/* Base as the root of a hierarchy with a column "kind", Left, Right and
 * Leaf each adding its property; a test changes what it needs. */
static void
lineage_init (Lineage *l)
{
  g_type_ensure (err_leaf_get_type ());
  g_type_ensure (err_right_get_type ());
  l->base = mikro_entity_schema_new (err_base_get_type (), "err_base");
  mikro_entity_schema_add_property (l->base, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (l->base, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_set_discriminator_column (l->base, "kind");
  l->left = mikro_entity_schema_new (err_left_get_type (), NULL);
  mikro_entity_schema_add_property (l->left, "a", NULL, MIKRO_PROPERTY_NONE);
  l->right = mikro_entity_schema_new (err_right_get_type (), NULL);
  mikro_entity_schema_add_property (l->right, "b", NULL, MIKRO_PROPERTY_NONE);
  l->leaf = mikro_entity_schema_new (err_leaf_get_type (), NULL);
  mikro_entity_schema_add_property (l->leaf, "c", NULL, MIKRO_PROPERTY_NONE);
}

static void
lineage_register (Lineage *l)
{
  mikro_entity_schema_register (l->base);
  mikro_entity_schema_register (l->left);
  mikro_entity_schema_register (l->right);
  mikro_entity_schema_register (l->leaf);
}

static void
lineage_clear (Lineage *l)
{
  g_clear_object (&l->base);
  g_clear_object (&l->left);
  g_clear_object (&l->right);
  g_clear_object (&l->leaf);
}

static void
assert_adding_fails (GType       type,
                     const char *entity,
                     const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(GListModel) entities = NULL;

  g_assert_no_error (error);
  g_assert_false (mikro_orm_add_entity (orm, type, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_test_message ("%s", error->message);
  if (strstr (error->message, entity) == NULL || strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not name “%s” and “%s”", error->message, entity, message_part);
  entities = mikro_orm_list_entities (orm);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 0);
}

static void
test_inheritance_errors (void)
{
  Lineage l;

  /* a concrete parent that is no hierarchy's root */
  lineage_init (&l);
  mikro_entity_schema_set_discriminator_column (l.base, NULL);
  lineage_register (&l);
  assert_adding_fails (err_left_get_type (), "ErrLeft", "neither abstract nor the root");
  lineage_clear (&l);

  /* two types, one discriminator value */
  lineage_init (&l);
  mikro_entity_schema_set_discriminator_value (l.left, "same");
  mikro_entity_schema_set_discriminator_value (l.right, "same");
  lineage_register (&l);
  assert_adding_fails (err_base_get_type (), "ErrRight", "both have the discriminator value “same”");
  lineage_clear (&l);

  /* two types, one column */
  lineage_init (&l);
  mikro_property_set_column (mikro_entity_schema_find_property (l.left, "a"), "shared");
  mikro_property_set_column (mikro_entity_schema_find_property (l.right, "b"), "shared");
  lineage_register (&l);
  assert_adding_fails (err_right_get_type (), "ErrRight", "both map to column “shared” of table “err_base”");
  lineage_clear (&l);

  /* a member naming a table of its own */
  lineage_init (&l);
  g_clear_object (&l.left);
  l.left = mikro_entity_schema_new (err_left_get_type (), "left_table");
  lineage_register (&l);
  assert_adding_fails (err_left_get_type (), "ErrLeft", "cannot name a table or database schema of its own");
  lineage_clear (&l);

  /* or a database schema of its own */
  lineage_init (&l);
  mikro_entity_schema_set_db_schema (l.left, "elsewhere");
  lineage_register (&l);
  assert_adding_fails (err_left_get_type (), "ErrLeft", "cannot name a table or database schema of its own");
  lineage_clear (&l);

  /* a hierarchy inside a hierarchy */
  lineage_init (&l);
  mikro_entity_schema_set_discriminator_column (l.left, "subkind");
  lineage_register (&l);
  assert_adding_fails (err_leaf_get_type (), "ErrLeft", "cannot start one of its own");
  lineage_clear (&l);

  /* a discriminator value without a hierarchy */
  lineage_init (&l);
  mikro_entity_schema_set_discriminator_column (l.base, NULL);
  mikro_entity_schema_set_abstract (l.base, TRUE);
  mikro_entity_schema_set_discriminator_value (l.right, "right");
  lineage_register (&l);
  assert_adding_fails (err_right_get_type (), "ErrRight", "no single-table hierarchy");
  /* an abstract base cannot be added */
  assert_adding_fails (err_base_get_type (), "ErrBase", "is abstract");
  lineage_clear (&l);

  /* a member defined after its hierarchy was added */
  lineage_init (&l);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
    g_autoptr(MikroEntitySchema) empty = NULL;

    mikro_entity_schema_register (l.base);
    mikro_entity_schema_register (l.left);
    mikro_entity_schema_register (l.right);
    /* Leaf's schema from an earlier case must not count */
    empty = mikro_entity_schema_new (err_leaf_get_type (), NULL);
    mikro_entity_schema_set_abstract (empty, TRUE);
    mikro_entity_schema_register (empty);
    mikro_orm_add_entity (orm, err_base_get_type (), &error);
    g_assert_no_error (error);
    g_assert_nonnull (mikro_orm_get_metadata (orm, err_right_get_type ()));

    mikro_entity_schema_register (l.leaf);
    g_assert_false (mikro_orm_add_entity (orm, err_leaf_get_type (), &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
    g_assert_nonnull (strstr (error->message, "added without it"));
  }
  lineage_clear (&l);
}

/* An embeddable, a plain object that is not one, and an entity embedding
 * them; each case registers new schemas. */
typedef struct { GObject parent_instance; } EmbAddress;
typedef struct { GObjectClass parent_class; } EmbAddressClass;
typedef struct { GObject parent_instance; } EmbPlain;
typedef struct { GObjectClass parent_class; } EmbPlainClass;
typedef struct { MikroEntity parent_instance; } EmbOwner;
typedef struct { MikroEntityClass parent_class; } EmbOwnerClass;

static GType emb_address_get_type (void);
static GType emb_plain_get_type (void);
static GType emb_owner_get_type (void);
G_DEFINE_TYPE (EmbAddress, emb_address, G_TYPE_OBJECT)
G_DEFINE_TYPE (EmbPlain, emb_plain, G_TYPE_OBJECT)
G_DEFINE_TYPE (EmbOwner, emb_owner, MIKRO_TYPE_ENTITY)

static void
emb_address_class_init (EmbAddressClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1, g_param_spec_string ("city", NULL, NULL, NULL, RW));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 2, g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, RW));
}

static void
emb_plain_class_init (EmbPlainClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1, g_param_spec_string ("city", NULL, NULL, NULL, RW));
}

static void
emb_owner_class_init (EmbOwnerClass *klass)
{
  test_store_class_init (G_OBJECT_CLASS (klass));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 2, g_param_spec_object ("home", NULL, NULL, emb_address_get_type (), RW));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 3, g_param_spec_object ("work", NULL, NULL, emb_address_get_type (), RW));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 4, g_param_spec_object ("plain", NULL, NULL, emb_plain_get_type (), RW));
  g_object_class_install_property (G_OBJECT_CLASS (klass), 5, g_param_spec_string ("name", NULL, NULL, NULL, RW));
}

static void emb_address_init (EmbAddress *self) { }
static void emb_plain_init (EmbPlain *self) { }
static void emb_owner_init (EmbOwner *self) { }

typedef void (*EmbeddedCase) (MikroEntitySchema *owner,
                              MikroEntitySchema *address);

static void
prefix_collision (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, 0);
  mikro_property_set_prefix (mikro_entity_schema_add_embedded (owner, "work", G_TYPE_INVALID, 0), "home_");
}

static void
not_embeddable (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_embedded (owner, "plain", G_TYPE_INVALID, 0);
}

static void
embedded_scalar (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_embedded (owner, "name", G_TYPE_INVALID, 0);
}

static void
embedded_key (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, MIKRO_PROPERTY_VERSION);
}

static void
embeddable_with_key (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_property (address, "tags", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, 0);
}

static void
embeddable_missing_property (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_property (address, "zip", NULL, 0);
  mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, 0);
}

static void
object_mode_unmappable (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_entity_schema_add_property (address, "tags", NULL, 0);
  mikro_property_set_as_object (mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, 0), TRUE);
}

static void
object_mode_prefix (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  MikroProperty *prop = mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, 0);

  mikro_property_set_as_object (prop, TRUE);
  mikro_property_set_prefix (prop, "h_");
}

static void
inline_column (MikroEntitySchema *owner, MikroEntitySchema *address)
{
  mikro_property_set_column (mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, 0), "home");
}

static const struct {
  const char   *name;
  EmbeddedCase  build;
  const char   *message_part;
} embedded_mistakes[] = {
  { "prefix-collision", prefix_collision, "both map to column “home_city”" },
  { "not-embeddable", not_embeddable, "has no embeddable schema" },
  { "embedded-scalar", embedded_scalar, "must hold an object" },
  { "embedded-key", embedded_key, "cannot be a key, generated or a version" },
  { "embeddable-with-key", embeddable_with_key, "cannot be a key, generated, a version" },
  { "embeddable-missing-property", embeddable_missing_property, "has no property “zip”" },
  { "object-mode-unmappable", object_mode_unmappable, "has no JSON mapping" },
  { "object-mode-prefix", object_mode_prefix, "a prefix means nothing" },
  { "inline-column", inline_column, "name them with a prefix" },
};

static void
test_embedded_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (embedded_mistakes); i++)
    {
      g_autoptr(MikroEntitySchema) owner = mikro_entity_schema_new (emb_owner_get_type (), "owner");
      g_autoptr(MikroEntitySchema) address = mikro_entity_schema_new_for_embeddable (emb_address_get_type ());
      g_autoptr(GError) error = NULL;
      g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);

      g_assert_no_error (error);
      g_test_message ("%s", embedded_mistakes[i].name);
      mikro_entity_schema_add_property (owner, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
      mikro_entity_schema_add_property (address, "city", NULL, 0);
      embedded_mistakes[i].build (owner, address);
      mikro_entity_schema_register (owner);
      mikro_entity_schema_register (address);

      g_assert_false (mikro_orm_add_entity (orm, emb_owner_get_type (), &error));
      g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
      g_test_message ("%s", error->message);
      if (strstr (error->message, embedded_mistakes[i].message_part) == NULL ||
          (strstr (error->message, "EmbOwner") == NULL && strstr (error->message, "EmbAddress") == NULL))
        g_error ("%s: “%s” does not name the entity and “%s”", embedded_mistakes[i].name,
                 error->message, embedded_mistakes[i].message_part);
    }

  /* and an embedding that is right: the metadata tells how */
  {
    g_autoptr(MikroEntitySchema) owner = mikro_entity_schema_new (emb_owner_get_type (), "owner");
    g_autoptr(MikroEntitySchema) address = mikro_entity_schema_new_for_embeddable (emb_address_get_type ());
    g_autoptr(GError) error = NULL;
    g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
    MikroProperty *prop;

    mikro_entity_schema_add_property (owner, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
    mikro_entity_schema_add_embedded (owner, "home", G_TYPE_INVALID, MIKRO_PROPERTY_NULLABLE);
    mikro_property_set_as_object (mikro_entity_schema_add_embedded (owner, "work", G_TYPE_INVALID, 0), TRUE);
    mikro_entity_schema_add_property (address, "city", NULL, 0);
    mikro_entity_schema_register (owner);
    mikro_entity_schema_register (address);
    g_assert_true (mikro_entity_schema_get_embeddable (address));
    g_assert_false (mikro_entity_schema_get_embeddable (owner));

    mikro_orm_add_entity (orm, emb_owner_get_type (), &error);
    g_assert_no_error (error);
    prop = mikro_entity_metadata_find_property (mikro_orm_get_metadata (orm, emb_owner_get_type ()), "home");
    g_assert_true (mikro_property_get_embedded (prop) == emb_address_get_type ());
    g_assert_false (mikro_property_get_as_object (prop));
    prop = mikro_entity_metadata_find_property (mikro_orm_get_metadata (orm, emb_owner_get_type ()), "work");
    g_assert_true (mikro_property_get_as_object (prop));
    g_assert_cmpstr (mikro_property_get_column (prop), ==, "work");
    /* an embeddable is no entity */
    g_assert_false (mikro_orm_add_entity (orm, emb_address_get_type (), &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  }
}

/* A database schema is part of a table's name: the same table name in
 * two schemas is two tables; the schema is readable, and the pivot table
 * of a many-to-many goes to its owner's schema. */
static void
test_db_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(MikroEntitySchema) rel = NULL;
  g_autoptr(MikroEntitySchema) peer = NULL;
  MikroEntityMetadata *meta;

  g_assert_no_error (error);
  new_schemas (&rel, &peer);
  mikro_entity_schema_set_db_schema (rel, "archive");
  g_assert_cmpstr (mikro_entity_schema_get_db_schema (rel), ==, "archive");
  /* "" is none, as for a table */
  mikro_entity_schema_set_db_schema (peer, "");
  g_assert_null (mikro_entity_schema_get_db_schema (peer));
  /* named as Peer's table, but in the archive */
  mikro_property_set_pivot_table (mikro_entity_schema_add_relation (rel, "peers", MIKRO_RELATION_MANY_TO_MANY,
                                                                    peer_get_type (), 0), "peer");
  mikro_entity_schema_register (rel);
  mikro_entity_schema_register (peer);

  g_assert_true (mikro_orm_add_entity (orm, rel_get_type (), &error));
  g_assert_no_error (error);
  meta = mikro_orm_get_metadata (orm, rel_get_type ());
  g_assert_cmpstr (mikro_entity_metadata_get_db_schema (meta), ==, "archive");
  g_assert_null (mikro_entity_metadata_get_db_schema (mikro_orm_get_metadata (orm, peer_get_type ())));
  {
    g_autofree char *value = NULL;

    g_object_get (rel, "db-schema", &value, NULL);
    g_assert_cmpstr (value, ==, "archive");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mikro/metadata/db-schema", test_db_schema);

  g_test_add_func ("/mikro/metadata/naming/underscore", test_underscore);
  g_test_add_func ("/mikro/metadata/naming/entity-case", test_entity_case);
  g_test_add_func ("/mikro/metadata/naming/custom", test_custom_naming);
  g_test_add_func ("/mikro/metadata/readable", test_readable);
  g_test_add_func ("/mikro/metadata/model-from-metadata", test_model_from_metadata);
  g_test_add_func ("/mikro/metadata/index-errors", test_index_errors);
  g_test_add_func ("/mikro/metadata/custom-type-errors", test_custom_type_errors);
  g_test_add_func ("/mikro/metadata/version-errors", test_version_errors);
  g_test_add_func ("/mikro/metadata/relations", test_relations_readable);
  g_test_add_func ("/mikro/metadata/inheritance-errors", test_inheritance_errors);
  g_test_add_func ("/mikro/metadata/embedded-errors", test_embedded_errors);
  for (guint i = 0; i < G_N_ELEMENTS (relation_mistakes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mikro/metadata/relation-errors/%s", relation_mistakes[i].name);

      g_test_add_data_func (path, &relation_mistakes[i], test_relation_mistake);
    }

  return g_test_run ();
}
