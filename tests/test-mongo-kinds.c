/* test-mongo-kinds.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Every value kind through the MongoDB driver: written, read back in a
 * fresh entity manager, filtered on, updated, and checked in the stored
 * documents themselves; plus the schema model from the metadata against
 * the one the database reports. Run with MIKRO_TEST_BACKEND=mongo. */

#include <string.h>

#include <mongoc/mongoc.h>

#include "test-backend.h"

static TestBackend backend;

/* ---------------------------------------------------------------------- */
/* An enum and a flags type of our own                                     */

typedef enum {
  TEST_COLOR_RED = 0,
  TEST_COLOR_GREEN = 5,
  TEST_COLOR_BLUE = 9,
} TestColor;

typedef enum {
  TEST_PERMS_NONE = 0,
  TEST_PERMS_READ = 1 << 0,
  TEST_PERMS_WRITE = 1 << 1,
  TEST_PERMS_EXEC = 1 << 2,
} TestPerms;

static GType
test_color_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TEST_COLOR_RED, "TEST_COLOR_RED", "red" },
        { TEST_COLOR_GREEN, "TEST_COLOR_GREEN", "green" },
        { TEST_COLOR_BLUE, "TEST_COLOR_BLUE", "blue" },
        { 0, NULL, NULL },
      };

      g_once_init_leave (&type_id, g_enum_register_static ("TestKindsColor", values));
    }

  return type_id;
}

static GType
test_perms_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GFlagsValue values[] = {
        { TEST_PERMS_NONE, "TEST_PERMS_NONE", "none" },
        { TEST_PERMS_READ, "TEST_PERMS_READ", "read" },
        { TEST_PERMS_WRITE, "TEST_PERMS_WRITE", "write" },
        { TEST_PERMS_EXEC, "TEST_PERMS_EXEC", "exec" },
        { 0, NULL, NULL },
      };

      g_once_init_leave (&type_id, g_flags_register_static ("TestKindsPerms", values));
    }

  return type_id;
}

/* ---------------------------------------------------------------------- */
/* TestKinds: one property of every kind                                   */

#define TEST_TYPE_KINDS (test_kinds_get_type ())
G_DECLARE_FINAL_TYPE (TestKinds, test_kinds, TEST, KINDS, MikroEntity)

enum {
  PROP_0,
  PROP_ID,
  PROP_FLAG,
  PROP_COUNT,
  PROP_UCOUNT,
  PROP_BIG,
  PROP_UBIG,
  PROP_RATIO,
  PROP_RATIO_F,
  PROP_TITLE,
  PROP_WHEN,
  PROP_COLOR,
  PROP_COLOR_CODE,
  PROP_PERMS,
  PROP_DATA,
  PROP_TAGS,
  PROP_PAYLOAD,
  PROP_EXTRA,
  N_PROPS
};

struct _TestKinds
{
  MikroEntity  parent_instance;
  GValue       values[N_PROPS];
};

G_DEFINE_FINAL_TYPE (TestKinds, test_kinds, MIKRO_TYPE_ENTITY)

static GParamSpec *kinds_props[N_PROPS];

/* g_param_values_cmp() compares boxed values by address, and variants
 * with g_variant_compare(), which takes basic types only. */
static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  GType type = pspec->value_type;

  if (G_TYPE_FUNDAMENTAL (type) == G_TYPE_VARIANT)
    {
      GVariant *va = g_value_get_variant (a);
      GVariant *vb = g_value_get_variant (b);

      return va == NULL || vb == NULL ? va == vb : g_variant_equal (va, vb);
    }

  if (G_TYPE_FUNDAMENTAL (type) == G_TYPE_BOXED)
    {
      gpointer pa = g_value_get_boxed (a);
      gpointer pb = g_value_get_boxed (b);

      if (pa == NULL || pb == NULL)
        return pa == pb;
      if (type == G_TYPE_DATE_TIME)
        return g_date_time_equal (pa, pb);
      if (type == G_TYPE_BYTES)
        return g_bytes_equal (pa, pb);
      if (type == G_TYPE_STRV)
        return g_strv_equal (pa, pb);
      if (type == JSON_TYPE_NODE)
        return json_node_equal (pa, pb);
      g_assert_not_reached ();
    }

  return g_param_values_cmp (pspec, a, b) == 0;
}

