/* mikro-request-context.h
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
#include "mikro-entity-manager.h"
#include "mikro-orm.h"

G_BEGIN_DECLS

/**
 * MikroRequestContextFunc:
 * @entity_manager: the entity manager of the request context
 * @user_data: the data passed to [func@Mikro.RequestContext.run]
 *
 * The work of a request context. While it runs,
 * [func@Mikro.RequestContext.get_entity_manager] returns @entity_manager on
 * this thread.
 *
 * Since: 1.0
 */
typedef void (*MikroRequestContextFunc) (MikroEntityManager *entity_manager,
                                         gpointer            user_data);

#define MIKRO_TYPE_REQUEST_CONTEXT (mikro_request_context_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroRequestContext, mikro_request_context, MIKRO, REQUEST_CONTEXT, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroEntityManager  *mikro_request_context_get_entity_manager        (MikroOrm                 *orm,
                                                                      GError                  **error);
MIKRO_AVAILABLE_IN_1_0
void                 mikro_request_context_run                       (MikroOrm                 *orm,
                                                                      MikroRequestContextFunc   func,
                                                                      gpointer                  user_data);
MIKRO_AVAILABLE_IN_1_0
MikroRequestContext *mikro_request_context_begin                     (MikroOrm                 *orm);
MIKRO_AVAILABLE_IN_1_0
void                 mikro_request_context_end                       (MikroRequestContext      *self);
MIKRO_AVAILABLE_IN_1_0
MikroOrm            *mikro_request_context_get_orm                   (MikroRequestContext      *self);
MIKRO_AVAILABLE_IN_1_0
MikroEntityManager  *mikro_request_context_get_fork                  (MikroRequestContext      *self);
MIKRO_AVAILABLE_IN_1_0
void                 mikro_request_context_bind_main_context         (MikroOrm                 *orm,
                                                                      GMainContext             *context);
MIKRO_AVAILABLE_IN_1_0
void                 mikro_request_context_unbind_main_context       (MikroOrm                 *orm,
                                                                      GMainContext             *context);
MIKRO_AVAILABLE_IN_1_0
void                 mikro_request_context_set_allow_global          (MikroOrm                 *orm,
                                                                      gboolean                  allow_global);
MIKRO_AVAILABLE_IN_1_0
gboolean             mikro_request_context_get_allow_global          (MikroOrm                 *orm);
MIKRO_AVAILABLE_IN_1_0
MikroEntityManager  *mikro_request_context_get_global_entity_manager (MikroOrm                 *orm);

G_END_DECLS
