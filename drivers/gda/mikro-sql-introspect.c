/* mikro-sql-introspect.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The schema model (docs/schema-model.md) read back from the live
 * catalogue. libgda's GdaMetaStore cannot do it: it fails on PostgreSQL
 * ≥ 12 and on MariaDB's information_schema (LIBGDA.md §4), so each
 * dialect has its own few queries, run through the driver's statement
 * cache with every parameter a string and every column type forced.
 *
 * Each dialect fills the same C structures; the rules of the model that
 * do not depend on the database (sorting, primary key columns never
 * nullable, the JSON shape) are applied once, when the document is built. */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mikro-gda-driver-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GdaDataModel, g_object_unref)

typedef struct
{
  char     *name;
  char     *type;
  gboolean  nullable;
  char     *default_value;   /* SQL expression, NULL for none */
  gboolean  autoincrement;
  char     *enum_type;       /* PostgreSQL: the OID of its enumeration type, or NULL */
  char     *enum_schema;     /* and the schema of that type */
} Column;

/* Primary keys and indexes. */
typedef struct
{
  char      *name;
  GPtrArray *columns;   /* char *, NULL for an expression */
  gboolean   unique;
} Index;

typedef struct
{
  char      *name;
  GPtrArray *columns;
  char      *referenced_table;
  char      *referenced_schema;   /* in the model: NULL for the connection's */
  GPtrArray *referenced_columns;
  char      *on_delete;
  char      *on_update;
} ForeignKey;

typedef struct
{
  char *name;
  char *expression;
} Check;

typedef struct
{
  char      *name;
  char      *schema;         /* in the model: NULL for the connection's */
  char      *namespace;      /* where it is: never NULL but on SQLite */
  GPtrArray *columns;        /* Column * */
  Index     *primary_key;
  GPtrArray *indexes;        /* Index * */
  GPtrArray *foreign_keys;   /* ForeignKey * */
  GPtrArray *checks;         /* Check * */
} Table;

/* A named enumeration type (PostgreSQL). */
typedef struct
{
  char      *name;
  char      *schema;   /* in the model: NULL for the connection's */
  GPtrArray *values;   /* char *, in the type's order */
} EnumType;

static void
column_free (Column *column)
{
  g_free (column->name);
  g_free (column->type);
  g_free (column->default_value);
  g_free (column->enum_type);
  g_free (column->enum_schema);
  g_free (column);
}

static void
enum_type_free (EnumType *type)
{
  g_free (type->name);
  g_free (type->schema);
  g_ptr_array_unref (type->values);
  g_free (type);
}

static Index *
index_new (const char *name,
           gboolean    unique)
{
  Index *index = g_new0 (Index, 1);

  index->name = g_strdup (name);
  index->columns = g_ptr_array_new_with_free_func (g_free);
  index->unique = unique;
  return index;
}

static void
index_free (Index *index)
{
  g_free (index->name);
  g_ptr_array_unref (index->columns);
  g_free (index);
}

static ForeignKey *
foreign_key_new (const char *name)
{
  ForeignKey *fk = g_new0 (ForeignKey, 1);

  fk->name = g_strdup (name);
  fk->columns = g_ptr_array_new_with_free_func (g_free);
  fk->referenced_columns = g_ptr_array_new_with_free_func (g_free);
  return fk;
}

static void
foreign_key_free (ForeignKey *fk)
{
  g_free (fk->name);
  g_ptr_array_unref (fk->columns);
  g_free (fk->referenced_table);
  g_free (fk->referenced_schema);
  g_ptr_array_unref (fk->referenced_columns);
  g_free (fk->on_delete);
  g_free (fk->on_update);
  g_free (fk);
}

static void
check_free (Check *check)
{
  g_free (check->name);
  g_free (check->expression);
  g_free (check);
}

static Table *
table_new (const char *name,
           const char *schema,
           const char *namespace)
{
  Table *table = g_new0 (Table, 1);

  table->name = g_strdup (name);
  table->schema = g_strdup (schema);
  table->namespace = g_strdup (namespace);
  table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)column_free);
  table->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify)index_free);
  table->foreign_keys = g_ptr_array_new_with_free_func ((GDestroyNotify)foreign_key_free);
  table->checks = g_ptr_array_new_with_free_func ((GDestroyNotify)check_free);
  return table;
}

static void
table_free (Table *table)
{
  g_free (table->name);
  g_free (table->schema);
  g_free (table->namespace);
  g_ptr_array_unref (table->columns);
  g_clear_pointer (&table->primary_key, index_free);
  g_ptr_array_unref (table->indexes);
  g_ptr_array_unref (table->foreign_keys);
  g_ptr_array_unref (table->checks);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static void
check_add (Table      *table,
           const char *name,
           const char *expression)
{
  Check *check = g_new0 (Check, 1);

  check->name = g_strdup (name);
  check->expression = g_strdup (expression);
  g_ptr_array_add (table->checks, check);
}

/* Catalogue access */

/* A schema as the model names it: not at all for the connection's own
 * (newly allocated). */
static char *
model_schema (MikroGdaDriver *self,
              const char     *namespace)
{
  const char *connection = _mikro_gda_driver_peek_default_schema (self);

  if (namespace == NULL || g_strcmp0 (namespace, connection) == 0)
    return NULL;
  return g_strdup (namespace);
}

/* Runs one catalogue query; on failure the error says which catalogue and
 * what was being read (@what, translated: "columns", "indexes", …), and
 * keeps the database's own message. */
static GdaDataModel *
query (MikroGdaDriver      *self,
       const char          *what,
       const char          *table,
       const char          *sql,
       const char * const  *params,
       GType               *col_types,
       GError             **error)
{
  GdaDataModel *model = _mikro_gda_driver_select (self, sql, params, col_types, error);

  if (model == NULL)
    {
      /* Translators: the first %s is what was read ("columns", "indexes",
       * …), the last the database (sqlite, postgresql, mysql). */
      if (table != NULL)
        g_prefix_error (error, _("Could not read the %s of table “%s” from the %s catalogue: "),
                        what, table, _mikro_gda_driver_get_dialect (self)->name);
      else
        g_prefix_error (error, _("Could not read the %s from the %s catalogue: "),
                        what, _mikro_gda_driver_get_dialect (self)->name);
    }
  return model;
}

static gboolean
cell_error (MikroGdaDriver  *self,
            GdaDataModel    *model,
            int              col,
            int              row,
            const char      *detail,
            GError         **error)
{
  GdaColumn *column = gda_data_model_describe_column (model, col);

  g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
               _("The %s catalogue returned an unexpected value in column “%s” of row %d: %s"),
               _mikro_gda_driver_get_dialect (self)->name,
               column != NULL ? gda_column_get_name (column) : "?", row, detail);
  return FALSE;
}

