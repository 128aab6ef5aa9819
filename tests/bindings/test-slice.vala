/* test-slice.vala
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The vertical slice from Vala, through the generated vapi, with the entity
 * declared here as a Vala class with auto properties. It uses a temporary
 * SQLite file; run it with --tap for TAP output. */

public class ValaTestAuthor : Mikro.Entity {
    /* Vala's auto property setters notify only when the value changes (by
     * pointer for a DateTime), which is all the unit of work needs. */
    public int64 id { get; set; }
    public string? name { get; set; }
    public string? email { get; set; }
    public GLib.DateTime? born { get; set; }
}

const string TABLE = "vala_author";

string db_uri;
string tmpdir;
GenericArray<string> statements;
bool capturing;

void register_schema () {
    var schema = new Mikro.EntitySchema (typeof (ValaTestAuthor), TABLE);

    schema.add_property ("id", null, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED);
    schema.add_property ("name", null, Mikro.PropertyFlags.NONE);
    schema.add_property ("email", null, Mikro.PropertyFlags.UNIQUE);
    schema.add_property ("born", null, Mikro.PropertyFlags.NULLABLE);
    schema.register ();
}

LogWriterOutput capture_writer (LogLevelFlags log_level, LogField[] fields) {
    unowned string? domain = null;
    string? statement = null;

    foreach (unowned LogField field in fields) {
        if (field.key == "GLIB_DOMAIN") {
            domain = (string) field.value;
        } else if (field.key == "MIKRO_STATEMENT") {
            statement = field.length < 0
                ? ((string) field.value).dup ()
                : ((string) field.value).substring (0, (long) field.length);
        }
    }

    if (domain == "mikro" && log_level == LogLevelFlags.LEVEL_DEBUG) {
        if (capturing && statement != null)
            statements.add (statement);
        return LogWriterOutput.HANDLED;
    }
    return Log.writer_default (log_level, fields);
}

void start_capture () {
    statements = new GenericArray<string> ();
    capturing = true;
}

void stop_capture () {
    capturing = false;
}

string[] statements_containing (string needle) {
    string[] found = {};

    foreach (unowned string statement in statements.data) {
        if (statement.contains (needle))
            found += statement;
    }
    return found;
}

string names (ListModel model) {
    var builder = new StringBuilder ();

    for (uint i = 0; i < model.get_n_items (); i++) {
        var author = (ValaTestAuthor) model.get_item (i);

        if (i > 0)
            builder.append_c (',');
        builder.append (author.name);
    }
    return builder.str;
}

ValaTestAuthor new_author (string name, string email, DateTime? born = null) {
    return new ValaTestAuthor () { name = name, email = email, born = born };
}

/* Every test starts from an empty table. */
Mikro.Orm open_orm () throws Error {
    var orm = Mikro.Orm.open (db_uri);

    orm.add_entity (typeof (ValaTestAuthor));
    orm.drop_schema ();
    orm.create_schema ();
    return orm;
}

void close_orm (Mikro.Orm orm) throws Error {
    orm.drop_schema ();
    orm.close ();
}

void test_round_trip () {
    try {
        var orm = open_orm ();
        var born = new DateTime.utc (1970, 5, 17, 10, 30, 15);

        /* persist + flush */
        var em = orm.create_entity_manager ();
        var ann = new_author ("Ann", "ann@example.com", born);
        var bob = new_author ("Bob", "bob@example.com");
        em.persist (ann);
        em.persist (bob);
        assert (ann.get_state () == Mikro.EntityState.NEW);
        assert (ann.id == 0);

        start_capture ();
        assert (em.flush ());
        stop_capture ();
        assert (ann.id > 0);
        assert (bob.id > 0);
        assert (ann.id != bob.id);
        assert (ann.get_state () == Mikro.EntityState.MANAGED);
        /* both rows in one multi-row INSERT */
        assert (statements_containing ("INSERT INTO").length == 1);

        /* a fresh entity manager queries the database */
        Value pk = Value (typeof (int64));
        pk.set_int64 (ann.id);
        var em2 = orm.create_entity_manager ();
        start_capture ();
        var found = em2.find_one (typeof (ValaTestAuthor), pk) as ValaTestAuthor;
        stop_capture ();
        assert (found != null);
        assert (statements.length == 1);
        assert (found != ann);
        assert (found.get_state () == Mikro.EntityState.MANAGED);
        assert (found.id == ann.id);
        assert_cmpstr (found.name, CompareOperator.EQ, "Ann");
        assert_cmpstr (found.email, CompareOperator.EQ, "ann@example.com");
        assert (found.born != null && found.born.equal (born));

        /* the identity map: the same object, without a query; an int64
         * converts to a GValue implicitly */
        start_capture ();
        var again = em2.find_one (typeof (ValaTestAuthor), ann.id);
        stop_capture ();
        assert (again == found);
        assert (statements.length == 0);

        /* by filter, through the identity map as well */
        var by_name = em2.find_one_by (typeof (ValaTestAuthor), """{"name": "Ann"}""");
        assert (by_name == found);
        var b = em2.find_one_by (typeof (ValaTestAuthor), """{"name": "Bob"}""") as ValaTestAuthor;
        assert (b != null && b != bob);
        assert (b.born == null);
        assert (em2.find_one_by (typeof (ValaTestAuthor), """{"name": "Nobody"}""") == null);

        /* find: a ListModel */
        var result = em2.find (typeof (ValaTestAuthor), """{"name": {"$in": ["Ann", "Bob"]}}""");
        assert_cmpstr (names (result), CompareOperator.EQ, "Ann,Bob");
        assert (result.get_item (0) == found);
        assert (result.get_item (1) == b);
        assert_cmpstr (names (em2.find (typeof (ValaTestAuthor), """{"email": {"$like": "bob@%"}}""")),
                       CompareOperator.EQ, "Bob");
        assert_cmpstr (names (em2.find (typeof (ValaTestAuthor), """{"born": null}""")),
                       CompareOperator.EQ, "Bob");
        assert (em2.find (typeof (ValaTestAuthor), null).get_n_items () == 2);

        /* update: only the changed column */
        found.name = "Ann Smith";
        assert (found.is_dirty ());
        start_capture ();
        em2.flush ();
        stop_capture ();
        assert (!found.is_dirty ());
        var updates = statements_containing ("UPDATE");
        assert (updates.length == 1);
        assert ("name" in updates[0]);
        assert (!("email" in updates[0]));
        assert (!("born" in updates[0]));

        var em3 = orm.create_entity_manager ();
        var reloaded = em3.find_one (typeof (ValaTestAuthor), pk) as ValaTestAuthor;
        assert (reloaded != null && reloaded != found);
        assert_cmpstr (reloaded.name, CompareOperator.EQ, "Ann Smith");
        assert_cmpstr (reloaded.email, CompareOperator.EQ, "ann@example.com");

        /* remove */
        em3.remove (reloaded);
        assert (reloaded.get_state () == Mikro.EntityState.REMOVED);
        em3.flush ();
        assert (reloaded.get_state () == Mikro.EntityState.DETACHED);

        var em4 = orm.create_entity_manager ();
        assert (em4.find_one (typeof (ValaTestAuthor), pk) == null);
        assert_cmpstr (names (em4.find (typeof (ValaTestAuthor), null)), CompareOperator.EQ, "Bob");

        close_orm (orm);
    } catch (Error e) {
        error ("%s (%s, %d)", e.message, e.domain.to_string (), e.code);
    }
}

