/* test-custom-type.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A custom type stores a property whose type has no mapping: a point,
 * kept as the text "x,y". Change detection compares what is stored. */

#include <stdlib.h>
#include <string.h>

#include "test-backend.h"

typedef struct { double x, y; } TestPoint;

static TestPoint *
test_point_copy (const TestPoint *point)
{
  return g_memdup2 (point, sizeof *point);
}

static GType test_point_get_type (void);
G_DEFINE_BOXED_TYPE (TestPoint, test_point, test_point_copy, g_free)

/* ---- the custom type ---- */

typedef struct { MikroType parent_instance; } PointType;
typedef struct { MikroTypeClass parent_class; } PointTypeClass;

static GType point_type_get_type (void);
G_DEFINE_TYPE (PointType, point_type, MIKRO_TYPE_TYPE)

static char *
point_database_type (MikroType *self)
{
  return g_strdup ("s");
}

static GVariant *
point_to_database (MikroType     *self,
                   const GValue  *value,
                   GError       **error)
{
  const TestPoint *point = g_value_get_boxed (value);
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  if (point == NULL)
    return NULL;
  return g_variant_new_take_string (g_strdup_printf ("%s,%s",
                                                     g_ascii_dtostr (x, sizeof x, point->x),
                                                     g_ascii_dtostr (y, sizeof y, point->y)));
}

static gboolean
point_from_database (MikroType   *self,
                     GVariant    *stored,
                     GObject     *object,
                     const char  *property,
                     GError     **error)
{
  const char *text = g_variant_get_string (stored, NULL);
  const char *comma = strchr (text, ',');
  TestPoint point;

  if (comma == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION, "“%s” is not a point", text);
      return FALSE;
    }
  point.x = g_ascii_strtod (text, NULL);
  point.y = g_ascii_strtod (comma + 1, NULL);
  g_object_set (object, property, &point, NULL);
  return TRUE;
}

static char *
point_column_type (MikroType  *self,
                   const char *dialect)
{
  return g_str_equal (dialect, "mysql") ? g_strdup ("varchar(64)") : g_strdup ("text");
}

static void
point_type_class_init (PointTypeClass *klass)
{
  MikroTypeClass *type_class = MIKRO_TYPE_CLASS (klass);

  type_class->get_database_type = point_database_type;
  type_class->to_database = point_to_database;
  type_class->from_database = point_from_database;
  type_class->get_column_type = point_column_type;
}

static void point_type_init (PointType *self) { }

/* ---- the entity ---- */

typedef struct { MikroEntity parent_instance; gint64 id; char *name; TestPoint *location; } Place;
typedef struct { MikroEntityClass parent_class; } PlaceClass;

static GType place_get_type (void);
G_DEFINE_TYPE (Place, place, MIKRO_TYPE_ENTITY)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_LOCATION, N_PROPS };
static GParamSpec *place_props[N_PROPS];

static void
place_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Place *self = (Place *)object;

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_LOCATION: g_value_set_boxed (value, self->location); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A new boxed point is a notification even when equal: the flush compares
 * stored values and sends nothing then. */
static void
place_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Place *self = (Place *)object;

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_NAME: g_free (self->name); self->name = g_value_dup_string (value); break;
    case PROP_LOCATION: g_free (self->location); self->location = g_value_dup_boxed (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
place_finalize (GObject *object)
{
  Place *self = (Place *)object;

  g_free (self->name);
  g_free (self->location);
  G_OBJECT_CLASS (place_parent_class)->finalize (object);
}

static void
place_class_init (PlaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  g_autoptr(MikroEntitySchema) schema = NULL;
  g_autoptr(MikroType) point = g_object_new (point_type_get_type (), NULL);

  object_class->get_property = place_get_property;
  object_class->set_property = place_set_property;
  object_class->finalize = place_finalize;

  place_props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  place_props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  place_props[PROP_LOCATION] = g_param_spec_boxed ("location", NULL, NULL, test_point_get_type (), flags);
  g_object_class_install_properties (object_class, N_PROPS, place_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "place");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_property_set_custom_type (mikro_entity_schema_add_property (schema, "location", NULL,
                                                                    MIKRO_PROPERTY_NULLABLE),
                                  point);
  mikro_entity_schema_register (schema);
}

static void place_init (Place *self) { }

static TestBackend backend;

/* Statements sent, from the structured log. */
static guint n_statements;

static GLogWriterOutput
count_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MIKRO_STATEMENT"))
      {
        n_statements++;
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntityManager) em3 = NULL;
  g_autoptr(MikroEntity) home = NULL;
  g_autoptr(MikroEntity) nowhere = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(GListModel) by_location = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  TestPoint here = { 1.5, -2.25 };
  TestPoint there = { 3, 4 };
  Place *place;

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, place_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  em = mikro_orm_create_entity_manager (orm);
  home = g_object_new (place_get_type (), "name", "home", "location", &here, NULL);
  nowhere = g_object_new (place_get_type (), "name", "nowhere", NULL);
  mikro_entity_manager_persist (em, home, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, nowhere, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  em2 = mikro_orm_create_entity_manager (orm);
  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, ((Place *)home)->id);
  found = mikro_entity_manager_find_one (em2, place_get_type (), &pk, &error);
  g_assert_no_error (error);
  place = (Place *)found;
  g_assert_nonnull (place->location);
  g_assert_cmpfloat (place->location->x, ==, 1.5);
  g_assert_cmpfloat (place->location->y, ==, -2.25);

  /* filters compare stored values */
  by_location = mikro_entity_manager_find (em2, place_get_type (), "{\"location\": \"1.5,-2.25\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (by_location), ==, 1);

  /* an equal point is no change: nothing is sent */
  g_object_set (found, "location", &here, NULL);
  g_assert_true (mikro_entity_is_dirty (found));
  n_statements = 0;
  mikro_entity_manager_flush (em2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_statements, ==, 0);

  g_object_set (found, "location", &there, NULL);
  mikro_entity_manager_flush (em2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_statements, >, 0);

  em3 = mikro_orm_create_entity_manager (orm);
  again = mikro_entity_manager_find_one (em3, place_get_type (), &pk, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((Place *)again)->location->x, ==, 3);
  g_assert_cmpfloat (((Place *)again)->location->y, ==, 4);

  g_clear_object (&again);
  g_value_set_int64 (&pk, ((Place *)nowhere)->id);
  again = mikro_entity_manager_find_one (em3, place_get_type (), &pk, &error);
  g_assert_no_error (error);
  g_assert_null (((Place *)again)->location);

  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  int ret;

  g_setenv ("G_MESSAGES_DEBUG", "mikro", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (count_writer, NULL, NULL);
  test_backend_init (&backend);

  path = g_strdup_printf ("/mikro/custom-type/%s/round-trip", backend.name);
  g_test_add_func (path, test_round_trip);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
