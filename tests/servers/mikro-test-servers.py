#!/usr/bin/python3
"""Run a command with private PostgreSQL, MariaDB and FerretDB servers.

    mikro-test-servers.py [--backends postgresql,mariadb,mongo] [--timeout S]
                          -- COMMAND [ARGS...]
    mikro-test-servers.py [--backends ...] --print-env

For every requested backend whose URI variable is not already set
(MIKRO_TEST_POSTGRES_URI, MIKRO_TEST_MYSQL_URI, MIKRO_TEST_MONGO_URI), a
throw-away server is started under one temporary directory, listening on
127.0.0.1 on a free port, with a database `mikro_test` and a user
`mikro`/`mikro`, and its URI is exported to COMMAND's environment:

    MIKRO_TEST_POSTGRES_URI  postgresql://mikro:mikro@127.0.0.1:PORT/mikro_test
    MIKRO_TEST_MYSQL_URI     mysql://mikro:mikro@127.0.0.1:PORT/mikro_test
    MIKRO_TEST_MONGO_URI     mongodb://127.0.0.1:PORT/mikro_test

The servers started here (and only those, by pid) are always stopped
afterwards, also on SIGINT/SIGTERM/SIGHUP, and the directory is removed.
The exit status is COMMAND's. A server that fails to start is reported with
the tail of its log and its URI is not exported; under CI=true that also
makes the exit status non-zero.

--print-env (manual use) starts the servers, prints `export VAR=...` lines
on stdout and keeps the servers up until Ctrl-C/SIGTERM: run it in one
terminal and paste the lines into another.

If this wrapper is SIGKILLed, the servers die with it (PR_SET_PDEATHSIG),
the command gets SIGTERM, and only the temporary directory is left behind.

Environment: MIKRO_FERRETDB (ferretdb binary), MIKRO_CACHE_DIR (where
scripts/setup-deps.sh puts it), MIKRO_TEST_SERVERS_KEEP=1 (keep the temporary
directory for inspection), MIKRO_TEST_SERVERS_USER (unprivileged user that
runs PostgreSQL when started as root; default mikro-test, created if
missing).

Standard library only; run it with /usr/bin/python3.
"""

import argparse
import ctypes
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

DB = "mikro_test"
USER = "mikro"
PASSWORD = "mikro"
HOST = "127.0.0.1"

ALL_BACKENDS = ("postgresql", "mariadb", "mongo")
ALIASES = {
    "postgresql": "postgresql", "postgres": "postgresql", "pg": "postgresql",
    "mariadb": "mariadb", "mysql": "mariadb",
    "mongo": "mongo", "mongodb": "mongo", "ferretdb": "mongo",
}
ENV_VARS = {
    "postgresql": "MIKRO_TEST_POSTGRES_URI",
    "mariadb": "MIKRO_TEST_MYSQL_URI",
    "mongo": "MIKRO_TEST_MONGO_URI",
}

PR_SET_PDEATHSIG = 1


def log(msg):
    print("mikro-test-servers: " + msg, file=sys.stderr, flush=True)


class StartError(Exception):
    pass


class Aborted(Exception):
    """Start-up was interrupted by a signal."""


class Interrupted(BaseException):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tcp_open(port, timeout=0.5):
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


def tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 16384))
            data = f.read().decode("utf-8", "replace")
    except OSError as e:
        return "(no log: %s)" % e
    return "\n".join(data.splitlines()[-lines:])


try:
    # Resolved once here, not between fork and exec.
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):
    _prctl = None


def _pdeathsig(sig):
    """preexec_fn: get SIG when the spawning thread dies (even by SIGKILL)."""
    def fn():
        if _prctl is not None:
            _prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    return fn


def run(argv, logfile=None, timeout=120, **kw):
    """Run a one-shot helper, appending its output to LOGFILE."""
    out = open(logfile, "ab") if logfile else subprocess.DEVNULL
    try:
        if logfile:
            out.write(("$ " + " ".join(argv) + "\n").encode())
            out.flush()
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out,
                           stderr=subprocess.STDOUT, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise StartError("%s timed out after %ss" % (argv[0], timeout))
    except OSError as e:
        raise StartError("cannot run %s: %s" % (argv[0], e))
    finally:
        if logfile:
            out.close()
    return p.returncode


