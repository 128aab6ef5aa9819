/* mikro-naming-strategy.h
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

#define MIKRO_TYPE_NAMING_STRATEGY (mikro_naming_strategy_get_type ())

MIKRO_AVAILABLE_IN_1_0
G_DECLARE_INTERFACE (MikroNamingStrategy, mikro_naming_strategy, MIKRO, NAMING_STRATEGY, GObject)

/**
 * MikroNamingStrategyInterface:
 * @class_to_table_name: the table of an entity type that names none
 * @property_to_column_name: the column of a property that names none
 * @join_column_name: the foreign key column of a relation property
 * @join_table_name: the pivot table of a many-to-many relation
 * @index_name: the name of a constraint or index
 *
 * The names mikro-gobject chooses where the mapping gives none
 * (MikroORM's `NamingStrategy`). Implementable in Python, JavaScript and
 * Vala.
 *
 * Since: 1.0
 */
struct _MikroNamingStrategyInterface
{
  GTypeInterface parent_iface;

  char *(*class_to_table_name)     (MikroNamingStrategy *self,
                                    const char          *type_name);
  char *(*property_to_column_name) (MikroNamingStrategy *self,
                                    const char          *property_name);
  char *(*join_column_name)        (MikroNamingStrategy *self,
                                    const char          *property_name,
                                    const char          *referenced_column);
  char *(*join_table_name)         (MikroNamingStrategy *self,
                                    const char          *owner_table,
                                    const char          *property_name,
                                    const char          *target_table);
  char *(*index_name)              (MikroNamingStrategy *self,
                                    const char          *table,
                                    const char * const  *columns,
                                    const char          *kind);

  /*< private >*/
  gpointer padding[8];
};

MIKRO_AVAILABLE_IN_1_0
char *mikro_naming_strategy_class_to_table_name     (MikroNamingStrategy *self,
                                                     const char          *type_name);
MIKRO_AVAILABLE_IN_1_0
char *mikro_naming_strategy_property_to_column_name (MikroNamingStrategy *self,
                                                     const char          *property_name);
MIKRO_AVAILABLE_IN_1_0
char *mikro_naming_strategy_join_column_name        (MikroNamingStrategy *self,
                                                     const char          *property_name,
                                                     const char          *referenced_column);
MIKRO_AVAILABLE_IN_1_0
char *mikro_naming_strategy_join_table_name         (MikroNamingStrategy *self,
                                                     const char          *owner_table,
                                                     const char          *property_name,
                                                     const char          *target_table);
MIKRO_AVAILABLE_IN_1_0
char *mikro_naming_strategy_index_name              (MikroNamingStrategy *self,
                                                     const char          *table,
                                                     const char * const  *columns,
                                                     const char          *kind);

G_END_DECLS
