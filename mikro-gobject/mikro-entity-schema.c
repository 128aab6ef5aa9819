/* mikro-entity-schema.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mikro-entity.h"
#include "mikro-entity-schema-private.h"
#include "mikro-private.h"
#include "mikro-property-private.h"

/**
 * MikroEntitySchema:
 *
 * The mapping of one entity type to its table or collection.
 *
 * A schema names the table and lists the properties of the entity type that
 * are persistent, each with its column name and [flags@Mikro.PropertyFlags].
 * It is how entities are described from every language: C code builds one in
 * its class_init, Python, JavaScript and Vala code after defining the class.
 *
 * ```c
 * g_autoptr(MikroEntitySchema) schema = mikro_entity_schema_new (MY_TYPE_AUTHOR, "author");
 * mikro_entity_schema_add_property (schema, "id", NULL,
 *                                   MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
 * mikro_entity_schema_add_property (schema, "name", NULL, MIKRO_PROPERTY_NONE);
 * mikro_entity_schema_register (schema);
 * ```
 *
 * The column type follows from the property's value type; the
 * [class@Mikro.Property] that [method@Mikro.EntitySchema.add_property]
 * returns refines it. A schema is a declaration: it is checked, and names
 * it leaves out are chosen by the naming strategy, when the entity type is
 * added to a [class@Mikro.Orm], which keeps the result as
 * [class@Mikro.EntityMetadata]. A property that does not exist, a type with
 * no mapping or a missing primary key is a %MIKRO_ERROR_METADATA error
 * naming the entity and the property.
 *
 * Since: 1.0
 */

struct _MikroEntitySchema
{
  GObject    parent_instance;

  GType      entity_type;
  char      *table;
  char      *db_schema;
  GPtrArray *properties;   /* MikroProperty, in the order added */
  GPtrArray *indexes;      /* MikroIndexDecl */
  GPtrArray *checks;       /* MikroCheckDecl */
  char      *discriminator_column;
  char      *discriminator_value;
  gboolean   abstract;
  gboolean   embeddable;
};

