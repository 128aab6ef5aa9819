/* quickstart.vala
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* mikro-gobject from Vala: an entity declared in Vala, two authors stored
 * in SQLite, one read back.
 *
 *     quickstart-vala [DATABASE_FILE]
 *
 * Without an argument the database is a file in a new temporary directory,
 * removed at the end.
 * From a build tree: meson devenv -C BUILDDIR -w "$PWD" examples/vala/quickstart-vala
 * (the devenv supplies MIKRO_DRIVER_PATH). G_MESSAGES_DEBUG=mikro shows
 * every statement sent. */

/* An entity is a GObject subclass of Mikro.Entity with ordinary properties.
 * Vala's automatic properties notify when their value changes, which marks
 * a managed entity dirty. */
public class QuickstartAuthor : Mikro.Entity {
    public int64 id { get; set; }
    public string? name { get; set; }
    public string? email { get; set; }
    public DateTime? born { get; set; }
}

/* Its mapping: which properties persist, and how. */
void register_author_schema () {
    var schema = new Mikro.EntitySchema (typeof (QuickstartAuthor), "author");

    schema.add_property ("id", null, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED);
    schema.add_property ("name", null, Mikro.PropertyFlags.NONE);
    schema.add_property ("email", null, Mikro.PropertyFlags.UNIQUE);
    schema.add_property ("born", null, Mikro.PropertyFlags.NULLABLE);
    schema.register ();
}

int main (string[] args) {
    string? tmpdir = null;
    string path;

    register_author_schema ();

    if (args.length > 1) {
        path = File.new_for_commandline_arg (args[1]).get_path ();
    } else {
        try {
            tmpdir = DirUtils.make_tmp ("mikro-quickstart-XXXXXX");
        } catch (FileError e) {
            printerr ("quickstart: %s\n", e.message);
            return 1;
        }
        path = Path.build_filename (tmpdir, "quickstart.db");
    }

    var status = run (path);

    if (tmpdir != null) {
        FileUtils.remove (path);
        DirUtils.remove (tmpdir);
    }
    return status;
}

int run (string path) {
    try {
        var orm = Mikro.Orm.open ("sqlite://" + path);
        orm.add_entity (typeof (QuickstartAuthor));
        /* start from an empty table, so that the example can run again */
        orm.drop_schema ();
        orm.create_schema ();
        print ("Opened %s\n", path);

        /* persist: nothing is written until flush, which inserts both */
        var em = orm.create_entity_manager ();
        var ada = new QuickstartAuthor () {
            name = "Ada Lovelace",
            email = "ada@example.org",
            born = new DateTime.utc (1815, 12, 10, 0, 0, 0)
        };
        var alan = new QuickstartAuthor () { name = "Alan Turing", email = "alan@example.org" };
        em.persist (ada);
        em.persist (alan);
        em.flush ();
        print ("Stored %s (id %s) and %s (id %s)\n",
               ada.name, ada.id.to_string (), alan.name, alan.id.to_string ());

        /* a new entity manager has an empty identity map: this is a query;
         * the int64 key is passed as a GLib.Value */
        em = orm.create_entity_manager ();
        var found = em.find_one (typeof (QuickstartAuthor), ada.id) as QuickstartAuthor;
        print ("Found by id %s: %s <%s>, born %s\n",
               found.id.to_string (), found.name, found.email, found.born.format ("%Y-%m-%d"));

        /* a change to a managed entity is written on the next flush */
        found.email = "countess@example.org";
        em.flush ();
        print ("Updated the email of %s to %s\n", found.name, found.email);

        var authors = em.find (typeof (QuickstartAuthor), """{"name": {"$like": "A%"}}""");
        print ("%u authors whose name starts with A:\n", authors.get_n_items ());
        for (uint i = 0; i < authors.get_n_items (); i++) {
            var author = (QuickstartAuthor) authors.get_item (i);
            print ("  %s  %s <%s>\n", author.id.to_string (), author.name, author.email);
        }

        orm.close ();
    } catch (Error e) {
        printerr ("quickstart: %s\n", e.message);
        return 1;
    }
    return 0;
}
