#!/usr/bin/python3
# test_async.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Asynchronous calls from Python with a GLib main loop: the callback and
the entities' notifications come in the main thread, and the entity
manager is busy meanwhile. Output is TAP; runs on a temporary SQLite
file.
"""

import os
import shutil
import sys
import tempfile
import threading

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import GLib, GObject, Mikro  # noqa: E402


class Track(Mikro.Entity):
    __gtype_name__ = "PyAsyncTrack"

    id = GObject.Property(type=GObject.TYPE_INT64)
    title = GObject.Property(type=str)


def run(loop, start):
    """Starts an asynchronous call with a callback that stops the loop,
    and returns the result given to the callback."""
    box = {}

    def done(source, result):
        box["result"] = result
        box["thread"] = threading.current_thread()
        loop.quit()

    start(done)
    loop.run()
    return box


def main():
    schema = Mikro.EntitySchema.new(Track, "py_async_track")
    schema.add_property("id", None, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED)
    schema.add_property("title", None, Mikro.PropertyFlags.NONE)
    schema.register()

    checks = []
    tmpdir = tempfile.mkdtemp(prefix="mikro-async-")
    try:
        orm = Mikro.Orm.open("sqlite:///" + os.path.join(tmpdir, "async.db"))
        orm.add_entity(Track)
        orm.create_schema()
        em = orm.create_entity_manager()
        loop = GLib.MainLoop()
        main_thread = threading.current_thread()

        notified = []
        tracks = [Track(title="Track %d" % i) for i in range(5)]
        for track in tracks:
            track.connect("notify::id", lambda obj, pspec: notified.append(threading.current_thread()))
            em.persist(track)

        def start_flush(done):
            em.flush_async(None, done)
            try:
                em.count(Track, None)
                checks.append((False, "a call while busy is refused"))
            except GLib.Error as e:
                checks.append((e.matches(Mikro.error_quark(), Mikro.Error.VALIDATION),
                               "a call while busy is refused"))

        box = run(loop, start_flush)
        checks.append((em.flush_finish(box["result"]), "flush_async succeeded"))
        checks.append((box["thread"] is main_thread, "the callback ran in the main thread"))
        checks.append((len(notified) == 5 and all(t is main_thread for t in notified),
                       "the generated keys were notified in the main thread"))
        checks.append((all(t.id > 0 for t in tracks), "every track has its key"))

        box = run(loop, lambda done: em.find_async(Track, '{"title": "Track 3"}', None, done))
        found = em.find_finish(box["result"])
        checks.append((found.get_n_items() == 1 and found.get_item(0) is tracks[3],
                       "find_async returns the identity map's instance"))

        box = run(loop, lambda done: em.count_async(Track, None, None, done))
        checks.append((em.count_finish(box["result"]) == 5, "count_async counts"))

        cancellable = Gio_cancelled()
        box = run(loop, lambda done: em.count_async(Track, None, cancellable, done))
        try:
            em.count_finish(box["result"])
            checks.append((False, "a cancelled call fails"))
        except GLib.Error as e:
            checks.append((e.matches(GLib.quark_from_string("g-io-error-quark"), 19), "a cancelled call fails"))
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    print("1..%d" % len(checks))
    failures = 0
    for number, (ok, description) in enumerate(checks, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", number, description))
        failures += 0 if ok else 1
    return 1 if failures else 0


def Gio_cancelled():
    gi.require_version("Gio", "2.0")
    from gi.repository import Gio

    cancellable = Gio.Cancellable()
    cancellable.cancel()
    return cancellable


if __name__ == "__main__":
    sys.exit(main())