G_DEFINE_FINAL_TYPE (MikroEntitySchema, mikro_entity_schema, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY_TYPE,
  PROP_TABLE,
  PROP_ABSTRACT,
  PROP_DISCRIMINATOR_COLUMN,
  PROP_DISCRIMINATOR_VALUE,
  PROP_EMBEDDABLE,
  PROP_DB_SCHEMA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_LOCK_DEFINE_STATIC (registry);
static GQuark schema_quark;

static void
index_decl_free (gpointer data)
{
  MikroIndexDecl *decl = data;

  g_free (decl->name);
  g_strfreev (decl->properties);
  g_free (decl);
}

static void
check_decl_free (gpointer data)
{
  MikroCheckDecl *decl = data;

  g_free (decl->name);
  g_free (decl->expression);
  g_free (decl);
}

static void
mikro_entity_schema_finalize (GObject *object)
{
  MikroEntitySchema *self = (MikroEntitySchema *)object;

  g_clear_pointer (&self->properties, g_ptr_array_unref);
  g_clear_pointer (&self->indexes, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->db_schema, g_free);
  g_clear_pointer (&self->discriminator_column, g_free);
  g_clear_pointer (&self->discriminator_value, g_free);

  G_OBJECT_CLASS (mikro_entity_schema_parent_class)->finalize (object);
}

static void
mikro_entity_schema_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MikroEntitySchema *self = MIKRO_ENTITY_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_ENTITY_TYPE:
      g_value_set_gtype (value, self->entity_type);
      break;

    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;

    case PROP_ABSTRACT:
      g_value_set_boolean (value, self->abstract);
      break;

    case PROP_DISCRIMINATOR_COLUMN:
      g_value_set_string (value, self->discriminator_column);
      break;

    case PROP_DISCRIMINATOR_VALUE:
      g_value_set_string (value, self->discriminator_value);
      break;

    case PROP_EMBEDDABLE:
      g_value_set_boolean (value, self->embeddable);
      break;

    case PROP_DB_SCHEMA:
      g_value_set_string (value, self->db_schema);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_entity_schema_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MikroEntitySchema *self = MIKRO_ENTITY_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_ENTITY_TYPE:
      self->entity_type = g_value_get_gtype (value);
      break;

    case PROP_TABLE:
      g_free (self->table);
      self->table = g_value_dup_string (value);
      break;

    case PROP_ABSTRACT:
      mikro_entity_schema_set_abstract (self, g_value_get_boolean (value));
      break;

    case PROP_DISCRIMINATOR_COLUMN:
      mikro_entity_schema_set_discriminator_column (self, g_value_get_string (value));
      break;

    case PROP_DISCRIMINATOR_VALUE:
      mikro_entity_schema_set_discriminator_value (self, g_value_get_string (value));
      break;

    case PROP_EMBEDDABLE:
      self->embeddable = g_value_get_boolean (value);
      break;

    case PROP_DB_SCHEMA:
      mikro_entity_schema_set_db_schema (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mikro_entity_schema_class_init (MikroEntitySchemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mikro_entity_schema_finalize;
  object_class->get_property = mikro_entity_schema_get_property;
  object_class->set_property = mikro_entity_schema_set_property;

  /**
   * MikroEntitySchema:entity-type:
   *
   * The entity type this schema maps, a subclass of [class@Mikro.Entity]
   * (or, for an embeddable, of #GObject).
   *
   * Since: 1.0
   */
  properties[PROP_ENTITY_TYPE] =
    g_param_spec_gtype ("entity-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * MikroEntitySchema:table:
   *
   * The name of the table (SQL) or collection (MongoDB); %NULL to let the
   * naming strategy derive it from the type name.
   *
   * Since: 1.0
   */
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * MikroEntitySchema:abstract:
   *
   * Whether the entity type is an abstract base (MikroORM's mapped
   * superclass): it has no table, and the entity types deriving from it
   * map its properties in their own tables.
   *
   * Since: 1.0
   */
  properties[PROP_ABSTRACT] =
    g_param_spec_boolean ("abstract", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MikroEntitySchema:discriminator-column:
   *
   * On the root of a single-table inheritance hierarchy: the column that
   * tells which entity type a row is. The types deriving from the root
   * share its table.
   *
   * Since: 1.0
   */
  properties[PROP_DISCRIMINATOR_COLUMN] =
    g_param_spec_string ("discriminator-column", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MikroEntitySchema:discriminator-value:
   *
   * In a single-table inheritance hierarchy: the value of the discriminator
   * column for rows of this entity type; %NULL to let the naming strategy
   * derive it from the type name, as for a table.
   *
   * Since: 1.0
   */
  properties[PROP_DISCRIMINATOR_VALUE] =
    g_param_spec_string ("discriminator-value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MikroEntitySchema:embeddable:
   *
   * Whether the schema maps an embeddable: a value object whose
   * properties entities embed ([method@Mikro.EntitySchema.add_embedded]).
   *
   * Since: 1.0
   */
  properties[PROP_EMBEDDABLE] =
    g_param_spec_boolean ("embeddable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * MikroEntitySchema:db-schema:
   *
   * The database schema the table is in (MikroORM's `schema` option): a
   * PostgreSQL schema, or on MariaDB another database of the server;
   * %NULL for the connection's own. SQLite and MongoDB have no schemas:
   * their drivers refuse an entity that names one.
   *
   * Since: 1.0
   */
  properties[PROP_DB_SCHEMA] =
    g_param_spec_string ("db-schema", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  schema_quark = g_quark_from_static_string ("mikro-entity-schema");

  _mikro_i18n_init ();
}

static void
mikro_entity_schema_init (MikroEntitySchema *self)
{
  self->properties = g_ptr_array_new_with_free_func (g_object_unref);
  self->indexes = g_ptr_array_new_with_free_func (index_decl_free);
  self->checks = g_ptr_array_new_with_free_func (check_decl_free);
}

/**
 * mikro_entity_schema_new:
 * @entity_type: a subclass of [class@Mikro.Entity]
 * @table: (nullable): the table or collection name, or %NULL to let the
 *   naming strategy choose (`DemoAuthor` becomes `demo_author`)
 *
 * Creates a schema mapping @entity_type. Add the persistent properties with
 * [method@Mikro.EntitySchema.add_property], then make it known with
 * [method@Mikro.EntitySchema.register].
 *
 * Returns: (transfer full): a new schema
 *
 * Since: 1.0
 */
MikroEntitySchema *
mikro_entity_schema_new (GType       entity_type,
                         const char *table)
{
  g_return_val_if_fail (g_type_is_a (entity_type, MIKRO_TYPE_ENTITY), NULL);

  return g_object_new (MIKRO_TYPE_ENTITY_SCHEMA,
                       "entity-type", entity_type,
                       "table", table != NULL && *table != '\0' ? table : NULL,
                       NULL);
}

/**
 * mikro_entity_schema_new_for_embeddable:
 * @embeddable_type: a #GObject subclass holding a value (an address, an
 *   amount with its currency)
 *
 * Creates the schema of an embeddable (MikroORM's `@Embeddable`): its
 * mapped properties are stored with the entity that embeds it, as columns
 * of the entity's table or as one JSON column
 * ([method@Mikro.EntitySchema.add_embedded]). Map its properties with
 * [method@Mikro.EntitySchema.add_property] (no key, no version, no
 * relation) and [method@Mikro.EntitySchema.register] it.
 *
 * Returns: (transfer full): a new schema
 *
 * Since: 1.0
 */
MikroEntitySchema *
mikro_entity_schema_new_for_embeddable (GType embeddable_type)
{
  g_return_val_if_fail (g_type_is_a (embeddable_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (!g_type_is_a (embeddable_type, MIKRO_TYPE_ENTITY), NULL);

  return g_object_new (MIKRO_TYPE_ENTITY_SCHEMA,
                       "entity-type", embeddable_type,
                       "embeddable", TRUE,
                       NULL);
}

/**
 * mikro_entity_schema_get_embeddable:
 * @self: a schema
 *
 * Returns: whether @self maps an embeddable
 *
 * Since: 1.0
 */
gboolean
mikro_entity_schema_get_embeddable (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), FALSE);

  return self->embeddable;
}

/**
 * mikro_entity_schema_add_embedded:
 * @self: a schema
 * @property: the name of a property of the entity type holding an
 *   embeddable object
 * @embeddable_type: the embeddable type, or %G_TYPE_INVALID (or
 *   %G_TYPE_NONE) for the property's type
 * @flags: how the property is mapped (%MIKRO_PROPERTY_NULLABLE: the
 *   property may be %NULL, and its columns are nullable)
 *
 * Embeds the embeddable held by @property (MikroORM's `@Embedded`): each
 * of its mapped properties becomes a column of the entity's table, named
 * with a prefix ([property@Mikro.Property:prefix], `<property>_` unless
 * set: `address` → `address_city`), or, with
 * [method@Mikro.Property.set_as_object], the whole object is one JSON
 * column.
 *
 * Changing a property of the embedded object is a change of the entity:
 * the next flush writes it.
 *
 * Returns: (transfer none): the mapping of the embedded property
 *
 * Since: 1.0
 */
MikroProperty *
mikro_entity_schema_add_embedded (MikroEntitySchema  *self,
                                  const char         *property,
                                  GType               embeddable_type,
                                  MikroPropertyFlags  flags)
{
  MikroProperty *prop;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  prop = _mikro_property_new (property, NULL, flags);
  _mikro_property_set_embedded (prop, embeddable_type == G_TYPE_INVALID ? G_TYPE_NONE : embeddable_type);
  g_ptr_array_add (self->properties, prop);

  return prop;
}

/**
 * mikro_entity_schema_set_abstract:
 * @self: a schema
 * @abstract: whether the entity type is an abstract base
 *
 * Makes the entity type an abstract base (MikroORM's mapped superclass):
 * it has no table and cannot be added to an ORM, and the entity types
 * deriving from it map its properties, indexes and checks as their own.
 *
 * ```c
 * // every entity has an id and a creation time
 * schema = mikro_entity_schema_new (MY_TYPE_BASE_ENTITY, NULL);
 * mikro_entity_schema_set_abstract (schema, TRUE);
 * mikro_entity_schema_add_property (schema, "id", NULL,
 *                                   MIKRO_PROPERTY_PRIMARY_KEY | MIKRO_PROPERTY_GENERATED);
 * mikro_entity_schema_add_property (schema, "created-at", NULL, MIKRO_PROPERTY_NONE);
 * ```
 *
 * Since: 1.0
 */
void
mikro_entity_schema_set_abstract (MikroEntitySchema *self,
                                  gboolean           abstract)
{
  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));

  abstract = !!abstract;
  if (self->abstract == abstract)
    return;
  self->abstract = abstract;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABSTRACT]);
}

/**
 * mikro_entity_schema_get_abstract:
 * @self: a schema
 *
 * Returns: whether the entity type is an abstract base
 *
 * Since: 1.0
 */
gboolean
mikro_entity_schema_get_abstract (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), FALSE);

  return self->abstract;
}

/**
 * mikro_entity_schema_set_discriminator_column:
 * @self: the schema of the root of a hierarchy
 * @column: (nullable): the discriminator column, or %NULL for no
 *   single-table inheritance
 *
 * Makes the entity type the root of a single-table inheritance hierarchy:
 * it and every entity type deriving from it (with a schema of its own,
 * listing the properties it adds) share one table, whose @column says
 * which type each row is. Queries on a type find its rows and those of
 * the types deriving from it, each loaded as its own type.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_set_discriminator_column (MikroEntitySchema *self,
                                              const char        *column)
{
  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));

  if (g_strcmp0 (self->discriminator_column, column) == 0)
    return;
  g_free (self->discriminator_column);
  self->discriminator_column = g_strdup (column);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCRIMINATOR_COLUMN]);
}

/**
 * mikro_entity_schema_get_discriminator_column:
 * @self: a schema
 *
 * Returns: (nullable): the discriminator column of a hierarchy's root
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_discriminator_column (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  return self->discriminator_column;
}

/**
 * mikro_entity_schema_set_discriminator_value:
 * @self: a schema in a single-table inheritance hierarchy
 * @value: (nullable): the discriminator value of the entity type's rows,
 *   or %NULL to let the naming strategy choose
 *
 * Sets the value of the discriminator column that marks rows of this
 * entity type (MikroORM's discriminator map, one entry per type).
 *
 * Since: 1.0
 */
void
mikro_entity_schema_set_discriminator_value (MikroEntitySchema *self,
                                             const char        *value)
{
  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));

  if (g_strcmp0 (self->discriminator_value, value) == 0)
    return;
  g_free (self->discriminator_value);
  self->discriminator_value = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCRIMINATOR_VALUE]);
}

