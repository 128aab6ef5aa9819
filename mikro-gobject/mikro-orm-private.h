/* mikro-orm-private.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mikro-orm.h"
#include "mikro-entity-metadata.h"

G_BEGIN_DECLS

MikroEntityManager *_mikro_entity_manager_new      (MikroOrm           *orm);
/* MikroEventSubscriber*, in the order added (never NULL) */
GPtrArray          *_mikro_orm_get_subscribers     (MikroOrm           *self);

G_END_DECLS
