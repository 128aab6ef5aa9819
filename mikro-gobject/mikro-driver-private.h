/* mikro-driver-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The contract between the core and its drivers. It is not installed: the
 * drivers in drivers/ are built with the core and reach these symbols through
 * MIKRO_INTERNAL, which exports them from the shared library without putting
 * them in any public header or in the GIR. */

#pragma once

#include <json-glib/json-glib.h>

#include "mikro-gobject.h"

G_BEGIN_DECLS

#define MIKRO_INTERNAL __attribute__((visibility ("default"))) extern

/* How a property's value is carried between the core and a driver. Every
 * mapped property has exactly one kind, fixed at discovery from its
 * GParamSpec, so drivers switch on it instead of comparing GTypes per value. */
typedef enum {
  MIKRO_VALUE_BOOLEAN,
  MIKRO_VALUE_INT,       /* gint */
  MIKRO_VALUE_UINT,      /* guint, stored in a 64-bit column */
  MIKRO_VALUE_INT64,     /* gint64, glong */
  MIKRO_VALUE_UINT64,    /* guint64, gulong: 20 decimal digits */
  MIKRO_VALUE_DOUBLE,
  MIKRO_VALUE_FLOAT,
  MIKRO_VALUE_STRING,
  MIKRO_VALUE_DATETIME,  /* GDateTime, stored in UTC */
  MIKRO_VALUE_ENUM,      /* GEnum: its nick, or its value (MikroEnumMode) */
  MIKRO_VALUE_FLAGS,     /* GFlags: nicks joined by "|", or the value */
  MIKRO_VALUE_BYTES,     /* GBytes: a blob */
  MIKRO_VALUE_STRV,      /* GStrv: a JSON array of strings */
  MIKRO_VALUE_JSON,      /* JsonNode: JSON text (jsonb on PostgreSQL) */
  MIKRO_VALUE_VARIANT,   /* GVariant: its text form, type included */
} MikroValueKind;

typedef struct _MikroRelationMeta MikroRelationMeta;

typedef struct
{
  GParamSpec         *pspec;
  const char         *name;      /* interned, the canonical property name */
  const char         *column;    /* owned by @property */
  MikroPropertyFlags  flags;
  MikroValueKind      kind;
  GType               value_type;     /* of the stored value, which drivers see */
  GType               property_type;  /* of the GObject property */
  guint               index;
  MikroProperty      *property;  /* the resolved, sealed mapping */
  MikroType          *custom_type;   /* borrowed from @property, or NULL */
  GVariantType       *database_type; /* of @custom_type, asked once */
  /* The join column of a to-one owner: the stored value is the key of the
   * related entity (@kind and @value_type are those of its key), and
   * @property_type is an entity type. NULL for every other column. */
  const MikroRelationMeta *relation;
  /* The discriminator column of a single-table hierarchy: no GObject
   * property (@pspec is NULL), a string column, and the value rows of
   * this entity type have in it (NULL in the hierarchy's table
   * metadata). */
  gboolean                 discriminator;
  const char              *discriminator_value;
  /* In an entity of a single-table hierarchy: the index of this column
   * in the hierarchy's table metadata. */
  guint                    table_index;
  /* A column of an embedded object: @embedded is the entity's property
   * holding the object, @pspec the embeddable's property stored here, or
   * NULL when the whole object is this one JSON column. The first column
   * of an embedded property counts its columns in @n_embedded. A NULL
   * object is NULL in every column; drivers hand a NULL column of an
   * embedded object over as an unset GValue. */
  GParamSpec              *embedded;
  GType                    embeddable_type;
  guint                    n_embedded;
} MikroPropertyMeta;

/* A lazy scalar (MIKRO_PROPERTY_LAZY on a plain column: not a key,
 * version, relation, discriminator or embedded column): queries leave it
 * out unless asked for it, and drivers hand it over as an unset GValue. */
static inline gboolean
_mikro_property_meta_is_lazy (const MikroPropertyMeta *prop)
{
  return (prop->flags & MIKRO_PROPERTY_LAZY) != 0 &&
         (prop->flags & (MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_VERSION)) == 0 &&
         prop->relation == NULL && prop->embedded == NULL && !prop->discriminator;
}

/* A relation, resolved against both entities. The ORM holds the metadata
 * of both ends, so @target is borrowed. */
