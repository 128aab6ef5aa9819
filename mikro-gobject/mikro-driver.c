/* mikro-driver.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "mikro-driver-private.h"
#include "mikro-private.h"

/**
 * MikroDriver:
 *
 * The connection to one database, speaking its protocol.
 *
 * Drivers are separate libraries: `MikroGda` (SQLite, PostgreSQL,
 * MySQL/MariaDB through libgda) and `MikroMongo` (MongoDB through
 * libmongoc). The core links neither; [func@Mikro.Driver.open] finds
 * the driver for a URI's scheme at run time and loads its library, so
 * `mikro_orm_open ("postgresql://…")` works from any language.
 *
 * Since: 1.0
 */

typedef struct
{
  char   *uri;
  /* one entry per open level: whether it has a savepoint (the outermost
   * level is the transaction itself) */
  GArray *levels;
  /* query logging: the ORM's configuration (the entity manager on whose
   * behalf a thread works is that thread's LogContext) */
  gboolean log_forced;
  gboolean log_masked;
  /* The connection is held for one statement, or from the outermost
   * begin to its commit or rollback, by an entity manager in a thread.
   * Other threads wait for it, unless they work for the same manager (its
   * asynchronous calls run in workers) -- so that another thread's
   * statements never land in, or alongside, that transaction. */
  GMutex   hold_mutex;
  GCond    hold_released;
  guint    holds;
  guint    holder_em;
  GThread *holder_thread;
} MikroDriverPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MikroDriver, mikro_driver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Drivers shipped with mikro-gobject, found by scheme. The library is
 * loaded on first use; its get_type function registers the driver type. */
static const struct {
  const char *scheme;
  const char *module;
  const char *get_type;
} builtin_drivers[] = {
  { "sqlite", "mikro-gda-" MIKRO_API_VERSION, "mikro_gda_driver_get_type" },
  { "postgresql", "mikro-gda-" MIKRO_API_VERSION, "mikro_gda_driver_get_type" },
  { "postgres", "mikro-gda-" MIKRO_API_VERSION, "mikro_gda_driver_get_type" },
  { "mysql", "mikro-gda-" MIKRO_API_VERSION, "mikro_gda_driver_get_type" },
  { "mariadb", "mikro-gda-" MIKRO_API_VERSION, "mikro_gda_driver_get_type" },
  { "mongodb", "mikro-mongo-" MIKRO_API_VERSION, "mikro_mongo_driver_get_type" },
};

G_LOCK_DEFINE_STATIC (drivers);
static GHashTable *registered_schemes;   /* scheme → GType */

static void
mikro_driver_finalize (GObject *object)
{
  MikroDriver *self = (MikroDriver *)object;
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  g_clear_pointer (&priv->uri, g_free);
  g_clear_pointer (&priv->levels, g_array_unref);
  g_mutex_clear (&priv->hold_mutex);
  g_cond_clear (&priv->hold_released);

  G_OBJECT_CLASS (mikro_driver_parent_class)->finalize (object);
}

static void
mikro_driver_dispose (GObject *object)
{
  mikro_driver_close (MIKRO_DRIVER (object));

  G_OBJECT_CLASS (mikro_driver_parent_class)->dispose (object);
}

