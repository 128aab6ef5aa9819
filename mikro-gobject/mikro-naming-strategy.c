/* mikro-naming-strategy.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-naming-strategy.h"
#include "mikro-underscore-naming-strategy.h"

/**
 * MikroNamingStrategy:
 *
 * Chooses table, column, key and index names where the mapping gives none.
 *
 * [class@Mikro.UnderscoreNamingStrategy] is the default;
 * [class@Mikro.EntityCaseNamingStrategy] keeps type and property names.
 * Set one with [method@Mikro.Orm.set_naming_strategy] before adding entity
 * types. A strategy may implement only some functions: the others fall back
 * to the underscore strategy.
 *
 * Since: 1.0
 */

G_DEFINE_INTERFACE (MikroNamingStrategy, mikro_naming_strategy, G_TYPE_OBJECT)

static MikroNamingStrategy *
fallback (void)
{
  static MikroNamingStrategy *underscore;

  if (g_once_init_enter (&underscore))
    g_once_init_leave (&underscore, mikro_underscore_naming_strategy_new ());

  return underscore;
}

static void
mikro_naming_strategy_default_init (MikroNamingStrategyInterface *iface)
{
}

#define DISPATCH(self, vfunc, ...) \
  G_STMT_START { \
    MikroNamingStrategyInterface *iface = MIKRO_NAMING_STRATEGY_GET_IFACE (self); \
    if (iface->vfunc != NULL) \
      return iface->vfunc (self, __VA_ARGS__); \
    iface = MIKRO_NAMING_STRATEGY_GET_IFACE (fallback ()); \
    return iface->vfunc (fallback (), __VA_ARGS__); \
  } G_STMT_END

/**
 * mikro_naming_strategy_class_to_table_name:
 * @self: a naming strategy
 * @type_name: the name of an entity type, such as `DemoAuthor`
 *
 * Returns: (transfer full): the table name
 *
 * Since: 1.0
 */
char *
mikro_naming_strategy_class_to_table_name (MikroNamingStrategy *self,
                                           const char          *type_name)
{
  g_return_val_if_fail (MIKRO_IS_NAMING_STRATEGY (self), NULL);
  g_return_val_if_fail (type_name != NULL, NULL);

  DISPATCH (self, class_to_table_name, type_name);
}

/**
 * mikro_naming_strategy_property_to_column_name:
 * @self: a naming strategy
 * @property_name: a GObject property name, such as `born-on`
 *
 * Returns: (transfer full): the column name
 *
 * Since: 1.0
 */
char *
mikro_naming_strategy_property_to_column_name (MikroNamingStrategy *self,
                                               const char          *property_name)
{
  g_return_val_if_fail (MIKRO_IS_NAMING_STRATEGY (self), NULL);
  g_return_val_if_fail (property_name != NULL, NULL);

  DISPATCH (self, property_to_column_name, property_name);
}

/**
 * mikro_naming_strategy_join_column_name:
 * @self: a naming strategy
 * @property_name: the relation property, such as `author`
 * @referenced_column: the referenced key column, such as `id`
 *
 * Returns: (transfer full): the foreign key column name
 *
 * Since: 1.0
 */
char *
mikro_naming_strategy_join_column_name (MikroNamingStrategy *self,
                                        const char          *property_name,
                                        const char          *referenced_column)
{
  g_return_val_if_fail (MIKRO_IS_NAMING_STRATEGY (self), NULL);
  g_return_val_if_fail (property_name != NULL, NULL);
  g_return_val_if_fail (referenced_column != NULL, NULL);

  DISPATCH (self, join_column_name, property_name, referenced_column);
}

/**
 * mikro_naming_strategy_join_table_name:
 * @self: a naming strategy
 * @owner_table: the table of the owning side
 * @property_name: the collection property of the owning side
 * @target_table: the table of the other side
 *
 * Returns: (transfer full): the pivot table name
 *
 * Since: 1.0
 */
char *
mikro_naming_strategy_join_table_name (MikroNamingStrategy *self,
                                       const char          *owner_table,
                                       const char          *property_name,
                                       const char          *target_table)
{
  g_return_val_if_fail (MIKRO_IS_NAMING_STRATEGY (self), NULL);
  g_return_val_if_fail (owner_table != NULL, NULL);
  g_return_val_if_fail (property_name != NULL, NULL);
  g_return_val_if_fail (target_table != NULL, NULL);

  DISPATCH (self, join_table_name, owner_table, property_name, target_table);
}

/**
 * mikro_naming_strategy_index_name:
 * @self: a naming strategy
 * @table: the table
 * @columns: (array zero-terminated=1): the columns
 * @kind: `primary`, `unique`, `index`, `foreign` or `check`
 *
 * Returns: (transfer full): the name of the constraint or index
 *
 * Since: 1.0
 */
char *
mikro_naming_strategy_index_name (MikroNamingStrategy *self,
                                  const char          *table,
                                  const char * const  *columns,
                                  const char          *kind)
{
  g_return_val_if_fail (MIKRO_IS_NAMING_STRATEGY (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (columns != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  DISPATCH (self, index_name, table, columns, kind);
}
