/* test-entities.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <json-glib/json-glib.h>

#include "test-entities.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_BORN,
  N_PROPS
};

struct _TestAuthor
{
  MikroEntity  parent_instance;
  gint64       id;
  char        *name;
  char        *email;
  GDateTime   *born;
};

G_DEFINE_FINAL_TYPE (TestAuthor, test_author, MIKRO_TYPE_ENTITY)

static GParamSpec *author_props[N_PROPS];

/* Setters notify only on a real change: a spurious notification would be
 * a spurious dirty mark. */
static void
set_string (GObject     *object,
            char       **field,
            const GValue *value,
            GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, g_value_get_string (value)) == 0)
    return;
  g_free (*field);
  *field = g_value_dup_string (value);
  g_object_notify_by_pspec (object, pspec);
}

static void
set_date_time (GObject      *object,
               GDateTime   **field,
               const GValue *value,
               GParamSpec   *pspec)
{
  GDateTime *dt = g_value_get_boxed (value);

  if (dt == *field || (dt != NULL && *field != NULL && g_date_time_equal (dt, *field)))
    return;
  g_clear_pointer (field, g_date_time_unref);
  *field = dt != NULL ? g_date_time_ref (dt) : NULL;
  g_object_notify_by_pspec (object, pspec);
}

static void
test_author_finalize (GObject *object)
{
  TestAuthor *self = TEST_AUTHOR (object);

  g_free (self->name);
  g_free (self->email);
  g_clear_pointer (&self->born, g_date_time_unref);

  G_OBJECT_CLASS (test_author_parent_class)->finalize (object);
}