/**
 * mikro_entity_schema_set_db_schema:
 * @self: a schema
 * @db_schema: (nullable): the database schema of the entity's table, or
 *   %NULL (or "") for the connection's own
 *
 * Puts the entity's table in another database schema, as MikroORM's
 * `@Entity({ schema })`: a PostgreSQL schema, created with the tables if
 * missing, or on MariaDB another database of the same server. The pivot
 * tables of the entity's many-to-many relations go there too, and the
 * entity types of its single-table hierarchy share it.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_set_db_schema (MikroEntitySchema *self,
                                   const char        *db_schema)
{
  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));

  if (db_schema != NULL && *db_schema == '\0')
    db_schema = NULL;
  if (g_strcmp0 (self->db_schema, db_schema) == 0)
    return;
  g_free (self->db_schema);
  self->db_schema = g_strdup (db_schema);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB_SCHEMA]);
}

/**
 * mikro_entity_schema_get_db_schema:
 * @self: a schema
 *
 * Returns: (nullable): the database schema of the entity's table, or
 *   %NULL for the connection's own
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_db_schema (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  return self->db_schema;
}

/**
 * mikro_entity_schema_get_discriminator_value:
 * @self: a schema
 *
 * Returns: (nullable): the discriminator value, if set
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_discriminator_value (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  return self->discriminator_value;
}

/**
 * mikro_entity_schema_add_property:
 * @self: a schema
 * @property: the name of a property of the entity type
 * @column: (nullable): the column name, or %NULL to let the naming
 *   strategy derive it from the property name (`born-on` becomes `born_on`)
 * @flags: how the property is mapped
 *
 * Makes @property persistent (or, with %MIKRO_PROPERTY_VIRTUAL, known to
 * the ORM but not stored). The property is looked up, and its type
 * checked, when the entity type is added to a [class@Mikro.Orm].
 *
 * Returns: (transfer none): the mapping of the property, to refine with
 *   its setters
 *
 * Since: 1.0
 */
