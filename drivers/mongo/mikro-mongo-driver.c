/* mikro-mongo-driver.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <mongoc/mongoc.h>

#include "mikro-mongo-driver.h"
#include "mikro-driver-private.h"

/**
 * MikroMongoDriver:
 *
 * The document driver: it stores entities in a MongoDB database, or in any
 * server that speaks the MongoDB wire protocol (FerretDB, for instance),
 * through libmongoc.
 *
 * The core loads it at run time for `mongodb://host:port/database` URIs,
 * so applications rarely deal with this type directly; it is public so that
 * they can check which database a [class@Mikro.Driver] talks to.
 *
 * Each entity is one document in the collection named by its table. The
 * primary key is stored in the `_id` field whatever its column name; a
 * generated string primary key is an ObjectId, held by the property as its
 * 24-digit hexadecimal form, and a generated integer primary key comes from
 * a counter document in the `mikro_sequences` collection. Other properties
 * are fields named by their columns; a %NULL value is an absent field, so
 * that, as in SQL, a unique property may be %NULL in any number of
 * entities.
 *
 * Values are stored in the BSON type closest to theirs: booleans, 32-bit
 * (`int`) and 64-bit integers (`int64`, also for `guint`), doubles (also
 * for `gfloat`, as the shortest decimal that reads back as the same
 * float), strings, dates (milliseconds, UTC), binary data (subtype 0) for
 * a [struct@GLib.Bytes], an array of strings for a `GStrv`, and the
 * document, array or scalar itself for a [struct@Json.Node]. BSON has no
 * unsigned 64-bit integer: a `guint64` is stored as its decimal string,
 * so it compares as a string, not as a number. An enumeration or flags
 * value is its nick (flags: nicks joined by `|`), or an `int64` with
 * %MIKRO_ENUM_MODE_INTEGER; a [struct@GLib.Variant] is its text form,
 * type annotated. Documents written by other programs are read
 * leniently: numbers of any width, decimal strings, nicks or values
 * whatever the enum mode.
 *
 * The entity model maps as in MikroORM. A many-to-one, or the owning side
 * of a one-to-one, is a field named by its join column holding the related
 * entity's key in the key's own type (an ObjectId for a generated string
 * key, an `int64` for an integer one), absent when there is none; a filter
 * on it by key compares in that type. There are no foreign keys: a key no
 * document has is stored as it is and loads as a reference. The entity
 * types of a single-table hierarchy share one collection, each document
 * naming its type in the discriminator field. An embedded object is a
 * field per property, named with its prefix, or with
 * [property@Mikro.Property:as-object] one sub-document; a %NULL object is
 * absent fields. The collections, and the indexes of the metadata (among
 * them those on join columns and on the discriminator), are what
 * [method@Mikro.Orm.create_schema] makes. A many-to-many is an array of
 * the targets' keys in the owning side's document, in a field named after
 * the relation's property (`labels: [ObjectId, …]`), written with
 * `$addToSet` and `$pullAll`; there is no pivot collection, and the
 * inverse side is found with `$in` on that field.
 *
 * On a replica set or a sharded cluster a flush runs in a transaction. A
 * standalone server and FerretDB have none: there each write is visible at
 * once, and a flush that fails undoes the writes it made before the
 * failure (see [property@MikroMongo.Driver:supports-transactions]).
 *
 * Since: 1.0
 */

/* Server error codes this driver reacts to. */
#define MONGO_CODE_INTERNAL_ERROR         1
#define MONGO_CODE_NS_NOT_FOUND           26
#define MONGO_CODE_NAMESPACE_EXISTS       48
#define MONGO_CODE_DUPLICATE_KEY          11000
#define MONGO_CODE_DUPLICATE_KEY_UPDATE   11001
#define MONGO_CODE_DUPLICATE_KEY_LEGACY   12582

/* Short, so that a server that is down fails mikro_orm_open() in seconds
 * rather than after libmongoc's default of 30. Users can still override
 * both in the URI. */
#define DEFAULT_TIMEOUT_MS 2000

#define SEQUENCES_COLLECTION "mikro_sequences"

typedef struct
{
  MikroDriverClass parent_class;
} MikroMongoDriverClass;

struct _MikroMongoDriver
{
  MikroDriver              parent_instance;

  /* A mongoc_client_t is not thread-safe, and the core may call in from a
   * worker thread: every use of the fields below holds @lock. */
  GMutex                   lock;

  mongoc_client_t         *client;
  mongoc_database_t       *database;
  char                    *database_name;
  /* host:port of the first seed, for messages */
  char                    *server;

  /* Set between begin and commit/rollback, with or without @session. */
  gboolean                 in_transaction;
  /* Only when the server supports transactions (see begin()). */
  mongoc_client_session_t *session;
  gboolean                 supports_transactions;
  /* UndoEntry, when it does not (see begin()) */
  GPtrArray               *undo_log;

  /* Schemas whose field names check_schema() accepted, each held */
  GHashTable              *checked_schemas;
};

typedef enum {
  UNDO_DELETE,   /* of an insert: delete the document again */
  UNDO_REPLACE,  /* of an update: put the previous document back */
  UNDO_INSERT,   /* of a delete: insert the previous document again */
} UndoAction;

typedef struct
{
  UndoAction  action;
  char       *collection;
  /* UNDO_DELETE: { _id: … }; otherwise the whole previous document */
  bson_t     *doc;
} UndoEntry;

static void
undo_entry_free (UndoEntry *entry)
{
  g_free (entry->collection);
  bson_destroy (entry->doc);
  g_free (entry);
}

static void
push_undo (MikroMongoDriver *self,
           UndoAction        action,
           const char       *collection,
           bson_t           *doc)
{
  UndoEntry *entry = g_new0 (UndoEntry, 1);

  entry->action = action;
  entry->collection = g_strdup (collection);
  entry->doc = doc;
  g_ptr_array_add (self->undo_log, entry);
}

enum {
  PROP_0,
  PROP_DATABASE_NAME,
  PROP_SUPPORTS_TRANSACTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MikroMongoDriver, mikro_mongo_driver, MIKRO_TYPE_DRIVER)

/* ---------------------------------------------------------------------- */
/* libmongoc set-up                                                        */

static void
forward_mongoc_log (mongoc_log_level_t  level,
                    const char         *domain,
                    const char         *message,
                    void               *user_data)
{
  GLogLevelFlags glib_level;

  /* libmongoc's own warnings are information for the user, not
   * programming errors: they stay below G_LOG_LEVEL_WARNING so that they
   * never abort a program or test run that makes warnings fatal. Its
   * plain warnings go down to INFO: what matters reaches the caller as a
   * GError anyway, and servers without sessions (FerretDB) would
   * otherwise print "Couldn't send endSessions" at every close. */
  switch (level)
    {
    case MONGOC_LOG_LEVEL_ERROR:
    case MONGOC_LOG_LEVEL_CRITICAL:
      glib_level = G_LOG_LEVEL_MESSAGE;
      break;
    case MONGOC_LOG_LEVEL_WARNING:
    case MONGOC_LOG_LEVEL_MESSAGE:
    case MONGOC_LOG_LEVEL_INFO:
      glib_level = G_LOG_LEVEL_INFO;
      break;
    case MONGOC_LOG_LEVEL_DEBUG:
      glib_level = G_LOG_LEVEL_DEBUG;
      break;
    case MONGOC_LOG_LEVEL_TRACE:
    default:
      return;
    }

  g_log ("mongoc", glib_level, "%s: %s", domain, message);
}

static gpointer
init_mongoc (gpointer data)
{
  mongoc_init ();
  /* The handler is process-wide: an application that uses libmongoc
   * itself and wants its own handler sets it after opening the ORM. */
  mongoc_log_set_handler (forward_mongoc_log, NULL);
  return NULL;
}

/* ---------------------------------------------------------------------- */
/* Errors and logging                                                      */

static gboolean
is_duplicate_key_error (const bson_error_t *berr)
{
  if (berr->domain != MONGOC_ERROR_SERVER)
    return FALSE;

  /* FerretDB 1.x on SQLite reports an update that breaks a unique index
   * as an InternalError carrying SQLite's own message, not as 11000. */
  if (berr->code == MONGO_CODE_INTERNAL_ERROR)
    return strstr (berr->message, "UNIQUE constraint failed") != NULL;

  return berr->code == MONGO_CODE_DUPLICATE_KEY ||
         berr->code == MONGO_CODE_DUPLICATE_KEY_UPDATE ||
         berr->code == MONGO_CODE_DUPLICATE_KEY_LEGACY;
}

static gboolean
is_connection_error (const bson_error_t *berr)
{
  return berr->domain == MONGOC_ERROR_STREAM ||
         berr->domain == MONGOC_ERROR_SERVER_SELECTION ||
         (berr->domain == MONGOC_ERROR_CLIENT &&
          berr->code == MONGOC_ERROR_CLIENT_AUTHENTICATE);
}

/* MongoDB says "… index: author_email_unique dup key: { … }", FerretDB
 * on SQLite "… index 'author_1234abcd_author_email_unique'"; the index
 * name is what tells the user which constraint was hit. */
static char *
find_duplicate_index_name (const char *message)
{
  const char *start;
  gsize len;

  if ((start = strstr (message, "index: ")) != NULL)
    start += strlen ("index: ");
  else if ((start = strstr (message, "index '")) != NULL)
    start += strlen ("index '");
  else
    return NULL;

  len = strcspn (start, " '");

  return len > 0 ? g_strndup (start, len) : NULL;
}

/* Never passes a mongoc error through: maps it to a MIKRO_ERROR code and
 * keeps its text as the detail. @command is a MongoDB command name. */
static void
set_error_from_bson (MikroMongoDriver   *self,
                     GError            **error,
                     const bson_error_t *berr,
                     const char         *command,
                     const char         *collection)
{
  if (is_duplicate_key_error (berr))
    {
      g_autofree char *index = find_duplicate_index_name (berr->message);

      /* a commit can also hit a unique index */
      if (collection == NULL)
        collection = "?";

      if (index != NULL)
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION,
                     _("Duplicate key in collection “%s”, unique index “%s”: %s"),
                     collection, index, berr->message);
      else
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_UNIQUE_VIOLATION,
                     _("Duplicate key in collection “%s”: %s"),
                     collection, berr->message);
    }
  else if (is_connection_error (berr))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("Lost the connection to the MongoDB server at %s: %s"),
                   self->server, berr->message);
    }
  else if (collection != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("MongoDB command “%s” on collection “%s” failed: %s"),
                   command, collection, berr->message);
    }
  else
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("MongoDB command “%s” failed: %s"),
                   command, berr->message);
    }
}

/* Logs a command in mongosh syntax, db.<collection>.<method>(<a>, <b>).
 * The caller checks _mikro_log_queries_enabled() first so that a disabled
 * log costs no JSON rendering. */
static void
log_command (MikroMongoDriver *self,
             gint64            start_usec,
             const char       *collection,
             const char       *method,
             const bson_t     *a,
             const bson_t     *b)
{
  g_autoptr(GString) text = g_string_new ("db.");
  char *json;

  if (collection != NULL)
    g_string_append_printf (text, "%s.", collection);
  g_string_append_printf (text, "%s(", method);

  if (a != NULL)
    {
      json = bson_as_relaxed_extended_json (a, NULL);
      g_string_append (text, json);
      bson_free (json);
    }

  if (b != NULL)
    {
      json = bson_as_relaxed_extended_json (b, NULL);
      g_string_append_printf (text, ", %s", json);
      bson_free (json);
    }

  g_string_append_c (text, ')');

  _mikro_log_query (MIKRO_DRIVER (self), text->str, NULL, NULL, 0,
                    g_get_monotonic_time () - start_usec);
}

/* ---------------------------------------------------------------------- */
/* Values                                                                  */

/* The core fixes one MikroValueKind per property, but the GValue may still
 * hold an enum, a uint or a float where the kind says INT or DOUBLE. */
static gint64
value_get_integer (const GValue *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_INT:     return g_value_get_int (value);
    case G_TYPE_UINT:    return g_value_get_uint (value);
    case G_TYPE_LONG:    return g_value_get_long (value);
    case G_TYPE_ULONG:   return (gint64) g_value_get_ulong (value);
    case G_TYPE_INT64:   return g_value_get_int64 (value);
    case G_TYPE_UINT64:  return (gint64) g_value_get_uint64 (value);
    case G_TYPE_CHAR:    return g_value_get_schar (value);
    case G_TYPE_UCHAR:   return g_value_get_uchar (value);
    case G_TYPE_BOOLEAN: return g_value_get_boolean (value);
    case G_TYPE_ENUM:    return g_value_get_enum (value);
    case G_TYPE_FLAGS:   return g_value_get_flags (value);
    case G_TYPE_DOUBLE:  return (gint64) g_value_get_double (value);
    case G_TYPE_FLOAT:   return (gint64) g_value_get_float (value);
    default:
      {
        g_auto(GValue) tmp = G_VALUE_INIT;

        g_value_init (&tmp, G_TYPE_INT64);
        if (g_value_transform (value, &tmp))
          return g_value_get_int64 (&tmp);
        return 0;
      }
    }
}

