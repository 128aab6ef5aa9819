/* test-transactions.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Explicit and callback transactions, nested through savepoints, and a
 * failed flush inside a transaction undoing only its own writes. Run per
 * SQL backend. */

#include <string.h>

#include "test-backend.h"
#include "test-entities.h"

static TestBackend backend;

static MikroEntity *
author (const char *name)
{
  g_autofree char *email = g_strdup_printf ("%s@example.com", name);

  return g_object_new (TEST_TYPE_AUTHOR, "name", name, "email", email, NULL);
}

static gint64
count (MikroOrm   *orm,
       const char *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  gint64 n = mikro_entity_manager_count (em, TEST_TYPE_AUTHOR, filter, &error);

  g_assert_no_error (error);
  return n;
}

static gboolean
persist_ann (MikroEntityManager  *em,
             gpointer             user_data,
             GError             **error)
{
  g_autoptr(MikroEntity) ann = author ("ann");

  g_assert_true (mikro_entity_manager_is_in_transaction (em));
  return mikro_entity_manager_persist (em, ann, error);
}

static gboolean
persist_bob_and_fail (MikroEntityManager  *em,
                      gpointer             user_data,
                      GError             **error)
{
  g_autoptr(MikroEntity) bob = author ("bob");

  if (!mikro_entity_manager_persist (em, bob, error) || !mikro_entity_manager_flush (em, error))
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "changed my mind");
  return FALSE;
}

static gboolean
nested (MikroEntityManager  *em,
        gpointer             user_data,
        GError             **error)
{
  g_autoptr(GError) inner_error = NULL;
  g_autoptr(MikroEntity) cid = author ("cid");

  if (!mikro_entity_manager_persist (em, cid, error) || !mikro_entity_manager_flush (em, error))
    return FALSE;

  /* the inner level fails and is rolled back to its savepoint alone */
  g_assert_false (mikro_entity_manager_transactional (em, persist_bob_and_fail, NULL, &inner_error));
  g_assert_error (inner_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  return TRUE;
}

static void
test_transactions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) dee = NULL;
  g_autoptr(MikroEntity) twin = NULL;

  if (!test_backend_available (&backend))
    return;

  orm = mikro_orm_open (backend.uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_drop_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  em = mikro_orm_create_entity_manager (orm);

  /* commit on success, with the final flush */
  g_assert_true (mikro_entity_manager_transactional (em, persist_ann, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
  g_assert_cmpint (count (orm, "{\"name\": \"ann\"}"), ==, 1);

  /* roll back on failure, even what was flushed */
  g_assert_false (mikro_entity_manager_transactional (em, persist_bob_and_fail, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (count (orm, "{\"name\": \"bob\"}"), ==, 0);
  mikro_entity_manager_clear (em);

  /* nested: the inner rollback keeps the outer work */
  g_assert_true (mikro_entity_manager_transactional (em, nested, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (orm, "{\"name\": \"cid\"}"), ==, 1);
  g_assert_cmpint (count (orm, "{\"name\": \"bob\"}"), ==, 0);
  mikro_entity_manager_clear (em);

  /* explicit levels; a failed flush inside keeps its changes for a retry */
  g_assert_false (mikro_entity_manager_commit (em, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION);
  g_clear_error (&error);

  mikro_entity_manager_begin (em, &error);
  g_assert_no_error (error);
  dee = author ("dee");
  twin = g_object_new (TEST_TYPE_AUTHOR, "name", "twin", "email", "ann@example.com", NULL);
  mikro_entity_manager_persist (em, dee, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
  mikro_entity_manager_persist (em, twin, &error);
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_flush (em, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION);
  g_clear_error (&error);
  g_assert_true (mikro_entity_manager_is_in_transaction (em));
  g_object_set (twin, "email", "twin@example.com", NULL);
  g_assert_true (mikro_entity_manager_commit (em, &error));
  g_assert_no_error (error);
  g_assert_false (mikro_entity_manager_is_in_transaction (em));
  g_assert_cmpint (count (orm, "{\"name\": {\"$in\": [\"dee\", \"twin\"]}}"), ==, 2);

  /* an explicit rollback undoes what was flushed */
  mikro_entity_manager_begin (em, &error);
  g_assert_no_error (error);
  {
    g_autoptr(MikroEntity) eve = author ("eve");

    mikro_entity_manager_persist (em, eve, &error);
    g_assert_no_error (error);
    mikro_entity_manager_flush (em, &error);
    g_assert_no_error (error);
  }
  mikro_entity_manager_rollback (em, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (orm, "{\"name\": \"eve\"}"), ==, 0);
  g_assert_cmpint (count (orm, NULL), ==, 4);

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

  path = g_strdup_printf ("/mikro/transactions/%s/nested", backend.name);
  g_test_add_func (path, test_transactions);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
