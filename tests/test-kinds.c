/* test-kinds.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Every mapped value type survives a write and a read on each SQL backend,
 * can be filtered on, and is updated only when its value changes; an
 * enumeration in native mode gets the database's own enumeration type. */

#include <string.h>

#include <json-glib/json-glib.h>

#include "test-backend.h"
#include "test-entities.h"

static TestBackend backend;

/* Native enumerations: a palette whose tone is a GEnum in native mode,
 * and a wider palette on the same table whose enumeration has one value
 * more, which the narrow palette's database type must refuse. */

typedef enum {
  TEST_WIDE_COLOR_RED,
  TEST_WIDE_COLOR_GREEN,
  TEST_WIDE_COLOR_BLUE,
  TEST_WIDE_COLOR_PURPLE,
} TestWideColor;

static GType
test_wide_color_get_type (void)
{
  static gsize type;
  static const GEnumValue values[] = {
    { TEST_WIDE_COLOR_RED, "TEST_WIDE_COLOR_RED", "red" },
    { TEST_WIDE_COLOR_GREEN, "TEST_WIDE_COLOR_GREEN", "green" },
    { TEST_WIDE_COLOR_BLUE, "TEST_WIDE_COLOR_BLUE", "blue" },
    { TEST_WIDE_COLOR_PURPLE, "TEST_WIDE_COLOR_PURPLE", "purple" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("TestWideColor", values));
  return type;
}

enum {
  PALETTE_PROP_0,
  PALETTE_PROP_ID,
  PALETTE_PROP_TONE,
  PALETTE_PROP_PERMS,
  PALETTE_PROP_LABEL,
  PALETTE_N_PROPS
};

#define TEST_TYPE_PALETTE (test_palette_get_type ())
G_DECLARE_FINAL_TYPE (TestPalette, test_palette, TEST, PALETTE, MikroEntity)
#define TEST_TYPE_PALETTE_WIDE (test_palette_wide_get_type ())
G_DECLARE_FINAL_TYPE (TestPaletteWide, test_palette_wide, TEST, PALETTE_WIDE, MikroEntity)

struct _TestPalette
{
  MikroEntity parent_instance;
  GValue      values[PALETTE_N_PROPS];
};

struct _TestPaletteWide
{
  MikroEntity parent_instance;
  GValue      values[PALETTE_N_PROPS];
};

G_DEFINE_FINAL_TYPE (TestPalette, test_palette, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestPaletteWide, test_palette_wide, MIKRO_TYPE_ENTITY)

static GParamSpec *palette_props[PALETTE_N_PROPS];
static GParamSpec *palette_wide_props[PALETTE_N_PROPS];

/* Both types keep their values in the same place. */
static GValue *
palette_values (GObject *object)
{
  return TEST_IS_PALETTE (object) ? TEST_PALETTE (object)->values : TEST_PALETTE_WIDE (object)->values;
}

static void
palette_finalize (GObject *object)
{
  GValue *values = palette_values (object);

  for (guint i = 1; i < PALETTE_N_PROPS; i++)
    g_value_unset (&values[i]);
  G_OBJECT_CLASS (g_type_class_peek_parent (G_OBJECT_GET_CLASS (object)))->finalize (object);
}

static void
palette_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  g_value_copy (&palette_values (object)[prop_id], value);
}