static void
value_set_integer (GValue *value,
                   gint64  v)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_INT:     g_value_set_int (value, (int) v); break;
    case G_TYPE_UINT:    g_value_set_uint (value, (guint) v); break;
    case G_TYPE_LONG:    g_value_set_long (value, (glong) v); break;
    case G_TYPE_ULONG:   g_value_set_ulong (value, (gulong) v); break;
    case G_TYPE_INT64:   g_value_set_int64 (value, v); break;
    case G_TYPE_UINT64:  g_value_set_uint64 (value, (guint64) v); break;
    case G_TYPE_CHAR:    g_value_set_schar (value, (gint8) v); break;
    case G_TYPE_UCHAR:   g_value_set_uchar (value, (guchar) v); break;
    case G_TYPE_BOOLEAN: g_value_set_boolean (value, v != 0); break;
    case G_TYPE_ENUM:    g_value_set_enum (value, (int) v); break;
    case G_TYPE_FLAGS:   g_value_set_flags (value, (guint) v); break;
    case G_TYPE_DOUBLE:  g_value_set_double (value, (double) v); break;
    case G_TYPE_FLOAT:   g_value_set_float (value, (float) v); break;
    default:
      {
        g_auto(GValue) tmp = G_VALUE_INIT;

        g_value_init (&tmp, G_TYPE_INT64);
        g_value_set_int64 (&tmp, v);
        g_value_transform (&tmp, value);
      }
    }
}

static double
value_get_double (const GValue *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_DOUBLE: return g_value_get_double (value);
    case G_TYPE_FLOAT:  return g_value_get_float (value);
    default:            return (double) value_get_integer (value);
    }
}

static void
value_set_double (GValue *value,
                  double  v)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_DOUBLE: g_value_set_double (value, v); break;
    case G_TYPE_FLOAT:  g_value_set_float (value, (float) v); break;
    default:            value_set_integer (value, (gint64) v); break;
    }
}

static gboolean
value_get_boolean (const GValue *value)
{
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return g_value_get_boolean (value);
  return value_get_integer (value) != 0;
}

static const char *
value_get_string (const GValue *value)
{
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_get_string (value);
  return NULL;
}

static GDateTime *
value_get_date_time (const GValue *value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_DATE_TIME))
    return g_value_get_boxed (value);
  return NULL;
}

/* BSON dates count milliseconds; GDateTime's microseconds below that are
 * dropped. */
static gint64
date_time_to_bson (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static GDateTime *
date_time_from_bson (gint64 msec)
{
  gint64 secs = msec / 1000;
  gint64 rem = msec % 1000;
  g_autoptr(GDateTime) whole = NULL;

  if (rem < 0)
    {
      secs -= 1;
      rem += 1000;
    }

  whole = g_date_time_new_from_unix_utc (secs);
  if (whole == NULL || rem == 0)
    return g_steal_pointer (&whole);

  return g_date_time_add (whole, rem * G_TIME_SPAN_MILLISECOND);
}

/* By column rather than by index alone: in a single-table hierarchy a
 * filter is resolved against the entity type queried while the driver is
 * given the hierarchy's table metadata, whose properties are other
 * structs with positions of their own. A column names one field of a
 * collection whichever metadata it comes from. */
static gboolean
prop_is_pk (MikroEntityMetadata       *meta,
            const MikroPropertyMeta *prop)
{
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);

  return pk != NULL && (pk == prop || g_strcmp0 (pk->column, prop->column) == 0);
}

/* MikroORM's "serialized primary key": the document holds an ObjectId, the
 * property its hexadecimal string. */
static gboolean
prop_is_object_id (MikroEntityMetadata       *meta,
                   const MikroPropertyMeta *prop)
{
  /* a reference to an entity with an ObjectId key is an ObjectId too */
  if (prop->relation != NULL)
    return prop_is_object_id (prop->relation->target, _mikro_entity_metadata_get_pk (prop->relation->target));

  return prop->kind == MIKRO_VALUE_STRING &&
         (prop->flags & MIKRO_PROPERTY_GENERATED) != 0 &&
         prop_is_pk (meta, prop);
}

static const char *
prop_field (MikroEntityMetadata       *meta,
            const MikroPropertyMeta *prop)
{
  return prop_is_pk (meta, prop) ? "_id" : prop->column;
}

static gboolean
parse_object_id (MikroEntityMetadata        *meta,
                 const MikroPropertyMeta  *prop,
                 const char               *str,
                 bson_oid_t               *oid,
                 GError                  **error)
{
  if (str != NULL && bson_oid_is_valid (str, strlen (str)))
    {
      bson_oid_init_from_string (oid, str);
      return TRUE;
    }

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
               _("“%s” is not a valid ObjectId for %s.%s: expected 24 hexadecimal digits"),
               str ? str : "", g_type_name (mikro_entity_metadata_get_entity_type (meta)),
               prop->name);
  return FALSE;
}

/* A NULL is stored as an absent field rather than a BSON null: a unique
 * index in MongoDB (and FerretDB) counts null as a value, so two NULLs in
 * a unique column would collide, unlike in SQL. Absent fields stay out of
 * the sparse unique indexes create_schema() makes, and both `{$eq: null}`
 * and the reader treat absent and null alike. (A JsonNode holding JSON
 * null is a value, not a NULL: it is stored as BSON null.) */
static gboolean
value_is_null (const MikroPropertyMeta *prop,
               const GValue            *value)
{
  /* the core's test covers NULL strings, boxed types and variants, and
   * join columns without a related entity */
  return _mikro_value_is_null (prop, value);
}

static gboolean
prop_enum_as_integer (const MikroPropertyMeta *prop)
{
  /* MIKRO_ENUM_MODE_NATIVE is a string where there is no native enum */
  return mikro_property_get_enum_mode (prop->property) == MIKRO_ENUM_MODE_INTEGER;
}

/* The double a float is written as: the shortest decimal that reads back
 * as the same float, so that 0.1f is stored as 0.1 rather than as
 * 0.10000000149011612, which is what other programs (and SQL databases,
 * where the column is a REAL) would see. */
static double
float_to_double (float f)
{
  static const char * const formats[] = { "%.6g", "%.7g", "%.8g", "%.9g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (f))
    return f;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      double d = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, formats[i], f), NULL);

      if ((float) d == f)
        return d;
    }

  return f;
}

static void append_json (bson_t     *doc,
                         const char *key,
                         JsonNode   *node);

static void
append_json_array (bson_t     *doc,
                   const char *key,
                   JsonArray  *array)
{
  guint n = json_array_get_length (array);
  bson_t sub;

  bson_append_array_begin (doc, key, -1, &sub);
  for (guint i = 0; i < n; i++)
    {
      char buf[16];
      const char *index;

      bson_uint32_to_string (i, &index, buf, sizeof buf);
      append_json (&sub, index, json_array_get_element (array, i));
    }
  bson_append_array_end (doc, &sub);
}

/* JSON as the native BSON value: objects are documents (member order
 * kept, since MongoDB compares documents field by field in order), arrays
 * arrays, and numbers int64 or double as json-glib parsed them. */
static void
append_json (bson_t     *doc,
             const char *key,
             JsonNode   *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *member_node;
        bson_t sub;

        bson_append_document_begin (doc, key, -1, &sub);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &member, &member_node))
          append_json (&sub, member, member_node);
        bson_append_document_end (doc, &sub);
      }
      break;

    case JSON_NODE_ARRAY:
      append_json_array (doc, key, json_node_get_array (node));
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          BSON_APPEND_INT64 (doc, key, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          BSON_APPEND_DOUBLE (doc, key, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          BSON_APPEND_BOOL (doc, key, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          BSON_APPEND_UTF8 (doc, key, json_node_get_string (node));
          break;
        default:
          BSON_APPEND_NULL (doc, key);
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      BSON_APPEND_NULL (doc, key);
      break;
    }
}

/* A BSON value as JSON, for JSON properties. Types JSON has no equivalent
 * for come out as MongoDB's relaxed extended JSON ({"$binary": …},
 * {"$regularExpression": …}), except ObjectIds and dates, which read as
 * the strings people expect: the hexadecimal id and ISO 8601. */
static JsonNode *
json_from_iter (const bson_iter_t *iter)
{
  JsonNode *node;

  switch (bson_iter_type (iter))
    {
    case BSON_TYPE_UTF8:
      {
        guint32 len;
        const char *str = bson_iter_utf8 (iter, &len);
        g_autofree char *copy = g_strndup (str, len);

        node = json_node_init_string (json_node_alloc (), copy);
      }
      break;

    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
      node = json_node_init_int (json_node_alloc (), bson_iter_as_int64 (iter));
      break;

    case BSON_TYPE_DOUBLE:
      node = json_node_init_double (json_node_alloc (), bson_iter_double (iter));
      break;

    case BSON_TYPE_BOOL:
      node = json_node_init_boolean (json_node_alloc (), bson_iter_bool (iter));
      break;

    case BSON_TYPE_NULL:
    case BSON_TYPE_UNDEFINED:
      node = json_node_init_null (json_node_alloc ());
      break;

    case BSON_TYPE_DOCUMENT:
      {
        g_autoptr(JsonObject) object = json_object_new ();
        bson_iter_t child;

        if (bson_iter_recurse (iter, &child))
          while (bson_iter_next (&child))
            json_object_set_member (object, bson_iter_key (&child), json_from_iter (&child));
        node = json_node_init_object (json_node_alloc (), object);
      }
      break;

    case BSON_TYPE_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_new ();
        bson_iter_t child;

        if (bson_iter_recurse (iter, &child))
          while (bson_iter_next (&child))
            json_array_add_element (array, json_from_iter (&child));
        node = json_node_init_array (json_node_alloc (), array);
      }
      break;

    case BSON_TYPE_OID:
      {
        char hex[25];

        bson_oid_to_string (bson_iter_oid (iter), hex);
        node = json_node_init_string (json_node_alloc (), hex);
      }
      break;

    case BSON_TYPE_DATE_TIME:
      {
        g_autoptr(GDateTime) dt = date_time_from_bson (bson_iter_date_time (iter));
        g_autofree char *text = dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;

        if (text != NULL)
          node = json_node_init_string (json_node_alloc (), text);
        else
          node = json_node_init_int (json_node_alloc (), bson_iter_date_time (iter));
      }
      break;

    default:
      {
        bson_t wrapper = BSON_INITIALIZER;
        char *text;
        g_autoptr(JsonNode) root = NULL;

        bson_append_iter (&wrapper, "v", 1, iter);
        text = bson_as_relaxed_extended_json (&wrapper, NULL);
        bson_destroy (&wrapper);
        if (text != NULL)
          root = json_from_string (text, NULL);
        bson_free (text);

        if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
            json_object_has_member (json_node_get_object (root), "v"))
          node = json_object_dup_member (json_node_get_object (root), "v");
        else
          node = json_node_init_null (json_node_alloc ());
      }
      break;
    }

  return node;
}

/* Appends @value under @key, in the BSON type @prop's kind maps to. */
static gboolean
append_value (bson_t                   *doc,
              const char               *key,
              MikroEntityMetadata      *meta,
              const MikroPropertyMeta  *prop,
              const GValue             *value,
              GError                  **error)
{
  if (value_is_null (prop, value))
    {
      BSON_APPEND_NULL (doc, key);
      return TRUE;
    }

  if (prop_is_object_id (meta, prop))
    {
      bson_oid_t oid;

      if (!parse_object_id (meta, prop, value_get_string (value), &oid, error))
        return FALSE;
      BSON_APPEND_OID (doc, key, &oid);
      return TRUE;
    }

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN:
      BSON_APPEND_BOOL (doc, key, value_get_boolean (value));
      break;

    case MIKRO_VALUE_INT:
      /* Primary keys are int64 whatever the property's width, so that an
       * `_id` never exists in two numeric types; a join column holds such
       * a key, so it is int64 too. */
      if (prop_is_pk (meta, prop) || prop->relation != NULL)
        BSON_APPEND_INT64 (doc, key, value_get_integer (value));
      else
        BSON_APPEND_INT32 (doc, key, (gint32) value_get_integer (value));
      break;

    case MIKRO_VALUE_UINT:
    case MIKRO_VALUE_INT64:
      BSON_APPEND_INT64 (doc, key, value_get_integer (value));
      break;

    case MIKRO_VALUE_DOUBLE:
      BSON_APPEND_DOUBLE (doc, key, value_get_double (value));
      break;

    case MIKRO_VALUE_FLOAT:
      BSON_APPEND_DOUBLE (doc, key,
                          float_to_double (G_VALUE_HOLDS_FLOAT (value)
                                           ? g_value_get_float (value)
                                           : (float) value_get_double (value)));
      break;

    case MIKRO_VALUE_STRING:
      {
        const char *str = value_get_string (value);

        if (str == NULL)
          BSON_APPEND_NULL (doc, key);
        else
          BSON_APPEND_UTF8 (doc, key, str);
      }
      break;

    case MIKRO_VALUE_DATETIME:
      {
        GDateTime *dt = value_get_date_time (value);

        if (dt == NULL)
          BSON_APPEND_NULL (doc, key);
        else
          BSON_APPEND_DATE_TIME (doc, key, date_time_to_bson (dt));
      }
      break;

    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      if (prop_enum_as_integer (prop))
        {
          BSON_APPEND_INT64 (doc, key, _mikro_value_to_integer (prop, value));
          break;
        }
      G_GNUC_FALLTHROUGH;

    case MIKRO_VALUE_UINT64:  /* BSON has no unsigned 64-bit integer */
    case MIKRO_VALUE_VARIANT:
      {
        g_autofree char *text = _mikro_value_to_text (prop, value);

        if (text == NULL)
          BSON_APPEND_NULL (doc, key);
        else
          BSON_APPEND_UTF8 (doc, key, text);
      }
      break;

    case MIKRO_VALUE_BYTES:
      {
        static const guint8 empty[1] = { 0 };
        GBytes *bytes = g_value_get_boxed (value);
        gsize len;
        const guint8 *data = g_bytes_get_data (bytes, &len);

        if (len > G_MAXUINT32)
          {
            g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                         _("Property “%s” of entity “%s” holds %" G_GSIZE_FORMAT " bytes, "
                           "more than a BSON document can hold"),
                         prop->name, g_type_name (mikro_entity_metadata_get_entity_type (meta)),
                         len);
            return FALSE;
          }
        bson_append_binary (doc, key, -1, BSON_SUBTYPE_BINARY,
                            data != NULL ? data : empty, (guint32) len);
      }
      break;

    case MIKRO_VALUE_STRV:
      {
        const char * const *strv = g_value_get_boxed (value);
        bson_t array;

        bson_append_array_begin (doc, key, -1, &array);
        for (guint i = 0; strv[i] != NULL; i++)
          {
            char buf[16];
            const char *index;

            bson_uint32_to_string (i, &index, buf, sizeof buf);
            BSON_APPEND_UTF8 (&array, index, strv[i]);
          }
        bson_append_array_end (doc, &array);
      }
      break;

    case MIKRO_VALUE_JSON:
      append_json (doc, key, g_value_get_boxed (value));
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* A number, a boolean or a decimal string as an integer, for documents
 * other programs wrote. */
