/* test-logging.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Query logging: off unless G_MESSAGES_DEBUG or the ORM asks for it; each
 * message names the entity manager and its label; hidden properties and,
 * when asked, every parameter are masked; an entity manager can keep its
 * calls out of the log. */

#include <string.h>

#include "test-relation-entities.h"

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

typedef struct { MikroEntity parent_instance; } TestAccount;
typedef struct { MikroEntityClass parent_class; } TestAccountClass;

static GType test_account_get_type (void);
G_DEFINE_TYPE (TestAccount, test_account, MIKRO_TYPE_ENTITY)

static void
test_account_class_init (TestAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (G_TYPE_FROM_CLASS (klass), "account");

  test_store_class_init (object_class);
  g_object_class_install_property (object_class, 1, g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW));
  g_object_class_install_property (object_class, 2, g_param_spec_string ("login", NULL, NULL, NULL, RW));
  g_object_class_install_property (object_class, 3, g_param_spec_string ("password", NULL, NULL, NULL, RW));
  mikro_entity_schema_add_property (schema, "id", NULL, MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
  mikro_entity_schema_add_property (schema, "login", NULL, MIKRO_PROPERTY_NONE);
  mikro_entity_schema_add_property (schema, "password", NULL, MIKRO_PROPERTY_HIDDEN);
  mikro_entity_schema_register (schema);
}

static void test_account_init (TestAccount *self) { }

typedef struct
{
  char *message;
  char *em;
  char *label;
  GLogLevelFlags level;
} Logged;

static GPtrArray *logged;

static void
logged_free (gpointer data)
{
  Logged *entry = data;

  g_free (entry->message);
  g_free (entry->em);
  g_free (entry->label);
  g_free (entry);
}

static GLogWriterOutput
writer (GLogLevelFlags   log_level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  Logged *entry;
  const char *domain = NULL;
  const char *statement = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MIKRO_STATEMENT"))
        statement = fields[i].value;
    }
  if (g_strcmp0 (domain, "mikro") != 0 || statement == NULL)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  entry = g_new0 (Logged, 1);
  entry->level = log_level;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        entry->message = g_strdup (fields[i].value);
      else if (g_str_equal (fields[i].key, "MIKRO_ENTITY_MANAGER"))
        entry->em = g_strdup (fields[i].value);
      else if (g_str_equal (fields[i].key, "MIKRO_LABEL"))
        entry->label = g_strdup (fields[i].value);
    }
  g_ptr_array_add (logged, entry);
  return G_LOG_WRITER_HANDLED;
}

static MikroOrm *
open_orm (void)
{
  g_autoptr(GError) error = NULL;
  MikroOrm *orm = mikro_orm_open ("sqlite::memory:", &error);

  g_assert_no_error (error);
  mikro_orm_add_entity (orm, test_account_get_type (), &error);
  g_assert_no_error (error);
  mikro_orm_create_schema (orm, &error);
  g_assert_no_error (error);
  return orm;
}

static void
insert_account (MikroEntityManager *em,
                const char         *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntity) account = g_object_new (test_account_get_type (),
                                                 "login", login, "password", "s3cret", NULL);

  mikro_entity_manager_persist (em, account, &error);
  g_assert_no_error (error);
  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
}

static const Logged *
find_insert (void)
{
  for (guint i = 0; i < logged->len; i++)
    {
      const Logged *entry = g_ptr_array_index (logged, i);

      if (strstr (entry->message, "INSERT") != NULL)
        return entry;
    }
  g_error ("no INSERT was logged");
}

static void
test_logging (void)
{
  g_autoptr(MikroOrm) orm = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) quiet = NULL;
  g_autofree char *em_id = NULL;
  const Logged *entry;

  /* off by default: G_MESSAGES_DEBUG is not set here */
  orm = open_orm ();
  em = mikro_orm_create_entity_manager (orm);
  insert_account (em, "ada");
  g_assert_cmpuint (logged->len, ==, 0);

  /* configured on: messages naming the manager, the hidden value masked */
  mikro_orm_set_log_queries (orm, TRUE);
  g_assert_true (mikro_orm_get_log_queries (orm));
  mikro_entity_manager_set_log_label (em, "signup");
  insert_account (em, "grace");
  entry = find_insert ();
  g_assert_cmpint (entry->level & G_LOG_LEVEL_MASK, ==, G_LOG_LEVEL_MESSAGE);
  em_id = g_strdup_printf ("%u", mikro_entity_manager_get_id (em));
  g_assert_cmpstr (entry->em, ==, em_id);
  g_assert_cmpstr (entry->label, ==, "signup");
  g_assert_true (g_str_has_prefix (entry->message, "[em #"));
  g_assert_nonnull (strstr (entry->message, "[signup]"));
  g_assert_nonnull (strstr (entry->message, "'grace'"));
  g_assert_null (strstr (entry->message, "s3cret"));
  g_assert_nonnull (strstr (entry->message, "***"));
  g_assert_nonnull (strstr (entry->message, " ms)"));

  /* every parameter masked */
  g_ptr_array_set_size (logged, 0);
  mikro_orm_set_mask_parameters (orm, TRUE);
  mikro_entity_manager_set_log_label (em, NULL);
  insert_account (em, "hedy");
  entry = find_insert ();
  g_assert_null (strstr (entry->message, "hedy"));
  g_assert_cmpstr (entry->label, ==, "");
  mikro_orm_set_mask_parameters (orm, FALSE);

  /* a manager keeping its calls out of the log; another still logs */
  g_ptr_array_set_size (logged, 0);
  quiet = mikro_orm_create_entity_manager (orm);
  mikro_entity_manager_set_logging (quiet, FALSE);
  g_assert_false (mikro_entity_manager_get_logging (quiet));
  insert_account (quiet, "alan");
  g_assert_cmpuint (logged->len, ==, 0);
  insert_account (em, "barbara");
  entry = find_insert ();
  g_assert_cmpstr (entry->em, ==, em_id);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_init (&argc, &argv, NULL);
  logged = g_ptr_array_new_with_free_func (logged_free);
  g_log_set_writer_func (writer, NULL, NULL);

  g_test_add_func ("/mikro/logging/statements", test_logging);

  ret = g_test_run ();
  g_ptr_array_unref (logged);
  return ret;
}