static void
test_kinds_finalize (GObject *object)
{
  TestKinds *self = TEST_KINDS (object);

  for (guint i = 1; i < N_PROPS; i++)
    g_value_unset (&self->values[i]);

  G_OBJECT_CLASS (test_kinds_parent_class)->finalize (object);
}

static void
test_kinds_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  g_value_copy (&TEST_KINDS (object)->values[prop_id], value);
}

static void
test_kinds_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TestKinds *self = TEST_KINDS (object);

  if (values_equal (pspec, &self->values[prop_id], value))
    return;
  g_value_unset (&self->values[prop_id]);
  g_value_init (&self->values[prop_id], pspec->value_type);
  g_value_copy (value, &self->values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

static void
test_kinds_class_init (TestKindsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = NULL;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  MikroPropertyFlags nullable = MIKRO_PROPERTY_NULLABLE;
  MikroProperty *prop;
  const char *color_count[] = { "color", "count", NULL };
  const char *id_when[] = { "id", "when", NULL };
  const char *ucount_perms[] = { "ucount", "perms", NULL };

  object_class->finalize = test_kinds_finalize;
  object_class->get_property = test_kinds_get_property;
  object_class->set_property = test_kinds_set_property;

  kinds_props[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  kinds_props[PROP_FLAG] = g_param_spec_boolean ("flag", NULL, NULL, FALSE, flags);
  kinds_props[PROP_COUNT] = g_param_spec_int ("count", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  kinds_props[PROP_UCOUNT] = g_param_spec_uint ("ucount", NULL, NULL, 0, G_MAXUINT, 0, flags);
  kinds_props[PROP_BIG] = g_param_spec_int64 ("big", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  kinds_props[PROP_UBIG] = g_param_spec_uint64 ("ubig", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  kinds_props[PROP_RATIO] = g_param_spec_double ("ratio", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  kinds_props[PROP_RATIO_F] = g_param_spec_float ("ratio-f", NULL, NULL, -G_MAXFLOAT, G_MAXFLOAT, 0, flags);
  kinds_props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  kinds_props[PROP_WHEN] = g_param_spec_boxed ("when", NULL, NULL, G_TYPE_DATE_TIME, flags);
  kinds_props[PROP_COLOR] = g_param_spec_enum ("color", NULL, NULL, test_color_get_type (),
                                               TEST_COLOR_RED, flags);
  kinds_props[PROP_COLOR_CODE] = g_param_spec_enum ("color-code", NULL, NULL, test_color_get_type (),
                                                    TEST_COLOR_RED, flags);
  kinds_props[PROP_PERMS] = g_param_spec_flags ("perms", NULL, NULL, test_perms_get_type (),
                                                TEST_PERMS_NONE, flags);
  kinds_props[PROP_DATA] = g_param_spec_boxed ("data", NULL, NULL, G_TYPE_BYTES, flags);
  kinds_props[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  kinds_props[PROP_PAYLOAD] = g_param_spec_boxed ("payload", NULL, NULL, JSON_TYPE_NODE, flags);
  kinds_props[PROP_EXTRA] = g_param_spec_variant ("extra", NULL, NULL, G_VARIANT_TYPE_ANY, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, kinds_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "kinds");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "flag", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "count", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "ucount", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "big", NULL, MIKRO_PROPERTY_INDEX);
  mikro_entity_schema_add_property (schema, "ubig", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "ratio", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "ratio-f", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_UNIQUE | nullable);
  mikro_entity_schema_add_property (schema, "when", NULL, nullable);
  mikro_entity_schema_add_property (schema, "color", NULL, MIKRO_PROPERTY_NONE);
  prop = mikro_entity_schema_add_property (schema, "color-code", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_enum_mode (prop, MIKRO_ENUM_MODE_INTEGER);
  mikro_entity_schema_add_property (schema, "perms", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "data", NULL, nullable);
  mikro_entity_schema_add_property (schema, "tags", NULL, nullable);
  mikro_entity_schema_add_property (schema, "payload", NULL, nullable);
  mikro_entity_schema_add_property (schema, "extra", NULL, nullable);
  mikro_entity_schema_add_index (schema, "kinds_by_color_and_count", color_count);
  /* the key's column is `_id` in the index */
  mikro_entity_schema_add_index (schema, "kinds_by_id_and_when", id_when);
  mikro_entity_schema_add_unique (schema, "kinds_ucount_perms_unique", ucount_perms);
  mikro_entity_schema_register (schema);
}

static void
test_kinds_init (TestKinds *self)
{
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&self->values[i], kinds_props[i]->value_type);
      g_param_value_set_default (kinds_props[i], &self->values[i]);
    }
}

/* ---------------------------------------------------------------------- */
/* Fixture: three entities, A with extreme values, B ordinary, C NULLs     */

typedef struct
{
  MikroOrm    *orm;
  MikroEntity *a;
  MikroEntity *b;
  MikroEntity *c;
} Fixture;

static const guint8 a_data[] = { 0x00, 0xff, 0x10, 'a', 0x00 };
static const char *a_tags[] = { "a", "b c", "", "ünï", NULL };
static const char *a_payload =
  "{\"a\": 1, \"b\": [true, null, 2.5, \"x\"], \"c\": {\"d\": -9007199254740993}, \"e\": 1.0}";
static const char *a_extra = "(7, 'x', {'k': <uint64 5>}, @as [])";

/* BSON keeps milliseconds; built from whole seconds so that no binary
 * fraction rounds down below one */
static GDateTime *
new_date_time (int year,
               int month,
               int day,
               int hour,
               int minute,
               int second,
               int msec)
{
  g_autoptr(GDateTime) whole = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_add (whole, msec * G_TIME_SPAN_MILLISECOND);
}

static MikroEntity *
new_a (void)
{
  g_autoptr(GDateTime) when = new_date_time (2024, 2, 29, 12, 34, 56, 789);
  g_autoptr(GBytes) data = g_bytes_new_static (a_data, sizeof a_data);
  g_autoptr(JsonNode) payload = json_from_string (a_payload, NULL);
  g_autoptr(GVariant) extra = g_variant_parse (NULL, a_extra, NULL, NULL, NULL);

  g_assert_nonnull (payload);
  g_assert_nonnull (extra);

  return g_object_new (TEST_TYPE_KINDS,
                       "flag", TRUE,
                       "count", G_MININT,
                       "ucount", G_MAXUINT,
                       "big", G_MININT64,
                       "ubig", G_MAXUINT64,
                       "ratio", 3.141592653589793,
                       "ratio-f", 0.1f,
                       "title", "héllo “wörld”",
                       "when", when,
                       "color", TEST_COLOR_GREEN,
                       "color-code", TEST_COLOR_BLUE,
                       "perms", TEST_PERMS_READ | TEST_PERMS_EXEC,
                       "data", data,
                       "tags", a_tags,
                       "payload", payload,
                       "extra", extra,
                       NULL);
}

static MikroEntity *
new_b (void)
{
  const char *no_tags[] = { NULL };
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(JsonNode) payload = json_from_string ("[1, 2]", NULL);

  return g_object_new (TEST_TYPE_KINDS,
                       "count", 1,
                       "ucount", 2,
                       "big", (gint64) 3,
                       "ubig", (guint64) 4,
                       "ratio", -0.5,
                       "ratio-f", 1.5f,
                       "title", "b",
                       "color", TEST_COLOR_RED,
                       "color-code", TEST_COLOR_RED,
                       "perms", TEST_PERMS_NONE,
                       "data", empty,
                       "tags", no_tags,
                       "payload", payload,
                       "extra", g_variant_new_int64 (-1),
                       NULL);
}

static MikroEntity *
new_c (void)
{
  return g_object_new (TEST_TYPE_KINDS,
                       "count", 2,
                       "ucount", 3,
                       NULL);
}

static char *
get_id (MikroEntity *entity)
{
  char *id = NULL;

  g_object_get (entity, "id", &id, NULL);
  return id;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;

  if (!test_backend_available (&backend))
    return;

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, TEST_TYPE_KINDS, &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);

  fixture->a = new_a ();
  fixture->b = new_b ();
  fixture->c = new_c ();

  em = mikro_orm_create_entity_manager (fixture->orm);
  mikro_entity_manager_persist (em, fixture->a, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, fixture->b, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, fixture->c, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->orm != NULL)
    {
      g_autoptr(GError) error = NULL;

      mikro_orm_drop_schema (fixture->orm, &error);
      g_assert_no_error (error);
      mikro_orm_close (fixture->orm);
    }
  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
  g_clear_object (&fixture->c);
  g_clear_object (&fixture->orm);
}

static MikroEntity *
reload (MikroOrm    *orm,
        MikroEntity *entity)
{
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  MikroEntity *found;

  g_value_init (&pk, G_TYPE_STRING);
  g_object_get_property (G_OBJECT (entity), "id", &pk);
  g_assert_cmpuint (strlen (g_value_get_string (&pk)), ==, 24);

  found = mikro_entity_manager_find_one (em, TEST_TYPE_KINDS, &pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (found != entity);

  return found;
}

/* Every property of @actual as in @expected. */
static void
assert_same_values (MikroEntity *expected,
                    MikroEntity *actual)
{
  for (guint i = PROP_ID; i < N_PROPS; i++)
    {
      GParamSpec *pspec = kinds_props[i];
      g_auto(GValue) want = G_VALUE_INIT;
      g_auto(GValue) got = G_VALUE_INIT;

      g_value_init (&want, pspec->value_type);
      g_value_init (&got, pspec->value_type);
      g_object_get_property (G_OBJECT (expected), pspec->name, &want);
      g_object_get_property (G_OBJECT (actual), pspec->name, &got);

      if (!values_equal (pspec, &want, &got))
        {
          g_autofree char *want_text = g_strdup_value_contents (&want);
          g_autofree char *got_text = g_strdup_value_contents (&got);

          if (pspec->value_type == JSON_TYPE_NODE)
            {
              g_free (want_text);
              g_free (got_text);
              want_text = g_value_get_boxed (&want) ? json_to_string (g_value_get_boxed (&want), FALSE) : NULL;
              got_text = g_value_get_boxed (&got) ? json_to_string (g_value_get_boxed (&got), FALSE) : NULL;
            }
          g_error ("property “%s”: expected %s, read back %s", pspec->name, want_text, got_text);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* The stored documents                                                    */

static mongoc_client_t *
new_client (void)
{
  bson_error_t berr;
  mongoc_uri_t *uri = mongoc_uri_new_with_error (backend.uri, &berr);
  mongoc_client_t *client;

  g_assert_nonnull (uri);
  client = mongoc_client_new_from_uri (uri);
  mongoc_uri_destroy (uri);
  g_assert_nonnull (client);

  return client;
}

static mongoc_collection_t *
get_collection (mongoc_client_t *client)
{
  mongoc_uri_t *uri = mongoc_uri_new (backend.uri);
  mongoc_collection_t *collection = mongoc_client_get_collection (client, mongoc_uri_get_database (uri), "kinds");

  mongoc_uri_destroy (uri);
  return collection;
}

/* The document of @entity, as stored. */
static bson_t *
fetch_document (MikroEntity *entity)
{
  g_autofree char *id = get_id (entity);
  mongoc_client_t *client = new_client ();
  mongoc_collection_t *collection = get_collection (client);
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

  g_assert_nonnull (copy);
  return copy;
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
test_storage (Fixture       *fixture,
              gconstpointer  data)
{
  bson_t *doc;
  bson_iter_t iter, child;

  if (fixture->orm == NULL)
    return;

  doc = fetch_document (fixture->a);
  {
    char *json = bson_as_canonical_extended_json (doc, NULL);

    g_test_message ("%s", json);
    bson_free (json);
  }
  assert_field_type (doc, "_id", BSON_TYPE_OID);
  assert_field_type (doc, "flag", BSON_TYPE_BOOL);
  assert_field_type (doc, "count", BSON_TYPE_INT32);
  assert_field_type (doc, "ucount", BSON_TYPE_INT64);
  assert_field_type (doc, "big", BSON_TYPE_INT64);
  assert_field_utf8 (doc, "ubig", "18446744073709551615");
  assert_field_type (doc, "ratio", BSON_TYPE_DOUBLE);
  /* the float as the shortest decimal, not as its exact double */
  assert_field_type (doc, "ratio_f", BSON_TYPE_DOUBLE);
  bson_iter_init_find (&iter, doc, "ratio_f");
  g_assert_cmpfloat (bson_iter_double (&iter), ==, 0.1);
  assert_field_utf8 (doc, "title", "héllo “wörld”");
  assert_field_type (doc, "when", BSON_TYPE_DATE_TIME);
  assert_field_utf8 (doc, "color", "green");
  assert_field_type (doc, "color_code", BSON_TYPE_INT64);
  bson_iter_init_find (&iter, doc, "color_code");
  g_assert_cmpint (bson_iter_int64 (&iter), ==, TEST_COLOR_BLUE);
  assert_field_utf8 (doc, "perms", "read|exec");
  assert_field_type (doc, "data", BSON_TYPE_BINARY);
  {
    bson_subtype_t subtype;
    guint32 len;
    const guint8 *bin;

    bson_iter_init_find (&iter, doc, "data");
    bson_iter_binary (&iter, &subtype, &len, &bin);
    g_assert_cmpint (subtype, ==, BSON_SUBTYPE_BINARY);
    g_assert_cmpmem (bin, len, a_data, sizeof a_data);
  }
  assert_field_type (doc, "tags", BSON_TYPE_ARRAY);
  assert_field_type (doc, "payload", BSON_TYPE_DOCUMENT);
  g_assert_true (bson_iter_init_find (&iter, doc, "payload"));
  g_assert_true (bson_iter_recurse (&iter, &child));
  g_assert_true (bson_iter_find_descendant (&child, "c.d", &iter));
  g_assert_cmpint (bson_iter_type (&iter), ==, BSON_TYPE_INT64);
  g_assert_cmpint (bson_iter_int64 (&iter), ==, G_GINT64_CONSTANT (-9007199254740993));
  bson_iter_init_find (&iter, doc, "payload");
  bson_iter_recurse (&iter, &child);
  g_assert_true (bson_iter_find (&child, "e"));
  g_assert_cmpint (bson_iter_type (&child), ==, BSON_TYPE_DOUBLE);
  assert_field_type (doc, "extra", BSON_TYPE_UTF8);
  bson_destroy (doc);

  /* NULLs are absent fields */
  doc = fetch_document (fixture->c);
  {
    const char *absent[] = { "title", "when", "data", "tags", "payload", "extra" };

    for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
      g_assert_false (bson_iter_init_find (&iter, doc, absent[i]));
  }
  assert_field_utf8 (doc, "perms", "");
  bson_destroy (doc);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  MikroEntity *originals[3];

  if (fixture->orm == NULL)
    return;

  originals[0] = fixture->a;
  originals[1] = fixture->b;
  originals[2] = fixture->c;

  for (guint i = 0; i < G_N_ELEMENTS (originals); i++)
    {
      g_autoptr(MikroEntity) found = reload (fixture->orm, originals[i]);

      assert_same_values (originals[i], found);
    }
}

/* The titles of what @filter finds, in _id (insertion) order, "-" for
 * NULL, joined by ",". */
static char *
find_titles (MikroOrm   *orm,
             const char *filter)
{
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);

  found = mikro_entity_manager_find (em, TEST_TYPE_KINDS, filter, &error);
  if (error != NULL)
    g_error ("%s: %s", filter, error->message);

  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(GObject) entity = g_list_model_get_item (found, i);
      g_autofree char *title = NULL;

      g_object_get (entity, "title", &title, NULL);
      if (titles->len > 0)
        g_string_append_c (titles, ',');
      g_string_append (titles, title != NULL ? title : "-");
    }

  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static void
assert_finds (MikroOrm   *orm,
              const char *filter,
              const char *expected)
{
  g_autofree char *titles = find_titles (orm, filter);

  if (g_strcmp0 (titles, expected) != 0)
    g_error ("%s finds “%s”, expected “%s”", filter, titles, expected);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *payload_filter = NULL;

  if (fixture->orm == NULL)
    return;

  assert_finds (fixture->orm, "{\"color\": \"green\"}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"color\": {\"$in\": [\"red\", \"blue\"]}}", "b,-");
  /* integer mode, still filtered by nick */
  assert_finds (fixture->orm, "{\"color-code\": \"blue\"}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"color-code\": {\"$gt\": \"red\"}}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"perms\": \"read|exec\"}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"count\": {\"$in\": [1, 2]}}", "b,-");
  assert_finds (fixture->orm, "{\"count\": {\"$lt\": 0}}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"ucount\": {\"$gte\": 4294967295}}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"big\": {\"$lt\": -9223372036854775807}}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"ubig\": 4}", "b");
  assert_finds (fixture->orm, "{\"ratio-f\": 0.1}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"ratio-f\": {\"$gt\": 1}}", "b");
  assert_finds (fixture->orm, "{\"flag\": true}", "héllo “wörld”");

  payload_filter = g_strdup_printf ("{\"payload\": {\"$eq\": %s}}", a_payload);
  assert_finds (fixture->orm, payload_filter, "héllo “wörld”");
  assert_finds (fixture->orm, "{\"payload\": {\"$eq\": [1, 2]}}", "b");
  assert_finds (fixture->orm, "{\"payload\": {\"$eq\": {\"a\": 2}}}", "");
  assert_finds (fixture->orm, "{\"tags\": {\"$eq\": [\"a\", \"b c\", \"\", \"ünï\"]}}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"extra\": \"int64 -1\"}", "b");
  /* base64 of the bytes */
  assert_finds (fixture->orm, "{\"data\": \"AP8QYQA=\"}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"data\": null}", "-");
  assert_finds (fixture->orm, "{\"tags\": null, \"payload\": null, \"extra\": null}", "-");
  assert_finds (fixture->orm, "{\"when\": {\"$ne\": null}}", "héllo “wörld”");
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntity) a = NULL;
  g_autoptr(MikroEntity) b = NULL;
  g_autoptr(MikroEntity) a2 = NULL;
  g_autoptr(MikroEntity) b2 = NULL;
  g_autoptr(GDateTime) when = new_date_time (1999, 12, 31, 23, 59, 59, 500);
  g_autoptr(GBytes) bytes = g_bytes_new ("new", 3);
  g_autoptr(JsonNode) payload = json_from_string ("{\"x\": \"y\", \"n\": [1.5, {\"z\": false}]}", NULL);
  g_autoptr(JsonNode) json_null = json_node_new (JSON_NODE_NULL);
  const char *tags[] = { "z", NULL };
  g_auto(GValue) pk = G_VALUE_INIT;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  g_value_init (&pk, G_TYPE_STRING);

  g_object_get_property (G_OBJECT (fixture->a), "id", &pk);
  a = mikro_entity_manager_find_one (em, TEST_TYPE_KINDS, &pk, &error);
  g_assert_no_error (error);
  g_object_get_property (G_OBJECT (fixture->b), "id", &pk);
  b = mikro_entity_manager_find_one (em, TEST_TYPE_KINDS, &pk, &error);
  g_assert_no_error (error);

  g_object_set (a,
                "count", 42,
                "ubig", G_GUINT64_CONSTANT (12345678901234567890),
                "ratio-f", 2.25f,
                "when", when,
                "color", TEST_COLOR_RED,
                "color-code", TEST_COLOR_GREEN,
                "perms", TEST_PERMS_WRITE,
                "data", bytes,
                "tags", tags,
                "payload", payload,
                "extra", g_variant_new_string ("s"),
                NULL);
  /* to NULL: an $unset; JSON null is a value */
  g_object_set (b,
                "tags", NULL,
                "data", NULL,
                "title", NULL,
                "payload", json_null,
                NULL);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  a2 = reload (fixture->orm, a);
  assert_same_values (a, a2);
  b2 = reload (fixture->orm, b);
  assert_same_values (b, b2);

  assert_finds (fixture->orm, "{\"color-code\": \"green\"}", "héllo “wörld”");
  assert_finds (fixture->orm, "{\"payload\": {\"$eq\": {\"x\": \"y\", \"n\": [1.5, {\"z\": false}]}}}",
                "héllo “wörld”");
}

/* Documents other programs wrote, with other types than the driver
 * writes: read as well as can be. */
static void
test_tolerant_read (Fixture       *fixture,
                    gconstpointer  data)
{
  mongoc_client_t *client;
  mongoc_collection_t *collection;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *payload_text = NULL;
  bson_t *doc;
  bson_error_t berr;
  bson_oid_t oid;
  char hex[25];
  guint ucount = 0;
  guint64 ubig = 0;
  float ratio_f = 0;
  int color = 0, color_code = 0, count = 0;
  guint perms = 0;

  if (fixture->orm == NULL)
    return;

  bson_oid_init (&oid, NULL);
  bson_oid_to_string (&oid, hex);
  doc = BCON_NEW ("_id", BCON_OID (&oid),
                  "count", BCON_DOUBLE (7.0),
                  "ucount", BCON_UTF8 ("7"),
                  "ubig", BCON_INT32 (5),
                  "ratio_f", BCON_INT32 (2),
                  "color", BCON_INT32 (TEST_COLOR_BLUE),
                  "color_code", BCON_UTF8 ("green"),
                  "perms", BCON_INT64 (TEST_PERMS_READ | TEST_PERMS_WRITE),
                  "data", BCON_UTF8 ("text"),
                  "tags", "[", BCON_UTF8 ("q"), BCON_INT32 (3), "]",
                  "payload", "{", "id", BCON_OID (&oid), "n", BCON_NULL, "}");

  client = new_client ();
  collection = get_collection (client);
  if (!mongoc_collection_insert_one (collection, doc, NULL, NULL, &berr))
    g_error ("insert: %s", berr.message);
  mongoc_collection_destroy (collection);
  mongoc_client_destroy (client);
  bson_destroy (doc);

  em = mikro_orm_create_entity_manager (fixture->orm);
  {
    g_autofree char *filter = g_strdup_printf ("{\"id\": \"%s\"}", hex);

    found = mikro_entity_manager_find_one_by (em, TEST_TYPE_KINDS, filter, &error);
    g_assert_no_error (error);
    g_assert_nonnull (found);
  }

  g_object_get (found,
                "count", &count,
                "ucount", &ucount,
                "ubig", &ubig,
                "ratio-f", &ratio_f,
                "color", &color,
                "color-code", &color_code,
                "perms", &perms,
                "data", &bytes,
                "tags", &tags,
                "payload", &payload,
                NULL);
  g_assert_cmpint (count, ==, 7);
  g_assert_cmpuint (ucount, ==, 7);
  g_assert_cmpuint (ubig, ==, 5);
  g_assert_cmpfloat (ratio_f, ==, 2.0f);
  g_assert_cmpint (color, ==, TEST_COLOR_BLUE);
  g_assert_cmpint (color_code, ==, TEST_COLOR_GREEN);
  g_assert_cmpuint (perms, ==, TEST_PERMS_READ | TEST_PERMS_WRITE);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "text", 4);
  g_assert_nonnull (tags);
  g_assert_cmpstrv (tags, ((const char *[]) { "q", "3", NULL }));
  g_assert_nonnull (payload);
  payload_text = json_to_string (payload, FALSE);
  {
    g_autofree char *expected = g_strdup_printf ("{\"id\":\"%s\",\"n\":null}", hex);

    g_assert_cmpstr (payload_text, ==, expected);
  }
}

static void
test_describe_schema (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) after_drop = NULL;
  g_autofree char *wanted_text = NULL;
  g_autofree char *actual_text = NULL;
  JsonObject *table;
  JsonArray *tables;
  JsonArray *indexes;
  const char *names[] = {
    "kinds_big_index",
    "kinds_by_color_and_count",
    "kinds_by_id_and_when",
    "kinds_title_unique",
    "kinds_ucount_perms_unique",
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

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (actual), "dialect"), ==, "mongodb");
  tables = json_object_get_array_member (json_node_get_object (actual), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 1);
  table = json_array_get_object_element (tables, 0);
  g_assert_cmpstr (json_object_get_string_member (table, "name"), ==, "kinds");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (table, "primary_key"), "name"),
                   ==, "_id_");
  indexes = json_object_get_array_member (table, "indexes");
  g_assert_cmpuint (json_array_get_length (indexes), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *index = json_array_get_object_element (indexes, i);
      JsonArray *columns = json_object_get_array_member (index, "columns");

      g_assert_cmpstr (json_object_get_string_member (index, "name"), ==, names[i]);
      g_assert_cmpint (json_object_get_boolean_member (index, "unique"), ==,
                       g_str_has_suffix (names[i], "_unique"));
      if (g_str_equal (names[i], "kinds_by_id_and_when"))
        {
          g_assert_cmpuint (json_array_get_length (columns), ==, 2);
          g_assert_cmpstr (json_array_get_string_element (columns, 0), ==, "_id");
          g_assert_cmpstr (json_array_get_string_element (columns, 1), ==, "when");
        }
    }

  /* the composite unique index holds */
  {
    g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (fixture->orm);
    g_autoptr(MikroEntity) twin = g_object_new (TEST_TYPE_KINDS, "ucount", 3, NULL);

    mikro_entity_manager_persist (em, twin, &error);
    g_assert_no_error (error);
    g_assert_false (mikro_entity_manager_flush (em, &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }

  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  after_drop = mikro_orm_describe_schema (fixture->orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  tables = json_object_get_array_member (json_node_get_object (after_drop), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);
  if (!backend.mongo)
    g_error ("test-mongo-kinds runs with MIKRO_TEST_BACKEND=mongo, not %s", backend.name);

  mongoc_init ();

#define ADD(path, func) \
  g_test_add ("/mikro/mongo/kinds/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("round-trip", test_round_trip);
  ADD ("storage", test_storage);
  ADD ("filters", test_filters);
  ADD ("update", test_update);
  ADD ("tolerant-read", test_tolerant_read);
  ADD ("describe-schema", test_describe_schema);
#undef ADD

  ret = g_test_run ();
  test_backend_clear (&backend);
  mongoc_cleanup ();
  return ret;
}
