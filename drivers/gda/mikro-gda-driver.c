/* mikro-gda-driver.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>
#include <libgda/libgda.h>
#include <libgda/sql-parser/gda-sql-parser.h>
#include <libgda/gda-blob-op.h>

#include "mikro-gda-driver-private.h"
#include "mikro-sql-schema.h"

/**
 * MikroGdaDriver:
 *
 * The SQL driver: SQLite, PostgreSQL and MySQL/MariaDB through libgda.
 *
 * It is selected by the URI schemes `sqlite`, `postgresql` (or
 * `postgres`), `mysql` and `mariadb`. libgda is used as a statement
 * executor only: each SQL text is parsed once per connection and its
 * prepared statement reused, transactions are opened in a form libgda does
 * not track, and column types are always given so that 64-bit integers and
 * timestamps come back the same on every database.
 *
 * Since: 1.0
 */

typedef struct
{
  GdaStatement  *statement;
  GdaSet        *params;
  GdaHolder    **holders;    /* p0, p1, … in order */
  guint          n_holders;
} CachedStatement;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaStatement, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaDataModel, g_object_unref)

struct _MikroGdaDriverClass
{
  MikroDriverClass parent_class;
};

struct _MikroGdaDriver
{
  MikroDriver            parent_instance;

  const MikroSqlDialect *dialect;
  GdaConnection         *cnc;
  GdaSqlParser          *parser;
  /* Splits statements without analysing them: what it parses is UNKNOWN
   * to libgda, so transaction statements run through it are not tracked
   * (tracking is O(n²) in the statements of a transaction, LIBGDA.md
   * §1.3, and warns about savepoints outside a tracked transaction). */
  GdaSqlParser          *raw_parser;
  GHashTable            *statements;   /* SQL text → CachedStatement */
  /* the schema the connection works in, once read */
  char                  *default_schema;
  gboolean               default_schema_read;
};

G_DEFINE_FINAL_TYPE (MikroGdaDriver, mikro_gda_driver, MIKRO_TYPE_DRIVER)

static void
cached_statement_free (gpointer data)
{
  CachedStatement *cached = data;

  g_clear_object (&cached->statement);
  g_clear_object (&cached->params);
  g_free (cached->holders);
  g_free (cached);
}

/* How a property's value travels through libgda: every kind is carried
 * as one of these, the kinds without a common SQL type as text. */
typedef enum {
  WIRE_BOOLEAN,
  WIRE_INT,
  WIRE_INT64,
  WIRE_DOUBLE,
  WIRE_STRING,
  WIRE_TIMESTAMP,
  WIRE_BINARY,
} Wire;

static Wire
wire_for (const MikroPropertyMeta *prop)
{
  if (prop == NULL || _mikro_value_is_text_encoded (prop))
    return WIRE_STRING;

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN: return WIRE_BOOLEAN;
    case MIKRO_VALUE_INT: return WIRE_INT;
    case MIKRO_VALUE_UINT:
    case MIKRO_VALUE_INT64:
    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS: return WIRE_INT64;
    case MIKRO_VALUE_DOUBLE:
    case MIKRO_VALUE_FLOAT: return WIRE_DOUBLE;
    case MIKRO_VALUE_STRING: return WIRE_STRING;
    case MIKRO_VALUE_DATETIME: return WIRE_TIMESTAMP;
    case MIKRO_VALUE_BYTES: return WIRE_BINARY;
    case MIKRO_VALUE_UINT64:
    case MIKRO_VALUE_STRV:
    case MIKRO_VALUE_JSON:
    case MIKRO_VALUE_VARIANT:
    default: g_assert_not_reached ();
    }
}

static const char *
holder_type_name (const MikroSqlDialect *dialect,
                  Wire                   wire)
{
  switch (wire)
    {
    case WIRE_BOOLEAN: return "gboolean";
    case WIRE_INT: return "gint";
    case WIRE_INT64: return dialect->int64_param_cast != NULL ? "string" : "gint64";
    case WIRE_DOUBLE: return "gdouble";
    case WIRE_STRING: return "string";
    case WIRE_TIMESTAMP: return "GdaTimestamp";
    case WIRE_BINARY: return "GdaBinary";
    default: g_assert_not_reached ();
    }
}

static GType
column_gtype (MikroGdaDriver          *self,
              const MikroPropertyMeta *prop)
{
  if (prop != NULL && prop->kind == MIKRO_VALUE_FLOAT && self->dialect->float_as_gfloat)
    return G_TYPE_FLOAT;

  switch (wire_for (prop))
    {
    case WIRE_BOOLEAN: return self->dialect->boolean_gtype;
    case WIRE_INT: return G_TYPE_INT;
    case WIRE_INT64: return self->dialect->int64_gtype;
    case WIRE_DOUBLE: return G_TYPE_DOUBLE;
    case WIRE_STRING: return G_TYPE_STRING;
    case WIRE_TIMESTAMP: return self->dialect->timestamp_as_text ? G_TYPE_STRING : GDA_TYPE_TIMESTAMP;
    case WIRE_BINARY: return self->dialect->binary_as_blob ? GDA_TYPE_BLOB : GDA_TYPE_BINARY;
    default: g_assert_not_reached ();
    }
}

/* Appends the placeholder of parameter @index, typed for @prop (NULL for
 * a plain string).
 *
 * Text goes uncast, whatever the column: the PostgreSQL provider prepares
 * statements without parameter types (PQprepare with none), so the server
 * takes each one as the type its place asks for, jsonb or a native enum
 * type included. A CAST around a placeholder would not do: libgda refuses
 * it in every statement its parser understands (INSERT without RETURNING,
 * UPDATE, SELECT: "Expression can't have both a type cast and a parameter
 * specification"). */
static void
append_param (const MikroSqlDialect   *dialect,
              GString                 *sql,
              guint                   *index,
              const MikroPropertyMeta *prop)
{
  Wire wire = wire_for (prop);
  const char *cast = NULL;

  if (wire == WIRE_INT64)
    cast = dialect->int64_param_cast;

  if (cast != NULL)
    g_string_append (sql, "CAST(");
  g_string_append_printf (sql, "##p%u::%s::null", (*index)++, holder_type_name (dialect, wire));
  if (cast != NULL)
    g_string_append_printf (sql, " AS %s)", cast);
}

/* Maps a failed statement to our error codes from libgda's last event,
 * keeping the database's own message as the detail. */
static void
set_statement_error (MikroGdaDriver  *self,
                     GError         **error,
                     const char      *sql,
                     const GError    *gda_error)
{
  const GList *events = self->cnc != NULL ? gda_connection_get_events (self->cnc) : NULL;
  MikroError code = MIKRO_ERROR_DRIVER;
  const char *detail = gda_error != NULL ? gda_error->message : _("unknown error");

  for (const GList *l = events; l != NULL; l = l->next)
    {
      GdaConnectionEvent *event = l->data;
      const char *sqlstate;

      if (gda_connection_event_get_event_type (event) != GDA_CONNECTION_EVENT_ERROR)
        continue;

      switch (gda_connection_event_get_gda_code (event))
        {
        case GDA_CONNECTION_EVENT_CODE_UNIQUE_VIOLATION:
          code = MIKRO_ERROR_UNIQUE_VIOLATION;
          break;
        case GDA_CONNECTION_EVENT_CODE_FOREIGN_KEY_VIOLATION:
          code = MIKRO_ERROR_FK_VIOLATION;
          break;
        case GDA_CONNECTION_EVENT_CODE_NOT_NULL_VIOLATION:
          code = MIKRO_ERROR_NOT_NULL_VIOLATION;
          break;
        default:
          sqlstate = gda_connection_event_get_sqlstate (event);
          if (g_strcmp0 (sqlstate, "23505") == 0)
            code = MIKRO_ERROR_UNIQUE_VIOLATION;
          else if (g_strcmp0 (sqlstate, "23503") == 0)
            code = MIKRO_ERROR_FK_VIOLATION;
          else if (g_strcmp0 (sqlstate, "23502") == 0)
            code = MIKRO_ERROR_NOT_NULL_VIOLATION;
          break;
        }
    }

  /* SQLite reports constraints only in its message text, and statements
   * run as selections (INSERT … RETURNING) leave no event with an SQLSTATE:
   * fall back to the servers' fixed wording. */
  if (code == MIKRO_ERROR_DRIVER && gda_error != NULL)
    {
      if (strstr (detail, "UNIQUE constraint failed") != NULL ||
          strstr (detail, "duplicate key value violates unique constraint") != NULL ||
          strstr (detail, "Duplicate entry") != NULL)
        code = MIKRO_ERROR_UNIQUE_VIOLATION;
      else if (strstr (detail, "FOREIGN KEY constraint failed") != NULL ||
               strstr (detail, "violates foreign key constraint") != NULL ||
               strstr (detail, "foreign key constraint fails") != NULL)
        code = MIKRO_ERROR_FK_VIOLATION;
      else if (strstr (detail, "NOT NULL constraint failed") != NULL ||
               strstr (detail, "violates not-null constraint") != NULL ||
               strstr (detail, "cannot be null") != NULL)
        code = MIKRO_ERROR_NOT_NULL_VIOLATION;
    }

  g_set_error (error, MIKRO_ERROR, code,
               _("The %s database refused “%s”: %s"),
               self->dialect->name, sql, detail);
}

/* One GdaStatement and parameter set per SQL text per connection: libgda
 * prepares each GdaStatement on the server and never frees it, so a
 * statement made per call would leak (LIBGDA.md §1.4). */
static CachedStatement *
get_statement_full (MikroGdaDriver  *self,
                    GdaSqlParser    *parser,
                    const char      *sql,
                    GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  CachedStatement *cached;
  GdaStatement *statement;
  GdaSet *params = NULL;
  const char *remain = NULL;

  cached = g_hash_table_lookup (self->statements, sql);
  if (cached != NULL)
    return cached;

  statement = gda_sql_parser_parse_string (parser, sql, &remain, &local_error);
  if (statement == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("The statement “%s” could not be parsed: %s"),
                   sql, local_error->message);
      return NULL;
    }

  if (!gda_statement_get_parameters (statement, &params, &local_error))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("The parameters of “%s” could not be read: %s"),
                   sql, local_error->message);
      g_object_unref (statement);
      return NULL;
    }

  cached = g_new0 (CachedStatement, 1);
  cached->statement = statement;
  cached->params = params;
  if (params != NULL)
    {
      cached->n_holders = g_slist_length (params->holders);
      cached->holders = g_new0 (GdaHolder *, cached->n_holders);
      for (guint i = 0; i < cached->n_holders; i++)
        {
          char name[16];

          g_snprintf (name, sizeof name, "p%u", i);
          cached->holders[i] = gda_set_get_holder (params, name);
          g_assert (cached->holders[i] != NULL);
        }
    }

  g_hash_table_insert (self->statements, g_strdup (sql), cached);
  return cached;
}

