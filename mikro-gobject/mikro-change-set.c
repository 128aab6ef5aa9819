/* mikro-change-set.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-change-set-private.h"
#include "mikro-enums.h"

/**
 * MikroChangeSet:
 *
 * What one flush writes for one entity (MikroORM's `ChangeSet`): an
 * insert, an update of some properties, or a delete. An
 * [iface@Mikro.EventSubscriber] reads them from the
 * [class@Mikro.FlushEvent] of its flush callbacks.
 *
 * Since: 1.0
 */

struct _MikroChangeSet
{
  GObject             parent_instance;

  MikroEntity        *entity;
  MikroChangeSetType  type;
  GStrv               properties;
};

G_DEFINE_FINAL_TYPE (MikroChangeSet, mikro_change_set, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY,
  PROP_CHANGE_TYPE,
  PROP_PROPERTIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mikro_change_set_finalize (GObject *object)
{
  MikroChangeSet *self = (MikroChangeSet *)object;

  g_clear_object (&self->entity);
  g_clear_pointer (&self->properties, g_strfreev);

  G_OBJECT_CLASS (mikro_change_set_parent_class)->finalize (object);
}

static void
mikro_change_set_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MikroChangeSet *self = MIKRO_CHANGE_SET (object);

  switch (prop_id)
    {
    case PROP_ENTITY: g_value_set_object (value, self->entity); break;
    case PROP_CHANGE_TYPE: g_value_set_enum (value, self->type); break;
    case PROP_PROPERTIES: g_value_set_boxed (value, self->properties); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_change_set_class_init (MikroChangeSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mikro_change_set_finalize;
  object_class->get_property = mikro_change_set_get_property;

  /**
   * MikroChangeSet:entity:
   *
   * The entity the change set writes.
   *
   * Since: 1.0
   */
  properties[PROP_ENTITY] =
    g_param_spec_object ("entity", NULL, NULL, MIKRO_TYPE_ENTITY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * MikroChangeSet:change-type:
   *
   * Whether the entity is inserted, updated or deleted.
   *
   * Since: 1.0
   */
  properties[PROP_CHANGE_TYPE] =
    g_param_spec_enum ("change-type", NULL, NULL, MIKRO_TYPE_CHANGE_SET_TYPE, MIKRO_CHANGE_SET_CREATE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * MikroChangeSet:properties:
   *
   * The names of the properties written: every persistent property of an
   * insert, the changed ones of an update, none for a delete.
   *
   * Since: 1.0
   */
  properties[PROP_PROPERTIES] =
    g_param_spec_boxed ("properties", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_change_set_init (MikroChangeSet *self)
{
}

MikroChangeSet *
_mikro_change_set_new (MikroEntity        *entity,
                       MikroChangeSetType  type,
                       GStrv               properties_)
{
  MikroChangeSet *self = g_object_new (MIKRO_TYPE_CHANGE_SET, NULL);

  self->entity = g_object_ref (entity);
  self->type = type;
  self->properties = properties_ != NULL ? properties_ : g_new0 (char *, 1);
  return self;
}

/**
 * mikro_change_set_get_entity:
 * @self: a change set
 *
 * Returns: (transfer none): the entity written
 *
 * Since: 1.0
 */
MikroEntity *
mikro_change_set_get_entity (MikroChangeSet *self)
{
  g_return_val_if_fail (MIKRO_IS_CHANGE_SET (self), NULL);

  return self->entity;
}

/**
 * mikro_change_set_get_change_type:
 * @self: a change set
 *
 * Returns: whether the entity is inserted, updated or deleted
 *
 * Since: 1.0
 */
MikroChangeSetType
mikro_change_set_get_change_type (MikroChangeSet *self)
{
  g_return_val_if_fail (MIKRO_IS_CHANGE_SET (self), MIKRO_CHANGE_SET_CREATE);

  return self->type;
}

/**
 * mikro_change_set_get_properties:
 * @self: a change set
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the
 *   properties written
 *
 * Since: 1.0
 */
const char * const *
mikro_change_set_get_properties (MikroChangeSet *self)
{
  g_return_val_if_fail (MIKRO_IS_CHANGE_SET (self), NULL);

  return (const char * const *)self->properties;
}
