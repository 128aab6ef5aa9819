// test-slice.js
//
// Copyright 2026 The mikro-gobject authors
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The vertical slice from JavaScript (GJS), through the Mikro-1.0 typelib,
// with the entity declared here by GObject.registerClass. Run as an ES
// module: `gjs -m test-slice.js`. It uses a temporary SQLite file; output
// is TAP and the exit status is non-zero when a test failed.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Mikro from 'gi://Mikro?version=1.0';
import System from 'system';

const TABLE = 'js_author';

// ------------------------------------------------------------- entity --

// GJS (>= 1.72) gives declared properties default accessors that store the
// value and notify only when it changes; the unit of work needs no more.
const Author = GObject.registerClass({
    GTypeName: 'JsTestAuthor',
    Properties: {
        'id': GObject.ParamSpec.int64('id', 'ID', 'Primary key',
            GObject.ParamFlags.READWRITE, 0, Number.MAX_SAFE_INTEGER, 0),
        'name': GObject.ParamSpec.string('name', 'Name', 'Name',
            GObject.ParamFlags.READWRITE, null),
        'email': GObject.ParamSpec.string('email', 'Email', 'Email address',
            GObject.ParamFlags.READWRITE, null),
        'born': GObject.ParamSpec.boxed('born', 'Born', 'Date of birth',
            GObject.ParamFlags.READWRITE, GLib.DateTime.$gtype),
    },
}, class Author extends Mikro.Entity {});

{
    const F = Mikro.PropertyFlags;
    const schema = Mikro.EntitySchema.new(Author.$gtype, TABLE);
    schema.add_property('id', null, F.PRIMARY_KEY | F.GENERATED);
    schema.add_property('name', null, F.NONE);
    schema.add_property('email', null, F.UNIQUE);
    schema.add_property('born', null, F.NULLABLE);
    schema.register();
}

// -------------------------------------------------- statement capture --

const statements = {
    capturing: false,
    list: [],
    start() {
        this.list = [];
        this.capturing = true;
    },
    stop() {
        this.capturing = false;
        return this.list;
    },
    containing(needle) {
        return this.list.filter(s => s.includes(needle));
    },
};

// Statements are logged at debug level in the "mikro" domain, and only when
// that level is not dropped.
GLib.setenv('G_MESSAGES_DEBUG', 'mikro', true);

// GJS hands the writer every field as a Uint8Array.
const decoder = new TextDecoder();
GLib.log_set_writer_func((level, fields) => {
    const domain = fields.GLIB_DOMAIN ? decoder.decode(fields.GLIB_DOMAIN) : null;
    if (domain === 'mikro' && level === GLib.LogLevelFlags.LEVEL_DEBUG) {
        if (statements.capturing && fields.MIKRO_STATEMENT)
            statements.list.push(decoder.decode(fields.MIKRO_STATEMENT));
        return GLib.LogWriterOutput.HANDLED;
    }
    return GLib.LogWriterOutput.UNHANDLED;
});

// ------------------------------------------------------------ helpers --

class AssertionError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AssertionError';
    }
}

function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new AssertionError(message);
}

function assertEqual(actual, expected, what = 'value') {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a !== e)
        throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

function assertThrowsMikro(code, func, what) {
    try {
        func();
    } catch (e) {
        if (!(e instanceof GLib.Error))
            throw e;
        assert(e.matches(Mikro.Error, code),
            `${what}: expected Mikro.Error ${code}, got ${e.domain}:${e.code} ${e.message}`);
        return e;
    }
    throw new AssertionError(`${what}: no error`);
}

function names(model) {
    const out = [];
    for (let i = 0; i < model.get_n_items(); i++)
        out.push(model.get_item(i).name);
    return out;
}

function sameTime(a, b) {
    return a !== null && b !== null && a.difference(b) === 0;
}

function int64Value(n) {
    const value = new GObject.Value();
    value.init(GObject.TYPE_INT64);
    value.set_int64(n);
    return value;
}

// -------------------------------------------------------------- tests --

