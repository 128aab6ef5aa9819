#!/usr/bin/python3
# test_relation_zoo.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""The relation zoo of the C suite (tests/test-relation-entities.c),
defined in Python.

Writer, Profile, Publisher, Book and Tag, with a many-to-one that cascades
on delete, a nullable eager many-to-one, a many-to-one inferred from an
entity-typed property with its own column and constraint names, a
one-to-one owner and inverse, a one-to-many, a many-to-many with a pivot
table, a self-referencing many-to-many and a cycle of foreign keys, must
produce the very schema model the C definition produces:
tests/fixtures/library-sqlite.json, which the C suite checks against its
own definition. Output is TAP.

A to-one property needs its type when it is declared: Writer comes first,
so its to-one properties are typed Mikro.Entity and add_relation() names
the target. PyGObject refuses GObject.TYPE_INVALID (and None) for a GType
argument, so the C definition's "the property's type is the target" is
spelt here by naming the target every time.
"""

import json
import os
import shutil
import sys
import tempfile

import gi

gi.require_version("GObject", "2.0")
gi.require_version("Json", "1.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GObject, Json, Mikro  # noqa: E402


class Writer(Mikro.Entity):
    __gtype_name__ = "PyZooWriter"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)
    books = GObject.Property(type=Mikro.Collection)
    # Profile and Book do not exist yet
    profile = GObject.Property(type=Mikro.Entity)
    friends = GObject.Property(type=Mikro.Collection)
    favorite_book = GObject.Property(type=Mikro.Entity, nick="favorite-book")


class Profile(Mikro.Entity):
    __gtype_name__ = "PyZooProfile"

    id = GObject.Property(type=GObject.TYPE_INT64)
    bio = GObject.Property(type=str)
    writer = GObject.Property(type=Writer)


class Publisher(Mikro.Entity):
    __gtype_name__ = "PyZooPublisher"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)


class Book(Mikro.Entity):
    __gtype_name__ = "PyZooBook"

    id = GObject.Property(type=GObject.TYPE_INT64)
    title = GObject.Property(type=str)
    author = GObject.Property(type=Writer)
    publisher = GObject.Property(type=Publisher)
    editor = GObject.Property(type=Writer)
    tags = GObject.Property(type=Mikro.Collection)


class Tag(Mikro.Entity):
    __gtype_name__ = "PyZooTag"

    slug = GObject.Property(type=str)
    label = GObject.Property(type=str)
    books = GObject.Property(type=Mikro.Collection)


def define_schemas():
    flags = Mikro.PropertyFlags
    kind = Mikro.RelationKind
    action = Mikro.ReferentialAction
    key = flags.PRIMARY_KEY | flags.GENERATED

    schema = Mikro.EntitySchema.new(Writer, "writer")
    schema.add_property("id", None, key)
    schema.add_property("name", None, flags.NONE)
    schema.add_relation("books", kind.ONE_TO_MANY, Book, flags.NONE).set_mapped_by("author")
    schema.add_relation("profile", kind.ONE_TO_ONE, Profile, flags.NULLABLE).set_mapped_by("writer")
    schema.add_relation("friends", kind.MANY_TO_MANY, Writer, flags.NONE)
    schema.add_relation("favorite-book", kind.MANY_TO_ONE, Book, flags.NULLABLE)
    schema.register()

    schema = Mikro.EntitySchema.new(Profile, "profile")
    schema.add_property("id", None, key)
    schema.add_property("bio", None, flags.NULLABLE).set_column_type("text")
    writer = schema.add_relation("writer", kind.ONE_TO_ONE, Writer, flags.NONE)
    writer.set_inversed_by("profile")
    writer.set_on_delete(action.CASCADE)
    schema.register()

    schema = Mikro.EntitySchema.new(Publisher, "publisher")
    schema.add_property("id", None, key)
    schema.add_property("name", None, flags.UNIQUE)
    schema.register()

    schema = Mikro.EntitySchema.new(Book, "book")
    schema.add_property("id", None, key)
    schema.add_property("title", None, flags.NONE)
    author = schema.add_relation("author", kind.MANY_TO_ONE, Writer, flags.NONE)
    author.set_inversed_by("books")
    author.set_on_delete(action.CASCADE)
    schema.add_relation("publisher", kind.MANY_TO_ONE, Publisher, flags.NULLABLE | flags.EAGER)
    # an entity-typed property: a many-to-one without saying so
    editor = schema.add_property("editor", "editor_ref", flags.NULLABLE)
    editor.set_foreign_key_name("book_editor_fk")
    editor.set_on_update(action.RESTRICT)
    tags = schema.add_relation("tags", kind.MANY_TO_MANY, Tag, flags.NONE)
    tags.set_inversed_by("books")
    tags.set_cascade(Mikro.Cascade.PERSIST | Mikro.Cascade.REMOVE)
    schema.register()

    schema = Mikro.EntitySchema.new(Tag, "tag")
    schema.add_property("slug", None, flags.PRIMARY_KEY).set_length(40)
    schema.add_property("label", None, flags.NONE)
    schema.add_relation("books", kind.MANY_TO_MANY, Book, flags.NONE).set_mapped_by("tags")
    schema.register()


def model_document(model):
    return json.loads(Json.to_string(model, False))


class Tap:
    def __init__(self, plan):
        self.number = 0
        self.failed = 0
        print("1..%d" % plan)

    def check(self, ok, description, detail=None):
        self.number += 1
        if ok:
            print("ok %d %s" % (self.number, description))
            return
        self.failed += 1
        print("not ok %d %s" % (self.number, description))
        if detail is not None:
            print("# " + str(detail).replace("\n", "\n# "))


def check_relations(tap, orm):
    kind = Mikro.RelationKind
    writer = orm.get_metadata(Writer)
    book = orm.get_metadata(Book)
    favorite = writer.find_property("favorite-book")
    profile = writer.find_property("profile")
    editor = book.find_property("editor")
    tags = book.find_property("tags")
    tap.check(favorite.get_relation() == kind.MANY_TO_ONE and favorite.get_target() == Book.__gtype__,
              "Writer.favorite-book, typed Mikro.Entity, targets Book")
    tap.check(profile.get_relation() == kind.ONE_TO_ONE and profile.get_target() == Profile.__gtype__
              and profile.get_mapped_by() == "writer",
              "Writer.profile is the inverse side of Profile.writer")
    tap.check(editor.get_relation() == kind.MANY_TO_ONE and editor.get_target() == Writer.__gtype__,
              "Book.editor is an inferred many-to-one")
    tap.check(tags.get_cascade() == Mikro.Cascade.PERSIST | Mikro.Cascade.REMOVE,
              "Book.tags cascades persist and remove")


def check_collections(tap):
    writer = Writer()
    book = Book()
    books = writer.props.books
    ok = isinstance(books, Mikro.Collection) and books.add(book)
    tap.check(ok and books.get_n_items() == 1 and books.get_item(0) == book
              and books.get_owner() == writer and books.get_property_name() == "books",
              "Writer().books is a collection of books")
    tap.check(isinstance(Tag().props.books, Mikro.Collection)
              and isinstance(Book().props.tags, Mikro.Collection)
              and isinstance(writer.props.friends, Mikro.Collection),
              "every to-many property has its collection")


def check_propagation(tap, orm):
    """Both sides of a relation follow each other in memory, and the flush
    writes the owning sides; the entity manager lets go of the cycles."""
    ann, bob = Writer(name="Ann"), Writer(name="Bob")
    book = Book(title="Propagated")
    book.props.author = ann
    moved = book in list(ann.props.books)
    bob.props.books.add(book)
    tap.check(moved and book.props.author == bob and book not in list(ann.props.books)
              and book in list(bob.props.books),
              "book.author and writer.books propagate to each other")

    tag = Tag(slug="py", label="Python")
    book.props.tags.set([tag])
    profile = Profile(bio="Python")
    ann.props.profile = profile
    tap.check(book in list(tag.props.books) and profile.props.writer == ann,
              "many-to-many and one-to-one propagate from either side")

    em = orm.create_entity_manager()
    em.persist(ann)
    em.persist(bob)
    em.flush()
    fresh = orm.create_entity_manager()
    loaded = fresh.find_one_by(Book, json.dumps({"title": "Propagated"}))
    loaded.props.tags.load()
    tap.check(loaded.props.author.props.id == bob.props.id
              and [t.props.slug for t in loaded.props.tags] == ["py"],
              "the flush writes what the propagation set")

    # Book.publisher is eager: loaded with the book, the author is not
    published = Book(title="Eager", author=ann, publisher=Publisher(name="Py Press"))
    em.persist(published)
    em.flush()
    eager = orm.create_entity_manager().find_one_by(Book, json.dumps({"title": "Eager"}))
    tap.check(eager.props.publisher.is_initialized() and eager.props.publisher.props.name == "Py Press"
              and not eager.props.author.is_initialized(),
              "an eager many-to-one is loaded with its entity")

    # cascade remove: Book.tags cascades remove, in memory
    fresh.remove(loaded)
    tagged = loaded.props.tags.get_item(0)
    tap.check(tagged.get_state() == Mikro.EntityState.REMOVED,
              "removing a book removes its loaded tags (cascade remove)")
    fresh.flush()
    tap.check(orm.create_entity_manager().count(Tag, None) == 0,
              "the cascaded removal is flushed")

    books = bob.props.books
    em.clear()
    tap.check(not books.is_initialized() and books.get_n_items() == 0
              and ann.props.profile is None and profile.props.writer == ann,
              "a cleared manager lets go of the inverse sides, not the owning ones")


def main():
    golden_path = os.path.join(os.environ["G_TEST_SRCDIR"], "fixtures", "library-sqlite.json")
    with open(golden_path, encoding="utf-8") as f:
        golden = json.load(f)

    define_schemas()
    tap = Tap(15)
    tmpdir = tempfile.mkdtemp(prefix="mikro-zoo-")
    try:
        orm = Mikro.Orm.open("sqlite://%s/library.db" % tmpdir)
        # Book brings every other entity of the zoo with it
        orm.add_entity(Book)
        orm.create_schema()

        wanted = model_document(orm.describe_schema(Mikro.SchemaSource.METADATA))
        tap.check(wanted == golden, "metadata model equals the C definition's",
                  json.dumps(wanted, indent=1))
        actual = model_document(orm.describe_schema(Mikro.SchemaSource.DATABASE))
        tap.check(actual == golden, "the SQLite catalogue has the C definition's schema",
                  json.dumps(actual, indent=1))
        check_relations(tap, orm)
        check_collections(tap)
        check_propagation(tap, orm)
        orm.close()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