struct _MikroRelationMeta
{
  GParamSpec              *pspec;
  const char              *name;       /* interned, the canonical property name */
  MikroProperty           *property;   /* the resolved, sealed mapping */
  MikroRelationKind        kind;
  /* owns the join column or the pivot table: a many-to-one, and a
   * one-to-one or many-to-many without mapped-by */
  gboolean                 owner;
  GType                    target_type;
  MikroEntityMetadata     *target;
  /* the other side of a bidirectional relation, or NULL */
  const MikroRelationMeta *inverse;
  MikroCascade             cascade;

  /* to-one owners */
  const MikroPropertyMeta *column;
  const char              *foreign_key;  /* the constraint name */
  const char              *on_delete;    /* SQL spelling, lower case */
  const char              *on_update;

  /* many-to-many owners */
  const char              *pivot_table;
  const char              *pivot_schema;         /* its database schema, or NULL */
  const char              *join_column;          /* references the owner */
  const char              *inverse_join_column;  /* references the target */
  /* the entity whose table is the pivot table, or NULL for one of ours */
  MikroEntityMetadata     *pivot_entity;
  GType                    pivot_entity_type;
  char                    *pivot_index;          /* on the inverse join column */
  char                    *pivot_foreign_keys[2];  /* of the join columns */
};

/* Indexes and unique constraints, named and resolved to columns; the
 * single-property UNIQUE and INDEX flags become entries here too. */
typedef struct
{
  char     *name;
  char    **columns;
  gboolean  unique;
} MikroIndexMeta;

typedef struct
{
  char *name;
  char *expression;
} MikroCheckMeta;

MIKRO_INTERNAL
const MikroPropertyMeta *_mikro_entity_metadata_get_props     (MikroEntityMetadata *self,
                                                               guint               *n_props);
/* The first column of the primary key (the only one unless the key is
 * composite). */
MIKRO_INTERNAL
const MikroPropertyMeta *_mikro_entity_metadata_get_pk        (MikroEntityMetadata *self);
/* Every column of the primary key, as indexes into the properties. A key
 * travels between the core and the drivers as that many consecutive
 * GValues, in this order. */
MIKRO_INTERNAL
const guint             *_mikro_entity_metadata_get_pk_indices (MikroEntityMetadata *self,
                                                                guint               *n_keys);
/* The version property (MIKRO_PROPERTY_VERSION), or NULL. */
MIKRO_INTERNAL
const MikroPropertyMeta *_mikro_entity_metadata_get_version   (MikroEntityMetadata *self);
MIKRO_INTERNAL
const MikroPropertyMeta *_mikro_entity_metadata_find_pspec    (MikroEntityMetadata *self,
                                                               GParamSpec          *pspec);
MIKRO_INTERNAL
const MikroPropertyMeta *_mikro_entity_metadata_find_property (MikroEntityMetadata *self,
                                                               const char          *name);
MIKRO_INTERNAL
const MikroRelationMeta *_mikro_entity_metadata_get_relations (MikroEntityMetadata *self,
                                                               guint               *n_relations);
MIKRO_INTERNAL
const MikroRelationMeta *_mikro_entity_metadata_find_relation (MikroEntityMetadata *self,
                                                               const char          *name);
/* Single-table inheritance. The table metadata describes the table of a
 * hierarchy (every column of every entity type in it); it is the entity
 * metadata itself outside a hierarchy. Queries read rows shaped as the
 * table metadata, the entity type of each row is the one its
 * discriminator names, and the identity map keys entities by the type of
 * the hierarchy's root. */
MIKRO_INTERNAL
MikroEntityMetadata     *_mikro_entity_metadata_get_table_meta (MikroEntityMetadata *self);
MIKRO_INTERNAL
GType                    _mikro_entity_metadata_get_root_type  (MikroEntityMetadata *self);
/* The discriminator column in @self, or NULL outside a hierarchy. */
MIKRO_INTERNAL
const MikroPropertyMeta *_mikro_entity_metadata_get_discriminator (MikroEntityMetadata *self);
/* The discriminator values of @self and the types deriving from it. */
MIKRO_INTERNAL
const char * const      *_mikro_entity_metadata_get_discriminator_values (MikroEntityMetadata *self);
/* In a table metadata: the entity metadata of rows with @value. */
MIKRO_INTERNAL
MikroEntityMetadata     *_mikro_entity_metadata_find_by_discriminator (MikroEntityMetadata *self,
                                                                       const char          *value);
MIKRO_INTERNAL
const MikroIndexMeta    *_mikro_entity_metadata_get_indexes   (MikroEntityMetadata *self,
                                                               guint               *n_indexes);
