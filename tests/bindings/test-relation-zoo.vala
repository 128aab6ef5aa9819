/* test-relation-zoo.vala
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The relation zoo of the C suite (tests/test-relation-entities.c),
 * defined in Vala: Writer, Profile, Publisher, Book and Tag must produce
 * tests/fixtures/library-sqlite.json, the document the C definition
 * produces, both from the metadata and from the SQLite catalogue. Vala
 * sees every class at once, so the to-one properties have their entity
 * types and GLib.Type.INVALID lets the property's type name the target,
 * as in C. Output is TAP.
 */

public class ZooWriter : Mikro.Entity {
    public int64 id { get; set; }
    public string? name { get; set; }
    public Mikro.Collection? books { get; set; }
    public ZooProfile? profile { get; set; }
    public Mikro.Collection? friends { get; set; }
    public ZooBook? favorite_book { get; set; }
}

public class ZooProfile : Mikro.Entity {
    public int64 id { get; set; }
    public string? bio { get; set; }
    public ZooWriter? writer { get; set; }
}

public class ZooPublisher : Mikro.Entity {
    public int64 id { get; set; }
    public string? name { get; set; }
}

public class ZooBook : Mikro.Entity {
    public int64 id { get; set; }
    public string? title { get; set; }
    public ZooWriter? author { get; set; }
    public ZooPublisher? publisher { get; set; }
    public ZooWriter? editor { get; set; }
    public Mikro.Collection? tags { get; set; }
}

public class ZooTag : Mikro.Entity {
    public string? slug { get; set; }
    public string? label { get; set; }
    public Mikro.Collection? books { get; set; }
}

static void define_schemas () {
    var key = Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED;
    Mikro.EntitySchema schema;
    unowned Mikro.Property prop;

    schema = new Mikro.EntitySchema (typeof (ZooWriter), "writer");
    schema.add_property ("id", null, key);
    schema.add_property ("name", null, Mikro.PropertyFlags.NONE);
    prop = schema.add_relation ("books", Mikro.RelationKind.ONE_TO_MANY, typeof (ZooBook), Mikro.PropertyFlags.NONE);
    prop.set_mapped_by ("author");
    prop = schema.add_relation ("profile", Mikro.RelationKind.ONE_TO_ONE, Type.INVALID, Mikro.PropertyFlags.NULLABLE);
    prop.set_mapped_by ("writer");
    schema.add_relation ("friends", Mikro.RelationKind.MANY_TO_MANY, typeof (ZooWriter), Mikro.PropertyFlags.NONE);
    schema.add_relation ("favorite-book", Mikro.RelationKind.MANY_TO_ONE, Type.INVALID, Mikro.PropertyFlags.NULLABLE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (ZooProfile), "profile");
    schema.add_property ("id", null, key);
    schema.add_property ("bio", null, Mikro.PropertyFlags.NULLABLE).set_column_type ("text");
    prop = schema.add_relation ("writer", Mikro.RelationKind.ONE_TO_ONE, Type.INVALID, Mikro.PropertyFlags.NONE);
    prop.set_inversed_by ("profile");
    prop.set_on_delete (Mikro.ReferentialAction.CASCADE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (ZooPublisher), "publisher");
    schema.add_property ("id", null, key);
    schema.add_property ("name", null, Mikro.PropertyFlags.UNIQUE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (ZooBook), "book");
    schema.add_property ("id", null, key);
    schema.add_property ("title", null, Mikro.PropertyFlags.NONE);
    prop = schema.add_relation ("author", Mikro.RelationKind.MANY_TO_ONE, Type.INVALID, Mikro.PropertyFlags.NONE);
    prop.set_inversed_by ("books");
    prop.set_on_delete (Mikro.ReferentialAction.CASCADE);
    schema.add_relation ("publisher", Mikro.RelationKind.MANY_TO_ONE, typeof (ZooPublisher),
                         Mikro.PropertyFlags.NULLABLE | Mikro.PropertyFlags.EAGER);
    // an entity-typed property: a many-to-one without saying so
    prop = schema.add_property ("editor", "editor_ref", Mikro.PropertyFlags.NULLABLE);
    prop.set_foreign_key_name ("book_editor_fk");
    prop.set_on_update (Mikro.ReferentialAction.RESTRICT);
    prop = schema.add_relation ("tags", Mikro.RelationKind.MANY_TO_MANY, typeof (ZooTag), Mikro.PropertyFlags.NONE);
    prop.set_inversed_by ("books");
    prop.set_cascade (Mikro.Cascade.PERSIST | Mikro.Cascade.REMOVE);
    schema.register ();

    schema = new Mikro.EntitySchema (typeof (ZooTag), "tag");
    schema.add_property ("slug", null, Mikro.PropertyFlags.PRIMARY_KEY).set_length (40);
    schema.add_property ("label", null, Mikro.PropertyFlags.NONE);
    prop = schema.add_relation ("books", Mikro.RelationKind.MANY_TO_MANY, typeof (ZooBook), Mikro.PropertyFlags.NONE);
    prop.set_mapped_by ("tags");
    schema.register ();
}