static gboolean
iter_get_integer (const bson_iter_t *iter,
                  gint64            *v)
{
  switch (bson_iter_type (iter))
    {
    case BSON_TYPE_BOOL:
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DOUBLE:
      *v = bson_iter_as_int64 (iter);
      return TRUE;

    case BSON_TYPE_UTF8:
      return g_ascii_string_to_signed (bson_iter_utf8 (iter, NULL), 10,
                                       G_MININT64, G_MAXINT64, v, NULL);

    default:
      return FALSE;
    }
}

static gboolean
iter_get_double (const bson_iter_t *iter,
                 double            *v)
{
  switch (bson_iter_type (iter))
    {
    case BSON_TYPE_BOOL:
    case BSON_TYPE_INT32:
    case BSON_TYPE_INT64:
    case BSON_TYPE_DOUBLE:
      *v = bson_iter_as_double (iter);
      return TRUE;

    case BSON_TYPE_DECIMAL128:
    case BSON_TYPE_UTF8:
      {
        char buf[BSON_DECIMAL128_STRING];
        const char *text;
        char *end;

        if (bson_iter_type (iter) == BSON_TYPE_DECIMAL128)
          {
            bson_decimal128_t dec;

            bson_iter_decimal128 (iter, &dec);
            bson_decimal128_to_string (&dec, buf);
            text = buf;
          }
        else
          text = bson_iter_utf8 (iter, NULL);

        *v = g_ascii_strtod (text, &end);
        return end != text && *end == '\0';
      }

    default:
      return FALSE;
    }
}

/* The text form of a text-encoded kind, through the core's parser; data
 * that does not parse leaves the value at its default. */
static void
read_text (const bson_iter_t       *iter,
           const MikroPropertyMeta *prop,
           GValue                  *value)
{
  g_autoptr(GError) error = NULL;
  guint32 len;
  const char *text = bson_iter_utf8 (iter, &len);
  g_autofree char *copy = g_strndup (text, len);

  if (!_mikro_value_from_text (prop, copy, value, &error))
    g_debug ("Field “%s”: %s", bson_iter_key (iter), error->message);
}

/* An embedded object stored whole is a document; the JSON text a SQL
 * database holds (data moved from one) is read too. Text that is not a
 * JSON object leaves @value unset: no object. */
static void
read_embedded_text (const bson_iter_t *iter,
                    GValue            *value)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint32 len;
  const char *text = bson_iter_utf8 (iter, &len);
  g_autofree char *copy = g_strndup (text, len);

  node = json_from_string (copy, &error);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    g_value_take_boxed (value, g_steal_pointer (&node));
  else
    {
      g_debug ("Field “%s” holds no JSON object%s%s", bson_iter_key (iter),
               error != NULL ? ": " : "", error != NULL ? error->message : "");
      g_value_unset (value);
    }
}

/* Reads the field @iter points at into @value. Reading is lenient, since
 * documents may have been written by other programs: numbers convert
 * between widths (and from decimal strings), an ObjectId reads as its
 * hexadecimal string, a string date in ISO 8601 is parsed, an enum reads
 * from its nick or its value whatever the property's enum mode. Null, a
 * missing field or a type that cannot convert leave @value at its
 * default. */
static void
read_value (const bson_iter_t       *iter,
            const MikroPropertyMeta *prop,
            GValue                  *value)
{
  bson_type_t type = bson_iter_type (iter);
  gint64 integer;
  double number;

  switch (prop->kind)
    {
    case MIKRO_VALUE_BOOLEAN:
    case MIKRO_VALUE_INT:
    case MIKRO_VALUE_UINT:
    case MIKRO_VALUE_INT64:
      if (iter_get_integer (iter, &integer))
        value_set_integer (value, integer);
      break;

    case MIKRO_VALUE_UINT64:
      if (type == BSON_TYPE_UTF8)
        read_text (iter, prop, value);
      else if (iter_get_integer (iter, &integer) && integer >= 0)
        value_set_integer (value, integer);
      break;

    case MIKRO_VALUE_DOUBLE:
    case MIKRO_VALUE_FLOAT:
      if (iter_get_double (iter, &number))
        value_set_double (value, number);
      break;

    case MIKRO_VALUE_STRING:
      if (!G_VALUE_HOLDS_STRING (value))
        break;
      if (type == BSON_TYPE_UTF8)
        {
          guint32 len;
          const char *str = bson_iter_utf8 (iter, &len);

          g_value_take_string (value, g_strndup (str, len));
        }
      else if (type == BSON_TYPE_OID)
        {
          char hex[25];

          bson_oid_to_string (bson_iter_oid (iter), hex);
          g_value_set_string (value, hex);
        }
      else if (type == BSON_TYPE_SYMBOL)
        {
          guint32 len;
          const char *str = bson_iter_symbol (iter, &len);

          g_value_take_string (value, g_strndup (str, len));
        }
      break;

    case MIKRO_VALUE_DATETIME:
      if (!G_VALUE_HOLDS (value, G_TYPE_DATE_TIME))
        break;
      if (type == BSON_TYPE_DATE_TIME)
        {
          g_value_take_boxed (value, date_time_from_bson (bson_iter_date_time (iter)));
        }
      else if (type == BSON_TYPE_UTF8)
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (bson_iter_utf8 (iter, NULL), utc);

          if (dt != NULL)
            g_value_take_boxed (value, g_date_time_to_utc (dt));
        }
      break;

    case MIKRO_VALUE_ENUM:
    case MIKRO_VALUE_FLAGS:
      if (type == BSON_TYPE_UTF8)
        read_text (iter, prop, value);
      else if (iter_get_integer (iter, &integer))
        _mikro_value_from_integer (prop, integer, value);
      break;

    case MIKRO_VALUE_VARIANT:
      if (type == BSON_TYPE_UTF8)
        read_text (iter, prop, value);
      break;

    case MIKRO_VALUE_BYTES:
      if (type == BSON_TYPE_BINARY)
        {
          bson_subtype_t subtype;
          guint32 len;
          const guint8 *data;

          bson_iter_binary (iter, &subtype, &len, &data);
          g_value_take_boxed (value, g_bytes_new (data, len));
        }
      else if (type == BSON_TYPE_UTF8)
        {
          guint32 len;
          const char *str = bson_iter_utf8 (iter, &len);

          g_value_take_boxed (value, g_bytes_new (str, len));
        }
      break;

    case MIKRO_VALUE_STRV:
      if (type == BSON_TYPE_ARRAY)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          bson_iter_t child;

          if (bson_iter_recurse (iter, &child))
            while (bson_iter_next (&child))
              {
                if (BSON_ITER_HOLDS_UTF8 (&child))
                  {
                    guint32 len;
                    const char *str = bson_iter_utf8 (&child, &len);
                    g_autofree char *copy = g_strndup (str, len);

                    g_strv_builder_add (builder, copy);
                  }
                else
                  {
                    /* other programs' numbers and such, as JSON text */
                    g_autoptr(JsonNode) node = json_from_iter (&child);
                    g_autofree char *text = json_to_string (node, FALSE);

                    g_strv_builder_add (builder, text);
                  }
              }
          g_value_take_boxed (value, g_strv_builder_end (builder));
        }
      else if (type == BSON_TYPE_UTF8)
        {
          /* the JSON text SQL databases hold */
          read_text (iter, prop, value);
        }
      break;

    case MIKRO_VALUE_JSON:
      g_value_take_boxed (value, json_from_iter (iter));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------- */
/* Filters                                                                 */

static gboolean append_filter (bson_t                  *doc,
                               MikroEntityMetadata       *meta,
                               const MikroFilterNode   *node,
                               GError                 **error);

/* SQL LIKE → an anchored regular expression: % is any run of characters,
 * _ exactly one, a backslash makes the next character literal (the default
 * escape character of PostgreSQL and MySQL), and everything the regex
 * dialects of MongoDB (PCRE) and FerretDB (Go RE2) treat specially is
 * escaped. \A and \z rather than ^ and $: `$` also matches before a final
 * newline in PCRE. */
static char *
like_to_regex (const char *pattern)
{
  GString *re = g_string_sized_new (strlen (pattern) + 8);
  const char *p;

  g_string_append (re, "\\A");

  for (p = pattern; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '%':
          g_string_append (re, ".*");
          break;

        case '_':
          g_string_append_c (re, '.');
          break;

        case '\\':
          if (p[1] != '\0')
            p++;
          if (strchr ("\\^$.|?*+()[]{}/", *p) != NULL)
            g_string_append_c (re, '\\');
          g_string_append_c (re, *p);
          break;

        case '^': case '$': case '.': case '|': case '?': case '*':
        case '+': case '(': case ')': case '[': case ']': case '{':
        case '}': case '/':
          g_string_append_c (re, '\\');
          g_string_append_c (re, *p);
          break;

        default:
          g_string_append_c (re, *p);
          break;
        }
    }

  g_string_append (re, "\\z");

  return g_string_free (re, FALSE);
}

static const char *
filter_op_to_mongo (MikroFilterOp op)
{
  switch (op)
    {
    case MIKRO_FILTER_OP_EQ:  return "$eq";
    case MIKRO_FILTER_OP_NE:  return "$ne";
    case MIKRO_FILTER_OP_GT:  return "$gt";
    case MIKRO_FILTER_OP_GTE: return "$gte";
    case MIKRO_FILTER_OP_LT:  return "$lt";
    case MIKRO_FILTER_OP_LTE: return "$lte";
    case MIKRO_FILTER_OP_IN:  return "$in";
    case MIKRO_FILTER_OP_NIN: return "$nin";
    case MIKRO_FILTER_OP_LIKE:
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static gboolean
append_compare (bson_t                 *doc,
                MikroEntityMetadata      *meta,
                const MikroFilterNode  *node,
                GError                **error)
{
  const MikroPropertyMeta *prop = node->prop;
  const char *field = prop_field (meta, prop);
  guint n_values = node->values != NULL ? node->values->len : 0;
  bson_t cond;

  bson_append_document_begin (doc, field, -1, &cond);

  switch (node->op)
    {
    case MIKRO_FILTER_OP_IN:
    case MIKRO_FILTER_OP_NIN:
      {
        bson_t array;

        bson_append_array_begin (&cond, filter_op_to_mongo (node->op), -1, &array);
        for (guint i = 0; i < n_values; i++)
          {
            char buf[16];
            const char *key;

            bson_uint32_to_string (i, &key, buf, sizeof buf);
            if (!append_value (&array, key, meta, prop,
                               &g_array_index (node->values, GValue, i), error))
              return FALSE;
          }
        bson_append_array_end (&cond, &array);
      }
      break;

    case MIKRO_FILTER_OP_LIKE:
      {
        const GValue *value = n_values > 0 ? &g_array_index (node->values, GValue, 0) : NULL;
        const char *pattern = NULL;

        if (value != NULL && !_mikro_filter_value_is_null (value))
          pattern = value_get_string (value);

        if (pattern == NULL)
          {
            bson_t empty;

            /* `x LIKE NULL` is never true in SQL */
            BSON_APPEND_ARRAY_BEGIN (&cond, "$in", &empty);
            bson_append_array_end (&cond, &empty);
          }
        else
          {
            g_autofree char *regex = like_to_regex (pattern);

            /* "s": SQL's % also spans newlines */
            BSON_APPEND_REGEX (&cond, "$regex", regex, "s");
          }
      }
      break;

    case MIKRO_FILTER_OP_EQ:
    case MIKRO_FILTER_OP_NE:
    case MIKRO_FILTER_OP_GT:
    case MIKRO_FILTER_OP_GTE:
    case MIKRO_FILTER_OP_LT:
    case MIKRO_FILTER_OP_LTE:
      {
        const char *op = filter_op_to_mongo (node->op);

        if (n_values == 0)
          BSON_APPEND_NULL (&cond, op);
        else if (!append_value (&cond, op, meta, prop,
                                &g_array_index (node->values, GValue, 0), error))
          return FALSE;
      }
      break;

    default:
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Unsupported filter operator %d on %s.%s"),
                   (int) node->op,
                   g_type_name (mikro_entity_metadata_get_entity_type (meta)),
                   prop->name);
      return FALSE;
    }

  bson_append_document_end (doc, &cond);

  return TRUE;
}

static gboolean
append_filter_array (bson_t                 *doc,
                     const char             *op,
                     MikroEntityMetadata      *meta,
                     const MikroFilterNode  *node,
                     GError                **error)
{
  bson_t array;

  bson_append_array_begin (doc, op, -1, &array);

  for (guint i = 0; i < node->children->len; i++)
    {
      const MikroFilterNode *child = g_ptr_array_index (node->children, i);
      char buf[16];
      const char *key;
      bson_t sub;

      bson_uint32_to_string (i, &key, buf, sizeof buf);
      bson_append_document_begin (&array, key, -1, &sub);
      if (!append_filter (&sub, meta, child, error))
        return FALSE;
      bson_append_document_end (&array, &sub);
    }

  bson_append_array_end (doc, &array);

  return TRUE;
}

/* Appends the conditions of @node to the query document @doc. */
static gboolean
append_filter (bson_t                 *doc,
               MikroEntityMetadata      *meta,
               const MikroFilterNode  *node,
               GError                **error)
{
  guint n_children = node->children != NULL ? node->children->len : 0;

  switch (node->type)
    {
    case MIKRO_FILTER_COMPARE:
      return append_compare (doc, meta, node, error);

    case MIKRO_FILTER_AND:
      /* MongoDB rejects an empty $and; an empty conjunction is true */
      if (n_children == 0)
        return TRUE;
      return append_filter_array (doc, "$and", meta, node, error);

    case MIKRO_FILTER_OR:
      /* … and an empty $or; an empty disjunction is false */
      if (n_children == 0)
        {
          bson_t cond, empty;

          BSON_APPEND_DOCUMENT_BEGIN (doc, "_id", &cond);
          BSON_APPEND_ARRAY_BEGIN (&cond, "$in", &empty);
          bson_append_array_end (&cond, &empty);
          bson_append_document_end (doc, &cond);
          return TRUE;
        }
      return append_filter_array (doc, "$or", meta, node, error);

    case MIKRO_FILTER_NOT:
      if (n_children != 1)
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                       _("$not takes exactly one condition in a query on %s"),
                       g_type_name (mikro_entity_metadata_get_entity_type (meta)));
          return FALSE;
        }
      return append_filter_array (doc, "$nor", meta, node, error);

    default:
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_QUERY,
                   _("Unsupported filter node %d in a query on %s"),
                   (int) node->type,
                   g_type_name (mikro_entity_metadata_get_entity_type (meta)));
      return FALSE;
    }
}