MIKRO_INTERNAL
const MikroCheckMeta    *_mikro_entity_metadata_get_checks    (MikroEntityMetadata *self,
                                                               guint               *n_checks);
/* Kinds a database without a native type stores as text (ENUM and FLAGS
 * in string mode, UINT64, STRV, JSON, VARIANT): one spelling for every
 * driver, so that data moves between databases. */
MIKRO_INTERNAL
gboolean                 _mikro_value_is_text_encoded         (const MikroPropertyMeta *prop);
MIKRO_INTERNAL
char                    *_mikro_value_to_text                 (const MikroPropertyMeta *prop,
                                                               const GValue        *value);
MIKRO_INTERNAL
gboolean                 _mikro_value_from_text               (const MikroPropertyMeta *prop,
                                                               const char          *text,
                                                               GValue              *value,
                                                               GError             **error);
/* ENUM and FLAGS in integer mode: the value as a gint64, and back. */
MIKRO_INTERNAL
gint64                   _mikro_value_to_integer              (const MikroPropertyMeta *prop,
                                                               const GValue        *value);
MIKRO_INTERNAL
void                     _mikro_value_from_integer            (const MikroPropertyMeta *prop,
                                                               gint64               integer,
                                                               GValue              *value);
/* Between a property and its stored value: the same value unless the
 * property has a custom type. */
MIKRO_INTERNAL
gboolean                 _mikro_value_read_stored             (const MikroPropertyMeta *prop,
                                                               GObject             *object,
                                                               GValue              *stored,
                                                               GError             **error);
MIKRO_INTERNAL
gboolean                 _mikro_value_write_stored            (const MikroPropertyMeta *prop,
                                                               GObject             *object,
                                                               const GValue        *stored,
                                                               GError             **error);
MIKRO_INTERNAL
gboolean                 _mikro_value_equal                   (const MikroPropertyMeta *prop,
                                                               const GValue        *a,
                                                               const GValue        *b);
/* Whether a property's value is SQL NULL: a NULL string, boxed or
 * variant, an unset GValue, and for a join column a key that is not set
 * (no related entity). */
MIKRO_INTERNAL
gboolean                 _mikro_value_is_null                 (const MikroPropertyMeta *prop,
                                                               const GValue        *value);
/* Whether a key holds a value (not 0, not a NULL or empty string). */
MIKRO_INTERNAL
gboolean                 _mikro_value_key_is_set              (const GValue        *key);
/* An embedded object stored whole: to and from its JSON object. */
MIKRO_INTERNAL
JsonNode                *_mikro_embeddable_to_json            (GObject             *object,
                                                               GType                embeddable_type);
MIKRO_INTERNAL
GObject                 *_mikro_embeddable_from_json          (JsonNode            *node,
                                                               GType                embeddable_type,
                                                               GError             **error);
MIKRO_INTERNAL
const char              *_mikro_value_kind_to_string          (MikroValueKind       kind);
/* The default of a mapping given as a value, or NULL. */
MIKRO_INTERNAL
const GValue            *_mikro_property_peek_default         (MikroProperty       *self);

/* A row as drivers hand it to the hydrator: one GValue per mapped property,
 * in the metadata's property order, each initialised to the property's type.
 * A NULL column leaves the value at its default (NULL for strings and
 * boxed types). */
typedef struct
{
  guint  n_values;
  GValue values[];
} MikroRow;

MIKRO_INTERNAL
MikroRow *_mikro_row_new  (MikroEntityMetadata *meta);
MIKRO_INTERNAL
void      _mikro_row_free (MikroRow          *row);

/* The FilterQuery tree, already resolved against an entity's metadata:
 * every comparison names its property and carries values converted to the
 * property's type. */
typedef enum {
  MIKRO_FILTER_AND,
  MIKRO_FILTER_OR,
  MIKRO_FILTER_NOT,
  MIKRO_FILTER_COMPARE,
} MikroFilterNodeType;

typedef enum {
  MIKRO_FILTER_OP_EQ,
  MIKRO_FILTER_OP_NE,
  MIKRO_FILTER_OP_GT,
  MIKRO_FILTER_OP_GTE,
  MIKRO_FILTER_OP_LT,
  MIKRO_FILTER_OP_LTE,
  MIKRO_FILTER_OP_IN,
  MIKRO_FILTER_OP_NIN,
  MIKRO_FILTER_OP_LIKE,
} MikroFilterOp;

typedef struct _MikroFilterNode MikroFilterNode;

