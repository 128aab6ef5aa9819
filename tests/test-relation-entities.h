/* test-relation-entities.h
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <mikro-gobject.h>

G_BEGIN_DECLS

/* The relation zoo, a small library:
 *
 *   Writer 1 ── n Book          Book.author (many-to-one, cascade on delete)
 *                               Writer.books (one-to-many, mapped by author)
 *   Publisher 1 ── n Book       Book.publisher (nullable: set null on delete)
 *   Writer 1 ── n Book          Book.editor (inferred many-to-one, own column
 *                               and constraint names, restrict on update)
 *   Writer 1 ── 1 Profile       Profile.writer owns it (unique join column),
 *                               Writer.profile is the inverse side
 *   Book n ── n Tag             Book.tags owns the pivot table, Tag.books is
 *                               the inverse; Tag has a natural string key
 *   Writer n ── n Writer        Writer.friends, self-referencing pivot
 *   Writer n ── 1 Book          Writer.favorite-book closes a cycle of
 *                               foreign keys with Book.author
 *
 * Every entity keeps its values in a table of GValues; the classes differ
 * only in their properties and schemas. */

#define TEST_TYPE_WRITER (test_writer_get_type ())
G_DECLARE_FINAL_TYPE (TestWriter, test_writer, TEST, WRITER, MikroEntity)

#define TEST_TYPE_PROFILE (test_profile_get_type ())
G_DECLARE_FINAL_TYPE (TestProfile, test_profile, TEST, PROFILE, MikroEntity)

#define TEST_TYPE_PUBLISHER (test_publisher_get_type ())
G_DECLARE_FINAL_TYPE (TestPublisher, test_publisher, TEST, PUBLISHER, MikroEntity)

#define TEST_TYPE_BOOK (test_book_get_type ())
G_DECLARE_FINAL_TYPE (TestBook, test_book, TEST, BOOK, MikroEntity)

#define TEST_TYPE_TAG (test_tag_get_type ())
G_DECLARE_FINAL_TYPE (TestTag, test_tag, TEST, TAG, MikroEntity)

/* Shared by the entity classes of the tests: get_property and
 * set_property over a GValue per property, kept in instance data. */
void test_store_class_init (GObjectClass *object_class);

/* The schema of a class of the tests that keeps its values that way, with
 * the properties "id" (a generated int64 key) and "name" (a string)
 * installed as properties 1 and 2 and mapped; the caller adds the rest
 * and registers it. */
MikroEntitySchema *test_named_schema_new (GObjectClass *object_class,
                                          const char   *table);

G_END_DECLS
