// quickstart.js
//
// Copyright 2026 The mikro-gobject authors
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// mikro-gobject from JavaScript: an entity registered in GJS, two authors
// stored in SQLite, one read back.
//
//     gjs -m quickstart.js [DATABASE_FILE]
//
// Without an argument the database is a file in a new temporary directory,
// removed at the end.
// From a build tree, run it in the build's environment (typelib, library
// and driver paths):
//
//     meson devenv -C BUILDDIR -w "$PWD" gjs -m examples/gjs/quickstart.js
//
// (meson devenv runs in BUILDDIR unless -w is given; -w needs meson >= 1.0.)
// G_MESSAGES_DEBUG=mikro shows every statement sent.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Mikro from 'gi://Mikro?version=1.0';
import System from 'system';

// An entity is a GObject subclass of Mikro.Entity with ordinary properties.
// GJS provides their accessors; setting one on a managed entity emits
// notify, which marks it dirty.
const Author = GObject.registerClass({
    GTypeName: 'QuickstartAuthor',
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

// Its mapping: which properties persist, and how.
const schema = Mikro.EntitySchema.new(Author.$gtype, 'author');
schema.add_property('id', null, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED);
schema.add_property('name', null, Mikro.PropertyFlags.NONE);
schema.add_property('email', null, Mikro.PropertyFlags.UNIQUE);
schema.add_property('born', null, Mikro.PropertyFlags.NULLABLE);
schema.register();

function main(path) {

    const orm = Mikro.Orm.open(`sqlite://${path}`);
    orm.add_entity(Author.$gtype);
    // start from an empty table, so that the example can run again
    orm.drop_schema();
    orm.create_schema();
    print(`Opened ${path}`);

    // persist: nothing is written until flush, which inserts both
    let em = orm.create_entity_manager();
    const ada = new Author({
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        born: GLib.DateTime.new_utc(1815, 12, 10, 0, 0, 0),
    });
    const alan = new Author({name: 'Alan Turing', email: 'alan@example.org'});
    em.persist(ada);
    em.persist(alan);
    em.flush();
    print(`Stored ${ada.name} (id ${ada.id}) and ${alan.name} (id ${alan.id})`);

    // a new entity manager has an empty identity map: this is a query
    em = orm.create_entity_manager();
    const found = em.find_one(Author.$gtype, ada.id);
    print(`Found by id ${found.id}: ${found.name} <${found.email}>, born ${found.born.format('%Y-%m-%d')}`);

    // a change to a managed entity is written on the next flush
    found.email = 'countess@example.org';
    em.flush();
    print(`Updated the email of ${found.name} to ${found.email}`);

    const authors = em.find(Author.$gtype, '{"name": {"$like": "A%"}}');
    print(`${authors.get_n_items()} authors whose name starts with A:`);
    for (let i = 0; i < authors.get_n_items(); i++) {
        const author = authors.get_item(i);
        print(`  ${author.id}  ${author.name} <${author.email}>`);
    }

    orm.close();
    return 0;
}

const tmpdir = ARGV.length > 0 ? null : GLib.dir_make_tmp('mikro-quickstart-XXXXXX');
const dbPath = tmpdir === null
    ? Gio.File.new_for_commandline_arg(ARGV[0]).get_path()
    : GLib.build_filenamev([tmpdir, 'quickstart.db']);
let status = 1;
try {
    status = main(dbPath);
} catch (e) {
    if (!(e instanceof GLib.Error))
        throw e;
    printerr(`quickstart: ${e.message}`);
} finally {
    if (tmpdir !== null) {
        GLib.unlink(dbPath);
        GLib.rmdir(tmpdir);
    }
}
System.exit(status);