static CachedStatement *
get_statement (MikroGdaDriver  *self,
               const char      *sql,
               GError         **error)
{
  return get_statement_full (self, self->parser, sql, error);
}

static GdaTimestamp *
timestamp_from_date_time (GDateTime *dt,
                          GdaTimestamp *ts)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);

  ts->year = g_date_time_get_year (utc);
  ts->month = g_date_time_get_month (utc);
  ts->day = g_date_time_get_day_of_month (utc);
  ts->hour = g_date_time_get_hour (utc);
  ts->minute = g_date_time_get_minute (utc);
  ts->second = g_date_time_get_second (utc);
  ts->fraction = g_date_time_get_microsecond (utc);
  ts->timezone = 0;
  return ts;
}

static gboolean
bind_value (MikroGdaDriver          *self,
            GdaHolder               *holder,
            const MikroPropertyMeta *prop,
            const GValue            *value,
            GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  GValue bound = G_VALUE_INIT;
  gboolean ok;

  if (_mikro_value_is_null (prop, value))
    ok = gda_holder_set_value (holder, NULL, &local_error);
  else
    {
      switch (wire_for (prop))
        {
        case WIRE_TIMESTAMP:
          {
            GdaTimestamp ts;

            g_value_init (&bound, GDA_TYPE_TIMESTAMP);
            gda_value_set_timestamp (&bound, timestamp_from_date_time (g_value_get_boxed (value), &ts));
            break;
          }
        case WIRE_INT:
          g_value_init (&bound, G_TYPE_INT);
          g_value_transform (value, &bound);
          break;
        case WIRE_INT64:
          {
            GValue integer = G_VALUE_INIT;

            g_value_init (&integer, G_TYPE_INT64);
            if (prop->kind == MIKRO_VALUE_ENUM || prop->kind == MIKRO_VALUE_FLAGS)
              g_value_set_int64 (&integer, _mikro_value_to_integer (prop, value));
            else
              g_value_transform (value, &integer);

            if (self->dialect->int64_param_cast != NULL)
              {
                g_value_init (&bound, G_TYPE_STRING);
                g_value_take_string (&bound, g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (&integer)));
              }
            else
              {
                g_value_init (&bound, G_TYPE_INT64);
                g_value_copy (&integer, &bound);
              }
            g_value_unset (&integer);
            break;
          }
        case WIRE_DOUBLE:
          g_value_init (&bound, G_TYPE_DOUBLE);
          g_value_transform (value, &bound);
          break;
        case WIRE_BINARY:
          {
            GBytes *bytes = g_value_get_boxed (value);
            gsize size;
            gconstpointer data = g_bytes_get_data (bytes, &size);
            GdaBinary binary = { (guchar *)data, (glong)size };

            g_value_init (&bound, GDA_TYPE_BINARY);
            gda_value_set_binary (&bound, &binary);
            break;
          }
        case WIRE_STRING:
          g_value_init (&bound, G_TYPE_STRING);
          if (prop != NULL && _mikro_value_is_text_encoded (prop))
            g_value_take_string (&bound, _mikro_value_to_text (prop, value));
          else
            g_value_set_string (&bound, g_value_get_string (value));
          break;
        case WIRE_BOOLEAN:
        default:
          g_value_init (&bound, G_VALUE_TYPE (value));
          g_value_copy (value, &bound);
          break;
        }
      ok = gda_holder_set_value (holder, &bound, &local_error);
      g_value_unset (&bound);
    }

  if (!ok)
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                 _("A value could not be bound to a statement parameter: %s"),
                 local_error->message);
  return ok;
}

/* Parameters collected while writing a statement: the value and how it is
 * bound, in placeholder order. Values are borrowed. */
typedef struct
{
  GPtrArray *values;   /* const GValue* */
  GPtrArray *props;    /* const MikroPropertyMeta*, NULL for a plain string */
} Params;

static void
params_init (Params *params)
{
  params->values = g_ptr_array_new ();
  params->props = g_ptr_array_new ();
}

static void
params_clear (Params *params)
{
  g_clear_pointer (&params->values, g_ptr_array_unref);
  g_clear_pointer (&params->props, g_ptr_array_unref);
}

static void
params_add (MikroGdaDriver          *self,
            Params                  *params,
            GString                 *sql,
            const MikroPropertyMeta *prop,
            const GValue            *value)
{
  guint index = params->values->len;

  append_param (self->dialect, sql, &index, prop);
  g_ptr_array_add (params->values, (gpointer)value);
  g_ptr_array_add (params->props, (gpointer)prop);
}

static void
clear_value (gpointer data)
{
  if (G_IS_VALUE ((GValue *)data))
    g_value_unset (data);
}

static void
log_statement (MikroGdaDriver *self,
               const char     *sql,
               Params         *params,
               gint64          started)
{
  g_autoptr(GArray) values = NULL;
  g_autoptr(GArray) masked = NULL;

  if (!_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    return;

  values = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (values, clear_value);
  masked = g_array_new (FALSE, TRUE, sizeof (gboolean));
  for (guint i = 0; params != NULL && i < params->values->len; i++)
    {
      const GValue *value = g_ptr_array_index (params->values, i);
      const MikroPropertyMeta *prop = g_ptr_array_index (params->props, i);
      gboolean hidden = prop != NULL && (prop->flags & MIKRO_PROPERTY_HIDDEN) != 0;
      GValue copy = G_VALUE_INIT;

      g_array_append_val (masked, hidden);

      /* an unset value is NULL: logged as such */
      if (G_IS_VALUE (value))
        {
          g_value_init (&copy, G_VALUE_TYPE (value));
          g_value_copy (value, &copy);
        }
      g_array_append_val (values, copy);
    }

  _mikro_log_query (MIKRO_DRIVER (self), sql, (GValue *)(gpointer)values->data,
                    (gboolean *)(gpointer)masked->data, values->len,
                    g_get_monotonic_time () - started);
}

static CachedStatement *
prepare (MikroGdaDriver  *self,
         const char      *sql,
         Params          *params,
         GError         **error)
{
  CachedStatement *cached = get_statement (self, sql, error);

  if (cached == NULL)
    return NULL;

  g_assert (cached->n_holders == (params != NULL ? params->values->len : 0));

  for (guint i = 0; i < cached->n_holders; i++)
    if (!bind_value (self, cached->holders[i],
                     g_ptr_array_index (params->props, i),
                     g_ptr_array_index (params->values, i), error))
      return NULL;

  return cached;
}

static gboolean
check_connected (MikroGdaDriver  *self,
                 GError         **error)
{
  if (self->cnc == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("The connection to %s is closed"),
                   mikro_driver_get_uri (MIKRO_DRIVER (self)));
      return FALSE;
    }
  return TRUE;
}

/* Returns %FALSE on error. libgda reports -1 affected rows, without an
 * error, for statements whose count it does not know. */
static gboolean
execute_non_select_full (MikroGdaDriver  *self,
                         const char      *sql,
                         Params          *params,
                         gint            *affected_rows,
                         GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  CachedStatement *cached;
  gint64 started;
  gint rows;

  if (!check_connected (self, error))
    return FALSE;

  cached = prepare (self, sql, params, error);
  if (cached == NULL)
    return FALSE;

  started = g_get_monotonic_time ();
  rows = gda_connection_statement_execute_non_select (self->cnc, cached->statement,
                                                      cached->params, NULL, &local_error);
  log_statement (self, sql, params, started);

  if (local_error != NULL)
    {
      set_statement_error (self, error, sql, local_error);
      return FALSE;
    }

  if (affected_rows != NULL)
    *affected_rows = rows;
  return TRUE;
}

static gboolean
execute_non_select (MikroGdaDriver  *self,
                    const char      *sql,
                    Params          *params,
                    GError         **error)
{
  return execute_non_select_full (self, sql, params, NULL, error);
}

static GdaDataModel *
execute_select (MikroGdaDriver  *self,
                const char      *sql,
                Params          *params,
                GType           *col_types,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  CachedStatement *cached;
  GdaDataModel *model;
  gint64 started;

  if (!check_connected (self, error))
    return NULL;

  cached = prepare (self, sql, params, error);
  if (cached == NULL)
    return NULL;

  started = g_get_monotonic_time ();
  model = gda_connection_statement_execute_select_full (self->cnc, cached->statement,
                                                        cached->params,
                                                        GDA_STATEMENT_MODEL_RANDOM_ACCESS,
                                                        col_types, &local_error);
  log_statement (self, sql, params, started);

  if (model == NULL)
    {
      set_statement_error (self, error, sql, local_error);
      return NULL;
    }

  return model;
}

/* Converts a cell to the property's type. libgda's types stop here: the
 * core only ever sees GLib types. */
