#!/usr/bin/python3
# test_schema_zoo.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""The product entity of the C suite, defined in Python.

Its mapping (lengths, precision, defaults, a raw default, an index flag, a
unique flag, a named composite index, a composite unique, a check and a
virtual property) must produce the very schema model the C definition
produces: tests/fixtures/product-sqlite.json, which the C suite checks
against its own definition and against the SQLite catalogue. Output is TAP.
"""

import json
import os
import shutil
import sys
import tempfile

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Json", "1.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Json, Mikro  # noqa: E402


class Product(Mikro.Entity):
    __gtype_name__ = "PyZooProduct"

    id = GObject.Property(type=GObject.TYPE_INT64)
    sku = GObject.Property(type=str)
    title = GObject.Property(type=str)
    price = GObject.Property(type=float)
    rating = GObject.Property(type=int)
    stock_count = GObject.Property(type=GObject.TYPE_INT64, nick="stock-count")
    active = GObject.Property(type=bool, default=True)
    created_at = GObject.Property(type=GLib.DateTime)
    notes = GObject.Property(type=str)


def int_value(n):
    return GObject.Value(GObject.TYPE_INT, n)


def define_schema():
    flags = Mikro.PropertyFlags
    schema = Mikro.EntitySchema.new(Product, "test_product")
    schema.add_property("id", None, flags.PRIMARY_KEY | flags.GENERATED)
    schema.add_property("sku", None, flags.UNIQUE).set_length(32)
    schema.add_property("title", None, flags.NULLABLE).set_default(
        GObject.Value(GObject.TYPE_STRING, "untitled"))
    price = schema.add_property("price", None, flags.NONE)
    price.set_precision(10, 2)
    price.set_default(int_value(0))
    schema.add_property("rating", None, flags.INDEX).set_default(int_value(3))
    schema.add_property("stock-count", "stock", flags.NONE).set_default_raw("42")
    schema.add_property("active", None, flags.NONE).set_default(
        GObject.Value(GObject.TYPE_BOOLEAN, True))
    schema.add_property("created-at", None, flags.NULLABLE)
    schema.add_property("notes", None, flags.VIRTUAL)
    schema.add_index("product_title_rating_idx", ["title", "rating"])
    schema.add_unique(None, ["title", "stock-count"])
    schema.add_check("product_rating_check", "rating >= 0")
    schema.register()


def product_table(model):
    document = json.loads(Json.to_string(model, False))
    for table in document["tables"]:
        if table["name"] == "test_product":
            return table
    raise AssertionError("no test_product table in %s" % document)


def without_check_expressions(table):
    table = json.loads(json.dumps(table))
    for check in table["checks"]:
        check.pop("expression", None)
    return table


def main():
    golden_path = os.path.join(os.environ["G_TEST_SRCDIR"], "fixtures", "product-sqlite.json")
    with open(golden_path, encoding="utf-8") as f:
        golden = json.load(f)

    define_schema()
    tmpdir = tempfile.mkdtemp(prefix="mikro-zoo-")
    try:
        orm = Mikro.Orm.open("sqlite://%s/zoo.db" % tmpdir)
        orm.add_entity(Product)
        orm.create_schema()

        print("1..2")
        wanted = product_table(orm.describe_schema(Mikro.SchemaSource.METADATA))
        if wanted != golden:
            print("not ok 1 metadata model equals the C definition's")
            print("# " + json.dumps(wanted, indent=1).replace("\n", "\n# "))
            return 1
        print("ok 1 metadata model equals the C definition's")

        actual = product_table(orm.describe_schema(Mikro.SchemaSource.DATABASE))
        if without_check_expressions(actual) != without_check_expressions(golden):
            print("not ok 2 the SQLite catalogue has the C definition's schema")
            print("# " + json.dumps(actual, indent=1).replace("\n", "\n# "))
            return 1
        print("ok 2 the SQLite catalogue has the C definition's schema")
        orm.close()
        return 0
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
