/* test-inheritance.vala
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Inheritance and embeddables from Vala, through the generated vapi
 * (tests/test-inheritance.c and tests/test-embeddables.c defined in Vala).
 * An abstract base InhStamped (id, label) lends its properties to InhNote;
 * a single-table hierarchy InhPerson ← InhEmployee ← InhManager,
 * InhPerson ← InhCustomer lives in one table with a "kind" discriminator,
 * InhManager's value coming from the naming strategy; InhCard embeds the
 * embeddable InhAddress twice inline (once nullable with the prefix
 * "office_") and InhMoney as one JSON column. Every query hands back
 * instances of the Vala classes. Runs on a temporary SQLite file; run it
 * with --tap for TAP output.
 */

/* the abstract base: an abstract Vala class, no table of its own */
public abstract class InhStamped : Mikro.Entity {
    public int64 id { get; set; }
    public string? label { get; set; }
}

public class InhNote : InhStamped {
    public string? body { get; set; }
}

/* the root of the single-table hierarchy */
public class InhPerson : Mikro.Entity {
    public int64 id { get; set; }
    public string? name { get; set; }
}

public class InhEmployee : InhPerson {
    public int salary { get; set; }
}

public class InhManager : InhEmployee {
    public int reports { get; set; }
}

public class InhCustomer : InhPerson {
    public string? tier { get; set; }
}

/* embeddables: plain GObjects, no key */
public class InhAddress : Object {
    public string? street { get; set; }
    public string? city { get; set; }
}

public class InhMoney : Object {
    public double amount { get; set; }
    public string? currency { get; set; }
}

public class InhCard : Mikro.Entity {
    public int64 id { get; set; }
    public string? name { get; set; }
    public InhAddress? home { get; set; }
    public InhAddress? work { get; set; }
    public InhMoney? balance { get; set; }
}

string db_uri;

void define_schemas () {
    var key = Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED;
    Mikro.EntitySchema schema;

    schema = new Mikro.EntitySchema (typeof (InhStamped), null);
    schema.set_abstract (true);
    schema.add_property ("id", null, key);
    schema.add_property ("label", null, Mikro.PropertyFlags.INDEX);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (InhNote), "note");
    schema.add_property ("body", null, Mikro.PropertyFlags.NULLABLE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (InhPerson), "person");
    schema.set_discriminator_column ("kind");
    schema.set_discriminator_value ("person");
    schema.add_property ("id", null, key);
    schema.add_property ("name", null, Mikro.PropertyFlags.NONE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (InhEmployee), null);
    schema.set_discriminator_value ("employee");
    schema.add_property ("salary", null, Mikro.PropertyFlags.NONE);
    schema.register ();

    /* no discriminator value: the naming strategy's, inh_manager */
    schema = new Mikro.EntitySchema (typeof (InhManager), null);
    schema.add_property ("reports", null, Mikro.PropertyFlags.NONE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (InhCustomer), null);
    schema.set_discriminator_value ("customer");
    schema.add_property ("tier", null, Mikro.PropertyFlags.INDEX);
    schema.register ();

    schema = new Mikro.EntitySchema.for_embeddable (typeof (InhAddress));
    schema.add_property ("street", null, Mikro.PropertyFlags.NONE);
    schema.add_property ("city", null, Mikro.PropertyFlags.INDEX);
    schema.register ();

    schema = new Mikro.EntitySchema.for_embeddable (typeof (InhMoney));
    schema.add_property ("amount", null, Mikro.PropertyFlags.NONE);
    schema.add_property ("currency", null, Mikro.PropertyFlags.NONE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (InhCard), "card");
    schema.add_property ("id", null, key);
    schema.add_property ("name", null, Mikro.PropertyFlags.NONE);
    /* Type.INVALID: the property's own type, as in C */
    schema.add_embedded ("home", Type.INVALID, Mikro.PropertyFlags.NONE);
    schema.add_embedded ("work", Type.INVALID, Mikro.PropertyFlags.NULLABLE).set_prefix ("office_");
    schema.add_embedded ("balance", typeof (InhMoney), Mikro.PropertyFlags.NULLABLE).set_as_object (true);
    schema.register ();
}

/* Every test starts from empty tables. */
Mikro.Orm open_orm () throws Error {
    var orm = Mikro.Orm.open (db_uri);

    /* InhEmployee brings the whole hierarchy with it */
    orm.add_entity (typeof (InhEmployee));
    orm.add_entity (typeof (InhNote));
    orm.add_entity (typeof (InhCard));
    orm.drop_schema ();
    orm.create_schema ();
    return orm;
}

void close_orm (Mikro.Orm orm) throws Error {
    orm.drop_schema ();
    orm.close ();
}

Value key_of (int64 id) {
    var key = Value (typeof (int64));

    key.set_int64 (id);
    return key;
}

unowned Json.Object? find_named (Json.Array array, string name) {
    for (uint i = 0; i < array.get_length (); i++) {
        unowned var object = array.get_object_element (i);

        if (object.get_string_member_with_default ("name", "") == name)
            return object;
    }
    return null;
}

