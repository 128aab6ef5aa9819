#!/usr/bin/python3
# test_inheritance.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Inheritance and embeddables from Python, through the Mikro-1.0 typelib
(tests/test-inheritance.c and tests/test-embeddables.c defined in Python).

An abstract base Stamped (id, label) lends its properties to Note; a
single-table hierarchy Person <- Employee <- Manager, Person <- Customer
lives in one table with a "kind" discriminator, Manager's value coming
from the naming strategy; Card embeds the embeddable Address twice inline
(once nullable with the prefix "office_") and Money as one JSON column.
Every query hands back instances of the Python classes. Runs on a
temporary SQLite file; output is TAP.

A GType argument cannot be GObject.TYPE_INVALID from Python: "the
property's own type" is spelt GObject.TYPE_NONE.
"""

import json
import shutil
import sys
import tempfile
import traceback

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Json", "1.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Json, Mikro  # noqa: E402

INT_MAX = GLib.MAXINT32


# ------------------------------------------------------------- entities --

class Stamped(Mikro.Entity):
    """The abstract base: no table of its own."""

    __gtype_name__ = "PyInhStamped"

    id = GObject.Property(type=GObject.TYPE_INT64)
    label = GObject.Property(type=str)


class Note(Stamped):
    __gtype_name__ = "PyInhNote"

    body = GObject.Property(type=str)


class Person(Mikro.Entity):
    """The root of the single-table hierarchy."""

    __gtype_name__ = "PyInhPerson"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)


class Employee(Person):
    __gtype_name__ = "PyInhEmployee"

    salary = GObject.Property(type=int, minimum=0, maximum=INT_MAX)


class Manager(Employee):
    __gtype_name__ = "PyInhManager"

    reports = GObject.Property(type=int, minimum=0, maximum=INT_MAX)


class Customer(Person):
    __gtype_name__ = "PyInhCustomer"

    tier = GObject.Property(type=str)


class Address(GObject.Object):
    """An embeddable: a plain GObject, no key."""

    __gtype_name__ = "PyInhAddress"

    street = GObject.Property(type=str)
    city = GObject.Property(type=str)


class Money(GObject.Object):
    __gtype_name__ = "PyInhMoney"

    amount = GObject.Property(type=float)
    currency = GObject.Property(type=str)


class Card(Mikro.Entity):
    __gtype_name__ = "PyInhCard"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)
    home = GObject.Property(type=Address)
    work = GObject.Property(type=Address)
    balance = GObject.Property(type=Money)


def define_schemas():
    flags = Mikro.PropertyFlags
    key = flags.PRIMARY_KEY | flags.GENERATED

    schema = Mikro.EntitySchema.new(Stamped, None)
    schema.set_abstract(True)
    schema.add_property("id", None, key)
    schema.add_property("label", None, flags.INDEX)
    schema.register()

    schema = Mikro.EntitySchema.new(Note, "note")
    schema.add_property("body", None, flags.NULLABLE)
    schema.register()

    schema = Mikro.EntitySchema.new(Person, "person")
    schema.set_discriminator_column("kind")
    schema.set_discriminator_value("person")
    schema.add_property("id", None, key)
    schema.add_property("name", None, flags.NONE)
    schema.register()

    schema = Mikro.EntitySchema.new(Employee, None)
    schema.set_discriminator_value("employee")
    schema.add_property("salary", None, flags.NONE)
    schema.register()

    # no discriminator value: the naming strategy's, py_inh_manager
    schema = Mikro.EntitySchema.new(Manager, None)
    schema.add_property("reports", None, flags.NONE)
    schema.register()

    schema = Mikro.EntitySchema.new(Customer, None)
    schema.set_discriminator_value("customer")
    schema.add_property("tier", None, flags.INDEX)
    schema.register()

    schema = Mikro.EntitySchema.new_for_embeddable(Address)
    schema.add_property("street", None, flags.NONE)
    schema.add_property("city", None, flags.INDEX)
    schema.register()

    schema = Mikro.EntitySchema.new_for_embeddable(Money)
    schema.add_property("amount", None, flags.NONE)
    schema.add_property("currency", None, flags.NONE)
    schema.register()

    schema = Mikro.EntitySchema.new(Card, "card")
    schema.add_property("id", None, key)
    schema.add_property("name", None, flags.NONE)
    # TYPE_NONE: the property's own type (TYPE_INVALID cannot be passed)
    schema.add_embedded("home", GObject.TYPE_NONE, flags.NONE)
    schema.add_embedded("work", Address, flags.NULLABLE).set_prefix("office_")
    schema.add_embedded("balance", Money, flags.NULLABLE).set_as_object(True)
    schema.register()


define_schemas()


# --------------------------------------------------------------- helpers --

def model_document(node):
    return json.loads(Json.to_string(node, False))


def find_named(array, name):
    for item in array:
        if item.get("name") == name:
            return item
    return None


def items(model):
    return [model.get_item(i) for i in range(model.get_n_items())]


def key(entity):
    return GObject.Value(GObject.TYPE_INT64, entity.id)


def assert_mikro_error(error, code):
    assert error.matches(Mikro.Error.quark(), code), \
        "expected %s, got %s:%d %s" % (code, error.domain, error.code, error.message)


# ------------------------------------------------------------------ tests --

TESTS = []


def test(path):
    def register(func):
        TESTS.append((path, func))
        return func
    return register


@test("/python/inheritance/schema")
def schema(orm):
    # every type of the hierarchy came with Employee, all in one table
    for t in (Person, Manager, Customer):
        assert orm.get_metadata(t) is not None, t
    assert orm.get_metadata(Manager).get_table() == "person"

    wanted = model_document(orm.describe_schema(Mikro.SchemaSource.METADATA))
    actual = model_document(orm.describe_schema(Mikro.SchemaSource.DATABASE))
    assert wanted == actual, "metadata:\n%s\ndatabase:\n%s" % (
        json.dumps(wanted, indent=1), json.dumps(actual, indent=1))

    tables = {t["name"]: t for t in actual["tables"]}
    assert sorted(tables) == ["card", "note", "person"], sorted(tables)

    # the abstract base's columns and index are the note's
    note = tables["note"]
    assert [c["name"] for c in note["columns"]] == ["id", "label", "body"], note["columns"]
    assert find_named(note["indexes"], "note_label_index") is not None, note["indexes"]

    # every type's columns, those below the root nullable, the
    # discriminator and its index
    person = tables["person"]
    columns = person["columns"]
    assert sorted(c["name"] for c in columns) == \
        ["id", "kind", "name", "reports", "salary", "tier"], columns
    assert not find_named(columns, "kind")["nullable"]
    assert not find_named(columns, "name")["nullable"]
    for name in ("salary", "reports", "tier"):
        assert find_named(columns, name)["nullable"], name
    assert find_named(person["indexes"], "person_kind_index") is not None, person["indexes"]
    assert find_named(person["indexes"], "person_tier_index") is not None, person["indexes"]

    # an inline copy per embedded property, one JSON column for Money
    card = tables["card"]
    columns = card["columns"]
    assert [c["name"] for c in columns] == \
        ["id", "name", "home_street", "home_city", "office_street", "office_city", "balance"], columns
    assert not find_named(columns, "home_city")["nullable"]
    assert find_named(columns, "office_city")["nullable"]
    assert find_named(columns, "balance")["nullable"]
    assert find_named(card["indexes"], "card_home_city_index") is not None, card["indexes"]
    assert find_named(card["indexes"], "card_office_city_index") is not None, card["indexes"]


@test("/python/inheritance/single-table")
def single_table(orm):
    em = orm.create_entity_manager()
    manager = Manager(name="Morgan", salary=9000, reports=4)
    for entity in (Person(name="Pat"), Employee(name="Eli", salary=5000),
                   manager, Customer(name="Cleo", tier="gold")):
        em.persist(entity)
    em.flush()
    assert manager.id > 0

    fresh = orm.create_entity_manager()
    people = items(fresh.find(Person, None))
    assert len(people) == 4, people
    by_name = {p.name: p for p in people}
    # each row is an instance of its own Python class, its own columns loaded
    assert type(by_name["Pat"]) is Person
    assert type(by_name["Eli"]) is Employee and by_name["Eli"].salary == 5000
    loaded = by_name["Morgan"]
    assert type(loaded) is Manager
    assert loaded.salary == 9000 and loaded.reports == 4
    assert type(by_name["Cleo"]) is Customer and by_name["Cleo"].tier == "gold"

    # a query on a type finds it and the types deriving from it
    employees = items(fresh.find(Employee, None))
    assert sorted(e.name for e in employees) == ["Eli", "Morgan"], employees
    assert fresh.count(Manager, None) == 1
    assert fresh.count(Employee, '{"salary": {"$gt": 6000}}') == 1
    # the discriminator is a column; Manager's value is the naming strategy's
    assert fresh.count(Person, '{"kind": "customer"}') == 1
    assert fresh.count(Person, '{"kind": "py_inh_manager"}') == 1

    # one identity map for the hierarchy
    assert fresh.find_one(Employee, key(manager)) is loaded
    assert fresh.find_one(Customer, key(manager)) is None

    # a type's own column
    loaded.reports = 7
    fresh.flush()
    assert orm.create_entity_manager().find_one(Person, key(manager)).reports == 7


@test("/python/inheritance/abstract")
def abstract(orm):
    em = orm.create_entity_manager()
    note = Note(label="todo", body="write tests")
    em.persist(note)
    em.flush()
    assert note.id > 0

    loaded = orm.create_entity_manager().find_one_by(Note, '{"label": "todo"}')
    assert type(loaded) is Note
    assert loaded.id == note.id and loaded.body == "write tests"

    try:
        orm.add_entity(Stamped)
    except GLib.Error as e:
        assert_mikro_error(e, Mikro.Error.METADATA)
        assert "PyInhStamped" in e.message and "abstract" in e.message, e.message
    else:
        raise AssertionError("adding the abstract type did not raise")


@test("/python/embeddables/round-trip")
def embeddables(orm):
    em = orm.create_entity_manager()
    card = Card(name="Homer",
                home=Address(street="1 Main St", city="Springfield"),
                balance=Money(amount=12.5, currency="EUR"))
    em.persist(card)
    em.flush()

    loaded = orm.create_entity_manager().find_one(Card, key(card))
    assert type(loaded.home) is Address and loaded.home is not card.home
    assert loaded.home.street == "1 Main St" and loaded.home.city == "Springfield"
    assert loaded.work is None
    assert type(loaded.balance) is Money
    assert loaded.balance.amount == 12.5 and loaded.balance.currency == "EUR"

    # a property of a loaded embedded object changed in place
    fresh = orm.create_entity_manager()
    loaded = fresh.find_one(Card, key(card))
    loaded.home.city = "Shelbyville"
    loaded.balance.amount = 99.0
    assert loaded.is_dirty()
    fresh.flush()
    assert not loaded.is_dirty()
    reloaded = orm.create_entity_manager().find_one(Card, key(card))
    assert reloaded.home.city == "Shelbyville" and reloaded.home.street == "1 Main St"
    assert reloaded.balance.amount == 99.0

    # an object where there was none, and back to none
    loaded.work = Address(street="742 Evergreen", city="Springfield")
    fresh.flush()
    reloaded = orm.create_entity_manager().find_one(Card, key(card))
    assert reloaded.work.street == "742 Evergreen"
    loaded.work = None
    loaded.balance = None
    fresh.flush()
    reloaded = orm.create_entity_manager().find_one(Card, key(card))
    assert reloaded.work is None and reloaded.balance is None

    # filters name the columns or the property paths
    assert fresh.count(Card, '{"home_city": "Shelbyville"}') == 1
    assert fresh.count(Card, '{"home.street": "1 Main St"}') == 1


# ----------------------------------------------------------------- runner --

def run_one(uri, func):
    orm = Mikro.Orm.open(uri)
    try:
        # Employee brings the whole hierarchy with it
        orm.add_entity(Employee)
        orm.add_entity(Note)
        orm.add_entity(Card)
        orm.drop_schema()
        orm.create_schema()
        func(orm)
        orm.drop_schema()
    finally:
        orm.close()


def main():
    tmpdir = tempfile.mkdtemp(prefix="mikro-py-inheritance-")
    uri = "sqlite://%s/inheritance.db" % tmpdir
    failed = 0
    try:
        print("1..%d" % len(TESTS))
        for n, (path, func) in enumerate(TESTS, 1):
            try:
                run_one(uri, func)
            except Exception:  # noqa: BLE001 - any failure is reported as TAP
                failed += 1
                for line in traceback.format_exc().splitlines():
                    print("# " + line)
                print("not ok %d - %s" % (n, path))
            else:
                print("ok %d - %s" % (n, path))
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