static int test_number = 0;
static int failed = 0;

static void check (bool ok, string description, string? detail = null) {
    test_number++;
    if (ok) {
        print ("ok %d %s\n", test_number, description);
        return;
    }
    failed++;
    print ("not ok %d %s\n", test_number, description);
    if (detail != null)
        print ("# %s\n", detail);
}

static void check_relations (Mikro.Orm orm) {
    var writer = orm.get_metadata (typeof (ZooWriter));
    var book = orm.get_metadata (typeof (ZooBook));
    var favorite = writer.find_property ("favorite-book");
    var profile = writer.find_property ("profile");
    var editor = book.find_property ("editor");
    var tags = book.find_property ("tags");

    check (favorite.get_relation () == Mikro.RelationKind.MANY_TO_ONE && favorite.get_target () == typeof (ZooBook),
           "Writer.favorite-book targets Book, its property's type");
    check (profile.get_relation () == Mikro.RelationKind.ONE_TO_ONE && profile.get_target () == typeof (ZooProfile) &&
           profile.get_mapped_by () == "writer",
           "Writer.profile is the inverse side of Profile.writer");
    check (editor.get_relation () == Mikro.RelationKind.MANY_TO_ONE && editor.get_target () == typeof (ZooWriter),
           "Book.editor is an inferred many-to-one");
    check (tags.get_cascade () == (Mikro.Cascade.PERSIST | Mikro.Cascade.REMOVE),
           "Book.tags cascades persist and remove");
}

static void check_collections () {
    var writer = new ZooWriter ();
    var book = new ZooBook ();
    var books = writer.books;

    check (books != null && books.add (book) && books.get_n_items () == 1 &&
           books.get_item (0) == book && books.get_owner () == writer &&
           books.get_property_name () == "books",
           "new ZooWriter ().books is a collection of books");
    check (new ZooTag ().books != null && new ZooBook ().tags != null && writer.friends != null,
           "every to-many property has its collection");

    /* the two sides follow each other: the book's author, a tag's books */
    var tag = new ZooTag ();
    book.tags.set ({ tag });
    check (book.author == writer && tag.books.contains (book),
           "adding and setting propagate to the other side");
    /* a cycle no manager knows: let go of one side */
    books.remove_all ();
    tag.books.remove_all ();
}

public static int main (string[] args) {
    string? tmpdir = null;

    print ("1..9\n");
    try {
        string contents;
        FileUtils.get_contents (Path.build_filename (Environment.get_variable ("G_TEST_SRCDIR"),
                                                     "fixtures", "library-sqlite.json"), out contents);
        var golden = Json.from_string (contents);

        define_schemas ();
        tmpdir = DirUtils.make_tmp ("mikro-zoo-XXXXXX");
        var orm = Mikro.Orm.open ("sqlite://%s/library.db".printf (tmpdir));
        // Book brings every other entity of the zoo with it
        orm.add_entity (typeof (ZooBook));
        orm.create_schema ();

        var wanted = orm.describe_schema (Mikro.SchemaSource.METADATA);
        check (wanted.equal (golden), "metadata model equals the C definition's", Json.to_string (wanted, false));
        var actual = orm.describe_schema (Mikro.SchemaSource.DATABASE);
        check (actual.equal (golden), "the SQLite catalogue has the C definition's schema",
               Json.to_string (actual, false));
        check_relations (orm);
        check_collections ();
        orm.close ();
    } catch (GLib.Error e) {
        print ("Bail out! %s\n", e.message);
        failed++;
    }

    if (tmpdir != null) {
        FileUtils.remove (Path.build_filename (tmpdir, "library.db"));
        DirUtils.remove (tmpdir);
    }
    return failed > 0 ? 1 : 0;
}