function roundTrip(orm) {
    const born = GLib.DateTime.new_utc(1970, 5, 17, 10, 30, 15);

    // persist + flush
    const em = orm.create_entity_manager();
    const ann = new Author({name: 'Ann', email: 'ann@example.com', born});
    const bob = new Author({name: 'Bob', email: 'bob@example.com'});
    em.persist(ann);
    em.persist(bob);
    assertEqual(ann.get_state(), Mikro.EntityState.NEW, 'state before flush');
    assertEqual(ann.id, 0, 'id before flush');

    statements.start();
    assert(em.flush() === true, 'flush returns true');
    statements.stop();
    assert(Number.isInteger(ann.id) && ann.id > 0, `ann.id = ${ann.id}`);
    assert(Number.isInteger(bob.id) && bob.id > 0, `bob.id = ${bob.id}`);
    assert(ann.id !== bob.id, 'distinct ids');
    assertEqual(ann.get_state(), Mikro.EntityState.MANAGED, 'state after flush');
    // both rows in one multi-row INSERT
    assertEqual(statements.containing('INSERT INTO').length, 1, 'INSERT statements');

    // a fresh entity manager queries the database; a JS number arrives as
    // a double GValue and is converted to the int64 key
    const em2 = orm.create_entity_manager();
    statements.start();
    const found = em2.find_one(Author.$gtype, ann.id);
    statements.stop();
    assert(found !== null, 'found by primary key');
    assertEqual(statements.list.length, 1, 'statements for find_one');
    assert(found !== ann, 'a new object, not the persisted one');
    assert(found instanceof Author, 'hydrated as the JS class');
    assertEqual(found.get_state(), Mikro.EntityState.MANAGED, 'state of found');
    assertEqual(found.id, ann.id, 'id');
    assertEqual(found.name, 'Ann', 'name');
    assertEqual(found.email, 'ann@example.com', 'email');
    assert(sameTime(found.born, born), `born = ${found.born?.format_iso8601()}`);

    // the identity map: the same object, without a query
    statements.start();
    const again = em2.find_one(Author.$gtype, ann.id);
    const againByValue = em2.find_one(Author.$gtype, int64Value(ann.id));
    statements.stop();
    assert(again === found, 'identity: same object again');
    assert(againByValue === found, 'identity: same object by an int64 GValue');
    assertEqual(statements.list, [], 'statements for a second find_one');

    // by filter, through the identity map as well
    assert(em2.find_one_by(Author.$gtype, '{"name": "Ann"}') === found, 'find_one_by');
    const b = em2.find_one_by(Author.$gtype, '{"name": "Bob"}');
    assert(b !== null && b !== bob, 'Bob found');
    assert(b.born === null, 'Bob has no birth date');
    assert(em2.find_one_by(Author.$gtype, '{"name": "Nobody"}') === null, 'no Nobody');

    // find: a Gio.ListModel
    const result = em2.find(Author.$gtype, '{"name": {"$in": ["Ann", "Bob"]}}');
    assert(result instanceof Gio.ListModel, 'find returns a Gio.ListModel');
    assertEqual(names(result), ['Ann', 'Bob'], 'find $in');
    assert(result.get_item(0) === found && result.get_item(1) === b, 'find reuses managed objects');
    assertEqual(names(em2.find(Author.$gtype, '{"email": {"$like": "bob@%"}}')), ['Bob'], 'find $like');
    assertEqual(names(em2.find(Author.$gtype, '{"born": null}')), ['Bob'], 'find null');
    assertEqual(em2.find(Author.$gtype, null).get_n_items(), 2, 'find all');

    // update: only the changed column
    found.name = 'Ann Smith';
    assert(found.is_dirty(), 'dirty after a change');
    statements.start();
    em2.flush();
    statements.stop();
    assert(!found.is_dirty(), 'clean after flush');
    const updates = statements.containing('UPDATE');
    assertEqual(updates.length, 1, 'UPDATE statements');
    assert(updates[0].includes('name'), updates[0]);
    assert(!updates[0].includes('email'), updates[0]);
    assert(!updates[0].includes('born'), updates[0]);

    const em3 = orm.create_entity_manager();
    const reloaded = em3.find_one(Author.$gtype, ann.id);
    assert(reloaded !== null && reloaded !== found, 'reloaded in a fresh manager');
    assertEqual(reloaded.name, 'Ann Smith', 'updated name');
    assertEqual(reloaded.email, 'ann@example.com', 'email unchanged');

    // remove
    em3.remove(reloaded);
    assertEqual(reloaded.get_state(), Mikro.EntityState.REMOVED, 'state after remove');
    em3.flush();
    assertEqual(reloaded.get_state(), Mikro.EntityState.DETACHED, 'state after flush');

    const em4 = orm.create_entity_manager();
    assert(em4.find_one(Author.$gtype, ann.id) === null, 'removed: not found');
    assertEqual(names(em4.find(Author.$gtype, null)), ['Bob'], 'only Bob left');
}

