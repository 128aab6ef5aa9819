#!/usr/bin/python3
# test_native.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""The calls that bypass the unit of work, from Python: upsert and
upsert_many with an entity subclassed in Python, native updates and
deletes with their values as a GLib.Variant of type a{sv}, and locks.
Output is TAP; runs on SQLite in memory.
"""

import sys
import traceback

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


class Member(Mikro.Entity):
    __gtype_name__ = "PyNativeMember"

    id = GObject.Property(type=GObject.TYPE_INT64)
    email = GObject.Property(type=str)
    name = GObject.Property(type=str)
    points = GObject.Property(type=int)


def register():
    flags = Mikro.PropertyFlags
    schema = Mikro.EntitySchema.new(Member, "py_native_member")
    schema.add_property("id", None, flags.PRIMARY_KEY | flags.GENERATED)
    schema.add_property("email", None, flags.UNIQUE)
    schema.add_property("name", None, flags.NONE)
    schema.add_property("points", None, flags.NONE)
    schema.register()


register()


def assert_mikro_error(error, code):
    assert error.matches(Mikro.Error.quark(), code), \
        "expected %s, got %s:%d %s" % (code, error.domain, error.code, error.message)


def raises(code, func, *args):
    try:
        func(*args)
    except GLib.Error as e:
        assert_mikro_error(e, code)
        return e
    raise AssertionError("%s%r did not raise" % (func.__name__, args))


def open_orm():
    orm = Mikro.Orm.open("sqlite::memory:")
    orm.add_entity(Member)
    orm.create_schema()
    return orm


def values(**kwargs):
    return GLib.Variant("a{sv}", kwargs)


# ------------------------------------------------------------------ tests --

def test_upsert(orm):
    em = orm.create_entity_manager()
    ann = Member(email="ann@example.com", name="Ann", points=1)
    managed = em.upsert(ann)
    assert managed is ann
    assert ann.props.id > 0
    assert ann.get_state() == Mikro.EntityState.MANAGED

    # by the unique email: the identity map's instance takes the values
    again = em.upsert(Member(email="ann@example.com", name="Anne", points=2))
    assert again is ann
    assert ann.props.name == "Anne" and ann.props.points == 2
    assert not ann.is_dirty()
    assert em.count(Member, None) == 1

    # neither a key nor a unique value: a plain insert
    nobody = em.upsert(Member(name="Nobody"))
    assert nobody.props.id > ann.props.id
    assert em.count(Member, None) == 2


def test_upsert_many(orm):
    em = orm.create_entity_manager()
    members = [Member(email="m%d@example.com" % i, name="M%d" % i) for i in range(10)]
    result = list(em.upsert_many(members))
    assert len(result) == 10
    assert all(a is b for a, b in zip(result, members))
    assert len(set(m.props.id for m in members)) == 10

    other = orm.create_entity_manager()
    renamed = [Member(email="m%d@example.com" % i, name="R%d" % i) for i in range(10)]
    result = list(other.upsert_many(renamed))
    assert [m.props.id for m in result] == [m.props.id for m in members]
    assert other.count(Member, '{"name": {"$like": "R%"}}') == 10


def test_insert(orm):
    em = orm.create_entity_manager()
    bob = Member(email="bob@example.com", name="Bob")
    assert em.insert(bob)
    assert bob.props.id > 0
    assert bob.get_state() == Mikro.EntityState.MANAGED
    raises(Mikro.Error.UNIQUE_VIOLATION, em.insert,
           Member(email="bob@example.com", name="Bob again"))


def test_native_update_delete(orm):
    em = orm.create_entity_manager()
    members = [Member(email="n%d@example.com" % i, name="N%d" % i, points=i) for i in range(5)]
    em.upsert_many(members)

    n = em.native_update(Member, '{"points": {"$gte": 3}}', values(name=GLib.Variant("s", "top")))
    assert n == 2, n
    # loaded entities are not refreshed
    assert members[4].props.name == "N4"
    assert em.count(Member, '{"name": "top"}') == 2

    # a Python int arrives as an int64 variant and is converted
    n = em.native_update(Member, None, values(points=GLib.Variant("x", 7)))
    assert n == 5, n
    assert em.count(Member, '{"points": 7}') == 5

    raises(Mikro.Error.VALIDATION, em.native_update, Member, None,
           values(nickname=GLib.Variant("s", "x")))
    raises(Mikro.Error.QUERY, em.native_delete, Member, '{"nope": 1}')

    assert em.native_delete(Member, '{"name": "top"}') == 2
    assert em.native_delete(Member, None) == 3
    assert em.count(Member, None) == 0


def test_lock(orm):
    em = orm.create_entity_manager()
    cyd = Member(email="cyd@example.com", name="Cyd")
    em.insert(cyd)
    raises(Mikro.Error.VALIDATION, em.lock, cyd, Mikro.LockMode.PESSIMISTIC_WRITE, 0)
    raises(Mikro.Error.METADATA, em.lock, cyd, Mikro.LockMode.OPTIMISTIC, 1)
    em.begin()
    assert em.lock(cyd, Mikro.LockMode.PESSIMISTIC_WRITE, 0)
    em.commit()


TESTS = [
    ("upsert by key and by a unique property", test_upsert),
    ("upsert_many returns the managed entities", test_upsert_many),
    ("insert right away", test_insert),
    ("native update and delete with a{sv} values", test_native_update_delete),
    ("locks", test_lock),
]


def main():
    print("1..%d" % len(TESTS))
    failures = 0
    for number, (title, func) in enumerate(TESTS, 1):
        orm = open_orm()
        try:
            func(orm)
            print("ok %d %s" % (number, title))
        except Exception:
            failures += 1
            print("not ok %d %s" % (number, title))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        finally:
            orm.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
