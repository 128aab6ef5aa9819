/* mikro-collection.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-gobject.h"
#include "mikro-collection-private.h"
#include "mikro-entity-manager-private.h"
#include "mikro-entity-private.h"
#include "mikro-propagation-private.h"

/**
 * MikroCollection:
 *
 * The value of a to-many relation property (one-to-many or many-to-many):
 * the related entities of one owner, as a [iface@Gio.ListModel] so that a
 * `GtkListView` binds to it directly.
 *
 * A [class@Mikro.Entity] creates a collection for each to-many property
 * its [class@Mikro.EntitySchema] declares when it is constructed, so
 * `author.books` is never %NULL:
 *
 * ```c
 * mikro_collection_add (my_author_get_books (author), G_OBJECT (book));
 * ```
 *
 * A collection holds a reference on each of its items and none on its
 * owner.
 *
 * Since: 1.0
 */

struct _MikroCollection
{
  GObject    parent_instance;

  GWeakRef   owner;
  char      *property;
  GType      item_type;
  GPtrArray *items;
  /* the items again, as a set, once there are enough of them for a walk
   * of the array to cost (see has_item()) */
  GHashTable *index;
  /* the items as the database has them, since loaded or flushed; weak,
   * so that an entity and a collection holding each other can go */
  GPtrArray *snapshot;      /* GWeakRef * */
  guint      initialized : 1;
  guint      quiet : 1;      /* changes made for the database */
  /* loaded by an asynchronous call's worker: the changes are told in the
   * caller's thread when the call completes, to those who knew
   * deferred_n_items items */
  guint      deferred : 1;
  guint      deferred_n_items;
};

static void list_model_iface_init (GListModelInterface *iface);
static void changed (MikroCollection *self);
static void propagate (MikroCollection *self,
                       GObject         *item,
                       gboolean         added);
static void items_changed (MikroCollection *self,
                           guint            position,
                           guint            removed,
                           guint            added);

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MikroCollection, mikro_collection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_OWNER,
  PROP_PROPERTY_NAME,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
mikro_collection_get_item_type (GListModel *model)
{
  return MIKRO_COLLECTION (model)->item_type;
}

static guint
mikro_collection_get_n_items (GListModel *model)
{
  return MIKRO_COLLECTION (model)->items->len;
}

static gpointer
mikro_collection_get_item (GListModel *model,
                           guint       position)
{
  MikroCollection *self = MIKRO_COLLECTION (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mikro_collection_get_item_type;
  iface->get_n_items = mikro_collection_get_n_items;
  iface->get_item = mikro_collection_get_item;
}

#define INDEX_THRESHOLD 32

static gboolean
has_item (MikroCollection *self,
          gpointer         item)
{
  if (self->index != NULL)
    return g_hash_table_contains (self->index, item);
  return g_ptr_array_find (self->items, item, NULL);
}

/* The items were replaced wholesale: the set is built again when needed. */
static void
index_reset (MikroCollection *self)
{
  g_clear_pointer (&self->index, g_hash_table_unref);
}

/* @item was appended to the array. */
static void
index_added (MikroCollection *self,
             gpointer         item)
{
  if (self->index != NULL)
    g_hash_table_add (self->index, item);
  else if (self->items->len >= INDEX_THRESHOLD)
    {
      self->index = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < self->items->len; i++)
        g_hash_table_add (self->index, g_ptr_array_index (self->items, i));
    }
}

static void
index_removed (MikroCollection *self,
               gpointer         item)
{
  if (self->index != NULL)
    g_hash_table_remove (self->index, item);
}

/* The position of @item, or FALSE; a set says when it is not there. */
static gboolean
find_item (MikroCollection *self,
           gpointer         item,
           guint           *position)
{
  if (self->index != NULL && !g_hash_table_contains (self->index, item))
    return FALSE;
  return g_ptr_array_find (self->items, item, position);
}

static void
mikro_collection_finalize (GObject *object)
{
  MikroCollection *self = (MikroCollection *)object;

  g_weak_ref_clear (&self->owner);
  g_free (self->property);
  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_ptr_array_unref (self->snapshot);

  G_OBJECT_CLASS (mikro_collection_parent_class)->finalize (object);
}

