/* mikro-demo.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A tour of mikro-gobject on SQLite: define an entity, create its table,
 * persist, find, update and remove, printing what happens. Run with
 * --debug (or G_MESSAGES_DEBUG=mikro) to see every statement sent. */

#include <locale.h>

#include <glib/gstdio.h>
#include <mikro-gobject.h>

/* The entity: a GObject subclass of MikroEntity with ordinary properties. */

#define DEMO_TYPE_AUTHOR (demo_author_get_type ())
G_DECLARE_FINAL_TYPE (DemoAuthor, demo_author, DEMO, AUTHOR, MikroEntity)

struct _DemoAuthor
{
  MikroEntity  parent_instance;
  gint64       id;
  char        *name;
  char        *email;
  GDateTime   *born;
};

G_DEFINE_FINAL_TYPE (DemoAuthor, demo_author, MIKRO_TYPE_ENTITY)

enum { PROP_0, PROP_ID, PROP_NAME, PROP_EMAIL, PROP_BORN, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
demo_author_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DemoAuthor *self = DEMO_AUTHOR (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_BORN: g_value_set_boxed (value, self->born); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Setters notify only when the value changes: a notification is what marks
 * a managed entity dirty. */
static void
demo_author_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DemoAuthor *self = DEMO_AUTHOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      if (self->id == g_value_get_int64 (value))
        return;
      self->id = g_value_get_int64 (value);
      break;
    case PROP_NAME:
      if (g_strcmp0 (self->name, g_value_get_string (value)) == 0)
        return;
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    case PROP_EMAIL:
      if (g_strcmp0 (self->email, g_value_get_string (value)) == 0)
        return;
      g_free (self->email);
      self->email = g_value_dup_string (value);
      break;
    case PROP_BORN:
      {
        GDateTime *born = g_value_get_boxed (value);

        if (born == self->born || (born != NULL && self->born != NULL && g_date_time_equal (born, self->born)))
          return;
        g_clear_pointer (&self->born, g_date_time_unref);
        self->born = born != NULL ? g_date_time_ref (born) : NULL;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
demo_author_finalize (GObject *object)
{
  DemoAuthor *self = DEMO_AUTHOR (object);

  g_free (self->name);
  g_free (self->email);
  g_clear_pointer (&self->born, g_date_time_unref);
  G_OBJECT_CLASS (demo_author_parent_class)->finalize (object);
}

static void
demo_author_class_init (DemoAuthorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  g_autoptr(MikroEntitySchema) schema = NULL;

  object_class->get_property = demo_author_get_property;
  object_class->set_property = demo_author_set_property;
  object_class->finalize = demo_author_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_BORN] = g_param_spec_boxed ("born", NULL, NULL, G_TYPE_DATE_TIME, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The mapping: table "author", an auto-increment key, a unique email
   * and a nullable birth date. */
  schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "author");
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "email", NULL, MIKRO_PROPERTY_UNIQUE);
  mikro_entity_schema_add_property (schema, "born", NULL, MIKRO_PROPERTY_NULLABLE);
  mikro_entity_schema_register (schema);
}

static void
demo_author_init (DemoAuthor *self)
{
}

static void
print_author (const char *what,
              DemoAuthor *author)
{
  g_autofree char *born = author->born != NULL ? g_date_time_format (author->born, "%F") : g_strdup ("unknown");

  g_print ("  %-10s #%" G_GINT64_FORMAT " %s <%s>, born %s\n",
           what, author->id, author->name, author->email, born);
}

static gboolean
run (const char  *uri,
     GError     **error)
{
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) em2 = NULL;
  g_autoptr(MikroEntityManager) em3 = NULL;
  g_autoptr(GListModel) young = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_autoptr(MikroEntity) again = NULL;
  g_autoptr(MikroEntity) gone = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  struct { const char *name, *email; int year; } people[] = {
    { "Ada Lovelace", "ada@example.org", 1815 },
    { "Grace Hopper", "grace@example.org", 1906 },
    { "Alan Turing", "alan@example.org", 1912 },
    { "Anonymous", "anon@example.org", 0 },
  };
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_object_unref);

  g_print ("Opening %s\n", uri);
  orm = mikro_orm_open (uri, error);
  if (orm == NULL || !mikro_orm_add_entity (orm, DEMO_TYPE_AUTHOR, error))
    return FALSE;
  if (!mikro_orm_drop_schema (orm, error) || !mikro_orm_create_schema (orm, error))
    return FALSE;
  g_print ("Created table “author” from the entity's metadata\n");

  em = mikro_orm_create_entity_manager (orm);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(GDateTime) born = people[i].year ? g_date_time_new_utc (people[i].year, 12, 10, 0, 0, 0) : NULL;
      DemoAuthor *author = g_object_new (DEMO_TYPE_AUTHOR,
                                         "name", people[i].name,
                                         "email", people[i].email,
                                         "born", born,
                                         NULL);

      g_ptr_array_add (authors, author);
      if (!mikro_entity_manager_persist (em, MIKRO_ENTITY (author), error))
        return FALSE;
    }
  if (!mikro_entity_manager_flush (em, error))
    return FALSE;
  g_print ("Persisted %u authors in one transaction; the database gave them ids:\n", authors->len);
  for (guint i = 0; i < authors->len; i++)
    print_author ("inserted", g_ptr_array_index (authors, i));

  /* A fresh entity manager has an empty identity map: this is a query. */
  em2 = mikro_orm_create_entity_manager (orm);
  g_value_init (&pk, G_TYPE_INT64);
  g_value_set_int64 (&pk, DEMO_AUTHOR (g_ptr_array_index (authors, 1))->id);
  found = mikro_entity_manager_find_one (em2, DEMO_TYPE_AUTHOR, &pk, error);
  if (found == NULL)
    return FALSE;
  print_author ("found", DEMO_AUTHOR (found));

  again = mikro_entity_manager_find_one (em2, DEMO_TYPE_AUTHOR, &pk, error);
  g_print ("Finding #%" G_GINT64_FORMAT " again returns the same object: %s\n",
           g_value_get_int64 (&pk), again == found ? "yes" : "no");

  young = mikro_entity_manager_find (em2, DEMO_TYPE_AUTHOR,
                                     "{\"born\": {\"$gt\": \"1900-01-01T00:00:00Z\"}}", error);
  if (young == NULL)
    return FALSE;
  g_print ("Authors born after 1900: %u\n", g_list_model_get_n_items (young));
  for (guint i = 0; i < g_list_model_get_n_items (young); i++)
    {
      g_autoptr(DemoAuthor) author = g_list_model_get_item (young, i);

      print_author ("matched", author);
    }

  /* Changing a property marks the entity dirty; the flush updates only
   * that column. */
  g_object_set (found, "email", "amazing.grace@example.org", NULL);
  g_print ("Changed one email; dirty: %s\n", mikro_entity_is_dirty (found) ? "yes" : "no");
  if (!mikro_entity_manager_flush (em2, error))
    return FALSE;
  print_author ("updated", DEMO_AUTHOR (found));

  if (!mikro_entity_manager_remove (em2, found, error) || !mikro_entity_manager_flush (em2, error))
    return FALSE;
  g_print ("Removed #%" G_GINT64_FORMAT "\n", g_value_get_int64 (&pk));

  em3 = mikro_orm_create_entity_manager (orm);
  gone = mikro_entity_manager_find_one (em3, DEMO_TYPE_AUTHOR, &pk, error);
  if (gone == NULL && error != NULL && *error != NULL)
    return FALSE;
  g_print ("Looking #%" G_GINT64_FORMAT " up again: %s\n",
           g_value_get_int64 (&pk), gone == NULL ? "not found" : "still there?");

  mikro_orm_close (orm);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *tmpdir = NULL;
  gboolean debug = FALSE;
  GOptionEntry entries[] = {
    { "uri", 'u', 0, G_OPTION_ARG_STRING, &uri, "Database to use (default: a new SQLite file)", "URI" },
    { "debug", 'd', 0, G_OPTION_ARG_NONE, &debug, "Print every SQL statement", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— a tour of mikro-gobject");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* Statements are debug messages of the "mikro" log domain. */
  if (debug)
    g_setenv ("G_MESSAGES_DEBUG", "mikro", TRUE);

  if (uri == NULL)
    {
      tmpdir = g_dir_make_tmp ("mikro-demo-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      uri = g_strdup_printf ("sqlite://%s/demo.db", tmpdir);
    }

  if (!run (uri, &error))
    {
      g_printerr ("mikro-demo: %s\n", error->message);
      return 1;
    }

  /* The database made for this run goes with it. */
  if (tmpdir != NULL)
    {
      g_autofree char *db = g_build_filename (tmpdir, "demo.db", NULL);

      g_remove (db);
      g_rmdir (tmpdir);
    }

  return 0;
}
