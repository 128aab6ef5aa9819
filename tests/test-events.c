/* test-events.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Events, per SQL backend: an entity's lifecycle hooks, and an event
 * subscriber told of entity events and of each moment of a flush, whose
 * on-flush additions are written by the same flush. */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;
/* what happened, in order: "event:type:name" */
static GPtrArray *happened;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

typedef struct { MikroEntity parent_instance; } TestAudited;
typedef struct { MikroEntityClass parent_class; } TestAuditedClass;
typedef struct { MikroEntity parent_instance; } TestLogEntry;
typedef struct { MikroEntityClass parent_class; } TestLogEntryClass;

static GType test_audited_get_type (void);
static GType test_log_entry_get_type (void);
G_DEFINE_TYPE (TestAudited, test_audited, MIKRO_TYPE_ENTITY)
G_DEFINE_TYPE (TestLogEntry, test_log_entry, MIKRO_TYPE_ENTITY)

static const char *
event_nick (MikroEntityEvent event)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MIKRO_TYPE_ENTITY_EVENT);

  return g_enum_get_value (klass, event)->value_nick;
}

static void
record (const char *who,
        const char *what,
        gpointer    entity)
{
  g_autofree char *name = NULL;

  if (entity != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (entity), "name") != NULL)
    g_object_get (entity, "name", &name, NULL);
  g_ptr_array_add (happened, g_strdup_printf ("%s:%s:%s", who, what, name != NULL ? name : ""));
}

static gboolean
happened_contains (const char *entry)
{
  for (guint i = 0; i < happened->len; i++)
    if (g_str_equal (g_ptr_array_index (happened, i), entry))
      return TRUE;
  return FALSE;
}

static int
happened_index (const char *entry)
{
  for (guint i = 0; i < happened->len; i++)
    if (g_str_equal (g_ptr_array_index (happened, i), entry))
      return i;
  return -1;
}

/* The hooks: a label set before create, a counter bumped before each
 * update, and a refusal of the name "forbidden". */
static gboolean
test_audited_lifecycle (MikroEntity       *entity,
                        MikroEntityEvent   event,
                        GError           **error)
{
  g_autofree char *name = NULL;

  record ("entity", event_nick (event), entity);
  g_object_get (entity, "name", &name, NULL);

  switch (event)
    {
    case MIKRO_ENTITY_EVENT_BEFORE_CREATE:
      if (name != NULL && g_ascii_strcasecmp (name, "forbidden") == 0)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION, "the name “forbidden” is not allowed");
          return FALSE;
        }
      g_object_set (entity, "label", "created by a hook", NULL);
      break;
    case MIKRO_ENTITY_EVENT_BEFORE_UPDATE:
      {
        int updates = 0;

        g_object_get (entity, "updates", &updates, NULL);
        g_object_set (entity, "updates", updates + 1, NULL);
      }
      break;
    default:
      break;
    }

  return TRUE;
}