static void
test_author_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TestAuthor *self = TEST_AUTHOR (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_BORN: g_value_set_boxed (value, self->born); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_author_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TestAuthor *self = TEST_AUTHOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      if (self->id != g_value_get_int64 (value))
        {
          self->id = g_value_get_int64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_NAME: set_string (object, &self->name, value, pspec); break;
    case PROP_EMAIL: set_string (object, &self->email, value, pspec); break;
    case PROP_BORN: set_date_time (object, &self->born, value, pspec); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_author_class_init (TestAuthorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = NULL;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = test_author_finalize;
  object_class->get_property = test_author_get_property;
  object_class->set_property = test_author_set_property;

  author_props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  author_props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  author_props[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  author_props[PROP_BORN] = g_param_spec_boxed ("born", NULL, NULL, G_TYPE_DATE_TIME, flags);
  g_object_class_install_properties (object_class, N_PROPS, author_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "author");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "email", NULL, MIKRO_PROPERTY_UNIQUE);
  mikro_entity_schema_add_property (schema, "born", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_author_init (TestAuthor *self)
{
}

struct _TestMongoAuthor
{
  MikroEntity  parent_instance;
  char        *id;
  char        *name;
  char        *email;
  GDateTime   *born;
};

G_DEFINE_FINAL_TYPE (TestMongoAuthor, test_mongo_author, MIKRO_TYPE_ENTITY)

static GParamSpec *mongo_author_props[N_PROPS];

static void
test_mongo_author_finalize (GObject *object)
{
  TestMongoAuthor *self = TEST_MONGO_AUTHOR (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->email);
  g_clear_pointer (&self->born, g_date_time_unref);

  G_OBJECT_CLASS (test_mongo_author_parent_class)->finalize (object);
}

static void
test_mongo_author_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TestMongoAuthor *self = TEST_MONGO_AUTHOR (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_BORN: g_value_set_boxed (value, self->born); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_mongo_author_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TestMongoAuthor *self = TEST_MONGO_AUTHOR (object);

  switch (prop_id)
    {
    case PROP_ID: set_string (object, &self->id, value, pspec); break;
    case PROP_NAME: set_string (object, &self->name, value, pspec); break;
    case PROP_EMAIL: set_string (object, &self->email, value, pspec); break;
    case PROP_BORN: set_date_time (object, &self->born, value, pspec); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_mongo_author_class_init (TestMongoAuthorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = NULL;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = test_mongo_author_finalize;
  object_class->get_property = test_mongo_author_get_property;
  object_class->set_property = test_mongo_author_set_property;

  mongo_author_props[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  mongo_author_props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  mongo_author_props[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  mongo_author_props[PROP_BORN] = g_param_spec_boxed ("born", NULL, NULL, G_TYPE_DATE_TIME, flags);
  g_object_class_install_properties (object_class, N_PROPS, mongo_author_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "author");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "email", NULL, MIKRO_PROPERTY_UNIQUE);
  mikro_entity_schema_add_property (schema, "born", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_mongo_author_init (TestMongoAuthor *self)
{
}

/* TestProduct: plain storage, the unit of work does not care how setters
 * are written as long as they notify on change. */

enum {
  PRODUCT_PROP_0,
  PRODUCT_PROP_ID,
  PRODUCT_PROP_SKU,
  PRODUCT_PROP_TITLE,
  PRODUCT_PROP_PRICE,
  PRODUCT_PROP_RATING,
  PRODUCT_PROP_STOCK,
  PRODUCT_PROP_ACTIVE,
  PRODUCT_PROP_CREATED,
  PRODUCT_PROP_NOTES,
  PRODUCT_N_PROPS
};

struct _TestProduct
{
  MikroEntity  parent_instance;
  GValue       values[PRODUCT_N_PROPS];
};

G_DEFINE_FINAL_TYPE (TestProduct, test_product, MIKRO_TYPE_ENTITY)

static GParamSpec *product_props[PRODUCT_N_PROPS];

static void
test_product_finalize (GObject *object)
{
  TestProduct *self = TEST_PRODUCT (object);

  for (guint i = 1; i < PRODUCT_N_PROPS; i++)
    g_value_unset (&self->values[i]);

  G_OBJECT_CLASS (test_product_parent_class)->finalize (object);
}

static void
test_product_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  g_value_copy (&TEST_PRODUCT (object)->values[prop_id], value);
}

static void
test_product_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TestProduct *self = TEST_PRODUCT (object);

  if (g_param_values_cmp (pspec, &self->values[prop_id], value) == 0)
    return;
  g_value_copy (value, &self->values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

static void
test_product_class_init (TestProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = NULL;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  MikroProperty *prop;
  g_auto(GValue) value = G_VALUE_INIT;
  const char *title_rating[] = { "title", "rating", NULL };
  const char *title_stock[] = { "title", "stock", NULL };

  object_class->finalize = test_product_finalize;
  object_class->get_property = test_product_get_property;
  object_class->set_property = test_product_set_property;

  product_props[PRODUCT_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  product_props[PRODUCT_PROP_SKU] = g_param_spec_string ("sku", NULL, NULL, NULL, flags);
  product_props[PRODUCT_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  product_props[PRODUCT_PROP_PRICE] = g_param_spec_double ("price", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  product_props[PRODUCT_PROP_RATING] = g_param_spec_int ("rating", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  product_props[PRODUCT_PROP_STOCK] = g_param_spec_int64 ("stock-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  product_props[PRODUCT_PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE, flags);
  product_props[PRODUCT_PROP_CREATED] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  product_props[PRODUCT_PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, PRODUCT_N_PROPS, product_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  prop = mikro_entity_schema_add_property (schema, "sku", NULL, MIKRO_PROPERTY_UNIQUE);
  mikro_property_set_length (prop, 32);
  prop = mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NULLABLE);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "untitled");
  mikro_property_set_default (prop, &value);
  g_value_unset (&value);
  prop = mikro_entity_schema_add_property (schema, "price", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_precision (prop, 10, 2);
  g_value_init (&value, G_TYPE_INT);
  g_value_set_int (&value, 0);
  mikro_property_set_default (prop, &value);
  g_value_unset (&value);
  prop = mikro_entity_schema_add_property (schema, "rating", NULL, MIKRO_PROPERTY_INDEX);
  g_value_init (&value, G_TYPE_INT);
  g_value_set_int (&value, 3);
  mikro_property_set_default (prop, &value);
  g_value_unset (&value);
  prop = mikro_entity_schema_add_property (schema, "stock-count", "stock", MIKRO_PROPERTY_NONE);
  mikro_property_set_default_raw (prop, "42");
  prop = mikro_entity_schema_add_property (schema, "active", NULL, MIKRO_PROPERTY_NONE);
  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, TRUE);
  mikro_property_set_default (prop, &value);
  g_value_unset (&value);
  mikro_entity_schema_add_property (schema, "created-at", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_add_property (schema, "notes", NULL, MIKRO_PROPERTY_VIRTUAL);
  mikro_entity_schema_add_index (schema, "product_title_rating_idx", title_rating);
  mikro_entity_schema_add_unique (schema, NULL, title_stock);
  mikro_entity_schema_add_check (schema, "product_rating_check", "rating >= 0");
  mikro_entity_schema_register (schema);
}

static void
test_product_init (TestProduct *self)
{
  for (guint i = 1; i < PRODUCT_N_PROPS; i++)
    {
      g_value_init (&self->values[i], product_props[i]->value_type);
      g_param_value_set_default (product_props[i], &self->values[i]);
    }
}

GType
test_color_get_type (void)
{
  static gsize type;
  static const GEnumValue values[] = {
    { TEST_COLOR_RED, "TEST_COLOR_RED", "red" },
    { TEST_COLOR_GREEN, "TEST_COLOR_GREEN", "green" },
    { TEST_COLOR_BLUE, "TEST_COLOR_BLUE", "blue" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("TestColor", values));
  return type;
}

GType
test_perm_get_type (void)
{
  static gsize type;
  static const GFlagsValue values[] = {
    { TEST_PERM_READ, "TEST_PERM_READ", "read" },
    { TEST_PERM_WRITE, "TEST_PERM_WRITE", "write" },
    { TEST_PERM_EXEC, "TEST_PERM_EXEC", "exec" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_flags_register_static ("TestPerm", values));
  return type;
}

enum {
  KINDS_PROP_0,
  KINDS_PROP_ID,
  KINDS_PROP_FLAG,
  KINDS_PROP_SMALL,
  KINDS_PROP_COUNT,
  KINDS_PROP_BIG,
  KINDS_PROP_HUGE,
  KINDS_PROP_RATIO,
  KINDS_PROP_WEIGHT,
  KINDS_PROP_LABEL,
  KINDS_PROP_AT,
  KINDS_PROP_COLOR,
  KINDS_PROP_SHADE,
  KINDS_PROP_PERMS,
  KINDS_PROP_BLOB,
  KINDS_PROP_TAGS,
  KINDS_PROP_DOC,
  KINDS_PROP_EXTRA,
  KINDS_N_PROPS
};

struct _TestKinds
{
  MikroEntity parent_instance;
  GValue      values[KINDS_N_PROPS];
};

G_DEFINE_FINAL_TYPE (TestKinds, test_kinds, MIKRO_TYPE_ENTITY)

static GParamSpec *kinds_props[KINDS_N_PROPS];

static void
test_kinds_finalize (GObject *object)
{
  TestKinds *self = TEST_KINDS (object);

  for (guint i = 1; i < KINDS_N_PROPS; i++)
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

/* Boxed and variant values compare by pointer in g_param_values_cmp():
 * notify on every set for those, which the flush compares by value. */
static void
test_kinds_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TestKinds *self = TEST_KINDS (object);

  if (!G_TYPE_IS_BOXED (pspec->value_type) && pspec->value_type != G_TYPE_VARIANT &&
      g_param_values_cmp (pspec, &self->values[prop_id], value) == 0)
    return;
  g_value_copy (value, &self->values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

static void
test_kinds_class_init (TestKindsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = NULL;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  MikroProperty *prop;

  object_class->finalize = test_kinds_finalize;
  object_class->get_property = test_kinds_get_property;
  object_class->set_property = test_kinds_set_property;

  kinds_props[KINDS_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  kinds_props[KINDS_PROP_FLAG] = g_param_spec_boolean ("flag", NULL, NULL, FALSE, flags);
  kinds_props[KINDS_PROP_SMALL] = g_param_spec_int ("small", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  kinds_props[KINDS_PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  kinds_props[KINDS_PROP_BIG] = g_param_spec_int64 ("big", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  kinds_props[KINDS_PROP_HUGE] = g_param_spec_uint64 ("huge", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  kinds_props[KINDS_PROP_RATIO] = g_param_spec_double ("ratio", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  kinds_props[KINDS_PROP_WEIGHT] = g_param_spec_float ("weight", NULL, NULL, -G_MAXFLOAT, G_MAXFLOAT, 0, flags);
  kinds_props[KINDS_PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  kinds_props[KINDS_PROP_AT] = g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  kinds_props[KINDS_PROP_COLOR] = g_param_spec_enum ("color", NULL, NULL, test_color_get_type (), TEST_COLOR_RED, flags);
  kinds_props[KINDS_PROP_SHADE] = g_param_spec_enum ("shade", NULL, NULL, test_color_get_type (), TEST_COLOR_RED, flags);
  kinds_props[KINDS_PROP_PERMS] = g_param_spec_flags ("perms", NULL, NULL, test_perm_get_type (), 0, flags);
  kinds_props[KINDS_PROP_BLOB] = g_param_spec_boxed ("blob", NULL, NULL, G_TYPE_BYTES, flags);
  kinds_props[KINDS_PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  kinds_props[KINDS_PROP_DOC] = g_param_spec_boxed ("doc", NULL, NULL, JSON_TYPE_NODE, flags);
  kinds_props[KINDS_PROP_EXTRA] = g_param_spec_variant ("extra", NULL, NULL, G_VARIANT_TYPE_ANY, NULL, flags);
  g_object_class_install_properties (object_class, KINDS_N_PROPS, kinds_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "kinds");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  for (guint i = KINDS_PROP_FLAG; i < KINDS_N_PROPS; i++)
    {
      gboolean nullable = G_TYPE_IS_BOXED (kinds_props[i]->value_type) ||
                          kinds_props[i]->value_type == G_TYPE_VARIANT ||
                          kinds_props[i]->value_type == G_TYPE_STRING;

      prop = mikro_entity_schema_add_property (schema, kinds_props[i]->name, NULL,
                                               nullable ? MIKRO_PROPERTY_NULLABLE : MIKRO_PROPERTY_NONE);
      if (i == KINDS_PROP_SHADE)
        mikro_property_set_enum_mode (prop, MIKRO_ENUM_MODE_INTEGER);
    }
  mikro_entity_schema_register (schema);
}

static void
test_kinds_init (TestKinds *self)
{
  for (guint i = 1; i < KINDS_N_PROPS; i++)
    {
      g_value_init (&self->values[i], kinds_props[i]->value_type);
      g_param_value_set_default (kinds_props[i], &self->values[i]);
    }
}
