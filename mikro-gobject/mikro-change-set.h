/* mikro-change-set.h
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

#include "mikro-version-macros.h"
#include "mikro-entity.h"

G_BEGIN_DECLS

/**
 * MikroChangeSetType:
 * @MIKRO_CHANGE_SET_CREATE: the entity is inserted
 * @MIKRO_CHANGE_SET_UPDATE: changed properties of the entity are updated
 * @MIKRO_CHANGE_SET_DELETE: the entity is deleted
 *
 * What a flush does to an entity.
 *
 * Since: 1.0
 */
typedef enum {
  MIKRO_CHANGE_SET_CREATE,
  MIKRO_CHANGE_SET_UPDATE,
  MIKRO_CHANGE_SET_DELETE,
} MikroChangeSetType;

#define MIKRO_TYPE_CHANGE_SET (mikro_change_set_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (MikroChangeSet, mikro_change_set, MIKRO, CHANGE_SET, GObject)

MIKRO_AVAILABLE_IN_1_0
MikroEntity        *mikro_change_set_get_entity      (MikroChangeSet *self);
MIKRO_AVAILABLE_IN_1_0
MikroChangeSetType  mikro_change_set_get_change_type (MikroChangeSet *self);
MIKRO_AVAILABLE_IN_1_0
const char * const *mikro_change_set_get_properties  (MikroChangeSet *self);

G_END_DECLS