static void
mikro_driver_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MikroDriver *self = MIKRO_DRIVER (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, mikro_driver_get_uri (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_driver_class_init (MikroDriverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  _mikro_i18n_init ();

  object_class->dispose = mikro_driver_dispose;
  object_class->finalize = mikro_driver_finalize;
  object_class->get_property = mikro_driver_get_property;

  /**
   * MikroDriver:uri:
   *
   * The URI the driver was opened with, its password masked.
   *
   * Since: 1.0
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_driver_init (MikroDriver *self)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  priv->levels = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_mutex_init (&priv->hold_mutex);
  g_cond_init (&priv->hold_released);
}

/**
 * mikro_driver_register_scheme:
 * @scheme: a URI scheme, such as `sqlite`
 * @driver_type: a subclass of [class@Mikro.Driver]
 *
 * Makes [func@Mikro.Driver.open] use @driver_type for URIs with
 * @scheme, before the drivers shipped with mikro-gobject.
 *
 * Since: 1.0
 */
void
mikro_driver_register_scheme (const char *scheme,
                              GType       driver_type)
{
  g_return_if_fail (scheme != NULL);
  g_return_if_fail (g_type_is_a (driver_type, MIKRO_TYPE_DRIVER));

  G_LOCK (drivers);
  if (registered_schemes == NULL)
    registered_schemes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (registered_schemes, g_ascii_strdown (scheme, -1), GSIZE_TO_POINTER (driver_type));
  G_UNLOCK (drivers);
}

/* Where driver libraries are looked for: MIKRO_DRIVER_PATH (for uninstalled
 * builds and tests), then the directory the library was installed to, then
 * the dynamic linker's own search path. */
static GModule *
open_driver_module (const char  *module_name,
                    GError     **error)
{
  g_autofree char *file_name = g_strdup_printf ("lib%s.so", module_name);
  g_autoptr(GString) tried = g_string_new (NULL);
  const char *env = g_getenv ("MIKRO_DRIVER_PATH");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) dirs = NULL;
  GModule *module;

  if (env != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      g_strv_builder_addv (builder, (const char **)parts);
    }
  g_strv_builder_add (builder, MIKRO_LIBDIR);
  dirs = g_strv_builder_end (builder);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i][0] == '\0')
        continue;

      path = g_build_filename (dirs[i], file_name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module != NULL)
        return module;

      g_string_append_printf (tried, "%s: %s; ", path, g_module_error ());
    }

  /* Installed elsewhere on the linker's path, or already loaded because
   * the program links the driver. */
  module = g_module_open (file_name, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module != NULL)
    return module;
  g_string_append_printf (tried, "%s", g_module_error ());

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_UNKNOWN_SCHEME,
               _("The driver library “%s” could not be loaded (%s)"),
               file_name, tried->str);
  return NULL;
}

static GType
find_driver_type (const char  *scheme,
                  GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (scheme, -1);
  GType type = G_TYPE_INVALID;

  G_LOCK (drivers);
  if (registered_schemes != NULL)
    type = GPOINTER_TO_SIZE (g_hash_table_lookup (registered_schemes, lower));
  G_UNLOCK (drivers);

  if (type != G_TYPE_INVALID)
    return type;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_drivers); i++)
    {
      GModule *module;
      GType (*get_type) (void) = NULL;

      if (!g_str_equal (builtin_drivers[i].scheme, lower))
        continue;

      module = open_driver_module (builtin_drivers[i].module, error);
      if (module == NULL)
        return G_TYPE_INVALID;

      if (!g_module_symbol (module, builtin_drivers[i].get_type, (gpointer *)&get_type) ||
          get_type == NULL)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_UNKNOWN_SCHEME,
                       _("The driver library “%s” has no function “%s”"),
                       g_module_name (module), builtin_drivers[i].get_type);
          g_module_close (module);
          return G_TYPE_INVALID;
        }

      /* A registered GType cannot be unloaded: keep the library. */
      g_module_make_resident (module);
      type = get_type ();
      mikro_driver_register_scheme (lower, type);
      return type;
    }

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_UNKNOWN_SCHEME,
               _("No driver handles URIs of scheme “%s” (known: sqlite, postgresql, mysql, mariadb, mongodb)"),
               scheme);
  return G_TYPE_INVALID;
}

/* SQLite URIs are not all RFC 3986 URIs ("sqlite::memory:"), so they are
 * normalised before GUri sees them. */
static GUri *
parse_uri (const char  *uri,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GUri *parsed;

  if (g_ascii_strncasecmp (uri, "sqlite::memory:", strlen ("sqlite::memory:")) == 0 &&
      uri[strlen ("sqlite::memory:")] == '\0')
    return g_uri_build (G_URI_FLAGS_NONE, "sqlite", NULL, NULL, -1, ":memory:", NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("“%s” is not a valid connection URI: %s"),
                   uri, local_error->message);
      return NULL;
    }

  return parsed;
}