struct _MikroFilterNode
{
  MikroFilterNodeType      type;
  /* AND, OR, NOT: the operands (NOT has one) */
  GPtrArray               *children;
  /* COMPARE */
  const MikroPropertyMeta *prop;
  MikroFilterOp            op;
  /* one value, or the list of $in/$nin; a value holding NULL (a NULL
   * string or boxed) or of type G_TYPE_INVALID means SQL NULL */
  GArray                  *values;
};

MIKRO_INTERNAL
MikroFilterNode *_mikro_filter_parse           (MikroEntityMetadata *meta,
                                                const char         *json,
                                                GError            **error);
MIKRO_INTERNAL
MikroFilterNode *_mikro_filter_new_pk          (MikroEntityMetadata *meta,
                                                const GValue       *pk);
MIKRO_INTERNAL
MikroFilterNode *_mikro_filter_new_in_strings  (const MikroPropertyMeta *prop,
                                                const char * const *values);
MIKRO_INTERNAL
MikroFilterNode *_mikro_filter_new_in_values   (const MikroPropertyMeta *prop,
                                                const GValue       *values,
                                                guint               n_values,
                                                guint               stride);
MIKRO_INTERNAL
MikroFilterNode *_mikro_filter_new_and         (MikroFilterNode    *a,
                                                MikroFilterNode    *b);
MIKRO_INTERNAL
gboolean         _mikro_filter_value_is_null   (const GValue       *value);
MIKRO_INTERNAL
void             _mikro_filter_node_free       (MikroFilterNode    *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MikroFilterNode, _mikro_filter_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MikroRow, _mikro_row_free)

/* One row of an update batch: the changed properties of one entity. */
typedef struct
{
  /* the key: a value per key column (_mikro_entity_metadata_get_pk_indices()) */
  const GValue *pk;
  const guint  *props;
  const GValue *values;
  guint         n_values;
  /* the version the row must still have, or NULL */
  const GValue *expected_version;
} MikroUpdate;

struct _MikroDriverClass
{
  GObjectClass parent_class;

  gboolean   (*open)          (MikroDriver        *self,
                               GUri               *uri,
                               GError            **error);
  void       (*close)         (MikroDriver        *self);

  /* @entities: the MikroEntityMetadata of every entity type of the ORM */
  gboolean   (*create_schema) (MikroDriver        *self,
                               GPtrArray          *entities,
                               GError            **error);
  gboolean   (*drop_schema)   (MikroDriver        *self,
                               GPtrArray          *entities,
                               GError            **error);

  /* The schema model of docs/schema-model.md, from the metadata or as the
   * database has it; NULL when the driver has no such model. */
  JsonNode  *(*describe_schema) (MikroDriver       *self,
                                 GPtrArray         *entities,
                                 MikroSchemaSource  source,
                                 GError           **error);

  gboolean   (*begin)         (MikroDriver        *self,
                               GError            **error);
  gboolean   (*commit)        (MikroDriver        *self,
                               GError            **error);
  gboolean   (*rollback)      (MikroDriver        *self,
                               GError            **error);

  /* @values holds one value per mapped property. A generated primary key
   * left unset is generated by the database or driver and stored back into
   * its slot. */
  gboolean   (*insert)        (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               GValue             *values,
                               GError            **error);
  /* Sets only the properties listed in @props to @values; the statement
   * names no other column. With @expected_version, the row must still
   * have that version (its version property is among @props with the new
   * one), else the update fails with MIKRO_ERROR_OPTIMISTIC_LOCK. */
  gboolean   (*update)        (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               const GValue       *pk,
                               const guint        *props,
                               const GValue       *values,
                               guint               n_values,
                               const GValue       *expected_version,
                               GError            **error);
  gboolean   (*delete)        (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               const GValue       *pk,
                               GError            **error);
  /* Returns a GPtrArray of MikroRow, or NULL with @error set. A negative
   * @limit means no limit. Lazy scalars (_mikro_property_meta_is_lazy())
   * are read only with @lazy, and are unset values in the rows otherwise. */
  GPtrArray *(*find)          (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               MikroFilterNode    *filter,
                               gint64              limit,
                               gboolean            lazy,
                               GError            **error);

  /* Batches: several rows of one entity type in one statement where the
   * database allows. Optional: without them the core runs insert, update
   * and delete once per row. insert_many writes generated keys back into
   * each row as insert does. */
  gboolean   (*insert_many)   (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               GValue            **rows,
                               guint               n_rows,
                               GError            **error);
  gboolean   (*update_many)   (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               const MikroUpdate  *updates,
                               guint               n_updates,
                               GError            **error);
  gboolean   (*delete_many)   (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               const GValue       *pks,
                               guint               n_pks,
                               GError            **error);

