/* mikro-property-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-property.h"

G_BEGIN_DECLS

MikroProperty *_mikro_property_new          (const char         *name,
                                             const char         *column,
                                             MikroPropertyFlags  flags);
MikroProperty *_mikro_property_copy         (MikroProperty      *self);
void           _mikro_property_set_embedded (MikroProperty      *self,
                                             GType               embeddable_type);
gboolean       _mikro_property_is_embedded  (MikroProperty      *self);
void           _mikro_property_set_relation (MikroProperty      *self,
                                             MikroRelationKind   kind,
                                             GType               target);
void           _mikro_property_resolve_relation (MikroProperty  *self,
                                                 MikroRelationKind kind,
                                                 GType           target,
                                                 const char     *pivot_table,
                                                 const char     *join_column,
                                                 const char     *inverse_join_column,
                                                 const char     *foreign_key_name,
                                                 MikroReferentialAction on_delete,
                                                 MikroReferentialAction on_update);
void           _mikro_property_resolve      (MikroProperty      *self,
                                             const char         *column,
                                             GType               value_type);

G_END_DECLS