/* The URI as it may appear in messages and logs: no password. */
static char *
mask_uri (GUri *uri)
{
  if (g_uri_get_password (uri) != NULL)
    {
      g_autoptr(GUri) masked = g_uri_build_with_user (g_uri_get_flags (uri),
                                                      g_uri_get_scheme (uri),
                                                      g_uri_get_user (uri),
                                                      "***",
                                                      g_uri_get_auth_params (uri),
                                                      g_uri_get_host (uri),
                                                      g_uri_get_port (uri),
                                                      g_uri_get_path (uri),
                                                      g_uri_get_query (uri),
                                                      g_uri_get_fragment (uri));
      return g_uri_to_string (masked);
    }

  return g_uri_to_string (uri);
}

/**
 * mikro_driver_open:
 * @uri: a connection URI: `sqlite:///path/to/file.db`, `sqlite::memory:`,
 *   `postgresql://user:password@host:port/database`,
 *   `mysql://…` or `mariadb://…`, `mongodb://host:port/database`
 * @error: return location for a #GError
 *
 * Loads the driver for @uri's scheme and connects.
 *
 * Errors are %MIKRO_ERROR_INVALID_URI for a malformed URI,
 * %MIKRO_ERROR_UNKNOWN_SCHEME when no driver handles the scheme and
 * %MIKRO_ERROR_CONNECTION when the server cannot be reached.
 *
 * Returns: (transfer full): a connected driver, or %NULL on error
 *
 * Since: 1.0
 */
MikroDriver *
mikro_driver_open (const char  *uri,
                          GError     **error)
{
  g_autoptr(MikroDriver) self = NULL;
  g_autoptr(GUri) parsed = NULL;
  MikroDriverPrivate *priv;
  GType type;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*uri == '\0')
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("The connection URI is empty"));
      return NULL;
    }

  parsed = parse_uri (uri, error);
  if (parsed == NULL)
    return NULL;

  type = find_driver_type (g_uri_get_scheme (parsed), error);
  if (type == G_TYPE_INVALID)
    return NULL;

  self = g_object_new (type, NULL);
  priv = mikro_driver_get_instance_private (self);
  priv->uri = mask_uri (parsed);

  if (!MIKRO_DRIVER_GET_CLASS (self)->open (self, parsed, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mikro_driver_get_uri:
 * @self: a driver
 *
 * Returns: (nullable): the URI @self was opened with, its password masked
 *
 * Since: 1.0
 */
const char *
mikro_driver_get_uri (MikroDriver *self)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  g_return_val_if_fail (MIKRO_IS_DRIVER (self), NULL);

  return priv->uri;
}

/**
 * mikro_driver_get_name:
 * @self: a driver
 *
 * Returns: the name of the driver's type, such as `MikroGdaDriver`
 *
 * Since: 1.0
 */
const char *
mikro_driver_get_name (MikroDriver *self)
{
  g_return_val_if_fail (MIKRO_IS_DRIVER (self), NULL);

  return G_OBJECT_TYPE_NAME (self);
}

/**
 * mikro_driver_close:
 * @self: a driver
 *
 * Closes the connection. A transaction still open is rolled back by the
 * server. Closing twice does nothing.
 *
 * Since: 1.0
 */
void
mikro_driver_close (MikroDriver *self)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  g_return_if_fail (MIKRO_IS_DRIVER (self));

  g_array_set_size (priv->levels, 0);
  if (MIKRO_DRIVER_GET_CLASS (self)->close != NULL)
    MIKRO_DRIVER_GET_CLASS (self)->close (self);
}

static guint current_em_id (void);
static gboolean current_thread_is_worker (void);

/* One user at a time on the connection (see MikroDriverPrivate): the
 * statement wrappers below hold it for the statement, a transaction from
 * its begin to its end. The holder's own thread passes (it cannot be
 * running another statement meanwhile, and waiting would never end), and
 * so does the holding entity manager from any thread. */
typedef MikroDriver ConnectionHold;

static ConnectionHold *
hold_connection (MikroDriver *self)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);
  GThread *thread = g_thread_self ();
  guint em_id = current_em_id ();

  g_mutex_lock (&priv->hold_mutex);
  while (priv->holds > 0 &&
         priv->holder_thread != thread &&
         (em_id == 0 || priv->holder_em != em_id))
    g_cond_wait (&priv->hold_released, &priv->hold_mutex);
  if (priv->holds == 0)
    {
      priv->holder_em = em_id;
      priv->holder_thread = current_thread_is_worker () ? NULL : thread;
    }
  priv->holds++;
  g_mutex_unlock (&priv->hold_mutex);
  return self;
}

