#!/usr/bin/python3
# test_repository.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Repositories from Python: Mikro.Repository subclassed with PyGObject.

The entity manager hands out one repository per entity type, and one
instance of a Python repository class (with its own query method and its
own state) per entity type; every method is the entity manager's, so the
entities found are the identity map's instances. Output is TAP; runs on
SQLite in memory.
"""

import json
import sys
import traceback

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


class Author(Mikro.Entity):
    __gtype_name__ = "PyRepoAuthor"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)
    age = GObject.Property(type=int)


class Reader(Mikro.Entity):
    """Another entity type, for the repository of Author to refuse."""

    __gtype_name__ = "PyRepoReader"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)


class Unregistered(Mikro.Entity):
    __gtype_name__ = "PyRepoUnregistered"

    id = GObject.Property(type=GObject.TYPE_INT64)


class AuthorRepository(Mikro.Repository):
    """A repository with a query of its own."""

    __gtype_name__ = "PyAuthorRepository"

    def find_by_name(self, name):
        self.queries = getattr(self, "queries", 0) + 1
        # json.dumps quotes the name: user input never becomes filter syntax
        return self.find_one_by(json.dumps({"name": name}))

    def adults(self):
        return self.find(json.dumps({"age": {"$gte": 18}}))


def register(entity_type, table, extra):
    flags = Mikro.PropertyFlags
    schema = Mikro.EntitySchema.new(entity_type, table)
    schema.add_property("id", None, flags.PRIMARY_KEY | flags.GENERATED)
    schema.add_property("name", None, flags.NONE)
    for name in extra:
        schema.add_property(name, None, flags.NONE)
    schema.register()


register(Author, "py_repo_author", ["age"])
register(Reader, "py_repo_reader", [])
register(Unregistered, "py_repo_unregistered", [])


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


def names(model):
    return [model.get_item(i).props.name for i in range(model.get_n_items())]


def open_orm():
    orm = Mikro.Orm.open("sqlite::memory:")
    orm.add_entity(Author)
    orm.add_entity(Reader)
    orm.create_schema()
    return orm


def seed(em, repo):
    for name, age in (("Ann", 34), ("Bob", 12), ("Cyd", 51)):
        repo.persist(Author(name=name, age=age))
    em.flush()


# ------------------------------------------------------------------ tests --

def test_one_per_type(orm):
    em = orm.create_entity_manager()
    repo = em.get_repository(Author)
    assert type(repo) is Mikro.Repository
    assert em.get_repository(Author) is repo
    assert repo.get_entity_manager() is em
    assert repo.props.entity_manager is em
    assert repo.get_entity_type() == Author.__gtype__
    assert repo.props.entity_type == Author.__gtype__

    readers = em.get_repository(Reader)
    assert readers is not repo
    assert readers.get_entity_type() == Reader.__gtype__

    # a fork is another entity manager, with repositories of its own
    forked = em.fork()
    assert forked.get_repository(Author) is not repo
    assert forked.get_repository(Author).get_entity_manager() is forked


def test_errors(orm):
    em = orm.create_entity_manager()
    e = raises(Mikro.Error.METADATA, em.get_repository, Unregistered)
    assert "PyRepoUnregistered" in e.message, e.message
    raises(Mikro.Error.VALIDATION, em.get_repository_of_type, Author, GObject.Object)

    repo = em.get_repository(Author)
    reader = Reader(name="Rita")
    e = raises(Mikro.Error.VALIDATION, repo.persist, reader)
    assert "PyRepoAuthor" in e.message and "PyRepoReader" in e.message, e.message
    assert reader.get_state() == Mikro.EntityState.NEW
    raises(Mikro.Error.VALIDATION, repo.remove, reader)
    raises(Mikro.Error.VALIDATION, repo.populate, reader, "name")
    em.flush()
    assert em.count(Reader, None) == 0

    e = raises(Mikro.Error.NOT_FOUND, repo.find_one_or_fail, '{"name": "Nobody"}')
    assert "PyRepoAuthor" in e.message, e.message
    raises(Mikro.Error.QUERY, repo.find, '{"nope": 1}')
    raises(Mikro.Error.QUERY, repo.count, '{"nope": 1}')


def test_base_methods(orm):
    em = orm.create_entity_manager()
    repo = em.get_repository(Author)
    seed(em, repo)

    assert repo.count(None) == 3
    assert repo.count('{"age": {"$lt": 40}}') == 2
    everyone = repo.find_all()
    assert names(everyone) == ["Ann", "Bob", "Cyd"], names(everyone)
    assert everyone.get_item_type() == Author.__gtype__

    bob = repo.find_one_by('{"name": "Bob"}')
    assert isinstance(bob, Author)
    # the identity map's one instance, whichever way it is found
    assert everyone.get_item(1) is bob
    assert repo.find_one(GObject.Value(GObject.TYPE_INT64, bob.props.id)) is bob
    assert em.find_one(Author, GObject.Value(GObject.TYPE_INT64, bob.props.id)) is bob
    assert repo.get_reference(GObject.Value(GObject.TYPE_INT, bob.props.id)) is bob
    assert repo.find_one_or_fail('{"name": "Bob"}') is bob
    assert repo.find_one_by('{"name": "Nobody"}') is None

    # a reference from another manager's repository, without a query
    fresh = orm.create_entity_manager()
    ref = fresh.get_repository(Author).get_reference(GObject.Value(GObject.TYPE_INT64, bob.props.id))
    assert ref is not bob
    assert not ref.is_initialized()

    repo.remove(bob)
    assert repo.count(None) == 3  # not flushed yet
    em.flush()
    assert repo.count(None) == 2
    assert repo.find_one_by('{"name": "Bob"}') is None


def test_subclass(orm):
    em = orm.create_entity_manager()
    repo = em.get_repository_of_type(Author, AuthorRepository)
    assert isinstance(repo, AuthorRepository)
    assert repo.get_entity_manager() is em
    assert repo.get_entity_type() == Author.__gtype__
    # the plain repository is another object
    plain = em.get_repository(Author)
    assert plain is not repo and not isinstance(plain, AuthorRepository)

    seed(em, repo)
    ann = repo.find_by_name("Ann")
    assert isinstance(ann, Author) and ann.props.age == 34
    assert plain.find_one_by('{"name": "Ann"}') is ann
    assert repo.find_by_name('Ann", "age": 34') is None
    assert names(repo.adults()) == ["Ann", "Cyd"], names(repo.adults())

    # the same instance again, with its Python state
    again = em.get_repository_of_type(Author, AuthorRepository)
    assert again is repo
    assert again.queries == 2, again.queries

    # constructed directly, as for any GObject
    direct = AuthorRepository(entity_manager=em, entity_type=Author)
    assert direct is not repo
    assert direct.find_by_name("Cyd") is repo.find_by_name("Cyd")
    assert direct.count('{"name": "Cyd"}') == 1


def test_manager_owns_repositories(orm):
    em = orm.create_entity_manager()
    repo = em.get_repository_of_type(Author, AuthorRepository)
    del em
    # the repository does not keep its entity manager alive
    assert repo.get_entity_manager() is None
    assert repo.props.entity_manager is None
    e = raises(Mikro.Error.FAILED, repo.find_all)
    assert "PyRepoAuthor" in e.message, e.message


def test_not_found_handler(orm):
    """find_one_or_fail raises the error of a Python handler (MikroORM's
    findOneOrFailHandler), and the default one once the handler is gone."""
    em = orm.create_entity_manager()
    repo = em.get_repository(Author)
    seen = []

    def not_found(metadata, filter_json):
        seen.append((metadata.get_entity_type().name, filter_json))
        raise GLib.Error("%s not here" % metadata.get_table(), "py-app-error", 404)

    orm.set_not_found_handler(not_found)
    try:
        repo.find_one_or_fail('{"name": "Nobody"}')
        raise AssertionError("no error")
    except GLib.Error as e:
        assert e.domain == "py-app-error" and e.code == 404, (e.domain, e.code)
        assert e.message == "py_repo_author not here", e.message
    assert seen == [("PyRepoAuthor", '{"name": "Nobody"}')], seen

    orm.set_not_found_handler(None)
    raises(Mikro.Error.NOT_FOUND, repo.find_one_or_fail, '{"name": "Nobody"}')
    assert len(seen) == 1


TESTS = [
    ("one repository per entity manager and type", test_one_per_type),
    ("unknown types, wrong entities and misses are errors with codes", test_errors),
    ("the base methods delegate to the entity manager", test_base_methods),
    ("a Python subclass with its own query", test_subclass),
    ("the entity manager owns its repositories", test_manager_owns_repositories),
    ("a Python handler makes the error of find_one_or_fail", test_not_found_handler),
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