static gboolean
append_pk_filter (bson_t             *doc,
                  MikroEntityMetadata  *meta,
                  const GValue       *pk_value,
                  GError            **error)
{
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);

  if (pk == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity %s has no primary key"),
                   g_type_name (mikro_entity_metadata_get_entity_type (meta)));
      return FALSE;
    }

  return append_value (doc, "_id", meta, pk, pk_value, error);
}

/* ---------------------------------------------------------------------- */
/* MikroDriver                                                             */

/* Column names become field names, and some field names mean something
 * else to MongoDB: a dot is a path into a sub-document, a leading $ an
 * operator, and `_id` belongs to the primary key. Such a column would be
 * written in one place and read from another, so it is refused once per
 * meta rather than silently losing data. */
static gboolean
check_schema (MikroMongoDriver   *self,
              MikroEntityMetadata  *meta,
              GError            **error)
{
  const MikroPropertyMeta *props;
  guint n_props;

  if (g_hash_table_contains (self->checked_schemas, meta))
    return TRUE;

  if (mikro_entity_metadata_get_db_schema (meta) != NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("Entity “%s” puts its collection in database schema “%s”, but MongoDB has no schemas"),
                   g_type_name (mikro_entity_metadata_get_entity_type (meta)),
                   mikro_entity_metadata_get_db_schema (meta));
      return FALSE;
    }

  {
    guint n_keys;

    _mikro_entity_metadata_get_pk_indices (meta, &n_keys);
    if (n_keys > 1)
      {
        g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                     _("Entity “%s” has a composite primary key, which the MongoDB driver does not support"),
                     g_type_name (mikro_entity_metadata_get_entity_type (meta)));
        return FALSE;
      }
  }

  props = _mikro_entity_metadata_get_props (meta, &n_props);
  for (guint i = 0; i < n_props; i++)
    {
      const char *column = props[i].column;

      if (prop_is_pk (meta, &props[i]))
        continue;

      if (column == NULL || column[0] == '\0' || column[0] == '$' ||
          strchr (column, '.') != NULL || g_str_equal (column, "_id"))
        {
          g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                       _("Column “%s” of property “%s” of entity “%s” cannot be a MongoDB field name: "
                         "it must not be empty, start with “$”, contain “.” or be “_id”"),
                       column ? column : "", props[i].name,
                       g_type_name (mikro_entity_metadata_get_entity_type (meta)));
          return FALSE;
        }
    }

  /* the targets of a many-to-many owner are an array in a field named
   * after the relation (see links_field()) */
  {
    guint n_relations;
    const MikroRelationMeta *relations = _mikro_entity_metadata_get_relations (meta, &n_relations);

    for (guint r = 0; r < n_relations; r++)
      {
        if (relations[r].kind != MIKRO_RELATION_MANY_TO_MANY || !relations[r].owner)
          continue;
        for (guint i = 0; i < n_props; i++)
          if (g_strcmp0 (props[i].column, relations[r].name) == 0)
            {
              g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                           _("The many-to-many “%s” of entity “%s” is stored in field “%s”, which column “%s” of property “%s” uses too"),
                           relations[r].name, g_type_name (mikro_entity_metadata_get_entity_type (meta)),
                           relations[r].name, props[i].column, props[i].name);
              return FALSE;
            }
      }
  }

  g_hash_table_add (self->checked_schemas, g_object_ref (meta));

  return TRUE;
}

static gboolean replay_undo_log (MikroMongoDriver  *self,
                                 GPtrArray         *undo_log,
                                 GError           **error);

static void
close_locked (MikroMongoDriver *self)
{
  if (self->session != NULL)
    {
      bson_error_t berr;

      if (mongoc_client_session_in_transaction (self->session))
        mongoc_client_session_abort_transaction (self->session, &berr);
      g_clear_pointer (&self->session, mongoc_client_session_destroy);
    }

  /* As a SQL server does when a client goes away, drop what was not
   * committed */
  if (self->undo_log != NULL)
    {
      g_autoptr(GPtrArray) undo_log = g_steal_pointer (&self->undo_log);

      replay_undo_log (self, undo_log, NULL);
    }

  self->in_transaction = FALSE;
  g_clear_pointer (&self->database, mongoc_database_destroy);
  g_clear_pointer (&self->client, mongoc_client_destroy);
}

/* Runs @command against the admin database; with @reply NULL the reply is
 * dropped. */
static gboolean
run_admin_command (MikroMongoDriver *self,
                   const bson_t     *command,
                   bson_t           *reply,
                   bson_error_t     *berr)
{
  gint64 start = g_get_monotonic_time ();
  bson_t local_reply;
  gboolean ok;

  ok = mongoc_client_command_simple (self->client, "admin", command, NULL,
                                     reply ? reply : &local_reply, berr);
  if (reply == NULL)
    bson_destroy (&local_reply);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, NULL, "adminCommand", command, NULL);

  return ok;
}

/* Multi-document transactions need a replica set member or a mongos
 * (MongoDB 4.0 / 4.2) with sessions. A standalone mongod and FerretDB
 * answer `hello` with neither `setName` nor `msg: "isdbgrid"`, and reject
 * startTransaction. */
static gboolean
hello_supports_transactions (const bson_t *hello)
{
  bson_iter_t iter;
  gboolean replica_set = FALSE;
  gboolean mongos = FALSE;
  gboolean sessions = FALSE;
  gint64 max_wire_version = 0;

  if (bson_iter_init_find (&iter, hello, "setName") && BSON_ITER_HOLDS_UTF8 (&iter))
    replica_set = TRUE;
  if (bson_iter_init_find (&iter, hello, "msg") && BSON_ITER_HOLDS_UTF8 (&iter) &&
      g_strcmp0 (bson_iter_utf8 (&iter, NULL), "isdbgrid") == 0)
    mongos = TRUE;
  if (bson_iter_init_find (&iter, hello, "logicalSessionTimeoutMinutes") &&
      BSON_ITER_HOLDS_NUMBER (&iter))
    sessions = TRUE;
  if (bson_iter_init_find (&iter, hello, "maxWireVersion") && BSON_ITER_HOLDS_NUMBER (&iter))
    max_wire_version = bson_iter_as_int64 (&iter);

  return sessions &&
         ((replica_set && max_wire_version >= 7) || (mongos && max_wire_version >= 8));
}

static gboolean
mikro_mongo_driver_open (MikroDriver  *driver,
                         GUri         *uri,
                         GError      **error)
{
  static GOnce mongoc_once = G_ONCE_INIT;
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *uri_string = NULL;
  g_autofree char *uri_display = NULL;
  mongoc_uri_t *muri;
  const mongoc_host_list_t *hosts;
  const char *database;
  bson_error_t berr;
  bson_t command = BSON_INITIALIZER;
  bson_t reply;

  g_once (&mongoc_once, init_mongoc, NULL);

  locker = g_mutex_locker_new (&self->lock);

  g_return_val_if_fail (self->client == NULL, FALSE);

  uri_string = g_uri_to_string (uri);
  /* Messages never show the credentials */
  uri_display = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);

  muri = mongoc_uri_new_with_error (uri_string, &berr);
  if (muri == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("Invalid MongoDB URI “%s”: %s"), uri_display, berr.message);
      return FALSE;
    }

  database = mongoc_uri_get_database (muri);
  if (database == NULL || *database == '\0')
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("No database name in “%s”: expected mongodb://host:port/database"),
                   uri_display);
      mongoc_uri_destroy (muri);
      return FALSE;
    }

  if (!mongoc_uri_has_option (muri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS))
    mongoc_uri_set_option_as_int32 (muri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, DEFAULT_TIMEOUT_MS);
  if (!mongoc_uri_has_option (muri, MONGOC_URI_CONNECTTIMEOUTMS))
    mongoc_uri_set_option_as_int32 (muri, MONGOC_URI_CONNECTTIMEOUTMS, DEFAULT_TIMEOUT_MS);

  hosts = mongoc_uri_get_hosts (muri);
  g_free (self->server);
  self->server = g_strdup (hosts != NULL ? hosts->host_and_port : uri_display);
  g_free (self->database_name);
  self->database_name = g_strdup (database);

  self->client = mongoc_client_new_from_uri_with_error (muri, &berr);
  mongoc_uri_destroy (muri);
  if (self->client == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_INVALID_URI,
                   _("Invalid MongoDB URI “%s”: %s"), uri_display, berr.message);
      return FALSE;
    }

  /* Version 2 reports server errors in MONGOC_ERROR_SERVER with the
   * server's own code, which is what the mapping to MIKRO_ERROR reads. */
  mongoc_client_set_error_api (self->client, MONGOC_ERROR_API_VERSION_2);
  mongoc_client_set_appname (self->client, "mikro-gobject");

  /* libmongoc connects lazily; without this a server that is down would
   * only show up at the first flush. */
  BSON_APPEND_INT32 (&command, "ping", 1);
  if (!run_admin_command (self, &command, NULL, &berr))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("Could not connect to the MongoDB server at %s: %s"),
                   self->server, berr.message);
      bson_destroy (&command);
      close_locked (self);
      return FALSE;
    }
  bson_reinit (&command);

  /* `hello` is MongoDB 4.4.2 and later; isMaster answers the same for
   * older servers. */
  BSON_APPEND_INT32 (&command, "hello", 1);
  if (!run_admin_command (self, &command, &reply, &berr))
    {
      bson_destroy (&reply);
      bson_reinit (&command);
      BSON_APPEND_INT32 (&command, "isMaster", 1);
      if (!run_admin_command (self, &command, &reply, &berr))
        bson_reinit (&reply);
    }
  self->supports_transactions = hello_supports_transactions (&reply);
  bson_destroy (&reply);
  bson_destroy (&command);

  self->database = mongoc_client_get_database (self->client, self->database_name);

  g_clear_pointer (&locker, g_mutex_locker_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPPORTS_TRANSACTIONS]);

  return TRUE;
}

static void
mikro_mongo_driver_close (MikroDriver *driver)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  close_locked (self);
}

static gboolean
check_open (MikroMongoDriver  *self,
            GError           **error)
{
  if (self->client != NULL)
    return TRUE;

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
               _("The MongoDB driver is not connected"));
  return FALSE;
}

/* Every collection has a unique index on `_id` under this name: it is the
 * primary key of the schema model. */
#define ID_INDEX_NAME "_id_"

/* The field an index column is kept in: the primary key's column is
 * `_id`, whatever its name (see prop_field()). */
static const char *
index_field (MikroEntityMetadata *meta,
             const char          *column)
{
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);

  return pk != NULL && g_strcmp0 (pk->column, column) == 0 ? "_id" : column;
}

/* An index on `_id` alone would duplicate the one every collection has,
 * and MongoDB refuses a second index on the same key under another name:
 * it is neither created nor described. */
