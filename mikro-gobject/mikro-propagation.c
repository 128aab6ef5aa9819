/* mikro-propagation.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mikro-collection-private.h"
#include "mikro-entity-manager-private.h"
#include "mikro-entity-private.h"
#include "mikro-propagation-private.h"

/* What a property with another side knows of it, kept on the property's
 * GParamSpec: found in one qdata lookup per notification, and shared by
 * every ORM (both sides come from the entity types' own schemas, so every
 * ORM that discovers them links them alike). */
typedef struct
{
  MikroRelationKind  kind;     /* of this side */
  gboolean           owner;
  const char        *inverse;  /* interned: the other side's property */
} Side;

/* What a to-one property held when the application last set it: the
 * entity to take it back from when it changes. A reference, like the
 * property's own (never a weak one: a weak reference per book on its
 * writer costs the writer a list as long as its books). Loading keeps no
 * link on an owning side, whose loaded value is in the snapshot; the
 * inverse side of a one-to-one, which has no column, keeps what loading
 * set. */
typedef struct
{
  GParamSpec *pspec;
  GObject    *target;
} Link;

G_LOCK_DEFINE_STATIC (sides);

static GQuark
side_quark (void)
{
  static GQuark quark;

  /* a race sets the same value twice */
  if (quark == 0)
    quark = g_quark_from_static_string ("mikro-propagation-side");
  return quark;
}

static GQuark
links_quark (void)
{
  static GQuark quark;

  /* a race sets the same value twice */
  if (quark == 0)
    quark = g_quark_from_static_string ("mikro-propagation-links");
  return quark;
}

void
_mikro_propagation_register (const MikroRelationMeta *rel)
{
  Side *side;

  if (rel->inverse == NULL || rel->pspec == NULL)
    return;

  G_LOCK (sides);
  if (g_param_spec_get_qdata (rel->pspec, side_quark ()) == NULL)
    {
      side = g_new0 (Side, 1);
      side->kind = rel->kind;
      side->owner = rel->owner;
      side->inverse = g_intern_string (rel->inverse->name);
      g_param_spec_set_qdata_full (rel->pspec, side_quark (), side, g_free);
    }
  G_UNLOCK (sides);
}

static const Side *
lookup_side (GParamSpec *pspec)
{
  return g_param_spec_get_qdata (pspec, side_quark ());
}

static const Side *
lookup_property_side (GObject    *object,
                      const char *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);

  return pspec != NULL ? lookup_side (pspec) : NULL;
}

static gboolean
is_to_one (MikroRelationKind kind)
{
  return kind == MIKRO_RELATION_MANY_TO_ONE || kind == MIKRO_RELATION_ONE_TO_ONE;
}

/* The value of an object-typed property, or NULL when @object has no
 * such property of an object type. */
static GObject *
get_object (GObject    *object,
            const char *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  GObject *value = NULL;

  if (pspec == NULL || !g_type_is_a (pspec->value_type, G_TYPE_OBJECT) ||
      !(pspec->flags & G_PARAM_READABLE))
    return NULL;
  g_object_get (object, property, &value, NULL);
  return value;
}

/* Sets a to-one property of @object to @value, as the other side of a
 * change: the property's own propagation sees nothing to do, since the
 * side that changed already holds @object. */
static void
set_object (GObject    *object,
            const char *property,
            GObject    *value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);

  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) || (pspec->flags & G_PARAM_CONSTRUCT_ONLY) ||
      (value != NULL && !g_type_is_a (G_OBJECT_TYPE (value), pspec->value_type)))
    return;
  g_object_set (object, property, value, NULL);
}

static MikroCollection *
get_collection (GObject    *object,
                const char *property)
{
  g_autoptr(GObject) value = get_object (object, property);

  if (value == NULL || !MIKRO_IS_COLLECTION (value))
    return NULL;
  return (MikroCollection *)g_steal_pointer (&value);
}

static void
link_clear (gpointer data)
{
  g_clear_object (&((Link *)data)->target);
}

/* @entity's link of @pspec; with @create, made if there is none. */
static Link *
find_link (MikroEntity *entity,
           GParamSpec  *pspec,
           gboolean     create)
{
  GArray *links = g_object_get_qdata (G_OBJECT (entity), links_quark ());

  if (links == NULL && !create)
    return NULL;
  if (links == NULL)
    {
      links = g_array_new (FALSE, TRUE, sizeof (Link));
      g_array_set_clear_func (links, link_clear);
      g_object_set_qdata_full (G_OBJECT (entity), links_quark (), links, (GDestroyNotify)g_array_unref);
    }

  for (guint i = 0; i < links->len; i++)
    if (g_array_index (links, Link, i).pspec == pspec)
      return &g_array_index (links, Link, i);
  if (!create)
    return NULL;

  g_array_set_size (links, links->len + 1);
  g_array_index (links, Link, links->len - 1).pspec = pspec;
  return &g_array_index (links, Link, links->len - 1);
}