  /* Savepoints inside an open transaction, for nested transactions.
   * Optional: without them a nested level has no savepoint of its own. */
  gboolean   (*savepoint)             (MikroDriver  *self,
                                       const char   *name,
                                       GError      **error);
  gboolean   (*release_savepoint)     (MikroDriver  *self,
                                       const char   *name,
                                       GError      **error);
  gboolean   (*rollback_to_savepoint) (MikroDriver  *self,
                                       const char   *name,
                                       GError      **error);

  /* The number of rows matching @filter, or -1 with @error set. */
  gint64     (*count)         (MikroDriver        *self,
                               MikroEntityMetadata *meta,
                               MikroFilterNode    *filter,
                               GError            **error);

  /* The pivot rows of a many-to-many owner @rel of @owner: @links holds
   * 2 × @n_links values, the owner's key then the target's for each row.
   * Optional: a driver without them cannot write or load many-to-many
   * collections. find_links returns the pairs of the rows whose owner key
   * is among @owner_keys as a GArray of GValue (pairs again). */
  gboolean   (*insert_links)  (MikroDriver             *self,
                               MikroEntityMetadata     *owner,
                               const MikroRelationMeta *rel,
                               const GValue            *links,
                               guint                    n_links,
                               GError                 **error);
  gboolean   (*delete_links)  (MikroDriver             *self,
                               MikroEntityMetadata     *owner,
                               const MikroRelationMeta *rel,
                               const GValue            *links,
                               guint                    n_links,
                               GError                 **error);
  GArray    *(*find_links)    (MikroDriver             *self,
                               MikroEntityMetadata     *owner,
                               const MikroRelationMeta *rel,
                               const GValue            *keys,
                               guint                    n_keys,
                               gboolean                 by_target,
                               GError                 **error);

  /* Calls that bypass the unit of work (mikro-entity-manager-native.c).
   * Optional: without them those calls fail with MIKRO_ERROR_DRIVER. */

  /* Inserts @n_rows rows of @meta in one statement, a row that conflicts
   * with an existing one on the columns @conflict (property indexes: the
   * key, or the columns of a unique index) updating that row's other
   * columns instead; the version of a versioned entity starts at 1 and
   * grows by one on such an update. Every row brings the conflict
   * columns; either all rows generate their key (left unset) or none
   * does. The key and version each row ended with, inserted or updated,
   * are written back into its values. */
  gboolean   (*upsert_many)   (MikroDriver             *self,
                               MikroEntityMetadata     *meta,
                               GValue                 **rows,
                               guint                    n_rows,
                               const guint             *conflict,
                               guint                    n_conflict,
                               GError                 **error);
  /* Sets the properties @props to @values (stored values) in every row
   * of @meta's table matching @filter (every row when NULL); returns the
   * number of rows changed, or -1 with @error set. */
  gint64     (*native_update) (MikroDriver             *self,
                               MikroEntityMetadata     *meta,
                               MikroFilterNode         *filter,
                               const guint             *props,
                               const GValue            *values,
                               guint                    n_values,
                               GError                 **error);
  /* Deletes the rows matching @filter; the number deleted, or -1. */
  gint64     (*native_delete) (MikroDriver             *self,
                               MikroEntityMetadata     *meta,
                               MikroFilterNode         *filter,
                               GError                 **error);
  /* Takes a pessimistic lock (@mode is not OPTIMISTIC) on the row with
   * key @pk in the open transaction; a NOWAIT mode whose row is locked
   * fails. A database without row locks succeeds without a statement. */
  gboolean   (*lock)          (MikroDriver             *self,
                               MikroEntityMetadata     *meta,
                               const GValue            *pk,
                               MikroLockMode            mode,
                               GError                 **error);
};

/* Transactions nest: the outermost level is a transaction, inner levels
 * are savepoints where the driver has them. */