/* The text of a cell, NULL for SQL NULL. With the column type forced to
 * string every catalogue column measured comes back as a string; bytes
 * (what the meta store gets for MariaDB's text columns, LIBGDA.md §4) are
 * taken as UTF-8 all the same rather than failing on another version. */
static gboolean
get_text (MikroGdaDriver  *self,
          GdaDataModel    *model,
          int              col,
          int              row,
          char           **out,
          GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const GValue *cell = gda_data_model_get_value_at (model, col, row, &local_error);
  GType type;

  *out = NULL;
  if (cell == NULL)
    return cell_error (self, model, col, row,
                       local_error != NULL ? local_error->message : _("no value"), error);

  type = G_VALUE_TYPE (cell);
  if (type == GDA_TYPE_NULL || type == G_TYPE_INVALID)
    return TRUE;

  if (type == G_TYPE_STRING)
    *out = g_value_dup_string (cell);
  else if (type == GDA_TYPE_BINARY || type == GDA_TYPE_BLOB)
    {
      const GdaBinary *binary = type == GDA_TYPE_BINARY
        ? gda_value_get_binary (cell)
        : &gda_value_get_blob (cell)->data;

      if (binary->binary_length < 0 ||
          !g_utf8_validate ((const char *)binary->data, binary->binary_length, NULL))
        return cell_error (self, model, col, row, _("text that is not UTF-8"), error);
      *out = g_strndup ((const char *)binary->data, binary->binary_length);
    }
  else
    *out = gda_value_stringify (cell);

  return TRUE;
}

static gboolean
get_int (MikroGdaDriver  *self,
         GdaDataModel    *model,
         int              col,
         int              row,
         int             *out,
         GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const GValue *cell = gda_data_model_get_value_at (model, col, row, &local_error);
  g_auto(GValue) as_int = G_VALUE_INIT;

  *out = 0;
  if (cell == NULL)
    return cell_error (self, model, col, row,
                       local_error != NULL ? local_error->message : _("no value"), error);

  if (G_VALUE_TYPE (cell) == GDA_TYPE_NULL)
    return TRUE;
  if (G_VALUE_HOLDS_INT (cell))
    {
      *out = g_value_get_int (cell);
      return TRUE;
    }

  g_value_init (&as_int, G_TYPE_INT);
  if (!g_value_transform (cell, &as_int))
    return cell_error (self, model, col, row, g_type_name (G_VALUE_TYPE (cell)), error);
  *out = g_value_get_int (&as_int);
  return TRUE;
}

/* Text helpers */

static gboolean
is_number (const char *text)
{
  const char *p = text;
  const char *digits;

  if (*p == '-' || *p == '+')
    p++;
  digits = p;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    p++;
  while (g_ascii_isdigit (*p))
    p++;
  /* At least one digit, not a lone "." */
  if (p == digits || (p == digits + 1 && *digits == '.'))
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* Where the quoted text starting at @p (on its opening quote) ends: just
 * after the closing quote, a doubled quote being part of the text. */
static const char *
skip_quoted (const char *p)
{
  char quote = *p == '[' ? ']' : *p;

  for (p++; *p != '\0'; p++)
    {
      if (*p == quote)
        {
          if (quote != ']' && p[1] == quote)
            p++;
          else
            return p + 1;
        }
    }
  return p;
}

static gboolean
is_quote (char c)
{
  return c == '\'' || c == '"' || c == '`';
}

/* Lower-cases keywords and function names, leaving string literals and
 * quoted identifiers alone: CURRENT_TIMESTAMP → current_timestamp. */
static char *
lower_outside_quotes (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    {
      if (is_quote (*p))
        {
          const char *end = skip_quoted (p);

          g_string_append_len (out, p, end - p);
          p = end;
        }
      else
        g_string_append_c (out, g_ascii_tolower (*p++));
    }
  return g_string_free (out, FALSE);
}

/* Where the parenthesis at @p closes, or NULL. */
static const char *
find_closing_paren (const char *p)
{
  int depth = 0;

  while (*p != '\0')
    {
      if (is_quote (*p))
        {
          p = skip_quoted (p);
          continue;
        }
      if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        return p;
      p++;
    }
  return NULL;
}

/* Removes one pair of parentheses around the whole of @text (not the two
 * of "(a > 0) AND (b > 0)") and the spaces around it. Takes @text. */
static char *
strip_outer_parens (char *text)
{
  const char *close;

  g_strstrip (text);
  if (text[0] == '(' && (close = find_closing_paren (text)) != NULL && close[1] == '\0')
    {
      char *inner = g_strndup (text + 1, close - text - 1);

      g_free (text);
      return g_strstrip (inner);
    }
  return text;
}

/* Normalised defaults, per docs/schema-model.md: NULL for none. */

/* SQLite keeps the text of the DEFAULT clause (without the parentheses
 * of DEFAULT (expr)); booleans become 1/0 as SQLite stores them. */
static char *
normalize_sqlite_default (const char *dflt)
{
  g_autofree char *text = NULL;

  if (dflt == NULL)
    return NULL;
  text = lower_outside_quotes (dflt);
  g_strstrip (text);
  if (*text == '\0' || g_str_equal (text, "null"))
    return NULL;
  if (g_str_equal (text, "true"))
    return g_strdup ("1");
  if (g_str_equal (text, "false"))
    return g_strdup ("0");
  return g_steal_pointer (&text);
}

/* Whether the type a PostgreSQL literal is cast to takes a bare number. */
static gboolean
is_pg_numeric_type (const char *type)
{
  static const char *const numeric[] = {
    "smallint", "integer", "bigint", "real", "double precision", "numeric", "decimal",
  };

  for (guint i = 0; i < G_N_ELEMENTS (numeric); i++)
    {
      gsize len = strlen (numeric[i]);

      if (g_ascii_strncasecmp (type, numeric[i], len) == 0 &&
          (type[len] == '\0' || type[len] == '('))
        return TRUE;
    }
  return FALSE;
}

/* Reads the "::type" suffixes from @p to the end of the text into
 * @last_type (the outermost cast); FALSE if anything else follows. */
static gboolean
read_pg_casts (const char  *p,
               char       **last_type)
{
  *last_type = NULL;
  while (*p != '\0')
    {
      const char *type_start;

      if (p[0] != ':' || p[1] != ':')
        goto not_casts;
      type_start = p += 2;
      while (*p != '\0' && *p != ':')
        {
          if (*p == '"')
            p = skip_quoted (p);
          else if (g_ascii_isalnum (*p) || strchr ("_ .[](),", *p) != NULL)
            p++;
          else
            goto not_casts;
        }
      if (p == type_start)
        goto not_casts;
      g_free (*last_type);
      *last_type = g_strndup (type_start, p - type_start);
    }
  return TRUE;

not_casts:
  g_clear_pointer (last_type, g_free);
  return FALSE;
}

/* PostgreSQL deparses a literal default with the cast it applied:
 * 'x'::character varying, '-1'::integer, (0)::double precision,
 * NULL::text. The cast goes, and a number cast to a numeric type is bare.
 * Anything else (functions, expressions) is kept, lower-cased outside
 * quotes: CURRENT_TIMESTAMP → current_timestamp. */
static char *
normalize_pg_default (const char *dflt)
{
  const char *p = dflt;
  const char *end;
  g_autofree char *literal = NULL;
  g_autofree char *type = NULL;
  gboolean string = FALSE;

  if (dflt == NULL || g_ascii_strcasecmp (dflt, "NULL") == 0 ||
      g_ascii_strncasecmp (dflt, "NULL::", 6) == 0)
    return NULL;

  if (*p == '\'' || ((*p == 'E' || *p == 'e') && p[1] == '\''))
    {
      end = skip_quoted (*p == '\'' ? p : p + 1);
      literal = g_strndup (p, end - p);
      string = *p == '\'';
    }
  else if (*p == '(')
    {
      /* (0)::double precision, or a cast of a cast:
       * ('-2'::integer)::numeric(4,1). */
      const char *close = find_closing_paren (p);
      g_autofree char *inner = NULL;

      if (close == NULL)
        return lower_outside_quotes (dflt);
      inner = g_strndup (p + 1, close - p - 1);
      literal = normalize_pg_default (g_strstrip (inner));
      end = close + 1;
      if (literal == NULL)
        return read_pg_casts (end, &type) ? NULL : lower_outside_quotes (dflt);
      string = literal[0] == '\'' && *skip_quoted (literal) == '\0';
    }
  else
    {
      end = strstr (p, "::");
      if (end == NULL)
        return lower_outside_quotes (dflt);
      literal = g_strndup (p, end - p);
    }

  if (!string && *literal != 'E' && *literal != 'e' && !is_number (literal))
    return lower_outside_quotes (dflt);
  if (!read_pg_casts (end, &type) || type == NULL)
    return lower_outside_quotes (dflt);

  if (string && is_pg_numeric_type (type))
    {
      g_autofree char *content = g_strndup (literal + 1, strlen (literal) - 2);

      if (is_number (content))
        return g_steal_pointer (&content);
    }

  return g_steal_pointer (&literal);
}

/* MariaDB quotes string defaults itself, so an unquoted NULL is SQL NULL;
 * functions come lower-cased with their parentheses (current_timestamp()). */
static char *
normalize_mysql_default (const char *dflt)
{
  if (dflt == NULL || g_ascii_strcasecmp (dflt, "NULL") == 0)
    return NULL;
  return lower_outside_quotes (dflt);
}

/* SQLite: the declared type lower-cased, runs of spaces made one and the
 * spaces next to parentheses and commas dropped ("VARCHAR( 255 )" and
 * "numeric(10, 2)" are varchar(255) and numeric(10,2)). */
static char *
normalize_sqlite_type (const char *type)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = type != NULL ? type : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && strchr ("(),", *p) == NULL &&
          strchr ("(,", out->str[out->len - 1]) == NULL)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