def ensure_user(name):
    """Return (uid, gid, name) of an unprivileged account to run servers."""
    try:
        pw = pwd.getpwnam(name)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        subprocess.run([useradd, "--system", "--user-group", "--no-create-home",
                        "--home-dir", "/nonexistent", "--shell",
                        "/usr/sbin/nologin", name],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            pw = pwd.getpwnam("nobody")
    return pw.pw_uid, pw.pw_gid, pw.pw_name


def chown_r(path, uid, gid):
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for n in dirs + files:
            os.lchown(os.path.join(root, n), uid, gid)


class Server:
    name = "?"

    def __init__(self, top, timeout, abort):
        self.dir = os.path.join(top, self.name)
        os.makedirs(self.dir)
        self.log = os.path.join(self.dir, self.name + ".log")
        self.timeout = timeout
        self.abort = abort
        self.proc = None
        self.port = None
        self.uri = None
        self.error = None
        self.started_at = self.ready_at = None
        self.done = threading.Event()

    # -- helpers ----------------------------------------------------------
    def spawn(self, argv, **kw):
        if self.abort.is_set():
            raise Aborted()
        with open(self.log, "ab") as out:
            out.write(("$ " + " ".join(argv) + "\n").encode())
            out.flush()
            kw.setdefault("preexec_fn", _pdeathsig(signal.SIGKILL))
            # own session: a Ctrl-C on the terminal must not reach the server
            # before the orderly shutdown below.
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True, **kw)

    def wait_until(self, check, what):
        deadline = time.monotonic() + self.timeout
        while True:
            if self.abort.is_set():
                raise Aborted()
            if self.proc is not None and self.proc.poll() is not None:
                raise StartError("%s exited with status %s while %s"
                                 % (self.name, self.proc.returncode, what))
            if check():
                return
            if time.monotonic() > deadline:
                raise StartError("timed out after %ss %s" % (self.timeout, what))
            time.sleep(0.1)

    # -- lifecycle --------------------------------------------------------
    def lifecycle(self):
        """Thread body: start, report, wait for the shutdown, stop.

        The server is spawned and stopped by this same thread, which lives as
        long as the server: PR_SET_PDEATHSIG fires when the *thread* that
        forked a child ends, so the servers die with this wrapper even if it
        is SIGKILLed, but not before."""
        try:
            self.start()
        finally:
            self.done.set()
        self.abort.wait()
        self.stop()

    def start(self):
        self.started_at = time.monotonic()
        try:
            self._start()
            self.ready_at = time.monotonic()
            return
        except Aborted:
            self.error = "start-up interrupted"
        except StartError as e:
            self.error = str(e)
        except Exception as e:  # keep going with the other servers
            self.error = "%s: %s" % (type(e).__name__, e)
        self.stop()

    def _start(self):
        raise NotImplementedError

    # Signal that makes the server shut down quickly but cleanly.
    stop_signal = signal.SIGTERM

    def stop(self, grace=20):
        p = self.proc
        if p is None or p.poll() is not None:
            return
        try:
            p.send_signal(self.stop_signal)
            p.wait(grace)
        except subprocess.TimeoutExpired:
            log("%s (pid %d) did not stop in %ss; killing it"
                % (self.name, p.pid, grace))
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                p.kill()
            p.wait()
        except ProcessLookupError:
            pass


