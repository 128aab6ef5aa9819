/* test-errors.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Bad input is a GError in the MIKRO_ERROR domain that names what was
 * wrong: URIs, schemes, servers that are down, and entity metadata. */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "test-entities.h"

/* A loopback port nothing listens on: bound, then released. */
static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
assert_open_fails (const char *uri,
                   int         code,
                   const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open (uri, &error);

  g_assert_null (orm);
  g_assert_error (error, MIKRO_ERROR, code);
  g_test_message ("%s → %s", uri, error->message);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not name “%s”", error->message, message_part);
}

static void
test_malformed_uri (void)
{
  assert_open_fails ("", MIKRO_ERROR_INVALID_URI, "empty");
  assert_open_fails ("not a uri at all", MIKRO_ERROR_INVALID_URI, "not a uri at all");
  assert_open_fails ("postgresql://host:notaport/db", MIKRO_ERROR_INVALID_URI, "host:notaport");
  assert_open_fails ("postgresql://127.0.0.1:5432", MIKRO_ERROR_INVALID_URI, "names no database");
  assert_open_fails ("sqlite://", MIKRO_ERROR_INVALID_URI, "names no database file");
}

static void
test_unknown_scheme (void)
{
  assert_open_fails ("oracle://scott:tiger@db/orcl", MIKRO_ERROR_UNKNOWN_SCHEME, "oracle");
  assert_open_fails ("http://example.com/db", MIKRO_ERROR_UNKNOWN_SCHEME, "http");
}

static void
test_server_down (void)
{
  g_autofree char *pg = g_strdup_printf ("postgresql://mikro:secret@127.0.0.1:%u/nowhere", closed_port ());
  g_autofree char *my = g_strdup_printf ("mysql://mikro:secret@127.0.0.1:%u/nowhere", closed_port ());
  g_autofree char *port = NULL;

  /* the message names the server, and never the password */
  assert_open_fails (pg, MIKRO_ERROR_CONNECTION, "127.0.0.1");
  assert_open_fails (my, MIKRO_ERROR_CONNECTION, "127.0.0.1");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MikroOrm) orm = mikro_orm_open (pg, &error);

    g_assert_null (orm);
    g_assert_null (strstr (error->message, "secret"));
  }

  assert_open_fails ("sqlite:///no/such/directory/app.db", MIKRO_ERROR_CONNECTION, "/no/such/directory");
}

static void
test_mongo_down (void)
{
  g_autofree char *uri = g_strdup_printf ("mongodb://127.0.0.1:%u/nowhere", closed_port ());

  assert_open_fails (uri, MIKRO_ERROR_CONNECTION, "127.0.0.1");
}

static void
test_sqlite_file_name_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mikro-errors-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "plain-name", NULL);
  g_autofree char *with_suffix = g_strconcat (file, ".db", NULL);
  g_autofree char *uri = g_strdup_printf ("sqlite://%s", file);
  g_autoptr(MikroOrm) orm = NULL;

  /* libgda would open "plain-name.db"; the file named is the one used */
  orm = mikro_orm_open (uri, &error);
  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  mikro_orm_close (orm);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (with_suffix, G_FILE_TEST_EXISTS));
  g_remove (file);
  g_rmdir (dir);
}

/* An entity type with a schema for each metadata mistake. */
typedef struct { MikroEntity parent_instance; gint64 id; char *name; GHashTable *tags; } BadEntity;
typedef struct { MikroEntityClass parent_class; } BadEntityClass;

static GType bad_entity_get_type (void);
G_DEFINE_TYPE (BadEntity, bad_entity, MIKRO_TYPE_ENTITY)