string column_names (Json.Array columns) {
    string[] names = {};

    for (uint i = 0; i < columns.get_length (); i++)
        names += columns.get_object_element (i).get_string_member ("name");
    return string.joinv (",", names);
}

void test_schema () {
    try {
        var orm = open_orm ();

        /* every type of the hierarchy came with InhEmployee, all in one table */
        assert (orm.get_metadata (typeof (InhPerson)) != null);
        assert (orm.get_metadata (typeof (InhCustomer)) != null);
        assert_cmpstr (orm.get_metadata (typeof (InhManager)).get_table (), CompareOperator.EQ, "person");

        var wanted = orm.describe_schema (Mikro.SchemaSource.METADATA);
        var actual = orm.describe_schema (Mikro.SchemaSource.DATABASE);
        if (!wanted.equal (actual))
            error ("the database's schema differs from the metadata's:\nmetadata:\n%s\ndatabase:\n%s",
                   Json.to_string (wanted, true), Json.to_string (actual, true));

        var tables = actual.get_object ().get_array_member ("tables");
        assert (tables.get_length () == 3);

        /* the abstract base's columns and index are the note's */
        var note = find_named (tables, "note");
        assert_cmpstr (column_names (note.get_array_member ("columns")), CompareOperator.EQ, "id,label,body");
        assert (find_named (note.get_array_member ("indexes"), "note_label_index") != null);

        /* every type's columns, those below the root nullable, the
         * discriminator and its index */
        var person = find_named (tables, "person");
        var columns = person.get_array_member ("columns");
        assert (columns.get_length () == 6);
        assert (!find_named (columns, "kind").get_boolean_member ("nullable"));
        assert (!find_named (columns, "name").get_boolean_member ("nullable"));
        assert (find_named (columns, "salary").get_boolean_member ("nullable"));
        assert (find_named (columns, "reports").get_boolean_member ("nullable"));
        assert (find_named (columns, "tier").get_boolean_member ("nullable"));
        assert (find_named (person.get_array_member ("indexes"), "person_kind_index") != null);
        assert (find_named (person.get_array_member ("indexes"), "person_tier_index") != null);

        /* an inline copy per embedded property, one JSON column for the money */
        var card = find_named (tables, "card");
        columns = card.get_array_member ("columns");
        assert_cmpstr (column_names (columns), CompareOperator.EQ,
                       "id,name,home_street,home_city,office_street,office_city,balance");
        assert (!find_named (columns, "home_city").get_boolean_member ("nullable"));
        assert (find_named (columns, "office_city").get_boolean_member ("nullable"));
        assert (find_named (columns, "balance").get_boolean_member ("nullable"));
        assert (find_named (card.get_array_member ("indexes"), "card_home_city_index") != null);
        assert (find_named (card.get_array_member ("indexes"), "card_office_city_index") != null);

        close_orm (orm);
    } catch (Error e) {
        error ("%s", e.message);
    }
}

void test_single_table () {
    try {
        var orm = open_orm ();
        var em = orm.create_entity_manager ();
        var manager = new InhManager () { name = "Morgan", salary = 9000, reports = 4 };

        em.persist (new InhPerson () { name = "Pat" });
        em.persist (new InhEmployee () { name = "Eli", salary = 5000 });
        em.persist (manager);
        em.persist (new InhCustomer () { name = "Cleo", tier = "gold" });
        em.flush ();
        assert (manager.id > 0);

        var fresh = orm.create_entity_manager ();
        var people = fresh.find (typeof (InhPerson), null);
        InhManager? loaded = null;
        assert (people.get_n_items () == 4);
        for (uint i = 0; i < people.get_n_items (); i++) {
            var person = (InhPerson) people.get_item (i);

            /* each row is an instance of its own Vala class, its own columns loaded */
            switch (person.name) {
            case "Pat":
                assert (person.get_type () == typeof (InhPerson));
                break;
            case "Eli":
                assert (person.get_type () == typeof (InhEmployee));
                assert (((InhEmployee) person).salary == 5000);
                break;
            case "Morgan":
                assert (person.get_type () == typeof (InhManager));
                loaded = (InhManager) person;
                assert (loaded.salary == 9000 && loaded.reports == 4);
                break;
            default:
                assert_cmpstr (person.name, CompareOperator.EQ, "Cleo");
                assert (person is InhCustomer);
                assert_cmpstr (((InhCustomer) person).tier, CompareOperator.EQ, "gold");
                break;
            }
        }
        assert (loaded != null);

        /* a query on a type finds it and the types deriving from it */
        assert (fresh.find (typeof (InhEmployee), null).get_n_items () == 2);
        assert (fresh.count (typeof (InhManager), null) == 1);
        assert (fresh.count (typeof (InhEmployee), "{\"salary\": {\"$gt\": 6000}}") == 1);
        /* the discriminator is a column; InhManager's value is the naming strategy's */
        assert (fresh.count (typeof (InhPerson), "{\"kind\": \"customer\"}") == 1);
        assert (fresh.count (typeof (InhPerson), "{\"kind\": \"inh_manager\"}") == 1);

        /* one identity map for the hierarchy */
        assert (fresh.find_one (typeof (InhEmployee), key_of (manager.id)) == loaded);
        assert (fresh.find_one (typeof (InhCustomer), key_of (manager.id)) == null);

        /* a type's own column */
        loaded.reports = 7;
        fresh.flush ();
        var again = (InhManager) orm.create_entity_manager ().find_one (typeof (InhPerson), key_of (manager.id));
        assert (again.reports == 7);

        close_orm (orm);
    } catch (Error e) {
        error ("%s", e.message);
    }
}

