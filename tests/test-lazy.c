/* test-lazy.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Lazy scalar properties (MikroORM's `lazy: true`), per backend: queries
 * leave them out, populate() reads them, refresh() reads them, and an
 * update of another property never writes the one that was not read. */

#include <string.h>

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define TEST_TYPE_NOTE (test_note_get_type ())
G_DECLARE_FINAL_TYPE (TestNote, test_note, TEST, NOTE, MikroEntity)

struct _TestNote
{
  MikroEntity  parent_instance;
  char        *slug;
  char        *title;
  char        *body;
};

G_DEFINE_FINAL_TYPE (TestNote, test_note, MIKRO_TYPE_ENTITY)

enum { PROP_0, PROP_SLUG, PROP_TITLE, PROP_BODY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
test_note_finalize (GObject *object)
{
  TestNote *self = TEST_NOTE (object);

  g_free (self->slug);
  g_free (self->title);
  g_free (self->body);
  G_OBJECT_CLASS (test_note_parent_class)->finalize (object);
}

static char **
field (TestNote *self,
       guint     prop_id)
{
  return prop_id == PROP_SLUG ? &self->slug : prop_id == PROP_TITLE ? &self->title : &self->body;
}

static void
test_note_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_set_string (value, *field (TEST_NOTE (object), prop_id));
}

static void
test_note_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  char **slot = field (TEST_NOTE (object), prop_id);

  if (g_strcmp0 (*slot, g_value_get_string (value)) == 0)
    return;
  g_free (*slot);
  *slot = g_value_dup_string (value);
  g_object_notify_by_pspec (object, pspec);
}