static void
drop_link (MikroEntity *entity,
           GParamSpec  *pspec)
{
  GArray *links = g_object_get_qdata (G_OBJECT (entity), links_quark ());

  for (guint i = 0; links != NULL && i < links->len; i++)
    if (g_array_index (links, Link, i).pspec == pspec)
      {
        g_array_remove_index_fast (links, i);
        return;
      }
}

/* A to-one property changed from @before to @after: the other side of
 * both follows. */
static void
to_one_changed (GObject    *entity,
                const Side *side,
                GObject    *before,
                GObject    *after)
{
  if (side->kind == MIKRO_RELATION_MANY_TO_ONE)
    {
      /* the other side is a one-to-many: initialized collections only,
       * so that an unloaded one never looks loaded */
      if (before != NULL)
        {
          g_autoptr(MikroCollection) collection = get_collection (before, side->inverse);

          if (collection != NULL && mikro_collection_is_initialized (collection))
            _mikro_collection_remove_linked (collection, entity);
        }
      if (after != NULL)
        {
          g_autoptr(MikroCollection) collection = get_collection (after, side->inverse);

          if (collection != NULL && mikro_collection_is_initialized (collection))
            _mikro_collection_add_linked (collection, entity);
        }
      return;
    }

  /* a one-to-one, from either side: the other side is a to-one too */
  if (before != NULL)
    {
      g_autoptr(GObject) back = get_object (before, side->inverse);

      if (back == entity)
        set_object (before, side->inverse, NULL);
    }
  if (after != NULL)
    {
      g_autoptr(GObject) back = get_object (after, side->inverse);

      if (back != entity)
        set_object (after, side->inverse, entity);
    }
}

void
_mikro_propagation_notify (MikroEntity *entity,
                           GParamSpec  *pspec,
                           gboolean     loading)
{
  const Side *side;
  Link *link;
  g_autoptr(GObject) before = NULL;
  g_autoptr(GObject) after = NULL;

  /* most notifications are of scalars: one type check, no lookup */
  if (!G_TYPE_IS_OBJECT (pspec->value_type) && !G_TYPE_IS_INTERFACE (pspec->value_type))
    return;
  side = lookup_side (pspec);
  if (side == NULL || !is_to_one (side->kind))
    return;

  if (loading && side->owner)
    {
      /* the snapshot knows it from now on */
      drop_link (entity, pspec);
      return;
    }
  if (loading)
    {
      /* the inverse side of a one-to-one has no column in the snapshot:
       * what was loaded is remembered here */
      g_object_get (entity, pspec->name, &after, NULL);
      if (after != NULL)
        g_set_object (&find_link (entity, pspec, TRUE)->target, after);
      else
        drop_link (entity, pspec);
      return;
    }

  g_object_get (entity, pspec->name, &after, NULL);
  link = find_link (entity, pspec, FALSE);
  if (link != NULL)
    before = link->target != NULL ? g_object_ref (link->target) : NULL;
  else
    before = (GObject *)_mikro_entity_manager_get_stored_related (entity, pspec);
  if (before == after)
    return;

  link = find_link (entity, pspec, TRUE);
  g_set_object (&link->target, after);
  to_one_changed (G_OBJECT (entity), side, before, after);
}

void
_mikro_propagation_collection_changed (MikroCollection *collection,
                                       GObject         *owner,
                                       GObject         *item,
                                       gboolean         added)
{
  const Side *side = lookup_property_side (owner, mikro_collection_get_property_name (collection));

  if (side == NULL)
    return;

  if (side->kind == MIKRO_RELATION_ONE_TO_MANY)
    {
      g_autoptr(GObject) current = get_object (item, side->inverse);

      /* added: the item's many-to-one takes it out of its former owner's
       * collection; taken out: it points at nothing, if it pointed here */
      if (added && current != owner)
        set_object (item, side->inverse, owner);
      else if (!added && current == owner)
        set_object (item, side->inverse, NULL);
    }
  else if (side->kind == MIKRO_RELATION_MANY_TO_MANY)
    {
      g_autoptr(MikroCollection) other = get_collection (item, side->inverse);

      if (other == NULL || !mikro_collection_is_initialized (other))
        return;
      if (added)
        _mikro_collection_add_linked (other, owner);
      else
        _mikro_collection_remove_linked (other, owner);
    }
}