static void
bad_entity_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BadEntity *self = (BadEntity *)object;

  switch (prop_id)
    {
    case 1: g_value_set_int64 (value, self->id); break;
    case 2: g_value_set_string (value, self->name); break;
    case 3: g_value_set_boxed (value, self->tags); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bad_entity_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BadEntity *self = (BadEntity *)object;

  switch (prop_id)
    {
    case 1: self->id = g_value_get_int64 (value); break;
    case 2: g_free (self->name); self->name = g_value_dup_string (value); break;
    case 3: g_clear_pointer (&self->tags, g_hash_table_unref); self->tags = g_value_dup_boxed (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bad_entity_finalize (GObject *object)
{
  BadEntity *self = (BadEntity *)object;

  g_free (self->name);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  G_OBJECT_CLASS (bad_entity_parent_class)->finalize (object);
}

static void
bad_entity_class_init (BadEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bad_entity_get_property;
  object_class->set_property = bad_entity_set_property;
  object_class->finalize = bad_entity_finalize;
  g_object_class_install_property (object_class, 1,
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 2,
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, 3,
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_HASH_TABLE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
bad_entity_init (BadEntity *self)
{
}

static void
assert_metadata_error (MikroEntitySchema *schema,
                       const char        *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);

  g_assert_no_error (error);
  if (schema != NULL)
    mikro_entity_schema_register (schema);
  g_assert_false (mikro_orm_add_entity (orm, bad_entity_get_type (), &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "BadEntity"));
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not name “%s”", error->message, message_part);
}

static void
test_metadata (void)
{
  g_autoptr(MikroEntitySchema) no_pk = NULL;
  g_autoptr(MikroEntitySchema) missing = NULL;
  g_autoptr(MikroEntitySchema) unmapped = NULL;
  g_autoptr(MikroEntitySchema) twice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = NULL;

  /* nothing registered yet */
  assert_metadata_error (NULL, "no schema");

  no_pk = mikro_entity_schema_new (bad_entity_get_type (), "bad");
  mikro_entity_schema_add_property (no_pk, "name", NULL, MIKRO_PROPERTY_NONE);
  assert_metadata_error (no_pk, "no primary key");

  missing = mikro_entity_schema_new (bad_entity_get_type (), "bad");
  mikro_entity_schema_add_property (missing, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (missing, "nickname", NULL, MIKRO_PROPERTY_NONE);
  assert_metadata_error (missing, "nickname");

  unmapped = mikro_entity_schema_new (bad_entity_get_type (), "bad");
  mikro_entity_schema_add_property (unmapped, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (unmapped, "tags", NULL, MIKRO_PROPERTY_NONE);
  assert_metadata_error (unmapped, "tags");

  twice = mikro_entity_schema_new (bad_entity_get_type (), "bad");
  mikro_entity_schema_add_property (twice, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
  mikro_entity_schema_add_property (twice, "name", "id", MIKRO_PROPERTY_NONE);
  assert_metadata_error (twice, "column “id”");

  /* two entities on one table */
  {
    g_autoptr(MikroEntitySchema) clash = mikro_entity_schema_new (bad_entity_get_type (), "author");

    mikro_entity_schema_add_property (clash, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY);
    mikro_entity_schema_register (clash);
    orm = mikro_orm_open ("sqlite::memory:", &error);
    g_assert_no_error (error);
    mikro_orm_add_entity (orm, TEST_TYPE_AUTHOR, &error);
    g_assert_no_error (error);
    g_assert_false (mikro_orm_add_entity (orm, bad_entity_get_type (), &error));
    g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
    g_assert_nonnull (strstr (error->message, "author"));
    g_clear_error (&error);
  }

  /* not an entity at all */
  g_assert_false (mikro_orm_add_entity (orm, G_TYPE_OBJECT, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_assert_nonnull (strstr (error->message, "GObject"));
}

static void
test_unknown_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) author = NULL;

  g_assert_no_error (error);
  em = mikro_orm_create_entity_manager (orm);
  author = g_object_new (TEST_TYPE_AUTHOR, "name", "Ann", NULL);
  g_assert_false (mikro_entity_manager_persist (em, author, &error));
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA);
  g_assert_nonnull (strstr (error->message, "TestAuthor"));
}

/* Keys are converted to the key's type, but never by rounding or from a
 * boolean: JavaScript passes whole numbers as doubles. */
static void
test_bad_primary_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroOrm) orm = mikro_orm_open ("sqlite::memory:", &error);
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) found = NULL;
  g_auto(GValue) key = G_VALUE_INIT;

  g_assert_no_error (error);
  mikro_orm_add_entity (orm, TEST_TYPE_AUTHOR, &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  em = mikro_orm_create_entity_manager (orm);

  g_value_init (&key, G_TYPE_DOUBLE);
  g_value_set_double (&key, 1.7);
  found = mikro_entity_manager_find_one (em, TEST_TYPE_AUTHOR, &key, &error);
  g_assert_null (found);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "TestAuthor"));
  g_clear_error (&error);

  g_value_set_double (&key, 1.0);
  found = mikro_entity_manager_find_one (em, TEST_TYPE_AUTHOR, &key, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  g_value_unset (&key);
  g_value_init (&key, G_TYPE_BOOLEAN);
  g_value_set_boolean (&key, TRUE);
  found = mikro_entity_manager_find_one (em, TEST_TYPE_AUTHOR, &key, &error);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
  g_clear_error (&error);

  g_value_unset (&key);
  g_value_init (&key, G_TYPE_STRING);
  g_value_set_string (&key, "7");
  found = mikro_entity_manager_find_one (em, TEST_TYPE_AUTHOR, &key, &error);
  g_assert_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mikro/errors/malformed-uri", test_malformed_uri);
  g_test_add_func ("/mikro/errors/unknown-scheme", test_unknown_scheme);
  g_test_add_func ("/mikro/errors/server-down", test_server_down);
  if (g_getenv ("MIKRO_TEST_NO_MONGO") == NULL)
    g_test_add_func ("/mikro/errors/mongo-down", test_mongo_down);
  g_test_add_func ("/mikro/errors/sqlite-file-name", test_sqlite_file_name_kept);
  g_test_add_func ("/mikro/errors/metadata", test_metadata);
  g_test_add_func ("/mikro/errors/unknown-entity", test_unknown_entity);
  g_test_add_func ("/mikro/errors/bad-primary-key", test_bad_primary_key);

  return g_test_run ();
}