/* MariaDB: COLUMN_TYPE without the display width of integer types
 * (bigint(20) unsigned → bigint unsigned), except tinyint(1), the boolean. */
static char *
normalize_mysql_type (const char *type)
{
  static const char *const integers[] = { "tinyint", "smallint", "mediumint", "int", "bigint" };

  for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
    {
      gsize len = strlen (integers[i]);
      const char *close;

      if (strncmp (type, integers[i], len) != 0 || type[len] != '(' ||
          (close = strchr (type + len, ')')) == NULL)
        continue;
      if (g_str_equal (integers[i], "tinyint") && strncmp (type + len, "(1)", 3) == 0)
        break;
      return g_strconcat (integers[i], close + 1, NULL);
    }
  return g_strdup (type);
}

/* SQLite's CREATE TABLE text: the catalogue keeps check constraints and
 * AUTOINCREMENT nowhere else. */

typedef enum
{
  TOKEN_END,
  TOKEN_WORD,
  TOKEN_QUOTED,   /* "identifier", `identifier`, [identifier] or 'string' */
  TOKEN_PUNCT,
} TokenType;

typedef struct
{
  TokenType   type;
  const char *start;
  const char *end;
} Token;

static const char *
skip_space_and_comments (const char *p)
{
  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          p = end != NULL ? end + 2 : p + strlen (p);
        }
      else
        return p;
    }
}

static const char *
next_token (const char *p,
            Token      *token)
{
  p = skip_space_and_comments (p);
  token->start = p;

  if (*p == '\0')
    token->type = TOKEN_END;
  else if (is_quote (*p) || *p == '[')
    {
      token->type = TOKEN_QUOTED;
      p = skip_quoted (p);
    }
  else if (g_ascii_isalnum (*p) || *p == '_' || *p == '$' || (guchar)*p >= 0x80)
    {
      token->type = TOKEN_WORD;
      while (g_ascii_isalnum (*p) || *p == '_' || *p == '$' || (guchar)*p >= 0x80)
        p++;
    }
  else
    {
      token->type = TOKEN_PUNCT;
      p++;
    }

  token->end = p;
  return p;
}

static gboolean
token_is (const Token *token,
          const char  *word)
{
  gsize len = strlen (word);

  return token->type == TOKEN_WORD && (gsize)(token->end - token->start) == len &&
         g_ascii_strncasecmp (token->start, word, len) == 0;
}

