// test-inheritance.js
//
// Copyright 2026 The mikro-gobject authors
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Inheritance and embeddables from JavaScript (GJS), through the Mikro-1.0
// typelib (tests/test-inheritance.c and tests/test-embeddables.c defined
// in JavaScript). An abstract base Stamped (id, label) lends its
// properties to Note; a single-table hierarchy Person ← Employee ←
// Manager, Person ← Customer lives in one table with a "kind"
// discriminator, Manager's value coming from the naming strategy; Card
// embeds the embeddable Address twice inline (once nullable with the
// prefix "office_") and Money as one JSON column. Every query hands back
// instances of the JavaScript classes. Run as `gjs -m
// test-inheritance.js` on a temporary SQLite file; output is TAP.
//
// GJS has no GObject.TYPE_INVALID: "the property's own type" is spelt
// GObject.TYPE_NONE.

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Json from 'gi://Json';
import Mikro from 'gi://Mikro?version=1.0';
import System from 'system';

const RW = GObject.ParamFlags.READWRITE;
const INT_MAX = 2 ** 31 - 1;

function idSpec() {
    return GObject.ParamSpec.int64('id', null, null, RW, 0, Number.MAX_SAFE_INTEGER, 0);
}

function stringSpec(name) {
    return GObject.ParamSpec.string(name, null, null, RW, null);
}

function intSpec(name) {
    return GObject.ParamSpec.int(name, null, null, RW, 0, INT_MAX, 0);
}

function objectSpec(name, type) {
    return GObject.ParamSpec.object(name, null, null, RW, type);
}

// ----------------------------------------------------------- entities --

// the abstract base: no table of its own
const Stamped = GObject.registerClass({
    GTypeName: 'JsInhStamped',
    Properties: {
        'id': idSpec(),
        'label': stringSpec('label'),
    },
}, class Stamped extends Mikro.Entity {});

const Note = GObject.registerClass({
    GTypeName: 'JsInhNote',
    Properties: {
        'body': stringSpec('body'),
    },
}, class Note extends Stamped {});

// the root of the single-table hierarchy
const Person = GObject.registerClass({
    GTypeName: 'JsInhPerson',
    Properties: {
        'id': idSpec(),
        'name': stringSpec('name'),
    },
}, class Person extends Mikro.Entity {});

const Employee = GObject.registerClass({
    GTypeName: 'JsInhEmployee',
    Properties: {
        'salary': intSpec('salary'),
    },
}, class Employee extends Person {});

const Manager = GObject.registerClass({
    GTypeName: 'JsInhManager',
    Properties: {
        'reports': intSpec('reports'),
    },
}, class Manager extends Employee {});

const Customer = GObject.registerClass({
    GTypeName: 'JsInhCustomer',
    Properties: {
        'tier': stringSpec('tier'),
    },
}, class Customer extends Person {});

// embeddables: plain GObjects, no key
const Address = GObject.registerClass({
    GTypeName: 'JsInhAddress',
    Properties: {
        'street': stringSpec('street'),
        'city': stringSpec('city'),
    },
}, class Address extends GObject.Object {});

const Money = GObject.registerClass({
    GTypeName: 'JsInhMoney',
    Properties: {
        'amount': GObject.ParamSpec.double('amount', null, null, RW, -Number.MAX_VALUE, Number.MAX_VALUE, 0),
        'currency': stringSpec('currency'),
    },
}, class Money extends GObject.Object {});

const Card = GObject.registerClass({
    GTypeName: 'JsInhCard',
    Properties: {
        'id': idSpec(),
        'name': stringSpec('name'),
        'home': objectSpec('home', Address.$gtype),
        'work': objectSpec('work', Address.$gtype),
        'balance': objectSpec('balance', Money.$gtype),
    },
}, class Card extends Mikro.Entity {});