static gboolean
read_cell (const GValue             *cell,
           const MikroPropertyMeta  *prop,
           GValue                   *out,
           GError                  **error)
{
  if (cell == NULL || G_VALUE_TYPE (cell) == GDA_TYPE_NULL || !G_IS_VALUE (cell))
    {
      /* a NULL column of an embedded object is told apart from a
       * default: the object may be NULL */
      if (prop->embedded != NULL && G_IS_VALUE (out))
        g_value_unset (out);
      return TRUE;
    }

  if (_mikro_value_is_text_encoded (prop))
    {
      g_autofree char *text = G_VALUE_HOLDS_STRING (cell) ? g_value_dup_string (cell)
                                                         : gda_value_stringify (cell);

      /* the MySQL provider hands an empty string over as a NULL one */
      if (text == NULL)
        text = g_strdup ("");
      return _mikro_value_from_text (prop, text, out, error);
    }

  switch (prop->kind)
    {
    case MIKRO_VALUE_DATETIME:
      {
        const GdaTimestamp *ts;
        g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
        GDateTime *dt;

        if (G_VALUE_HOLDS_STRING (cell))
          {
            /* "2001-02-03 04:05:06.5+00" */
            g_autofree char *iso = g_strdup (g_value_get_string (cell));

            if (strlen (iso) > 10 && iso[10] == ' ')
              iso[10] = 'T';
            dt = g_date_time_new_from_iso8601 (iso, utc);
            if (dt == NULL)
              {
                g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                             _("“%s” is not a timestamp"), g_value_get_string (cell));
                return FALSE;
              }
            g_value_take_boxed (out, dt);
            return TRUE;
          }

        if (G_VALUE_TYPE (cell) != GDA_TYPE_TIMESTAMP)
          return FALSE;
        ts = gda_value_get_timestamp (cell);
        dt = g_date_time_new (utc, ts->year, ts->month, ts->day, ts->hour, ts->minute,
                              ts->second + ts->fraction / 1e6);
        if (dt == NULL)
          return FALSE;
        if (ts->timezone != GDA_TIMEZONE_INVALID && ts->timezone != 0)
          {
            GDateTime *shifted = g_date_time_add_seconds (dt, -(gdouble)ts->timezone);

            g_date_time_unref (dt);
            dt = shifted;
          }
        g_value_take_boxed (out, dt);
        return TRUE;
      }

    case MIKRO_VALUE_STRING:
      if (G_VALUE_HOLDS_STRING (cell))
        g_value_set_string (out, g_value_get_string (cell));
      else
        g_value_take_string (out, gda_value_stringify (cell));
      return TRUE;

    case MIKRO_VALUE_BYTES:
      {
        const GdaBinary *binary = NULL;

        if (G_VALUE_TYPE (cell) == GDA_TYPE_BLOB)
          {
            GdaBlob *blob = (GdaBlob *)gda_value_get_blob (cell);

            /* A blob may come with only a handle to its data. */
            if (blob->op != NULL && blob->data.binary_length <= 0 &&
                !gda_blob_op_read_all (blob->op, blob))
              return FALSE;
            binary = &blob->data;
          }
        else if (G_VALUE_TYPE (cell) == GDA_TYPE_BINARY)
          binary = gda_value_get_binary (cell);
        if (binary == NULL)
          return FALSE;
        g_value_take_boxed (out, g_bytes_new (binary->data, binary->binary_length));
        return TRUE;
      }

    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      {
        GValue integer = G_VALUE_INIT;
        gboolean ok;

        g_value_init (&integer, G_TYPE_INT64);
        ok = g_value_transform (cell, &integer);
        if (ok)
          _mikro_value_from_integer (prop, g_value_get_int64 (&integer), out);
        g_value_unset (&integer);
        return ok;
      }

    case MIKRO_VALUE_BOOLEAN:
    case MIKRO_VALUE_INT:
    case MIKRO_VALUE_INT64:
    case MIKRO_VALUE_DOUBLE:
    default:
      if (G_VALUE_TYPE (cell) == G_VALUE_TYPE (out))
        {
          g_value_copy (cell, out);
          return TRUE;
        }
      return g_value_transform (cell, out);
    }
}

static GPtrArray *
rows_from_model (MikroGdaDriver     *self,
                 MikroEntityMetadata  *meta,
                 GdaDataModel       *model,
                 const char         *sql,
                 gboolean            lazy,
                 GError            **error)
{
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  gint n_rows = gda_data_model_get_n_rows (model);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (MAX (n_rows, 0), (GDestroyNotify)_mikro_row_free);

  for (gint r = 0; r < n_rows; r++)
    {
      MikroRow *row = _mikro_row_new (meta);
      gint column = 0;

      g_ptr_array_add (rows, row);
      for (guint c = 0; c < n_props; c++)
        {
          g_autoptr(GError) local_error = NULL;
          const GValue *cell;

          /* not selected (see mikro_gda_driver_find()) */
          if (!lazy && _mikro_property_meta_is_lazy (&props[c]))
            {
              g_value_unset (&row->values[c]);
              continue;
            }

          cell = gda_data_model_get_value_at (model, column++, r, &local_error);
          if (local_error != NULL || !read_cell (cell, &props[c], &row->values[c], &local_error))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                           _("Column “%s” of table “%s” holds a value that does not fit property “%s” (%s): %s"),
                           props[c].column, mikro_entity_metadata_get_table (meta), props[c].name,
                           _mikro_value_kind_to_string (props[c].kind),
                           local_error != NULL ? local_error->message
                                               : (cell != NULL ? g_type_name (G_VALUE_TYPE (cell)) : "?"));
              return NULL;
            }
        }
    }

  return g_steal_pointer (&rows);
}

/* Runs statements whose result is not needed. libgda's SQLite provider
 * refuses to run a PRAGMA as a non-select ("Statement is a selection
 * statement") although the parser types it UNKNOWN, so those run as
 * selections. */
static gboolean
run_script (MikroGdaDriver  *self,
            GdaSqlParser    *parser,
            const char      *const *sql,
            guint            n_sql,
            GError         **error)
{
  for (guint i = 0; i < n_sql && sql[i] != NULL; i++)
    {
      CachedStatement *cached = get_statement_full (self, parser, sql[i], error);

      if (cached == NULL)
        return FALSE;

      if (gda_statement_get_statement_type (cached->statement) == GDA_SQL_STATEMENT_SELECT ||
          g_ascii_strncasecmp (sql[i], "PRAGMA", 6) == 0)
        {
          g_autoptr(GdaDataModel) model = execute_select (self, sql[i], NULL, NULL, error);

          if (model == NULL)
            return FALSE;
        }
      else if (!execute_non_select (self, sql[i], NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* libgda connection strings: "KEY=value;…", values RFC 1738-encoded. */
static void
append_cnc_param (GString    *str,
                  const char *key,
                  const char *value)
{
  g_autofree char *encoded = gda_rfc1738_encode (value);

  if (str->len > 0)
    g_string_append_c (str, ';');
  g_string_append_printf (str, "%s=%s", key, encoded);
}

static gboolean
build_sqlite_cnc (MikroGdaDriver  *self,
                  GUri            *uri,
                  GString         *cnc,
                  GError         **error)
{
  const char *host = g_uri_get_host (uri);
  const char *path = g_uri_get_path (uri);
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;

  if (g_strcmp0 (path, ":memory:") == 0 ||
      (host != NULL && g_str_equal (host, ":memory:")))
    {
      /* The provider opens SQLite's private in-memory database for this
       * name; every connection gets its own. */
      append_cnc_param (cnc, "DB_DIR", "");
      append_cnc_param (cnc, "DB_NAME", ":memory:");
      return TRUE;
    }

  /* sqlite:///abs/file.db has an empty host; sqlite://rel/file.db names a
   * file relative to the working directory. */
  if (host != NULL && *host != '\0')
    file = g_strconcat (host, path, NULL);
  else
    file = g_strdup (path);

  if (file == NULL || *file == '\0' || g_str_has_suffix (file, "/"))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("The SQLite URI “%s” names no database file (use sqlite:///path/to/file.db or sqlite::memory:)"),
                   mikro_driver_get_uri (MIKRO_DRIVER (self)));
      return FALSE;
    }

  dir = g_path_get_dirname (file);
  base = g_path_get_basename (file);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("The directory “%s” of SQLite database “%s” does not exist"),
                   dir, file);
      return FALSE;
    }

  /* The provider opens DB_NAME if a file of that exact name exists and
   * DB_NAME.db otherwise (LIBGDA.md §6): create the file so that the name
   * the user gave is the one opened. */
  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents (file, "", 0, &local_error))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                       _("The SQLite database “%s” could not be created: %s"),
                       file, local_error->message);
          return FALSE;
        }
    }

  append_cnc_param (cnc, "DB_DIR", dir);
  append_cnc_param (cnc, "DB_NAME", base);
  return TRUE;
}

static gboolean
build_server_cnc (MikroGdaDriver  *self,
                  GUri            *uri,
                  GString         *cnc,
                  GString         *auth,
                  GError         **error)
{
  const char *path = g_uri_get_path (uri);
  const char *host = g_uri_get_host (uri);

  if (path == NULL || path[0] != '/' || path[1] == '\0' || strchr (path + 1, '/') != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("The URI “%s” names no database (expected %s://user:password@host:port/database)"),
                   mikro_driver_get_uri (MIKRO_DRIVER (self)), g_uri_get_scheme (uri));
      return FALSE;
    }

  append_cnc_param (cnc, "HOST", host != NULL && *host != '\0' ? host : "127.0.0.1");
  if (g_uri_get_port (uri) > 0)
    {
      char port[16];

      g_snprintf (port, sizeof port, "%d", g_uri_get_port (uri));
      append_cnc_param (cnc, "PORT", port);
    }
  append_cnc_param (cnc, "DB_NAME", path + 1);

  if (g_uri_get_user (uri) != NULL)
    append_cnc_param (auth, "USERNAME", g_uri_get_user (uri));
  if (g_uri_get_password (uri) != NULL)
    append_cnc_param (auth, "PASSWORD", g_uri_get_password (uri));

  return TRUE;
}

static gboolean
mikro_gda_driver_open (MikroDriver  *driver,
                       GUri         *uri,
                       GError      **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) cnc = g_string_new (NULL);
  g_autoptr(GString) auth = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  static gsize gda_initialized;

  if (g_once_init_enter (&gda_initialized))
    {
      gda_init ();
      g_once_init_leave (&gda_initialized, 1);
    }

  self->dialect = mikro_sql_dialect_for_scheme (g_uri_get_scheme (uri));
  g_assert (self->dialect != NULL);

  if (self->dialect == mikro_sql_dialect_for_scheme ("sqlite"))
    {
      if (!build_sqlite_cnc (self, uri, cnc, error))
        return FALSE;
    }
  else if (!build_server_cnc (self, uri, cnc, auth, error))
    return FALSE;

  self->cnc = gda_connection_open_from_string (self->dialect->provider, cnc->str,
                                               auth->len > 0 ? auth->str : NULL,
                                               GDA_CONNECTION_OPTIONS_NONE,
                                               &local_error);
  if (self->cnc == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("Could not connect to %s: %s"),
                   mikro_driver_get_uri (driver),
                   local_error != NULL ? local_error->message : _("unknown error"));
      return FALSE;
    }

  self->parser = gda_connection_create_parser (self->cnc);
  if (self->parser == NULL)
    self->parser = gda_sql_parser_new ();

  self->raw_parser = gda_connection_create_parser (self->cnc);
  if (self->raw_parser == NULL)
    self->raw_parser = gda_sql_parser_new ();
  g_object_set (self->raw_parser, "mode", GDA_SQL_PARSER_MODE_DELIMIT, NULL);

  if (!run_script (self, self->parser, self->dialect->session_setup_sql,
                   G_N_ELEMENTS (self->dialect->session_setup_sql), error))
    {
      g_prefix_error (error, _("Could not set up the session on %s: "), mikro_driver_get_uri (driver));
      mikro_driver_close (driver);
      return FALSE;
    }

  return TRUE;
}