static gboolean
index_is_id_only (MikroEntityMetadata  *meta,
                  const MikroIndexMeta *index)
{
  return index->columns[0] == NULL ||
         (index->columns[1] == NULL && g_str_equal (index_field (meta, index->columns[0]), "_id"));
}

/* Creates @index on @meta's collection under its name from the metadata.
 * Creating an index that exists with the same key and options does
 * nothing, so create_schema() can run again. One index per command:
 * FerretDB 1.24 drops the connection (a panic, "slice bounds out of
 * range") on a createIndexes listing several indexes that all exist. */
static gboolean
create_index (MikroMongoDriver      *self,
              MikroEntityMetadata   *meta,
              const MikroIndexMeta  *index,
              GError               **error)
{
  const char *table = mikro_entity_metadata_get_table (meta);
  gint64 start = g_get_monotonic_time ();
  bson_t command = BSON_INITIALIZER;
  bson_t array, doc, key;
  bson_error_t berr;
  gboolean ok;

  BSON_APPEND_UTF8 (&command, "createIndexes", table);
  BSON_APPEND_ARRAY_BEGIN (&command, "indexes", &array);
  BSON_APPEND_DOCUMENT_BEGIN (&array, "0", &doc);
  BSON_APPEND_DOCUMENT_BEGIN (&doc, "key", &key);
  for (guint j = 0; index->columns[j] != NULL; j++)
    BSON_APPEND_INT32 (&key, index_field (meta, index->columns[j]), 1);
  bson_append_document_end (&doc, &key);
  BSON_APPEND_UTF8 (&doc, "name", index->name);
  if (index->unique)
    {
      BSON_APPEND_BOOL (&doc, "unique", TRUE);
      /* NULLs are absent fields (see value_is_null()); sparse keeps them
       * out of the index so that, as in SQL, any number of rows may be
       * NULL. For a composite index only documents missing every field
       * are left out. */
      BSON_APPEND_BOOL (&doc, "sparse", TRUE);
    }
  bson_append_document_end (&array, &doc);
  bson_append_array_end (&command, &array);

  ok = mongoc_database_write_command_with_opts (self->database, &command, NULL, NULL, &berr);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, NULL, "runCommand", &command, NULL);
  bson_destroy (&command);

  if (!ok)
    set_error_from_bson (self, error, &berr, "createIndexes", table);

  return ok;
}

static gboolean
mikro_mongo_driver_create_schema (MikroDriver  *driver,
                                  GPtrArray    *entities,
                                  GError      **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (!check_open (self, error))
    return FALSE;

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (entities, i);
      const char *table = mikro_entity_metadata_get_table (meta);
      const MikroIndexMeta *indexes;
      guint n_indexes;
      mongoc_collection_t *collection;
      gint64 start = g_get_monotonic_time ();
      bson_error_t berr;

      if (!check_schema (self, meta, error))
        return FALSE;

      collection = mongoc_database_create_collection (self->database, table, NULL, &berr);

      if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
        {
          bson_t arg = BSON_INITIALIZER;

          BSON_APPEND_UTF8 (&arg, "create", table);
          log_command (self, start, NULL, "runCommand", &arg, NULL);
          bson_destroy (&arg);
        }

      if (collection != NULL)
        mongoc_collection_destroy (collection);
      else if (!(berr.domain == MONGOC_ERROR_SERVER &&
                 berr.code == MONGO_CODE_NAMESPACE_EXISTS))
        {
          set_error_from_bson (self, error, &berr, "create", table);
          return FALSE;
        }

      indexes = _mikro_entity_metadata_get_indexes (meta, &n_indexes);
      for (guint j = 0; j < n_indexes; j++)
        if (!index_is_id_only (meta, &indexes[j]) &&
            !create_index (self, meta, &indexes[j], error))
          return FALSE;
    }

  return TRUE;
}

/* The schema model (docs/schema-model.md) of a document database: a
 * table per collection, with no columns, foreign keys or checks, the
 * `_id` index as primary key, and the other indexes by name. Sparseness is
 * left out: FerretDB does not report it. */
typedef struct
{
  char     *name;
  GStrv     columns;
  gboolean  unique;
} SchemaIndex;

typedef struct
{
  char        *name;
  SchemaIndex *primary_key;  /* nullable */
  GPtrArray   *indexes;      /* SchemaIndex */
} SchemaTable;

static void
schema_index_free (SchemaIndex *index)
{
  g_free (index->name);
  g_strfreev (index->columns);
  g_free (index);
}

static void
schema_table_free (SchemaTable *table)
{
  g_free (table->name);
  g_clear_pointer (&table->primary_key, schema_index_free);
  g_ptr_array_unref (table->indexes);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchemaIndex, schema_index_free)

static SchemaTable *
schema_table_new (const char *name)
{
  SchemaTable *table = g_new0 (SchemaTable, 1);

  table->name = g_strdup (name);
  table->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_index_free);

  return table;
}

static SchemaIndex *
schema_index_new (const char *name,
                  gboolean    unique)
{
  SchemaIndex *index = g_new0 (SchemaIndex, 1);

  index->name = g_strdup (name);
  index->unique = unique;

  return index;
}

static int
compare_schema_tables (gconstpointer a,
                       gconstpointer b)
{
  const SchemaTable *ta = *(const SchemaTable * const *) a;
  const SchemaTable *tb = *(const SchemaTable * const *) b;

  return strcmp (ta->name, tb->name);
}

static int
compare_schema_indexes (gconstpointer a,
                        gconstpointer b)
{
  const SchemaIndex *ia = *(const SchemaIndex * const *) a;
  const SchemaIndex *ib = *(const SchemaIndex * const *) b;

  return strcmp (ia->name, ib->name);
}

static void
build_index (JsonBuilder       *builder,
             const SchemaIndex *index,
             gboolean           with_unique)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, index->name);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; index->columns[i] != NULL; i++)
    json_builder_add_string_value (builder, index->columns[i]);
  json_builder_end_array (builder);
  if (with_unique)
    {
      json_builder_set_member_name (builder, "unique");
      json_builder_add_boolean_value (builder, index->unique);
    }
  json_builder_end_object (builder);
}

/* Sorts @tables and their indexes, and writes the model. */
static JsonNode *
build_schema_model (GPtrArray *tables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_ptr_array_sort (tables, compare_schema_tables);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dialect");
  json_builder_add_string_value (builder, "mongodb");
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);

  for (guint i = 0; i < tables->len; i++)
    {
      SchemaTable *table = g_ptr_array_index (tables, i);

      g_ptr_array_sort (table->indexes, compare_schema_indexes);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, table->name);

      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "primary_key");
      if (table->primary_key != NULL)
        build_index (builder, table->primary_key, FALSE);
      else
        json_builder_add_null_value (builder);

      json_builder_set_member_name (builder, "indexes");
      json_builder_begin_array (builder);
      for (guint j = 0; j < table->indexes->len; j++)
        build_index (builder, g_ptr_array_index (table->indexes, j), TRUE);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "foreign_keys");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "checks");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* What create_schema() makes of the metadata. Check constraints are not
 * created (MongoDB has none outside $jsonSchema validators), so the model
 * has none either. */
static JsonNode *
describe_metadata (GPtrArray *entities)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_table_free);

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (entities, i);
      SchemaTable *table = schema_table_new (mikro_entity_metadata_get_table (meta));
      const MikroIndexMeta *indexes;
      guint n_indexes;
      const char *id_columns[] = { "_id", NULL };

      g_ptr_array_add (tables, table);

      table->primary_key = schema_index_new (ID_INDEX_NAME, TRUE);
      table->primary_key->columns = g_strdupv ((char **) id_columns);

      indexes = _mikro_entity_metadata_get_indexes (meta, &n_indexes);
      for (guint j = 0; j < n_indexes; j++)
        {
          SchemaIndex *index;
          guint n_columns;

          if (index_is_id_only (meta, &indexes[j]))
            continue;

          index = schema_index_new (indexes[j].name, indexes[j].unique);
          n_columns = g_strv_length (indexes[j].columns);
          index->columns = g_new0 (char *, n_columns + 1);
          for (guint k = 0; k < n_columns; k++)
            index->columns[k] = g_strdup (index_field (meta, indexes[j].columns[k]));
          g_ptr_array_add (table->indexes, index);
        }
    }

  return build_schema_model (tables);
}

/* The indexes of one collection, as listIndexes reports them. */
static gboolean
describe_collection (MikroMongoDriver  *self,
                     SchemaTable       *table,
                     GError           **error)
{
  mongoc_collection_t *collection;
  mongoc_cursor_t *cursor;
  const bson_t *doc;
  gint64 start = g_get_monotonic_time ();
  bson_error_t berr;
  gboolean ok;

  collection = mongoc_database_get_collection (self->database, table->name);
  cursor = mongoc_collection_find_indexes_with_opts (collection, NULL);

  while (mongoc_cursor_next (cursor, &doc))
    {
      g_autoptr(SchemaIndex) index = NULL;
      g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
      bson_iter_t iter, key;

      if (!bson_iter_init_find (&iter, doc, "name") || !BSON_ITER_HOLDS_UTF8 (&iter))
        continue;
      index = schema_index_new (bson_iter_utf8 (&iter, NULL), FALSE);

      if (bson_iter_init_find (&iter, doc, "unique"))
        index->unique = bson_iter_as_bool (&iter);

      /* the fields in key order; the direction (or "text", "hashed") is
       * not part of the model */
      if (bson_iter_init_find (&iter, doc, "key") && BSON_ITER_HOLDS_DOCUMENT (&iter) &&
          bson_iter_recurse (&iter, &key))
        while (bson_iter_next (&key))
          g_strv_builder_add (columns, bson_iter_key (&key));
      index->columns = g_strv_builder_end (columns);

      if (g_str_equal (index->name, ID_INDEX_NAME))
        {
          /* unique, though servers do not say so */
          index->unique = TRUE;
          g_clear_pointer (&table->primary_key, schema_index_free);
          table->primary_key = g_steal_pointer (&index);
        }
      else
        g_ptr_array_add (table->indexes, g_steal_pointer (&index));
    }

  ok = !mongoc_cursor_error (cursor, &berr);
  mongoc_cursor_destroy (cursor);
  mongoc_collection_destroy (collection);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, table->name, "getIndexes", NULL, NULL);

  /* dropped since listCollections: no indexes */
  if (!ok && berr.domain == MONGOC_ERROR_SERVER && berr.code == MONGO_CODE_NS_NOT_FOUND)
    return TRUE;

  if (!ok)
    set_error_from_bson (self, error, &berr, "listIndexes", table->name);

  return ok;
}

/* The entities' collections that exist, with their indexes. */
static JsonNode *
describe_database (MikroMongoDriver  *self,
                   GPtrArray         *entities,
                   GError           **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_table_free);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  mongoc_cursor_t *cursor;
  const bson_t *doc;
  gint64 start = g_get_monotonic_time ();
  bson_t opts = BSON_INITIALIZER;
  bson_t filter, cond, names;
  bson_error_t berr;
  gboolean ok;

  BSON_APPEND_DOCUMENT_BEGIN (&opts, "filter", &filter);
  BSON_APPEND_DOCUMENT_BEGIN (&filter, "name", &cond);
  BSON_APPEND_ARRAY_BEGIN (&cond, "$in", &names);
  for (guint i = 0; i < entities->len; i++)
    {
      const char *name = mikro_entity_metadata_get_table (g_ptr_array_index (entities, i));
      char buf[16];
      const char *key;

      bson_uint32_to_string (i, &key, buf, sizeof buf);
      BSON_APPEND_UTF8 (&names, key, name);
      g_hash_table_add (wanted, (gpointer) name);
    }
  bson_append_array_end (&cond, &names);
  bson_append_document_end (&filter, &cond);
  bson_append_document_end (&opts, &filter);

  cursor = mongoc_database_find_collections_with_opts (self->database, &opts);
  while (mongoc_cursor_next (cursor, &doc))
    {
      bson_iter_t iter;
      const char *name;

      if (!bson_iter_init_find (&iter, doc, "name") || !BSON_ITER_HOLDS_UTF8 (&iter))
        continue;
      name = bson_iter_utf8 (&iter, NULL);

      /* the filter already says so, but a server may ignore it */
      if (!g_hash_table_contains (wanted, name) || g_hash_table_contains (seen, name))
        continue;

      g_ptr_array_add (tables, schema_table_new (name));
      g_hash_table_add (seen, ((SchemaTable *) g_ptr_array_index (tables, tables->len - 1))->name);
    }

  ok = !mongoc_cursor_error (cursor, &berr);
  mongoc_cursor_destroy (cursor);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, NULL, "getCollectionInfos", &opts, NULL);
  bson_destroy (&opts);

  if (!ok)
    {
      set_error_from_bson (self, error, &berr, "listCollections", NULL);
      return NULL;
    }

  for (guint i = 0; i < tables->len; i++)
    if (!describe_collection (self, g_ptr_array_index (tables, i), error))
      return NULL;

  return build_schema_model (tables);
}

static JsonNode *
mikro_mongo_driver_describe_schema (MikroDriver        *driver,
                                    GPtrArray          *entities,
                                    MikroSchemaSource   source,
                                    GError            **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = NULL;

  if (source == MIKRO_SCHEMA_SOURCE_METADATA)
    return describe_metadata (entities);

  locker = g_mutex_locker_new (&self->lock);

  if (!check_open (self, error))
    return NULL;

  return describe_database (self, entities, error);
}

