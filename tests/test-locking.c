/* test-locking.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Optimistic locking: a version property starts at 1, grows by one with
 * every update, and an update of a row someone else changed since it was
 * loaded fails with MIKRO_ERROR_OPTIMISTIC_LOCK, committing nothing of that
 * flush. Run per backend. */

#include <string.h>

#include "test-backend.h"

typedef struct { MikroEntity parent_instance; gint64 id; char *title; gint64 version; } Document;
typedef struct { MikroEntityClass parent_class; } DocumentClass;

static GType document_get_type (void);
G_DEFINE_TYPE (Document, document, MIKRO_TYPE_ENTITY)

enum { PROP_0, PROP_ID, PROP_TITLE, PROP_VERSION, N_PROPS };
static GParamSpec *document_props[N_PROPS];

static void
document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Document *self = (Document *)object;

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_VERSION: g_value_set_int64 (value, self->version); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
document_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Document *self = (Document *)object;

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_get_int64 (value); break;
    case PROP_TITLE:
      if (g_strcmp0 (self->title, g_value_get_string (value)) == 0)
        return;
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_VERSION: self->version = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
document_finalize (GObject *object)
{
  g_free (((Document *)object)->title);
  G_OBJECT_CLASS (document_parent_class)->finalize (object);
}

static void
document_class_init (DocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  g_autoptr(MikroEntitySchema) schema = NULL;

  object_class->get_property = document_get_property;
  object_class->set_property = document_set_property;
  object_class->finalize = document_finalize;

  document_props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  document_props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  document_props[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, document_props);

  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "document");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "version", NULL, MIKRO_PROPERTY_VERSION);
  mikro_entity_schema_register (schema);
}

static void document_init (Document *self) { }

static TestBackend backend;

static MikroEntity *
load (MikroEntityManager *em,
      gint64              id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  MikroEntity *entity;

  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, id);
  entity = mikro_entity_manager_find_one (em, document_get_type (), &pk, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return entity;
}

static void
test_optimistic_lock (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em1 = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntityManager) check = NULL;
  g_autoptr(MikroEntity) doc = NULL;
  g_autoptr(MikroEntity) mine = NULL;
  g_autoptr(MikroEntity) theirs = NULL;
  g_autoptr(MikroEntity) extra = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autofree char *key = NULL;
  gint64 id;

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, document_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);

  /* a new entity starts at version 1 */
  em = mikro_orm_create_entity_manager (orm);
  doc = g_object_new (document_get_type (), "title", "draft", NULL);
  mikro_entity_manager_persist (em, doc, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((Document *)doc)->version, ==, 1);
  id = ((Document *)doc)->id;

  /* two managers load the same row */
  em1 = mikro_orm_create_entity_manager (orm);
  em2 = mikro_orm_create_entity_manager (orm);
  mine = load (em1, id);
  theirs = load (em2, id);
  g_assert_cmpint (((Document *)theirs)->version, ==, 1);

  /* the first update wins and bumps the version */
  g_object_set (mine, "title", "mine", NULL);
  mikro_entity_manager_flush (em1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((Document *)mine)->version, ==, 2);

  /* the second one loaded version 1: it fails, and nothing of its flush is
   * committed */
  g_object_set (theirs, "title", "theirs", NULL);
  extra = g_object_new (document_get_type (), "title", "extra", NULL);
  mikro_entity_manager_persist (em2, extra, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_flush (em2, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_OPTIMISTIC_LOCK);
  g_test_message ("%s", error->message);
  key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_assert_nonnull (strstr (error->message, "Document"));
  g_assert_nonnull (strstr (error->message, key));
  g_clear_error (&error);
  g_assert_cmpint (((Document *)theirs)->version, ==, 1);
  g_assert_cmpint (((Document *)extra)->id, ==, 0);
  g_assert_cmpint (((Document *)extra)->version, ==, 0);

  check = mikro_orm_create_entity_manager (orm);
  all = mikro_entity_manager_find (check, document_get_type (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  g_clear_object (&all);
  all = mikro_entity_manager_find (check, document_get_type (), "{\"version\": 2, \"title\": \"mine\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  g_clear_object (&all);

  /* loaded again, the change goes through */
  mikro_entity_manager_clear (em2);
  again = load (em2, id);
  g_assert_cmpint (((Document *)again)->version, ==, 2);
  g_object_set (again, "title", "theirs", NULL);
  mikro_entity_manager_flush (em2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((Document *)again)->version, ==, 3);

  /* lock() checks a version without writing */
  g_assert_true (mikro_entity_manager_lock (em2, again, MIKRO_LOCK_MODE_OPTIMISTIC, 3, &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_lock (em2, again, MIKRO_LOCK_MODE_OPTIMISTIC, 2, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_OPTIMISTIC_LOCK);
  g_clear_error (&error);

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

  path = g_strdup_printf ("/mikro/locking/%s/optimistic", backend.name);
  g_test_add_func (path, test_optimistic_lock);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
