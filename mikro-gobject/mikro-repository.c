/* mikro-repository.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-error.h"
#include "mikro-orm.h"
#include "mikro-repository.h"

/**
 * MikroRepository:
 *
 * The queries and operations of one entity type on one
 * [class@Mikro.EntityManager] (MikroORM's `EntityRepository`).
 *
 * Every method delegates to the entity manager with the repository's
 * entity type: `mikro_repository_find (repo, filter, error)` is
 * `mikro_entity_manager_find (em, type, filter, error)`, so the entities a
 * repository returns are those of the entity manager's identity map, and
 * what it persists or removes is written by the entity manager's next
 * flush. Methods taking an entity refuse one that is not an instance of
 * the repository's type with a %MIKRO_ERROR_VALIDATION error.
 *
 * Get the repository of a type with
 * [method@Mikro.EntityManager.get_repository]; the entity manager keeps
 * one per type. To give a type its own queries, subclass
 * `MikroRepository` (in C, Python, JavaScript or Vala) and get the
 * entity manager's instance of the subclass with
 * [method@Mikro.EntityManager.get_repository_of_type].
 *
 * The entity manager owns its repositories, and a repository does not
 * keep its entity manager alive: keep a reference to the entity manager
 * for as long as its repositories are used. Once the entity manager is
 * finalized, [property@Mikro.Repository:entity-manager] is %NULL and the
 * methods fail with %MIKRO_ERROR_FAILED.
 *
 * Since: 1.0
 */

typedef struct
{
  /* weak: the entity manager owns its repositories (object data), and a
   * strong reference back would be a cycle that frees neither */
  GWeakRef  entity_manager;
  GType     entity_type;
} MikroRepositoryPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MikroRepository, mikro_repository, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY_MANAGER,
  PROP_ENTITY_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mikro_repository_finalize (GObject *object)
{
  MikroRepository *self = (MikroRepository *)object;
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);

  g_weak_ref_clear (&priv->entity_manager);

  G_OBJECT_CLASS (mikro_repository_parent_class)->finalize (object);
}

static void
mikro_repository_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MikroRepository *self = MIKRO_REPOSITORY (object);
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ENTITY_MANAGER:
      g_value_take_object (value, g_weak_ref_get (&priv->entity_manager));
      break;

    case PROP_ENTITY_TYPE:
      g_value_set_gtype (value, priv->entity_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_repository_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MikroRepository *self = MIKRO_REPOSITORY (object);
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ENTITY_MANAGER:
      g_weak_ref_set (&priv->entity_manager, g_value_get_object (value));
      break;

    case PROP_ENTITY_TYPE:
      priv->entity_type = g_value_get_gtype (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_repository_class_init (MikroRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mikro_repository_finalize;
  object_class->get_property = mikro_repository_get_property;
  object_class->set_property = mikro_repository_set_property;

  /**
   * MikroRepository:entity-manager:
   *
   * The entity manager the repository works on, or %NULL once it was
   * finalized (the repository does not keep it alive).
   *
   * Since: 1.0
   */
  properties[PROP_ENTITY_MANAGER] =
    g_param_spec_object ("entity-manager", NULL, NULL,
                         MIKRO_TYPE_ENTITY_MANAGER,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * MikroRepository:entity-type:
   *
   * The entity type whose entities the repository finds, persists and
   * removes.
   *
   * Since: 1.0
   */
  properties[PROP_ENTITY_TYPE] =
    g_param_spec_gtype ("entity-type", NULL, NULL,
                        MIKRO_TYPE_ENTITY,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mikro_repository_init (MikroRepository *self)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);

  g_weak_ref_init (&priv->entity_manager, NULL);
  priv->entity_type = MIKRO_TYPE_ENTITY;
}

/* A strong reference for the duration of one call, or NULL with @error
 * set if the entity manager is gone. */
static MikroEntityManager *
dup_entity_manager (MikroRepository  *self,
                    GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  MikroEntityManager *em = g_weak_ref_get (&priv->entity_manager);

  if (em == NULL)
    g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_FAILED,
                 _("The repository of “%s” has no entity manager: it was finalized, or none was given"),
                 g_type_name (priv->entity_type));
  return em;
}

static gboolean
check_entity (MikroRepository  *self,
              MikroEntity      *entity,
              GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);

  if (!g_type_is_a (G_OBJECT_TYPE (entity), priv->entity_type))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("The repository of “%s” cannot take a “%s”, which is not a “%s”"),
                   g_type_name (priv->entity_type), G_OBJECT_TYPE_NAME (entity),
                   g_type_name (priv->entity_type));
      return FALSE;
    }
  return TRUE;
}

