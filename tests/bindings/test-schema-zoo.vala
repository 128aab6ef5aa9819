/* test-schema-zoo.vala
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The product entity of the C suite, defined in Vala: its schema model
 * must be tests/fixtures/product-sqlite.json, the document the C
 * definition produces, both from the metadata and from the SQLite
 * catalogue. Output is TAP.
 */

public class ZooProduct : Mikro.Entity {
    public int64 id { get; set; }
    public string? sku { get; set; }
    public string? title { get; set; }
    public double price { get; set; }
    public int rating { get; set; }
    public int64 stock_count { get; set; }
    public bool active { get; set; default = true; }
    public GLib.DateTime? created_at { get; set; }
    public string? notes { get; set; }
}

static void define_schema () {
    var schema = new Mikro.EntitySchema (typeof (ZooProduct), "test_product");
    schema.add_property ("id", null, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED);
    schema.add_property ("sku", null, Mikro.PropertyFlags.UNIQUE).set_length (32);
    Value title_default = "untitled";
    schema.add_property ("title", null, Mikro.PropertyFlags.NULLABLE).set_default (title_default);
    var price = schema.add_property ("price", null, Mikro.PropertyFlags.NONE);
    price.set_precision (10, 2);
    Value zero = (int) 0;
    price.set_default (zero);
    Value three = (int) 3;
    schema.add_property ("rating", null, Mikro.PropertyFlags.INDEX).set_default (three);
    schema.add_property ("stock-count", "stock", Mikro.PropertyFlags.NONE).set_default_raw ("42");
    Value yes = true;
    schema.add_property ("active", null, Mikro.PropertyFlags.NONE).set_default (yes);
    schema.add_property ("created-at", null, Mikro.PropertyFlags.NULLABLE);
    schema.add_property ("notes", null, Mikro.PropertyFlags.VIRTUAL);
    schema.add_index ("product_title_rating_idx", { "title", "rating" });
    schema.add_unique (null, { "title", "stock-count" });
    schema.add_check ("product_rating_check", "rating >= 0");
    schema.register ();
}

static Json.Node product_table (Json.Node model) throws GLib.Error {
    var tables = model.get_object ().get_array_member ("tables");
    for (uint i = 0; i < tables.get_length (); i++) {
        var table = tables.get_element (i);
        if (table.get_object ().get_string_member ("name") == "test_product")
            return table;
    }
    throw new GLib.IOError.NOT_FOUND ("no test_product table");
}

static void strip_check_expressions (Json.Node table) {
    var checks = table.get_object ().get_array_member ("checks");
    for (uint i = 0; i < checks.get_length (); i++)
        checks.get_object_element (i).remove_member ("expression");
}

public static int main (string[] args) {
    int failed = 0;
    string? tmpdir = null;

    try {
        string contents;
        FileUtils.get_contents (Path.build_filename (Environment.get_variable ("G_TEST_SRCDIR"),
                                                     "fixtures", "product-sqlite.json"), out contents);
        var golden = Json.from_string (contents);

        define_schema ();
        tmpdir = DirUtils.make_tmp ("mikro-zoo-XXXXXX");
        var orm = Mikro.Orm.open ("sqlite://%s/zoo.db".printf (tmpdir));
        orm.add_entity (typeof (ZooProduct));
        orm.create_schema ();

        print ("1..2\n");
        var wanted = product_table (orm.describe_schema (Mikro.SchemaSource.METADATA));
        if (wanted.equal (golden)) {
            print ("ok 1 metadata model equals the C definition's\n");
        } else {
            print ("not ok 1 metadata model equals the C definition's\n# %s\n", Json.to_string (wanted, false));
            failed++;
        }

        var actual = product_table (orm.describe_schema (Mikro.SchemaSource.DATABASE)).copy ();
        var expected = golden.copy ();
        strip_check_expressions (actual);
        strip_check_expressions (expected);
        if (actual.equal (expected)) {
            print ("ok 2 the SQLite catalogue has the C definition's schema\n");
        } else {
            print ("not ok 2 the SQLite catalogue has the C definition's schema\n# %s\n", Json.to_string (actual, false));
            failed++;
        }
        orm.close ();
    } catch (GLib.Error e) {
        print ("Bail out! %s\n", e.message);
        failed++;
    }

    if (tmpdir != null) {
        FileUtils.remove (Path.build_filename (tmpdir, "zoo.db"));
        DirUtils.remove (tmpdir);
    }
    return failed > 0 ? 1 : 0;
}
