/* bench-discovery.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* How long discovery takes: N entity types with P properties each (an
 * int64 key, strings, integers, doubles, a date-time and an index per
 * type), registered as GTypes with a schema, then added to an ORM. The
 * timer covers mikro_orm_add_entity() for every type, class
 * initialisation included, and nothing else.
 *
 *   bench-discovery [N_TYPES [N_PROPERTIES [ROUNDS]]]   (200 12 5)
 */

#include <locale.h>
#include <stdlib.h>

#include <mikro-gobject.h>

typedef struct { MikroEntity parent_instance; } BenchEntity;
typedef struct { MikroEntityClass parent_class; } BenchEntityClass;

static guint n_properties = 12;

static GType
property_type (guint i)
{
  static const GType types[] = { G_TYPE_STRING, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_INT64, G_TYPE_BOOLEAN };

  return types[i % G_N_ELEMENTS (types)];
}

/* Values are not stored: discovery never reads them. */
static void
bench_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
}

static void
bench_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
}

static void
bench_class_init (gpointer klass,
                  gpointer class_data)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  g_autoptr(MikroEntitySchema) schema = NULL;
  const char *indexed[] = { "p1", "p2", NULL };

  object_class->get_property = bench_get_property;
  object_class->set_property = bench_set_property;

  g_object_class_install_property (object_class, 1,
                                   g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags));
  g_object_class_install_property (object_class, 2,
                                   g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags));
  for (guint i = 0; i < n_properties; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);
      GParamSpec *pspec;

      switch (G_TYPE_FUNDAMENTAL (property_type (i)))
        {
        case G_TYPE_STRING: pspec = g_param_spec_string (name, NULL, NULL, NULL, flags & ~G_PARAM_STATIC_STRINGS); break;
        case G_TYPE_INT: pspec = g_param_spec_int (name, NULL, NULL, G_MININT, G_MAXINT, 0, flags & ~G_PARAM_STATIC_STRINGS); break;
        case G_TYPE_DOUBLE: pspec = g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags & ~G_PARAM_STATIC_STRINGS); break;
        case G_TYPE_INT64: pspec = g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags & ~G_PARAM_STATIC_STRINGS); break;
        default: pspec = g_param_spec_boolean (name, NULL, NULL, FALSE, flags & ~G_PARAM_STATIC_STRINGS); break;
        }
      g_object_class_install_property (object_class, 3 + i, pspec);
    }

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), NULL);
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "created-at", NULL, MIKRO_PROPERTY_NULLABLE);
  for (guint i = 0; i < n_properties; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);

      mikro_entity_schema_add_property (schema, name, NULL,
                                        i == 0 ? MIKRO_PROPERTY_UNIQUE : MIKRO_PROPERTY_NONE);
    }
  if (n_properties >= 3)
    mikro_entity_schema_add_index (schema, NULL, indexed);
  mikro_entity_schema_register (schema);
}

static GType
register_type (guint round,
               guint i)
{
  const GTypeInfo info = {
    sizeof (BenchEntityClass), NULL, NULL, bench_class_init, NULL, NULL,
    sizeof (BenchEntity), 0, NULL, NULL,
  };
  g_autofree char *name = g_strdup_printf ("BenchEntity%uR%u", i, round);

  return g_type_register_static (MIKRO_TYPE_ENTITY, name, &info, 0);
}

int
main (int   argc,
      char *argv[])
{
  guint n_types = argc > 1 ? (guint)atoi (argv[1]) : 200;
  guint rounds = argc > 3 ? (guint)atoi (argv[3]) : 5;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  setlocale (LC_ALL, "");

  if (argc > 2)
    n_properties = (guint)atoi (argv[2]);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
      g_autofree GType *types = g_new (GType, n_types);
      gint64 start;
      double ms;

      if (orm == NULL)
        g_error ("%s", error->message);

      /* fresh types each round: class initialisation is part of discovery */
      for (guint i = 0; i < n_types; i++)
        types[i] = register_type (round, i);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < n_types; i++)
        if (!mikro_orm_add_entity (orm, types[i], &error))
          g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }

  {
    double sorted[64];
    guint n = MIN (times->len, G_N_ELEMENTS (sorted));

    for (guint i = 0; i < n; i++)
      sorted[i] = g_array_index (times, double, i);
    for (guint i = 1; i < n; i++)
      for (guint j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
        {
          double t = sorted[j];
          sorted[j] = sorted[j - 1];
          sorted[j - 1] = t;
        }
    g_print ("discovery of %u entity types with %u properties each: median %.2f ms "
             "(min %.2f, max %.2f, %u rounds), %.1f µs per type\n",
             n_types, n_properties + 2, sorted[n / 2], sorted[0], sorted[n - 1], n,
             sorted[n / 2] * 1000.0 / n_types);
  }

  return 0;
}
