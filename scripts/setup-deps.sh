#!/usr/bin/env bash
# Install what mikro-gobject needs on a Debian (bookworm) machine.
#
#   scripts/setup-deps.sh [build|test]
#
#   build  compilers, meson, libgda, libmongoc, json-glib, introspection, Vala,
#          GJS, PyGObject, gi-docgen: everything to build and run the demo.
#   test   build + PostgreSQL and MariaDB server binaries, valgrind, and a
#          FerretDB binary (MongoDB wire protocol over SQLite) built from the
#          Go module github.com/FerretDB/FerretDB v1.24.2.
#
# Idempotent and non-interactive: apt-get is skipped entirely when every
# package is already installed, FerretDB is skipped when the cached binary
# already reports the pinned version.
#
# Environment:
#   MIKRO_CACHE_DIR   cache root (default: $HOME/.cache/mikro-gobject);
#                     FerretDB lands in $MIKRO_CACHE_DIR/bin/ferretdb
#   MIKRO_SKIP_APT=1  never call apt-get (fail later if something is missing)
#   MIKRO_GO          go command to build FerretDB with (default: go on PATH,
#                     /usr/local/go/bin/go, else Debian's golang-go); a go
#                     older than 1.21 bootstraps the go1.24 toolchain module
set -euo pipefail

MODE="${1:-build}"
case "$MODE" in
  build|test) ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

export DEBIAN_FRONTEND=noninteractive

FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.2
# Toolchain the FerretDB go.mod asks for ("toolchain go1.24.3").
GO_TOOLCHAIN_VERSION=go1.24.3
CACHE_DIR="${MIKRO_CACHE_DIR:-${HOME:-/root}/.cache/mikro-gobject}"
BIN_DIR="$CACHE_DIR/bin"

BUILD_PKGS=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev
  libgda-5.0-dev libgda-5.0-postgres libgda-5.0-mysql gir1.2-gda-5.0
  libjson-glib-dev gir1.2-json-1.0
  libmongoc-dev libbson-dev
  gobject-introspection libgirepository1.0-dev gir1.2-glib-2.0
  valac gjs gi-docgen gettext
  python3 python3-gi
)
TEST_PKGS=(
  postgresql
  mariadb-server mariadb-client
  valgrind
  util-linux passwd ca-certificates
)

log() { printf 'setup-deps: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  else
    SUDO=(__no_root__)
  fi
fi

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

APT_UPDATED=0
apt_install() {
  # apt_install PKG... : install the packages that are not installed yet.
  local missing=() p
  for p in "$@"; do
    is_installed "$p" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "${MIKRO_SKIP_APT:-0}" = 1 ] && die "missing packages and MIKRO_SKIP_APT=1: ${missing[*]}"
  [ "${SUDO[0]:-}" = __no_root__ ] && die "not root and no sudo; install: ${missing[*]}"
  log "installing: ${missing[*]}"

  # Installing postgresql/mariadb-server would start the system services; we
  # never use them, so deny service starts for the duration of the install
  # (only when no policy-rc.d is in place already, and only the one we made).
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    if printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null 2>&1; then
      "${SUDO[@]}" chmod 0755 "$policy"
      made_policy=1
    fi
  fi

  local rc=0
  if [ "$APT_UPDATED" -eq 0 ]; then
    "${SUDO[@]}" apt-get update -q || rc=$?
    APT_UPDATED=1
  fi
  if [ "$rc" -eq 0 ]; then
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      "${missing[@]}" || rc=$?
  fi
  if [ "$made_policy" -eq 1 ]; then
    "${SUDO[@]}" rm -f "$policy"
  fi
  [ "$rc" -eq 0 ] || die "apt-get failed (exit $rc)"
}

# ---------------------------------------------------------------- FerretDB --

# go_minor GO: print the minor version of the go binary (1.X -> X), or 0.
go_minor() {
  local v
  v="$("$1" version 2>/dev/null | sed -n 's/.* go1\.\([0-9][0-9]*\).*/\1/p')" || true
  printf '%s\n' "${v:-0}"
}

find_go() {
  local g
  if [ -n "${MIKRO_GO:-}" ]; then
    printf '%s\n' "$MIKRO_GO"
    return 0
  fi
  for g in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go /usr/lib/go/bin/go; do
    if [ -n "$g" ] && [ -x "$g" ]; then
      printf '%s\n' "$g"
      return 0
    fi
  done
  return 1
}