static void
mikro_collection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MikroCollection *self = MIKRO_COLLECTION (object);

  switch (prop_id)
    {
    case PROP_OWNER: g_value_take_object (value, g_weak_ref_get (&self->owner)); break;
    case PROP_PROPERTY_NAME: g_value_set_string (value, self->property); break;
    case PROP_ITEM_TYPE: g_value_set_gtype (value, self->item_type); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->items->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_collection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MikroCollection *self = MIKRO_COLLECTION (object);

  switch (prop_id)
    {
    case PROP_OWNER: g_weak_ref_set (&self->owner, g_value_get_object (value)); break;
    case PROP_PROPERTY_NAME: self->property = g_value_dup_string (value); break;
    case PROP_ITEM_TYPE: self->item_type = g_value_get_gtype (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_collection_class_init (MikroCollectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mikro_collection_finalize;
  object_class->get_property = mikro_collection_get_property;
  object_class->set_property = mikro_collection_set_property;

  /**
   * MikroCollection:owner:
   *
   * The entity whose property the collection is; %NULL once it is gone.
   *
   * Since: 1.0
   */
  properties[PROP_OWNER] =
    g_param_spec_object ("owner", NULL, NULL, G_TYPE_OBJECT, construct);

  /**
   * MikroCollection:property-name:
   *
   * The name of the owner's property.
   *
   * Since: 1.0
   */
  properties[PROP_PROPERTY_NAME] =
    g_param_spec_string ("property-name", NULL, NULL, NULL, construct);

  /**
   * MikroCollection:item-type:
   *
   * The type of the items: the target entity type of the relation.
   *
   * Since: 1.0
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT, construct);

  /**
   * MikroCollection:n-items:
   *
   * The number of items.
   *
   * Since: 1.0
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_collection_init (MikroCollection *self)
{
  g_weak_ref_init (&self->owner, NULL);
  self->item_type = G_TYPE_OBJECT;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->snapshot = g_ptr_array_new_with_free_func (weak_ref_free);
  self->initialized = TRUE;
}

/**
 * mikro_collection_new:
 * @owner: the entity the collection belongs to
 * @property: the name of the owner's to-many property
 * @item_type: the type of the items, a subtype of #GObject
 *
 * Creates an empty collection. Entities create their own collections; this
 * is for entities that are not [class@Mikro.Entity] subclasses.
 *
 * Returns: (transfer full): a new collection
 *
 * Since: 1.0
 */
MikroCollection *
mikro_collection_new (GObject    *owner,
                      const char *property,
                      GType       item_type)
{
  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (property != NULL, NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  return g_object_new (MIKRO_TYPE_COLLECTION,
                       "owner", owner,
                       "property-name", property,
                       "item-type", item_type,
                       NULL);
}

/**
 * mikro_collection_get_owner:
 * @self: a collection
 *
 * Returns: (transfer none) (nullable): the owning entity, or %NULL if it
 *   was finalized
 *
 * Since: 1.0
 */
GObject *
mikro_collection_get_owner (MikroCollection *self)
{
  GObject *owner;

  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), NULL);

  /* the owner keeps its collection alive, never the reverse: a borrowed
   * pointer stays valid as long as the caller holds the collection through
   * its owner */
  owner = g_weak_ref_get (&self->owner);
  if (owner != NULL)
    g_object_unref (owner);
  return owner;
}

/**
 * mikro_collection_get_property_name:
 * @self: a collection
 *
 * Returns: the name of the owner's property
 *
 * Since: 1.0
 */
const char *
mikro_collection_get_property_name (MikroCollection *self)
{
  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), NULL);

  return self->property;
}

/**
 * mikro_collection_is_initialized:
 * @self: a collection
 *
 * Whether the collection holds its items: always for a new entity's; for a
 * loaded entity only once the relation was loaded.
 *
 * Returns: %TRUE if the items are known
 *
 * Since: 1.0
 */
gboolean
mikro_collection_is_initialized (MikroCollection *self)
{
  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);

  return self->initialized;
}

/**
 * mikro_collection_contains:
 * @self: a collection
 * @item: an entity
 *
 * Returns: %TRUE if @item is in @self
 *
 * Since: 1.0
 */
gboolean
mikro_collection_contains (MikroCollection *self,
                           GObject         *item)
{
  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  return has_item (self, item);
}

/**
 * mikro_collection_add:
 * @self: a collection
 * @item: an entity of the collection's item type
 *
 * Appends @item unless it is already there.
 *
 * The other side of a bidirectional relation follows (MikroORM's
 * propagation): adding a book to `author.books` sets the book's `author`,
 * which takes it out of its former author's `books`; adding a tag to
 * `book.tags` adds the book to `tag.books` if that collection is
 * initialized.
 *
 * Returns: %TRUE if @item was added
 *
 * Since: 1.0
 */
