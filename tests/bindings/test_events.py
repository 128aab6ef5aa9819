#!/usr/bin/python3
# test_events.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Events from Python: an entity overriding its lifecycle hook, and an
event subscriber implemented in Python whose on-flush additions are
written by the same flush. Output is TAP; runs on a temporary SQLite
file.
"""

import os
import shutil
import sys
import tempfile

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


class Note(Mikro.Entity):
    __gtype_name__ = "PyEventsNote"

    id = GObject.Property(type=GObject.TYPE_INT64)
    title = GObject.Property(type=str)
    slug = GObject.Property(type=str)

    def do_lifecycle(self, event):
        if event == Mikro.EntityEvent.BEFORE_CREATE:
            if self.title == "forbidden":
                raise GLib.Error.new_literal(Mikro.error_quark(), "no forbidden titles",
                                             Mikro.Error.VALIDATION)
            self.slug = self.title.lower().replace(" ", "-")
        return True


class Journal(Mikro.Entity):
    __gtype_name__ = "PyEventsJournal"

    id = GObject.Property(type=GObject.TYPE_INT64)
    line = GObject.Property(type=str)


class Auditor(GObject.Object, Mikro.EventSubscriber):
    __gtype_name__ = "PyEventsAuditor"

    def __init__(self):
        super().__init__()
        self.seen = []

    def do_is_subscribed(self, metadata):
        return metadata.get_entity_type() == Note.__gtype__

    def do_entity_event(self, event, entity):
        self.seen.append((event, entity.title))
        return True

    def do_before_flush(self, event):
        self.seen.append("before")
        return True

    def do_on_flush(self, event):
        em = event.get_entity_manager()
        for change in event.list_change_sets():
            if change.get_change_type() == Mikro.ChangeSetType.CREATE:
                em.persist(Journal(line="created " + change.get_entity().title))
        self.seen.append("on")
        return True

    def do_after_flush(self, event):
        self.seen.append("after")


def main():
    for entity_type, table, fields in ((Note, "py_events_note", ("title", "slug")),
                                       (Journal, "py_events_journal", ("line",))):
        schema = Mikro.EntitySchema.new(entity_type, table)
        schema.add_property("id", None, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED)
        for field in fields:
            schema.add_property(field, None, Mikro.PropertyFlags.NULLABLE)
        schema.register()

    tmpdir = tempfile.mkdtemp(prefix="mikro-events-")
    failures = 0
    checks = []

    def check(ok, description):
        nonlocal failures
        checks.append((ok, description))
        if not ok:
            failures += 1

    try:
        orm = Mikro.Orm.open("sqlite:///" + os.path.join(tmpdir, "events.db"))
        orm.add_entity(Note)
        orm.add_entity(Journal)
        orm.create_schema()
        auditor = Auditor()
        orm.add_subscriber(auditor)

        em = orm.create_entity_manager()
        note = Note(title="Hello World")
        em.persist(note)
        em.flush()
        check(note.slug == "hello-world", "the lifecycle override set a property before the insert")
        check(auditor.seen[0] == "before" and auditor.seen[1] == "on" and auditor.seen[-1] == "after",
              "before, on and after flush in order")
        check((Mikro.EntityEvent.BEFORE_CREATE, "Hello World") in auditor.seen and
              (Mikro.EntityEvent.AFTER_CREATE, "Hello World") in auditor.seen,
              "the subscriber was told of the entity events")

        fresh = em.fork()
        lines = [j.line for j in fresh.find(Journal, None)]
        check(lines == ["created Hello World"], "what on-flush persisted was written by the same flush")
        check(all(not (isinstance(e, tuple) and e[1] is None) for e in auditor.seen),
              "the subscriber was not told of the journal's events")
        loaded = fresh.find_one_by(Note, '{"title": "Hello World"}')
        check(loaded.slug == "hello-world", "the hook's value was stored")

        bad = Note(title="forbidden")
        em.persist(bad)
        try:
            em.flush()
            check(False, "a refusing hook aborts the flush")
        except GLib.Error as e:
            check(e.matches(Mikro.error_quark(), Mikro.Error.VALIDATION) and "forbidden" in e.message,
                  "a refusing hook aborts the flush with its error")
        check(bad.get_state() == Mikro.EntityState.NEW and em.count(Note, None) == 1,
              "nothing of the refused flush was written")
        orm.remove_subscriber(auditor)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    print("1..%d" % len(checks))
    for number, (ok, description) in enumerate(checks, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", number, description))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
