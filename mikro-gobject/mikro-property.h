/* mikro-property.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <glib-object.h>

#include "mikro-version-macros.h"
#include "mikro-type.h"

G_BEGIN_DECLS

/**
 * MikroPropertyFlags:
 * @MIKRO_PROPERTY_NONE: an ordinary persistent property
 * @MIKRO_PROPERTY_PRIMARY_KEY: the property is (part of) the primary key
 * @MIKRO_PROPERTY_GENERATED: the database or driver generates the value on
 *   insert when it is unset: an auto-increment integer on SQL, an ObjectId on
 *   MongoDB, a random UUID for a string key on SQL
 * @MIKRO_PROPERTY_NULLABLE: the column accepts NULL
 * @MIKRO_PROPERTY_UNIQUE: the column has a unique constraint
 * @MIKRO_PROPERTY_INDEX: the column has an index of its own
 * @MIKRO_PROPERTY_VERSION: the property is the entity's version, for
 *   optimistic locking
 * @MIKRO_PROPERTY_VIRTUAL: the property is not persistent (MikroORM's
 *   `persist: false`); it still takes part in serialization
 * @MIKRO_PROPERTY_HIDDEN: serialization leaves the property out
 * @MIKRO_PROPERTY_LAZY: queries leave the property out (a large text or
 *   blob); [method@Mikro.EntityManager.populate] or
 *   [method@Mikro.EntityManager.refresh] read it, and a flush writes it only
 *   once it was set
 * @MIKRO_PROPERTY_EAGER: a relation loaded with its entity every time
 * @MIKRO_PROPERTY_ORPHAN_REMOVAL: an entity taken out of this one-to-many
 *   or one-to-one relation is removed
 *
 * How a property is mapped.
 *
 * Since: 1.0
 */
typedef enum /*< flags >*/ {
  MIKRO_PROPERTY_NONE           = 0,
  MIKRO_PROPERTY_PRIMARY_KEY    = 1 << 0,
  MIKRO_PROPERTY_GENERATED      = 1 << 1,
  MIKRO_PROPERTY_NULLABLE       = 1 << 2,
  MIKRO_PROPERTY_UNIQUE         = 1 << 3,
  MIKRO_PROPERTY_INDEX          = 1 << 4,
  MIKRO_PROPERTY_VERSION        = 1 << 5,
  MIKRO_PROPERTY_VIRTUAL        = 1 << 6,
  MIKRO_PROPERTY_HIDDEN         = 1 << 7,
  MIKRO_PROPERTY_LAZY           = 1 << 8,
  MIKRO_PROPERTY_EAGER          = 1 << 9,
  MIKRO_PROPERTY_ORPHAN_REMOVAL = 1 << 10,
} MikroPropertyFlags;

/**
 * MikroEnumMode:
 * @MIKRO_ENUM_MODE_STRING: a GEnum or GFlags value is stored as its nick
 *   (flags: the nicks joined by `|`)
 * @MIKRO_ENUM_MODE_INTEGER: stored as its integer value
 * @MIKRO_ENUM_MODE_NATIVE: stored in a native enum type where the database
 *   has one (PostgreSQL, MariaDB), as a string elsewhere
 *
 * How an enumeration is stored.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_ENUM_MODE_STRING,
  MIKRO_ENUM_MODE_INTEGER,
  MIKRO_ENUM_MODE_NATIVE,
} MikroEnumMode;

/**
 * MikroRelationKind:
 * @MIKRO_RELATION_NONE: a scalar property, not a relation
 * @MIKRO_RELATION_MANY_TO_ONE: many of this entity point at one target
 *   through a join column (MikroORM's `@ManyToOne`)
 * @MIKRO_RELATION_ONE_TO_ONE: one of this entity points at one target: the
 *   owner has a unique join column, the inverse side names the owner with
 *   [property@Mikro.Property:mapped-by]
 * @MIKRO_RELATION_ONE_TO_MANY: the inverse side of a many-to-one, a
 *   [class@Mikro.Collection] of the entities whose many-to-one points here
 * @MIKRO_RELATION_MANY_TO_MANY: a [class@Mikro.Collection] on both sides,
 *   joined through a pivot table the owner declares
 *
 * The kinds of relation between entities.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_RELATION_NONE,
  MIKRO_RELATION_MANY_TO_ONE,
  MIKRO_RELATION_ONE_TO_ONE,
  MIKRO_RELATION_ONE_TO_MANY,
  MIKRO_RELATION_MANY_TO_MANY,
} MikroRelationKind;

/**
 * MikroCascade:
 * @MIKRO_CASCADE_NONE: nothing cascades
 * @MIKRO_CASCADE_PERSIST: persisting the entity persists the related ones
 * @MIKRO_CASCADE_MERGE: merging the entity merges the related ones
 * @MIKRO_CASCADE_REMOVE: removing the entity removes the related ones
 * @MIKRO_CASCADE_ALL: all of the above
 *
 * Which operations on an entity the unit of work carries over to the
 * entities of a relation. Relations cascade %MIKRO_CASCADE_PERSIST unless
 * told otherwise.
 *
 * Since: 1.0
 */