static void
palette_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  GValue *values = palette_values (object);

  if (g_param_values_cmp (pspec, &values[prop_id], value) == 0)
    return;
  g_value_copy (value, &values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

static void
palette_class_setup (GObjectClass *object_class,
                     GParamSpec  **props,
                     GType         color_type)
{
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  g_autoptr(MikroEntitySchema) schema = NULL;
  g_auto(GValue) green = G_VALUE_INIT;
  MikroProperty *prop;

  object_class->finalize = palette_finalize;
  object_class->get_property = palette_get_property;
  object_class->set_property = palette_set_property;

  props[PALETTE_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PALETTE_PROP_TONE] = g_param_spec_enum ("tone", NULL, NULL, color_type, 0, flags);
  props[PALETTE_PROP_PERMS] = g_param_spec_flags ("perms", NULL, NULL, test_perm_get_type (), 0, flags);
  props[PALETTE_PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, PALETTE_N_PROPS, props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (object_class), "palette");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  prop = mikro_entity_schema_add_property (schema, "tone", NULL, MIKRO_PROPERTY_INDEX);
  mikro_property_set_enum_mode (prop, MIKRO_ENUM_MODE_NATIVE);
  /* a default spelt as the nick: the catalogue adds its cast */
  g_value_init (&green, G_TYPE_STRING);
  g_value_set_string (&green, "green");
  mikro_property_set_default (prop, &green);
  /* flags have no native type: still their text */
  prop = mikro_entity_schema_add_property (schema, "perms", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_enum_mode (prop, MIKRO_ENUM_MODE_NATIVE);
  mikro_entity_schema_add_property (schema, "label", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
palette_instance_init (GValue      *values,
                       GParamSpec **props)
{
  for (guint i = 1; i < PALETTE_N_PROPS; i++)
    {
      g_value_init (&values[i], props[i]->value_type);
      g_param_value_set_default (props[i], &values[i]);
    }
}

static void
test_palette_class_init (TestPaletteClass *klass)
{
  palette_class_setup (G_OBJECT_CLASS (klass), palette_props, test_color_get_type ());
}

static void
test_palette_init (TestPalette *self)
{
  palette_instance_init (self->values, palette_props);
}

static void
test_palette_wide_class_init (TestPaletteWideClass *klass)
{
  palette_class_setup (G_OBJECT_CLASS (klass), palette_wide_props, test_wide_color_get_type ());
}

static void
test_palette_wide_init (TestPaletteWide *self)
{
  palette_instance_init (self->values, palette_wide_props);
}

static MikroEntity *
new_kinds (guint n)
{
  g_autoptr(GDateTime) at = g_date_time_new_utc (2001, 2, 3, 4, 5, 6.5);
  g_autoptr(GBytes) blob = g_bytes_new ("\0\1\2binary\377", 10);
  const char *tags[] = { "a", "b c", "ü", NULL };
  g_autoptr(JsonNode) doc = json_from_string ("{\"k\": [1, 2.5, \"x\", null, true]}", NULL);
  g_autoptr(GVariant) extra = g_variant_ref_sink (g_variant_new_parsed ("{'x': <(1, 'y')>}"));

  return g_object_new (TEST_TYPE_KINDS,
                       "flag", TRUE,
                       "small", -42 * (int)n,
                       "count", 4000000000u,
                       "big", G_GINT64_CONSTANT (-9000000000000000000) + n,
                       "huge", G_GUINT64_CONSTANT (18000000000000000000) + n,
                       "ratio", 0.125 * n,
                       "weight", 1.5f,
                       "label", n == 1 ? "first" : "second",
                       "at", at,
                       "color", n == 1 ? TEST_COLOR_GREEN : TEST_COLOR_BLUE,
                       "shade", TEST_COLOR_BLUE,
                       "perms", TEST_PERM_READ | TEST_PERM_EXEC,
                       "blob", blob,
                       "tags", tags,
                       "doc", doc,
                       "extra", extra,
                       NULL);
}

static void
assert_same (MikroEntity *a,
             MikroEntity *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;
      g_autofree char *sa = NULL;
      g_autofree char *sb = NULL;

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);

      /* NULL on one side only is a difference; on both, equality */
      if ((G_TYPE_IS_BOXED (pspecs[i]->value_type) || pspecs[i]->value_type == G_TYPE_VARIANT) &&
          (g_value_peek_pointer (&va) == NULL || g_value_peek_pointer (&vb) == NULL))
        {
          g_assert_true (g_value_peek_pointer (&va) == g_value_peek_pointer (&vb));
          continue;
        }

      if (pspecs[i]->value_type == G_TYPE_DATE_TIME)
        {
          g_assert_true (g_date_time_equal (g_value_get_boxed (&va), g_value_get_boxed (&vb)));
          continue;
        }
      if (pspecs[i]->value_type == G_TYPE_BYTES)
        {
          g_assert_true (g_bytes_equal (g_value_get_boxed (&va), g_value_get_boxed (&vb)));
          continue;
        }
      if (pspecs[i]->value_type == JSON_TYPE_NODE)
        {
          g_assert_true (json_node_equal (g_value_get_boxed (&va), g_value_get_boxed (&vb)));
          continue;
        }
      if (pspecs[i]->value_type == G_TYPE_VARIANT)
        {
          g_assert_true (g_variant_equal (g_value_get_variant (&va), g_value_get_variant (&vb)));
          continue;
        }

      sa = g_strdup_value_contents (&va);
      sb = g_strdup_value_contents (&vb);
      if (pspecs[i]->value_type == G_TYPE_STRV)
        g_assert_true (g_strv_equal (g_value_get_boxed (&va), g_value_get_boxed (&vb)));
      else
        g_assert_cmpstr (sa, ==, sb);
    }
}

static gint64
get_id (MikroEntity *entity)
{
  gint64 id;

  g_object_get (entity, "id", &id, NULL);
  return id;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntityManager) em3 = NULL;
  g_autoptr(MikroEntity) one = NULL;
  g_autoptr(MikroEntity) two = NULL;
  g_autoptr(MikroEntity) empty = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) found_empty = NULL;
  g_autoptr(MikroEntity) reloaded = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  static const struct {
    const char *filter;
    guint       expected;
  } filters[] = {
    { "{\"color\": \"green\"}", 1 },
    { "{\"color\": {\"$in\": [\"green\", \"blue\"]}}", 2 },
    { "{\"shade\": \"blue\"}", 2 },
    { "{\"shade\": 2}", 2 },
    { "{\"count\": 4000000000}", 2 },
    { "{\"small\": {\"$lt\": -50}}", 1 },
    { "{\"flag\": true}", 2 },
    { "{\"perms\": \"read|exec\"}", 2 },
    { "{\"label\": null}", 1 },
    { "{\"big\": {\"$gt\": -8999999999999999999}}", 2 },
  };

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_KINDS, &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  em = mikro_orm_create_entity_manager (orm);
  one = new_kinds (1);
  two = new_kinds (2);
  empty = g_object_new (TEST_TYPE_KINDS, NULL);
  mikro_entity_manager_persist (em, one, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, two, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, empty, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  em2 = mikro_orm_create_entity_manager (orm);
  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, get_id (one));
  found = mikro_entity_manager_find_one (em2, TEST_TYPE_KINDS, &pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  assert_same (one, found);
  g_value_set_int64 (&pk, get_id (empty));
  found_empty = mikro_entity_manager_find_one (em2, TEST_TYPE_KINDS, &pk, &error);
  g_assert_no_error (error);
  assert_same (empty, found_empty);

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GListModel) result = mikro_entity_manager_find (em2, TEST_TYPE_KINDS, filters[i].filter, &error);

      g_test_message ("%s", filters[i].filter);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (result), ==, filters[i].expected);
    }

  /* setting equal structured values is not a change; a new one is */
  {
    const char *same_tags[] = { "a", "b c", "ü", NULL };
    const char *new_tags[] = { "z", NULL };
    g_autoptr(JsonNode) same_doc = json_from_string ("{\"k\": [1, 2.5, \"x\", null, true]}", NULL);

    g_object_set (found, "tags", same_tags, "doc", same_doc, NULL);
    g_assert_true (mikro_entity_is_dirty (found));
    mikro_entity_manager_flush (em2, &error);
    g_assert_no_error (error);

    g_autoptr(JsonNode) new_doc = json_from_string ("{\"k\": \"changed\"}", NULL);

    /* a JSON value in an UPDATE: PostgreSQL takes the text as jsonb */
    g_object_set (found, "tags", new_tags, "color", TEST_COLOR_RED, "huge", G_GUINT64_CONSTANT (7),
                  "perms", TEST_PERM_WRITE, "doc", new_doc, NULL);
    mikro_entity_manager_flush (em2, &error);
    g_assert_no_error (error);
  }

  em3 = mikro_orm_create_entity_manager (orm);
  g_value_set_int64 (&pk, get_id (one));
  reloaded = mikro_entity_manager_find_one (em3, TEST_TYPE_KINDS, &pk, &error);
  g_assert_no_error (error);
  assert_same (found, reloaded);

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
}

