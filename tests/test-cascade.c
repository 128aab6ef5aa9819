/* test-cascade.c
 *
 * Copyright 2026 The mikro-gobject authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Cascade remove and orphan removal, per backend, as MikroORM does them in
 * the application: what the relations hold in memory goes with the entity
 * removed, and what a one-to-many or one-to-one lets go of is removed when
 * the relation says so.
 *
 *   Deck 1 ── n Card     Deck.cards (one-to-many, orphan removal, which
 *                        implies cascade remove), Card.deck (nullable,
 *                        set null on delete)
 *   Deck 1 ── 1 Cover    Deck.cover owns it (nullable, orphan removal)
 *   Card n ── 1 Stamp    Card.stamp (nullable, cascade persist, merge and
 *                        remove)
 */

#include "test-backend.h"
#include "test-relation-entities.h"

static TestBackend backend;

#define TEST_TYPE_DECK (test_deck_get_type ())
G_DECLARE_FINAL_TYPE (TestDeck, test_deck, TEST, DECK, MikroEntity)
#define TEST_TYPE_CARD (test_card_get_type ())
G_DECLARE_FINAL_TYPE (TestCard, test_card, TEST, CARD, MikroEntity)
#define TEST_TYPE_COVER (test_cover_get_type ())
G_DECLARE_FINAL_TYPE (TestCover, test_cover, TEST, COVER, MikroEntity)
#define TEST_TYPE_STAMP (test_stamp_get_type ())
G_DECLARE_FINAL_TYPE (TestStamp, test_stamp, TEST, STAMP, MikroEntity)

struct _TestDeck  { MikroEntity parent_instance; };
struct _TestCard  { MikroEntity parent_instance; };
struct _TestCover { MikroEntity parent_instance; };
struct _TestStamp { MikroEntity parent_instance; };

G_DEFINE_FINAL_TYPE (TestDeck, test_deck, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestCard, test_card, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestCover, test_cover, MIKRO_TYPE_ENTITY)
G_DEFINE_FINAL_TYPE (TestStamp, test_stamp, MIKRO_TYPE_ENTITY)

static void test_deck_init (TestDeck *self) { }
static void test_card_init (TestCard *self) { }
static void test_cover_init (TestCover *self) { }
static void test_stamp_init (TestStamp *self) { }

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
test_deck_class_init (TestDeckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "cascade_deck");
  MikroProperty *prop;

  g_object_class_install_property (object_class, 3,
                                   g_param_spec_object ("cards", NULL, NULL, MIKRO_TYPE_COLLECTION, RW));
  g_object_class_install_property (object_class, 4,
                                   g_param_spec_object ("cover", NULL, NULL, TEST_TYPE_COVER, RW));
  prop = mikro_entity_schema_add_relation (schema, "cards", MIKRO_RELATION_ONE_TO_MANY,
                                           TEST_TYPE_CARD, MIKRO_PROPERTY_ORPHAN_REMOVAL);
  mikro_property_set_mapped_by (prop, "deck");
  mikro_entity_schema_add_relation (schema, "cover", MIKRO_RELATION_ONE_TO_ONE, TEST_TYPE_COVER,
                                    MIKRO_PROPERTY_NULLABLE | MIKRO_PROPERTY_ORPHAN_REMOVAL);
  mikro_entity_schema_register (schema);
}

