/* test-backend.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <mikro-gobject.h>

G_BEGIN_DECLS

/* The database a backend-parametrised test runs against: MIKRO_TEST_BACKEND
 * names it (sqlite-file, sqlite-memory, postgresql, mariadb, mongo); server
 * backends read their URI from MIKRO_TEST_POSTGRES_URI,
 * MIKRO_TEST_MYSQL_URI and MIKRO_TEST_MONGO_URI. */
typedef struct
{
  const char *name;
  char       *tmpdir;
  char       *uri;
  gboolean    mongo;
} TestBackend;

void     test_backend_init      (TestBackend *backend);
/* FALSE when the backend has no server: the test is skipped, or failed
 * under CI=true, where a server that did not start is an error. */
gboolean test_backend_available (TestBackend *backend);
void     test_backend_clear     (TestBackend *backend);

/* The fixture of most backend tests: an ORM on @backend with @entity_type
 * (and what it brings) and its schema created afresh, or NULL when the
 * backend is not available (see test_backend_available()); closed with
 * test_backend_close_orm(), which drops the schema again. */
MikroOrm *test_backend_open_orm  (TestBackend  *backend,
                                  GType         entity_type);
void      test_backend_close_orm (MikroOrm    **orm);

/* Small readers the entity tests share. */
/* The int64 "id" property of @entity. */
gint64   test_get_id     (gpointer    entity);
/* (transfer none) The object-typed @property of @entity (held by it), or
 * NULL. */
gpointer test_get_object (gpointer    entity,
                          const char *property);
/* The number of @type's rows matching @filter (NULL: all), asked by a
 * fresh entity manager of @orm. */
gint64   test_count      (MikroOrm   *orm,
                          GType       type,
                          const char *filter);

/* Statements the drivers log (debug level, "mikro" domain) while
 * capturing. test_capture_init() goes before g_test_init(). */
extern GPtrArray *test_statements;

void        test_capture_init  (void);
void        test_capture_start (void);
void        test_capture_stop  (void);
guint       test_capture_count (const char *needle);
const char *test_capture_find  (const char *needle);

G_END_DECLS
