/* mikro-type.h
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

G_BEGIN_DECLS

#define MIKRO_TYPE_TYPE (mikro_type_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (MikroType, mikro_type, MIKRO, TYPE, GObject)

/**
 * MikroTypeClass:
 * @parent_class: the parent class
 * @get_database_type: the type of the stored value, as a #GVariant type
 *   string: one of `b`, `i`, `u`, `x`, `t`, `d`, `s`, `ay` or `as`
 * @to_database: converts a property value to the stored value
 * @from_database: sets the property of an entity to the value a stored
 *   value stands for (with g_object_set_property(), so that a subclass in
 *   any language returns nothing it must keep alive)
 * @get_column_type: the column type for a dialect (`sqlite`, `postgresql`,
 *   `mysql`), or %NULL for the one of the stored value's type
 *
 * A custom type (MikroORM's `Type`): how a property whose value type has no
 * mapping of its own, or should be stored differently, is stored. Subclass
 * it in C, Python, JavaScript or Vala and set an instance on a property with
 * [method@Mikro.Property.set_custom_type].
 *
 * Since: 1.0
 */
struct _MikroTypeClass
{
  GObjectClass parent_class;

  char               *(*get_database_type) (MikroType     *self);
  GVariant           *(*to_database)       (MikroType     *self,
                                            const GValue  *value,
                                            GError       **error);
  gboolean            (*from_database)     (MikroType     *self,
                                            GVariant      *database_value,
                                            GObject       *object,
                                            const char    *property,
                                            GError       **error);
  char               *(*get_column_type)   (MikroType     *self,
                                            const char    *dialect);

  /*< private >*/
  gpointer padding[8];
};

MIKRO_AVAILABLE_IN_1_0
char               *mikro_type_get_database_type (MikroType     *self);
MIKRO_AVAILABLE_IN_1_0
GVariant           *mikro_type_to_database       (MikroType     *self,
                                                  const GValue  *value,
                                                  GError       **error);
MIKRO_AVAILABLE_IN_1_0
gboolean            mikro_type_from_database     (MikroType     *self,
                                                  GVariant      *database_value,
                                                  GObject       *object,
                                                  const char    *property,
                                                  GError       **error);
MIKRO_AVAILABLE_IN_1_0
char               *mikro_type_get_column_type   (MikroType     *self,
                                                  const char    *dialect);

G_END_DECLS
