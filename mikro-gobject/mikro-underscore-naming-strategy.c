/* mikro-underscore-naming-strategy.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-underscore-naming-strategy.h"

/**
 * MikroUnderscoreNamingStrategy:
 *
 * MikroORM's default for SQL: `BookTag` → table `book_tag`, property
 * `born-on` → column `born_on`, relation `author` → column `author_id`,
 * pivot `book_tags`, index `author_email_unique`.
 *
 * Since: 1.0
 */

struct _MikroUnderscoreNamingStrategy
{
  GObject parent_instance;
};

static void naming_strategy_iface_init (MikroNamingStrategyInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MikroUnderscoreNamingStrategy, mikro_underscore_naming_strategy, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MIKRO_TYPE_NAMING_STRATEGY, naming_strategy_iface_init))

/* "BookTag" → "book_tag", "HTTPServer" → "http_server", "born-on" →
 * "born_on": an underscore before an upper-case letter that follows a
 * lower-case letter or digit, or that starts a word after an acronym. */
static char *
underscore (const char *name)
{
  GString *out = g_string_sized_new (strlen (name) + 4);

  for (const char *p = name; *p != '\0'; p++)
    {
      char c = *p;

      if (c == '-' || c == ' ')
        c = '_';

      if (g_ascii_isupper (c) && p != name)
        {
          char prev = p[-1];
          char next = p[1];

          if (g_ascii_islower (prev) || g_ascii_isdigit (prev) ||
              (g_ascii_isupper (prev) && g_ascii_islower (next)))
            if (out->len > 0 && out->str[out->len - 1] != '_')
              g_string_append_c (out, '_');
        }

      g_string_append_c (out, g_ascii_tolower (c));
    }

  return g_string_free (out, FALSE);
}

static char *
class_to_table_name (MikroNamingStrategy *self,
                     const char          *type_name)
{
  return underscore (type_name);
}

static char *
property_to_column_name (MikroNamingStrategy *self,
                         const char          *property_name)
{
  return underscore (property_name);
}

static char *
join_column_name (MikroNamingStrategy *self,
                  const char          *property_name,
                  const char          *referenced_column)
{
  g_autofree char *property = underscore (property_name);

  return g_strdup_printf ("%s_%s", property, referenced_column);
}

static char *
join_table_name (MikroNamingStrategy *self,
                 const char          *owner_table,
                 const char          *property_name,
                 const char          *target_table)
{
  g_autofree char *property = underscore (property_name);

  return g_strdup_printf ("%s_%s", owner_table, property);
}

static char *
index_name (MikroNamingStrategy *self,
            const char          *table,
            const char * const  *columns,
            const char          *kind)
{
  g_autofree char *joined = NULL;

  if (g_str_equal (kind, "primary"))
    return g_strdup_printf ("%s_pkey", table);

  joined = g_strjoinv ("_", (char **)columns);
  return g_strdup_printf ("%s_%s_%s", table, joined, kind);
}

static void
naming_strategy_iface_init (MikroNamingStrategyInterface *iface)
{
  iface->class_to_table_name = class_to_table_name;
  iface->property_to_column_name = property_to_column_name;
  iface->join_column_name = join_column_name;
  iface->join_table_name = join_table_name;
  iface->index_name = index_name;
}

static void
mikro_underscore_naming_strategy_class_init (MikroUnderscoreNamingStrategyClass *klass)
{
}

static void
mikro_underscore_naming_strategy_init (MikroUnderscoreNamingStrategy *self)
{
}

/**
 * mikro_underscore_naming_strategy_new:
 *
 * Returns: (transfer full): the underscore naming strategy
 *
 * Since: 1.0
 */
MikroNamingStrategy *
mikro_underscore_naming_strategy_new (void)
{
  return g_object_new (MIKRO_TYPE_UNDERSCORE_NAMING_STRATEGY, NULL);
}