/* An identifier token without its quotes. */
static char *
token_identifier (const Token *token)
{
  GString *out;
  char quote;

  if (token->type != TOKEN_QUOTED)
    return g_strndup (token->start, token->end - token->start);

  quote = *token->start == '[' ? ']' : *token->start;
  out = g_string_new (NULL);
  for (const char *p = token->start + 1; p < token->end - 1; p++)
    {
      if (*p == quote && quote != ']' && p + 1 < token->end - 1 && p[1] == quote)
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Collects CHECK constraints ("CONSTRAINT name CHECK (…)", or unnamed)
 * into @table and tells whether a column is AUTOINCREMENT (only an
 * INTEGER PRIMARY KEY can be, so the table's key column is the one). */
static void
parse_sqlite_table_sql (const char *sql,
                        Table      *table,
                        gboolean   *autoincrement)
{
  Token previous[2] = { { TOKEN_END, NULL, NULL }, { TOKEN_END, NULL, NULL } };
  Token token;
  const char *p = sql;

  *autoincrement = FALSE;
  if (sql == NULL)
    return;

  for (p = next_token (p, &token); token.type != TOKEN_END; p = next_token (p, &token))
    {
      if (token_is (&token, "AUTOINCREMENT"))
        *autoincrement = TRUE;
      else if (token_is (&token, "CHECK"))
        {
          Token open;
          const char *after = next_token (p, &open);
          const char *close;

          if (open.type == TOKEN_PUNCT && *open.start == '(' &&
              (close = find_closing_paren (open.start)) != NULL)
            {
              g_autofree char *name = NULL;
              g_autofree char *expression = NULL;

              if (token_is (&previous[0], "CONSTRAINT") &&
                  (previous[1].type == TOKEN_WORD || previous[1].type == TOKEN_QUOTED))
                name = token_identifier (&previous[1]);
              /* The parentheses of CHECK (…) are syntax; a pair around
               * the whole expression inside them goes too, as on the
               * other databases. */
              expression = strip_outer_parens (g_strndup (open.start + 1, close - open.start - 1));
              check_add (table, name, expression);
              after = close + 1;
            }
          p = after;
        }

      previous[0] = previous[1];
      previous[1] = token;
    }
}

static const char *
referential_action (const char *rule)
{
  /* The catalogues spell them in upper case (MariaDB, SQLite) or as
   * pg_constraint's one-letter codes. */
  static const struct { const char *from; const char *to; } actions[] = {
    { "NO ACTION", "no action" }, { "a", "no action" },
    { "RESTRICT", "restrict" }, { "r", "restrict" },
    { "CASCADE", "cascade" }, { "c", "cascade" },
    { "SET NULL", "set null" }, { "n", "set null" },
    { "SET DEFAULT", "set default" }, { "d", "set default" },
  };

  for (guint i = 0; rule != NULL && i < G_N_ELEMENTS (actions); i++)
    if (strcmp (rule, actions[i].from) == 0)
      return actions[i].to;
  return "no action";
}

/* SQLite */

static GdaDataModel *
sqlite_list_tables (MikroGdaDriver  *self,
                    const char      *namespace,
                    GError         **error)
{
  GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };

  /* sqlite_sequence and the other sqlite_ tables are SQLite's own. */
  return query (self, _("tables"), NULL,
                "SELECT name FROM sqlite_master "
                "WHERE type = 'table' AND substr (name, 1, 7) <> 'sqlite_'",
                NULL, col_types, error);
}

/* The table's primary key columns in key order. */
static GPtrArray *
sqlite_primary_key_columns (MikroGdaDriver  *self,
                            const char      *table,
                            GError         **error)
{
  const char *params[] = { table, NULL };
  GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };
  g_autoptr(GdaDataModel) model = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);

  model = query (self, _("primary key"), table,
                 "SELECT name FROM pragma_table_info(##p0::string) WHERE pk > 0 ORDER BY pk",
                 params, col_types, error);
  if (model == NULL)
    return NULL;

  for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
    {
      char *name;

      if (!get_text (self, model, 0, r, &name, error))
        return NULL;
      g_ptr_array_add (columns, name);
    }
  return g_steal_pointer (&columns);
}

static gboolean
sqlite_read_table (MikroGdaDriver  *self,
                   Table           *table,
                   GError         **error)
{
  const char *params[] = { table->name, NULL };
  g_autoptr(GdaDataModel) model = NULL;
  g_autofree char *sql = NULL;
  gboolean autoincrement = FALSE;
  Index *index = NULL;
  ForeignKey *fk = NULL;
  int previous_id = -1;

  /* The CREATE TABLE text, for checks and AUTOINCREMENT. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("definition"), table->name,
                   "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ##p0::string",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;
    if (gda_data_model_get_n_rows (model) > 0 && !get_text (self, model, 0, 0, &sql, error))
      return FALSE;
    parse_sqlite_table_sql (sql, table, &autoincrement);
    g_clear_object (&model);
  }

  /* Columns; pk is the column's position in the primary key, 0 if none. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING, G_TYPE_INT, G_TYPE_NONE };
    g_autoptr(GPtrArray) pk_columns = g_ptr_array_new ();

    model = query (self, _("columns"), table->name,
                   "SELECT name, type, \"notnull\", dflt_value, pk "
                   "FROM pragma_table_info(##p0::string) ORDER BY cid",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        Column *column = g_new0 (Column, 1);
        g_autofree char *type = NULL;
        g_autofree char *dflt = NULL;
        int notnull, pk;

        g_ptr_array_add (table->columns, column);
        if (!get_text (self, model, 0, r, &column->name, error) ||
            !get_text (self, model, 1, r, &type, error) ||
            !get_int (self, model, 2, r, &notnull, error) ||
            !get_text (self, model, 3, r, &dflt, error) ||
            !get_int (self, model, 4, r, &pk, error))
          return FALSE;

        column->type = normalize_sqlite_type (type);
        column->nullable = !notnull;
        column->default_value = normalize_sqlite_default (dflt);
        if (pk > 0)
          {
            if ((guint)pk > pk_columns->len)
              g_ptr_array_set_size (pk_columns, pk);
            g_ptr_array_index (pk_columns, pk - 1) = column;
          }
      }
    g_clear_object (&model);

    if (pk_columns->len > 0)
      {
        table->primary_key = index_new (NULL, TRUE);
        for (guint i = 0; i < pk_columns->len; i++)
          {
            Column *column = g_ptr_array_index (pk_columns, i);

            if (column == NULL)
              continue;
            g_ptr_array_add (table->primary_key->columns, g_strdup (column->name));
            if (autoincrement && pk_columns->len == 1)
              column->autoincrement = TRUE;
          }
      }
  }

  /* Indexes, with the ones of UNIQUE constraints; origin 'pk' is the
   * primary key's own. Expression columns have no name. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("indexes"), table->name,
                   "SELECT il.name, il.\"unique\", ii.name "
                   "FROM pragma_index_list(##p0::string) AS il, pragma_index_info(il.name) AS ii "
                   "WHERE il.origin <> 'pk' ORDER BY il.name, ii.seqno",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        g_autofree char *name = NULL;
        char *column;
        int unique;

        if (!get_text (self, model, 0, r, &name, error) ||
            !get_int (self, model, 1, r, &unique, error) ||
            !get_text (self, model, 2, r, &column, error))
          return FALSE;

        if (index == NULL || g_strcmp0 (index->name, name) != 0)
          {
            index = index_new (name, unique != 0);
            g_ptr_array_add (table->indexes, index);
          }
        g_ptr_array_add (index->columns, column);
      }
    g_clear_object (&model);
  }

  /* Foreign keys, one id each. SQLite forgets their names. */
  {
    GType col_types[] = { G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                          G_TYPE_STRING, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("foreign keys"), table->name,
                   "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update "
                   "FROM pragma_foreign_key_list(##p0::string) ORDER BY id, seq",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        g_autofree char *on_delete = NULL;
        g_autofree char *on_update = NULL;
        char *from, *to;
        int id;

        if (!get_int (self, model, 0, r, &id, error))
          return FALSE;

        if (fk == NULL || id != previous_id)
          {
            fk = foreign_key_new (NULL);
            g_ptr_array_add (table->foreign_keys, fk);
            if (!get_text (self, model, 1, r, &fk->referenced_table, error) ||
                !get_text (self, model, 4, r, &on_delete, error) ||
                !get_text (self, model, 5, r, &on_update, error))
              return FALSE;
            fk->on_delete = g_strdup (referential_action (on_delete));
            fk->on_update = g_strdup (referential_action (on_update));
            previous_id = id;
          }

        if (!get_text (self, model, 2, r, &from, error))
          return FALSE;
        g_ptr_array_add (fk->columns, from);
        if (!get_text (self, model, 3, r, &to, error))
          return FALSE;
        g_ptr_array_add (fk->referenced_columns, to);
      }
    g_clear_object (&model);
  }

  /* "REFERENCES parent" without columns means the parent's primary key,
   * and SQLite reports the referenced columns as NULL then. */
  for (guint i = 0; i < table->foreign_keys->len; i++)
    {
      ForeignKey *key = g_ptr_array_index (table->foreign_keys, i);
      g_autoptr(GPtrArray) parent_pk = NULL;

      if (key->referenced_columns->len == 0 || g_ptr_array_index (key->referenced_columns, 0) != NULL)
        continue;
      parent_pk = sqlite_primary_key_columns (self, key->referenced_table, error);
      if (parent_pk == NULL)
        return FALSE;
      for (guint c = 0; c < key->referenced_columns->len && c < parent_pk->len; c++)
        {
          g_free (g_ptr_array_index (key->referenced_columns, c));
          g_ptr_array_index (key->referenced_columns, c) = g_strdup (g_ptr_array_index (parent_pk, c));
        }
    }

  return TRUE;
}