gboolean
mikro_collection_add (MikroCollection *self,
                      GObject         *item)
{
  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);
  g_return_val_if_fail (g_type_is_a (G_OBJECT_TYPE (item), self->item_type), FALSE);

  if (!_mikro_collection_add_linked (self, item))
    return FALSE;
  propagate (self, item, TRUE);
  return TRUE;
}

/**
 * mikro_collection_remove:
 * @self: a collection
 * @item: an entity
 *
 * Takes @item out of @self.
 *
 * The other side of a bidirectional relation follows: taking a book out
 * of `author.books` sets its `author` to %NULL if it was that author, and
 * taking a tag out of `book.tags` takes the book out of `tag.books` if
 * that collection is initialized.
 *
 * Returns: %TRUE if @item was in @self
 *
 * Since: 1.0
 */
gboolean
mikro_collection_remove (MikroCollection *self,
                         GObject         *item)
{
  guint position;

  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  if (!find_item (self, item, &position))
    return FALSE;

  /* held until the other side has heard of it */
  g_object_ref (item);
  index_removed (self, item);
  g_ptr_array_remove_index (self->items, position);
  items_changed (self, position, 1, 0);
  changed (self);
  propagate (self, item, FALSE);
  g_object_unref (item);
  return TRUE;
}

/**
 * mikro_collection_remove_all:
 * @self: a collection
 *
 * Empties @self; the other side follows for each item, as with
 * mikro_collection_remove().
 *
 * Since: 1.0
 */
void
mikro_collection_remove_all (MikroCollection *self)
{
  g_autoptr(GPtrArray) removed = NULL;
  guint n;

  g_return_if_fail (MIKRO_IS_COLLECTION (self));

  n = self->items->len;
  if (n == 0)
    return;

  /* held until the other side has heard of each */
  removed = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  index_reset (self);
  items_changed (self, 0, n, 0);
  changed (self);
  for (guint i = 0; i < removed->len; i++)
    propagate (self, g_ptr_array_index (removed, i), FALSE);
}

/**
 * mikro_collection_set:
 * @self: a collection
 * @items: (array length=n_items): the entities @self is to hold
 * @n_items: the number of @items
 *
 * Makes @self hold exactly @items (MikroORM's `Collection.set()`): the
 * items that are not among them are taken out, as by
 * mikro_collection_remove(), and the new ones appended in the order
 * given, as by mikro_collection_add(); the other side of the relation
 * follows for each.
 *
 * Since: 1.0
 */
void
mikro_collection_set (MikroCollection  *self,
                      GObject         **items,
                      guint             n_items)
{
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GHashTable) wanted = NULL;

  g_return_if_fail (MIKRO_IS_COLLECTION (self));
  g_return_if_fail (items != NULL || n_items == 0);
  for (guint i = 0; i < n_items; i++)
    g_return_if_fail (G_IS_OBJECT (items[i]) && g_type_is_a (G_OBJECT_TYPE (items[i]), self->item_type));

  wanted = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n_items; i++)
    g_hash_table_add (wanted, items[i]);

  /* removing changes the array: walk a copy */
  current = g_ptr_array_copy (self->items, (GCopyFunc)(void (*) (void))g_object_ref, NULL);
  g_ptr_array_set_free_func (current, g_object_unref);
  for (guint i = 0; i < current->len; i++)
    if (!g_hash_table_contains (wanted, g_ptr_array_index (current, i)))
      mikro_collection_remove (self, g_ptr_array_index (current, i));
  for (guint i = 0; i < n_items; i++)
    mikro_collection_add (self, items[i]);
}

/**
 * mikro_collection_is_dirty:
 * @self: a collection
 *
 * Whether the items of @self differ from those it held when it was
 * loaded or last flushed (for a new entity's: whether it holds any).
 *
 * Returns: %TRUE if items were added or taken out since
 *
 * Since: 1.0
 */
gboolean
mikro_collection_is_dirty (MikroCollection *self)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;

  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);

  _mikro_collection_diff (self, &added, &removed);
  return added->len > 0 || removed->len > 0;
}