static void
test_card_class_init (TestCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (object_class, "cascade_card");
  MikroProperty *prop;

  g_object_class_install_property (object_class, 3,
                                   g_param_spec_object ("deck", NULL, NULL, TEST_TYPE_DECK, RW));
  g_object_class_install_property (object_class, 4,
                                   g_param_spec_object ("stamp", NULL, NULL, TEST_TYPE_STAMP, RW));
  prop = mikro_entity_schema_add_relation (schema, "deck", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_DECK,
                                           MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_inversed_by (prop, "cards");
  mikro_property_set_on_delete (prop, MIKRO_REFERENTIAL_ACTION_SET_NULL);
  prop = mikro_entity_schema_add_relation (schema, "stamp", MIKRO_RELATION_MANY_TO_ONE, TEST_TYPE_STAMP,
                                           MIKRO_PROPERTY_NULLABLE);
  mikro_property_set_cascade (prop, MIKRO_CASCADE_ALL);
  mikro_entity_schema_register (schema);
}

static void
test_cover_class_init (TestCoverClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (G_OBJECT_CLASS (klass), "cascade_cover");

  mikro_entity_schema_register (schema);
}

static void
test_stamp_class_init (TestStampClass *klass)
{
  g_autoptr(MikroEntitySchema) schema = test_named_schema_new (G_OBJECT_CLASS (klass), "cascade_stamp");

  mikro_entity_schema_register (schema);
}

typedef struct
{
  MikroOrm *orm;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->orm = test_backend_open_orm (&backend, TEST_TYPE_DECK);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_backend_close_orm (&fixture->orm);
}

/* (transfer none): the deck holds its collection */
static MikroCollection *
cards_of (MikroEntity *deck)
{
  MikroCollection *cards = NULL;

  g_object_get (deck, "cards", &cards, NULL);
  g_object_unref (cards);
  return cards;
}

static MikroEntity *
load (MikroEntityManager *em,
      GType               type,
      gint64              id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  MikroEntity *entity;

  g_value_init (&key, G_TYPE_INT64);
  g_value_set_int64 (&key, id);
  entity = mikro_entity_manager_find_one (em, type, &key, &error);
  g_assert_no_error (error);
  return entity;
}

static void
flush (MikroEntityManager *em)
{
  g_autoptr(GError) error = NULL;

  mikro_entity_manager_flush (em, &error);
  g_assert_no_error (error);
}

/* A deck with cards named @names, the card at @stamped (if any) with a
 * stamp; everything flushed. Returns the deck's id. */
static gint64
add_deck (MikroOrm            *orm,
          const char          *name,
          const char * const  *names,
          gint                 stamped)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = mikro_orm_create_entity_manager (orm);
  g_autoptr(MikroEntity) deck = g_object_new (TEST_TYPE_DECK, "name", name, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(MikroEntity) card = g_object_new (TEST_TYPE_CARD, "name", names[i], "deck", deck, NULL);

      if ((gint)i == stamped)
        {
          g_autoptr(MikroEntity) stamp = g_object_new (TEST_TYPE_STAMP, "name", names[i], NULL);

          g_object_set (card, "stamp", stamp, NULL);
        }
      mikro_collection_add (cards_of (deck), G_OBJECT (card));
    }
  mikro_entity_manager_persist (em, deck, &error);
  g_assert_no_error (error);
  flush (em);
  return test_get_id (deck);
}

static void
test_cascade_remove (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) deck = NULL;
  g_autoptr(MikroEntity) other = NULL;
  g_autoptr(MikroEntity) fresh_card = NULL;
  g_autoptr(MikroEntity) stamp = NULL;
  MikroCollection *cards;
  gint64 id;

  if (fixture->orm == NULL)
    return;

  id = add_deck (fixture->orm, "Tarot", (const char *[]) { "Fool", "Tower", NULL }, 1);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 2);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_STAMP, NULL), ==, 1);

  /* the cards loaded: they go with the deck, and a card's stamp with it */
  em = mikro_orm_create_entity_manager (fixture->orm);
  deck = load (em, TEST_TYPE_DECK, id);
  g_assert_true (mikro_entity_manager_populate (em, deck, "cards", &error));
  g_assert_no_error (error);
  cards = cards_of (deck);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cards)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MikroEntity) card = g_list_model_get_item (G_LIST_MODEL (cards), i);
      g_autoptr(MikroEntity) its_stamp = NULL;

      g_object_get (card, "stamp", &its_stamp, NULL);
      if (its_stamp != NULL)
        stamp = g_object_ref (its_stamp);
    }
  /* a reference: never loaded, removed by its key */
  g_assert_nonnull (stamp);
  g_assert_false (mikro_entity_is_initialized (stamp));

  /* and a card persisted but not flushed yet is just forgotten */
  fresh_card = g_object_new (TEST_TYPE_CARD, "name", "Star", "deck", deck, NULL);
  mikro_collection_add (cards, G_OBJECT (fresh_card));
  g_assert_true (mikro_entity_manager_persist (em, fresh_card, &error));
  g_assert_no_error (error);

  g_assert_true (mikro_entity_manager_remove (em, deck, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mikro_entity_get_state (deck), ==, MIKRO_ENTITY_STATE_REMOVED);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MikroEntity) card = g_list_model_get_item (G_LIST_MODEL (cards), i);

      g_assert_cmpint (mikro_entity_get_state (card), ==, MIKRO_ENTITY_STATE_REMOVED);
    }
  g_assert_cmpint (mikro_entity_get_state (stamp), ==, MIKRO_ENTITY_STATE_REMOVED);
  g_assert_cmpint (mikro_entity_get_state (fresh_card), ==, MIKRO_ENTITY_STATE_NEW);

  /* removing again changes nothing */
  g_assert_true (mikro_entity_manager_remove (em, deck, &error));
  g_assert_no_error (error);

  flush (em);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_DECK, NULL), ==, 0);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 0);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_STAMP, NULL), ==, 0);
  g_assert_cmpint (mikro_entity_get_state (deck), ==, MIKRO_ENTITY_STATE_DETACHED);

  /* a relation that does not cascade remove keeps its entity: a deck's
   * card holds the deck, but removing the card leaves the deck */
  id = add_deck (fixture->orm, "Skat", (const char *[]) { "Ace", NULL }, -1);
  g_clear_object (&em);
  em = mikro_orm_create_entity_manager (fixture->orm);
  other = load (em, TEST_TYPE_DECK, id);
  g_assert_true (mikro_entity_manager_populate (em, other, "cards", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MikroEntity) ace = g_list_model_get_item (G_LIST_MODEL (cards_of (other)), 0);

    g_assert_true (mikro_entity_manager_remove (em, ace, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (mikro_entity_get_state (other), ==, MIKRO_ENTITY_STATE_MANAGED);
  flush (em);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_DECK, NULL), ==, 1);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 0);
}