MikroProperty *
mikro_entity_schema_add_property (MikroEntitySchema  *self,
                                  const char         *property,
                                  const char         *column,
                                  MikroPropertyFlags  flags)
{
  MikroProperty *prop;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  prop = _mikro_property_new (property, column, flags);
  g_ptr_array_add (self->properties, prop);

  return prop;
}

/**
 * mikro_entity_schema_add_relation:
 * @self: a schema
 * @property: the name of a property of the entity type
 * @kind: the kind of relation
 * @target: the entity type at the other end, or %G_TYPE_INVALID (or
 *   %G_TYPE_NONE, which Python and JavaScript can pass) for a to-one
 *   relation whose property type is the target
 * @flags: how the property is mapped (%MIKRO_PROPERTY_NULLABLE,
 *   %MIKRO_PROPERTY_EAGER, %MIKRO_PROPERTY_ORPHAN_REMOVAL,
 *   %MIKRO_PROPERTY_PRIMARY_KEY for a key that is a foreign key, …)
 *
 * Maps @property as a relation to @target. A many-to-one or an owning
 * one-to-one is a property whose value type is an entity type; its join
 * column is the returned mapping's [property@Mikro.Property:column]. A
 * one-to-many or many-to-many is a property of type [class@Mikro.Collection],
 * which the entity creates when it is constructed.
 *
 * ```c
 * // Book.author: many books, one author
 * mikro_entity_schema_add_relation (schema, "author", MIKRO_RELATION_MANY_TO_ONE,
 *                                   G_TYPE_INVALID, MIKRO_PROPERTY_NONE);
 * // Author.books: the inverse side
 * prop = mikro_entity_schema_add_relation (schema, "books", MIKRO_RELATION_ONE_TO_MANY,
 *                                          MY_TYPE_BOOK, MIKRO_PROPERTY_NONE);
 * mikro_property_set_mapped_by (prop, "author");
 * ```
 *
 * Everything is checked when the entity type is added to a
 * [class@Mikro.Orm], which adds the related entity types with it.
 *
 * Returns: (transfer none): the mapping of the relation, to refine with
 *   its setters
 *
 * Since: 1.0
 */
