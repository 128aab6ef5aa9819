/* mikro-type.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-error.h"
#include "mikro-type.h"

/**
 * MikroType:
 *
 * The base class of custom types.
 *
 * A custom type converts between a property's value and a stored value of
 * one of the basic types every database has (a boolean, an integer, a
 * double, a string, bytes or a string array), given as a #GVariant. The
 * unit of work compares stored values, so two property values that store
 * the same are no change.
 *
 * ```python
 * class Celsius(Mikro.Type):
 *     def do_get_database_type(self):
 *         return "d"
 *     def do_to_database(self, value):
 *         return GLib.Variant("d", value.kelvin - 273.15)
 *     def do_from_database(self, stored, entity, name):
 *         entity.set_property(name, Temperature(kelvin=stored.get_double() + 273.15))
 *         return True
 * ```
 *
 * Since: 1.0
 */

G_DEFINE_ABSTRACT_TYPE (MikroType, mikro_type, G_TYPE_OBJECT)

static char *
mikro_type_real_get_column_type (MikroType  *self,
                                 const char *dialect)
{
  return NULL;
}

static void
mikro_type_class_init (MikroTypeClass *klass)
{
  klass->get_column_type = mikro_type_real_get_column_type;
}

static void
mikro_type_init (MikroType *self)
{
}

/**
 * mikro_type_get_database_type:
 * @self: a custom type
 *
 * The type of the stored value. Discovery asks once and keeps the answer.
 *
 * Returns: (transfer full): a #GVariant type string
 *
 * Since: 1.0
 */
char *
mikro_type_get_database_type (MikroType *self)
{
  g_return_val_if_fail (MIKRO_IS_TYPE (self), NULL);
  g_return_val_if_fail (MIKRO_TYPE_GET_CLASS (self)->get_database_type != NULL, NULL);

  return MIKRO_TYPE_GET_CLASS (self)->get_database_type (self);
}

/**
 * mikro_type_to_database:
 * @self: a custom type
 * @value: a value of the property
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the value to store, of the
 *   database type; %NULL for SQL NULL, or on error with @error set
 *
 * Since: 1.0
 */
GVariant *
mikro_type_to_database (MikroType     *self,
                        const GValue  *value,
                        GError       **error)
{
  g_return_val_if_fail (MIKRO_IS_TYPE (self), NULL);
  g_return_val_if_fail (G_IS_VALUE (value), NULL);
  g_return_val_if_fail (MIKRO_TYPE_GET_CLASS (self)->to_database != NULL, NULL);

  return MIKRO_TYPE_GET_CLASS (self)->to_database (self, value, error);
}

/**
 * mikro_type_from_database:
 * @self: a custom type
 * @database_value: a stored value, of the database type
 * @object: the entity being loaded
 * @property: the name of the property @self stores
 * @error: return location for a #GError
 *
 * Sets @property of @object to the value @database_value stands for.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 *
 * Since: 1.0
 */
gboolean
mikro_type_from_database (MikroType   *self,
                          GVariant    *database_value,
                          GObject     *object,
                          const char  *property,
                          GError     **error)
{
  g_return_val_if_fail (MIKRO_IS_TYPE (self), FALSE);
  g_return_val_if_fail (database_value != NULL, FALSE);
  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);
  g_return_val_if_fail (MIKRO_TYPE_GET_CLASS (self)->from_database != NULL, FALSE);

  return MIKRO_TYPE_GET_CLASS (self)->from_database (self, database_value, object, property, error);
}

/**
 * mikro_type_get_column_type:
 * @self: a custom type
 * @dialect: `sqlite`, `postgresql` or `mysql`
 *
 * Returns: (transfer full) (nullable): the column type to create, or %NULL
 *   for the one of the database type
 *
 * Since: 1.0
 */
char *
mikro_type_get_column_type (MikroType  *self,
                            const char *dialect)
{
  g_return_val_if_fail (MIKRO_IS_TYPE (self), NULL);
  g_return_val_if_fail (dialect != NULL, NULL);

  return MIKRO_TYPE_GET_CLASS (self)->get_column_type (self, dialect);
}