static gboolean
has_generated_integer_pk (MikroEntityMetadata *meta)
{
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);

  return pk != NULL && (pk->flags & MIKRO_PROPERTY_GENERATED) != 0 &&
         (pk->kind == MIKRO_VALUE_INT || pk->kind == MIKRO_VALUE_INT64);
}

static gboolean
mikro_mongo_driver_drop_schema (MikroDriver  *driver,
                                GPtrArray    *entities,
                                GError      **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  bson_t sequences = BSON_INITIALIZER;
  guint n_sequences = 0;
  bson_t filter = BSON_INITIALIZER;
  bson_t cond;

  if (!check_open (self, error))
    return FALSE;

  for (guint i = 0; i < entities->len; i++)
    {
      MikroEntityMetadata *meta = g_ptr_array_index (entities, i);
      const char *table = mikro_entity_metadata_get_table (meta);
      mongoc_collection_t *collection;
      gint64 start = g_get_monotonic_time ();
      bson_error_t berr;
      gboolean ok;

      collection = mongoc_database_get_collection (self->database, table);
      ok = mongoc_collection_drop_with_opts (collection, NULL, &berr);
      mongoc_collection_destroy (collection);

      if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
        log_command (self, start, table, "drop", NULL, NULL);

      if (!ok && !(berr.domain == MONGOC_ERROR_SERVER &&
                   berr.code == MONGO_CODE_NS_NOT_FOUND))
        {
          set_error_from_bson (self, error, &berr, "drop", table);
          bson_destroy (&sequences);
          bson_destroy (&filter);
          return FALSE;
        }

      if (has_generated_integer_pk (meta))
        {
          char buf[16];
          const char *key;

          bson_uint32_to_string (n_sequences++, &key, buf, sizeof buf);
          BSON_APPEND_UTF8 (&sequences, key, table);
        }
    }

  /* Like dropping a table with an auto-increment column in SQL, dropping
   * the collection restarts its generated keys. */
  if (n_sequences > 0)
    {
      mongoc_collection_t *collection;
      gint64 start = g_get_monotonic_time ();
      bson_error_t berr;
      gboolean ok;

      BSON_APPEND_DOCUMENT_BEGIN (&filter, "_id", &cond);
      BSON_APPEND_ARRAY (&cond, "$in", &sequences);
      bson_append_document_end (&filter, &cond);

      collection = mongoc_database_get_collection (self->database, SEQUENCES_COLLECTION);
      ok = mongoc_collection_delete_many (collection, &filter, NULL, NULL, &berr);
      mongoc_collection_destroy (collection);

      if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
        log_command (self, start, SEQUENCES_COLLECTION, "deleteMany", &filter, NULL);

      if (!ok)
        {
          set_error_from_bson (self, error, &berr, "delete", SEQUENCES_COLLECTION);
          bson_destroy (&sequences);
          bson_destroy (&filter);
          return FALSE;
        }
    }

  bson_destroy (&sequences);
  bson_destroy (&filter);

  return TRUE;
}

/* Transactions. On a replica set or a mongos the writes between begin and
 * commit run in a client session's transaction, and that is all.
 *
 * A standalone mongod and FerretDB (the test server) have no
 * multi-document transactions. There every write applies at once and is
 * visible to other clients at once; what the driver can still give is the
 * other half of a transaction, that a failed flush leaves the database as
 * it found it, so that the unit of work can be corrected and flushed
 * again. Between begin and commit it keeps an undo log: the `_id` of each
 * inserted document, and the previous document of each update and delete,
 * which findAndModify returns in the same round trip as the write. Rollback
 * replays the log backwards. It is compensation, not isolation: a
 * concurrent writer can see the intermediate state, and a document it
 * changes meanwhile is overwritten by the undo. */
static gboolean
mikro_mongo_driver_begin (MikroDriver  *driver,
                          GError      **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  bson_error_t berr;

  if (!check_open (self, error))
    return FALSE;

  if (self->in_transaction)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION,
                   _("A transaction is already in progress"));
      return FALSE;
    }

  if (self->supports_transactions)
    {
      gint64 start = g_get_monotonic_time ();

      self->session = mongoc_client_start_session (self->client, NULL, &berr);
      if (self->session == NULL)
        {
          set_error_from_bson (self, error, &berr, "startSession", NULL);
          return FALSE;
        }

      if (!mongoc_client_session_start_transaction (self->session, NULL, &berr))
        {
          g_clear_pointer (&self->session, mongoc_client_session_destroy);
          set_error_from_bson (self, error, &berr, "startTransaction", NULL);
          return FALSE;
        }

      if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
        log_command (self, start, NULL, "startTransaction", NULL, NULL);
    }
  else
    {
      self->undo_log = g_ptr_array_new_with_free_func ((GDestroyNotify) undo_entry_free);
    }

  self->in_transaction = TRUE;

  return TRUE;
}

/* Undoes the writes of @undo_log, newest first. It carries on past a
 * failure so as to undo as much as it can, and reports the first one. */
static gboolean
replay_undo_log (MikroMongoDriver  *self,
                 GPtrArray         *undo_log,
                 GError           **error)
{
  g_autoptr(GError) first_error = NULL;

  for (guint i = undo_log->len; i > 0; i--)
    {
      const UndoEntry *entry = g_ptr_array_index (undo_log, i - 1);
      mongoc_collection_t *collection;
      gint64 start = g_get_monotonic_time ();
      const char *method = NULL;
      bson_error_t berr;
      gboolean ok = FALSE;

      collection = mongoc_database_get_collection (self->database, entry->collection);

      switch (entry->action)
        {
        case UNDO_DELETE:
          method = "deleteOne";
          ok = mongoc_collection_delete_one (collection, entry->doc, NULL, NULL, &berr);
          break;

        case UNDO_REPLACE:
          {
            bson_t selector = BSON_INITIALIZER;
            bson_t opts = BSON_INITIALIZER;
            bson_iter_t iter;

            /* upsert: the document may also have been deleted since */
            method = "replaceOne";
            if (bson_iter_init_find (&iter, entry->doc, "_id"))
              bson_append_iter (&selector, "_id", -1, &iter);
            BSON_APPEND_BOOL (&opts, "upsert", TRUE);
            ok = mongoc_collection_replace_one (collection, &selector, entry->doc,
                                                &opts, NULL, &berr);
            bson_destroy (&selector);
            bson_destroy (&opts);
          }
          break;

        case UNDO_INSERT:
          method = "insertOne";
          ok = mongoc_collection_insert_one (collection, entry->doc, NULL, NULL, &berr);
          break;

        default:
          g_assert_not_reached ();
        }

      mongoc_collection_destroy (collection);

      if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
        log_command (self, start, entry->collection, method, entry->doc, NULL);

      if (!ok && first_error == NULL)
        {
          set_error_from_bson (self, &first_error, &berr, method, entry->collection);
          g_prefix_error (&first_error, _("Could not undo the writes of the failed transaction: "));
        }
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
end_transaction (MikroMongoDriver  *self,
                 gboolean           commit,
                 GError           **error)
{
  gint64 start = g_get_monotonic_time ();
  bson_error_t berr;
  gboolean ok = TRUE;

  if (!check_open (self, error))
    return FALSE;

  if (!self->in_transaction)
    {
      /* The core rolls back after a failed commit, which already ended
       * the transaction: nothing is left to undo then. */
      if (!commit)
        return TRUE;

      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_TRANSACTION,
                   _("No transaction is in progress"));
      return FALSE;
    }

  self->in_transaction = FALSE;

  if (self->session == NULL)
    {
      g_autoptr(GPtrArray) undo_log = g_steal_pointer (&self->undo_log);

      if (commit || undo_log == NULL)
        return TRUE;

      return replay_undo_log (self, undo_log, error);
    }

  if (commit)
    {
      bson_t reply;

      ok = mongoc_client_session_commit_transaction (self->session, &reply, &berr);
      bson_destroy (&reply);
    }
  else
    {
      ok = mongoc_client_session_abort_transaction (self->session, &berr);
    }

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, NULL, commit ? "commitTransaction" : "abortTransaction",
                 NULL, NULL);

  g_clear_pointer (&self->session, mongoc_client_session_destroy);

  if (!ok)
    set_error_from_bson (self, error, &berr,
                         commit ? "commitTransaction" : "abortTransaction", NULL);

  return ok;
}

static gboolean
mikro_mongo_driver_commit (MikroDriver  *driver,
                           GError      **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return end_transaction (self, TRUE, error);
}

static gboolean
mikro_mongo_driver_rollback (MikroDriver  *driver,
                             GError      **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return end_transaction (self, FALSE, error);
}

/* Write options: the session, when a server transaction is open. */
static gboolean
init_write_opts (MikroMongoDriver  *self,
                 bson_t            *opts,
                 GError           **error)
{
  bson_error_t berr;

  bson_init (opts);

  if (self->session != NULL &&
      !mongoc_client_session_append (self->session, opts, &berr))
    {
      set_error_from_bson (self, error, &berr, "startTransaction", NULL);
      bson_destroy (opts);
      return FALSE;
    }

  return TRUE;
}

/* MongoDB has no auto-increment: a generated integer key is the next value
 * of a counter document { _id: <collection>, seq: n } in
 * mikro_sequences. Like a SQL sequence it is not part of the transaction,
 * so a rolled-back insert leaves a gap rather than a write conflict. */
static gboolean
next_sequence_value (MikroMongoDriver  *self,
                     const char        *table,
                     gint64            *value,
                     GError           **error)
{
  mongoc_collection_t *collection;
  mongoc_find_and_modify_opts_t *opts;
  gint64 start = g_get_monotonic_time ();
  bson_t query = BSON_INITIALIZER;
  bson_t update = BSON_INITIALIZER;
  bson_t inc;
  bson_t reply;
  bson_iter_t iter;
  bson_error_t berr;
  gboolean ok;

  BSON_APPEND_UTF8 (&query, "_id", table);
  BSON_APPEND_DOCUMENT_BEGIN (&update, "$inc", &inc);
  BSON_APPEND_INT64 (&inc, "seq", 1);
  bson_append_document_end (&update, &inc);

  opts = mongoc_find_and_modify_opts_new ();
  mongoc_find_and_modify_opts_set_update (opts, &update);
  mongoc_find_and_modify_opts_set_flags (opts, MONGOC_FIND_AND_MODIFY_UPSERT |
                                               MONGOC_FIND_AND_MODIFY_RETURN_NEW);

  collection = mongoc_database_get_collection (self->database, SEQUENCES_COLLECTION);
  ok = mongoc_collection_find_and_modify_with_opts (collection, &query, opts, &reply, &berr);
  mongoc_collection_destroy (collection);
  mongoc_find_and_modify_opts_destroy (opts);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, SEQUENCES_COLLECTION, "findOneAndUpdate", &query, &update);

  bson_destroy (&query);
  bson_destroy (&update);

  if (!ok)
    {
      set_error_from_bson (self, error, &berr, "findAndModify", SEQUENCES_COLLECTION);
      bson_destroy (&reply);
      return FALSE;
    }

  if (!bson_iter_init_find (&iter, &reply, "value") ||
      !BSON_ITER_HOLDS_DOCUMENT (&iter) ||
      !bson_iter_recurse (&iter, &iter) ||
      !bson_iter_find (&iter, "seq") ||
      !BSON_ITER_HOLDS_NUMBER (&iter))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("MongoDB command “%s” on collection “%s” failed: %s"),
                   "findAndModify", SEQUENCES_COLLECTION, _("the reply has no counter value"));
      bson_destroy (&reply);
      return FALSE;
    }

  *value = bson_iter_as_int64 (&iter);
  bson_destroy (&reply);

  return TRUE;
}

static gboolean
mikro_mongo_driver_insert (MikroDriver        *driver,
                           MikroEntityMetadata  *meta,
                           GValue             *values,
                           GError            **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *table = mikro_entity_metadata_get_table (meta);
  const MikroPropertyMeta *pk = _mikro_entity_metadata_get_pk (meta);
  const MikroPropertyMeta *props;
  guint n_props;
  mongoc_collection_t *collection;
  gint64 start;
  bson_t doc = BSON_INITIALIZER;
  bson_t opts;
  bson_error_t berr;
  gboolean generated_oid = FALSE;
  bson_oid_t oid;
  gboolean generated_int = FALSE;
  gint64 seq = 0;
  gboolean ok;

  if (!check_open (self, error) || !check_schema (self, meta, error))
    return FALSE;

  props = _mikro_entity_metadata_get_props (meta, &n_props);

  /* `_id` first, as MongoDB itself would put it */
  if (pk != NULL)
    {
      GValue *pk_value = &values[pk->index];
      const char *pk_string = value_get_string (pk_value);

      /* "Unset" as the core's unit of work means it */
      if (prop_is_object_id (meta, pk) && (pk_string == NULL || *pk_string == '\0'))
        {
          bson_oid_init (&oid, NULL);
          BSON_APPEND_OID (&doc, "_id", &oid);
          generated_oid = TRUE;
        }
      else if (has_generated_integer_pk (meta) && value_get_integer (pk_value) == 0)
        {
          /* An integer has no "unset": 0 is taken to be, as with
           * MySQL's auto-increment. */
          if (!next_sequence_value (self, table, &seq, error))
            {
              bson_destroy (&doc);
              return FALSE;
            }
          BSON_APPEND_INT64 (&doc, "_id", seq);
          generated_int = TRUE;
        }
      else if (!append_value (&doc, "_id", meta, pk, pk_value, error))
        {
          bson_destroy (&doc);
          return FALSE;
        }
    }

  for (guint i = 0; i < n_props; i++)
    {
      const MikroPropertyMeta *prop = &props[i];

      if (pk != NULL && prop->index == pk->index)
        continue;

      /* NULL is an absent field (see value_is_null()) */
      if (value_is_null (prop, &values[prop->index]))
        continue;

      if (!append_value (&doc, prop->column, meta, prop, &values[prop->index], error))
        {
          bson_destroy (&doc);
          return FALSE;
        }
    }

  if (!init_write_opts (self, &opts, error))
    {
      bson_destroy (&doc);
      return FALSE;
    }

  start = g_get_monotonic_time ();
  collection = mongoc_database_get_collection (self->database, table);
  ok = mongoc_collection_insert_one (collection, &doc, &opts, NULL, &berr);
  mongoc_collection_destroy (collection);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, table, "insertOne", &doc, NULL);

  if (ok && self->undo_log != NULL)
    {
      bson_iter_t iter;

      if (bson_iter_init_find (&iter, &doc, "_id"))
        {
          bson_t *id_filter = bson_new ();

          bson_append_iter (id_filter, "_id", -1, &iter);
          push_undo (self, UNDO_DELETE, table, id_filter);
        }
    }

  bson_destroy (&opts);
  bson_destroy (&doc);

  if (!ok)
    {
      set_error_from_bson (self, error, &berr, "insert", table);
      return FALSE;
    }

  /* Only now: a failed insert leaves the entity without a key */
  if (generated_oid)
    {
      char hex[25];

      bson_oid_to_string (&oid, hex);
      g_value_set_string (&values[pk->index], hex);
    }
  else if (generated_int)
    {
      value_set_integer (&values[pk->index], seq);
    }

  return TRUE;
}