/* Cascading is done in memory: cards never loaded are left to the foreign
 * key's rule (set null here), as in MikroORM. */
static void
test_cascade_needs_loaded (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntity) deck = NULL;
  gint64 id;

  if (fixture->orm == NULL)
    return;

  id = add_deck (fixture->orm, "Uno", (const char *[]) { "Red", "Blue", NULL }, -1);
  em = mikro_orm_create_entity_manager (fixture->orm);
  deck = load (em, TEST_TYPE_DECK, id);
  g_assert_false (mikro_collection_is_initialized (cards_of (deck)));
  g_assert_true (mikro_entity_manager_remove (em, deck, &error));
  g_assert_no_error (error);
  flush (em);

  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_DECK, NULL), ==, 0);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 2);
  /* MongoDB has no foreign keys: there the cards keep the deck's key */
  if (!backend.mongo)
    g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, "{\"deck\": null}"), ==, 2);
}

static void
test_orphans_one_to_many (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) check = NULL;
  g_autoptr(MikroEntity) deck = NULL;
  g_autoptr(MikroEntity) second = NULL;
  g_autoptr(MikroEntity) taken = NULL;
  g_autoptr(MikroEntity) dropped = NULL;
  g_autoptr(MikroEntity) moved = NULL;
  g_autoptr(MikroEntity) kept = NULL;
  g_autoptr(MikroEntity) moved_again = NULL;
  g_autoptr(MikroEntity) its_deck = NULL;
  MikroCollection *cards;
  gint64 id, second_id, moved_id;

  if (fixture->orm == NULL)
    return;

  id = add_deck (fixture->orm, "Poker", (const char *[]) { "Two", "Three", "Four", "Five", NULL }, -1);
  second_id = add_deck (fixture->orm, "Bridge", (const char *[]) { NULL }, -1);

  em = mikro_orm_create_entity_manager (fixture->orm);
  deck = load (em, TEST_TYPE_DECK, id);
  second = load (em, TEST_TYPE_DECK, second_id);
  g_assert_true (mikro_entity_manager_populate (em, deck, "cards", &error));
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_populate (em, second, "cards", &error));
  g_assert_no_error (error);
  cards = cards_of (deck);
  taken = g_list_model_get_item (G_LIST_MODEL (cards), 0);
  dropped = g_list_model_get_item (G_LIST_MODEL (cards), 1);
  moved = g_list_model_get_item (G_LIST_MODEL (cards), 2);
  kept = g_list_model_get_item (G_LIST_MODEL (cards), 3);
  moved_id = test_get_id (moved);

  /* taken out of the collection: an orphan, whatever its many-to-one
   * still says */
  g_assert_true (mikro_collection_remove (cards, G_OBJECT (taken)));
  /* its many-to-one set to nothing: an orphan too */
  g_object_set (dropped, "deck", NULL, NULL);
  /* taken by another deck: no orphan */
  g_assert_true (mikro_collection_remove (cards, G_OBJECT (moved)));
  g_object_set (moved, "deck", second, NULL);
  mikro_collection_add (cards_of (second), G_OBJECT (moved));

  flush (em);
  g_assert_cmpint (mikro_entity_get_state (taken), ==, MIKRO_ENTITY_STATE_DETACHED);
  g_assert_cmpint (mikro_entity_get_state (dropped), ==, MIKRO_ENTITY_STATE_DETACHED);
  g_assert_cmpint (mikro_entity_get_state (moved), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpint (mikro_entity_get_state (kept), ==, MIKRO_ENTITY_STATE_MANAGED);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 2);

  check = mikro_orm_create_entity_manager (fixture->orm);
  moved_again = load (check, TEST_TYPE_CARD, moved_id);
  g_assert_nonnull (moved_again);
  g_object_get (moved_again, "deck", &its_deck, NULL);
  g_assert_cmpint (test_get_id (its_deck), ==, second_id);

  /* what was flushed is the collection's new starting point: nothing more
   * is an orphan */
  flush (em);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 2);

  /* items of a new deck are no orphans of anything before its flush */
  {
    g_autoptr(MikroEntity) fresh = g_object_new (TEST_TYPE_DECK, "name", "Rummy", NULL);
    g_autoptr(MikroEntity) card = g_object_new (TEST_TYPE_CARD, "name", "Joker", "deck", fresh, NULL);

    mikro_collection_add (cards_of (fresh), G_OBJECT (card));
    g_assert_true (mikro_entity_manager_persist (em, fresh, &error));
    g_assert_no_error (error);
    flush (em);
    g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 3);

    /* once flushed, taking the card out removes it */
    mikro_collection_remove (cards_of (fresh), G_OBJECT (card));
    flush (em);
    g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_CARD, NULL), ==, 2);
  }
}