/* PostgreSQL: pg_catalog. */

/* The table's oid, as a subquery on the name in ##p0 and the schema in
 * ##p1. */
#define PG_TABLE_OID \
  "(SELECT c.oid FROM pg_catalog.pg_class c " \
  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " \
  "WHERE n.nspname = ##p1::string AND c.relname = ##p0::string)"

static GdaDataModel *
pg_list_tables (MikroGdaDriver  *self,
                const char      *namespace,
                GError         **error)
{
  GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };
  const char *params[] = { namespace, NULL };

  /* Ordinary and partitioned tables; partitions belong to their parent. */
  return query (self, _("tables"), NULL,
                "SELECT c.relname::text FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = ##p0::string AND c.relkind IN ('r', 'p') "
                "AND NOT c.relispartition",
                params, col_types, error);
}

/* Foreign key rows of PostgreSQL and MariaDB, one per column pair in key
 * order: name, column, referenced table, referenced column, delete rule,
 * update rule, referenced table's schema. */
static gboolean
read_foreign_keys (MikroGdaDriver  *self,
                   GdaDataModel    *model,
                   Table           *table,
                   GError         **error)
{
  ForeignKey *fk = NULL;

  for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
    {
      g_autofree char *name = NULL;
      char *column, *referenced;

      if (!get_text (self, model, 0, r, &name, error))
        return FALSE;

      if (fk == NULL || g_strcmp0 (fk->name, name) != 0)
        {
          g_autofree char *on_delete = NULL;
          g_autofree char *on_update = NULL;
          g_autofree char *referenced_schema = NULL;

          fk = foreign_key_new (name);
          g_ptr_array_add (table->foreign_keys, fk);
          if (!get_text (self, model, 2, r, &fk->referenced_table, error) ||
              !get_text (self, model, 4, r, &on_delete, error) ||
              !get_text (self, model, 5, r, &on_update, error) ||
              !get_text (self, model, 6, r, &referenced_schema, error))
            return FALSE;
          fk->referenced_schema = model_schema (self, referenced_schema);
          fk->on_delete = g_strdup (referential_action (on_delete));
          fk->on_update = g_strdup (referential_action (on_update));
        }

      if (!get_text (self, model, 1, r, &column, error))
        return FALSE;
      g_ptr_array_add (fk->columns, column);
      if (!get_text (self, model, 3, r, &referenced, error))
        return FALSE;
      g_ptr_array_add (fk->referenced_columns, referenced);
    }

  return TRUE;
}