static void
release_connection (ConnectionHold *self)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  g_mutex_lock (&priv->hold_mutex);
  g_assert (priv->holds > 0);
  if (--priv->holds == 0)
    {
      priv->holder_em = 0;
      priv->holder_thread = NULL;
      g_cond_broadcast (&priv->hold_released);
    }
  g_mutex_unlock (&priv->hold_mutex);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConnectionHold, release_connection)

static char *
savepoint_name (guint depth)
{
  return g_strdup_printf ("mikro_savepoint_%u", depth);
}

gboolean
_mikro_driver_begin (MikroDriver  *self,
                     GError      **error)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);
  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);
  gboolean has_savepoint = FALSE;

  /* the level holds the connection until its commit or rollback */
  hold_connection (self);

  if (priv->levels->len == 0)
    {
      if (!klass->begin (self, error))
        goto failed;
    }
  else if (klass->savepoint != NULL)
    {
      g_autofree char *name = savepoint_name (priv->levels->len);

      if (!klass->savepoint (self, name, error))
        goto failed;
      has_savepoint = TRUE;
    }

  g_array_append_val (priv->levels, has_savepoint);
  return TRUE;

failed:
  release_connection (self);
  return FALSE;
}

gboolean
_mikro_driver_commit (MikroDriver  *self,
                      GError      **error)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);
  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);
  gboolean has_savepoint;
  gboolean ok = TRUE;

  if (priv->levels->len == 0)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION,
                   _("No transaction is open on %s"), priv->uri);
      return FALSE;
    }

  /* A failed COMMIT leaves the level closed either way: the caller rolls
   * back, which the drivers treat as harmless then. */
  has_savepoint = g_array_index (priv->levels, gboolean, priv->levels->len - 1);
  g_array_set_size (priv->levels, priv->levels->len - 1);

  if (priv->levels->len == 0)
    ok = klass->commit (self, error);
  else if (has_savepoint)
    {
      g_autofree char *name = savepoint_name (priv->levels->len);

      ok = klass->release_savepoint (self, name, error);
    }

  /* the closed level's hold (see _mikro_driver_begin()) */
  release_connection (self);
  return ok;
}

gboolean
_mikro_driver_rollback (MikroDriver  *self,
                        GError      **error)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);
  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);
  gboolean has_savepoint;
  gboolean ok = TRUE;

  if (priv->levels->len == 0)
    return klass->rollback (self, error);

  has_savepoint = g_array_index (priv->levels, gboolean, priv->levels->len - 1);
  g_array_set_size (priv->levels, priv->levels->len - 1);

  if (priv->levels->len == 0)
    ok = klass->rollback (self, error);
  else if (has_savepoint)
    {
      g_autofree char *name = savepoint_name (priv->levels->len);

      ok = klass->rollback_to_savepoint (self, name, error);
    }
  else
    {
      /* no savepoint to go back to: the outer transaction will have to */
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION,
                   _("The %s driver has no savepoints: only the whole transaction can be rolled back"),
                   G_OBJECT_TYPE_NAME (self));
      ok = FALSE;
    }

  /* the closed level's hold (see _mikro_driver_begin()) */
  release_connection (self);
  return ok;
}

gboolean
_mikro_driver_create_schema (MikroDriver  *self,
                             GPtrArray    *entities,
                             GError      **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  return MIKRO_DRIVER_GET_CLASS (self)->create_schema (self, entities, error);
}

gboolean
_mikro_driver_drop_schema (MikroDriver  *self,
                           GPtrArray    *entities,
                           GError      **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  return MIKRO_DRIVER_GET_CLASS (self)->drop_schema (self, entities, error);
}

JsonNode *
_mikro_driver_describe_schema (MikroDriver        *self,
                               GPtrArray          *entities,
                               MikroSchemaSource   source,
                               GError            **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  if (MIKRO_DRIVER_GET_CLASS (self)->describe_schema == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_FAILED,
                   _("The %s driver does not describe schemas"), G_OBJECT_TYPE_NAME (self));
      return NULL;
    }

  return MIKRO_DRIVER_GET_CLASS (self)->describe_schema (self, entities, source, error);
}