typedef enum /*< flags >*/ {
  MIKRO_CASCADE_NONE    = 0,
  MIKRO_CASCADE_PERSIST = 1 << 0,
  MIKRO_CASCADE_MERGE   = 1 << 1,
  MIKRO_CASCADE_REMOVE  = 1 << 2,
  MIKRO_CASCADE_ALL     = 0x7,
} MikroCascade;

/**
 * MikroReferentialAction:
 * @MIKRO_REFERENTIAL_ACTION_DEFAULT: MikroORM's default: `cascade` on
 *   update; on delete `set null` for a nullable join column, else
 *   `no action`
 * @MIKRO_REFERENTIAL_ACTION_NO_ACTION: `NO ACTION`
 * @MIKRO_REFERENTIAL_ACTION_RESTRICT: `RESTRICT`
 * @MIKRO_REFERENTIAL_ACTION_CASCADE: `CASCADE`
 * @MIKRO_REFERENTIAL_ACTION_SET_NULL: `SET NULL`
 * @MIKRO_REFERENTIAL_ACTION_SET_DEFAULT: `SET DEFAULT`
 *
 * What the database does to a row whose foreign key points at a row that
 * is deleted or whose key changes.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_REFERENTIAL_ACTION_DEFAULT,
  MIKRO_REFERENTIAL_ACTION_NO_ACTION,
  MIKRO_REFERENTIAL_ACTION_RESTRICT,
  MIKRO_REFERENTIAL_ACTION_CASCADE,
  MIKRO_REFERENTIAL_ACTION_SET_NULL,
  MIKRO_REFERENTIAL_ACTION_SET_DEFAULT,
} MikroReferentialAction;

#define MIKRO_TYPE_PROPERTY (mikro_property_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroProperty, mikro_property, MIKRO, PROPERTY, GObject)

MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_name            (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_column          (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_column          (MikroProperty      *self,
                                                        const char         *column);
MIKRO_AVAILABLE_IN_1_0
MikroPropertyFlags  mikro_property_get_flags           (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_flags           (MikroProperty      *self,
                                                        MikroPropertyFlags  flags);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_column_type     (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_column_type     (MikroProperty      *self,
                                                        const char         *column_type);
MIKRO_AVAILABLE_IN_1_0
guint               mikro_property_get_length          (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_length          (MikroProperty      *self,
                                                        guint               length);
MIKRO_AVAILABLE_IN_1_0
guint               mikro_property_get_precision       (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
guint               mikro_property_get_scale           (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_precision       (MikroProperty      *self,
                                                        guint               precision,
                                                        guint               scale);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_default_raw     (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_default_raw     (MikroProperty      *self,
                                                        const char         *expression);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_property_get_default         (MikroProperty      *self,
                                                        GValue             *value);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_default         (MikroProperty      *self,
                                                        const GValue       *value);
MIKRO_AVAILABLE_IN_1_0
MikroEnumMode       mikro_property_get_enum_mode       (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_enum_mode       (MikroProperty      *self,
                                                        MikroEnumMode       mode);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_serialized_name (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_serialized_name (MikroProperty      *self,
                                                        const char         *name);
MIKRO_AVAILABLE_IN_1_0
MikroType          *mikro_property_get_custom_type     (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_custom_type     (MikroProperty      *self,
                                                        MikroType          *type);
MIKRO_AVAILABLE_IN_1_0
GType               mikro_property_get_value_type      (MikroProperty      *self);

MIKRO_AVAILABLE_IN_1_0
MikroRelationKind   mikro_property_get_relation        (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
GType               mikro_property_get_target          (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_mapped_by       (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_mapped_by       (MikroProperty      *self,
                                                        const char         *property);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_inversed_by     (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_inversed_by     (MikroProperty      *self,
                                                        const char         *property);
MIKRO_AVAILABLE_IN_1_0
MikroCascade        mikro_property_get_cascade         (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_cascade         (MikroProperty      *self,
                                                        MikroCascade        cascade);
MIKRO_AVAILABLE_IN_1_0
MikroReferentialAction mikro_property_get_on_delete    (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_on_delete       (MikroProperty      *self,
                                                        MikroReferentialAction action);
MIKRO_AVAILABLE_IN_1_0
MikroReferentialAction mikro_property_get_on_update    (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_on_update       (MikroProperty      *self,
                                                        MikroReferentialAction action);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_pivot_table     (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_pivot_table     (MikroProperty      *self,
                                                        const char         *table);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_join_column     (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_join_column     (MikroProperty      *self,
                                                        const char         *column);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_inverse_join_column (MikroProperty  *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_inverse_join_column (MikroProperty  *self,
                                                            const char     *column);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_foreign_key_name (MikroProperty     *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_foreign_key_name (MikroProperty     *self,
                                                         const char        *name);
MIKRO_AVAILABLE_IN_1_0
GType               mikro_property_get_pivot_entity    (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_pivot_entity    (MikroProperty      *self,
                                                        GType               entity_type);
MIKRO_AVAILABLE_IN_1_0
GType               mikro_property_get_embedded        (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_property_get_prefix          (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_prefix          (MikroProperty      *self,
                                                        const char         *prefix);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_property_get_as_object       (MikroProperty      *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_property_set_as_object       (MikroProperty      *self,
                                                        gboolean            as_object);

G_END_DECLS