/* An update (@update non-%NULL) or a delete of the document @query
 * selects, as findAndModify so that the previous document comes back in
 * the same round trip and goes to the undo log (see begin()). */
static gboolean
write_with_undo (MikroMongoDriver  *self,
                 const char        *table,
                 const bson_t      *query,
                 const bson_t      *update,
                 gboolean          *matched,
                 GError           **error)
{
  gint64 start = g_get_monotonic_time ();
  bson_t command = BSON_INITIALIZER;
  bson_t reply;
  bson_iter_t iter;
  bson_error_t berr;
  gboolean ok;

  BSON_APPEND_UTF8 (&command, "findAndModify", table);
  BSON_APPEND_DOCUMENT (&command, "query", query);
  if (update != NULL)
    BSON_APPEND_DOCUMENT (&command, "update", update);
  else
    BSON_APPEND_BOOL (&command, "remove", TRUE);

  ok = mongoc_database_write_command_with_opts (self->database, &command, NULL, &reply, &berr);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, NULL, "runCommand", &command, NULL);

  if (matched != NULL)
    *matched = FALSE;
  if (!ok)
    set_error_from_bson (self, error, &berr, update ? "update" : "delete", table);
  else if (bson_iter_init_find (&iter, &reply, "value") && BSON_ITER_HOLDS_DOCUMENT (&iter))
    {
      const guint8 *data;
      guint32 len;

      /* the document as it was: one matched */
      if (matched != NULL)
        *matched = TRUE;
      bson_iter_document (&iter, &len, &data);
      push_undo (self, update ? UNDO_REPLACE : UNDO_INSERT, table,
                 bson_new_from_data (data, len));
    }

  bson_destroy (&command);
  bson_destroy (&reply);

  return ok;
}

/* Updates the document @filter selects, through the undo log when there
 * is one (see begin()); @matched (if not NULL) tells whether one did. */
static gboolean
update_one (MikroMongoDriver  *self,
            const char        *table,
            const bson_t      *filter,
            const bson_t      *update,
            gboolean          *matched,
            GError           **error)
{
  mongoc_collection_t *collection;
  bson_error_t berr;
  bson_t opts;
  bson_t reply;
  bson_iter_t iter;
  gint64 start;
  gboolean ok;

  if (self->undo_log != NULL)
    return write_with_undo (self, table, filter, update, matched, error);

  if (!init_write_opts (self, &opts, error))
    return FALSE;

  start = g_get_monotonic_time ();
  collection = mongoc_database_get_collection (self->database, table);
  ok = mongoc_collection_update_one (collection, filter, update, &opts, &reply, &berr);
  mongoc_collection_destroy (collection);
  bson_destroy (&opts);
  if (matched != NULL)
    *matched = ok && bson_iter_init_find (&iter, &reply, "matchedCount") &&
               BSON_ITER_HOLDS_NUMBER (&iter) && bson_iter_as_int64 (&iter) > 0;
  bson_destroy (&reply);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, table, "updateOne", filter, update);

  if (!ok)
    set_error_from_bson (self, error, &berr, "update", table);
  return ok;
}

static gboolean
mikro_mongo_driver_update (MikroDriver        *driver,
                           MikroEntityMetadata  *meta,
                           const GValue       *pk,
                           const guint        *prop_indexes,
                           const GValue       *values,
                           guint               n_values,
                           const GValue       *expected_version,
                           GError            **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *table = mikro_entity_metadata_get_table (meta);
  const MikroPropertyMeta *props;
  guint n_props;
  guint n_set = 0;
  bson_t filter = BSON_INITIALIZER;
  bson_t update = BSON_INITIALIZER;
  bson_t set = BSON_INITIALIZER;
  bson_t unset = BSON_INITIALIZER;
  guint n_unset = 0;
  gboolean matched = FALSE;
  gboolean ok = FALSE;

  if (!check_open (self, error) || !check_schema (self, meta, error))
    goto out;

  if (!append_pk_filter (&filter, meta, pk, error))
    goto out;
  /* optimistic locking: the document only if it still has the version
   * loaded, which the matched count tells */
  if (expected_version != NULL)
    {
      const MikroPropertyMeta *version = _mikro_entity_metadata_get_version (meta);

      if (!append_value (&filter, version->column, meta, version, expected_version, error))
        goto out;
    }

  props = _mikro_entity_metadata_get_props (meta, &n_props);

  for (guint i = 0; i < n_values; i++)
    {
      const MikroPropertyMeta *prop;

      if (prop_indexes[i] >= n_props)
        {
          g_critical ("%s: property index %u out of range", G_STRFUNC, prop_indexes[i]);
          goto out;
        }
      prop = &props[prop_indexes[i]];

      /* `_id` is immutable, and the filter already pins it */
      if (prop_is_pk (meta, prop))
        continue;

      /* NULL is an absent field (see value_is_null()) */
      if (value_is_null (prop, &values[i]))
        {
          BSON_APPEND_UTF8 (&unset, prop->column, "");
          n_unset++;
        }
      else if (append_value (&set, prop->column, meta, prop, &values[i], error))
        n_set++;
      else
        goto out;
    }

  /* MongoDB rejects an empty $set or $unset */
  if (n_set > 0)
    BSON_APPEND_DOCUMENT (&update, "$set", &set);
  if (n_unset > 0)
    BSON_APPEND_DOCUMENT (&update, "$unset", &unset);
  if (n_set == 0 && n_unset == 0)
    {
      ok = TRUE;
      goto out;
    }

  ok = update_one (self, table, &filter, &update, &matched, error);
  if (ok && expected_version != NULL && !matched)
    {
      _mikro_set_optimistic_lock_error (error, meta, pk, expected_version);
      ok = FALSE;
    }

out:
  bson_destroy (&filter);
  bson_destroy (&update);
  bson_destroy (&set);
  bson_destroy (&unset);

  return ok;
}

/* Many-to-many collections, as MikroORM keeps them in MongoDB: the keys
 * of the targets, an array in the owner's document, in a field named after
 * the relation's property; no pivot collection. */
static const char *
links_field (const MikroRelationMeta *rel)
{
  return rel->name;
}

/* One $addToSet or $pullAll per owner, of the targets @links pairs it
 * with. */
static gboolean
write_links (MikroMongoDriver         *self,
             MikroEntityMetadata      *owner,
             const MikroRelationMeta  *rel,
             const GValue             *links,
             guint                     n_links,
             gboolean                  add,
             GError                  **error)
{
  const MikroPropertyMeta *owner_key = _mikro_entity_metadata_get_pk (owner);
  const MikroPropertyMeta *target_key = _mikro_entity_metadata_get_pk (rel->target);
  const char *table = mikro_entity_metadata_get_table (owner);
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n_links, 1));
  gboolean ok = check_open (self, error) && check_schema (self, owner, error);

  for (guint i = 0; ok && i < n_links; i++)
    {
      bson_t filter = BSON_INITIALIZER;
      bson_t update = BSON_INITIALIZER;
      bson_t op, field, array;
      guint n = 0;

      if (done[i])
        continue;

      ok = append_pk_filter (&filter, owner, &links[2 * i], error);
      BSON_APPEND_DOCUMENT_BEGIN (&update, add ? "$addToSet" : "$pullAll", &op);
      if (add)
        {
          BSON_APPEND_DOCUMENT_BEGIN (&op, links_field (rel), &field);
          BSON_APPEND_ARRAY_BEGIN (&field, "$each", &array);
        }
      else
        BSON_APPEND_ARRAY_BEGIN (&op, links_field (rel), &array);
      for (guint j = i; ok && j < n_links; j++)
        {
          char buffer[16];
          const char *key;

          if (done[j] || !_mikro_value_equal (owner_key, &links[2 * i], &links[2 * j]))
            continue;
          bson_uint32_to_string (n++, &key, buffer, sizeof buffer);
          ok = append_value (&array, key, rel->target, target_key, &links[2 * j + 1], error);
          done[j] = TRUE;
        }
      if (add)
        {
          bson_append_array_end (&field, &array);
          bson_append_document_end (&op, &field);
        }
      else
        bson_append_array_end (&op, &array);
      bson_append_document_end (&update, &op);

      if (ok)
        ok = update_one (self, table, &filter, &update, NULL, error);
      bson_destroy (&filter);
      bson_destroy (&update);
    }

  return ok;
}

static gboolean
mikro_mongo_driver_insert_links (MikroDriver              *driver,
                                 MikroEntityMetadata      *owner,
                                 const MikroRelationMeta  *rel,
                                 const GValue             *links,
                                 guint                     n_links,
                                 GError                  **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return write_links (self, owner, rel, links, n_links, TRUE, error);
}

static gboolean
mikro_mongo_driver_delete_links (MikroDriver              *driver,
                                 MikroEntityMetadata      *owner,
                                 const MikroRelationMeta  *rel,
                                 const GValue             *links,
                                 guint                     n_links,
                                 GError                  **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return write_links (self, owner, rel, links, n_links, FALSE, error);
}

static void
clear_link_value (gpointer data)
{
  g_value_unset (data);
}

/* The (owner key, target key) pairs of the owners among @keys, or with
 * @by_target of the owners holding a target among @keys. */
static GArray *
mikro_mongo_driver_find_links (MikroDriver              *driver,
                               MikroEntityMetadata      *owner,
                               const MikroRelationMeta  *rel,
                               const GValue             *keys,
                               guint                     n_keys,
                               gboolean                  by_target,
                               GError                  **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const MikroPropertyMeta *owner_key = _mikro_entity_metadata_get_pk (owner);
  const MikroPropertyMeta *target_key = _mikro_entity_metadata_get_pk (rel->target);
  const char *table = mikro_entity_metadata_get_table (owner);
  g_autoptr(GArray) links = NULL;
  mongoc_collection_t *collection;
  mongoc_cursor_t *cursor;
  const bson_t *doc;
  bson_t query = BSON_INITIALIZER;
  bson_t opts = BSON_INITIALIZER;
  bson_t sub, in;
  bson_error_t berr;
  gint64 start;
  gboolean ok = check_open (self, error) && check_schema (self, owner, error);

  /* { field: { $in: [targets] } } or { _id: { $in: [owners] } } */
  BSON_APPEND_DOCUMENT_BEGIN (&query, by_target ? links_field (rel) : "_id", &sub);
  BSON_APPEND_ARRAY_BEGIN (&sub, "$in", &in);
  for (guint i = 0; ok && i < n_keys; i++)
    {
      char buffer[16];
      const char *key;

      bson_uint32_to_string (i, &key, buffer, sizeof buffer);
      ok = by_target ? append_value (&in, key, rel->target, target_key, &keys[i], error)
                     : append_value (&in, key, owner, owner_key, &keys[i], error);
    }
  bson_append_array_end (&sub, &in);
  bson_append_document_end (&query, &sub);

  BSON_APPEND_DOCUMENT_BEGIN (&opts, "projection", &sub);
  BSON_APPEND_INT32 (&sub, links_field (rel), 1);
  bson_append_document_end (&opts, &sub);
  BSON_APPEND_DOCUMENT_BEGIN (&opts, "sort", &sub);
  BSON_APPEND_INT32 (&sub, "_id", 1);
  bson_append_document_end (&opts, &sub);
  if (ok && self->session != NULL && !mongoc_client_session_append (self->session, &opts, &berr))
    {
      set_error_from_bson (self, error, &berr, "find", table);
      ok = FALSE;
    }
  if (!ok)
    {
      bson_destroy (&query);
      bson_destroy (&opts);
      return NULL;
    }

  links = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (links, clear_link_value);
  start = g_get_monotonic_time ();
  collection = mongoc_database_get_collection (self->database, table);
  cursor = mongoc_collection_find_with_opts (collection, &query, &opts, NULL);
  while (mongoc_cursor_next (cursor, &doc))
    {
      GValue owner_value = G_VALUE_INIT;
      bson_iter_t iter, items;

      if (!bson_iter_init_find (&iter, doc, "_id"))
        continue;
      g_value_init (&owner_value, owner_key->value_type);
      read_value (&iter, owner_key, &owner_value);

      if (bson_iter_init_find (&iter, doc, links_field (rel)) && BSON_ITER_HOLDS_ARRAY (&iter) &&
          bson_iter_recurse (&iter, &items))
        while (bson_iter_next (&items))
          {
            GValue pair[2] = { G_VALUE_INIT, G_VALUE_INIT };
            gboolean wanted = !by_target;

            g_value_init (&pair[1], target_key->value_type);
            read_value (&items, target_key, &pair[1]);
            /* an owner found by one target holds others too */
            for (guint k = 0; !wanted && k < n_keys; k++)
              wanted = _mikro_value_equal (target_key, &pair[1], &keys[k]);
            if (!wanted)
              {
                g_value_unset (&pair[1]);
                continue;
              }
            g_value_init (&pair[0], owner_key->value_type);
            g_value_copy (&owner_value, &pair[0]);
            g_array_append_vals (links, pair, 2);
          }
      g_value_unset (&owner_value);
    }
  ok = !mongoc_cursor_error (cursor, &berr);
  mongoc_cursor_destroy (cursor);
  mongoc_collection_destroy (collection);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, table, "find", &query, NULL);
  bson_destroy (&query);
  bson_destroy (&opts);

  if (!ok)
    {
      set_error_from_bson (self, error, &berr, "find", table);
      return NULL;
    }
  return g_steal_pointer (&links);
}

