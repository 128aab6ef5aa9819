/* mikro-orm.h
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
#include "mikro-driver.h"
#include "mikro-entity-manager.h"
#include "mikro-entity-metadata.h"
#include "mikro-event-subscriber.h"
#include "mikro-naming-strategy.h"

G_BEGIN_DECLS

/**
 * MikroSchemaSource:
 * @MIKRO_SCHEMA_SOURCE_METADATA: the schema the entity metadata asks for
 * @MIKRO_SCHEMA_SOURCE_DATABASE: the schema as the database catalogue
 *   has it
 *
 * Where [method@Mikro.Orm.describe_schema] reads the schema from.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_SCHEMA_SOURCE_METADATA,
  MIKRO_SCHEMA_SOURCE_DATABASE,
} MikroSchemaSource;

#define MIKRO_TYPE_ORM (mikro_orm_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroOrm, mikro_orm, MIKRO, ORM, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroOrm           *mikro_orm_open                  (const char  *uri,
                                                     GError     **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_orm_add_entity            (MikroOrm    *self,
                                                     GType        entity_type,
                                                     GError     **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntityMetadata *mikro_orm_get_metadata         (MikroOrm    *self,
                                                     GType        entity_type);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_set_naming_strategy   (MikroOrm    *self,
                                                     MikroNamingStrategy *strategy);
MIKRO_AVAILABLE_IN_1_0
MikroNamingStrategy *mikro_orm_get_naming_strategy  (MikroOrm    *self);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_orm_list_entities         (MikroOrm    *self);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_orm_create_schema         (MikroOrm    *self,
                                                     GError     **error);
MIKRO_AVAILABLE_IN_1_0
JsonNode           *mikro_orm_describe_schema       (MikroOrm    *self,
                                                     MikroSchemaSource source,
                                                     GError     **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_orm_drop_schema           (MikroOrm    *self,
                                                     GError     **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntityManager *mikro_orm_create_entity_manager (MikroOrm    *self);
MIKRO_AVAILABLE_IN_1_0
MikroDriver        *mikro_orm_get_driver            (MikroOrm    *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_set_batch_size        (MikroOrm    *self,
                                                     guint        batch_size);
MIKRO_AVAILABLE_IN_1_0
guint               mikro_orm_get_batch_size        (MikroOrm    *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_close                 (MikroOrm    *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_add_subscriber        (MikroOrm             *self,
                                                     MikroEventSubscriber *subscriber);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_remove_subscriber     (MikroOrm             *self,
                                                     MikroEventSubscriber *subscriber);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_set_log_queries       (MikroOrm             *self,
                                                     gboolean              log_queries);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_orm_get_log_queries       (MikroOrm             *self);
MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_set_mask_parameters   (MikroOrm             *self,
                                                     gboolean              mask);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_orm_get_mask_parameters   (MikroOrm             *self);

/**
 * MikroNotFoundFunc:
 * @metadata: the metadata of the entity type that was looked for
 * @filter: (nullable): the FilterQuery, as JSON, that matched nothing
 * @user_data: the data given to [method@Mikro.Orm.set_not_found_handler]
 * @error: return location for the error to report
 *
 * Makes the error [method@Mikro.EntityManager.find_one_or_fail] reports
 * when nothing matches (MikroORM's `findOneOrFailHandler`): set @error,
 * in any domain. Left unset, the default %MIKRO_ERROR_NOT_FOUND error is
 * reported.
 *
 * Since: 1.0
 */
typedef void (*MikroNotFoundFunc) (MikroEntityMetadata  *metadata,
                                   const char           *filter,
                                   gpointer              user_data,
                                   GError              **error);

MIKRO_AVAILABLE_IN_1_0
void                mikro_orm_set_not_found_handler (MikroOrm             *self,
                                                     MikroNotFoundFunc     handler,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);

G_END_DECLS