MikroProperty *
mikro_entity_schema_add_relation (MikroEntitySchema  *self,
                                  const char         *property,
                                  MikroRelationKind   kind,
                                  GType               target,
                                  MikroPropertyFlags  flags)
{
  MikroProperty *prop;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);
  g_return_val_if_fail (kind != MIKRO_RELATION_NONE, NULL);

  prop = _mikro_property_new (property, NULL, flags);
  _mikro_property_set_relation (prop, kind, target);
  g_ptr_array_add (self->properties, prop);

  return prop;
}

/**
 * mikro_entity_schema_find_property:
 * @self: a schema
 * @property: a property name
 *
 * Returns: (transfer none) (nullable): the mapping of @property, or %NULL
 *   if it was not added
 *
 * Since: 1.0
 */
MikroProperty *
mikro_entity_schema_find_property (MikroEntitySchema *self,
                                   const char        *property)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  for (guint i = 0; i < self->properties->len; i++)
    {
      MikroProperty *prop = g_ptr_array_index (self->properties, i);

      if (g_str_equal (mikro_property_get_name (prop), property))
        return prop;
    }

  return NULL;
}

static char **
copy_names (const char * const *names)
{
  return g_strdupv ((char **)names);
}

static void
add_index (MikroEntitySchema  *self,
           const char         *name,
           const char * const *properties_,
           gboolean            unique)
{
  MikroIndexDecl *decl = g_new0 (MikroIndexDecl, 1);

  decl->name = g_strdup (name);
  decl->properties = copy_names (properties_);
  decl->unique = unique;
  g_ptr_array_add (self->indexes, decl);
}

/**
 * mikro_entity_schema_add_index:
 * @self: a schema
 * @name: (nullable): the index name, or %NULL to let the naming strategy
 *   choose (`author_name_born_index`)
 * @property_names: (array zero-terminated=1): the properties indexed, in order
 *
 * Declares an index over one or more properties.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_add_index (MikroEntitySchema  *self,
                               const char         *name,
                               const char * const *property_names)
{
  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));
  g_return_if_fail (property_names != NULL && property_names[0] != NULL);

  add_index (self, name, property_names, FALSE);
}

/**
 * mikro_entity_schema_add_unique:
 * @self: a schema
 * @name: (nullable): the constraint name, or %NULL to let the naming
 *   strategy choose (`author_name_email_unique`)
 * @property_names: (array zero-terminated=1): the properties whose combined
 *   values must be unique
 *
 * Declares a unique constraint over one or more properties.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_add_unique (MikroEntitySchema  *self,
                                const char         *name,
                                const char * const *property_names)
{
  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));
  g_return_if_fail (property_names != NULL && property_names[0] != NULL);

  add_index (self, name, property_names, TRUE);
}

/**
 * mikro_entity_schema_add_check:
 * @self: a schema
 * @name: (nullable): the constraint name, or %NULL to let the naming
 *   strategy choose (`author_check`, numbered from the second one on)
 * @expression: an SQL boolean expression over the table's columns
 *
 * Declares a check constraint. MongoDB ignores check constraints.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_add_check (MikroEntitySchema *self,
                               const char        *name,
                               const char        *expression)
{
  MikroCheckDecl *decl;

  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));
  g_return_if_fail (expression != NULL);

  decl = g_new0 (MikroCheckDecl, 1);
  decl->name = g_strdup (name);
  decl->expression = g_strdup (expression);
  g_ptr_array_add (self->checks, decl);
}

/**
 * mikro_entity_schema_get_entity_type:
 * @self: a schema
 *
 * Returns: the entity type this schema maps
 *
 * Since: 1.0
 */