static void
test_orphans_one_to_one (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) fresh = NULL;
  g_autoptr(MikroEntity) deck = NULL;
  g_autoptr(MikroEntity) first = NULL;
  g_autoptr(MikroEntity) second = NULL;
  g_autoptr(MikroEntity) loaded = NULL;
  g_autoptr(MikroEntity) reference = NULL;
  gint64 id;

  if (fixture->orm == NULL)
    return;

  em = mikro_orm_create_entity_manager (fixture->orm);
  first = g_object_new (TEST_TYPE_COVER, "name", "red", NULL);
  deck = g_object_new (TEST_TYPE_DECK, "name", "Whist", "cover", first, NULL);
  mikro_entity_manager_persist (em, deck, &error);
  g_assert_no_error (error);
  flush (em);
  id = test_get_id (deck);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_COVER, NULL), ==, 1);

  /* replaced: the first cover is removed, the second inserted */
  second = g_object_new (TEST_TYPE_COVER, "name", "blue", NULL);
  g_object_set (deck, "cover", second, NULL);
  flush (em);
  g_assert_cmpint (mikro_entity_get_state (first), ==, MIKRO_ENTITY_STATE_DETACHED);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_COVER, NULL), ==, 1);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_COVER, "{\"name\": \"blue\"}"), ==, 1);

  /* let go of in another manager, where it was never loaded: removed by
   * its key */
  fresh = mikro_orm_create_entity_manager (fixture->orm);
  loaded = load (fresh, TEST_TYPE_DECK, id);
  g_object_get (loaded, "cover", &reference, NULL);
  g_assert_false (mikro_entity_is_initialized (reference));
  g_object_set (loaded, "cover", NULL, NULL);
  flush (fresh);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_COVER, NULL), ==, 0);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_DECK, NULL), ==, 1);
}

/* Cascade merge: the related entities of a merged one are merged first,
 * and the relation takes the identity map's instance where it had one. */
