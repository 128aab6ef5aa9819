/* mikro-entity-case-naming-strategy.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-entity-case-naming-strategy.h"

/**
 * MikroEntityCaseNamingStrategy:
 *
 * Names as the code spells them: table `BookTag` for type `BookTag`,
 * column `bornOn` for property `born-on` (the name Python, JavaScript and
 * Vala code uses), relation column `authorId`.
 *
 * Since: 1.0
 */

struct _MikroEntityCaseNamingStrategy
{
  GObject parent_instance;
};

static void naming_strategy_iface_init (MikroNamingStrategyInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MikroEntityCaseNamingStrategy, mikro_entity_case_naming_strategy, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MIKRO_TYPE_NAMING_STRATEGY, naming_strategy_iface_init))

/* "born-on" → "bornOn" */
static char *
camel_case (const char *name,
            gboolean    capitalize_first)
{
  GString *out = g_string_sized_new (strlen (name));
  gboolean upper = capitalize_first;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '-' || *p == '_')
        {
          upper = out->len > 0;
          continue;
        }
      g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
      upper = FALSE;
    }

  return g_string_free (out, FALSE);
}

static char *
class_to_table_name (MikroNamingStrategy *self,
                     const char          *type_name)
{
  return g_strdup (type_name);
}

static char *
property_to_column_name (MikroNamingStrategy *self,
                         const char          *property_name)
{
  return camel_case (property_name, FALSE);
}

static char *
join_column_name (MikroNamingStrategy *self,
                  const char          *property_name,
                  const char          *referenced_column)
{
  g_autofree char *property = camel_case (property_name, FALSE);
  g_autofree char *column = camel_case (referenced_column, TRUE);

  return g_strconcat (property, column, NULL);
}

static char *
join_table_name (MikroNamingStrategy *self,
                 const char          *owner_table,
                 const char          *property_name,
                 const char          *target_table)
{
  g_autofree char *property = camel_case (property_name, TRUE);

  return g_strconcat (owner_table, property, NULL);
}

static void
naming_strategy_iface_init (MikroNamingStrategyInterface *iface)
{
  iface->class_to_table_name = class_to_table_name;
  iface->property_to_column_name = property_to_column_name;
  iface->join_column_name = join_column_name;
  iface->join_table_name = join_table_name;
  /* index names: the underscore strategy's, through the interface's
   * fallback */
}

static void
mikro_entity_case_naming_strategy_class_init (MikroEntityCaseNamingStrategyClass *klass)
{
}

static void
mikro_entity_case_naming_strategy_init (MikroEntityCaseNamingStrategy *self)
{
}

/**
 * mikro_entity_case_naming_strategy_new:
 *
 * Returns: (transfer full): the entity-case naming strategy
 *
 * Since: 1.0
 */
MikroNamingStrategy *
mikro_entity_case_naming_strategy_new (void)
{
  return g_object_new (MIKRO_TYPE_ENTITY_CASE_NAMING_STRATEGY, NULL);
}
