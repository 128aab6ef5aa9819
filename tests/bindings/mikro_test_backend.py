# mikro_test_backend.py
#
# Copyright 2026 The mikro-gobject authors
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""The database a Python test runs against, as tests/test-backend.h picks
it for the C tests: MIKRO_TEST_BACKEND names it (sqlite-file, the default,
sqlite-memory, postgresql, mariadb, mongo), and the servers' URIs come from
MIKRO_TEST_POSTGRES_URI, MIKRO_TEST_MYSQL_URI and MIKRO_TEST_MONGO_URI.
Without one, uri is None and missing names the variable."""

import os
import shutil
import tempfile

SERVER_VARIABLES = {
    "postgresql": "MIKRO_TEST_POSTGRES_URI",
    "mariadb": "MIKRO_TEST_MYSQL_URI",
    "mongo": "MIKRO_TEST_MONGO_URI",
}


class Backend:
    def __init__(self, prefix, backends=("sqlite-file", "sqlite-memory", "postgresql", "mariadb")):
        """@prefix names the temporary SQLite file; @backends are the ones
        the test supports."""
        self.name = os.environ.get("MIKRO_TEST_BACKEND") or "sqlite-file"
        self.tmpdir = None
        self.uri = None
        self.missing = None
        self.mongo = self.name == "mongo"

        if self.name not in backends:
            raise SystemExit("unknown MIKRO_TEST_BACKEND %s" % self.name)
        if self.name == "sqlite-file":
            self.tmpdir = tempfile.mkdtemp(prefix="mikro-py-%s-" % prefix)
            self.uri = "sqlite://%s/%s.db" % (self.tmpdir, prefix)
        elif self.name == "sqlite-memory":
            self.uri = "sqlite::memory:"
        else:
            var = SERVER_VARIABLES[self.name]
            self.uri = os.environ.get(var) or None
            if self.uri is None:
                self.missing = var

    def cleanup(self):
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