static gboolean
pg_read_table (MikroGdaDriver  *self,
               Table           *table,
               GError         **error)
{
  const char *params[] = { table->name, table->namespace, NULL };
  g_autoptr(GdaDataModel) model = NULL;

  /* Columns. A generated column's expression is in pg_attrdef too but is
   * no default; identity columns have no pg_attrdef row at all. An
   * enumeration type is reported by its name as the catalogue keeps it
   * (format_type() would quote or qualify it), and by its OID, for
   * pg_read_enums(). */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING,
                          G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("columns"), table->name,
                   "SELECT a.attname::text, "
                   "CASE WHEN t.typtype = 'e' THEN t.typname::text "
                   "ELSE pg_catalog.format_type (a.atttypid, a.atttypmod) END, "
                   "CASE WHEN a.attnotnull THEN 1 ELSE 0 END, "
                   "CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr (d.adbin, d.adrelid) END, "
                   "CASE WHEN a.attidentity <> '' THEN 1 ELSE 0 END, "
                   "CASE WHEN t.typtype = 'e' THEN a.atttypid::text END, "
                   "CASE WHEN t.typtype = 'e' THEN tn.nspname::text END "
                   "FROM pg_catalog.pg_attribute a "
                   "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                   "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
                   "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                   "WHERE a.attrelid = " PG_TABLE_OID " AND a.attnum > 0 AND NOT a.attisdropped "
                   "ORDER BY a.attnum",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        Column *column = g_new0 (Column, 1);
        g_autofree char *dflt = NULL;
        int notnull, identity;

        g_ptr_array_add (table->columns, column);
        if (!get_text (self, model, 0, r, &column->name, error) ||
            !get_text (self, model, 1, r, &column->type, error) ||
            !get_int (self, model, 2, r, &notnull, error) ||
            !get_text (self, model, 3, r, &dflt, error) ||
            !get_int (self, model, 4, r, &identity, error) ||
            !get_text (self, model, 5, r, &column->enum_type, error) ||
            !get_text (self, model, 6, r, &column->enum_schema, error))
          return FALSE;

        column->nullable = !notnull;
        /* serial/bigserial are a nextval(…) default, not reported as one. */
        if (identity || (dflt != NULL && g_str_has_prefix (dflt, "nextval(")))
          column->autoincrement = TRUE;
        else
          column->default_value = normalize_pg_default (dflt);
      }
    g_clear_object (&model);
  }

  /* Primary key and indexes, unique constraints being their index: a
   * constraint and its index share their name (renaming one renames the
   * other). Expression columns (attnum 0) have no name; INCLUDE columns
   * are not part of the key. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_INT, G_TYPE_INT, G_TYPE_STRING, G_TYPE_NONE };
    Index *index = NULL;

    model = query (self, _("indexes"), table->name,
                   "SELECT ic.relname::text, CASE WHEN i.indisprimary THEN 1 ELSE 0 END, "
                   "CASE WHEN i.indisunique THEN 1 ELSE 0 END, a.attname::text "
                   "FROM pg_catalog.pg_index i "
                   "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
                   "CROSS JOIN LATERAL unnest (i.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord) "
                   "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                   "WHERE i.indrelid = " PG_TABLE_OID " AND k.ord <= i.indnkeyatts "
                   "ORDER BY ic.relname, k.ord",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        g_autofree char *name = NULL;
        char *column;
        int primary, unique;

        if (!get_text (self, model, 0, r, &name, error) ||
            !get_int (self, model, 1, r, &primary, error) ||
            !get_int (self, model, 2, r, &unique, error) ||
            !get_text (self, model, 3, r, &column, error))
          return FALSE;

        if (index == NULL || g_strcmp0 (index->name, name) != 0)
          {
            index = index_new (name, unique != 0);
            if (primary)
              {
                g_clear_pointer (&table->primary_key, index_free);
                table->primary_key = index;
              }
            else
              g_ptr_array_add (table->indexes, index);
          }
        g_ptr_array_add (index->columns, column);
      }
    g_clear_object (&model);
  }

  /* Foreign keys: conkey and confkey pair up the columns. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                          G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("foreign keys"), table->name,
                   "SELECT con.conname::text, a.attname::text, rc.relname::text, ra.attname::text, "
                   "con.confdeltype::text, con.confupdtype::text, rn.nspname::text "
                   "FROM pg_catalog.pg_constraint con "
                   "CROSS JOIN LATERAL unnest (con.conkey, con.confkey) WITH ORDINALITY AS k (attnum, refnum, ord) "
                   "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
                   "JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid "
                   "JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
                   "JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum "
                   "WHERE con.contype = 'f' AND con.conrelid = " PG_TABLE_OID " "
                   "ORDER BY con.conname, k.ord",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    if (!read_foreign_keys (self, model, table, error))
      return FALSE;
    g_clear_object (&model);
  }

  /* Checks, as PostgreSQL deparses them: "(rating >= 0)". */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("check constraints"), table->name,
                   "SELECT con.conname::text, pg_catalog.pg_get_expr (con.conbin, con.conrelid) "
                   "FROM pg_catalog.pg_constraint con "
                   "WHERE con.contype = 'c' AND con.conrelid = " PG_TABLE_OID,
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        g_autofree char *name = NULL;
        char *expression;

        if (!get_text (self, model, 0, r, &name, error) ||
            !get_text (self, model, 1, r, &expression, error))
          return FALSE;
        expression = strip_outer_parens (expression != NULL ? expression : g_strdup (""));
        check_add (table, name, expression);
        g_free (expression);
      }
  }

  return TRUE;
}

/* The enumeration types the columns of @tables use, each once, with
 * their values in the type's order. */
static gboolean
pg_read_enums (MikroGdaDriver  *self,
               GPtrArray       *tables,
               GPtrArray       *enums,
               GError         **error)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);

      for (guint c = 0; c < table->columns->len; c++)
        {
          Column *column = g_ptr_array_index (table->columns, c);
          const char *params[] = { column->enum_type, NULL };
          g_autoptr(GdaDataModel) model = NULL;
          EnumType *type;

          if (column->enum_type == NULL ||
              g_ptr_array_find_with_equal_func (seen, column->enum_type, g_str_equal, NULL))
            continue;
          g_ptr_array_add (seen, column->enum_type);

          model = query (self, _("enumeration types"), NULL,
                         "SELECT e.enumlabel::text FROM pg_catalog.pg_enum e "
                         "WHERE e.enumtypid::text = ##p0::string "
                         "ORDER BY e.enumsortorder",
                         params, col_types, error);
          if (model == NULL)
            return FALSE;

          /* the column's type is the type's name */
          type = g_new0 (EnumType, 1);
          type->name = g_strdup (column->type);
          type->schema = model_schema (self, column->enum_schema);
          type->values = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (enums, type);
          for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
            {
              char *value;

              if (!get_text (self, model, 0, r, &value, error))
                return FALSE;
              g_ptr_array_add (type->values, value);
            }
        }
    }

  return TRUE;
}

/* MariaDB: information_schema, in the current database. No CAST(… AS
 * CHAR) in these queries: libgda's MySQL parser takes them for SELECTs it
 * understands and renders the cast back as SQL the server rejects. Text
 * columns come back as strings once their type is forced (get_text()
 * still takes bytes, which the meta store returns for the same columns). */

static GdaDataModel *
mysql_list_tables (MikroGdaDriver  *self,
                   const char      *namespace,
                   GError         **error)
{
  GType col_types[] = { G_TYPE_STRING, G_TYPE_NONE };
  const char *params[] = { namespace, NULL };

  return query (self, _("tables"), NULL,
                "SELECT TABLE_NAME FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = ##p0::string AND TABLE_TYPE = 'BASE TABLE'",
                params, col_types, error);
}

