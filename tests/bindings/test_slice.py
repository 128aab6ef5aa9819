#!/usr/bin/python3
# test_slice.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""The vertical slice from Python, through the Mikro-1.0 typelib.

The entity is a PyGObject subclass of Mikro.Entity defined here, so this
also checks that an entity type the C library never saw at build time is
persisted, hydrated (as an instance of the Python class) and tracked.

MIKRO_TEST_BACKEND names the backend (sqlite-file, sqlite-memory,
postgresql, mariadb, mongo; default sqlite-file). Server backends read
their URI from MIKRO_TEST_POSTGRES_URI, MIKRO_TEST_MYSQL_URI or
MIKRO_TEST_MONGO_URI; without one the test skips, except under CI=true,
where a missing server is a failure. Output is TAP.
"""

import ctypes
import os
import sys
import traceback

# Statements are logged at debug level in the "mikro" domain, and only when
# that level is not dropped: set it before anything logs.
os.environ["G_MESSAGES_DEBUG"] = "mikro"

import gi  # noqa: E402

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import Gio, GLib, GObject, Mikro  # noqa: E402
from mikro_test_backend import Backend  # noqa: E402

TABLE = "py_author"


# ------------------------------------------------------------- entities --

class Author(Mikro.Entity):
    """The SQL author: a generated int64 key."""

    __gtype_name__ = "PyTestAuthor"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)
    email = GObject.Property(type=str)
    born = GObject.Property(type=GLib.DateTime)


class MongoAuthor(Mikro.Entity):
    """The document author: the key is the ObjectId as 24 hex digits."""

    __gtype_name__ = "PyTestMongoAuthor"

    id = GObject.Property(type=str)
    name = GObject.Property(type=str)
    email = GObject.Property(type=str)
    born = GObject.Property(type=GLib.DateTime)


def register_schema(entity_type):
    flags = Mikro.PropertyFlags
    schema = Mikro.EntitySchema.new(entity_type, TABLE)
    # column None: derived from the property name (and `_id` on MongoDB)
    schema.add_property("id", None, flags.PRIMARY_KEY | flags.GENERATED)
    schema.add_property("name", None, flags.NONE)
    schema.add_property("email", None, flags.UNIQUE)
    schema.add_property("born", None, flags.NULLABLE)
    schema.register()


register_schema(Author)
register_schema(MongoAuthor)


# ---------------------------------------------------- statement capture --

class Statements:
    """The MIKRO_STATEMENT field of every "mikro" debug record, while on."""

    def __init__(self):
        self.capturing = False
        self.list = []

    def start(self):
        self.list = []
        self.capturing = True

    def stop(self):
        self.capturing = False
        return self.list

    def containing(self, needle):
        return [s for s in self.list if needle in s]


statements = Statements()


def field_text(field):
    # PyGObject gives GLogField.value as the address (gconstpointer).
    if not field.value:
        return None
    if field.length < 0:
        raw = ctypes.string_at(field.value)
    else:
        raw = ctypes.string_at(field.value, field.length)
    return raw.decode("utf-8", "replace")


def log_writer(level, fields, *args):
    # PyGObject 3.42 passes (n_fields, user_data) after the fields.
    by_key = {f.key: f for f in fields}
    domain = field_text(by_key["GLIB_DOMAIN"]) if "GLIB_DOMAIN" in by_key else None
    if domain == "mikro" and level & GLib.LogLevelFlags.LEVEL_DEBUG:
        if statements.capturing and "MIKRO_STATEMENT" in by_key:
            statements.list.append(field_text(by_key["MIKRO_STATEMENT"]))
        return GLib.LogWriterOutput.HANDLED
    return GLib.log_writer_default(level, fields, None)


GLib.log_set_writer_func(log_writer, None)


# --------------------------------------------------------------- backend --

backend = Backend("slice", backends=("sqlite-file", "sqlite-memory", "postgresql", "mariadb", "mongo"))
backend.author_type = MongoAuthor if backend.mongo else Author


def new_author(name, email, born=None):
    return backend.author_type(name=name, email=email, born=born)


def pk_is_set(author):
    if backend.mongo:
        return isinstance(author.id, str) and len(author.id) == 24 and \
            all(c in "0123456789abcdef" for c in author.id)
    return isinstance(author.id, int) and author.id > 0


def pk_value(author):
    """The key as an explicitly typed GValue."""
    if backend.mongo:
        return GObject.Value(GObject.TYPE_STRING, author.id)
    return GObject.Value(GObject.TYPE_INT64, author.id)


def same_time(a, b):
    return a is not None and b is not None and a.difference(b) == 0


def names(model):
    return [model.get_item(i).name for i in range(model.get_n_items())]


def assert_mikro_error(error, code):
    assert error.matches(Mikro.Error.quark(), code), \
        "expected %s, got %s:%d %s" % (code, error.domain, error.code, error.message)
    # the same quark through the deprecated namespace function
    assert error.domain == GLib.quark_to_string(Mikro.error_quark())


# ------------------------------------------------------------------ tests --

def diag(text):
    for line in text.splitlines():
        print("# " + line)


TESTS = []


def test(func):
    TESTS.append(func)
    return func


@test
def round_trip(orm):
    T = backend.author_type
    born = GLib.DateTime.new_utc(1970, 5, 17, 10, 30, 15)

    # persist + flush
    em = orm.create_entity_manager()
    ann = new_author("Ann", "ann@example.com", born)
    bob = new_author("Bob", "bob@example.com")
    em.persist(ann)
    em.persist(bob)
    assert ann.get_state() == Mikro.EntityState.NEW
    assert not pk_is_set(ann)

    statements.start()
    assert em.flush() is True
    statements.stop()
    assert pk_is_set(ann), "ann.id = %r" % (ann.id,)
    assert pk_is_set(bob), "bob.id = %r" % (bob.id,)
    assert ann.id != bob.id
    assert ann.get_state() == Mikro.EntityState.MANAGED
    assert not ann.is_dirty()
    # one multi-row INSERT on SQL; MongoDB inserts one document at a time
    inserts = statements.containing("insert" if backend.mongo else "INSERT INTO")
    assert len(inserts) == (2 if backend.mongo else 1), statements.list

    # a fresh entity manager queries the database; a plain Python int or
    # str converts to a GValue
    em2 = orm.create_entity_manager()
    statements.start()
    found = em2.find_one(T, ann.id)
    statements.stop()
    assert found is not None
    assert len(statements.list) == 1, statements.list
    assert found is not ann
    assert type(found) is T
    assert found.get_state() == Mikro.EntityState.MANAGED
    assert found.id == ann.id
    assert found.name == "Ann"
    assert found.email == "ann@example.com"
    assert same_time(found.born, born), found.born

    # the identity map: the very same object, no query; also with an
    # explicitly typed GValue
    statements.start()
    again = em2.find_one(T, ann.id)
    again_by_value = em2.find_one(T, pk_value(ann))
    statements.stop()
    assert again is found
    assert again_by_value is found
    assert statements.list == [], statements.list

    # by filter, through the identity map as well
    by_name = em2.find_one_by(T, '{"name": "Ann"}')
    assert by_name is found
    b = em2.find_one_by(T, '{"name": "Bob"}')
    assert b is not None and b is not bob
    assert b.born is None
    assert em2.find_one_by(T, '{"name": "Nobody"}') is None

    # find: a Gio.ListModel of the Python objects, the managed ones reused
    result = em2.find(T, '{"name": {"$in": ["Ann", "Bob"]}}')
    assert isinstance(result, Gio.ListModel)
    assert result.get_item_type() == T.__gtype__ or \
        GObject.type_is_a(T.__gtype__, result.get_item_type())
    assert names(result) == ["Ann", "Bob"], names(result)
    assert result.get_item(0) is found
    assert result.get_item(1) is b
    assert names(em2.find(T, '{"email": {"$like": "bob@%"}}')) == ["Bob"]
    assert names(em2.find(T, '{"born": null}')) == ["Bob"]
    assert len(list(em2.find(T, None))) == 2

    # update: only the changed column
    found.name = "Ann Smith"
    assert found.is_dirty()
    statements.start()
    em2.flush()
    statements.stop()
    assert not found.is_dirty()
    updates = statements.containing("update" if backend.mongo else "UPDATE")
    assert len(updates) == 1, statements.list
    assert "name" in updates[0], updates[0]
    assert "email" not in updates[0], updates[0]
    assert "born" not in updates[0], updates[0]

    em3 = orm.create_entity_manager()
    reloaded = em3.find_one(T, ann.id)
    assert reloaded is not None and reloaded is not found
    assert reloaded.name == "Ann Smith"
    assert reloaded.email == "ann@example.com"
    assert same_time(reloaded.born, born)

    # remove
    em3.remove(reloaded)
    assert reloaded.get_state() == Mikro.EntityState.REMOVED
    em3.flush()
    assert reloaded.get_state() == Mikro.EntityState.DETACHED

    em4 = orm.create_entity_manager()
    assert em4.find_one(T, ann.id) is None
    assert names(em4.find(T, None)) == ["Bob"]


@test
def bad_filters(orm):
    T = backend.author_type
    em = orm.create_entity_manager()
    for bad in ('{"name": ', '[1, 2]', '{"nickname": "x"}',
                '{"name": {"$regexp": "x"}}', '{"born": "yesterday"}'):
        try:
            em.find(T, bad)
        except GLib.Error as e:
            assert_mikro_error(e, Mikro.Error.QUERY)
        else:
            raise AssertionError("find(%r) did not raise" % bad)
        try:
            em.find_one_by(T, bad)
        except GLib.Error as e:
            assert_mikro_error(e, Mikro.Error.QUERY)
        else:
            raise AssertionError("find_one_by(%r) did not raise" % bad)

    # an unknown property is named in the message
    try:
        em.find(T, '{"nickname": "x"}')
    except GLib.Error as e:
        assert "nickname" in e.message, e.message


@test
def unique_violation_retry(orm):
    T = backend.author_type
    em = orm.create_entity_manager()
    em.persist(new_author("Ann", "ann@example.com"))
    em.flush()

    first = new_author("First", "first@example.com")
    twin = new_author("Twin", "ann@example.com")
    em.persist(first)
    em.persist(twin)
    try:
        em.flush()
    except GLib.Error as e:
        assert_mikro_error(e, Mikro.Error.UNIQUE_VIOLATION)
        diag(e.message)
    else:
        raise AssertionError("flush with a duplicate email did not raise")
    assert not pk_is_set(first)
    assert not pk_is_set(twin)
    assert first.get_state() == Mikro.EntityState.NEW

    # the first insert was rolled back with the failed one
    assert names(orm.create_entity_manager().find(T, None)) == ["Ann"]

    # corrected, the same unit of work succeeds
    twin.email = "twin@example.com"
    assert em.flush() is True
    assert pk_is_set(first)
    assert pk_is_set(twin)
    assert sorted(names(orm.create_entity_manager().find(T, None))) == \
        ["Ann", "First", "Twin"]


# ----------------------------------------------------------------- runner --

@test
def batching(orm):
    """One multi-row INSERT for 100 rows, one CASE WHEN UPDATE for 3."""
    T = backend.author_type
    em = orm.create_entity_manager()
    authors = [new_author("Author %03d" % i, "author%d@example.com" % i) for i in range(100)]
    for a in authors:
        em.persist(a)
    statements.start()
    em.flush()
    statements.stop()
    assert all(pk_is_set(a) for a in authors)
    assert len({a.id for a in authors}) == 100
    if not backend.mongo:
        assert len(statements.containing("INSERT INTO")) == 1, statements.list

    authors[3].name = "Three"
    authors[50].name = "Fifty"
    authors[97].email = "ninety-seven@example.com"
    statements.start()
    em.flush()
    statements.stop()
    if not backend.mongo:
        updates = statements.containing("UPDATE")
        assert len(updates) == 1 and "CASE WHEN" in updates[0], statements.list

    fresh = orm.create_entity_manager()
    assert fresh.count(T, '{"name": {"$in": ["Three", "Fifty"]}}') == 2
    assert fresh.count(T, None) == 100


@test
def transactions(orm):
    """transactional() commits on success and rolls back on failure."""
    T = backend.author_type
    em = orm.create_entity_manager()

    def work(manager, data):
        manager.persist(new_author("Ann", "ann@example.com"))
        return True

    assert em.transactional(work, None)
    assert not em.is_in_transaction()
    assert orm.create_entity_manager().count(T, '{"name": "Ann"}') == 1

    if backend.mongo:
        return  # no savepoints; rollback is covered by the C suite on SQL

    em.begin()
    em.persist(new_author("Bob", "bob@example.com"))
    em.flush()
    assert em.is_in_transaction()
    em.rollback()
    assert orm.create_entity_manager().count(T, '{"name": "Bob"}') == 0


def run_one(func):
    orm = Mikro.Orm.open(backend.uri)
    try:
        orm.add_entity(backend.author_type)
        # every test starts from an empty table
        orm.drop_schema()
        orm.create_schema()
        func(orm)
        orm.drop_schema()
    finally:
        orm.close()


def main():
    if backend.uri is None:
        reason = "no server for backend %s; set %s" % (backend.name, backend.missing)
        if os.environ.get("CI") == "true":
            print("1..1")
            print("not ok 1 - /python/slice/%s # %s" % (backend.name, reason))
            return 1
        print("1..0 # SKIP %s" % reason)
        return 0

    print("# backend %s: %s" % (backend.name, backend.uri))
    print("1..%d" % len(TESTS))
    failed = 0
    for n, func in enumerate(TESTS, 1):
        path = "/python/slice/%s/%s" % (backend.name, func.__name__.replace("_", "-"))
        try:
            run_one(func)
        except Exception:  # noqa: BLE001 - any failure is reported as TAP
            failed += 1
            diag(traceback.format_exc())
            print("not ok %d - %s" % (n, path))
        else:
            print("ok %d - %s" % (n, path))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        backend.cleanup()
    sys.exit(status)