ferretdb_ok() {
  # Read the whole output before matching: `--version | grep -q` under
  # pipefail fails now and then, when grep exits at the first line and
  # ferretdb dies of SIGPIPE writing the next ones.
  local out
  [ -x "$BIN_DIR/ferretdb" ] || return 1
  out="$("$BIN_DIR/ferretdb" --version 2>/dev/null)" || return 1
  [[ $'\n'"$out"$'\n' == *$'\n'"version: $FERRETDB_VERSION"$'\n'* ]]
}

# bootstrap_toolchain OLD_GO WORKDIR: a go older than 1.21 cannot switch
# toolchains itself (GOTOOLCHAIN); fetch the toolchain module the same way
# newer go commands do and print the path of its go binary.
bootstrap_toolchain() {
  local old_go="$1" work="$2" arch dir
  arch="$("$old_go" env GOARCH)"
  dir="$(cd "$work" && GOFLAGS=-mod=mod "$old_go" mod download -json \
          "golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN_VERSION.linux-$arch" |
          sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [ -d "${dir:-/nonexistent}" ] || die "could not download the $GO_TOOLCHAIN_VERSION toolchain module"
  cp -a "$dir" "$work/goroot"
  chmod -R u+w "$work/goroot"
  chmod +x "$work/goroot/bin/"* "$work/goroot/pkg/tool/"*/*
  printf '%s\n' "$work/goroot/bin/go"
}

install_ferretdb() {
  if ferretdb_ok; then
    log "FerretDB $FERRETDB_VERSION already at $BIN_DIR/ferretdb"
    return 0
  fi
  log "building FerretDB $FERRETDB_VERSION into $BIN_DIR"

  local go minor
  go="$(find_go || true)"
  minor=0
  [ -n "$go" ] && minor="$(go_minor "$go")"
  if [ "$minor" -lt 21 ] && [ -z "${MIKRO_GO:-}" ] && ! is_installed golang-go; then
    apt_install golang-go
    go="$(find_go || true)"
    [ -n "$go" ] || die "no go command after installing golang-go"
    minor="$(go_minor "$go")"
  fi

  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/mikro-ferretdb.XXXXXX")"
  # shellcheck disable=SC2064  # expand $work now
  trap "rm -rf '$work'" EXIT

  # The GOFLAGS of the machine may carry things we do not want here.
  export GOFLAGS=-buildvcs=false
  if [ "$minor" -ge 24 ]; then
    export GOTOOLCHAIN=local
  elif [ "$minor" -ge 21 ]; then
    export GOTOOLCHAIN="$GO_TOOLCHAIN_VERSION"
  else
    log "$("$go" version 2>/dev/null || echo "go: none") is older than go1.21; fetching the $GO_TOOLCHAIN_VERSION toolchain module"
    go="$(bootstrap_toolchain "$go" "$work")"
    export GOTOOLCHAIN=local
  fi
  log "using $("$go" version)"

  # `go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION` is not used:
  # (1) the module proxy refuses the module's version list (403), which
  # `go install` asks for, and (2) a binary built that way panics at start-up
  # because build/version/version.txt is generated by FerretDB's release
  # tooling and is not in the module zip. So: download the module zip, copy
  # the tree, write version.txt, build.
  local dir
  dir="$(cd "$work" && "$go" mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" |
          sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [ -d "${dir:-/nonexistent}" ] || die "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION failed"
  cp -a "$dir" "$work/src"
  chmod -R u+w "$work/src"
  printf '%s\n' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"

  mkdir -p "$BIN_DIR"
  (cd "$work/src" && CGO_ENABLED=0 "$go" build -trimpath -o "$BIN_DIR/ferretdb.new" ./cmd/ferretdb)
  mv -f "$BIN_DIR/ferretdb.new" "$BIN_DIR/ferretdb"
  ferretdb_ok || die "built $BIN_DIR/ferretdb does not report $FERRETDB_VERSION"
  log "installed $BIN_DIR/ferretdb ($FERRETDB_VERSION)"
  rm -rf "$work"
  trap - EXIT
}

# -------------------------------------------------------------------- main --

if [ "$MODE" = test ]; then
  apt_install "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}"
  install_ferretdb
else
  apt_install "${BUILD_PKGS[@]}"
fi
log "$MODE dependencies ready"