static gboolean
mikro_mongo_driver_delete (MikroDriver        *driver,
                           MikroEntityMetadata  *meta,
                           const GValue       *pk,
                           GError            **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *table = mikro_entity_metadata_get_table (meta);
  mongoc_collection_t *collection;
  gint64 start;
  bson_t filter = BSON_INITIALIZER;
  bson_t opts;
  bson_error_t berr;
  gboolean ok = FALSE;

  if (!check_open (self, error))
    goto out;

  if (!append_pk_filter (&filter, meta, pk, error))
    goto out;

  if (self->undo_log != NULL)
    {
      ok = write_with_undo (self, table, &filter, NULL, NULL, error);
      goto out;
    }

  if (!init_write_opts (self, &opts, error))
    goto out;

  start = g_get_monotonic_time ();
  collection = mongoc_database_get_collection (self->database, table);
  ok = mongoc_collection_delete_one (collection, &filter, &opts, NULL, &berr);
  mongoc_collection_destroy (collection);
  bson_destroy (&opts);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, table, "deleteOne", &filter, NULL);

  if (!ok)
    set_error_from_bson (self, error, &berr, "delete", table);

out:
  bson_destroy (&filter);

  return ok;
}

static gint64
mikro_mongo_driver_count (MikroDriver          *driver,
                          MikroEntityMetadata  *meta,
                          MikroFilterNode      *filter,
                          GError              **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *table = mikro_entity_metadata_get_table (meta);
  mongoc_collection_t *collection;
  bson_t query = BSON_INITIALIZER;
  bson_t opts = BSON_INITIALIZER;
  bson_error_t berr;
  gint64 start;
  gint64 count = -1;

  if (!check_open (self, error) || !check_schema (self, meta, error))
    goto out;

  if (filter != NULL && !append_filter (&query, meta, filter, error))
    goto out;

  if (self->session != NULL &&
      !mongoc_client_session_append (self->session, &opts, &berr))
    {
      set_error_from_bson (self, error, &berr, "count", table);
      goto out;
    }

  start = g_get_monotonic_time ();
  collection = mongoc_database_get_collection (self->database, table);
  count = mongoc_collection_count_documents (collection, &query, &opts, NULL, NULL, &berr);
  mongoc_collection_destroy (collection);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    log_command (self, start, table, "countDocuments", &query, NULL);

  if (count < 0)
    set_error_from_bson (self, error, &berr, "count", table);

out:
  bson_destroy (&query);
  bson_destroy (&opts);
  return count;
}

static GPtrArray *
mikro_mongo_driver_find (MikroDriver        *driver,
                         MikroEntityMetadata  *meta,
                         MikroFilterNode    *filter,
                         gint64              limit,
                         gboolean            lazy,
                         GError            **error)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (driver);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _mikro_row_free);
  g_autoptr(GHashTable) fields = NULL;
  const char *table = mikro_entity_metadata_get_table (meta);
  const MikroPropertyMeta *props;
  guint n_props;
  mongoc_collection_t *collection;
  mongoc_cursor_t *cursor;
  const bson_t *doc;
  gint64 start;
  bson_t query = BSON_INITIALIZER;
  bson_t opts = BSON_INITIALIZER;
  bson_t sub;
  bson_error_t berr;
  gboolean ok = FALSE;

  if (!check_open (self, error) || !check_schema (self, meta, error))
    goto out;

  /* MongoDB reads a limit of 0 as "no limit" */
  if (limit == 0)
    {
      ok = TRUE;
      goto out;
    }

  if (filter != NULL && !append_filter (&query, meta, filter, error))
    goto out;

  props = _mikro_entity_metadata_get_props (meta, &n_props);

  /* Field name → property, built once per query rather than per row. The
   * projection keeps unmapped fields of foreign documents off the wire. */
  fields = g_hash_table_new (g_str_hash, g_str_equal);
  BSON_APPEND_DOCUMENT_BEGIN (&opts, "projection", &sub);
  for (guint i = 0; i < n_props; i++)
    {
      const char *field = prop_field (meta, &props[i]);

      /* lazy fields stay on the server unless asked for */
      if (!lazy && _mikro_property_meta_is_lazy (&props[i]))
        continue;
      g_hash_table_insert (fields, (gpointer) field, (gpointer) &props[i]);
      BSON_APPEND_INT32 (&sub, field, 1);
    }
  bson_append_document_end (&opts, &sub);

  /* Documents have no natural order a test could rely on */
  BSON_APPEND_DOCUMENT_BEGIN (&opts, "sort", &sub);
  BSON_APPEND_INT32 (&sub, "_id", 1);
  bson_append_document_end (&opts, &sub);

  if (limit > 0)
    BSON_APPEND_INT64 (&opts, "limit", limit);

  start = g_get_monotonic_time ();

  if (self->session != NULL &&
      !mongoc_client_session_append (self->session, &opts, &berr))
    {
      set_error_from_bson (self, error, &berr, "find", table);
      goto out;
    }

  collection = mongoc_database_get_collection (self->database, table);
  cursor = mongoc_collection_find_with_opts (collection, &query, &opts, NULL);

  while (mongoc_cursor_next (cursor, &doc))
    {
      MikroRow *row = _mikro_row_new (meta);
      bson_iter_t iter;

      g_ptr_array_add (rows, row);

      /* The columns of an embedded object are handed over unset unless
       * present (see MikroPropertyMeta.embedded): a NULL object is absent
       * fields, and an object whose fields are all missing or null is no
       * object. */
      for (guint i = 0; i < row->n_values; i++)
        if (props[i].embedded != NULL || (!lazy && _mikro_property_meta_is_lazy (&props[i])))
          g_value_unset (&row->values[i]);

      if (!bson_iter_init (&iter, doc))
        continue;

      while (bson_iter_next (&iter))
        {
          const MikroPropertyMeta *prop = g_hash_table_lookup (fields, bson_iter_key (&iter));
          bson_type_t type = bson_iter_type (&iter);

          if (prop == NULL)
            continue;
          /* a JSON property's null is JSON null (see value_is_null()), but
           * an embedded object stored whole that is null is no object */
          if ((type == BSON_TYPE_NULL || type == BSON_TYPE_UNDEFINED) &&
              (prop->kind != MIKRO_VALUE_JSON || prop->embedded != NULL))
            continue;

          if (!G_IS_VALUE (&row->values[prop->index]))
            g_value_init (&row->values[prop->index], prop->value_type);
          if (prop->embedded != NULL && prop->pspec == NULL && type == BSON_TYPE_UTF8)
            read_embedded_text (&iter, &row->values[prop->index]);
          else
            read_value (&iter, prop, &row->values[prop->index]);
        }
    }

  ok = !mongoc_cursor_error (cursor, &berr);
  mongoc_cursor_destroy (cursor);
  mongoc_collection_destroy (collection);

  if (_mikro_log_queries_enabled (MIKRO_DRIVER (self)))
    {
      /* the session id is noise in the log */
      bson_t log_opts = BSON_INITIALIZER;

      bson_copy_to_excluding_noinit (&opts, &log_opts, "lsid", NULL);
      log_command (self, start, table, "find", &query, &log_opts);
      bson_destroy (&log_opts);
    }

  if (!ok)
    set_error_from_bson (self, error, &berr, "find", table);

out:
  bson_destroy (&query);
  bson_destroy (&opts);

  return ok ? g_steal_pointer (&rows) : NULL;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
mikro_mongo_driver_dispose (GObject *object)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (object);

  g_mutex_lock (&self->lock);
  close_locked (self);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (mikro_mongo_driver_parent_class)->dispose (object);
}

static void
mikro_mongo_driver_finalize (GObject *object)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (object);

  g_clear_pointer (&self->checked_schemas, g_hash_table_unref);
  g_clear_pointer (&self->database_name, g_free);
  g_clear_pointer (&self->server, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mikro_mongo_driver_parent_class)->finalize (object);
}

static void
mikro_mongo_driver_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MikroMongoDriver *self = MIKRO_MONGO_DRIVER (object);

  switch (prop_id)
    {
    case PROP_DATABASE_NAME:
      g_value_set_string (value, mikro_mongo_driver_get_database_name (self));
      break;

    case PROP_SUPPORTS_TRANSACTIONS:
      g_value_set_boolean (value, mikro_mongo_driver_get_supports_transactions (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_mongo_driver_class_init (MikroMongoDriverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MikroDriverClass *driver_class = MIKRO_DRIVER_CLASS (klass);

  object_class->dispose = mikro_mongo_driver_dispose;
  object_class->finalize = mikro_mongo_driver_finalize;
  object_class->get_property = mikro_mongo_driver_get_property;

  driver_class->open = mikro_mongo_driver_open;
  driver_class->close = mikro_mongo_driver_close;
  driver_class->create_schema = mikro_mongo_driver_create_schema;
  driver_class->drop_schema = mikro_mongo_driver_drop_schema;
  driver_class->describe_schema = mikro_mongo_driver_describe_schema;
  driver_class->begin = mikro_mongo_driver_begin;
  driver_class->commit = mikro_mongo_driver_commit;
  driver_class->rollback = mikro_mongo_driver_rollback;
  driver_class->insert = mikro_mongo_driver_insert;
  driver_class->update = mikro_mongo_driver_update;
  driver_class->delete = mikro_mongo_driver_delete;
  driver_class->find = mikro_mongo_driver_find;
  driver_class->insert_links = mikro_mongo_driver_insert_links;
  driver_class->delete_links = mikro_mongo_driver_delete_links;
  driver_class->find_links = mikro_mongo_driver_find_links;
  driver_class->count = mikro_mongo_driver_count;

  /**
   * MikroMongoDriver:database-name:
   *
   * The name of the database the driver stores collections in, taken from
   * the path of the connection URI; %NULL until the driver is open.
   *
   * Since: 1.0
   */
  properties[PROP_DATABASE_NAME] =
    g_param_spec_string ("database-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MikroMongoDriver:supports-transactions:
   *
   * Whether the server runs multi-document transactions: a replica set
   * member or a mongos, as found when the driver was opened.
   *
   * On other servers, such as a standalone mongod or FerretDB, each write
   * of a flush is visible to other clients at once. The driver keeps the
   * previous state of what a flush changes and restores it when the flush
   * fails, which gives back atomicity for this client but no isolation.
   *
   * Since: 1.0
   */
  properties[PROP_SUPPORTS_TRANSACTIONS] =
    g_param_spec_boolean ("supports-transactions", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_mongo_driver_init (MikroMongoDriver *self)
{
  g_mutex_init (&self->lock);
  self->checked_schemas = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

/**
 * mikro_mongo_driver_get_database_name:
 * @self: a [class@MikroMongo.Driver]
 *
 * Gets the name of the database the driver stores its collections in.
 *
 * Returns: (nullable) (transfer none): the database name, or %NULL if the
 *   driver has not been opened
 *
 * Since: 1.0
 */
const char *
mikro_mongo_driver_get_database_name (MikroMongoDriver *self)
{
  g_return_val_if_fail (MIKRO_MONGO_IS_DRIVER (self), NULL);

  return self->database_name;
}

/**
 * mikro_mongo_driver_get_supports_transactions:
 * @self: a [class@MikroMongo.Driver]
 *
 * Gets whether the server supports multi-document transactions, as found
 * when the driver was opened.
 *
 * Without them every write of a flush applies at once, and a flush that
 * fails is undone by compensating writes; see
 * [property@MikroMongo.Driver:supports-transactions].
 *
 * Returns: %TRUE if flushes run in a server transaction
 *
 * Since: 1.0
 */
gboolean
mikro_mongo_driver_get_supports_transactions (MikroMongoDriver *self)
{
  g_return_val_if_fail (MIKRO_MONGO_IS_DRIVER (self), FALSE);

  return self->supports_transactions;
}
