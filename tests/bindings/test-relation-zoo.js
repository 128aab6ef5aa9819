// test-relation-zoo.js
//
// Copyright 2026 The mikro-gobject authors
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The relation zoo of the C suite (tests/test-relation-entities.c),
// defined in JavaScript: Writer, Profile, Publisher, Book and Tag must
// produce tests/fixtures/library-sqlite.json, the document the C
// definition produces, both from the metadata and from the SQLite
// catalogue. Run as `gjs -m test-relation-zoo.js`; output is TAP.
//
// A to-one property needs its type when it is declared: Writer comes
// first, so its to-one properties are typed Mikro.Entity and add_relation()
// names the target. GJS has no GObject.TYPE_INVALID and refuses null for
// a GType argument, so every relation names its target.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Json from 'gi://Json';
import Mikro from 'gi://Mikro?version=1.0';
import System from 'system';

const RW = GObject.ParamFlags.READWRITE;

function idSpec() {
    return GObject.ParamSpec.int64('id', null, null, RW, 0, Number.MAX_SAFE_INTEGER, 0);
}

function stringSpec(name) {
    return GObject.ParamSpec.string(name, null, null, RW, null);
}

function objectSpec(name, type) {
    return GObject.ParamSpec.object(name, null, null, RW, type);
}

function collectionSpec(name) {
    return objectSpec(name, Mikro.Collection.$gtype);
}

const Writer = GObject.registerClass({
    GTypeName: 'JsZooWriter',
    Properties: {
        'id': idSpec(),
        'name': stringSpec('name'),
        'books': collectionSpec('books'),
        // Profile and Book do not exist yet
        'profile': objectSpec('profile', Mikro.Entity.$gtype),
        'friends': collectionSpec('friends'),
        'favorite-book': objectSpec('favorite-book', Mikro.Entity.$gtype),
    },
}, class Writer extends Mikro.Entity {});

const Profile = GObject.registerClass({
    GTypeName: 'JsZooProfile',
    Properties: {
        'id': idSpec(),
        'bio': stringSpec('bio'),
        'writer': objectSpec('writer', Writer.$gtype),
    },
}, class Profile extends Mikro.Entity {});

const Publisher = GObject.registerClass({
    GTypeName: 'JsZooPublisher',
    Properties: {
        'id': idSpec(),
        'name': stringSpec('name'),
    },
}, class Publisher extends Mikro.Entity {});

const Book = GObject.registerClass({
    GTypeName: 'JsZooBook',
    Properties: {
        'id': idSpec(),
        'title': stringSpec('title'),
        'author': objectSpec('author', Writer.$gtype),
        'publisher': objectSpec('publisher', Publisher.$gtype),
        'editor': objectSpec('editor', Writer.$gtype),
        'tags': collectionSpec('tags'),
    },
}, class Book extends Mikro.Entity {});

const Tag = GObject.registerClass({
    GTypeName: 'JsZooTag',
    Properties: {
        'slug': stringSpec('slug'),
        'label': stringSpec('label'),
        'books': collectionSpec('books'),
    },
}, class Tag extends Mikro.Entity {});

function defineSchemas() {
    const F = Mikro.PropertyFlags;
    const K = Mikro.RelationKind;
    const A = Mikro.ReferentialAction;
    const key = F.PRIMARY_KEY | F.GENERATED;
    let schema, prop;

    schema = Mikro.EntitySchema.new(Writer.$gtype, 'writer');
    schema.add_property('id', null, key);
    schema.add_property('name', null, F.NONE);
    schema.add_relation('books', K.ONE_TO_MANY, Book.$gtype, F.NONE).set_mapped_by('author');
    schema.add_relation('profile', K.ONE_TO_ONE, Profile.$gtype, F.NULLABLE).set_mapped_by('writer');
    schema.add_relation('friends', K.MANY_TO_MANY, Writer.$gtype, F.NONE);
    schema.add_relation('favorite-book', K.MANY_TO_ONE, Book.$gtype, F.NULLABLE);
    schema.register();

    schema = Mikro.EntitySchema.new(Profile.$gtype, 'profile');
    schema.add_property('id', null, key);
    schema.add_property('bio', null, F.NULLABLE).set_column_type('text');
    prop = schema.add_relation('writer', K.ONE_TO_ONE, Writer.$gtype, F.NONE);
    prop.set_inversed_by('profile');
    prop.set_on_delete(A.CASCADE);
    schema.register();

    schema = Mikro.EntitySchema.new(Publisher.$gtype, 'publisher');
    schema.add_property('id', null, key);
    schema.add_property('name', null, F.UNIQUE);
    schema.register();

    schema = Mikro.EntitySchema.new(Book.$gtype, 'book');
    schema.add_property('id', null, key);
    schema.add_property('title', null, F.NONE);
    prop = schema.add_relation('author', K.MANY_TO_ONE, Writer.$gtype, F.NONE);
    prop.set_inversed_by('books');
    prop.set_on_delete(A.CASCADE);
    schema.add_relation('publisher', K.MANY_TO_ONE, Publisher.$gtype, F.NULLABLE | F.EAGER);
    // an entity-typed property: a many-to-one without saying so
    prop = schema.add_property('editor', 'editor_ref', F.NULLABLE);
    prop.set_foreign_key_name('book_editor_fk');
    prop.set_on_update(A.RESTRICT);
    prop = schema.add_relation('tags', K.MANY_TO_MANY, Tag.$gtype, F.NONE);
    prop.set_inversed_by('books');
    prop.set_cascade(Mikro.Cascade.PERSIST | Mikro.Cascade.REMOVE);
    schema.register();

    schema = Mikro.EntitySchema.new(Tag.$gtype, 'tag');
    schema.add_property('slug', null, F.PRIMARY_KEY).set_length(40);
    schema.add_property('label', null, F.NONE);
    schema.add_relation('books', K.MANY_TO_MANY, Book.$gtype, F.NONE).set_mapped_by('tags');
    schema.register();
}