static void
mikro_gda_driver_close (MikroDriver *driver)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);

  /* Closing the connection frees the server-side prepared statements. */
  g_hash_table_remove_all (self->statements);
  g_clear_object (&self->parser);
  g_clear_object (&self->raw_parser);
  if (self->cnc != NULL)
    gda_connection_close (self->cnc);
  g_clear_object (&self->cnc);
  g_clear_pointer (&self->default_schema, g_free);
  self->default_schema_read = FALSE;
}

/* DDL is not cached: each text runs once, and keeping it would only hold
 * a prepared statement on the server. */
static gboolean
execute_ddl (MikroGdaDriver  *self,
             const char      *sql,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdaStatement) statement = NULL;
  gint64 started;

  if (!check_connected (self, error))
    return FALSE;

  statement = gda_sql_parser_parse_string (self->parser, sql, NULL, &local_error);
  if (statement == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("The statement “%s” could not be parsed: %s"), sql, local_error->message);
      return FALSE;
    }

  started = g_get_monotonic_time ();
  gda_connection_statement_execute_non_select (self->cnc, statement, NULL, NULL, &local_error);
  log_statement (self, sql, NULL, started);
  if (local_error != NULL)
    {
      set_statement_error (self, error, sql, local_error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_ddl (MikroGdaDriver  *self,
         GPtrArray       *statements,
         GError         **error)
{
  for (guint i = 0; i < statements->len; i++)
    if (!execute_ddl (self, g_ptr_array_index (statements, i), error))
      return FALSE;
  return TRUE;
}

static JsonNode *mikro_gda_driver_describe_schema (MikroDriver        *driver,
                                                   GPtrArray          *entities,
                                                   MikroSchemaSource   source,
                                                   GError            **error);

static gboolean
mikro_gda_driver_create_schema (MikroDriver  *driver,
                                GPtrArray    *entities,
                                GError      **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(JsonNode) existing = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  const char *default_schema;

  if (!check_connected (self, error) ||
      !_mikro_gda_driver_get_default_schema (self, &default_schema, error))
    return FALSE;
  model = mikro_sql_schema_from_metadata (self->dialect, entities, default_schema, error);
  if (model == NULL)
    return FALSE;

  /* foreign keys that close a cycle are added to existing tables, and
   * must not be added twice */
  if (self->dialect->alter_add_foreign_key)
    {
      existing = mikro_gda_driver_describe_schema (driver, entities, MIKRO_SCHEMA_SOURCE_DATABASE, error);
      if (existing == NULL)
        return FALSE;
    }

  statements = mikro_sql_schema_create_statements (self->dialect, model, existing, default_schema);
  return run_ddl (self, statements, error);
}

static gboolean
mikro_gda_driver_drop_schema (MikroDriver  *driver,
                              GPtrArray    *entities,
                              GError      **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  const char *default_schema;

  if (!check_connected (self, error) ||
      !_mikro_gda_driver_get_default_schema (self, &default_schema, error))
    return FALSE;
  model = mikro_sql_schema_from_metadata (self->dialect, entities, default_schema, error);
  if (model == NULL)
    return FALSE;

  statements = mikro_sql_schema_drop_statements (self->dialect, model);
  return run_ddl (self, statements, error);
}

static JsonNode *
mikro_gda_driver_describe_schema (MikroDriver        *driver,
                                  GPtrArray          *entities,
                                  MikroSchemaSource   source,
                                  GError            **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GStrvBuilder) tables = NULL;
  g_autoptr(GStrvBuilder) schemas = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) db_schemas = NULL;
  const char *default_schema = NULL;

  /* without a connection, the model from metadata names every schema an
   * entity does */
  if (source == MIKRO_SCHEMA_SOURCE_METADATA)
    {
      if (self->cnc != NULL && !_mikro_gda_driver_get_default_schema (self, &default_schema, error))
        return NULL;
      return mikro_sql_schema_from_metadata (self->dialect, entities, default_schema, error);
    }

  if (!check_connected (self, error))
    return NULL;

  tables = g_strv_builder_new ();
  schemas = g_strv_builder_new ();
  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (entities, i);
      const char *db_schema = mikro_entity_metadata_get_db_schema (meta);
      guint n_relations;
      const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

      g_strv_builder_add (tables, mikro_entity_metadata_get_table (meta));
      g_strv_builder_add (schemas, db_schema != NULL ? db_schema : "");
      for (guint r = 0; r < n_relations; r++)
        if (relations[r].pivot_table != NULL && relations[r].pivot_entity == NULL)
          {
            g_strv_builder_add (tables, relations[r].pivot_table);
            g_strv_builder_add (schemas, relations[r].pivot_schema != NULL ? relations[r].pivot_schema : "");
          }
    }
  names = g_strv_builder_end (tables);
  db_schemas = g_strv_builder_end (schemas);

  return _mikro_gda_driver_introspect (self, (const char * const *)names,
                                       (const char * const *)db_schemas, error);
}

static gboolean
mikro_gda_driver_begin (MikroDriver  *driver,
                        GError      **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);

  return run_script (self, self->raw_parser, self->dialect->begin_sql, G_N_ELEMENTS (self->dialect->begin_sql), error);
}

static gboolean
mikro_gda_driver_commit (MikroDriver  *driver,
                         GError      **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);

  return run_script (self, self->raw_parser, self->dialect->commit_sql, G_N_ELEMENTS (self->dialect->commit_sql), error);
}

/* @table, qualified by its database schema @db_schema if it has one. As
 * the target of a statement @sql has begun, see qualified_dml_prefix. */
static void
quote_qualified (MikroGdaDriver *self,
                 GString        *sql,
                 const char     *db_schema,
                 const char     *table)
{
  if (db_schema != NULL && self->dialect->qualified_dml_prefix != NULL &&
      (g_str_equal (sql->str, "INSERT INTO ") || g_str_equal (sql->str, "UPDATE ") ||
       g_str_equal (sql->str, "DELETE FROM ")))
    g_string_prepend (sql, self->dialect->qualified_dml_prefix);
  mikro_sql_dialect_quote_table (self->dialect, sql, db_schema, table);
}

/* The table of @meta (see quote_qualified()). */
static void
quote_table (MikroGdaDriver      *self,
             GString             *sql,
             MikroEntityMetadata *meta)
{
  quote_qualified (self, sql, mikro_entity_metadata_get_db_schema (meta),
                   mikro_entity_metadata_get_table (meta));
}

/* Savepoints, like transactions, go through the delimiting parser so that
 * libgda does not track them. */
static gboolean
run_savepoint_statement (MikroGdaDriver  *self,
                         const char      *verb,
                         const char      *name,
                         GError         **error)
{
  g_autoptr(GString) sql = g_string_new (verb);
  const char *script[1];

  g_string_append_c (sql, ' ');
  mikro_sql_dialect_quote (self->dialect, sql, name);
  script[0] = sql->str;
  return run_script (self, self->raw_parser, script, 1, error);
}

static gboolean
mikro_gda_driver_savepoint (MikroDriver  *driver,
                            const char   *name,
                            GError      **error)
{
  return run_savepoint_statement (MIKRO_GDA_DRIVER (driver), "SAVEPOINT", name, error);
}

static gboolean
mikro_gda_driver_release_savepoint (MikroDriver  *driver,
                                    const char   *name,
                                    GError      **error)
{
  return run_savepoint_statement (MIKRO_GDA_DRIVER (driver), "RELEASE SAVEPOINT", name, error);
}

static gboolean
mikro_gda_driver_rollback_to_savepoint (MikroDriver  *driver,
                                        const char   *name,
                                        GError      **error)
{
  return run_savepoint_statement (MIKRO_GDA_DRIVER (driver), "ROLLBACK TO SAVEPOINT", name, error);
}

static gboolean
mikro_gda_driver_rollback (MikroDriver  *driver,
                           GError      **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);

  if (self->cnc == NULL)
    return TRUE;
  return run_script (self, self->raw_parser, self->dialect->rollback_sql, G_N_ELEMENTS (self->dialect->rollback_sql), error);
}

/* Reads the keys an INSERT … RETURNING gave, one row per inserted row, in
 * insertion order. */
static gboolean
read_generated_keys (MikroGdaDriver           *self,
                     GdaDataModel             *model,
                     const char               *sql,
                     const MikroPropertyMeta  *pk,
                     GValue                  **rows,
                     guint                     n_rows,
                     GError                  **error)
{
  if (gda_data_model_get_n_rows (model) != (gint)n_rows)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("The %s database returned %d generated keys for %u rows of “%s”"),
                   self->dialect->name, gda_data_model_get_n_rows (model), n_rows, sql);
      return FALSE;
    }

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GError) local_error = NULL;
      const GValue *cell = gda_data_model_get_value_at (model, 0, i, &local_error);

      if (cell == NULL || G_VALUE_TYPE (cell) == GDA_TYPE_NULL ||
          !read_cell (cell, pk, &rows[i][pk->index], NULL))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                       _("The %s database returned no generated key for “%s”%s%s"),
                       self->dialect->name, sql,
                       local_error != NULL ? ": " : "",
                       local_error != NULL ? local_error->message : "");
          return FALSE;
        }
    }

  return TRUE;
}

/* Whether the database generates the key of a row; a generated string key
 * is made here, in code. */
static gboolean
row_generates_key (const MikroPropertyMeta *pk,
                   GValue                  *values)
{
  GValue as_int = G_VALUE_INIT;
  gboolean unset;

  if (!(pk->flags & MIKRO_PROPERTY_GENERATED))
    return FALSE;

  if (G_VALUE_HOLDS_STRING (&values[pk->index]))
    {
      if (_mikro_filter_value_is_null (&values[pk->index]))
        g_value_take_string (&values[pk->index], g_uuid_string_random ());
      return FALSE;
    }

  /* An integer key of 0 means unset. */
  g_value_init (&as_int, G_TYPE_INT64);
  unset = g_value_transform (&values[pk->index], &as_int) && g_value_get_int64 (&as_int) == 0;
  g_value_unset (&as_int);
  return unset;
}

/* One INSERT for @n_rows rows, which all generate their key or all do
 * not. */
