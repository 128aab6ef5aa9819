#!/usr/bin/python3
# test_request_context.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Request contexts from Python: Mikro.RequestContext.run with a Python
callback, begin/end, the error outside any context and the global entity
manager. Output is TAP; runs on SQLite's in-memory database.
"""

import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


class Note(Mikro.Entity):
    __gtype_name__ = "PyRequestContextNote"

    id = GObject.Property(type=GObject.TYPE_INT64)
    text = GObject.Property(type=str)


def context_error(orm):
    """The error get_entity_manager raises, or None."""
    try:
        Mikro.RequestContext.get_entity_manager(orm)
    except GLib.Error as e:
        return e
    return None


def main():
    schema = Mikro.EntitySchema.new(Note, "py_request_context_note")
    schema.add_property("id", None, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED)
    schema.add_property("text", None, Mikro.PropertyFlags.NONE)
    schema.register()

    orm = Mikro.Orm.open("sqlite::memory:")
    orm.add_entity(Note)
    orm.create_schema()

    results = []

    def check(condition, name):
        results.append(bool(condition))
        print("%s %d %s" % ("ok" if condition else "not ok", len(results), name))

    print("1..9")

    # outside any context: the error, with its code and what to do
    error = context_error(orm)
    check(error is not None
          and error.matches(Mikro.Error.quark(), Mikro.Error.VALIDATION)
          and "outside a request context" in error.message
          and "set_allow_global" in error.message,
          "outside a context the global entity manager is refused")

    # run with a Python callback: the context's entity manager is current
    seen = {}

    def inner(em):
        seen["inner"] = em
        seen["inner_current"] = Mikro.RequestContext.get_entity_manager(orm)

    def work(em, data):
        seen["data"] = data
        seen["outer"] = em
        seen["outer_current"] = Mikro.RequestContext.get_entity_manager(orm)
        note = Note(text="hello")
        em.persist(note)
        em.flush()
        seen["note_id"] = note.props.id
        seen["note"] = note
        Mikro.RequestContext.run(orm, inner)
        seen["outer_again"] = Mikro.RequestContext.get_entity_manager(orm)

    Mikro.RequestContext.run(orm, work, "request 1")
    check(seen.get("data") == "request 1" and seen.get("outer") is not None
          and seen["outer_current"] == seen["outer"],
          "run passes the fork and user data; it is the current entity manager")
    check(seen.get("inner") is not None and seen["inner"] != seen["outer"]
          and seen["inner_current"] == seen["inner"]
          and seen["outer_again"] == seen["outer"],
          "a nested run has an entity manager of its own")
    check(context_error(orm) is not None, "after run there is no context again")

    # another context does not share the identity map
    def load(em):
        pk = GObject.Value(GObject.TYPE_INT64, seen["note_id"])
        found = Mikro.RequestContext.get_entity_manager(orm).find_one(Note, pk)
        seen["found"] = found
        seen["found_again"] = em.find_one(Note, pk)

    Mikro.RequestContext.run(orm, load)
    check(seen.get("found") is not None and seen["found"] is not seen["note"]
          and seen["found"].props.text == "hello"
          and seen["found_again"] is seen["found"],
          "another context loads its own instance")

    # begin/end for code that cannot pass a callback
    context = Mikro.RequestContext.begin(orm)
    current = Mikro.RequestContext.get_entity_manager(orm)
    check(current == context.get_fork() == context.props.entity_manager
          and context.props.orm == orm,
          "begin makes the context's fork current")
    context.end()
    check(context_error(orm) is not None, "end leaves the context")

    # the global entity manager, when allowed
    Mikro.RequestContext.set_allow_global(orm, True)
    first = Mikro.RequestContext.get_entity_manager(orm)
    check(first is not None and first == Mikro.RequestContext.get_entity_manager(orm)
          and first == Mikro.RequestContext.get_global_entity_manager(orm),
          "the global entity manager is one instance")
    Mikro.RequestContext.set_allow_global(orm, False)
    check(not Mikro.RequestContext.get_allow_global(orm) and context_error(orm) is not None,
          "disallowed again it is refused again")

    orm.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