function defineSchemas() {
    const F = Mikro.PropertyFlags;
    const key = F.PRIMARY_KEY | F.GENERATED;
    let schema;

    schema = Mikro.EntitySchema.new(Stamped.$gtype, null);
    schema.set_abstract(true);
    schema.add_property('id', null, key);
    schema.add_property('label', null, F.INDEX);
    schema.register();

    schema = Mikro.EntitySchema.new(Note.$gtype, 'note');
    schema.add_property('body', null, F.NULLABLE);
    schema.register();

    schema = Mikro.EntitySchema.new(Person.$gtype, 'person');
    schema.set_discriminator_column('kind');
    schema.set_discriminator_value('person');
    schema.add_property('id', null, key);
    schema.add_property('name', null, F.NONE);
    schema.register();

    schema = Mikro.EntitySchema.new(Employee.$gtype, null);
    schema.set_discriminator_value('employee');
    schema.add_property('salary', null, F.NONE);
    schema.register();

    // no discriminator value: the naming strategy's, js_inh_manager
    schema = Mikro.EntitySchema.new(Manager.$gtype, null);
    schema.add_property('reports', null, F.NONE);
    schema.register();

    schema = Mikro.EntitySchema.new(Customer.$gtype, null);
    schema.set_discriminator_value('customer');
    schema.add_property('tier', null, F.INDEX);
    schema.register();

    schema = Mikro.EntitySchema.new_for_embeddable(Address.$gtype);
    schema.add_property('street', null, F.NONE);
    schema.add_property('city', null, F.INDEX);
    schema.register();

    schema = Mikro.EntitySchema.new_for_embeddable(Money.$gtype);
    schema.add_property('amount', null, F.NONE);
    schema.add_property('currency', null, F.NONE);
    schema.register();

    schema = Mikro.EntitySchema.new(Card.$gtype, 'card');
    schema.add_property('id', null, key);
    schema.add_property('name', null, F.NONE);
    // TYPE_NONE: the property's own type
    schema.add_embedded('home', GObject.TYPE_NONE, F.NONE);
    schema.add_embedded('work', Address.$gtype, F.NULLABLE).set_prefix('office_');
    schema.add_embedded('balance', Money.$gtype, F.NULLABLE).set_as_object(true);
    schema.register();
}

// ------------------------------------------------------------ helpers --

function assert(ok, message) {
    if (!ok)
        throw new Error(`assertion failed: ${message}`);
}

function modelDocument(node) {
    return JSON.parse(Json.to_string(node, false));
}

function findNamed(array, name) {
    return array.find(item => item.name === name) ?? null;
}

function items(model) {
    const list = [];
    for (let i = 0; i < model.get_n_items(); i++)
        list.push(model.get_item(i));
    return list;
}

// ---------------------------------------------------------------- tests --

const TESTS = [];

function test(path, func) {
    TESTS.push([path, func]);
}

test('/gjs/inheritance/schema', orm => {
    // every type of the hierarchy came with Employee, all in one table
    for (const type of [Person, Manager, Customer])
        assert(orm.get_metadata(type.$gtype) !== null, type.name);
    assert(orm.get_metadata(Manager.$gtype).get_table() === 'person', 'Manager is in person');

    const wanted = JSON.stringify(modelDocument(orm.describe_schema(Mikro.SchemaSource.METADATA)));
    const actual = modelDocument(orm.describe_schema(Mikro.SchemaSource.DATABASE));
    assert(wanted === JSON.stringify(actual),
        `metadata and database differ:\n${wanted}\n${JSON.stringify(actual)}`);

    const tables = Object.fromEntries(actual.tables.map(t => [t.name, t]));
    assert(Object.keys(tables).sort().join() === 'card,note,person', Object.keys(tables).join());

    // the abstract base's columns and index are the note's
    const note = tables['note'];
    assert(note.columns.map(c => c.name).join() === 'id,label,body', JSON.stringify(note.columns));
    assert(findNamed(note.indexes, 'note_label_index') !== null, JSON.stringify(note.indexes));

    // every type's columns, those below the root nullable, the
    // discriminator and its index
    const person = tables['person'];
    let columns = person.columns;
    assert(columns.map(c => c.name).sort().join() === 'id,kind,name,reports,salary,tier',
        JSON.stringify(columns));
    assert(!findNamed(columns, 'kind').nullable && !findNamed(columns, 'name').nullable,
        'kind and name are not nullable');
    for (const name of ['salary', 'reports', 'tier'])
        assert(findNamed(columns, name).nullable, `${name} is nullable`);
    assert(findNamed(person.indexes, 'person_kind_index') !== null, JSON.stringify(person.indexes));
    assert(findNamed(person.indexes, 'person_tier_index') !== null, JSON.stringify(person.indexes));

    // an inline copy per embedded property, one JSON column for Money
    const card = tables['card'];
    columns = card.columns;
    assert(columns.map(c => c.name).join() ===
        'id,name,home_street,home_city,office_street,office_city,balance', JSON.stringify(columns));
    assert(!findNamed(columns, 'home_city').nullable, 'home_city is not nullable');
    assert(findNamed(columns, 'office_city').nullable, 'office_city is nullable');
    assert(findNamed(columns, 'balance').nullable, 'balance is nullable');
    assert(findNamed(card.indexes, 'card_home_city_index') !== null, JSON.stringify(card.indexes));
    assert(findNamed(card.indexes, 'card_office_city_index') !== null, JSON.stringify(card.indexes));
});

