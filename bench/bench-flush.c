/* bench-flush.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What a flush costs with many managed entities and one change: dirty
 * tracking through notifications should make it O(changed), so flushing
 * one changed entity among 100,000 managed ones costs about as much as
 * among 100. Runs on SQLite in memory; prints the median flush time for
 * each size and their ratio.
 *
 *   bench-flush [LARGE [ROUNDS]]    (100000 21)
 */

#include <locale.h>
#include <stdlib.h>

#include <mikro-gobject.h>

#define BENCH_TYPE_ITEM (bench_item_get_type ())
G_DECLARE_FINAL_TYPE (BenchItem, bench_item, BENCH, ITEM, MikroEntity)

struct _BenchItem
{
  MikroEntity parent_instance;
  gint64      id;
  int         count;
};

G_DEFINE_FINAL_TYPE (BenchItem, bench_item, MIKRO_TYPE_ENTITY)

static GParamSpec *count_pspec;

static void
bench_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BenchItem *self = BENCH_ITEM (object);

  if (prop_id == 1)
    g_value_set_int64 (value, self->id);
  else
    g_value_set_int (value, self->count);
}

static void
bench_item_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BenchItem *self = BENCH_ITEM (object);

  if (prop_id == 1)
    self->id = g_value_get_int64 (value);
  else if (self->count != g_value_get_int (value))
    {
      self->count = g_value_get_int (value);
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
bench_item_class_init (BenchItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = NULL;

  object_class->get_property = bench_item_get_property;
  object_class->set_property = bench_item_set_property;
  g_object_class_install_property (object_class, 1,
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  count_pspec = g_param_spec_int ("count", NULL, NULL, G_MININT, G_MAXINT, 0,
                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, 2, count_pspec);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "item");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "count", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
bench_item_init (BenchItem *self)
{
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return (da > db) - (da < db);
}

/* Median time of flushing one change among @n managed entities. */
static double
median_flush_usec (MikroOrm *orm,
                   guint     n,
                   guint     rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      BenchItem *item = g_object_new (BENCH_TYPE_ITEM, NULL);

      g_ptr_array_add (items, item);
      if (!mikro_entity_manager_persist (em, MIKRO_ENTITY (item), &error))
        g_error ("%s", error->message);
    }
  if (!mikro_entity_manager_flush (em, &error))
    g_error ("%s", error->message);

  for (guint r = 0; r < rounds; r++)
    {
      BenchItem *item = g_ptr_array_index (items, (r * 7919) % n);
      gint64 start;
      double usec;

      g_object_set (item, "count", (int)r + 1, NULL);
      start = g_get_monotonic_time ();
      if (!mikro_entity_manager_flush (em, &error))
        g_error ("%s", error->message);
      usec = (double)(g_get_monotonic_time () - start);
      g_array_append_val (times, usec);
    }

  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  guint large = argc > 1 ? (guint)atoi (argv[1]) : 100000;
  guint rounds = argc > 2 ? (guint)atoi (argv[2]) : 21;
  double small_usec, large_usec;

  setlocale (LC_ALL, "");

  orm = mikro_orm_open ("sqlite::memory:", &error);
  if (orm == NULL || !mikro_orm_add_entity (orm, BENCH_TYPE_ITEM, &error) ||
      !mikro_orm_create_schema (orm, &error))
    g_error ("%s", error->message);

  small_usec = median_flush_usec (orm, 100, rounds);
  large_usec = median_flush_usec (orm, large, rounds);

  g_print ("flush of 1 changed entity: among 100 managed %.1f µs, among %u managed %.1f µs "
           "(ratio %.2f, medians of %u)\n",
           small_usec, large, large_usec, large_usec / small_usec, rounds);
  return 0;
}