static gboolean
insert_rows (MikroGdaDriver       *self,
             MikroEntityMetadata  *meta,
             GValue              **rows,
             guint                 n_rows,
             gboolean              generate,
             GError              **error)
{
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  gboolean first = TRUE;
  Params params;
  gboolean ok = FALSE;

  params_init (&params);
  quote_table (self, sql, meta);
  g_string_append (sql, " (");
  for (guint i = 0; i < n_props; i++)
    {
      if (generate && i == pk->index)
        continue;
      if (!first)
        g_string_append (sql, ", ");
      first = FALSE;
      mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
    }
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < n_rows; r++)
    {
      first = TRUE;
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint i = 0; i < n_props; i++)
        {
          if (generate && i == pk->index)
            continue;
          if (!first)
            g_string_append (sql, ", ");
          first = FALSE;
          params_add (self, &params, sql, &props[i], &rows[r][i]);
        }
      g_string_append_c (sql, ')');
    }

  if (!generate)
    ok = execute_non_select (self, sql->str, &params, error);
  else if (self->dialect->insert_returning)
    {
      g_autoptr(GdaDataModel) model = NULL;
      GType col_types[] = { column_gtype (self, pk), G_TYPE_NONE };

      g_string_append (sql, " RETURNING ");
      mikro_sql_dialect_quote (self->dialect, sql, pk->column);
      model = execute_select (self, sql->str, &params, col_types, error);
      ok = model != NULL && read_generated_keys (self, model, sql->str, pk, rows, n_rows, error);
    }
  else
    {
      g_autoptr(GdaDataModel) model = NULL;
      GType col_types[] = { self->dialect->int64_gtype, G_TYPE_NONE };
      const GValue *cell;

      /* One multi-row INSERT in our own transaction takes consecutive
       * rowids: the last one tells every key. */
      ok = execute_non_select (self, sql->str, &params, error);
      if (ok)
        {
          model = execute_select (self, self->dialect->last_insert_id_sql, NULL, col_types, error);
          ok = model != NULL;
        }
      if (ok)
        {
          GValue id = G_VALUE_INIT;
          gint64 last_id;

          cell = gda_data_model_get_value_at (model, 0, 0, NULL);
          g_value_init (&id, G_TYPE_INT64);
          if (cell == NULL || !g_value_transform (cell, &id))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                           _("The %s database returned no generated key for “%s”"),
                           self->dialect->name, sql->str);
              ok = FALSE;
            }
          else
            {
              last_id = g_value_get_int64 (&id);
              for (guint r = 0; r < n_rows; r++)
                {
                  g_value_set_int64 (&id, last_id - (gint64)(n_rows - 1 - r));
                  g_value_transform (&id, &rows[r][pk->index]);
                }
            }
          g_value_unset (&id);
        }
    }

  params_clear (&params);
  return ok;
}

static gboolean
mikro_gda_driver_insert_many (MikroDriver          *driver,
                              MikroEntityMetadata  *meta,
                              GValue              **rows,
                              guint                 n_rows,
                              GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);
  guint start = 0;

  /* runs of rows that all generate their key, or all bring one */
  while (start < n_rows)
    {
      gboolean generate = row_generates_key (pk, rows[start]);
      guint end = start + 1;

      while (end < n_rows && row_generates_key (pk, rows[end]) == generate)
        end++;
      if (!insert_rows (self, meta, rows + start, end - start, generate, error))
        return FALSE;
      start = end;
    }

  return TRUE;
}

static gboolean
mikro_gda_driver_insert (MikroDriver          *driver,
                         MikroEntityMetadata  *meta,
                         GValue               *values,
                         GError              **error)
{
  return mikro_gda_driver_insert_many (driver, meta, &values, 1, error);
}

/* "a = ?" for a key of one column, "a = ? AND b = ?" for a composite one;
 * @key holds a value per key column. */
static void
append_key_match (MikroGdaDriver      *self,
                  GString             *sql,
                  Params              *params,
                  MikroEntityMetadata *meta,
                  const GValue        *key)
{
  guint n_keys, n_props;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);

  for (guint i = 0; i < n_keys; i++)
    {
      if (i > 0)
        g_string_append (sql, " AND ");
      mikro_sql_dialect_quote (self->dialect, sql, props[keys[i]].column);
      g_string_append (sql, " = ");
      params_add (self, params, sql, &props[keys[i]], &key[i]);
    }
}

static void
append_pk_condition (MikroGdaDriver      *self,
                     GString             *sql,
                     Params              *params,
                     MikroEntityMetadata *meta,
                     const GValue        *key)
{
  g_string_append (sql, " WHERE ");
  append_key_match (self, sql, params, meta, key);
}

static gboolean
mikro_gda_driver_update (MikroDriver          *driver,
                         MikroEntityMetadata  *meta,
                         const GValue         *pk,
                         const guint          *indices,
                         const GValue         *values,
                         guint                 n_values,
                         const GValue         *expected_version,
                         GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("UPDATE ");
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  Params params;
  gint affected = -1;
  gboolean ok;

  params_init (&params);
  quote_table (self, sql, meta);
  g_string_append (sql, " SET ");
  for (guint i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      mikro_sql_dialect_quote (self->dialect, sql, props[indices[i]].column);
      g_string_append (sql, " = ");
      if (self->dialect->set_param_wrapper != NULL)
        g_string_append_printf (sql, "%s(", self->dialect->set_param_wrapper);
      params_add (self, &params, sql, &props[indices[i]], &values[i]);
      if (self->dialect->set_param_wrapper != NULL)
        g_string_append_c (sql, ')');
    }
  append_pk_condition (self, sql, &params, meta, pk);
  if (expected_version != NULL)
    {
      const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (meta);

      g_string_append (sql, " AND ");
      mikro_sql_dialect_quote (self->dialect, sql, version->column);
      g_string_append (sql, " = ");
      params_add (self, &params, sql, version, expected_version);
    }

  ok = execute_non_select_full (self, sql->str, &params, &affected, error);
  params_clear (&params);

  /* no row with that key and version: changed or removed meanwhile */
  if (ok && expected_version != NULL && affected == 0)
    {
      _mikro_set_optimistic_lock_error (error, meta, pk, expected_version);
      return FALSE;
    }

  return ok;
}

static gboolean
mikro_gda_driver_delete (MikroDriver        *driver,
                         MikroEntityMetadata  *meta,
                         const GValue       *pk,
                         GError            **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("DELETE FROM ");
  Params params;
  gboolean ok;

  params_init (&params);
  quote_table (self, sql, meta);
  append_pk_condition (self, sql, &params, meta, pk);

  ok = execute_non_select (self, sql->str, &params, error);
  params_clear (&params);

  return ok;
}

/* " WHERE pk IN (?, ?, …)", or for a composite key
 * " WHERE (a = ? AND b = ?) OR (…)" */
static void
append_pk_in (MikroGdaDriver           *self,
              GString                  *sql,
              Params                   *params,
              MikroEntityMetadata      *meta,
              const GValue            **keys,
              guint                     n_keys)
{
  guint n_columns;
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);

  _mikro_entity_metadata_get_pk_indices (meta, &n_columns);
  g_string_append (sql, " WHERE ");
  if (n_columns > 1)
    {
      for (guint i = 0; i < n_keys; i++)
        {
          g_string_append (sql, i > 0 ? " OR (" : "(");
          append_key_match (self, sql, params, meta, keys[i]);
          g_string_append_c (sql, ')');
        }
      return;
    }

  mikro_sql_dialect_quote (self->dialect, sql, pk->column);
  g_string_append (sql, " IN (");
  for (guint i = 0; i < n_keys; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      params_add (self, params, sql, pk, keys[i]);
    }
  g_string_append_c (sql, ')');
}

/* One UPDATE for several entities: MikroORM's
 *   UPDATE t SET a = CASE WHEN id = ? THEN ? … ELSE a END, … WHERE id IN (…)
 * each column taking its new value only for the rows that changed it. */
static gboolean
mikro_gda_driver_update_many (MikroDriver          *driver,
                              MikroEntityMetadata  *meta,
                              const MikroUpdate    *updates,
                              guint                 n_updates,
                              GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("UPDATE ");
  guint n_props;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  g_autofree const GValue **keys = NULL;
  gboolean first_column = TRUE;
  Params params;
  gboolean ok;

  params_init (&params);
  quote_table (self, sql, meta);
  g_string_append (sql, " SET ");

  for (guint p = 0; p < n_props; p++)
    {
      gboolean any = FALSE;

      for (guint u = 0; u < n_updates; u++)
        for (guint v = 0; v < updates[u].n_values; v++)
          {
            if (updates[u].props[v] != p)
              continue;

            if (!any)
              {
                if (!first_column)
                  g_string_append (sql, ", ");
                first_column = FALSE;
                mikro_sql_dialect_quote (self->dialect, sql, props[p].column);
                g_string_append (sql, " = CASE");
                any = TRUE;
              }
            g_string_append (sql, " WHEN ");
            append_key_match (self, sql, &params, meta, updates[u].pk);
            g_string_append (sql, " THEN ");
            params_add (self, &params, sql, &props[p], &updates[u].values[v]);
          }

      if (any)
        {
          g_string_append (sql, " ELSE ");
          mikro_sql_dialect_quote (self->dialect, sql, props[p].column);
          g_string_append (sql, " END");
        }
    }

  keys = g_new (const GValue *, n_updates);
  for (guint u = 0; u < n_updates; u++)
    keys[u] = updates[u].pk;
  append_pk_in (self, sql, &params, meta, keys, n_updates);

  ok = execute_non_select (self, sql->str, &params, error);
  params_clear (&params);

  return ok;
}

static gboolean
mikro_gda_driver_delete_many (MikroDriver          *driver,
                              MikroEntityMetadata  *meta,
                              const GValue         *pks,
                              guint                 n_pks,
                              GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("DELETE FROM ");
  g_autofree const GValue **keys = NULL;
  guint n_columns;
  Params params;
  gboolean ok;

  _mikro_entity_metadata_get_pk_indices (meta, &n_columns);
  params_init (&params);
  quote_table (self, sql, meta);
  /* @pks holds n_columns values per key */
  keys = g_new (const GValue *, n_pks);
  for (guint i = 0; i < n_pks; i++)
    keys[i] = &pks[i * n_columns];
  append_pk_in (self, sql, &params, meta, keys, n_pks);

  ok = execute_non_select (self, sql->str, &params, error);
  params_clear (&params);

  return ok;
}

static const char *
comparison_operator (MikroFilterOp op)
{
  switch (op)
    {
    case MIKRO_FILTER_OP_EQ: return " = ";
    case MIKRO_FILTER_OP_NE: return " <> ";
    case MIKRO_FILTER_OP_GT: return " > ";
    case MIKRO_FILTER_OP_GTE: return " >= ";
    case MIKRO_FILTER_OP_LT: return " < ";
    case MIKRO_FILTER_OP_LTE: return " <= ";
    case MIKRO_FILTER_OP_LIKE: return " LIKE ";
    case MIKRO_FILTER_OP_IN:
    case MIKRO_FILTER_OP_NIN:
    default: g_assert_not_reached ();
    }
}

/* Writes the WHERE condition of @node. Values become parameters; the SQL
 * text depends only on the shape of the filter, so it is prepared once. */