/**
 * mikro_repository_get_entity_manager:
 * @self: a repository
 *
 * Gets the entity manager the repository works on.
 *
 * Returns: (transfer none) (nullable): the entity manager, or %NULL if it
 *   was finalized
 *
 * Since: 1.0
 */
MikroEntityManager *
mikro_repository_get_entity_manager (MikroRepository *self)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  MikroEntityManager *em;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), NULL);

  /* An entity manager belongs to one thread, the caller's: whoever keeps
   * it alive now keeps it alive after this reference is dropped. */
  em = g_weak_ref_get (&priv->entity_manager);
  if (em != NULL)
    g_object_unref (em);
  return em;
}

/**
 * mikro_repository_get_entity_type:
 * @self: a repository
 *
 * Gets the entity type of the repository.
 *
 * Returns: the entity type
 *
 * Since: 1.0
 */
GType
mikro_repository_get_entity_type (MikroRepository *self)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), G_TYPE_INVALID);

  return priv->entity_type;
}

/**
 * mikro_repository_find_one:
 * @self: a repository
 * @primary_key: the primary key; integers of any width are converted to
 *   the key's type
 * @error: return location for a #GError
 *
 * Finds the entity with @primary_key, see
 * [method@Mikro.EntityManager.find_one].
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL if there is
 *   none (then @error is not set) or on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_repository_find_one (MikroRepository  *self,
                           const GValue     *primary_key,
                           GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (G_IS_VALUE (primary_key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  em = dup_entity_manager (self, error);
  if (em == NULL)
    return NULL;
  return mikro_entity_manager_find_one (em, priv->entity_type, primary_key, error);
}

/**
 * mikro_repository_find_one_by:
 * @self: a repository
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @error: return location for a #GError
 *
 * Finds the first entity matching @filter, in primary key order, see
 * [method@Mikro.EntityManager.find_one_by].
 *
 * Returns: (transfer full) (nullable): the entity, or %NULL if none
 *   matches (then @error is not set) or on error
 *
 * Since: 1.0
 */
MikroEntity *
mikro_repository_find_one_by (MikroRepository  *self,
                              const char       *filter,
                              GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  em = dup_entity_manager (self, error);
  if (em == NULL)
    return NULL;
  return mikro_entity_manager_find_one_by (em, priv->entity_type, filter, error);
}

/**
 * mikro_repository_find_one_or_fail:
 * @self: a repository
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @error: return location for a #GError
 *
 * Like [method@Mikro.Repository.find_one_by], but no match is a
 * %MIKRO_ERROR_NOT_FOUND error naming the entity and the filter.
 *
 * Returns: (transfer full): the entity, or %NULL with @error set
 *
 * Since: 1.0
 */
MikroEntity *
mikro_repository_find_one_or_fail (MikroRepository  *self,
                                   const char       *filter,
                                   GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  em = dup_entity_manager (self, error);
  if (em == NULL)
    return NULL;
  return mikro_entity_manager_find_one_or_fail (em, priv->entity_type, filter, error);
}

/**
 * mikro_repository_find:
 * @self: a repository
 * @filter: (nullable): a FilterQuery as JSON, such as `{"name": "Ann"}`;
 *   %NULL or `{}` matches every entity
 * @error: return location for a #GError
 *
 * Finds the entities matching @filter, in primary key order, see
 * [method@Mikro.EntityManager.find].
 *
 * Returns: (transfer full): a list of the entities, or %NULL on error
 *
 * Since: 1.0
 */
GListModel *
mikro_repository_find (MikroRepository  *self,
                       const char       *filter,
                       GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  em = dup_entity_manager (self, error);
  if (em == NULL)
    return NULL;
  return mikro_entity_manager_find (em, priv->entity_type, filter, error);
}

