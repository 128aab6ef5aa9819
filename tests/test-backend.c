/* test-backend.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>

#include <string.h>

#include "test-backend.h"

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

void
test_backend_init (TestBackend *backend)
{
  backend->name = g_getenv ("MIKRO_TEST_BACKEND");
  if (backend->name == NULL)
    backend->name = "sqlite-file";

  if (g_str_equal (backend->name, "sqlite-file"))
    {
      g_autoptr(GError) error = NULL;

      backend->tmpdir = g_dir_make_tmp ("mikro-test-XXXXXX", &error);
      g_assert_no_error (error);
      backend->uri = g_strdup_printf ("sqlite://%s/test.db", backend->tmpdir);
    }
  else if (g_str_equal (backend->name, "sqlite-memory"))
    backend->uri = g_strdup ("sqlite::memory:");
  else if (g_str_equal (backend->name, "postgresql"))
    backend->uri = dup_env ("MIKRO_TEST_POSTGRES_URI");
  else if (g_str_equal (backend->name, "mariadb"))
    backend->uri = dup_env ("MIKRO_TEST_MYSQL_URI");
  else if (g_str_equal (backend->name, "mongo"))
    {
      backend->uri = dup_env ("MIKRO_TEST_MONGO_URI");
      backend->mongo = TRUE;
    }
  else
    g_error ("unknown MIKRO_TEST_BACKEND %s", backend->name);
}

gboolean
test_backend_available (TestBackend *backend)
{
  if (backend->uri != NULL)
    return TRUE;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_test_message ("backend %s has no server (set its MIKRO_TEST_*_URI)", backend->name);
      g_test_fail ();
    }
  else
    g_test_skip ("no server for this backend; set its MIKRO_TEST_*_URI");
  return FALSE;
}

gint64
test_get_id (gpointer entity)
{
  gint64 id = 0;

  g_object_get (entity, "id", &id, NULL);
  return id;
}

gpointer
test_get_object (gpointer    entity,
                 const char *property)
{
  GObject *value = NULL;

  g_object_get (entity, property, &value, NULL);
  if (value != NULL)
    g_object_unref (value);   /* the entity holds it */
  return value;
}

gint64
test_count (MikroOrm   *orm,
            GType       type,
            const char *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  gint64 n = mikro_entity_manager_count (em, type, filter, &error);

  g_assert_no_error (error);
  return n;
}

MikroOrm *
test_backend_open_orm (TestBackend *backend,
                       GType        entity_type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;

  if (!test_backend_available (backend))
    return NULL;

  orm = mikro_orm_open (backend->uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, entity_type, &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&orm);
}

void
test_backend_close_orm (MikroOrm **orm)
{
  g_autoptr(GError) error = NULL;

  if (*orm == NULL)
    return;
  mikro_orm_drop_schema (*orm, &error);
  g_assert_no_error (error);
  g_clear_object (orm);
}

void
test_backend_clear (TestBackend *backend)
{
  if (backend->tmpdir != NULL)
    {
      g_autofree char *db = g_build_filename (backend->tmpdir, "test.db", NULL);

      g_remove (db);
      g_rmdir (backend->tmpdir);
    }
  g_clear_pointer (&backend->tmpdir, g_free);
  g_clear_pointer (&backend->uri, g_free);
}

GPtrArray *test_statements;
static gboolean capturing;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *statement = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MIKRO_STATEMENT"))
        statement = fields[i].value;
    }

  if (g_strcmp0 (domain, "mikro") == 0 && log_level == G_LOG_LEVEL_DEBUG)
    {
      if (capturing && statement != NULL)
        g_ptr_array_add (test_statements, g_strdup (statement));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
test_capture_init (void)
{
  /* statements are logged at debug level in the "mikro" domain */
  g_setenv ("G_MESSAGES_DEBUG", "mikro", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  test_statements = g_ptr_array_new_with_free_func (g_free);
}

void
test_capture_start (void)
{
  g_ptr_array_set_size (test_statements, 0);
  capturing = TRUE;
}

void
test_capture_stop (void)
{
  capturing = FALSE;
}

guint
test_capture_count (const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < test_statements->len; i++)
    if (strstr (g_ptr_array_index (test_statements, i), needle) != NULL)
      n++;
  return n;
}

const char *
test_capture_find (const char *needle)
{
  for (guint i = 0; i < test_statements->len; i++)
    if (strstr (g_ptr_array_index (test_statements, i), needle) != NULL)
      return g_ptr_array_index (test_statements, i);
  return NULL;
}
