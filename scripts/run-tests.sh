#!/usr/bin/env bash
# The full test run (what .ci/run executes).
#
#   scripts/run-tests.sh
#
# 1. scripts/setup-deps.sh test
# 2. build-tests/: a normal build;  build-asan/: AddressSanitizer + UBSan
# 3. one session of private PostgreSQL, MariaDB and FerretDB servers
#    (tests/servers/mikro-test-servers.py) in which
#      meson test -C build-tests              (every suite)
#      meson test -C build-asan --suite c     (the C suites only: Python and
#                                              GJS cannot load an ASan build)
# 4. the last line printed is "N passed, N failed[, N skipped]", summed over
#    both runs; a failed build step counts as one failed. Exit status is
#    non-zero when anything failed.
#
# Environment:
#   MESON_TEST_ARGS    extra arguments for both `meson test` runs
#   MIKRO_SKIP_DEPS=1  do not run scripts/setup-deps.sh
#   MIKRO_SKIP_ASAN=1  skip the sanitizer build and run
#   ASAN_MESON_OPTS    meson options of build-asan (default below)
#   MIKRO_TEST_POSTGRES_URI / MIKRO_TEST_MYSQL_URI / MIKRO_TEST_MONGO_URI
#                      use these servers instead of starting private ones
#
# AddressSanitizer leak detection is off unless tests/lsan.supp exists (then
# it is on, with that suppressions file).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
# shellcheck source=scripts/common.sh
. "$ROOT/scripts/common.sh"

PY=/usr/bin/python3
NPROC=2

# --------------------------------------------- sanitizer runtime settings --
sanitizer_env() {
  local leaks=0
  if [ -f "$ROOT/tests/lsan.supp" ]; then
    leaks=1
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
  fi
  export ASAN_OPTIONS="detect_leaks=$leaks:fast_unwind_on_malloc=0:halt_on_error=1:abort_on_error=1:print_summary=1:detect_stack_use_after_return=1:strict_string_checks=1"
  export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1"
  # Make GLib's allocator visible to ASan.
  export G_SLICE=always-malloc
  export G_DEBUG=gc-friendly
}

# ------------------------------------------ inner step (inside servers) --
# run-tests.sh --inner LOGDIR BUILD...: run meson test in each build dir,
# output to LOGDIR/BUILD.log, exit status to LOGDIR/BUILD.rc.
if [ "${1:-}" = --inner ]; then
  logdir="$2"
  shift 2
  read -r -a extra <<<"${MESON_TEST_ARGS:-}"
  for b in "$@"; do
    case "$b" in
      build-asan)
        (sanitizer_env
         meson test -C "$b" --suite c --print-errorlogs \
           --num-processes "$NPROC" --timeout-multiplier 3 "${extra[@]}")
        ;;
      *)
        meson test -C "$b" --print-errorlogs --num-processes "$NPROC" "${extra[@]}"
        ;;
    esac 2>&1 | tee "$logdir/$b.log"
    echo "${PIPESTATUS[0]}" >"$logdir/$b.rc"
  done
  exit 0
fi

# ------------------------------------------------------------- outer run --
LOGDIR="$(mktemp -d "${TMPDIR:-/tmp}/mikro-run-tests.XXXXXX")"
trap 'rm -rf "$LOGDIR"' EXIT

build_failures=0
step() {
  echo "==> $*"
  if ! "$@"; then
    echo "==> FAILED: $*" >&2
    return 1
  fi
}

if [ "${MIKRO_SKIP_DEPS:-0}" != 1 ]; then
  if ! step bash "$ROOT/scripts/setup-deps.sh" test; then
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

builds=()
if step meson_setup build-tests && step meson compile -C build-tests; then
  builds+=(build-tests)
else
  build_failures=$((build_failures + 1))
fi

if [ "${MIKRO_SKIP_ASAN:-0}" != 1 ]; then
  # Introspection/Vala/docs are not needed for the C suites and g-ir-scanner's
  # dumper does not get on with a sanitized library.
  read -r -a asan_opts <<<"${ASAN_MESON_OPTS:--Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=disabled -Dvapi=disabled -Ddocs=disabled}"
  if step meson_setup build-asan "${asan_opts[@]}" && step meson compile -C build-asan; then
    builds+=(build-asan)
  else
    build_failures=$((build_failures + 1))
  fi
fi

servers_rc=0
if [ "${#builds[@]}" -gt 0 ]; then
  echo "==> meson test in ${builds[*]} (with private test servers)"
  "$PY" "$ROOT/tests/servers/mikro-test-servers.py" -- \
    bash "$ROOT/scripts/run-tests.sh" --inner "$LOGDIR" "${builds[@]}"
  servers_rc=$?
fi

# ---------------------------------------------------------------- summary --
passed=0 failed=0 skipped=0
for b in "${builds[@]}"; do
  log="$LOGDIR/$b.log"
  rc="$(cat "$LOGDIR/$b.rc" 2>/dev/null || echo 1)"
  # meson's summary block: "Ok:  N", "Expected Fail:  N", "Fail:  N",
  # "Unexpected Pass:  N", "Skipped:  N", "Timeout:  N" (last one wins).
  read -r ok xfail fail xpass skip timeout found < <(awk '
    /^Ok:[ \t]+[0-9]+[ \t]*$/              { ok = $2; found = 1 }
    /^Expected Fail:[ \t]+[0-9]+[ \t]*$/   { xf = $3; found = 1 }
    /^Fail:[ \t]+[0-9]+[ \t]*$/            { f = $2; found = 1 }
    /^Unexpected Pass:[ \t]+[0-9]+[ \t]*$/ { xp = $3; found = 1 }
    /^Skipped:[ \t]+[0-9]+[ \t]*$/         { s = $2; found = 1 }
    /^Timeout:[ \t]+[0-9]+[ \t]*$/         { t = $2; found = 1 }
    END { print ok+0, xf+0, f+0, xp+0, s+0, t+0, found+0 }' "$log" 2>/dev/null || echo 0 0 0 0 0 0 0)
  passed=$((passed + ok + xfail))
  failed=$((failed + fail + xpass + timeout))
  skipped=$((skipped + skip))
  if [ "$rc" != 0 ] && [ $((fail + xpass + timeout)) -eq 0 ]; then
    # meson test failed without a failing test (no summary, setup error...)
    echo "==> meson test in $b exited with status $rc" >&2
    failed=$((failed + 1))
  fi
  if [ "$found" = 0 ] && [ "$rc" = 0 ]; then
    echo "==> warning: no meson test summary in $b" >&2
  fi
done
failed=$((failed + build_failures))
if [ "$servers_rc" != 0 ] && [ "$failed" -eq 0 ]; then
  echo "==> the test-server wrapper exited with status $servers_rc" >&2
  failed=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