gboolean
_mikro_driver_insert (MikroDriver        *self,
                      MikroEntityMetadata *meta,
                      GValue             *values,
                      GError            **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  return MIKRO_DRIVER_GET_CLASS (self)->insert (self, meta, values, error);
}


gboolean
_mikro_driver_delete (MikroDriver        *self,
                      MikroEntityMetadata *meta,
                      const GValue       *pk,
                      GError            **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  return MIKRO_DRIVER_GET_CLASS (self)->delete (self, meta, pk, error);
}

gboolean
_mikro_driver_insert_many (MikroDriver          *self,
                           MikroEntityMetadata  *meta,
                           GValue              **rows,
                           guint                 n_rows,
                           GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (n_rows > 1 && klass->insert_many != NULL)
    return klass->insert_many (self, meta, rows, n_rows, error);

  for (guint i = 0; i < n_rows; i++)
    if (!klass->insert (self, meta, rows[i], error))
      return FALSE;
  return TRUE;
}

gboolean
_mikro_driver_update_many (MikroDriver          *self,
                           MikroEntityMetadata  *meta,
                           const MikroUpdate    *updates,
                           guint                 n_updates,
                           GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  /* a versioned row is checked on its own: the affected-row count tells */
  if (n_updates > 1 && klass->update_many != NULL && updates[0].expected_version == NULL)
    return klass->update_many (self, meta, updates, n_updates, error);

  for (guint i = 0; i < n_updates; i++)
    if (!klass->update (self, meta, updates[i].pk, updates[i].props, updates[i].values,
                        updates[i].n_values, updates[i].expected_version, error))
      return FALSE;
  return TRUE;
}

gboolean
_mikro_driver_delete_many (MikroDriver          *self,
                           MikroEntityMetadata  *meta,
                           const GValue         *pks,
                           guint                 n_pks,
                           GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);
  guint n_columns;

  if (n_pks > 1 && klass->delete_many != NULL)
    return klass->delete_many (self, meta, pks, n_pks, error);

  /* a key is a value per key column */
  _mikro_entity_metadata_get_pk_indices (meta, &n_columns);
  for (guint i = 0; i < n_pks; i++)
    if (!klass->delete (self, meta, &pks[i * n_columns], error))
      return FALSE;
  return TRUE;
}

gint64
_mikro_driver_count (MikroDriver          *self,
                     MikroEntityMetadata  *meta,
                     MikroFilterNode      *filter,
                     GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  return MIKRO_DRIVER_GET_CLASS (self)->count (self, meta, filter, error);
}

GPtrArray *
_mikro_driver_find (MikroDriver        *self,
                    MikroEntityMetadata *meta,
                    MikroFilterNode    *filter,
                    gint64              limit,
                    gboolean            lazy,
                    GError            **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  return MIKRO_DRIVER_GET_CLASS (self)->find (self, meta, filter, limit, lazy, error);
}

void
_mikro_set_optimistic_lock_error (GError              **error,
                                  MikroEntityMetadata  *meta,
                                  const GValue         *pk,
                                  const GValue         *expected_version)
{
  g_autofree char *key = _mikro_value_to_log_string (pk);
  g_autofree char *version = _mikro_value_to_log_string (expected_version);

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_OPTIMISTIC_LOCK,
               _("The %s with key %s was changed or removed since it was loaded (its version was %s)"),
               g_type_name (mikro_entity_metadata_get_entity_type (meta)), key, version);
}

/* The entity manager a thread's statements are for: per thread, since
 * managers forked from one another share the driver from several threads
 * (an asynchronous call sets it in its worker). */
typedef struct
{
  guint     em_id;
  char     *label;
  gboolean  disabled;
  /* a worker running an asynchronous call: a pool thread, which later
   * serves other managers, so a hold it takes is not its thread's */
  gboolean  worker;
} LogContext;

static void
log_context_free (gpointer data)
{
  LogContext *context = data;

  g_free (context->label);
  g_free (context);
}

static GPrivate log_context_key = G_PRIVATE_INIT (log_context_free);

static LogContext *
get_log_context (void)
{
  LogContext *context = g_private_get (&log_context_key);

  if (context == NULL)
    {
      context = g_new0 (LogContext, 1);
      g_private_set (&log_context_key, context);
    }
  return context;
}

