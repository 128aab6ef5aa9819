/* mikro-sql-dialect.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Private to the GDA driver: what differs between the SQL databases. The
 * driver writes every statement itself (libgda's SQL model cannot express
 * RETURNING or upserts, and its renderers rewrite what they do not know),
 * asking the dialect only for the parts that differ. */

#pragma once

#include "mikro-driver-private.h"

G_BEGIN_DECLS

typedef struct _MikroSqlDialect MikroSqlDialect;

struct _MikroSqlDialect
{
  const char *name;
  /* libgda provider name */
  const char *provider;
  /* The character that quotes identifiers; doubled inside one. */
  char        quote;
  /* INSERT … RETURNING works through libgda (not on SQLite, §2 of
   * LIBGDA.md); otherwise the generated key is read with
   * last_insert_id_sql on the same connection. */
  gboolean    insert_returning;
  const char *last_insert_id_sql;

  /* Transactions are SQL text chosen so that libgda does not track them:
   * its per-transaction bookkeeping is O(n²) in the statements run
   * (LIBGDA.md §1.3). PostgreSQL has no untracked form. */
  const char *begin_sql[2];
  const char *commit_sql[2];
  const char *rollback_sql[2];

  /* The GType libgda can be asked to return for 64-bit and boolean
   * columns: the MySQL provider refuses gint64 (it maps BIGINT to glong)
   * and has no boolean. read_cell() converts to the property's type. */
  GType       int64_gtype;
  GType       boolean_gtype;
  /* 64-bit integer parameters are sent as text and cast to this type:
   * the MySQL provider truncates glong parameters to 32 bits. */
  const char *int64_param_cast;
  /* Timestamps are read as text: the PostgreSQL provider takes the
   * digits of a fraction of a second as a number of microseconds. */
  gboolean    timestamp_as_text;
  /* A single-precision column must be read as a gfloat (MySQL). */
  gboolean    float_as_gfloat;
  /* A blob comes back as a GdaBlob (else a GdaBinary). */
  gboolean    binary_as_blob;

  /* A function wrapped around a parameter assigned in UPDATE … SET: the
   * MySQL provider renders `col = ##p` with a NULL parameter as
   * `col IS NULL`, which is a syntax error there (COALESCE of one
   * argument is the argument). NULL where not needed. */
  const char *set_param_wrapper;

  /* Statements run once after connecting. */
  const char *session_setup_sql[3];

  /* The catalogue writes a decimal column's default with its scale
   * (MariaDB: 0.00). */
  gboolean    decimal_defaults_scaled;
  /* Boolean literals are written 1 and 0 (SQLite, MariaDB). */
  gboolean    booleans_as_integers;
  /* How the database names a primary key: the table name and a suffix
   * (PostgreSQL), one fixed name (MariaDB), or neither when it keeps no
   * name (SQLite). */
  const char *primary_key_suffix;
  const char *primary_key_fixed;
  /* The catalogue keeps foreign key names (not SQLite's). */
  gboolean    foreign_key_names;
  /* Foreign keys can be added to an existing table (not on SQLite, where
   * they are always part of CREATE TABLE and may name a table that does
   * not exist yet). */
  gboolean    alter_add_foreign_key;
  /* Dropping tables: what follows DROP TABLE (PostgreSQL's CASCADE drops
   * the foreign keys of other tables pointing at it), and statements run
   * around the drops (MariaDB turns its foreign key checks off). */
  const char *drop_table_suffix;
  const char *drop_prologue_sql;
  const char *drop_epilogue_sql;

  /* A GEnum in native mode is kept in the database's own enumeration
   * type (PostgreSQL, MariaDB), else as text. */
  gboolean    native_enums;
  /* That type is a named one of its own, created before the tables that
   * use it and listed in the model's "enums" (PostgreSQL's CREATE TYPE …
   * AS ENUM); otherwise the column type spells it inline (MariaDB's
   * enum('a','b')). */
  gboolean    enum_types;

  /* Tables can be in another schema than the connection's (PostgreSQL's
   * schemas, MariaDB's databases), created by this statement prefix
   * followed by the quoted name. */
  const char *create_db_schema_sql;
  /* Put before an INSERT, UPDATE or DELETE of a table in another schema:
   * libgda's PostgreSQL renderer refuses a quoted qualified name in the
   * statements it analyses, and leaves a WITH statement as it is. */
  const char *qualified_dml_prefix;

  /* The canonical column type of a property (newly allocated). @table is
   * the table of the entity @prop belongs to, which names its enumeration
   * type where the dialect has named ones. */
  char       *(*column_type)          (const MikroPropertyMeta *prop,
                                       const char              *table);
  /* The definition, after the column name, of an auto-increment key. */
  const char *(*autoincrement_column) (const MikroPropertyMeta *prop);
};

const MikroSqlDialect *mikro_sql_dialect_for_scheme (const char            *scheme);
void                   mikro_sql_dialect_quote      (const MikroSqlDialect *dialect,
                                                     GString               *sql,
                                                     const char            *identifier);
/* @table, qualified by its database schema @db_schema unless NULL. */
void                   mikro_sql_dialect_quote_table (const MikroSqlDialect *dialect,
                                                      GString               *sql,
                                                      const char            *db_schema,
                                                      const char            *table);

/* Whether @prop is stored in the dialect's native enumeration type. */
gboolean               mikro_sql_dialect_is_native_enum (const MikroSqlDialect   *dialect,
                                                         const MikroPropertyMeta *prop);
/* The name of the enumeration type of column @column of @table, for the
 * dialects with named ones (newly allocated). */
char                  *mikro_sql_dialect_enum_type_name (const char              *table,
                                                         const char              *column);
/* The nicks of the GEnum of @prop in declaration order, which is the
 * order of the native type's values. */
GStrv                  mikro_sql_dialect_enum_values    (const MikroPropertyMeta *prop);

G_END_DECLS
