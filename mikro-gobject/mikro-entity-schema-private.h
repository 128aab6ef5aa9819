/* mikro-entity-schema-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-entity-schema.h"

G_BEGIN_DECLS

gboolean _mikro_entity_schema_is_resolved (MikroEntitySchema *self);

G_END_DECLS