function badFilters(orm) {
    const em = orm.create_entity_manager();
    for (const bad of ['{"name": ', '[1, 2]', '{"nickname": "x"}',
        '{"name": {"$regexp": "x"}}', '{"born": "yesterday"}']) {
        assertThrowsMikro(Mikro.Error.QUERY, () => em.find(Author.$gtype, bad), `find ${bad}`);
        assertThrowsMikro(Mikro.Error.QUERY, () => em.find_one_by(Author.$gtype, bad),
            `find_one_by ${bad}`);
    }
    const e = assertThrowsMikro(Mikro.Error.QUERY,
        () => em.find(Author.$gtype, '{"nickname": "x"}'), 'unknown property');
    assert(e.message.includes('nickname'), e.message);
}

function uniqueViolationRetry(orm) {
    const em = orm.create_entity_manager();
    em.persist(new Author({name: 'Ann', email: 'ann@example.com'}));
    em.flush();

    const first = new Author({name: 'First', email: 'first@example.com'});
    const twin = new Author({name: 'Twin', email: 'ann@example.com'});
    em.persist(first);
    em.persist(twin);
    const e = assertThrowsMikro(Mikro.Error.UNIQUE_VIOLATION, () => em.flush(), 'duplicate email');
    diag(e.message);
    assertEqual(first.id, 0, 'first has no id after the rollback');
    assertEqual(twin.id, 0, 'twin has no id');
    assertEqual(first.get_state(), Mikro.EntityState.NEW, 'first is still new');
    assertEqual(names(orm.create_entity_manager().find(Author.$gtype, null)), ['Ann'],
        'the failed flush left nothing behind');

    // corrected, the same unit of work succeeds
    twin.email = 'twin@example.com';
    assert(em.flush() === true, 'retried flush');
    assert(first.id > 0 && twin.id > 0, 'ids after the retry');
    assertEqual(names(orm.create_entity_manager().find(Author.$gtype, null)).sort(),
        ['Ann', 'First', 'Twin'], 'all three stored');
}

// ------------------------------------------------------------- runner --

function diag(text) {
    for (const line of String(text).split('\n'))
        print(`# ${line}`);
}

const tests = [
    ['round-trip', roundTrip],
    ['bad-filters', badFilters],
    ['unique-violation-retry', uniqueViolationRetry],
];

const tmpdir = GLib.dir_make_tmp('mikro-js-slice-XXXXXX');
const dbPath = GLib.build_filenamev([tmpdir, 'slice.db']);
const uri = `sqlite://${dbPath}`;
let failed = 0;

print(`# backend sqlite-file: ${uri}`);
print(`1..${tests.length}`);
tests.forEach(([name, func], i) => {
    const path = `/gjs/slice/sqlite-file/${name}`;
    try {
        const orm = Mikro.Orm.open(uri);
        try {
            orm.add_entity(Author.$gtype);
            // every test starts from an empty table
            orm.drop_schema();
            orm.create_schema();
            func(orm);
            orm.drop_schema();
        } finally {
            orm.close();
        }
        print(`ok ${i + 1} - ${path}`);
    } catch (e) {
        failed++;
        diag(`${e}`);
        if (e.stack)
            diag(e.stack.trimEnd());
        print(`not ok ${i + 1} - ${path}`);
    }
});

GLib.unlink(dbPath);
GLib.rmdir(tmpdir);
System.exit(failed > 0 ? 1 : 0);
