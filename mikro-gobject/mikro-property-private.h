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
void           _mikro_property_resolve      (MikroProperty      *self,
                                             const char         *column,
                                             GType               value_type);

G_END_DECLS
