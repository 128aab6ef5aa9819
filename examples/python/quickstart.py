#!/usr/bin/python3
# quickstart.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""mikro-gobject from Python: an entity defined in Python, two authors stored
in SQLite, one read back.

    quickstart.py [DATABASE_FILE]

Without an argument the database is a file in a new temporary directory,
removed at the end.
From a build tree, run it in the build's environment (typelib, library and
driver paths), with the interpreter that has PyGObject:

    meson devenv -C BUILDDIR -w "$PWD" /usr/bin/python3 examples/python/quickstart.py

(meson devenv runs in BUILDDIR unless -w is given; -w needs meson >= 1.0.)
G_MESSAGES_DEBUG=mikro shows every statement sent.
"""

import os
import shutil
import sys
import tempfile

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


# An entity is a GObject subclass of Mikro.Entity with ordinary properties.
# Setting one on a managed entity emits notify, which marks it dirty.
class Author(Mikro.Entity):
    __gtype_name__ = "QuickstartAuthor"

    id = GObject.Property(type=GObject.TYPE_INT64)
    name = GObject.Property(type=str)
    email = GObject.Property(type=str)
    born = GObject.Property(type=GLib.DateTime)


# Its mapping: which properties persist, and how.
schema = Mikro.EntitySchema.new(Author, "author")
schema.add_property("id", None, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED)
schema.add_property("name", None, Mikro.PropertyFlags.NONE)
schema.add_property("email", None, Mikro.PropertyFlags.UNIQUE)
schema.add_property("born", None, Mikro.PropertyFlags.NULLABLE)
schema.register()


def main(argv):
    tmpdir = None
    if len(argv) > 1:
        path = os.path.abspath(argv[1])
    else:
        tmpdir = tempfile.mkdtemp(prefix="mikro-quickstart-")
        path = os.path.join(tmpdir, "quickstart.db")

    try:
        orm = Mikro.Orm.open("sqlite://" + path)
        orm.add_entity(Author)
        # start from an empty table, so that the example can run again
        orm.drop_schema()
        orm.create_schema()
        print("Opened %s" % path)

        # persist: nothing is written until flush, which inserts both
        em = orm.create_entity_manager()
        ada = Author(name="Ada Lovelace", email="ada@example.org",
                     born=GLib.DateTime.new_utc(1815, 12, 10, 0, 0, 0))
        alan = Author(name="Alan Turing", email="alan@example.org")
        em.persist(ada)
        em.persist(alan)
        em.flush()
        print("Stored %s (id %d) and %s (id %d)" % (ada.name, ada.id, alan.name, alan.id))

        # a new entity manager has an empty identity map: this is a query
        em = orm.create_entity_manager()
        found = em.find_one(Author, ada.id)
        print("Found by id %d: %s <%s>, born %s" % (
            found.id, found.name, found.email, found.born.format("%Y-%m-%d")))

        # a change to a managed entity is written on the next flush
        found.email = "countess@example.org"
        em.flush()
        print("Updated the email of %s to %s" % (found.name, found.email))

        authors = em.find(Author, '{"name": {"$like": "A%"}}')
        print("%d authors whose name starts with A:" % authors.get_n_items())
        for author in authors:
            print("  %d  %s <%s>" % (author.id, author.name, author.email))

        orm.close()
    except GLib.Error as e:
        print("quickstart: %s" % e.message, file=sys.stderr)
        return 1
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