test('/gjs/inheritance/single-table', orm => {
    const em = orm.create_entity_manager();
    const manager = new Manager({name: 'Morgan', salary: 9000, reports: 4});
    for (const entity of [new Person({name: 'Pat'}), new Employee({name: 'Eli', salary: 5000}),
        manager, new Customer({name: 'Cleo', tier: 'gold'})])
        em.persist(entity);
    em.flush();
    assert(manager.id > 0, 'the manager has a key');

    const fresh = orm.create_entity_manager();
    const people = items(fresh.find(Person.$gtype, null));
    assert(people.length === 4, `${people.length} people`);
    const byName = Object.fromEntries(people.map(p => [p.name, p]));
    // each row is an instance of its own JavaScript class, its own columns loaded
    assert(byName['Pat'].constructor === Person, 'Pat is a Person');
    assert(byName['Eli'].constructor === Employee && byName['Eli'].salary === 5000, 'Eli is an Employee');
    const loaded = byName['Morgan'];
    assert(loaded.constructor === Manager && loaded instanceof Employee, 'Morgan is a Manager');
    assert(loaded.salary === 9000 && loaded.reports === 4, 'Morgan\'s salary and reports');
    assert(byName['Cleo'].constructor === Customer && byName['Cleo'].tier === 'gold', 'Cleo is a Customer');

    // a query on a type finds it and the types deriving from it
    const employees = items(fresh.find(Employee.$gtype, null));
    assert(employees.map(e => e.name).sort().join() === 'Eli,Morgan', 'Eli and Morgan are employees');
    assert(fresh.count(Manager.$gtype, null) === 1, 'one manager');
    assert(fresh.count(Employee.$gtype, '{"salary": {"$gt": 6000}}') === 1, 'one salary above 6000');
    // the discriminator is a column; Manager's value is the naming strategy's
    assert(fresh.count(Person.$gtype, '{"kind": "customer"}') === 1, 'one customer');
    assert(fresh.count(Person.$gtype, '{"kind": "js_inh_manager"}') === 1, 'kind js_inh_manager');

    // one identity map for the hierarchy
    assert(fresh.find_one(Employee.$gtype, manager.id) === loaded, 'the manager through Employee');
    assert(fresh.find_one(Customer.$gtype, manager.id) === null, 'no customer with the manager\'s key');

    // a type's own column
    loaded.reports = 7;
    fresh.flush();
    assert(orm.create_entity_manager().find_one(Person.$gtype, manager.id).reports === 7, 'reports updated');
});

