#!/usr/bin/python3
# test_custom_type.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""A custom type written in Python: Mikro.Type subclassed with PyGObject.

A temperature property (a float in kelvin) is stored as whole degrees
Celsius in an integer column. Output is TAP; runs on a temporary SQLite
file.
"""

import shutil
import sys
import tempfile

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


class CelsiusType(Mikro.Type):
    __gtype_name__ = "PyCelsiusType"

    def do_get_database_type(self):
        return "x"

    def do_to_database(self, value):
        return GLib.Variant("x", round(value - 273.15))

    def do_from_database(self, stored, entity, name):
        entity.set_property(name, stored.get_int64() + 273.15)
        return True

    def do_get_column_type(self, dialect):
        return None


class Reading(Mikro.Entity):
    __gtype_name__ = "PyReading"

    id = GObject.Property(type=GObject.TYPE_INT64)
    kelvin = GObject.Property(type=float)


def main():
    schema = Mikro.EntitySchema.new(Reading, "py_reading")
    schema.add_property("id", None, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED)
    schema.add_property("kelvin", "celsius", Mikro.PropertyFlags.NONE).set_custom_type(CelsiusType())
    schema.register()

    tmpdir = tempfile.mkdtemp(prefix="mikro-custom-")
    failures = 0
    print("1..3")
    try:
        orm = Mikro.Orm.open("sqlite://%s/custom.db" % tmpdir)
        orm.add_entity(Reading)
        orm.create_schema()

        em = orm.create_entity_manager()
        reading = Reading(kelvin=293.15)
        em.persist(reading)
        em.flush()

        fresh = orm.create_entity_manager()
        found = fresh.find_one(Reading, GObject.Value(GObject.TYPE_INT64, reading.props.id))
        if found is not None and abs(found.props.kelvin - 293.15) < 1e-9:
            print("ok 1 the value comes back through the Python type")
        else:
            print("not ok 1 the value comes back through the Python type")
            failures += 1

        stored = fresh.find(Reading, '{"kelvin": 20}')
        if stored.get_n_items() == 1:
            print("ok 2 filters compare the stored value")
        else:
            print("not ok 2 filters compare the stored value (%d items)" % stored.get_n_items())
            failures += 1

        model = orm.describe_schema(Mikro.SchemaSource.DATABASE)
        from gi.repository import Json  # noqa: E402
        text = Json.to_string(model, False)
        if '"name":"celsius","type":"bigint"' in text:
            print("ok 3 the column has the database type of the custom type")
        else:
            print("not ok 3 the column has the database type of the custom type")
            print("# " + text)
            failures += 1
        orm.close()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