class PostgreSQL(Server):
    name = "postgresql"
    stop_signal = signal.SIGINT  # "fast" shutdown, same as pg_ctl -m fast

    def _bindir(self):
        cands = []
        for d in glob.glob("/usr/lib/postgresql/*/bin"):
            m = re.search(r"/postgresql/(\d+)/bin$", d)
            if m and os.access(os.path.join(d, "postgres"), os.X_OK):
                cands.append((int(m.group(1)), d))
        if cands:
            return max(cands)[1]
        pg_config = shutil.which("pg_config")
        if pg_config:
            d = subprocess.run([pg_config, "--bindir"], capture_output=True,
                               text=True).stdout.strip()
            if os.access(os.path.join(d, "postgres"), os.X_OK):
                return d
        p = shutil.which("postgres")
        if p:
            return os.path.dirname(p)
        raise StartError("no PostgreSQL server binaries "
                         "(/usr/lib/postgresql/*/bin/postgres); "
                         "run scripts/setup-deps.sh test")

    def _start(self):
        bindir = self._bindir()
        data = os.path.join(self.dir, "data")
        prefix = []
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root.
            uid, gid, user = ensure_user(
                os.environ.get("MIKRO_TEST_SERVERS_USER", "mikro-test"))
            chown_r(self.dir, uid, gid)
            setpriv = shutil.which("setpriv")
            if setpriv:
                prefix = [setpriv, "--reuid=%d" % uid, "--regid=%d" % gid,
                          "--clear-groups", "--pdeathsig", "KILL", "--"]
            else:
                prefix = ["runuser", "-u", user, "--"]
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8",
                   HOME=self.dir, PGTZ="UTC")
        env.pop("PGDATA", None)
        rc = run(prefix + [os.path.join(bindir, "initdb"), "-D", data,
                           "-A", "trust", "-U", USER, "-E", "UTF8",
                           "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
                 self.log, cwd=self.dir, env=env)
        if rc != 0:
            raise StartError("initdb failed with status %d" % rc)

        self.port = free_port()
        # postgres runs in the foreground as our child, so its pid is ours
        # to stop (SIGINT = pg_ctl stop -m fast).
        self.spawn(prefix + [os.path.join(bindir, "postgres"), "-D", data,
                             "-h", HOST, "-p", str(self.port),
                             "-k", self.dir, "-F",
                             "-c", "max_connections=100",
                             "-c", "shared_buffers=32MB",
                             "-c", "full_page_writes=off",
                             "-c", "synchronous_commit=off",
                             "-c", "log_min_messages=warning"],
                   cwd=self.dir, env=env)

        isready = os.path.join(bindir, "pg_isready")
        self.wait_until(
            lambda: run([isready, "-q", "-h", HOST, "-p", str(self.port),
                         "-U", USER, "-d", "postgres", "-t", "1"]) == 0,
            "waiting for PostgreSQL to accept connections")

        cenv = dict(os.environ, PGCONNECT_TIMEOUT="10")
        for k in ("PGPASSWORD", "PGSERVICE", "PGDATABASE", "PGOPTIONS"):
            cenv.pop(k, None)
        conn = ["-h", HOST, "-p", str(self.port), "-U", USER]
        rc = run([os.path.join(bindir, "createdb")] + conn + [DB],
                 self.log, env=cenv)
        if rc != 0:
            raise StartError("createdb failed with status %d" % rc)
        rc = run([os.path.join(bindir, "psql")] + conn +
                 ["-d", DB, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                  "ALTER USER %s PASSWORD '%s'" % (USER, PASSWORD)],
                 self.log, env=cenv)
        if rc != 0:
            raise StartError("psql ALTER USER failed with status %d" % rc)
        self.uri = "postgresql://%s:%s@%s:%d/%s" % (USER, PASSWORD, HOST,
                                                     self.port, DB)


class MariaDB(Server):
    name = "mariadb"

    @staticmethod
    def _which(*names):
        for n in names:
            p = shutil.which(n) or (os.path.exists("/usr/sbin/" + n)
                                    and "/usr/sbin/" + n)
            if p:
                return p
        raise StartError("none of %s found; run scripts/setup-deps.sh test"
                         % ", ".join(names))

    def _start(self):
        install_db = self._which("mariadb-install-db", "mysql_install_db")
        server = self._which("mariadbd", "mysqld")
        client = self._which("mariadb", "mysql")
        data = os.path.join(self.dir, "data")
        sock = os.path.join(self.dir, "mysql.sock")
        # mariadbd insists on an explicit --user when started as root.
        user = ["--user=root"] if os.geteuid() == 0 else []
        common = [
            "--datadir=" + data,
            "--tmpdir=" + self.dir,
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            "--innodb-buffer-pool-size=64M",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0",
            "--skip-name-resolve",
        ]
        rc = run([install_db, "--no-defaults", "--auth-root-authentication-method=normal",
                  "--skip-test-db", "--skip-name-resolve", "--force"] + user + common,
                 self.log, cwd=self.dir)
        if rc != 0:
            raise StartError("mariadb-install-db failed with status %d" % rc)

        self.port = free_port()
        self.spawn([server, "--no-defaults"] + user + common + [
            "--bind-address=" + HOST,
            "--port=%d" % self.port,
            "--socket=" + sock,
            "--pid-file=" + os.path.join(self.dir, "mariadbd.pid"),
            "--log-error=" + os.path.join(self.dir, "mariadbd.err"),
            "--skip-log-bin",
            "--performance-schema=OFF",
            "--max-connections=200",
            "--sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
            "NO_ENGINE_SUBSTITUTION",
        ], cwd=self.dir)

        sql = ("CREATE DATABASE IF NOT EXISTS {db} CHARACTER SET utf8mb4 "
               "COLLATE utf8mb4_unicode_ci;"
               "CREATE USER IF NOT EXISTS '{u}'@'127.0.0.1' IDENTIFIED BY '{p}';"
               "CREATE USER IF NOT EXISTS '{u}'@'%' IDENTIFIED BY '{p}';"
               "CREATE USER IF NOT EXISTS '{u}'@'localhost' IDENTIFIED BY '{p}';"
               "GRANT ALL PRIVILEGES ON *.* TO '{u}'@'127.0.0.1';"
               "GRANT ALL PRIVILEGES ON *.* TO '{u}'@'%';"
               "GRANT ALL PRIVILEGES ON *.* TO '{u}'@'localhost';"
               "FLUSH PRIVILEGES;").format(db=DB, u=USER, p=PASSWORD)
        base = [client, "--no-defaults", "--protocol=socket", "--socket=" + sock,
                "-uroot", "--connect-timeout=2"]

        def ready():
            if not os.path.exists(sock) or not tcp_open(self.port):
                return False
            return run(base + ["-e", "SELECT 1"]) == 0

        self.wait_until(ready, "waiting for MariaDB to accept connections")
        rc = run(base + ["-e", sql], self.log)
        if rc != 0:
            raise StartError("creating the database/user failed with status %d" % rc)
        self.uri = "mysql://%s:%s@%s:%d/%s" % (USER, PASSWORD, HOST, self.port, DB)

    def stop(self, grace=30):
        super().stop(grace)
        # mariadbd writes its real log to --log-error; fold it in for tails.
        err = os.path.join(self.dir, "mariadbd.err")
        if os.path.exists(err):
            try:
                with open(err, "rb") as src, open(self.log, "ab") as dst:
                    dst.write(b"--- mariadbd.err ---\n" + src.read())
                os.unlink(err)
            except OSError:
                pass


def _bson_cstring(s):
    return s.encode() + b"\0"


def mongo_ping(port, timeout=2.0):
    """Send {ping: 1, $db: "admin"} as OP_MSG; True if the reply has ok: 1."""
    body = (b"\x10" + _bson_cstring("ping") + struct.pack("<i", 1) +
            b"\x02" + _bson_cstring("$db") + struct.pack("<i", 6) + b"admin\0")
    doc = struct.pack("<i", len(body) + 5) + body + b"\0"
    msg = struct.pack("<I", 0) + b"\0" + doc          # flags, section kind 0
    header = struct.pack("<iiii", 16 + len(msg), 1, 0, 2013)  # OP_MSG
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(header + msg)
            data = b""
            while len(data) < 4 or len(data) < struct.unpack("<i", data[:4])[0]:
                chunk = s.recv(65536)
                if not chunk:
                    return False
                data += chunk
    except OSError:
        return False
    i = data.find(b"\x01ok\0")
    return i >= 0 and struct.unpack("<d", data[i + 4:i + 12])[0] == 1.0


class FerretDB(Server):
    name = "mongo"

    def _binary(self):
        cands = [os.environ.get("MIKRO_FERRETDB"),
                 os.path.join(os.environ.get("MIKRO_CACHE_DIR") or
                              os.path.expanduser("~/.cache/mikro-gobject"),
                              "bin", "ferretdb"),
                 shutil.which("ferretdb")]
        for c in cands:
            if c and os.access(c, os.X_OK):
                return c
        raise StartError("no ferretdb binary (MIKRO_FERRETDB, "
                         "$MIKRO_CACHE_DIR/bin/ferretdb or PATH); "
                         "run scripts/setup-deps.sh test")

    def _start(self):
        binary = self._binary()
        data = os.path.join(self.dir, "data")
        state = os.path.join(self.dir, "state")
        os.makedirs(data)
        os.makedirs(state)
        self.port = free_port()
        self.spawn([binary,
                    "--handler=sqlite",
                    "--sqlite-url=file:" + data + "/",
                    "--listen-addr=%s:%d" % (HOST, self.port),
                    "--state-dir=" + state,
                    "--debug-addr=-",
                    "--telemetry=disable",
                    "--log-level=warn"],
                   cwd=self.dir,
                   env=dict(os.environ, DO_NOT_TRACK="1"))
        self.wait_until(lambda: mongo_ping(self.port),
                        "waiting for FerretDB to answer ping")
        self.uri = "mongodb://%s:%d/%s" % (HOST, self.port, DB)


CLASSES = {"postgresql": PostgreSQL, "mariadb": MariaDB, "mongo": FerretDB}


def parse_args(argv):
    if "--" in argv:
        i = argv.index("--")
        own, cmd = argv[:i], argv[i + 1:]
    else:
        own, cmd = argv, []
    ap = argparse.ArgumentParser(
        prog="mikro-test-servers.py",
        description="Run COMMAND with private database servers "
                    "(see the module docstring).",
        usage="%(prog)s [--backends LIST] [--timeout S] "
              "(-- COMMAND [ARGS...] | --print-env)")
    ap.add_argument("--backends", default=",".join(ALL_BACKENDS),
                    help="comma-separated: postgresql,mariadb,mongo "
                         "(default: all)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds to wait for each server (default 60)")
    ap.add_argument("--print-env", action="store_true",
                    help="print export lines and wait for Ctrl-C")
    ns = ap.parse_args(own)
    if not cmd and not ns.print_env:
        ap.error("missing -- COMMAND")
    backends = []
    for b in filter(None, (x.strip().lower() for x in ns.backends.split(","))):
        if b not in ALIASES:
            ap.error("unknown backend %r" % b)
        if ALIASES[b] not in backends:
            backends.append(ALIASES[b])
    return ns, backends, cmd


def main(argv):
    ns, backends, cmd = parse_args(argv)
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")

    state = {"child": None, "signum": None, "cleanup": False}

    def on_signal(signum, frame):
        first = state["signum"] is None
        if first:
            state["signum"] = signum
        child = state["child"]
        if child is not None and child.poll() is None:
            # Pass it on; we stop the servers once the command has exited.
            try:
                child.send_signal(signum)
            except OSError:
                pass
            return
        if first and not state["cleanup"]:
            raise Interrupted(signum)

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)

    abort = threading.Event()
    servers = []
    threads = []
    top = None
    failed = []
    rc = 0
    try:
        top = tempfile.mkdtemp(prefix="mikro-test-servers.")
        os.chmod(top, 0o711)  # the unprivileged postgres user must traverse it

        env = dict(os.environ)
        todo = []
        for b in backends:
            var = ENV_VARS[b]
            if env.get(var):
                log("%s: using %s from the environment" % (b, var))
            else:
                todo.append(b)
        servers = [CLASSES[b](top, ns.timeout, abort) for b in todo]

        t0 = time.monotonic()
        threads = [threading.Thread(target=s.lifecycle, name=s.name,
                                    daemon=True) for s in servers]
        for t in threads:
            t.start()
        for s in servers:
            # (wait with a timeout so that signals are handled meanwhile)
            while not s.done.wait(0.2):
                pass
        total = time.monotonic() - t0

        for s in servers:
            if s.error:
                failed.append(s.name)
                log("%s failed to start: %s\n--- last lines of %s ---\n%s\n---"
                    % (s.name, s.error, s.log, tail(s.log)))
            else:
                env[ENV_VARS[s.name]] = s.uri
                log("%s ready on port %d in %.1fs: %s=%s"
                    % (s.name, s.port, s.ready_at - s.started_at,
                       ENV_VARS[s.name], s.uri))
        if servers:
            log("servers started in %.1fs" % total)
        if failed:
            log(("CI=true: exiting non-zero at the end because %s failed"
                 if ci else "warning: tests needing %s will be skipped")
                % ", ".join(failed))

        if ns.print_env:
            for b in backends:
                if env.get(ENV_VARS[b]):
                    print("export %s='%s'" % (ENV_VARS[b], env[ENV_VARS[b]]),
                          flush=True)
            log("servers running; press Ctrl-C (or send SIGTERM) to stop them")
            while True:
                signal.pause()

        try:
            # The command gets SIGTERM should this wrapper be SIGKILLed.
            state["child"] = subprocess.Popen(
                cmd, env=env, preexec_fn=_pdeathsig(signal.SIGTERM))
        except OSError as e:
            log("cannot run %s: %s" % (cmd[0], e))
            rc = 127
        else:
            child = state["child"]
            deadline = None
            while True:
                try:
                    rc = child.wait(1.0 if state["signum"] else None)
                    break
                except subprocess.TimeoutExpired:
                    if deadline is None:
                        deadline = time.monotonic() + 30
                    elif time.monotonic() > deadline:
                        log("command did not exit after the signal; killing it")
                        child.kill()
            if rc < 0:
                rc = 128 - rc
            if state["signum"] is not None:
                rc = rc or 128 + state["signum"]
        if failed and ci and rc == 0:
            rc = 1
    except Interrupted as e:
        log("interrupted by signal %d; stopping servers" % e.signum)
        rc = 0 if ns.print_env else 128 + e.signum
    finally:
        state["cleanup"] = True
        abort.set()  # each server thread now stops its server
        deadline = time.monotonic() + ns.timeout + 150
        for t in threads:
            while t.is_alive() and time.monotonic() < deadline:
                t.join(0.2)
        for s, t in zip(servers, threads):
            if t.is_alive():
                log("%s: its thread is stuck; killing the server" % s.name)
                if s.proc is not None and s.proc.poll() is None:
                    s.proc.kill()
        if top:
            if os.environ.get("MIKRO_TEST_SERVERS_KEEP") == "1":
                log("keeping %s" % top)
            else:
                shutil.rmtree(top, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