static void
append_condition (MikroGdaDriver  *self,
                  GString         *sql,
                  Params          *params,
                  MikroFilterNode *node)
{
  switch (node->type)
    {
    case MIKRO_FILTER_AND:
    case MIKRO_FILTER_OR:
      if (node->children->len == 0)
        {
          g_string_append (sql, node->type == MIKRO_FILTER_AND ? "1 = 1" : "1 = 0");
          return;
        }
      g_string_append_c (sql, '(');
      for (guint i = 0; i < node->children->len; i++)
        {
          if (i > 0)
            g_string_append (sql, node->type == MIKRO_FILTER_AND ? " AND " : " OR ");
          append_condition (self, sql, params, g_ptr_array_index (node->children, i));
        }
      g_string_append_c (sql, ')');
      return;

    case MIKRO_FILTER_NOT:
      g_string_append (sql, "NOT ");
      append_condition (self, sql, params, g_ptr_array_index (node->children, 0));
      return;

    case MIKRO_FILTER_COMPARE:
    default:
      break;
    }

  if (node->op == MIKRO_FILTER_OP_IN || node->op == MIKRO_FILTER_OP_NIN)
    {
      if (node->values->len == 0)
        {
          /* Nothing is in an empty list. */
          g_string_append (sql, node->op == MIKRO_FILTER_OP_IN ? "1 = 0" : "1 = 1");
          return;
        }

      mikro_sql_dialect_quote (self->dialect, sql, node->prop->column);
      g_string_append (sql, node->op == MIKRO_FILTER_OP_IN ? " IN (" : " NOT IN (");
      for (guint i = 0; i < node->values->len; i++)
        {
          if (i > 0)
            g_string_append (sql, ", ");
          params_add (self, params, sql, node->prop, &g_array_index (node->values, GValue, i));
        }
      g_string_append_c (sql, ')');
      return;
    }

  mikro_sql_dialect_quote (self->dialect, sql, node->prop->column);
  if (_mikro_filter_value_is_null (&g_array_index (node->values, GValue, 0)))
    {
      g_string_append (sql, node->op == MIKRO_FILTER_OP_EQ ? " IS NULL" : " IS NOT NULL");
      return;
    }

  g_string_append (sql, comparison_operator (node->op));
  params_add (self, params, sql, node->prop, &g_array_index (node->values, GValue, 0));
}

static GPtrArray *
mikro_gda_driver_find (MikroDriver        *driver,
                       MikroEntityMetadata  *meta,
                       MikroFilterNode    *filter,
                       gint64              limit,
                       gboolean            lazy,
                       GError            **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree GType *col_types = NULL;
  guint n_props, n_columns = 0;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  GPtrArray *rows = NULL;
  Params params;

  /* every column, but lazy ones unless asked for */
  col_types = g_new0 (GType, n_props + 1);
  for (guint i = 0; i < n_props; i++)
    {
      if (!lazy && _mikro_property_meta_is_lazy (&props[i]))
        continue;
      if (n_columns > 0)
        g_string_append (sql, ", ");
      mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
      col_types[n_columns++] = column_gtype (self, &props[i]);
    }
  col_types[n_columns] = G_TYPE_NONE;

  params_init (&params);
  g_string_append (sql, " FROM ");
  quote_table (self, sql, meta);
  if (filter != NULL && !(filter->type == MIKRO_FILTER_AND && filter->children->len == 0))
    {
      g_string_append (sql, " WHERE ");
      append_condition (self, sql, &params, filter);
    }
  g_string_append (sql, " ORDER BY ");
  {
    guint n_keys;
    const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);

    for (guint i = 0; i < n_keys; i++)
      {
        if (i > 0)
          g_string_append (sql, ", ");
        mikro_sql_dialect_quote (self->dialect, sql, props[keys[i]].column);
      }
  }
  if (limit >= 0)
    g_string_append_printf (sql, " LIMIT %" G_GINT64_FORMAT, limit);

  model = execute_select (self, sql->str, &params, col_types, error);
  if (model != NULL)
    rows = rows_from_model (self, meta, model, sql->str, lazy, error);

  params_clear (&params);
  return rows;
}

static gint64
mikro_gda_driver_count (MikroDriver          *driver,
                        MikroEntityMetadata  *meta,
                        MikroFilterNode      *filter,
                        GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("SELECT COUNT(*) FROM ");
  g_autoptr(GdaDataModel) model = NULL;
  GType col_types[] = { self->dialect->int64_gtype, G_TYPE_NONE };
  gint64 count = -1;
  Params params;

  params_init (&params);
  quote_table (self, sql, meta);
  if (filter != NULL && !(filter->type == MIKRO_FILTER_AND && filter->children->len == 0))
    {
      g_string_append (sql, " WHERE ");
      append_condition (self, sql, &params, filter);
    }

  model = execute_select (self, sql->str, &params, col_types, error);
  if (model != NULL)
    {
      const GValue *cell = gda_data_model_get_value_at (model, 0, 0, NULL);
      GValue as_int = G_VALUE_INIT;

      g_value_init (&as_int, G_TYPE_INT64);
      if (cell != NULL && g_value_transform (cell, &as_int))
        count = g_value_get_int64 (&as_int);
      else
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                     _("The %s database returned no count for “%s”"), self->dialect->name, sql->str);
      g_value_unset (&as_int);
    }

  params_clear (&params);
  return count;
}

static void
mikro_gda_driver_finalize (GObject *object)
{
  MikroGdaDriver *self = (MikroGdaDriver *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->default_schema, g_free);

  G_OBJECT_CLASS (mikro_gda_driver_parent_class)->finalize (object);
}

/* Pivot rows: the pivot's two columns hold the keys of the owner and of
 * the target, and take those keys' types. */
static gboolean
mikro_gda_driver_insert_links (MikroDriver              *driver,
                               MikroEntityMetadata      *owner,
                               const MikroRelationMeta  *rel,
                               const GValue             *links,
                               guint                     n_links,
                               GError                  **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  const MikroPropertyMeta *owner_key = _mikro_entity_metadata_get_pk (owner);
  const MikroPropertyMeta *target_key = _mikro_entity_metadata_get_pk (rel->target);
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  Params params;
  gboolean ok;

  params_init (&params);
  quote_qualified (self, sql, rel->pivot_schema, rel->pivot_table);
  g_string_append (sql, " (");
  mikro_sql_dialect_quote (self->dialect, sql, rel->join_column);
  g_string_append (sql, ", ");
  mikro_sql_dialect_quote (self->dialect, sql, rel->inverse_join_column);
  g_string_append (sql, ") VALUES ");
  for (guint i = 0; i < n_links; i++)
    {
      g_string_append (sql, i > 0 ? ", (" : "(");
      params_add (self, &params, sql, owner_key, &links[2 * i]);
      g_string_append (sql, ", ");
      params_add (self, &params, sql, target_key, &links[2 * i + 1]);
      g_string_append_c (sql, ')');
    }

  ok = execute_non_select (self, sql->str, &params, error);
  params_clear (&params);
  return ok;
}

static gboolean
mikro_gda_driver_delete_links (MikroDriver              *driver,
                               MikroEntityMetadata      *owner,
                               const MikroRelationMeta  *rel,
                               const GValue             *links,
                               guint                     n_links,
                               GError                  **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  const MikroPropertyMeta *owner_key = _mikro_entity_metadata_get_pk (owner);
  const MikroPropertyMeta *target_key = _mikro_entity_metadata_get_pk (rel->target);
  g_autoptr(GString) sql = g_string_new ("DELETE FROM ");
  Params params;
  gboolean ok;

  params_init (&params);
  quote_qualified (self, sql, rel->pivot_schema, rel->pivot_table);
  g_string_append (sql, " WHERE ");
  for (guint i = 0; i < n_links; i++)
    {
      g_string_append (sql, i > 0 ? " OR (" : "(");
      mikro_sql_dialect_quote (self->dialect, sql, rel->join_column);
      g_string_append (sql, " = ");
      params_add (self, &params, sql, owner_key, &links[2 * i]);
      g_string_append (sql, " AND ");
      mikro_sql_dialect_quote (self->dialect, sql, rel->inverse_join_column);
      g_string_append (sql, " = ");
      params_add (self, &params, sql, target_key, &links[2 * i + 1]);
      g_string_append_c (sql, ')');
    }

  ok = execute_non_select (self, sql->str, &params, error);
  params_clear (&params);
  return ok;
}

static void
clear_link_value (gpointer data)
{
  if (G_IS_VALUE ((GValue *)data))
    g_value_unset (data);
}

static GArray *
mikro_gda_driver_find_links (MikroDriver              *driver,
                             MikroEntityMetadata      *owner,
                             const MikroRelationMeta  *rel,
                             const GValue             *given,
                             guint                     n_keys,
                             gboolean                  by_target,
                             GError                  **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  const MikroPropertyMeta *owner_key = _mikro_entity_metadata_get_pk (owner);
  const MikroPropertyMeta *target_key = _mikro_entity_metadata_get_pk (rel->target);
  const MikroPropertyMeta *keys[] = { owner_key, target_key };
  const char *by = by_target ? rel->inverse_join_column : rel->join_column;
  GType col_types[] = { column_gtype (self, owner_key), column_gtype (self, target_key), G_TYPE_NONE };
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GArray) links = NULL;
  Params params;

  params_init (&params);
  mikro_sql_dialect_quote (self->dialect, sql, rel->join_column);
  g_string_append (sql, ", ");
  mikro_sql_dialect_quote (self->dialect, sql, rel->inverse_join_column);
  g_string_append (sql, " FROM ");
  quote_qualified (self, sql, rel->pivot_schema, rel->pivot_table);
  g_string_append (sql, " WHERE ");
  mikro_sql_dialect_quote (self->dialect, sql, by);
  g_string_append (sql, " IN (");
  for (guint i = 0; i < n_keys; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      params_add (self, &params, sql, by_target ? target_key : owner_key, &given[i]);
    }
  g_string_append (sql, ") ORDER BY ");
  mikro_sql_dialect_quote (self->dialect, sql, rel->join_column);
  g_string_append (sql, ", ");
  mikro_sql_dialect_quote (self->dialect, sql, rel->inverse_join_column);

  model = execute_select (self, sql->str, &params, col_types, error);
  params_clear (&params);
  if (model == NULL)
    return NULL;

  links = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (links, clear_link_value);
  for (gint r = 0; r < gda_data_model_get_n_rows (model); r++)
    for (guint c = 0; c < 2; c++)
      {
        g_autoptr(GError) local_error = NULL;
        const GValue *cell = gda_data_model_get_value_at (model, c, r, &local_error);
        GValue value = G_VALUE_INIT;

        g_value_init (&value, keys[c]->value_type);
        if (local_error != NULL || !read_cell (cell, keys[c], &value, &local_error))
          {
            g_value_unset (&value);
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                         _("Pivot table “%s” holds a key that does not fit: %s"),
                         rel->pivot_table, local_error != NULL ? local_error->message : "?");
            return NULL;
          }
        g_array_append_val (links, value);
      }

  return g_steal_pointer (&links);
}