static guint
current_em_id (void)
{
  return get_log_context ()->em_id;
}

static gboolean
current_thread_is_worker (void)
{
  return get_log_context ()->worker;
}

void
_mikro_driver_set_worker_thread (gboolean worker)
{
  get_log_context ()->worker = worker;
}

gboolean
_mikro_log_queries_enabled (MikroDriver *self)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  if (get_log_context ()->disabled)
    return FALSE;
  return priv->log_forced || !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

void
_mikro_driver_set_log_config (MikroDriver *self,
                              gboolean     forced,
                              gboolean     masked)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);

  priv->log_forced = forced;
  priv->log_masked = masked;
}

void
_mikro_driver_set_log_context (MikroDriver *self,
                               guint        em_id,
                               const char  *label,
                               gboolean     enabled)
{
  LogContext *context = get_log_context ();

  context->em_id = em_id;
  context->disabled = !enabled;
  if (g_strcmp0 (context->label, label) != 0)
    {
      g_free (context->label);
      context->label = g_strdup (label);
    }
}

char *
_mikro_value_to_log_string (const GValue *value)
{
  if (!G_IS_VALUE (value))
    return g_strdup ("NULL");

  if (G_VALUE_HOLDS_STRING (value))
    {
      const char *str = g_value_get_string (value);
      g_autofree char *escaped = NULL;

      if (str == NULL)
        return g_strdup ("NULL");
      escaped = g_strescape (str, NULL);
      return g_strdup_printf ("'%s'", escaped);
    }

  if (G_VALUE_HOLDS (value, G_TYPE_DATE_TIME))
    {
      GDateTime *dt = g_value_get_boxed (value);

      return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("NULL");
    }

  if (G_TYPE_IS_BOXED (G_VALUE_TYPE (value)) && g_value_get_boxed (value) == NULL)
    return g_strdup ("NULL");

  return g_strdup_value_contents (value);
}

/*
 * _mikro_log_query:
 *
 * One structured debug message per statement, in the "mikro" domain: the
 * statement, its parameters and how long it took, plus the fields
 * MIKRO_STATEMENT and MIKRO_DURATION_USEC for log consumers.
 */
void
_mikro_log_query (MikroDriver    *self,
                  const char     *statement,
                  const GValue   *params,
                  const gboolean *masked,
                  guint           n_params,
                  gint64          duration_usec)
{
  MikroDriverPrivate *priv = mikro_driver_get_instance_private (self);
  LogContext *context = get_log_context ();
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *duration = g_strdup_printf ("%" G_GINT64_FORMAT, duration_usec);
  g_autofree char *em_id = g_strdup_printf ("%u", context->em_id);

  if (context->em_id != 0)
    g_string_append_printf (message, "[em #%u] ", context->em_id);
  if (context->label != NULL)
    g_string_append_printf (message, "[%s] ", context->label);
  g_string_append (message, statement);
  if (n_params > 0)
    {
      g_string_append (message, " [");
      for (guint i = 0; i < n_params; i++)
        {
          /* hidden properties (a password) never reach the log, nor any
           * value when the ORM masks them all */
          g_autofree char *str = priv->log_masked || (masked != NULL && masked[i])
            ? g_strdup ("***") : _mikro_value_to_log_string (&params[i]);

          if (i > 0)
            g_string_append (message, ", ");
          g_string_append (message, str);
        }
      g_string_append_c (message, ']');
    }
  g_string_append_printf (message, " (%.3f ms)", duration_usec / 1000.0);

  {
    const GLogField fields[] = {
      { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
      { "PRIORITY", priv->log_forced ? "5" : "7", -1 },
      { "MESSAGE", message->str, -1 },
      { "MIKRO_STATEMENT", statement, -1 },
      { "MIKRO_DURATION_USEC", duration, -1 },
      { "MIKRO_DRIVER", G_OBJECT_TYPE_NAME (self), -1 },
      { "MIKRO_ENTITY_MANAGER", em_id, -1 },
      { "MIKRO_LABEL", context->label != NULL ? context->label : "", -1 },
    };

    /* configured on: a message, which the default writer shows; else a
     * debug message, shown with G_MESSAGES_DEBUG=mikro */
    g_log_structured_array (priv->log_forced ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_DEBUG,
                            fields, G_N_ELEMENTS (fields));
  }
}

static gboolean
links_unsupported (MikroDriver              *self,
                   MikroEntityMetadata      *owner,
                   const MikroRelationMeta  *rel,
                   GError                  **error)
{
  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
               _("The %s driver cannot read or write the many-to-many “%s” of “%s”"),
               G_OBJECT_TYPE_NAME (self), rel->name,
               g_type_name (mikro_entity_metadata_get_entity_type (owner)));
  return FALSE;
}

