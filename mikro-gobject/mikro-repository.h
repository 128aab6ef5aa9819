/* mikro-repository.h
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
#include "mikro-entity.h"
#include "mikro-entity-manager.h"

G_BEGIN_DECLS

#define MIKRO_TYPE_REPOSITORY (mikro_repository_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (MikroRepository, mikro_repository, MIKRO, REPOSITORY, GObject)

/**
 * MikroRepositoryClass:
 * @parent_class: the parent class
 *
 * The class of repositories. Subclass it (in C, Python, JavaScript or
 * Vala) to add the queries of one entity type as methods, and get the
 * instance of an entity manager with
 * [method@Mikro.EntityManager.get_repository_of_type].
 *
 * Since: 1.0
 */
struct _MikroRepositoryClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[12];
};

MIKRO_AVAILABLE_IN_1_0
MikroEntityManager *mikro_repository_get_entity_manager (MikroRepository  *self);
MIKRO_AVAILABLE_IN_1_0
GType               mikro_repository_get_entity_type    (MikroRepository  *self);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_repository_find_one           (MikroRepository  *self,
                                                         const GValue     *primary_key,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_repository_find_one_by        (MikroRepository  *self,
                                                         const char       *filter,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_repository_find_one_or_fail   (MikroRepository  *self,
                                                         const char       *filter,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_repository_find               (MikroRepository  *self,
                                                         const char       *filter,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
GListModel         *mikro_repository_find_all           (MikroRepository  *self,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
gint64              mikro_repository_count              (MikroRepository  *self,
                                                         const char       *filter,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_repository_get_reference      (MikroRepository  *self,
                                                         const GValue     *primary_key,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_repository_persist            (MikroRepository  *self,
                                                         MikroEntity      *entity,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_repository_remove             (MikroRepository  *self,
                                                         MikroEntity      *entity,
                                                         GError          **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_repository_populate           (MikroRepository  *self,
                                                         MikroEntity      *entity,
                                                         const char       *property,
                                                         GError          **error);

MIKRO_AVAILABLE_IN_1_0
MikroRepository    *mikro_entity_manager_get_repository (MikroEntityManager  *self,
                                                         GType                entity_type,
                                                         GError             **error);
MIKRO_AVAILABLE_IN_1_0
MikroRepository    *mikro_entity_manager_get_repository_of_type (MikroEntityManager  *self,
                                                                 GType                entity_type,
                                                                 GType                repository_type,
                                                                 GError             **error);

G_END_DECLS