/**
 * mikro_repository_find_all:
 * @self: a repository
 * @error: return location for a #GError
 *
 * Finds every entity of the repository's type, in primary key order: a
 * [method@Mikro.Repository.find] without a filter.
 *
 * Returns: (transfer full): a list of the entities, or %NULL on error
 *
 * Since: 1.0
 */
GListModel *
mikro_repository_find_all (MikroRepository  *self,
                           GError          **error)
{
  return mikro_repository_find (self, NULL, error);
}

/**
 * mikro_repository_count:
 * @self: a repository
 * @filter: (nullable): a FilterQuery as JSON, see
 *   [method@Mikro.EntityManager.find]
 * @error: return location for a #GError
 *
 * Counts the rows matching @filter in the database, without loading them,
 * see [method@Mikro.EntityManager.count]. Unflushed changes are not
 * counted.
 *
 * Returns: the number of matching rows, or -1 with @error set
 *
 * Since: 1.0
 */
gint64
mikro_repository_count (MikroRepository  *self,
                        const char       *filter,
                        GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  em = dup_entity_manager (self, error);
  if (em == NULL)
    return -1;
  return mikro_entity_manager_count (em, priv->entity_type, filter, error);
}

/**
 * mikro_repository_get_reference:
 * @self: a repository
 * @primary_key: the primary key; integers of any width are converted to
 *   the key's type
 * @error: return location for a #GError
 *
 * Returns the entity with @primary_key without a query, see
 * [method@Mikro.EntityManager.get_reference].
 *
 * Returns: (transfer full): the entity, or %NULL with @error set if
 *   @primary_key is not a key of the repository's type
 *
 * Since: 1.0
 */
MikroEntity *
mikro_repository_get_reference (MikroRepository  *self,
                                const GValue     *primary_key,
                                GError          **error)
{
  MikroRepositoryPrivate *priv = mikro_repository_get_instance_private (self);
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (G_IS_VALUE (primary_key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  em = dup_entity_manager (self, error);
  if (em == NULL)
    return NULL;
  return mikro_entity_manager_get_reference (em, priv->entity_type, primary_key, error);
}

/**
 * mikro_repository_persist:
 * @self: a repository
 * @entity: a new entity of the repository's type (or of a subtype)
 * @error: return location for a #GError
 *
 * Schedules @entity to be inserted by the entity manager's next flush, see
 * [method@Mikro.EntityManager.persist].
 *
 * Returns: %TRUE on success; %FALSE if @entity is not an instance of the
 *   repository's type (a %MIKRO_ERROR_VALIDATION error) or the entity
 *   manager refuses it
 *
 * Since: 1.0
 */
gboolean
mikro_repository_persist (MikroRepository  *self,
                          MikroEntity      *entity,
                          GError          **error)
{
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entity (self, entity, error))
    return FALSE;
  em = dup_entity_manager (self, error);
  if (em == NULL)
    return FALSE;
  return mikro_entity_manager_persist (em, entity, error);
}

/**
 * mikro_repository_remove:
 * @self: a repository
 * @entity: an entity of the repository's type (or of a subtype)
 * @error: return location for a #GError
 *
 * Schedules @entity to be deleted by the entity manager's next flush, see
 * [method@Mikro.EntityManager.remove].
 *
 * Returns: %TRUE on success; %FALSE if @entity is not an instance of the
 *   repository's type (a %MIKRO_ERROR_VALIDATION error) or the entity
 *   manager refuses it
 *
 * Since: 1.0
 */
gboolean
mikro_repository_remove (MikroRepository  *self,
                         MikroEntity      *entity,
                         GError          **error)
{
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entity (self, entity, error))
    return FALSE;
  em = dup_entity_manager (self, error);
  if (em == NULL)
    return FALSE;
  return mikro_entity_manager_remove (em, entity, error);
}

/**
 * mikro_repository_populate:
 * @self: a repository
 * @entity: an entity of the repository's type (or of a subtype), managed
 *   by the repository's entity manager
 * @property: the name of one of its relations
 * @error: return location for a #GError
 *
 * Loads a relation of @entity, see [method@Mikro.EntityManager.populate].
 *
 * Returns: %TRUE on success; %FALSE if @entity is not an instance of the
 *   repository's type (a %MIKRO_ERROR_VALIDATION error) or the relation
 *   could not be loaded
 *
 * Since: 1.0
 */
