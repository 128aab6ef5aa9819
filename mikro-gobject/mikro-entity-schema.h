/* mikro-entity-schema.h
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
#include <json-glib/json-glib.h>

#include "mikro-version-macros.h"
#include "mikro-property.h"

G_BEGIN_DECLS


#define MIKRO_TYPE_ENTITY_SCHEMA (mikro_entity_schema_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroEntitySchema, mikro_entity_schema, MIKRO, ENTITY_SCHEMA, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroEntitySchema  *mikro_entity_schema_new             (GType               entity_type,
                                                         const char         *table);
MIKRO_AVAILABLE_IN_1_0
MikroEntitySchema  *mikro_entity_schema_new_for_embeddable  (GType               embeddable_type);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_schema_get_embeddable  (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
MikroProperty      *mikro_entity_schema_add_embedded    (MikroEntitySchema  *self,
                                                         const char         *property,
                                                         GType               embeddable_type,
                                                         MikroPropertyFlags  flags);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_set_abstract    (MikroEntitySchema  *self,
                                                         gboolean            abstract);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_schema_get_abstract    (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_set_discriminator_column (MikroEntitySchema *self,
                                                                  const char        *column);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_schema_get_discriminator_column (MikroEntitySchema *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_set_discriminator_value  (MikroEntitySchema *self,
                                                                  const char        *value);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_schema_get_discriminator_value  (MikroEntitySchema *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_set_db_schema   (MikroEntitySchema  *self,
                                                         const char         *db_schema);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_schema_get_db_schema   (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
MikroProperty      *mikro_entity_schema_add_property    (MikroEntitySchema  *self,
                                                         const char         *property,
                                                         const char         *column,
                                                         MikroPropertyFlags  flags);
MIKRO_AVAILABLE_IN_1_0
MikroProperty      *mikro_entity_schema_add_relation    (MikroEntitySchema  *self,
                                                         const char         *property,
                                                         MikroRelationKind   kind,
                                                         GType               target,
                                                         MikroPropertyFlags  flags);
MIKRO_AVAILABLE_IN_1_0
MikroProperty      *mikro_entity_schema_find_property   (MikroEntitySchema  *self,
                                                         const char         *property);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_add_index       (MikroEntitySchema  *self,
                                                         const char         *name,
                                                         const char * const *property_names);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_add_unique      (MikroEntitySchema  *self,
                                                         const char         *name,
                                                         const char * const *property_names);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_add_check       (MikroEntitySchema  *self,
                                                         const char         *name,
                                                         const char         *expression);
MIKRO_AVAILABLE_IN_1_0
GType               mikro_entity_schema_get_entity_type (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_schema_get_table       (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_schema_get_primary_key (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
char              **mikro_entity_schema_list_properties (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
const char         *mikro_entity_schema_get_column      (MikroEntitySchema  *self,
                                                         const char         *property);
MIKRO_AVAILABLE_IN_1_0
MikroPropertyFlags  mikro_entity_schema_get_flags       (MikroEntitySchema  *self,
                                                         const char         *property);
MIKRO_AVAILABLE_IN_1_0
void                mikro_entity_schema_register        (MikroEntitySchema  *self);
MIKRO_AVAILABLE_IN_1_0
MikroEntitySchema  *mikro_entity_schema_lookup          (GType               entity_type);

MIKRO_AVAILABLE_IN_1_0
GPtrArray          *mikro_entity_schema_load_from_json     (JsonNode    *root,
                                                            GError     **error);
MIKRO_AVAILABLE_IN_1_0
GPtrArray          *mikro_entity_schema_load_from_file     (const char  *path,
                                                            GError     **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_entity_schema_register_from_file (const char  *path,
                                                            GError     **error);

G_END_DECLS