static void
test_audited_class_init (TestAuditedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "audited");

  MIKRO_ENTITY_CLASS (klass)->lifecycle = test_audited_lifecycle;
  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("name", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_string ("label", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 4, g_param_spec_int ("updates", NULL, NULL, 0, G_MAXINT, 0, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "label", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_add_property (schema, "updates", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void
test_log_entry_class_init (TestLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "log_entry");

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("message", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "message", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_register (schema);
}

static void test_audited_init (TestAudited *self) { }
static void test_log_entry_init (TestLogEntry *self) { }

/* A subscriber for TestAudited only: it logs each created or updated
 * entity as a new TestLogEntry during on-flush, and upper-cases names. */
typedef struct { GObject parent_instance; } TestAuditor;
typedef struct { GObjectClass parent_class; } TestAuditorClass;

static void test_auditor_iface_init (MikroEventSubscriberInterface *iface);
static GType test_auditor_get_type (void);
G_DEFINE_TYPE_WITH_CODE (TestAuditor, test_auditor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (MIKRO_TYPE_EVENT_SUBSCRIBER, test_auditor_iface_init))

static gboolean
auditor_is_subscribed (MikroEventSubscriber *self,
                       MikroEntityMetadata  *metadata)
{
  return mikro_entity_metadata_get_entity_type (metadata) == test_audited_get_type ();
}

static gboolean
auditor_entity_event (MikroEventSubscriber  *self,
                      MikroEntityEvent       event,
                      MikroEntity           *entity,
                      GError               **error)
{
  record ("subscriber", event_nick (event), entity);
  return TRUE;
}

static gboolean
auditor_before_flush (MikroEventSubscriber  *self,
                      MikroFlushEvent       *event,
                      GError               **error)
{
  g_autoptr(GListModel) change_sets = mikro_flush_event_list_change_sets (event);

  /* nothing is computed yet */
  g_assert_cmpuint (g_list_model_get_n_items (change_sets), ==, 0);
  record ("flush", "before", NULL);
  return TRUE;
}

static gboolean
auditor_on_flush (MikroEventSubscriber  *self,
                  MikroFlushEvent       *event,
                  GError               **error)
{
  g_autoptr(GListModel) change_sets = mikro_flush_event_list_change_sets (event);
  MikroEntityManager *em = mikro_flush_event_get_entity_manager (event);

  record ("flush", "on", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (change_sets); i++)
    {
      g_autoptr(MikroChangeSet) cs = g_list_model_get_item (change_sets, i);
      MikroEntity *entity = mikro_change_set_get_entity (cs);
      g_autofree char *joined = g_strjoinv (",", (char **)mikro_change_set_get_properties (cs));
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;
      g_autoptr(MikroEntity) entry = NULL;

      if (G_OBJECT_TYPE (entity) != test_audited_get_type () ||
          mikro_change_set_get_change_type (cs) == MIKRO_CHANGE_SET_DELETE)
        continue;

      g_object_get (entity, "name", &name, NULL);
      message = g_strdup_printf ("%s %s [%s]",
                                 mikro_change_set_get_change_type (cs) == MIKRO_CHANGE_SET_CREATE ? "created" : "updated",
                                 name, joined);
      /* computed into this flush */
      entry = g_object_new (test_log_entry_get_type (), "message", message, NULL);
      if (!mikro_entity_manager_persist (em, entry, error))
        return FALSE;
      if (mikro_change_set_get_change_type (cs) == MIKRO_CHANGE_SET_CREATE)
        {
          g_autofree char *upper = g_ascii_strup (name, -1);

          g_object_set (entity, "name", upper, NULL);
        }
    }

  return TRUE;
}

static void
auditor_after_flush (MikroEventSubscriber *self,
                     MikroFlushEvent      *event)
{
  record ("flush", "after", NULL);
}

static void
test_auditor_iface_init (MikroEventSubscriberInterface *iface)
{
  iface->is_subscribed = auditor_is_subscribed;
  iface->entity_event = auditor_entity_event;
  iface->before_flush = auditor_before_flush;
  iface->on_flush = auditor_on_flush;
  iface->after_flush = auditor_after_flush;
}

static void test_auditor_class_init (TestAuditorClass *klass) { }
static void test_auditor_init (TestAuditor *self) { }

typedef struct
{
  MikroOrm *orm;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) auditor = NULL;

  if (!test_backend_available (&backend))
    return;

  fixture->orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_audited_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (fixture->orm, test_log_entry_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (fixture->orm, &error);
  g_assert_no_error (error);
  auditor = g_object_new (test_auditor_get_type (), NULL);
  mikro_orm_add_subscriber (fixture->orm, MIKRO_EVENT_SUBSCRIBER (auditor));
  g_ptr_array_set_size (happened, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->orm == NULL)
    return;
  mikro_orm_drop_schema (fixture->orm, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->orm);
}

static char *
get_string (gpointer    object,
            const char *property)
{
  char *value = NULL;

  g_object_get (object, property, &value, NULL);
  return value;
}

static void
test_life_cycle (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) entity = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autofree char *text = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  int updates = -1;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  entity = g_object_new (test_audited_get_type (), "name", "ada", NULL);
  mikro_entity_manager_persist (em, entity, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  /* the order of a create: before the flush, on it, the hooks before the
   * insert, the hooks after the commit, after the flush */
  g_assert_cmpint (happened_index ("flush:before:"), <, happened_index ("flush:on:"));
  g_assert_cmpint (happened_index ("flush:on:"), <, happened_index ("entity:before-create:ADA"));
  g_assert_cmpint (happened_index ("entity:before-create:ADA"), <, happened_index ("subscriber:before-create:ADA"));
  g_assert_cmpint (happened_index ("subscriber:before-create:ADA"), <, happened_index ("entity:after-create:ADA"));
  g_assert_cmpint (happened_index ("entity:after-create:ADA"), <, happened_index ("flush:after:"));
  /* the subscriber is not told of log entries */
  for (guint i = 0; i < happened->len; i++)
    g_assert_null (strstr (g_ptr_array_index (happened, i), "created "));

  /* what the hook and on-flush did was written by the same flush */
  fresh = mikro_entity_manager_fork (em);
  g_value_init (&key, G_TYPE_INT64);
  g_object_get_property (G_OBJECT (entity), "id", &key);
  loaded = mikro_entity_manager_find_one (fresh, test_audited_get_type (), &key, &error);
  g_assert_no_error (error);
  g_assert_true (happened_contains ("entity:on-load:ADA"));
  g_assert_true (happened_contains ("subscriber:on-load:ADA"));
  text = get_string (loaded, "label");
  g_assert_cmpstr (text, ==, "created by a hook");
  g_clear_pointer (&text, g_free);
  text = get_string (loaded, "name");
  g_assert_cmpstr (text, ==, "ADA");
  entries = mikro_entity_manager_find (fresh, test_log_entry_get_type (), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
  {
    g_autoptr(MikroEntity) first = g_list_model_get_item (entries, 0);
    g_autofree char *message = get_string (first, "message");

    g_assert_cmpstr (message, ==, "created ada [id,name,label,updates]");
  }
  g_clear_object (&entries);

  /* an update: the hook's own change is written too */
  g_ptr_array_set_size (happened, 0);
  g_object_set (loaded, "label", "edited", NULL);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_true (happened_contains ("entity:before-update:ADA"));
  g_assert_true (happened_contains ("entity:after-update:ADA"));
  g_object_get (loaded, "updates", &updates, NULL);
  g_assert_cmpint (updates, ==, 1);
  g_clear_object (&fresh);
  g_clear_object (&loaded);
  fresh = mikro_entity_manager_fork (em);
  loaded = mikro_entity_manager_find_one (fresh, test_audited_get_type (), &key, &error);
  g_object_get (loaded, "updates", &updates, NULL);
  g_assert_cmpint (updates, ==, 1);
  entries = mikro_entity_manager_find (fresh, test_log_entry_get_type (), "{\"message\": {\"$like\": \"updated%\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);

  /* a delete */
  g_ptr_array_set_size (happened, 0);
  mikro_entity_manager_remove (fresh, loaded, &error);
  mikro_entity_manager_flush (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (happened_index ("entity:before-delete:ADA"), <, happened_index ("entity:after-delete:ADA"));
  g_assert_true (happened_contains ("subscriber:after-delete:ADA"));
}

/* A before-create hook that refuses: nothing written, the entity still
 * pending, and the flush works once the cause is gone. */
static void
test_refusal (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) bad = NULL;
  g_autoptr(MikroEntity) good = NULL;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  good = g_object_new (test_audited_get_type (), "name", "grace", NULL);
  bad = g_object_new (test_audited_get_type (), "name", "forbidden", NULL);
  mikro_entity_manager_persist (em, good, &error);
  mikro_entity_manager_persist (em, bad, &error);
  g_assert_no_error (error);

  g_assert_false (mikro_entity_manager_flush (em, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "forbidden"));
  g_clear_error (&error);
  g_assert_cmpint (mikro_entity_get_state (good), ==, MIKRO_ENTITY_STATE_NEW);
  g_assert_cmpint (mikro_entity_manager_count (em, test_audited_get_type (), NULL, &error), ==, 0);

  g_object_set (bad, "name", "allowed", NULL);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_manager_count (em, test_audited_get_type (), NULL, &error), ==, 2);
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/events/%s/%s", backend.name, name);

  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);
  happened = g_ptr_array_new_with_free_func (g_free);

  add_backend_test ("life-cycle", test_life_cycle);
  add_backend_test ("refusal", test_refusal);

  ret = g_test_run ();
  test_backend_clear (&backend);
  g_ptr_array_unref (happened);
  return ret;
}
