// test-schema-zoo.js
//
// Copyright 2026 The mikro-gobject authors
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The product entity of the C suite, defined in JavaScript: its schema
// model must be tests/fixtures/product-sqlite.json, the document the C
// definition produces, both from the metadata and from the SQLite
// catalogue. Run as `gjs -m test-schema-zoo.js`; output is TAP.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Json from 'gi://Json';
import Mikro from 'gi://Mikro?version=1.0';
import System from 'system';

const RW = GObject.ParamFlags.READWRITE;

const Product = GObject.registerClass({
    GTypeName: 'JsZooProduct',
    Properties: {
        'id': GObject.ParamSpec.int64('id', null, null, RW, 0, Number.MAX_SAFE_INTEGER, 0),
        'sku': GObject.ParamSpec.string('sku', null, null, RW, null),
        'title': GObject.ParamSpec.string('title', null, null, RW, null),
        'price': GObject.ParamSpec.double('price', null, null, RW, -1e300, 1e300, 0),
        'rating': GObject.ParamSpec.int('rating', null, null, RW, -2147483648, 2147483647, 0),
        'stock-count': GObject.ParamSpec.int64('stock-count', null, null, RW,
            Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0),
        'active': GObject.ParamSpec.boolean('active', null, null, RW, true),
        'created-at': GObject.ParamSpec.boxed('created-at', null, null, RW, GLib.DateTime.$gtype),
        'notes': GObject.ParamSpec.string('notes', null, null, RW, null),
    },
}, class Product extends Mikro.Entity {});

function intValue(v) {
    const gv = new GObject.Value();
    gv.init(GObject.TYPE_INT);
    gv.set_int(v);
    return gv;
}

function stringValue(v) {
    const gv = new GObject.Value();
    gv.init(GObject.TYPE_STRING);
    gv.set_string(v);
    return gv;
}

function booleanValue(v) {
    const gv = new GObject.Value();
    gv.init(GObject.TYPE_BOOLEAN);
    gv.set_boolean(v);
    return gv;
}

function defineSchema() {
    const F = Mikro.PropertyFlags;
    const schema = Mikro.EntitySchema.new(Product.$gtype, 'test_product');
    schema.add_property('id', null, F.PRIMARY_KEY | F.GENERATED);
    schema.add_property('sku', null, F.UNIQUE).set_length(32);
    schema.add_property('title', null, F.NULLABLE).set_default(stringValue('untitled'));
    const price = schema.add_property('price', null, F.NONE);
    price.set_precision(10, 2);
    price.set_default(intValue(0));
    schema.add_property('rating', null, F.INDEX).set_default(intValue(3));
    schema.add_property('stock-count', 'stock', F.NONE).set_default_raw('42');
    schema.add_property('active', null, F.NONE).set_default(booleanValue(true));
    schema.add_property('created-at', null, F.NULLABLE);
    schema.add_property('notes', null, F.VIRTUAL);
    schema.add_index('product_title_rating_idx', ['title', 'rating']);
    schema.add_unique(null, ['title', 'stock-count']);
    schema.add_check('product_rating_check', 'rating >= 0');
    schema.register();
}

function productTable(model) {
    const document = JSON.parse(Json.to_string(model, false));
    const table = document.tables.find(t => t.name === 'test_product');
    if (!table)
        throw new Error(`no test_product table in ${JSON.stringify(document)}`);
    return table;
}

function withoutCheckExpressions(table) {
    const copy = JSON.parse(JSON.stringify(table));
    for (const check of copy.checks)
        delete check.expression;
    return copy;
}

function main() {
    const [, contents] = GLib.file_get_contents(
        GLib.build_filenamev([GLib.getenv('G_TEST_SRCDIR'), 'fixtures', 'product-sqlite.json']));
    const golden = JSON.parse(new TextDecoder().decode(contents));
    const tmpdir = GLib.dir_make_tmp('mikro-zoo-XXXXXX');
    const db = GLib.build_filenamev([tmpdir, 'zoo.db']);
    let failed = 0;

    defineSchema();
    print('1..2');
    try {
        const orm = Mikro.Orm.open(`sqlite://${db}`);
        orm.add_entity(Product.$gtype);
        orm.create_schema();

        const wanted = productTable(orm.describe_schema(Mikro.SchemaSource.METADATA));
        if (JSON.stringify(wanted) === JSON.stringify(golden)) {
            print('ok 1 metadata model equals the C definition\'s');
        } else {
            print('not ok 1 metadata model equals the C definition\'s');
            print(`# ${JSON.stringify(wanted)}`);
            failed++;
        }

        const actual = productTable(orm.describe_schema(Mikro.SchemaSource.DATABASE));
        if (JSON.stringify(withoutCheckExpressions(actual)) ===
            JSON.stringify(withoutCheckExpressions(golden))) {
            print('ok 2 the SQLite catalogue has the C definition\'s schema');
        } else {
            print('not ok 2 the SQLite catalogue has the C definition\'s schema');
            print(`# ${JSON.stringify(actual)}`);
            failed++;
        }
        orm.close();
    } finally {
        GLib.unlink(db);
        GLib.rmdir(tmpdir);
    }
    return failed;
}

System.exit(main() > 0 ? 1 : 0);