test('/gjs/inheritance/abstract', orm => {
    const em = orm.create_entity_manager();
    const note = new Note({label: 'todo', body: 'write tests'});
    em.persist(note);
    em.flush();
    assert(note.id > 0, 'the note has a key');

    const loaded = orm.create_entity_manager().find_one_by(Note.$gtype, '{"label": "todo"}');
    assert(loaded.constructor === Note && loaded.id === note.id && loaded.body === 'write tests',
        'the note round-trips');

    let raised = null;
    try {
        orm.add_entity(Stamped.$gtype);
    } catch (e) {
        raised = e;
    }
    assert(raised !== null, 'adding the abstract type raised');
    assert(raised.matches(Mikro.Error, Mikro.Error.METADATA), `${raised}`);
    assert(raised.message.includes('JsInhStamped') && raised.message.includes('abstract'), raised.message);
});

test('/gjs/embeddables/round-trip', orm => {
    const em = orm.create_entity_manager();
    const card = new Card({
        name: 'Homer',
        home: new Address({street: '1 Main St', city: 'Springfield'}),
        balance: new Money({amount: 12.5, currency: 'EUR'}),
    });
    em.persist(card);
    em.flush();

    let loaded = orm.create_entity_manager().find_one(Card.$gtype, card.id);
    assert(loaded.home instanceof Address && loaded.home !== card.home, 'home is a new Address');
    assert(loaded.home.street === '1 Main St' && loaded.home.city === 'Springfield', 'home\'s values');
    assert(loaded.work === null, 'no work address');
    assert(loaded.balance instanceof Money && loaded.balance.amount === 12.5 &&
        loaded.balance.currency === 'EUR', 'the balance\'s values');

    // a property of a loaded embedded object changed in place
    const fresh = orm.create_entity_manager();
    loaded = fresh.find_one(Card.$gtype, card.id);
    loaded.home.city = 'Shelbyville';
    loaded.balance.amount = 99;
    assert(loaded.is_dirty(), 'a change in place makes the card dirty');
    fresh.flush();
    assert(!loaded.is_dirty(), 'flushed');
    let reloaded = orm.create_entity_manager().find_one(Card.$gtype, card.id);
    assert(reloaded.home.city === 'Shelbyville' && reloaded.home.street === '1 Main St', 'home_city written');
    assert(reloaded.balance.amount === 99, 'balance written');

    // an object where there was none, and back to none
    loaded.work = new Address({street: '742 Evergreen', city: 'Springfield'});
    fresh.flush();
    reloaded = orm.create_entity_manager().find_one(Card.$gtype, card.id);
    assert(reloaded.work.street === '742 Evergreen', 'work address written');
    loaded.work = null;
    loaded.balance = null;
    fresh.flush();
    reloaded = orm.create_entity_manager().find_one(Card.$gtype, card.id);
    assert(reloaded.work === null && reloaded.balance === null, 'back to no objects');

    // filters name the columns or the property paths
    assert(fresh.count(Card.$gtype, '{"home_city": "Shelbyville"}') === 1, 'filter on a column');
    assert(fresh.count(Card.$gtype, '{"home.street": "1 Main St"}') === 1, 'filter on a path');
});

// --------------------------------------------------------------- runner --

function runOne(uri, func) {
    const orm = Mikro.Orm.open(uri);
    try {
        // Employee brings the whole hierarchy with it
        orm.add_entity(Employee.$gtype);
        orm.add_entity(Note.$gtype);
        orm.add_entity(Card.$gtype);
        orm.drop_schema();
        orm.create_schema();
        func(orm);
        orm.drop_schema();
    } finally {
        orm.close();
    }
}

function main() {
    const tmpdir = GLib.dir_make_tmp('mikro-gjs-inheritance-XXXXXX');
    const db = GLib.build_filenamev([tmpdir, 'inheritance.db']);
    let failed = 0;

    defineSchemas();
    print(`1..${TESTS.length}`);
    try {
        TESTS.forEach(([path, func], i) => {
            try {
                runOne(`sqlite://${db}`, func);
                print(`ok ${i + 1} - ${path}`);
            } catch (e) {
                failed++;
                for (const line of `${e}\n${e.stack ?? ''}`.trimEnd().split('\n'))
                    print(`# ${line}`);
                print(`not ok ${i + 1} - ${path}`);
            }
        });
    } finally {
        GLib.unlink(db);
        GLib.rmdir(tmpdir);
    }
    return failed;
}

System.exit(main() > 0 ? 1 : 0);