static gboolean
is_sqlite (void)
{
  return g_str_has_prefix (backend.name, "sqlite");
}

static MikroOrm *
open_palette_orm (GType type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open (backend.uri, &error);

  g_assert_no_error (error);
  mikro_orm_add_entity (orm, type, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&orm);
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
  g_assert_not_reached ();
}

/* The model from the metadata and the one read from the catalogue are
 * the same document; returns the catalogue's. */
static JsonNode *
assert_schema_matches (MikroOrm *orm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) actual = NULL;

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
  return g_steal_pointer (&actual);
}

/* The model's enumeration types, which it leaves out when it has none. */
static guint
count_enums (JsonNode *model)
{
  JsonObject *root = json_node_get_object (model);

  if (!json_object_has_member (root, "enums"))
    return 0;
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "enums")), >, 0);
  return json_array_get_length (json_object_get_array_member (root, "enums"));
}

/* The column of a native enumeration has the database's enumeration type
 * (PostgreSQL's named by table and column, MariaDB's inline), text on
 * SQLite; flags stay text. The schema can be created over itself. */
static void
test_native_enum_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(JsonNode) model = NULL;
  JsonObject *table;
  JsonArray *columns;
  const char *tone_type, *perms_type;

  if (!test_backend_available (&backend))
    return;

  orm = open_palette_orm (TEST_TYPE_PALETTE);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  /* creating again leaves the type and the table alone */
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  model = assert_schema_matches (orm);
  {
    g_autofree char *text = json_to_string (model, TRUE);

    g_test_message ("%s", text);
  }
  table = find_named (json_object_get_array_member (json_node_get_object (model), "tables"), "palette");
  columns = json_object_get_array_member (table, "columns");
  tone_type = json_object_get_string_member (find_named (columns, "tone"), "type");
  perms_type = json_object_get_string_member (find_named (columns, "perms"), "type");
  g_assert_cmpstr (json_object_get_string_member (find_named (columns, "tone"), "default"), ==, "'green'");

  if (g_str_equal (backend.name, "postgresql"))
    {
      JsonArray *enums;
      JsonArray *values;

      g_assert_cmpstr (tone_type, ==, "palette_tone");
      g_assert_cmpstr (perms_type, ==, "character varying(255)");
      g_assert_cmpuint (count_enums (model), ==, 1);
      enums = json_object_get_array_member (json_node_get_object (model), "enums");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (enums, 0), "name"),
                       ==, "palette_tone");
      values = json_object_get_array_member (json_array_get_object_element (enums, 0), "values");
      g_assert_cmpuint (json_array_get_length (values), ==, 3);
      g_assert_cmpstr (json_array_get_string_element (values, 0), ==, "red");
      g_assert_cmpstr (json_array_get_string_element (values, 1), ==, "green");
      g_assert_cmpstr (json_array_get_string_element (values, 2), ==, "blue");
    }
  else if (g_str_equal (backend.name, "mariadb"))
    {
      g_assert_cmpstr (tone_type, ==, "enum('red','green','blue')");
      g_assert_cmpstr (perms_type, ==, "varchar(255)");
      g_assert_cmpuint (count_enums (model), ==, 0);
    }
  else
    {
      g_assert_cmpstr (tone_type, ==, "varchar(255)");
      g_assert_cmpstr (perms_type, ==, "varchar(255)");
      g_assert_cmpuint (count_enums (model), ==, 0);
    }

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
}

