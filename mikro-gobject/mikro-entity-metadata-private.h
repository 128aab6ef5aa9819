/* mikro-entity-metadata-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-entity-metadata.h"
#include "mikro-naming-strategy.h"

G_BEGIN_DECLS

MikroEntityMetadata *_mikro_entity_metadata_new (MikroEntitySchema    *schema,
                                                 MikroNamingStrategy  *naming,
                                                 GError              **error);

typedef MikroEntityMetadata *(*MikroMetadataLookup) (GType    entity_type,
                                                     gpointer user_data);

gboolean _mikro_entity_metadata_resolve (MikroEntityMetadata  *self,
                                         MikroMetadataLookup   lookup,
                                         gpointer              user_data,
                                         MikroNamingStrategy  *naming,
                                         GError              **error);
gboolean _mikro_entity_metadata_link    (MikroEntityMetadata  *self,
                                         MikroMetadataLookup   lookup,
                                         gpointer              user_data,
                                         MikroNamingStrategy  *naming,
                                         GError              **error);

gboolean _mikro_entity_metadata_build_table (MikroEntityMetadata  *root,
                                             GPtrArray            *members,
                                             MikroNamingStrategy  *naming,
                                             GError              **error);
gboolean _mikro_entity_metadata_is_abstract (MikroEntityMetadata  *self);

G_END_DECLS