static gboolean
mysql_read_table (MikroGdaDriver  *self,
                  Table           *table,
                  GError         **error)
{
  const char *params[] = { table->name, table->namespace, NULL };
  g_autoptr(GdaDataModel) model = NULL;

  /* Columns. COLUMN_DEFAULT is NULL for none, but the string NULL for a
   * nullable column without default. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                          G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("columns"), table->name,
                   "SELECT COLUMN_NAME, COLUMN_TYPE, "
                   "IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
                   "FROM information_schema.COLUMNS "
                   "WHERE TABLE_SCHEMA = ##p1::string AND TABLE_NAME = ##p0::string "
                   "ORDER BY ORDINAL_POSITION",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        Column *column = g_new0 (Column, 1);
        g_autofree char *type = NULL;
        g_autofree char *nullable = NULL;
        g_autofree char *dflt = NULL;
        g_autofree char *extra = NULL;

        g_ptr_array_add (table->columns, column);
        if (!get_text (self, model, 0, r, &column->name, error) ||
            !get_text (self, model, 1, r, &type, error) ||
            !get_text (self, model, 2, r, &nullable, error) ||
            !get_text (self, model, 3, r, &dflt, error) ||
            !get_text (self, model, 4, r, &extra, error))
          return FALSE;

        column->type = normalize_mysql_type (type != NULL ? type : "");
        column->nullable = g_strcmp0 (nullable, "YES") == 0;
        column->default_value = normalize_mysql_default (dflt);
        column->autoincrement = extra != NULL && strstr (extra, "auto_increment") != NULL;
      }
    g_clear_object (&model);
  }

  /* Primary key (always named PRIMARY) and indexes. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING, G_TYPE_NONE };
    Index *index = NULL;

    model = query (self, _("indexes"), table->name,
                   "SELECT INDEX_NAME, CASE WHEN NON_UNIQUE = 0 THEN 1 ELSE 0 END, "
                   "COLUMN_NAME "
                   "FROM information_schema.STATISTICS "
                   "WHERE TABLE_SCHEMA = ##p1::string AND TABLE_NAME = ##p0::string "
                   "ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        g_autofree char *name = NULL;
        char *column;
        int unique;

        if (!get_text (self, model, 0, r, &name, error) ||
            !get_int (self, model, 1, r, &unique, error) ||
            !get_text (self, model, 2, r, &column, error))
          return FALSE;

        if (index == NULL || g_strcmp0 (index->name, name) != 0)
          {
            index = index_new (name, unique != 0);
            if (g_strcmp0 (name, "PRIMARY") == 0)
              {
                g_clear_pointer (&table->primary_key, index_free);
                table->primary_key = index;
              }
            else
              g_ptr_array_add (table->indexes, index);
          }
        g_ptr_array_add (index->columns, column);
      }
    g_clear_object (&model);
  }

  /* Foreign keys. Constraint names are unique per database in InnoDB, but
   * the join keeps the table anyway. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                          G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("foreign keys"), table->name,
                   "SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, "
                   "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
                   "r.DELETE_RULE, r.UPDATE_RULE, k.REFERENCED_TABLE_SCHEMA "
                   "FROM information_schema.KEY_COLUMN_USAGE k "
                   "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                   "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME "
                   "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                   "WHERE k.TABLE_SCHEMA = ##p1::string AND k.TABLE_NAME = ##p0::string "
                   "AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                   "ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    if (!read_foreign_keys (self, model, table, error))
      return FALSE;
    g_clear_object (&model);
  }

  /* Checks. MariaDB names them per table, not per database (a column
   * CHECK is named after its column), so they are selected by table. */
  {
    GType col_types[] = { G_TYPE_STRING, G_TYPE_STRING, G_TYPE_NONE };

    model = query (self, _("check constraints"), table->name,
                   "SELECT CONSTRAINT_NAME, CHECK_CLAUSE "
                   "FROM information_schema.CHECK_CONSTRAINTS "
                   "WHERE CONSTRAINT_SCHEMA = ##p1::string AND TABLE_NAME = ##p0::string",
                   params, col_types, error);
    if (model == NULL)
      return FALSE;

    for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
      {
        g_autofree char *name = NULL;
        char *expression;

        if (!get_text (self, model, 0, r, &name, error) ||
            !get_text (self, model, 1, r, &expression, error))
          return FALSE;
        expression = strip_outer_parens (expression != NULL ? expression : g_strdup (""));
        check_add (table, name, expression);
        g_free (expression);
      }
  }

  return TRUE;
}

/* The document */

typedef struct
{
  const char    *dialect;
  /* the tables of one schema (@namespace: NULL on SQLite) */
  GdaDataModel *(*list_tables) (MikroGdaDriver *self, const char *namespace, GError **error);
  gboolean      (*read_table)  (MikroGdaDriver *self, Table *table, GError **error);
  /* the named enumeration types the tables use, where the dialect has
   * such types (NULL: none) */
  gboolean      (*read_enums)  (MikroGdaDriver *self, GPtrArray *tables, GPtrArray *enums,
                                GError **error);
} Introspector;

static const Introspector introspectors[] = {
  { "sqlite", sqlite_list_tables, sqlite_read_table, NULL },
  { "postgresql", pg_list_tables, pg_read_table, pg_read_enums },
  { "mysql", mysql_list_tables, mysql_read_table, NULL },
};

/* Names sort bytewise, as the metadata side sorts them; SQLite leaves
 * foreign keys and checks unnamed, and those follow their content so the
 * order is still the same every time. NULL sorts first. */