/* Calls that bypass the unit of work (mikro-entity-manager-native.c):
 * upserts, native updates and deletes, pessimistic locks. */

static gboolean
dialect_is_mysql (MikroGdaDriver *self)
{
  return g_str_equal (self->dialect->name, "mysql");
}

static gboolean
index_in (const guint *indices,
          guint        n_indices,
          guint        index)
{
  for (guint i = 0; i < n_indices; i++)
    if (indices[i] == index)
      return TRUE;
  return FALSE;
}

/* Reads what an upsert left in the rows it wrote: @model has a column
 * per entry of @columns (property indexes), the last @n_conflict of which
 * are the conflict columns that tell which row of @rows a result row is;
 * the values of the other columns (key, version) go into that row. */
static gboolean
read_upserted (MikroGdaDriver       *self,
               MikroEntityMetadata  *meta,
               GdaDataModel         *model,
               const char           *sql,
               const guint          *columns,
               guint                 n_columns,
               guint                 n_conflict,
               GValue              **rows,
               guint                 n_rows,
               GError              **error)
{
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  gint n_results = gda_data_model_get_n_rows (model);
  g_autofree GValue *cells = g_new0 (GValue, n_columns);
  g_autofree gboolean *seen = g_new0 (gboolean, n_rows);
  guint first_conflict = n_columns - n_conflict;
  guint n_matched = 0;
  gboolean ok = TRUE;

  for (gint r = 0; ok && r < n_results; r++)
    {
      for (guint c = 0; ok && c < n_columns; c++)
        {
          const GValue *cell = gda_data_model_get_value_at (model, c, r, NULL);

          g_value_init (&cells[c], props[columns[c]].value_type);
          if (!read_cell (cell, &props[columns[c]], &cells[c], NULL))
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                           _("The %s database returned a value of column “%s” that does not fit for “%s”"),
                           self->dialect->name, props[columns[c]].column, sql);
              ok = FALSE;
            }
        }

      for (guint i = 0; ok && i < n_rows; i++)
        {
          gboolean match = !seen[i];

          for (guint c = first_conflict; match && c < n_columns; c++)
            match = G_IS_VALUE (&rows[i][columns[c]]) &&
                    _mikro_value_equal (&props[columns[c]], &cells[c], &rows[i][columns[c]]);
          if (!match)
            continue;

          for (guint c = 0; c < first_conflict; c++)
            {
              GValue *slot = &rows[i][columns[c]];

              if (!G_IS_VALUE (slot))
                g_value_init (slot, G_VALUE_TYPE (&cells[c]));
              g_value_copy (&cells[c], slot);
            }
          seen[i] = TRUE;
          n_matched++;
          break;
        }

      for (guint c = 0; c < n_columns; c++)
        if (G_IS_VALUE (&cells[c]))
          g_value_unset (&cells[c]);
    }

  if (ok && n_matched != n_rows)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("The %s database returned %u of the %u rows of table “%s” that “%s” wrote"),
                   self->dialect->name, n_matched, n_rows, mikro_entity_metadata_get_table (meta), sql);
      ok = FALSE;
    }

  return ok;
}

/* MikroORM's upsert: PostgreSQL and SQLite (3.24 and later)
 *   INSERT INTO t (…) VALUES (…), … ON CONFLICT (c) DO UPDATE SET a = EXCLUDED.a, …
 * MariaDB
 *   INSERT INTO t (…) VALUES (…), … ON DUPLICATE KEY UPDATE a = VALUES(a), …
 * The key and version each row ended with, the existing row's when it was
 * updated, come back with RETURNING on PostgreSQL and MariaDB (10.5 and
 * later: checked on 10.11, RETURNING after ON DUPLICATE KEY UPDATE gives
 * the updated rows' keys too); SQLite's RETURNING does not work through
 * libgda (LIBGDA.md §2), so there a SELECT by the conflict columns reads
 * them. */
static gboolean
mikro_gda_driver_upsert_many (MikroDriver          *driver,
                              MikroEntityMetadata  *meta,
                              GValue              **rows,
                              guint                 n_rows,
                              const guint          *conflict,
                              guint                 n_conflict,
                              GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);
  const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (meta);
  guint n_props, n_keys;
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &n_props);
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  gboolean mysql = dialect_is_mysql (self);
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree GType *col_types = NULL;
  gboolean conflict_is_key;
  gboolean returning;
  gboolean generate = FALSE;
  gboolean first = TRUE;
  guint n_set = 0;
  Params params;
  gboolean ok;

  /* every row generates its key or none does; a generated string key is
   * made here */
  for (guint r = 0; r < n_rows; r++)
    generate = row_generates_key (pk, rows[r]);

  /* a new versioned row starts at version 1 */
  if (version != NULL)
    for (guint r = 0; r < n_rows; r++)
      {
        GValue as_int = G_VALUE_INIT;

        g_value_init (&as_int, G_TYPE_INT64);
        if (g_value_transform (&rows[r][version->index], &as_int) && g_value_get_int64 (&as_int) == 0)
          {
            g_value_set_int64 (&as_int, 1);
            g_value_transform (&as_int, &rows[r][version->index]);
          }
        g_value_unset (&as_int);
      }

  params_init (&params);
  quote_table (self, sql, meta);
  g_string_append (sql, " (");
  for (guint i = 0; i < n_props; i++)
    {
      if (generate && i == pk->index)
        continue;
      if (!first)
        g_string_append (sql, ", ");
      first = FALSE;
      mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
    }
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < n_rows; r++)
    {
      first = TRUE;
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint i = 0; i < n_props; i++)
        {
          if (generate && i == pk->index)
            continue;
          if (!first)
            g_string_append (sql, ", ");
          first = FALSE;
          params_add (self, &params, sql, &props[i], &rows[r][i]);
        }
      g_string_append_c (sql, ')');
    }

  if (mysql)
    g_string_append (sql, " ON DUPLICATE KEY UPDATE ");
  else
    {
      g_string_append (sql, " ON CONFLICT (");
      for (guint c = 0; c < n_conflict; c++)
        {
          if (c > 0)
            g_string_append (sql, ", ");
          mikro_sql_dialect_quote (self->dialect, sql, props[conflict[c]].column);
        }
      g_string_append (sql, ") DO UPDATE SET ");
    }

  /* every other column takes the new row's value; the key stays the
   * existing row's, and its version grows by one */
  for (guint i = 0; i < n_props; i++)
    {
      if (index_in (conflict, n_conflict, i) || index_in (keys, n_keys, i))
        continue;
      if (n_set++ > 0)
        g_string_append (sql, ", ");
      mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
      g_string_append (sql, " = ");
      if (version != NULL && i == version->index)
        {
          if (!mysql)
            {
              quote_table (self, sql, meta);
              g_string_append_c (sql, '.');
            }
          mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
          g_string_append (sql, " + 1");
        }
      else if (mysql)
        {
          g_string_append (sql, "VALUES(");
          mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
          g_string_append_c (sql, ')');
        }
      else
        {
          g_string_append (sql, "EXCLUDED.");
          mikro_sql_dialect_quote (self->dialect, sql, props[i].column);
        }
    }
  if (n_set == 0)
    {
      /* nothing else to set: a no-op update still reports the row, where
       * DO NOTHING would not */
      mikro_sql_dialect_quote (self->dialect, sql, props[conflict[0]].column);
      g_string_append (sql, " = ");
      if (!mysql)
        g_string_append (sql, "EXCLUDED.");
      mikro_sql_dialect_quote (self->dialect, sql, props[conflict[0]].column);
    }

  /* what to read back: the key unless it was the conflict target, and
   * the version; then the conflict columns, which tell the rows apart */
  conflict_is_key = n_conflict == n_keys;
  for (guint c = 0; conflict_is_key && c < n_conflict; c++)
    conflict_is_key = conflict[c] == keys[c];
  if (!conflict_is_key)
    g_array_append_vals (columns, keys, n_keys);
  if (version != NULL)
    g_array_append_val (columns, version->index);
  if (columns->len == 0)
    {
      ok = execute_non_select (self, sql->str, &params, error);
      params_clear (&params);
      return ok;
    }
  g_array_append_vals (columns, conflict, n_conflict);
  col_types = g_new0 (GType, columns->len + 1);
  for (guint c = 0; c < columns->len; c++)
    col_types[c] = column_gtype (self, &props[g_array_index (columns, guint, c)]);
  col_types[columns->len] = G_TYPE_NONE;

  returning = self->dialect->insert_returning;
  if (returning)
    {
      g_autoptr(GdaDataModel) model = NULL;

      g_string_append (sql, " RETURNING ");
      for (guint c = 0; c < columns->len; c++)
        {
          if (c > 0)
            g_string_append (sql, ", ");
          mikro_sql_dialect_quote (self->dialect, sql, props[g_array_index (columns, guint, c)].column);
        }
      model = execute_select (self, sql->str, &params, col_types, error);
      ok = model != NULL &&
           read_upserted (self, meta, model, sql->str, (guint *)(gpointer)columns->data, columns->len,
                          n_conflict, rows, n_rows, error);
      params_clear (&params);
      return ok;
    }

  ok = execute_non_select (self, sql->str, &params, error);
  params_clear (&params);
  if (ok)
    {
      g_autoptr(GString) select = g_string_new ("SELECT ");
      g_autoptr(GdaDataModel) model = NULL;

      params_init (&params);
      for (guint c = 0; c < columns->len; c++)
        {
          if (c > 0)
            g_string_append (select, ", ");
          mikro_sql_dialect_quote (self->dialect, select, props[g_array_index (columns, guint, c)].column);
        }
      g_string_append (select, " FROM ");
      quote_table (self, select, meta);
      g_string_append (select, " WHERE ");
      for (guint r = 0; r < n_rows; r++)
        {
          g_string_append (select, r > 0 ? " OR (" : "(");
          for (guint c = 0; c < n_conflict; c++)
            {
              if (c > 0)
                g_string_append (select, " AND ");
              mikro_sql_dialect_quote (self->dialect, select, props[conflict[c]].column);
              g_string_append (select, " = ");
              params_add (self, &params, select, &props[conflict[c]], &rows[r][conflict[c]]);
            }
          g_string_append_c (select, ')');
        }
      model = execute_select (self, select->str, &params, col_types, error);
      ok = model != NULL &&
           read_upserted (self, meta, model, select->str, (guint *)(gpointer)columns->data, columns->len,
                          n_conflict, rows, n_rows, error);
      params_clear (&params);
    }

  return ok;
}