gboolean
_mikro_driver_insert_links (MikroDriver              *self,
                            MikroEntityMetadata      *owner,
                            const MikroRelationMeta  *rel,
                            const GValue             *links,
                            guint                     n_links,
                            GError                  **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (n_links == 0)
    return TRUE;
  if (klass->insert_links == NULL)
    return links_unsupported (self, owner, rel, error);
  return klass->insert_links (self, owner, rel, links, n_links, error);
}

gboolean
_mikro_driver_delete_links (MikroDriver              *self,
                            MikroEntityMetadata      *owner,
                            const MikroRelationMeta  *rel,
                            const GValue             *links,
                            guint                     n_links,
                            GError                  **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (n_links == 0)
    return TRUE;
  if (klass->delete_links == NULL)
    return links_unsupported (self, owner, rel, error);
  return klass->delete_links (self, owner, rel, links, n_links, error);
}

GArray *
_mikro_driver_find_links (MikroDriver              *self,
                          MikroEntityMetadata      *owner,
                          const MikroRelationMeta  *rel,
                          const GValue             *keys,
                          guint                     n_keys,
                          gboolean                  by_target,
                          GError                  **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (klass->find_links == NULL)
    {
      links_unsupported (self, owner, rel, error);
      return NULL;
    }
  return klass->find_links (self, owner, rel, keys, n_keys, by_target, error);
}

/* The calls that bypass the unit of work: optional for a driver. */
#define NATIVE_UNSUPPORTED(self, error, message) \
  g_set_error ((error), MIKRO_ERROR, MIKRO_ERROR_DRIVER, (message), G_OBJECT_TYPE_NAME (self))

gboolean
_mikro_driver_upsert_many (MikroDriver          *self,
                           MikroEntityMetadata  *meta,
                           GValue              **rows,
                           guint                 n_rows,
                           const guint          *conflict,
                           guint                 n_conflict,
                           GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (n_rows == 0)
    return TRUE;
  if (klass->upsert_many == NULL)
    {
      NATIVE_UNSUPPORTED (self, error, _("The %s driver cannot upsert"));
      return FALSE;
    }
  return klass->upsert_many (self, meta, rows, n_rows, conflict, n_conflict, error);
}

gint64
_mikro_driver_native_update (MikroDriver          *self,
                             MikroEntityMetadata  *meta,
                             MikroFilterNode      *filter,
                             const guint          *props,
                             const GValue         *values,
                             guint                 n_values,
                             GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (klass->native_update == NULL)
    {
      NATIVE_UNSUPPORTED (self, error, _("The %s driver cannot run native updates"));
      return -1;
    }
  return klass->native_update (self, meta, filter, props, values, n_values, error);
}

gint64
_mikro_driver_native_delete (MikroDriver          *self,
                             MikroEntityMetadata  *meta,
                             MikroFilterNode      *filter,
                             GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (klass->native_delete == NULL)
    {
      NATIVE_UNSUPPORTED (self, error, _("The %s driver cannot run native deletes"));
      return -1;
    }
  return klass->native_delete (self, meta, filter, error);
}

gboolean
_mikro_driver_lock (MikroDriver          *self,
                    MikroEntityMetadata  *meta,
                    const GValue         *pk,
                    MikroLockMode         mode,
                    GError              **error)
{
  g_autoptr (ConnectionHold) hold = hold_connection (self);

  MikroDriverClass *klass = MIKRO_DRIVER_GET_CLASS (self);

  if (klass->lock == NULL)
    {
      NATIVE_UNSUPPORTED (self, error, _("The %s driver cannot take pessimistic locks"));
      return FALSE;
    }
  return klass->lock (self, meta, pk, mode, error);
}