gboolean
mikro_repository_populate (MikroRepository  *self,
                           MikroEntity      *entity,
                           const char       *property,
                           GError          **error)
{
  g_autoptr(MikroEntityManager) em = NULL;

  g_return_val_if_fail (MIKRO_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (MIKRO_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (property != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entity (self, entity, error))
    return FALSE;
  em = dup_entity_manager (self, error);
  if (em == NULL)
    return FALSE;
  return mikro_entity_manager_populate (em, entity, property, error);
}

/**
 * mikro_entity_manager_get_repository:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @error: return location for a #GError
 *
 * Gets the repository of @entity_type on @self (MikroORM's
 * `em.getRepository()`): a plain [class@Mikro.Repository], created on the
 * first call and the same instance afterwards. It is
 * [method@Mikro.EntityManager.get_repository_of_type] with
 * %MIKRO_TYPE_REPOSITORY.
 *
 * Returns: (transfer none): the repository, owned by @self, or %NULL with
 *   a %MIKRO_ERROR_METADATA error if @entity_type is not known to the ORM
 *
 * Since: 1.0
 */
MikroRepository *
mikro_entity_manager_get_repository (MikroEntityManager  *self,
                                     GType                entity_type,
                                     GError             **error)
{
  return mikro_entity_manager_get_repository_of_type (self, entity_type,
                                                      MIKRO_TYPE_REPOSITORY, error);
}

/**
 * mikro_entity_manager_get_repository_of_type:
 * @self: an entity manager
 * @entity_type: an entity type known to the ORM
 * @repository_type: %MIKRO_TYPE_REPOSITORY or a subclass of it that is not
 *   abstract
 * @error: return location for a #GError
 *
 * Gets the instance of @repository_type for @entity_type on @self: a
 * repository subclass with the type's own queries as methods. It is
 * created on the first call, with
 * [property@Mikro.Repository:entity-manager] and
 * [property@Mikro.Repository:entity-type] set, and the same instance is
 * returned afterwards for the same two types, so a subclass may keep
 * state. The entity manager owns it; a forked entity manager has its own.
 *
 * Returns: (transfer none): the repository, owned by @self, or %NULL with
 *   a %MIKRO_ERROR_METADATA error if @entity_type is not known to the ORM,
 *   or a %MIKRO_ERROR_VALIDATION error if @repository_type is not a
 *   repository class that can be instantiated
 *
 * Since: 1.0
 */
MikroRepository *
mikro_entity_manager_get_repository_of_type (MikroEntityManager  *self,
                                             GType                entity_type,
                                             GType                repository_type,
                                             GError             **error)
{
  g_autoptr(MikroOrm) orm = NULL;
  g_autofree char *key = NULL;
  MikroRepository *repository;

  g_return_val_if_fail (MIKRO_IS_ENTITY_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_type_is_a (repository_type, MIKRO_TYPE_REPOSITORY) ||
      G_TYPE_IS_ABSTRACT (repository_type))
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_VALIDATION,
                   _("“%s” is not a repository class that can be instantiated: it must be MikroRepository or a subclass of it that is not abstract"),
                   g_type_name (repository_type) != NULL ? g_type_name (repository_type) : "(invalid)");
      return NULL;
    }

  /* one per entity type and repository class: the default repository
   * and a subclass's instance for one type are different objects */
  key = g_strdup_printf ("mikro-repository:%s:%s",
                         g_type_name (entity_type) != NULL ? g_type_name (entity_type) : "(invalid)",
                         g_type_name (repository_type));
  repository = g_object_get_data (G_OBJECT (self), key);
  if (repository != NULL)
    return repository;

  g_object_get (self, "orm", &orm, NULL);
  if (mikro_orm_get_metadata (orm, entity_type) == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_METADATA,
                   _("Entity “%s” is not known to this ORM; add it with mikro_orm_add_entity()"),
                   g_type_name (entity_type) != NULL ? g_type_name (entity_type) : "(invalid)");
      return NULL;
    }

  repository = g_object_new (repository_type,
                             "entity-manager", self,
                             "entity-type", entity_type,
                             NULL);
  g_object_set_data_full (G_OBJECT (self), key, repository, g_object_unref);
  return repository;
}