static gboolean
filter_is_empty (MikroFilterNode *filter)
{
  return filter == NULL || (filter->type == MIKRO_FILTER_AND && filter->children->len == 0);
}

static gint64
mikro_gda_driver_native_update (MikroDriver          *driver,
                                MikroEntityMetadata  *meta,
                                MikroFilterNode      *filter,
                                const guint          *indices,
                                const GValue         *values,
                                guint                 n_values,
                                GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("UPDATE ");
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  Params params;
  gint affected = -1;
  gboolean ok;

  params_init (&params);
  quote_table (self, sql, meta);
  g_string_append (sql, " SET ");
  for (guint i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      mikro_sql_dialect_quote (self->dialect, sql, props[indices[i]].column);
      g_string_append (sql, " = ");
      if (self->dialect->set_param_wrapper != NULL)
        g_string_append_printf (sql, "%s(", self->dialect->set_param_wrapper);
      params_add (self, &params, sql, &props[indices[i]], &values[i]);
      if (self->dialect->set_param_wrapper != NULL)
        g_string_append_c (sql, ')');
    }
  if (!filter_is_empty (filter))
    {
      g_string_append (sql, " WHERE ");
      append_condition (self, sql, &params, filter);
    }

  ok = execute_non_select_full (self, sql->str, &params, &affected, error);
  params_clear (&params);

  if (!ok)
    return -1;
  return MAX (affected, 0);
}

static gint64
mikro_gda_driver_native_delete (MikroDriver          *driver,
                                MikroEntityMetadata  *meta,
                                MikroFilterNode      *filter,
                                GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = g_string_new ("DELETE FROM ");
  Params params;
  gint affected = -1;
  gboolean ok;

  params_init (&params);
  quote_table (self, sql, meta);
  if (!filter_is_empty (filter))
    {
      g_string_append (sql, " WHERE ");
      append_condition (self, sql, &params, filter);
    }

  ok = execute_non_select_full (self, sql->str, &params, &affected, error);
  params_clear (&params);

  if (!ok)
    return -1;
  return MAX (affected, 0);
}

/* The locking clause of a SELECT: PostgreSQL's FOR UPDATE / FOR SHARE,
 * MariaDB's FOR UPDATE / LOCK IN SHARE MODE, with SKIP LOCKED or NOWAIT. */
static const char *
lock_clause (MikroGdaDriver *self,
             MikroLockMode   mode)
{
  gboolean mysql = dialect_is_mysql (self);

  switch (mode)
    {
    case MIKRO_LOCK_MODE_PESSIMISTIC_READ:
      return mysql ? " LOCK IN SHARE MODE" : " FOR SHARE";
    case MIKRO_LOCK_MODE_PESSIMISTIC_WRITE:
      return " FOR UPDATE";
    case MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_WRITE:
      return " FOR UPDATE SKIP LOCKED";
    case MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL:
      return " FOR UPDATE NOWAIT";
    case MIKRO_LOCK_MODE_PESSIMISTIC_PARTIAL_READ:
      return mysql ? " LOCK IN SHARE MODE SKIP LOCKED" : " FOR SHARE SKIP LOCKED";
    case MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL:
      return mysql ? " LOCK IN SHARE MODE NOWAIT" : " FOR SHARE NOWAIT";
    case MIKRO_LOCK_MODE_OPTIMISTIC:
    default:
      g_assert_not_reached ();
    }
}

/* SQLite has no row locks: a transaction there locks the whole database
 * as soon as it writes, so a pessimistic lock needs no statement. */
static gboolean
mikro_gda_driver_lock (MikroDriver          *driver,
                       MikroEntityMetadata  *meta,
                       const GValue         *pk,
                       MikroLockMode         mode,
                       GError              **error)
{
  MikroGdaDriver *self = MIKRO_GDA_DRIVER (driver);
  g_autoptr(GString) sql = NULL;
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree GType *col_types = NULL;
  guint n_keys;
  const guint *keys = _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
  const MikroPropertyMeta *props = _mikro_entity_metadata_get_props (meta, &(guint){0});
  Params params;

  if (g_str_equal (self->dialect->name, "sqlite"))
    return check_connected (self, error);

  sql = g_string_new ("SELECT ");
  col_types = g_new0 (GType, n_keys + 1);
  for (guint i = 0; i < n_keys; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      mikro_sql_dialect_quote (self->dialect, sql, props[keys[i]].column);
      col_types[i] = column_gtype (self, &props[keys[i]]);
    }
  col_types[n_keys] = G_TYPE_NONE;
  g_string_append (sql, " FROM ");
  quote_table (self, sql, meta);
  params_init (&params);
  append_pk_condition (self, sql, &params, meta, pk);
  g_string_append (sql, lock_clause (self, mode));

  model = execute_select (self, sql->str, &params, col_types, &local_error);
  params_clear (&params);
  if (model == NULL)
    {
      if (mode == MIKRO_LOCK_MODE_PESSIMISTIC_WRITE_OR_FAIL || mode == MIKRO_LOCK_MODE_PESSIMISTIC_READ_OR_FAIL)
        g_prefix_error (&local_error, _("A row of table “%s” could not be locked at once, another transaction holds a lock on it: "),
                        mikro_entity_metadata_get_table (meta));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
mikro_gda_driver_class_init (MikroGdaDriverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MikroDriverClass *driver_class = MIKRO_DRIVER_CLASS (klass);

  object_class->finalize = mikro_gda_driver_finalize;

  driver_class->open = mikro_gda_driver_open;
  driver_class->close = mikro_gda_driver_close;
  driver_class->create_schema = mikro_gda_driver_create_schema;
  driver_class->drop_schema = mikro_gda_driver_drop_schema;
  driver_class->describe_schema = mikro_gda_driver_describe_schema;
  driver_class->begin = mikro_gda_driver_begin;
  driver_class->commit = mikro_gda_driver_commit;
  driver_class->rollback = mikro_gda_driver_rollback;
  driver_class->insert = mikro_gda_driver_insert;
  driver_class->update = mikro_gda_driver_update;
  driver_class->delete = mikro_gda_driver_delete;
  driver_class->find = mikro_gda_driver_find;
  driver_class->insert_many = mikro_gda_driver_insert_many;
  driver_class->update_many = mikro_gda_driver_update_many;
  driver_class->delete_many = mikro_gda_driver_delete_many;
  driver_class->count = mikro_gda_driver_count;
  driver_class->insert_links = mikro_gda_driver_insert_links;
  driver_class->delete_links = mikro_gda_driver_delete_links;
  driver_class->find_links = mikro_gda_driver_find_links;
  driver_class->savepoint = mikro_gda_driver_savepoint;
  driver_class->release_savepoint = mikro_gda_driver_release_savepoint;
  driver_class->rollback_to_savepoint = mikro_gda_driver_rollback_to_savepoint;
  driver_class->upsert_many = mikro_gda_driver_upsert_many;
  driver_class->native_update = mikro_gda_driver_native_update;
  driver_class->native_delete = mikro_gda_driver_native_delete;
  driver_class->lock = mikro_gda_driver_lock;
}

static void
mikro_gda_driver_init (MikroGdaDriver *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_statement_free);
}

/**
 * mikro_gda_driver_get_dialect_name:
 * @self: a GDA driver
 *
 * Returns: the SQL dialect in use: `sqlite`, `postgresql` or `mysql`
 *
 * Since: 1.0
 */
const char *
mikro_gda_driver_get_dialect_name (MikroGdaDriver *self)
{
  g_return_val_if_fail (MIKRO_GDA_IS_DRIVER (self), NULL);

  return self->dialect != NULL ? self->dialect->name : NULL;
}

/**
 * mikro_gda_driver_get_n_cached_statements:
 * @self: a GDA driver
 *
 * The number of prepared statements the connection keeps, one per distinct
 * SQL text it has run. It grows with the number of statement shapes, not
 * with the number of executions.
 *
 * Returns: the number of cached statements
 *
 * Since: 1.0
 */
guint
mikro_gda_driver_get_n_cached_statements (MikroGdaDriver *self)
{
  g_return_val_if_fail (MIKRO_GDA_IS_DRIVER (self), 0);

  return g_hash_table_size (self->statements);
}

const MikroSqlDialect *
_mikro_gda_driver_get_dialect (MikroGdaDriver *self)
{
  return self->dialect;
}

gboolean
_mikro_gda_driver_get_default_schema (MikroGdaDriver  *self,
                                      const char     **schema,
                                      GError         **error)
{
  GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };
  g_autoptr(GdaDataModel) model = NULL;
  const GValue *value;
  const char *sql = NULL;

  *schema = NULL;
  if (self->default_schema_read)
    {
      *schema = self->default_schema;
      return TRUE;
    }

  if (g_str_equal (self->dialect->name, "postgresql"))
    sql = "SELECT current_schema()::text";
  else if (g_str_equal (self->dialect->name, "mysql"))
    sql = "SELECT DATABASE()";

  if (sql != NULL)
    {
      model = _mikro_gda_driver_select (self, sql, NULL, col_types, error);
      if (model == NULL)
        return FALSE;
      value = gda_data_model_get_value_at (model, 0, 0, NULL);
      if (value != NULL && G_VALUE_HOLDS_STRING (value))
        self->default_schema = g_value_dup_string (value);
    }

  self->default_schema_read = TRUE;
  *schema = self->default_schema;
  return TRUE;
}

const char *
_mikro_gda_driver_peek_default_schema (MikroGdaDriver *self)
{
  return self->default_schema;
}

GdaDataModel *
_mikro_gda_driver_select (MikroGdaDriver      *self,
                          const char          *sql,
                          const char * const  *string_params,
                          GType               *col_types,
                          GError             **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  GdaDataModel *model;
  Params params;

  g_array_set_clear_func (values, (GDestroyNotify)g_value_unset);
  for (guint i = 0; string_params != NULL && string_params[i] != NULL; i++)
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, string_params[i]);
      g_array_append_val (values, value);
    }

  params_init (&params);
  for (guint i = 0; i < values->len; i++)
    {
      g_ptr_array_add (params.values, &g_array_index (values, GValue, i));
      g_ptr_array_add (params.props, NULL);
    }

  model = execute_select (self, sql, &params, col_types, error);
  params_clear (&params);

  return model;
}

GdaConnection *
_mikro_gda_driver_get_connection (MikroGdaDriver *self)
{
  return self->cnc;
}
