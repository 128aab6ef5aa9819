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
/* Sets @error to what find_one_or_fail reports when nothing of @meta
 * matches @filter: the handler's error, else NOT_FOUND. */
void                _mikro_orm_set_not_found_error (MikroOrm            *self,
                                                    MikroEntityMetadata *meta,
                                                    const char          *filter,
                                                    GError             **error);

G_END_DECLS