let testNumber = 0;
let failed = 0;

function check(ok, description, detail) {
    testNumber++;
    if (ok) {
        print(`ok ${testNumber} ${description}`);
        return;
    }
    failed++;
    print(`not ok ${testNumber} ${description}`);
    if (detail !== undefined)
        print(`# ${detail}`);
}

function modelDocument(model) {
    return JSON.stringify(JSON.parse(Json.to_string(model, false)));
}

function checkRelations(orm) {
    const K = Mikro.RelationKind;
    const writer = orm.get_metadata(Writer.$gtype);
    const book = orm.get_metadata(Book.$gtype);
    const favorite = writer.find_property('favorite-book');
    const profile = writer.find_property('profile');
    const editor = book.find_property('editor');
    const tags = book.find_property('tags');

    check(favorite.get_relation() === K.MANY_TO_ONE && favorite.get_target() === Book.$gtype,
        'Writer.favorite-book, typed Mikro.Entity, targets Book');
    check(profile.get_relation() === K.ONE_TO_ONE && profile.get_target() === Profile.$gtype &&
        profile.get_mapped_by() === 'writer',
        'Writer.profile is the inverse side of Profile.writer');
    check(editor.get_relation() === K.MANY_TO_ONE && editor.get_target() === Writer.$gtype,
        'Book.editor is an inferred many-to-one');
    check(tags.get_cascade() === (Mikro.Cascade.PERSIST | Mikro.Cascade.REMOVE),
        'Book.tags cascades persist and remove');
}

function checkCollections() {
    const writer = new Writer();
    const book = new Book();
    const books = writer.books;

    check(books instanceof Mikro.Collection && books.add(book) && books.get_n_items() === 1 &&
        books.get_item(0) === book && books.get_owner() === writer &&
        books.get_property_name() === 'books',
        'new Writer().books is a collection of books');
    check(new Tag().books instanceof Mikro.Collection && new Book().tags instanceof Mikro.Collection &&
        writer.friends instanceof Mikro.Collection,
        'every to-many property has its collection');

    // the two sides follow each other: the book's author, a tag's books
    const tag = new Tag();
    book.tags.set([tag]);
    check(book.author === writer && tag.books.contains(book),
        'adding and setting propagate to the other side');
}

function main() {
    const [, contents] = GLib.file_get_contents(
        GLib.build_filenamev([GLib.getenv('G_TEST_SRCDIR'), 'fixtures', 'library-sqlite.json']));
    const golden = JSON.stringify(JSON.parse(new TextDecoder().decode(contents)));
    const tmpdir = GLib.dir_make_tmp('mikro-zoo-XXXXXX');
    const db = GLib.build_filenamev([tmpdir, 'library.db']);

    defineSchemas();
    print('1..9');
    try {
        const orm = Mikro.Orm.open(`sqlite://${db}`);
        // Book brings every other entity of the zoo with it
        orm.add_entity(Book.$gtype);
        orm.create_schema();

        const wanted = modelDocument(orm.describe_schema(Mikro.SchemaSource.METADATA));
        check(wanted === golden, 'metadata model equals the C definition\'s', wanted);
        const actual = modelDocument(orm.describe_schema(Mikro.SchemaSource.DATABASE));
        check(actual === golden, 'the SQLite catalogue has the C definition\'s schema', actual);
        checkRelations(orm);
        checkCollections();
        orm.close();
    } finally {
        GLib.unlink(db);
        GLib.rmdir(tmpdir);
    }
    return failed;
}

System.exit(main() > 0 ? 1 : 0);
