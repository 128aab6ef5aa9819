/* test-entities.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <mikro-gobject.h>

G_BEGIN_DECLS

/* The Author of the vertical slice, twice: with an auto-increment integer
 * key for SQL databases, and with an ObjectId key (held as its 24-digit hex
 * string, MikroORM's serialized primary key) for MongoDB. */

#define TEST_TYPE_AUTHOR (test_author_get_type ())
G_DECLARE_FINAL_TYPE (TestAuthor, test_author, TEST, AUTHOR, MikroEntity)

#define TEST_TYPE_MONGO_AUTHOR (test_mongo_author_get_type ())
G_DECLARE_FINAL_TYPE (TestMongoAuthor, test_mongo_author, TEST, MONGO_AUTHOR, MikroEntity)

/* A product using the column options: lengths, precision, defaults,
 * indexes, uniques and a check; its table is named by the naming
 * strategy. */
#define TEST_TYPE_PRODUCT (test_product_get_type ())
G_DECLARE_FINAL_TYPE (TestProduct, test_product, TEST, PRODUCT, MikroEntity)

/* One property of every mapped value type. */
typedef enum {
  TEST_COLOR_RED,
  TEST_COLOR_GREEN,
  TEST_COLOR_BLUE,
} TestColor;

typedef enum {
  TEST_PERM_READ  = 1 << 0,
  TEST_PERM_WRITE = 1 << 1,
  TEST_PERM_EXEC  = 1 << 2,
} TestPerm;

GType test_color_get_type (void);
GType test_perm_get_type (void);

#define TEST_TYPE_KINDS (test_kinds_get_type ())
G_DECLARE_FINAL_TYPE (TestKinds, test_kinds, TEST, KINDS, MikroEntity)

G_END_DECLS
