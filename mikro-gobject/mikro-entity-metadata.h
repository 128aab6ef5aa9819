/* mikro-entity-metadata.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(MIKRO_INSIDE) && !defined(MIKRO_COMPILATION)
# error "Only <mikro-gobject.h> can be included directly."
#endif

#include <gio/gio.h>

#include "mikro-version-macros.h"
#include "mikro-entity-schema.h"
#include "mikro-property.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_ENTITY_METADATA (mikro_entity_metadata_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroEntityMetadata, mikro_entity_metadata, MIKRO, ENTITY_METADATA, GObject)

MIKRO_AVAILABLE_IN_1_0
GType              mikro_entity_metadata_get_entity_type (MikroEntityMetadata *self);
MIKRO_AVAILABLE_IN_1_0
const char        *mikro_entity_metadata_get_table       (MikroEntityMetadata *self);
MIKRO_AVAILABLE_IN_1_0
const char        *mikro_entity_metadata_get_db_schema   (MikroEntityMetadata *self);
MIKRO_AVAILABLE_IN_1_0
MikroEntitySchema *mikro_entity_metadata_get_schema      (MikroEntityMetadata *self);
MIKRO_AVAILABLE_IN_1_0
GListModel        *mikro_entity_metadata_list_properties (MikroEntityMetadata *self);
MIKRO_AVAILABLE_IN_1_0
MikroProperty     *mikro_entity_metadata_get_primary_key (MikroEntityMetadata *self);
MIKRO_AVAILABLE_IN_1_0
MikroProperty     *mikro_entity_metadata_find_property   (MikroEntityMetadata *self,
                                                          const char          *name);

G_END_DECLS