static int
compare_names (const char *a,
               const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static int
compare_string_arrays (GPtrArray *a,
                       GPtrArray *b)
{
  for (guint i = 0; i < a->len && i < b->len; i++)
    {
      int cmp = compare_names (g_ptr_array_index (a, i), g_ptr_array_index (b, i));

      if (cmp != 0)
        return cmp;
    }
  return (a->len > b->len) - (a->len < b->len);
}

static int
compare_tables (gconstpointer a,
                gconstpointer b)
{
  const Table *ta = *(Table * const *)a;
  const Table *tb = *(Table * const *)b;
  int cmp = compare_names (ta->name, tb->name);

  return cmp != 0 ? cmp : compare_names (ta->schema, tb->schema);
}

static int
compare_enum_types (gconstpointer a,
                    gconstpointer b)
{
  const EnumType *ta = *(EnumType * const *)a;
  const EnumType *tb = *(EnumType * const *)b;
  int cmp = compare_names (ta->name, tb->name);

  return cmp != 0 ? cmp : compare_names (ta->schema, tb->schema);
}

static int
compare_indexes (gconstpointer a,
                 gconstpointer b)
{
  return compare_names ((*(Index * const *)a)->name, (*(Index * const *)b)->name);
}

static int
compare_foreign_keys (gconstpointer a,
                      gconstpointer b)
{
  const ForeignKey *fa = *(ForeignKey * const *)a;
  const ForeignKey *fb = *(ForeignKey * const *)b;
  int cmp = compare_names (fa->name, fb->name);

  if (cmp == 0)
    cmp = compare_string_arrays (fa->columns, fb->columns);
  if (cmp == 0)
    cmp = compare_names (fa->referenced_table, fb->referenced_table);
  return cmp;
}

static int
compare_checks (gconstpointer a,
                gconstpointer b)
{
  const Check *ca = *(Check * const *)a;
  const Check *cb = *(Check * const *)b;
  int cmp = compare_names (ca->name, cb->name);

  return cmp != 0 ? cmp : compare_names (ca->expression, cb->expression);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *value)
{
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  GPtrArray   *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    add_nullable_string (builder, g_ptr_array_index (values, i));
  json_builder_end_array (builder);
}

static void
build_table (JsonBuilder *builder,
             Table       *table)
{
  GPtrArray *pk_columns = table->primary_key != NULL ? table->primary_key->columns : NULL;

  g_ptr_array_sort (table->indexes, compare_indexes);
  g_ptr_array_sort (table->foreign_keys, compare_foreign_keys);
  g_ptr_array_sort (table->checks, compare_checks);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, table->name);
  if (table->schema != NULL)
    {
      json_builder_set_member_name (builder, "schema");
      json_builder_add_string_value (builder, table->schema);
    }

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);
      /* A key column never takes NULL, whatever the catalogue says
       * (SQLite's INTEGER PRIMARY KEY is reported nullable). */
      gboolean in_pk = pk_columns != NULL &&
                       g_ptr_array_find_with_equal_func (pk_columns, column->name, g_str_equal, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, column->name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, column->type != NULL ? column->type : "");
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, column->nullable && !in_pk);
      json_builder_set_member_name (builder, "default");
      add_nullable_string (builder, column->default_value);
      json_builder_set_member_name (builder, "autoincrement");
      json_builder_add_boolean_value (builder, column->autoincrement);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "primary_key");
  if (table->primary_key != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      add_nullable_string (builder, table->primary_key->name);
      add_string_array (builder, "columns", table->primary_key->columns);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "indexes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->indexes->len; i++)
    {
      Index *index = g_ptr_array_index (table->indexes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      add_nullable_string (builder, index->name);
      add_string_array (builder, "columns", index->columns);
      json_builder_set_member_name (builder, "unique");
      json_builder_add_boolean_value (builder, index->unique);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "foreign_keys");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->foreign_keys->len; i++)
    {
      ForeignKey *fk = g_ptr_array_index (table->foreign_keys, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      add_nullable_string (builder, fk->name);
      add_string_array (builder, "columns", fk->columns);
      json_builder_set_member_name (builder, "referenced_table");
      add_nullable_string (builder, fk->referenced_table);
      if (fk->referenced_schema != NULL)
        {
          json_builder_set_member_name (builder, "referenced_schema");
          json_builder_add_string_value (builder, fk->referenced_schema);
        }
      add_string_array (builder, "referenced_columns", fk->referenced_columns);
      json_builder_set_member_name (builder, "on_delete");
      json_builder_add_string_value (builder, fk->on_delete);
      json_builder_set_member_name (builder, "on_update");
      json_builder_add_string_value (builder, fk->on_update);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->checks->len; i++)
    {
      Check *check = g_ptr_array_index (table->checks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      add_nullable_string (builder, check->name);
      json_builder_set_member_name (builder, "expression");
      json_builder_add_string_value (builder, check->expression);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/* Whether table @name of @namespace is one asked for. */
static gboolean
is_asked_for (const char * const *tables,
              const char * const *db_schemas,
              const char         *connection,
              const char         *namespace,
              const char         *name)
{
  if (tables == NULL)
    return g_strcmp0 (namespace, connection) == 0;
  for (guint i = 0; tables[i] != NULL; i++)
    {
      const char *schema = db_schemas != NULL && db_schemas[i][0] != '\0' ? db_schemas[i] : connection;

      if (g_str_equal (tables[i], name) && g_strcmp0 (schema, namespace) == 0)
        return TRUE;
    }
  return FALSE;
}

JsonNode *
_mikro_gda_driver_introspect (MikroGdaDriver      *self,
                              const char * const  *tables,
                              const char * const  *db_schemas,
                              GError             **error)
{
  g_autoptr(GPtrArray) namespaces = g_ptr_array_new ();
  const char *connection;
  const MikroSqlDialect *dialect;
  const Introspector *introspector = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func ((GDestroyNotify)table_free);
  g_autoptr(GPtrArray) enums = g_ptr_array_new_with_free_func ((GDestroyNotify)enum_type_free);
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MIKRO_GDA_IS_DRIVER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dialect = _mikro_gda_driver_get_dialect (self);
  for (guint i = 0; dialect != NULL && i < G_N_ELEMENTS (introspectors); i++)
    if (g_str_equal (introspectors[i].dialect, dialect->name))
      introspector = &introspectors[i];

  if (dialect == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_CONNECTION,
                   _("The SQL driver was never connected: there is no schema to read"));
      return NULL;
    }
  if (introspector == NULL)
    {
      g_set_error (error, MIKRO_ERROR, MIKRO_ERROR_DRIVER,
                   _("Reading the schema of a %s database is not supported"), dialect->name);
      return NULL;
    }

  /* The connection's schema (none on SQLite), then the others asked for */
  if (!_mikro_gda_driver_get_default_schema (self, &connection, error))
    return NULL;
  g_ptr_array_add (namespaces, (gpointer)connection);
  for (guint i = 0; tables != NULL && db_schemas != NULL && tables[i] != NULL; i++)
    if (db_schemas[i][0] != '\0' && connection != NULL &&
        !g_ptr_array_find_with_equal_func (namespaces, db_schemas[i], g_str_equal, NULL))
      g_ptr_array_add (namespaces, (gpointer)db_schemas[i]);

  /* The tables the catalogue knows, of which the ones asked for: a name
   * asked for twice or not in the database is then naturally left out. */
  for (guint n = 0; n < namespaces->len; n++)
    {
      const char *namespace = g_ptr_array_index (namespaces, n);
      g_autoptr(GdaDataModel) model = introspector->list_tables (self, namespace, error);

      if (model == NULL)
        return NULL;

      for (int r = 0; r < gda_data_model_get_n_rows (model); r++)
        {
          g_autofree char *name = NULL;
          g_autofree char *schema = NULL;

          if (!get_text (self, model, 0, r, &name, error))
            return NULL;
          if (name == NULL || !is_asked_for (tables, db_schemas, connection, namespace, name))
            continue;
          schema = model_schema (self, namespace);
          g_ptr_array_add (read, table_new (name, schema, namespace));
        }
    }

  for (guint i = 0; i < read->len; i++)
    if (!introspector->read_table (self, g_ptr_array_index (read, i), error))
      return NULL;

  if (introspector->read_enums != NULL && !introspector->read_enums (self, read, enums, error))
    return NULL;

  g_ptr_array_sort (read, compare_tables);
  g_ptr_array_sort (enums, compare_enum_types);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dialect");
  json_builder_add_string_value (builder, dialect->name);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < read->len; i++)
    build_table (builder, g_ptr_array_index (read, i));
  json_builder_end_array (builder);
  /* as on the metadata side, no member when there is no type */
  if (enums->len > 0)
    {
      json_builder_set_member_name (builder, "enums");
      json_builder_begin_array (builder);
      for (guint i = 0; i < enums->len; i++)
        {
          EnumType *type = g_ptr_array_index (enums, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, type->name);
          if (type->schema != NULL)
            {
              json_builder_set_member_name (builder, "schema");
              json_builder_add_string_value (builder, type->schema);
            }
          add_string_array (builder, "values", type->values);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