static void
test_cascade_merge (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MikroEntityManager) em = NULL;
  g_autoptr(MikroEntityManager) other = NULL;
  g_autoptr(MikroEntity) deck = NULL;
  g_autoptr(MikroEntity) card = NULL;
  g_autoptr(MikroEntity) stamp = NULL;
  g_autoptr(MikroEntity) merged = NULL;
  g_autoptr(MikroEntity) loaded_stamp = NULL;
  g_autoptr(MikroEntity) card_copy = NULL;
  g_autoptr(MikroEntity) stamp_copy = NULL;
  g_autoptr(MikroEntity) merged_copy = NULL;
  gint64 card_id, stamp_id;

  if (fixture->orm == NULL)
    return;

  add_deck (fixture->orm, "Tarock", (const char *[]) { "Sküs", NULL }, 0);
  em = mikro_orm_create_entity_manager (fixture->orm);
  deck = mikro_entity_manager_find_one_by (em, TEST_TYPE_DECK, "{\"name\": \"Tarock\"}", &error);
  g_assert_no_error (error);
  g_assert_true (mikro_entity_manager_populate (em, deck, "cards", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MikroEntity) first = g_list_model_get_item (G_LIST_MODEL (cards_of (deck)), 0);
    g_autoptr(MikroEntity) its_stamp = NULL;

    g_object_get (first, "stamp", &its_stamp, NULL);
    card_id = test_get_id (first);
    stamp_id = test_get_id (its_stamp);
  }

  /* built from data known to be stored: merged whole, nothing to write */
  stamp = g_object_new (TEST_TYPE_STAMP, "id", stamp_id, "name", "Sküs", NULL);
  card = g_object_new (TEST_TYPE_CARD, "id", card_id, "name", "Sküs", "stamp", stamp, NULL);
  other = mikro_orm_create_entity_manager (fixture->orm);
  merged = mikro_entity_manager_merge (other, card, &error);
  g_assert_no_error (error);
  g_assert_true (merged == card);
  g_assert_cmpint (mikro_entity_get_state (stamp), ==, MIKRO_ENTITY_STATE_MANAGED);
  test_capture_start ();
  flush (other);
  test_capture_stop ();
  g_assert_cmpuint (test_statements->len, ==, 0);

  /* a changed stamp is written by the next flush, as the merged card's */
  g_object_set (stamp, "name", "Excuse", NULL);
  flush (other);
  g_assert_cmpint (test_count (fixture->orm, TEST_TYPE_STAMP, "{\"name\": \"Excuse\"}"), ==, 1);

  /* into a manager that has the stamp: the card takes that instance */
  g_clear_object (&other);
  other = mikro_orm_create_entity_manager (fixture->orm);
  loaded_stamp = load (other, TEST_TYPE_STAMP, stamp_id);
  stamp_copy = g_object_new (TEST_TYPE_STAMP, "id", stamp_id, "name", "Excuse", NULL);
  card_copy = g_object_new (TEST_TYPE_CARD, "id", card_id, "name", "Sküs", "stamp", stamp_copy, NULL);
  merged_copy = mikro_entity_manager_merge (other, card_copy, &error);
  g_assert_no_error (error);
  g_assert_true (merged_copy == card_copy);
  {
    g_autoptr(MikroEntity) its_stamp = NULL;

    g_object_get (merged_copy, "stamp", &its_stamp, NULL);
    g_assert_true (its_stamp == loaded_stamp);
  }
  g_assert_cmpint (mikro_entity_get_state (stamp_copy), ==, MIKRO_ENTITY_STATE_NEW);

  /* a relation that does not cascade merge leaves its entity alone */
  {
    g_autoptr(MikroEntityManager) third = mikro_orm_create_entity_manager (fixture->orm);
    g_autoptr(MikroEntity) deck_copy = g_object_new (TEST_TYPE_DECK, "id", test_get_id (deck), "name", "Tarock", NULL);
    g_autoptr(MikroEntity) lone = g_object_new (TEST_TYPE_CARD, "id", card_id, "name", "Sküs",
                                                "deck", deck_copy, NULL);
    g_autoptr(MikroEntity) result = mikro_entity_manager_merge (third, lone, &error);

    g_assert_no_error (error);
    g_assert_cmpint (mikro_entity_get_state (deck_copy), ==, MIKRO_ENTITY_STATE_NEW);
    g_assert_cmpint (mikro_entity_get_state (result), ==, MIKRO_ENTITY_STATE_MANAGED);
    /* the deck no manager knows holds the card, which holds it: let go */
    mikro_collection_remove_all (cards_of (deck_copy));
  }
}

static void
add_backend_test (const char  *name,
                  void       (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/mikro/cascade/%s/%s", backend.name, name);

  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  test_capture_init ();
  g_test_init (&argc, &argv, NULL);
  test_backend_init (&backend);

  add_backend_test ("remove", test_cascade_remove);
  add_backend_test ("needs-loaded", test_cascade_needs_loaded);
  add_backend_test ("orphans-one-to-many", test_orphans_one_to_many);
  add_backend_test ("orphans-one-to-one", test_orphans_one_to_one);
  add_backend_test ("merge", test_cascade_merge);

  ret = g_test_run ();
  test_backend_clear (&backend);
  return ret;
}
