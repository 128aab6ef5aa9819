/* test-kinds.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Every mapped value type survives a write and a read on each SQL backend,
 * can be filtered on, and is updated only when its value changes. */

#include <string.h>

#include <json-glib/json-glib.h>

#include "test-backend.h"
#include "test-entities.h"

static TestBackend backend;

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

    g_object_set (found, "tags", new_tags, "color", TEST_COLOR_RED, "huge", G_GUINT64_CONSTANT (7),
                  "perms", TEST_PERM_WRITE, NULL);
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

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