/* The entity manager that loads @self's items: its owner's. */
static MikroEntityManager *
owner_manager (MikroCollection  *self,
               MikroEntity     **owner_out,
               GError          **error)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&self->owner);
  MikroEntityManager *em;

  if (owner == NULL || !MIKRO_IS_ENTITY (owner))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("The collection “%s” has no entity to load it for"), self->property);
      return NULL;
    }
  em = _mikro_entity_get_tracking (MIKRO_ENTITY (owner))->em;
  if (em == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("The “%s” owning the collection “%s” is not managed by an entity manager: load it or persist and flush it first"),
                   G_OBJECT_TYPE_NAME (owner), self->property);
      return NULL;
    }
  *owner_out = MIKRO_ENTITY (g_steal_pointer (&owner));
  return g_object_ref (em);
}

/**
 * mikro_collection_load:
 * @self: a collection
 * @error: return location for a #GError
 *
 * Loads the items of a collection that is not initialized, through the
 * entity manager of its owner (MikroORM's `Collection.load()`), as
 * [method@Mikro.EntityManager.populate] does. An initialized collection
 * asks nothing.
 *
 * Returns: %TRUE if @self is initialized now
 *
 * Since: 1.0
 */
gboolean
mikro_collection_load (MikroCollection  *self,
                       GError          **error)
{
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) owner = NULL;

  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->initialized)
    return TRUE;
  em = owner_manager (self, &owner, error);
  if (em == NULL)
    return FALSE;
  return mikro_entity_manager_populate (em, owner, self->property, error);
}