GType
mikro_entity_schema_get_entity_type (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), G_TYPE_INVALID);

  return self->entity_type;
}

/**
 * mikro_entity_schema_get_table:
 * @self: a schema
 *
 * Returns: (nullable): the table or collection name, or %NULL if the
 *   naming strategy chooses it
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_table (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  return self->table;
}

/**
 * mikro_entity_schema_get_primary_key:
 * @self: a schema
 *
 * Returns: (nullable): the name of the primary key property, or %NULL if
 *   none was declared
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_primary_key (MikroEntitySchema *self)
{
  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  for (guint i = 0; i < self->properties->len; i++)
    {
      MikroProperty *prop = g_ptr_array_index (self->properties, i);

      if (mikro_property_get_flags (prop) & MIKRO_PROPERTY_PRIMARY_KEY)
        return mikro_property_get_name (prop);
    }

  return NULL;
}

/**
 * mikro_entity_schema_list_properties:
 * @self: a schema
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   mapped properties, in the order they were added
 *
 * Since: 1.0
 */
char **
mikro_entity_schema_list_properties (MikroEntitySchema *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (MIKRO_IS_ENTITY_SCHEMA (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->properties->len; i++)
    g_strv_builder_add (builder, mikro_property_get_name (g_ptr_array_index (self->properties, i)));

  return g_strv_builder_end (builder);
}

/**
 * mikro_entity_schema_get_column:
 * @self: a schema
 * @property: a mapped property
 *
 * Returns: (nullable): the column @property was given, or %NULL if it is
 *   not mapped or the naming strategy chooses its column
 *
 * Since: 1.0
 */
const char *
mikro_entity_schema_get_column (MikroEntitySchema *self,
                                const char        *property)
{
  MikroProperty *prop = mikro_entity_schema_find_property (self, property);

  return prop != NULL ? mikro_property_get_column (prop) : NULL;
}

/**
 * mikro_entity_schema_get_flags:
 * @self: a schema
 * @property: a mapped property
 *
 * Returns: the flags @property was added with, or %MIKRO_PROPERTY_NONE if it
 *   is not mapped
 *
 * Since: 1.0
 */
MikroPropertyFlags
mikro_entity_schema_get_flags (MikroEntitySchema *self,
                               const char        *property)
{
  MikroProperty *prop = mikro_entity_schema_find_property (self, property);

  return prop != NULL ? mikro_property_get_flags (prop) : MIKRO_PROPERTY_NONE;
}

/**
 * mikro_entity_schema_register:
 * @self: a schema
 *
 * Makes @self the schema of its entity type, replacing any schema
 * registered before. A [class@Mikro.Orm] finds it there when the entity
 * type is added.
 *
 * Since: 1.0
 */
void
mikro_entity_schema_register (MikroEntitySchema *self)
{
  MikroEntitySchema *previous;

  g_return_if_fail (MIKRO_IS_ENTITY_SCHEMA (self));

  G_LOCK (registry);
  previous = g_type_get_qdata (self->entity_type, schema_quark);
  g_type_set_qdata (self->entity_type, schema_quark, g_object_ref (self));
  G_UNLOCK (registry);

  /* An ORM that discovered the previous schema keeps its own reference. */
  g_clear_object (&previous);
}

/**
 * mikro_entity_schema_lookup:
 * @entity_type: an entity type
 *
 * Returns: (transfer none) (nullable): the schema registered for
 *   @entity_type, or %NULL
 *
 * Since: 1.0
 */
MikroEntitySchema *
mikro_entity_schema_lookup (GType entity_type)
{
  MikroEntitySchema *schema;

  if (schema_quark == 0)
    return NULL;

  G_LOCK (registry);
  schema = g_type_get_qdata (entity_type, schema_quark);
  G_UNLOCK (registry);

  return schema;
}

GPtrArray *
_mikro_entity_schema_get_declarations (MikroEntitySchema *self)
{
  return self->properties;
}

GPtrArray *
_mikro_entity_schema_get_indexes (MikroEntitySchema *self)
{
  return self->indexes;
}

GPtrArray *
_mikro_entity_schema_get_checks (MikroEntitySchema *self)
{
  return self->checks;
}