static MikroEntity *
new_palette (TestColor   tone,
             TestPerm    perms,
             const char *label)
{
  return g_object_new (TEST_TYPE_PALETTE, "tone", tone, "perms", perms, "label", label, NULL);
}

static MikroEntity *
find_palette (MikroOrm    *orm,
              MikroEntity *entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_auto(GValue) pk = G_VALUE_INIT;
  MikroEntity *found;

  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, get_id (entity));
  found = mikro_entity_manager_find_one (em, TEST_TYPE_PALETTE, &pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

/* Values go in and come back as themselves, can be filtered on, and are
 * updated one by one and in a batch. */
static void
test_native_enum_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) a = NULL;
  g_autoptr(MikroEntity) b = NULL;
  g_autoptr(MikroEntity) c = NULL;
  static const struct {
    const char *filter;
    guint       expected;
  } filters[] = {
    { "{\"tone\": \"green\"}", 1 },
    { "{\"tone\": {\"$in\": [\"green\", \"blue\"]}}", 2 },
    { "{\"tone\": {\"$nin\": [\"green\"]}}", 2 },
    { "{\"tone\": {\"$ne\": \"red\"}}", 2 },
    { "{\"tone\": \"blue\", \"label\": null}", 1 },
    { "{\"perms\": \"read|exec\"}", 1 },
  };

  if (!test_backend_available (&backend))
    return;

  orm = open_palette_orm (TEST_TYPE_PALETTE);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  em = mikro_orm_create_entity_manager (orm);
  a = new_palette (TEST_COLOR_GREEN, TEST_PERM_READ | TEST_PERM_EXEC, "a");
  b = new_palette (TEST_COLOR_BLUE, 0, NULL);
  c = new_palette (TEST_COLOR_RED, TEST_PERM_WRITE, "c");
  mikro_entity_manager_persist (em, a, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, b, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, c, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  {
    g_autoptr(MikroEntity) found_a = find_palette (orm, a);
    g_autoptr(MikroEntity) found_b = find_palette (orm, b);

    assert_same (a, found_a);
    assert_same (b, found_b);
  }

  {
    g_autoptr(MikroEntityManager) em2 = mikro_orm_create_entity_manager (orm);

    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      {
        g_autoptr(GListModel) result = mikro_entity_manager_find (em2, TEST_TYPE_PALETTE, filters[i].filter, &error);

        g_test_message ("%s", filters[i].filter);
        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (result), ==, filters[i].expected);
      }
    g_assert_cmpint (mikro_entity_manager_count (em2, TEST_TYPE_PALETTE, "{\"tone\": \"red\"}", &error), ==, 1);
    g_assert_no_error (error);
  }

  /* one row, then several in one statement */
  g_object_set (a, "tone", TEST_COLOR_RED, NULL);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_object_set (b, "tone", TEST_COLOR_GREEN, NULL);
  g_object_set (c, "tone", TEST_COLOR_BLUE, "perms", TEST_PERM_READ, NULL);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  {
    g_autoptr(MikroEntity) found_a = find_palette (orm, a);
    g_autoptr(MikroEntity) found_b = find_palette (orm, b);
    g_autoptr(MikroEntity) found_c = find_palette (orm, c);

    assert_same (a, found_a);
    assert_same (b, found_b);
    assert_same (c, found_c);
  }

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
}