static void
load_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (mikro_entity_manager_populate_finish (MIKRO_ENTITY_MANAGER (source_object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * mikro_collection_load_async:
 * @self: a collection
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the items are loaded
 * @user_data: data for @callback
 *
 * Loads the items of a collection that is not initialized without
 * blocking, as [method@Mikro.EntityManager.populate_async] does: a
 * `GtkListView` bound to @self hears of them in the thread that called.
 *
 * Since: 1.0
 */
void
mikro_collection_load_async (MikroCollection     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) owner = NULL;
  GError *error = NULL;

  g_return_if_fail (MIKRO_IS_COLLECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mikro_collection_load_async);

  if (self->initialized)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  em = owner_manager (self, &owner, &error);
  if (em == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  mikro_entity_manager_populate_async (em, owner, self->property, cancellable, load_done,
                                       g_steal_pointer (&task));
}

/**
 * mikro_collection_load_finish:
 * @self: a collection
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes mikro_collection_load_async().
 *
 * Returns: %TRUE if @self is initialized now
 *
 * Since: 1.0
 */
gboolean
mikro_collection_load_finish (MikroCollection  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (MIKRO_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
items_changed (MikroCollection *self,
               guint            position,
               guint            removed,
               guint            added)
{
  /* told as one change when the asynchronous call completes */
  if (self->deferred)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* A change by the application: the other side of the relation follows. */
static void
propagate (MikroCollection *self,
           GObject         *item,
           gboolean         added)
{
  g_autoptr(GObject) owner = NULL;

  if (self->quiet)
    return;
  owner = g_weak_ref_get (&self->owner);
  if (owner == NULL)
    return;
  _mikro_propagation_collection_changed (self, owner, item, added);
}

gboolean
_mikro_collection_add_linked (MikroCollection *self,
                              GObject         *item)
{
  if (has_item (self, item))
    return FALSE;

  g_ptr_array_add (self->items, g_object_ref (item));
  index_added (self, item);
  items_changed (self, self->items->len - 1, 0, 1);
  changed (self);
  return TRUE;
}

gboolean
_mikro_collection_remove_linked (MikroCollection *self,
                                 GObject         *item)
{
  guint position;

  if (!find_item (self, item, &position))
    return FALSE;

  index_removed (self, item);
  g_ptr_array_remove_index (self->items, position);
  items_changed (self, position, 1, 0);
  changed (self);
  return TRUE;
}

void
_mikro_collection_replace (MikroCollection *self,
                           guint            position,
                           GObject         *item)
{
  GObject *old;

  g_return_if_fail (position < self->items->len);

  old = g_ptr_array_index (self->items, position);
  index_removed (self, old);
  g_ptr_array_index (self->items, position) = g_object_ref (item);
  if (self->index != NULL)
    g_hash_table_add (self->index, item);
  items_changed (self, position, 1, 1);
  /* the old item goes after the observers heard of it */
  g_object_unref (old);
}

void
_mikro_collection_forget (MikroCollection *self,
                          GObject         *item)
{
  guint position;

  for (guint i = 0; i < self->snapshot->len; i++)
    {
      g_autoptr(GObject) was = g_weak_ref_get (g_ptr_array_index (self->snapshot, i));

      if (was == item)
        {
          g_ptr_array_remove_index (self->snapshot, i);
          break;
        }
    }
  if (!find_item (self, item, &position))
    return;

  /* held until the observers heard of it */
  g_object_ref (item);
  index_removed (self, item);
  g_ptr_array_remove_index (self->items, position);
  items_changed (self, position, 1, 0);
  g_object_unref (item);
}

void
_mikro_collection_release (MikroCollection *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_ptr_array_set_size (self->snapshot, 0);
  self->initialized = FALSE;
  if (self->items->len == 0)
    return;

  /* the items go after the observers heard of it */
  items = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  index_reset (self);
  items_changed (self, 0, items->len, 0);
}

/* A change by the application tells the owner's entity manager. */
static void
changed (MikroCollection *self)
{
  g_autoptr(GObject) owner = NULL;

  if (self->quiet)
    return;
  owner = g_weak_ref_get (&self->owner);
  if (owner != NULL && MIKRO_IS_ENTITY (owner))
    _mikro_entity_collection_changed (MIKRO_ENTITY (owner));
}

/* The items as loaded from the database: no change to flush. */
void
_mikro_collection_set_loaded (MikroCollection *self,
                              GPtrArray       *items)
{
  guint removed = self->items->len;

  /* loaded in a worker: a GtkListView bound to @self hears of it in its
   * own thread */
  if (!self->deferred && _mikro_entity_manager_defer_collection (self))
    {
      self->deferred = TRUE;
      self->deferred_n_items = removed;
    }

  self->quiet = TRUE;
  g_ptr_array_set_size (self->items, 0);
  index_reset (self);
  for (guint i = 0; i < items->len; i++)
    {
      g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (items, i)));
      index_added (self, g_ptr_array_index (items, i));
    }
  self->initialized = TRUE;
  _mikro_collection_take_snapshot (self);
  items_changed (self, 0, removed, self->items->len);
  self->quiet = FALSE;
}

void
_mikro_collection_emit_deferred (MikroCollection *self)
{
  if (!self->deferred)
    return;
  self->deferred = FALSE;
  items_changed (self, 0, self->deferred_n_items, self->items->len);
}

/* A loaded entity's collection: its items are not known until loaded. */
void
_mikro_collection_set_uninitialized (MikroCollection *self)
{
  self->initialized = FALSE;
}

/* What was flushed is what the database has. */
void
_mikro_collection_take_snapshot (MikroCollection *self)
{
  g_ptr_array_set_size (self->snapshot, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, g_ptr_array_index (self->items, i));
      g_ptr_array_add (self->snapshot, ref);
    }
}

/* The items added since the snapshot (borrowed), and those removed (held:
 * the snapshot does not hold them), in order. A removed item that is gone
 * altogether is left out. */
void
_mikro_collection_diff (MikroCollection  *self,
                        GPtrArray       **added,
                        GPtrArray       **removed)
{
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) was = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->snapshot->len; i++)
    {
      GObject *item = g_weak_ref_get (g_ptr_array_index (self->snapshot, i));

      if (item != NULL)
        {
          g_ptr_array_add (before, item);
          g_hash_table_add (was, item);
        }
    }

  /* sets on both sides: linear in the sizes, not their product */
  *added = g_ptr_array_new ();
  *removed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->items->len; i++)
    if (!g_hash_table_contains (was, g_ptr_array_index (self->items, i)))
      g_ptr_array_add (*added, g_ptr_array_index (self->items, i));
  if (before->len == 0)
    return;
  if (self->index == NULL)
    {
      g_autoptr(GHashTable) now = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < self->items->len; i++)
        g_hash_table_add (now, g_ptr_array_index (self->items, i));
      for (guint i = 0; i < before->len; i++)
        if (!g_hash_table_contains (now, g_ptr_array_index (before, i)))
          g_ptr_array_add (*removed, g_object_ref (g_ptr_array_index (before, i)));
      return;
    }
  for (guint i = 0; i < before->len; i++)
    if (!g_hash_table_contains (self->index, g_ptr_array_index (before, i)))
      g_ptr_array_add (*removed, g_object_ref (g_ptr_array_index (before, i)));
}