void test_bad_filters () {
    try {
        var orm = open_orm ();
        var em = orm.create_entity_manager ();
        string[] bad_filters = {
            """{"name": """,
            "[1, 2]",
            """{"nickname": "x"}""",
            """{"name": {"$regexp": "x"}}""",
            """{"born": "yesterday"}""",
        };

        foreach (unowned string bad in bad_filters) {
            try {
                em.find (typeof (ValaTestAuthor), bad);
                error ("find (%s) did not fail", bad);
            } catch (Mikro.Error.QUERY e) {
                Test.message ("%s → %s", bad, e.message);
            }
            try {
                em.find_one_by (typeof (ValaTestAuthor), bad);
                error ("find_one_by (%s) did not fail", bad);
            } catch (Mikro.Error.QUERY e) {
            }
        }

        try {
            em.find (typeof (ValaTestAuthor), """{"nickname": "x"}""");
            assert_not_reached ();
        } catch (Error e) {
            assert (e is Mikro.Error.QUERY);
            assert (e.matches (Mikro.Error.quark (), Mikro.Error.QUERY));
            assert ("nickname" in e.message);
        }

        close_orm (orm);
    } catch (Error e) {
        error ("%s (%s, %d)", e.message, e.domain.to_string (), e.code);
    }
}

void test_unique_violation_retry () {
    try {
        var orm = open_orm ();
        var em = orm.create_entity_manager ();
        em.persist (new_author ("Ann", "ann@example.com"));
        em.flush ();

        var first = new_author ("First", "first@example.com");
        var twin = new_author ("Twin", "ann@example.com");
        em.persist (first);
        em.persist (twin);
        try {
            em.flush ();
            assert_not_reached ();
        } catch (Mikro.Error.UNIQUE_VIOLATION e) {
            Test.message ("%s", e.message);
        }
        assert (first.id == 0);
        assert (twin.id == 0);
        assert (first.get_state () == Mikro.EntityState.NEW);
        assert_cmpstr (names (orm.create_entity_manager ().find (typeof (ValaTestAuthor), null)),
                       CompareOperator.EQ, "Ann");

        /* corrected, the same unit of work succeeds */
        twin.email = "twin@example.com";
        assert (em.flush ());
        assert (first.id > 0 && twin.id > 0);
        assert_cmpstr (names (orm.create_entity_manager ().find (typeof (ValaTestAuthor), null)),
                       CompareOperator.EQ, "Ann,First,Twin");

        close_orm (orm);
    } catch (Error e) {
        error ("%s (%s, %d)", e.message, e.domain.to_string (), e.code);
    }
}

int main (string[] args) {
    /* Statements are logged at debug level in the "mikro" domain. */
    Environment.set_variable ("G_MESSAGES_DEBUG", "mikro", true);
    Test.init (ref args);
    Log.set_writer_func (capture_writer);
    statements = new GenericArray<string> ();

    try {
        tmpdir = DirUtils.make_tmp ("mikro-vala-slice-XXXXXX");
    } catch (FileError e) {
        error ("%s", e.message);
    }
    db_uri = "sqlite://%s/slice.db".printf (tmpdir);
    register_schema ();

    Test.add_func ("/vala/slice/sqlite-file/round-trip", test_round_trip);
    Test.add_func ("/vala/slice/sqlite-file/bad-filters", test_bad_filters);
    Test.add_func ("/vala/slice/sqlite-file/unique-violation-retry", test_unique_violation_retry);

    var ret = Test.run ();

    FileUtils.remove (Path.build_filename (tmpdir, "slice.db"));
    DirUtils.remove (tmpdir);
    return ret;
}
