#!/usr/bin/python3
# test_async.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Asynchronous calls from Python with a GLib main loop, per SQL backend:
the callback and the entities' notifications come in the main thread, the
entity manager is busy meanwhile, a transaction function runs in the
worker, and a transaction spans the workers of its calls.

MIKRO_TEST_BACKEND names the backend (sqlite-file, sqlite-memory,
postgresql, mariadb; default sqlite-file). Server backends read their URI
from MIKRO_TEST_POSTGRES_URI or MIKRO_TEST_MYSQL_URI; without one the test
skips, except under CI=true, where a missing server is a failure. The table
is `py_async_track`: the servers are shared with other suites. Output is
TAP.
"""

import os
import sys
import threading
import traceback

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("Mikro", "1.0")
from gi.repository import Gio, GLib, GObject, Mikro  # noqa: E402
from mikro_test_backend import Backend  # noqa: E402


class Track(Mikro.Entity):
    __gtype_name__ = "PyAsyncTrack"

    id = GObject.Property(type=GObject.TYPE_INT64)
    code = GObject.Property(type=str)
    title = GObject.Property(type=str)


def run(loop, start):
    """Starts an asynchronous call with a callback that stops the loop,
    and returns the result given to the callback."""
    box = {}

    def done(source, result, *data):
        box["result"] = result
        box["thread"] = threading.current_thread()
        loop.quit()

    start(done)
    loop.run()
    return box


def count(orm, filter=None):
    """What the database holds, seen by a manager of its own."""
    return orm.create_entity_manager().count(Track, filter)


def is_mikro_error(error, code):
    return isinstance(error, GLib.Error) and error.matches(Mikro.error_quark(), code)


def cancelled():
    cancellable = Gio.Cancellable()
    cancellable.cancel()
    return cancellable


def scenario(orm, loop, checks):
    main_thread = threading.current_thread()
    em = orm.create_entity_manager()

    def check(ok, description):
        checks.append((bool(ok), description))

    # flush, find, count ---------------------------------------------------
    notified = []
    tracks = [Track(code="t%d" % i, title="Track %d" % i) for i in range(5)]
    for track in tracks:
        track.connect("notify::id", lambda obj, pspec: notified.append(threading.current_thread()))
        em.persist(track)

    def start_flush(done):
        em.flush_async(None, done)
        try:
            em.count(Track, None)
            check(False, "a call while busy is refused")
        except GLib.Error as e:
            check(is_mikro_error(e, Mikro.Error.VALIDATION), "a call while busy is refused")

    box = run(loop, start_flush)
    check(em.flush_finish(box["result"]), "flush_async succeeded")
    check(box["thread"] is main_thread, "the callback ran in the main thread")
    check(len(notified) == 5 and all(t is main_thread for t in notified),
          "the generated keys were notified in the main thread")
    check(all(t.id > 0 for t in tracks), "every track has its key")

    box = run(loop, lambda done: em.find_async(Track, '{"title": "Track 3"}', None, done))
    found = em.find_finish(box["result"])
    check(found.get_n_items() == 1 and found.get_item(0) is tracks[3],
          "find_async returns the identity map's instance")

    box = run(loop, lambda done: em.count_async(Track, None, None, done))
    check(em.count_finish(box["result"]) == 5, "count_async counts")

    box = run(loop, lambda done: em.count_async(Track, None, cancelled(), done))
    try:
        em.count_finish(box["result"])
        check(False, "a cancelled call fails")
    except GLib.Error as e:
        check(e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED), "a cancelled call fails")

    # upsert ---------------------------------------------------------------
    again = Track(code="t1", title="Track one")
    box = run(loop, lambda done: em.upsert_async(again, None, done))
    upserted = em.upsert_finish(box["result"])
    check(upserted is tracks[1], "upsert_async returns the managed entity with that key")
    check(tracks[1].title == "Track one", "which took the new title")
    check(count(orm) == 5 and count(orm, '{"title": "Track one"}') == 1,
          "the row was updated, none inserted")

    box = run(loop, lambda done: em.upsert_many_async([Track(code="t9", title="Nine"),
                                                       Track(code="t2", title="Two")], None, done))
    many = em.upsert_many_finish(box["result"])
    check(many.get_n_items() == 2 and many.get_item(1) is tracks[2],
          "upsert_many_async returns the managed entities in order")
    check(count(orm) == 6, "one row inserted by upsert_many_async")

    # native update --------------------------------------------------------
    values = GLib.Variant("a{sv}", {"title": GLib.Variant("s", "Renamed")})
    box = run(loop, lambda done: em.native_update_async(Track, '{"code": {"$in": ["t3", "t4"]}}',
                                                        values, None, done))
    check(em.native_update_finish(box["result"]) == 2, "native_update_async counts the rows changed")
    check(count(orm, '{"title": "Renamed"}') == 2, "and the rows changed")
    check(tracks[3].title == "Track 3", "the loaded entity is not changed")

    # refresh: the database wins, told in the main thread
    titles = []
    tracks[3].connect("notify::title", lambda obj, pspec: titles.append(threading.current_thread()))
    box = run(loop, lambda done: em.refresh_async(tracks[3], None, done))
    check(em.refresh_finish(box["result"]), "refresh_async succeeded")
    check(tracks[3].title == "Renamed", "the entity has the row's title")
    check(titles == [main_thread], "notified once, in the main thread")
    check(not tracks[3].is_dirty(), "and nothing is pending")

    # a transaction function in Python, run in the worker ---------------------
    ran_in = []

    def work(manager, *data):
        ran_in.append(threading.current_thread())
        manager.persist(Track(code="tx1", title="In a transaction"))
        return True

    box = run(loop, lambda done: em.transactional_async(work, cancellable=None, callback=done))
    check(em.transactional_finish(box["result"]), "transactional_async committed")
    check(len(ran_in) == 1 and ran_in[0] is not main_thread, "the function ran in the worker")
    check(box["thread"] is main_thread, "the callback ran in the main thread")
    check(count(orm, '{"code": "tx1"}') == 1, "its entity is stored")

    def fail(manager, *data):
        manager.persist(Track(code="tx2", title="Rolled back"))
        manager.flush()
        raise GLib.Error.new_literal(GLib.quark_from_string("py-async-test"), "changed my mind", 3)

    box = run(loop, lambda done: em.transactional_async(fail, cancellable=None, callback=done))
    try:
        em.transactional_finish(box["result"])
        check(False, "a failing function's error is raised")
    except GLib.Error as e:
        check(e.domain == "py-async-test" and e.code == 3, "a failing function's error is raised")
    check(not em.is_in_transaction(), "the transaction is over")
    check(count(orm, '{"code": "tx2"}') == 0, "rolled back, even what was flushed")

    # data for the function: PyGObject passes a tuple as extra arguments
    seen = []
    box = run(loop, lambda done: em.transactional_async(lambda m, *data: seen.append(data) or True,
                                                        ("extra",), None, done))
    check(em.transactional_finish(box["result"]) and seen == [("extra",)],
          "the function gets its data")

    # begin, flush, commit, each in a worker --------------------------------
    box = run(loop, lambda done: em.begin_async(None, done))
    check(em.begin_finish(box["result"]) and em.is_in_transaction(), "begin_async opened a transaction")
    em.persist(Track(code="b1", title="Begun"))
    box = run(loop, lambda done: em.flush_async(None, done))
    check(em.flush_finish(box["result"]), "flush_async in the transaction")
    box = run(loop, lambda done: em.commit_async(None, done))
    check(em.commit_finish(box["result"]) and not em.is_in_transaction(), "commit_async committed")
    check(count(orm, '{"code": "b1"}') == 1, "the row is stored")

    box = run(loop, lambda done: em.begin_async(None, done))
    em.begin_finish(box["result"])
    em.persist(Track(code="b2", title="Dropped"))
    box = run(loop, lambda done: em.flush_async(None, done))
    em.flush_finish(box["result"])
    box = run(loop, lambda done: em.rollback_async(None, done))
    check(em.rollback_finish(box["result"]) and not em.is_in_transaction(), "rollback_async rolled back")
    check(count(orm, '{"code": "b2"}') == 0, "nothing of it is left")


def main():
    backend = Backend("async")
    try:
        if backend.uri is None:
            reason = "no server for backend %s; set %s" % (backend.name, backend.missing)
            if os.environ.get("CI") == "true":
                print("1..1")
                print("not ok 1 - /python/async/%s # %s" % (backend.name, reason))
                return 1
            print("1..0 # SKIP %s" % reason)
            return 0

        schema = Mikro.EntitySchema.new(Track, "py_async_track")
        schema.add_property("id", None, Mikro.PropertyFlags.PRIMARY_KEY | Mikro.PropertyFlags.GENERATED)
        schema.add_property("code", None, Mikro.PropertyFlags.UNIQUE)
        schema.add_property("title", None, Mikro.PropertyFlags.NONE)
        schema.register()

        checks = []
        orm = Mikro.Orm.open(backend.uri)
        try:
            orm.add_entity(Track)
            orm.drop_schema()
            orm.create_schema()
            scenario(orm, GLib.MainLoop(), checks)
            orm.drop_schema()
        except Exception:  # noqa: BLE001 - any failure is reported as TAP
            checks.append((False, "runs to the end\n# " + traceback.format_exc().replace("\n", "\n# ")))
        finally:
            orm.close()
    finally:
        backend.cleanup()

    print("# backend %s" % backend.name)
    print("1..%d" % len(checks))
    failures = 0
    for number, (ok, description) in enumerate(checks, 1):
        print("%s %d /python/async/%s: %s" % ("ok" if ok else "not ok", number, backend.name, description))
        failures += 0 if ok else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