static void
test_note_class_init (TestNoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "lazy_note");
  MikroProperty *prop;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = test_note_finalize;
  object_class->get_property = test_note_get_property;
  object_class->set_property = test_note_set_property;
  properties[PROP_SLUG] = g_param_spec_string ("slug", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  prop = mikro_entity_schema_add_property (schema, "slug", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_property_set_length (prop, 40);
  mikro_entity_schema_add_property (schema, "title", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "body", NULL, MIKRO_PROPERTY_LAZY | MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
test_note_init (TestNote *self)
{
}

/* Pages of a pad, whose text is lazy: what a populate path ends with. */
#define TEST_TYPE_PAD (test_pad_get_type ())
G_DECLARE_FINAL_TYPE (TestPad, test_pad, TEST, PAD, MikroEntity)
#define TEST_TYPE_PAGE (test_page_get_type ())
G_DECLARE_FINAL_TYPE (TestPage, test_page, TEST, PAGE, MikroEntity)

struct _TestPad  { MikroEntity parent_instance; };
struct _TestPage { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (TestPad, test_pad, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestPage, test_page, MIKRO_TYPE_ENTITY)

static void test_pad_init (TestPad *self) { }
static void test_page_init (TestPage *self) { }

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
test_pad_class_init (TestPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "lazy_pad");

  g_object_class_install_property (object_class, 3,
                                   g_param_spec_object ("pages", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  mikro_property_set_mapped_by (mikro_entity_schema_add_relation (schema, "pages", MIKRO_RELATION_ONE_TO_MANY,
                                                                  TEST_TYPE_PAGE, MIKRO_PROPERTY_NONE),
                                "pad");
  mikro_entity_schema_register (schema);
}

static void
test_page_class_init (TestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "lazy_page");

  g_object_class_install_property (object_class, 3, g_param_spec_object ("pad", NULL, NULL, TEST_TYPE_PAD, RW));
  g_object_class_install_property (object_class, 4, g_param_spec_string ("text", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_relation (schema, "pad", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_PAD,
                                    MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "text", NULL, MIKRO_PROPERTY_LAZY | MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

typedef struct
{
  MikroOrm *orm;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->orm = test_backend_open_orm (&backend, TEST_TYPE_NOTE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_backend_close_orm (&fixture->orm);
}

static void
add_note (MikroOrm   *orm,
          const char *slug,
          const char *title,
          const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(MikroEntity) note = g_object_new (TEST_TYPE_NOTE, "slug", slug, "title", title, "body", body, NULL);

  mikro_entity_manager_persist (em, note, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
}

static MikroEntity *
load (MikroEntityManager *em,
      const char         *slug)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroEntity *note;

  g_value_init (&key, G_TYPE_STRING);
  g_value_set_string (&key, slug);
  note = mikro_entity_manager_find_one (em, TEST_TYPE_NOTE, &key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
  return note;
}

/* The body as the database has it, read by a fresh manager. */
static char *
stored_body (MikroOrm   *orm,
             const char *slug)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(MikroEntity) note = load (em, slug);

  g_assert_true (mikro_entity_manager_populate (em, note, "body", &error));
  g_assert_no_error (error);
  return g_strdup (TEST_NOTE (note)->body);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_left_out_then_populated (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) note = NULL;
  g_autoptr(GListModel) found = NULL;
  guint notified = 0;

  if (fixture->orm == NULL)
    return;

  add_note (fixture->orm, "a", "Alpha", "A long text");
  em = mikro_orm_create_entity_manager (fixture->orm);

  test_capture_start ();
  note = load (em, "a");
  test_capture_stop ();
  g_assert_cmpstr (TEST_NOTE (note)->title, ==, "Alpha");
  /* not read, and not asked for on SQL */
  g_assert_null (TEST_NOTE (note)->body);
  if (!backend.mongo)
    {
      g_assert_cmpuint (test_statements->len, ==, 1);
      g_assert_null (strstr (g_ptr_array_index (test_statements, 0), "body"));
    }
  g_assert_false (mikro_entity_is_dirty (note));

  /* read now; the value is the loaded one, not a change */
  g_signal_connect (note, "notify::body", G_CALLBACK (count_notify), &notified);
  g_assert_true (mikro_entity_manager_populate (em, note, "body", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (TEST_NOTE (note)->body, ==, "A long text");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (mikro_entity_is_dirty (note));
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* read once: populating again asks nothing */
  test_capture_start ();
  g_assert_true (mikro_entity_manager_populate (em, note, "body", &error));
  test_capture_stop ();
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* a filter on a lazy property still works */
  found = mikro_entity_manager_find (em, TEST_TYPE_NOTE, "{\"body\": \"A long text\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  /* populating what is not lazy is an error naming it */
  g_assert_false (mikro_entity_manager_populate (em, note, "title", &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "title"));
}

static void
test_updates_leave_it (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) first = NULL;
  g_autoptr(MikroEntity) second = NULL;
  g_autofree char *body = NULL;
  g_autofree char *second_body = NULL;

  if (fixture->orm == NULL)
    return;

  add_note (fixture->orm, "b", "Beta", "Kept");
  add_note (fixture->orm, "c", "Gamma", "Replaced");
  em = mikro_orm_create_entity_manager (fixture->orm);

  /* another property changed: the body is not written (it was never
   * read, and NULL here is not its value) */
  first = load (em, "b");
  g_object_set (first, "title", "Beta 2", NULL);
  /* set without being read: written */
  second = load (em, "c");
  g_object_set (second, "body", "New body", NULL);
  test_capture_start ();
  mikro_entity_manager_flush (em, &error);
  test_capture_stop ();
  g_assert_no_error (error);
  if (!backend.mongo)
    g_assert_null (test_capture_find ("Kept"));

  body = stored_body (fixture->orm, "b");
  g_assert_cmpstr (body, ==, "Kept");
  second_body = stored_body (fixture->orm, "c");
  g_assert_cmpstr (second_body, ==, "New body");

  /* and a value set since is not overwritten by populate */
  g_assert_true (mikro_entity_manager_populate (em, second, "body", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (TEST_NOTE (second)->body, ==, "New body");
}

static void
test_refresh_and_references (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) note = NULL;
  g_autoptr(MikroEntity) reference = NULL;
  g_auto(GValue) key = G_VALUE_INIT;

  if (fixture->orm == NULL)
    return;

  add_note (fixture->orm, "d", "Delta", "Refreshed");
  add_note (fixture->orm, "e", "Epsilon", "Referenced");
  em = mikro_orm_create_entity_manager (fixture->orm);

  /* refresh reads every column */
  note = load (em, "d");
  g_assert_null (TEST_NOTE (note)->body);
  g_assert_true (mikro_entity_manager_refresh (em, note, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (TEST_NOTE (note)->body, ==, "Refreshed");
  g_assert_false (mikro_entity_is_dirty (note));

  /* a reference is loaded with its lazy columns by populate */
  g_value_init (&key, G_TYPE_STRING);
  g_value_set_string (&key, "e");
  reference = mikro_entity_manager_get_reference (em, TEST_TYPE_NOTE, &key, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_is_initialized (reference));
  g_assert_true (mikro_entity_manager_populate (em, reference, "body", &error));
  g_assert_no_error (error);
  g_assert_true (mikro_entity_is_initialized (reference));
  g_assert_cmpstr (TEST_NOTE (reference)->title, ==, "Epsilon");
  g_assert_cmpstr (TEST_NOTE (reference)->body, ==, "Referenced");
}

/* A populate path may end with a lazy property: the pages, then the text
 * of each. */
static void
test_populate_path (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) pad = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroCollection) pages = NULL;

  if (fixture->orm == NULL)
    return;

  orm = test_backend_open_orm (&backend, TEST_TYPE_PAGE);
  em = mikro_orm_create_entity_manager (orm);
  pad = g_object_new (TEST_TYPE_PAD, "name", "Notebook", NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = g_strdup_printf ("Page %u, at length", i);
      g_autoptr(MikroEntity) page = g_object_new (TEST_TYPE_PAGE, "name", "page", "text", text, "pad", pad, NULL);
    }
  g_assert_true (mikro_entity_manager_persist (em, pad, &error));
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);

  fresh = mikro_orm_create_entity_manager (orm);
  loaded = mikro_entity_manager_find_one_by (fresh, TEST_TYPE_PAD, "{\"name\": \"Notebook\"}", &error);
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_populate (fresh, loaded, "pages.text", &error));
  g_assert_no_error (error);
  g_object_get (loaded, "pages", &pages, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      g_autofree char *text = NULL;

      g_object_get (page, "text", &text, NULL);
      g_assert_true (g_str_has_suffix (text, "at length"));
      g_assert_false (mikro_entity_is_dirty (MIKRO_ENTITY (page)));
    }

  g_clear_object (&pages);
  g_clear_object (&loaded);
  g_clear_object (&fresh);
  g_clear_object (&em);
  test_backend_close_orm (&orm);
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/lazy/%s/%s", backend.name, name);

  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  test_capture_init ();
  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);

  add_backend_test ("left-out-then-populated", test_left_out_then_populated);
  add_backend_test ("updates-leave-it", test_updates_leave_it);
  add_backend_test ("refresh-and-references", test_refresh_and_references);
  add_backend_test ("populate-path", test_populate_path);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