void test_abstract () {
    try {
        var orm = open_orm ();
        var em = orm.create_entity_manager ();
        var note = new InhNote () { label = "todo", body = "write tests" };

        em.persist (note);
        em.flush ();
        assert (note.id > 0);

        var loaded = orm.create_entity_manager ().find_one_by (typeof (InhNote), "{\"label\": \"todo\"}") as InhNote;
        assert (loaded != null && loaded.id == note.id);
        assert_cmpstr (loaded.body, CompareOperator.EQ, "write tests");

        try {
            orm.add_entity (typeof (InhStamped));
            assert_not_reached ();
        } catch (Mikro.Error.METADATA e) {
            assert ("InhStamped" in e.message && "abstract" in e.message);
        }

        close_orm (orm);
    } catch (Error e) {
        error ("%s", e.message);
    }
}

void test_embeddables () {
    try {
        var orm = open_orm ();
        var em = orm.create_entity_manager ();
        var card = new InhCard () {
            name = "Homer",
            home = new InhAddress () { street = "1 Main St", city = "Springfield" },
            balance = new InhMoney () { amount = 12.5, currency = "EUR" }
        };

        em.persist (card);
        em.flush ();

        var loaded = (InhCard) orm.create_entity_manager ().find_one (typeof (InhCard), key_of (card.id));
        assert (loaded.home != null && loaded.home != card.home);
        assert_cmpstr (loaded.home.street, CompareOperator.EQ, "1 Main St");
        assert_cmpstr (loaded.home.city, CompareOperator.EQ, "Springfield");
        assert (loaded.work == null);
        assert (loaded.balance != null && loaded.balance.amount == 12.5);
        assert_cmpstr (loaded.balance.currency, CompareOperator.EQ, "EUR");

        /* a property of a loaded embedded object changed in place */
        var fresh = orm.create_entity_manager ();
        loaded = (InhCard) fresh.find_one (typeof (InhCard), key_of (card.id));
        loaded.home.city = "Shelbyville";
        loaded.balance.amount = 99.0;
        assert (loaded.is_dirty ());
        fresh.flush ();
        assert (!loaded.is_dirty ());
        var reloaded = (InhCard) orm.create_entity_manager ().find_one (typeof (InhCard), key_of (card.id));
        assert_cmpstr (reloaded.home.city, CompareOperator.EQ, "Shelbyville");
        assert_cmpstr (reloaded.home.street, CompareOperator.EQ, "1 Main St");
        assert (reloaded.balance.amount == 99.0);

        /* an object where there was none, and back to none */
        loaded.work = new InhAddress () { street = "742 Evergreen", city = "Springfield" };
        fresh.flush ();
        reloaded = (InhCard) orm.create_entity_manager ().find_one (typeof (InhCard), key_of (card.id));
        assert_cmpstr (reloaded.work.street, CompareOperator.EQ, "742 Evergreen");
        loaded.work = null;
        loaded.balance = null;
        fresh.flush ();
        reloaded = (InhCard) orm.create_entity_manager ().find_one (typeof (InhCard), key_of (card.id));
        assert (reloaded.work == null && reloaded.balance == null);

        /* filters name the columns or the property paths */
        assert (fresh.count (typeof (InhCard), "{\"home_city\": \"Shelbyville\"}") == 1);
        assert (fresh.count (typeof (InhCard), "{\"home.street\": \"1 Main St\"}") == 1);

        close_orm (orm);
    } catch (Error e) {
        error ("%s", e.message);
    }
}

int main (string[] args) {
    string tmpdir;

    Test.init (ref args);
    try {
        tmpdir = DirUtils.make_tmp ("mikro-vala-inheritance-XXXXXX");
    } catch (FileError e) {
        error ("%s", e.message);
    }
    db_uri = "sqlite://%s/inheritance.db".printf (tmpdir);
    define_schemas ();

    Test.add_func ("/vala/inheritance/schema", test_schema);
    Test.add_func ("/vala/inheritance/single-table", test_single_table);
    Test.add_func ("/vala/inheritance/abstract", test_abstract);
    Test.add_func ("/vala/embeddables/round-trip", test_embeddables);

    var ret = Test.run ();

    FileUtils.remove (Path.build_filename (tmpdir, "inheritance.db"));
    DirUtils.remove (tmpdir);
    return ret;
}