MIKRO_INTERNAL
gboolean   _mikro_driver_begin         (MikroDriver        *self,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_commit        (MikroDriver        *self,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_rollback      (MikroDriver        *self,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_create_schema (MikroDriver        *self,
                                        GPtrArray          *entities,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_drop_schema   (MikroDriver        *self,
                                        GPtrArray          *entities,
                                        GError            **error);
MIKRO_INTERNAL
JsonNode  *_mikro_driver_describe_schema (MikroDriver       *self,
                                          GPtrArray         *entities,
                                          MikroSchemaSource  source,
                                          GError           **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_insert        (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        GValue             *values,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_delete        (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        const GValue       *pk,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_insert_many   (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        GValue            **rows,
                                        guint               n_rows,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_update_many   (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        const MikroUpdate  *updates,
                                        guint               n_updates,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_delete_many   (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        const GValue       *pks,
                                        guint               n_pks,
                                        GError            **error);
MIKRO_INTERNAL
gint64     _mikro_driver_count         (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        MikroFilterNode    *filter,
                                        GError            **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_insert_links  (MikroDriver             *self,
                                        MikroEntityMetadata     *owner,
                                        const MikroRelationMeta *rel,
                                        const GValue            *links,
                                        guint                    n_links,
                                        GError                 **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_delete_links  (MikroDriver             *self,
                                        MikroEntityMetadata     *owner,
                                        const MikroRelationMeta *rel,
                                        const GValue            *links,
                                        guint                    n_links,
                                        GError                 **error);
MIKRO_INTERNAL
GArray    *_mikro_driver_find_links    (MikroDriver             *self,
                                        MikroEntityMetadata     *owner,
                                        const MikroRelationMeta *rel,
                                        const GValue            *keys,
                                        guint                    n_keys,
                                        gboolean                 by_target,
                                        GError                 **error);
MIKRO_INTERNAL
GPtrArray *_mikro_driver_find          (MikroDriver        *self,
                                        MikroEntityMetadata *meta,
                                        MikroFilterNode    *filter,
                                        gint64              limit,
                                        gboolean            lazy,
                                        GError            **error);

MIKRO_INTERNAL
gboolean   _mikro_driver_upsert_many   (MikroDriver             *self,
                                        MikroEntityMetadata     *meta,
                                        GValue                 **rows,
                                        guint                    n_rows,
                                        const guint             *conflict,
                                        guint                    n_conflict,
                                        GError                 **error);
MIKRO_INTERNAL
gint64     _mikro_driver_native_update (MikroDriver             *self,
                                        MikroEntityMetadata     *meta,
                                        MikroFilterNode         *filter,
                                        const guint             *props,
                                        const GValue            *values,
                                        guint                    n_values,
                                        GError                 **error);
MIKRO_INTERNAL
gint64     _mikro_driver_native_delete (MikroDriver             *self,
                                        MikroEntityMetadata     *meta,
                                        MikroFilterNode         *filter,
                                        GError                 **error);
MIKRO_INTERNAL
gboolean   _mikro_driver_lock          (MikroDriver             *self,
                                        MikroEntityMetadata     *meta,
                                        const GValue            *pk,
                                        MikroLockMode            mode,
                                        GError                 **error);

/* Query logging: one structured message per statement in the "mikro" log
 * domain, shown with G_MESSAGES_DEBUG=mikro or when the ORM is configured
 * to log (MikroOrm:log-queries), naming the entity manager and its label.
 * @params and @masked (TRUE for a value not to show) may be NULL. */
MIKRO_INTERNAL
gboolean   _mikro_log_queries_enabled  (MikroDriver        *self);
MIKRO_INTERNAL
void       _mikro_driver_set_log_config  (MikroDriver      *self,
                                          gboolean          forced,
                                          gboolean          masked);
/* Whether the calling thread runs an asynchronous call now: a transaction
 * it begins then belongs to its entity manager only, not to the thread
 * (which the pool gives other managers' calls later). */
MIKRO_INTERNAL
void       _mikro_driver_set_worker_thread (gboolean        worker);
/* The entity manager the calling thread's statements are for, from now
 * on (per thread: forked managers share the driver across threads). */
MIKRO_INTERNAL
void       _mikro_driver_set_log_context (MikroDriver      *self,
                                          guint             em_id,
                                          const char       *label,
                                          gboolean          enabled);
/* The OPTIMISTIC_LOCK error of an update that found no row with the
 * expected version. */
MIKRO_INTERNAL
void       _mikro_set_optimistic_lock_error (GError             **error,
                                             MikroEntityMetadata *meta,
                                             const GValue        *pk,
                                             const GValue        *expected_version);
MIKRO_INTERNAL
void       _mikro_log_query            (MikroDriver        *self,
                                        const char         *statement,
                                        const GValue       *params,
                                        const gboolean     *masked,
                                        guint               n_params,
                                        gint64              duration_usec);
MIKRO_INTERNAL
char      *_mikro_value_to_log_string  (const GValue       *value);

G_END_DECLS
