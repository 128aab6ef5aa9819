/* mikro-entity-schema-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-entity-schema.h"

G_BEGIN_DECLS

typedef struct
{
  char     *name;         /* NULL: the naming strategy names it */
  char    **properties;
  gboolean  unique;
} MikroIndexDecl;

typedef struct
{
  char *name;
  char *expression;
} MikroCheckDecl;

GPtrArray *_mikro_entity_schema_get_declarations (MikroEntitySchema *self);
GPtrArray *_mikro_entity_schema_get_indexes      (MikroEntitySchema *self);
GPtrArray *_mikro_entity_schema_get_checks       (MikroEntitySchema *self);

G_END_DECLS