/* A value the database type does not have is an error of the flush that
 * writes it, and nothing is written. Only where the type is native: SQLite
 * keeps text. */
static void
test_native_enum_rejected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroOrm) wide = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) wide_em = NULL;
  g_autoptr(MikroEntity) purple = NULL;
  g_autoptr(MikroEntity) red = NULL;

  if (!test_backend_available (&backend))
    return;
  if (is_sqlite ())
    {
      g_test_skip ("SQLite has no native enumeration type");
      return;
    }

  orm = open_palette_orm (TEST_TYPE_PALETTE);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  /* the same table, seen through an enumeration with one value more */
  wide = open_palette_orm (TEST_TYPE_PALETTE_WIDE);
  wide_em = mikro_orm_create_entity_manager (wide);
  purple = g_object_new (TEST_TYPE_PALETTE_WIDE, "tone", TEST_WIDE_COLOR_PURPLE, NULL);
  mikro_entity_manager_persist (wide_em, purple, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_flush (wide_em, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "tone"));
  g_clear_error (&error);

  em = mikro_orm_create_entity_manager (orm);
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_PALETTE, NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* both connections still work */
  red = g_object_new (TEST_TYPE_PALETTE_WIDE, "tone", TEST_WIDE_COLOR_RED, NULL);
  g_clear_object (&wide_em);
  wide_em = mikro_orm_create_entity_manager (wide);
  mikro_entity_manager_persist (wide_em, red, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (wide_em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (em, TEST_TYPE_PALETTE, "{\"tone\": \"red\"}", &error), ==, 1);
  g_assert_no_error (error);

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
}

/* Dropping the schema drops the enumeration type: the wider palette's
 * schema, made next on the same table, gets a type of its own values
 * (the creation would leave a type of that name alone). */
static void
test_native_enum_drop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroOrm) wide = NULL;
  g_autoptr(JsonNode) after_drop = NULL;
  g_autoptr(JsonNode) model = NULL;

  if (!test_backend_available (&backend))
    return;

  orm = open_palette_orm (TEST_TYPE_PALETTE);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  /* again, with nothing left to drop */
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);

  after_drop = mikro_orm_describe_schema (orm, MIKRO_SCHEMA_SOURCE_DATABASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (after_drop), "tables")),
                    ==, 0);
  g_assert_cmpuint (count_enums (after_drop), ==, 0);

  wide = open_palette_orm (TEST_TYPE_PALETTE_WIDE);
  mikro_orm_create_schema (wide, &error);
  g_assert_no_error (error);
  model = assert_schema_matches (wide);
  if (g_str_equal (backend.name, "postgresql"))
    {
      JsonObject *type;

      g_assert_cmpuint (count_enums (model), ==, 1);
      type = json_array_get_object_element (json_object_get_array_member (json_node_get_object (model), "enums"), 0);
      g_assert_cmpstr (json_object_get_string_member (type, "name"), ==, "palette_tone");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (type, "values")), ==, 4);
    }
  mikro_orm_drop_schema (wide, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);

  path = g_strdup_printf ("/mikro/kinds/%s/round-trip", backend.name);
  g_test_add_func (path, test_round_trip);
  g_free (path);
  path = g_strdup_printf ("/mikro/kinds/%s/native-enum/schema", backend.name);
  g_test_add_func (path, test_native_enum_schema);
  g_free (path);
  path = g_strdup_printf ("/mikro/kinds/%s/native-enum/round-trip", backend.name);
  g_test_add_func (path, test_native_enum_round_trip);
  g_free (path);
  path = g_strdup_printf ("/mikro/kinds/%s/native-enum/rejected", backend.name);
  g_test_add_func (path, test_native_enum_rejected);
  g_free (path);
  path = g_strdup_printf ("/mikro/kinds/%s/native-enum/drop", backend.name);
  g_test_add_func (path, test_native_enum_drop);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
