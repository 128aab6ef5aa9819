#!/usr/bin/env bash
# Build the project in build/ and run the demo program with the drivers of
# the build tree.
#
#   scripts/run-demo.sh [DEMO ARGUMENTS...]      e.g. scripts/run-demo.sh --debug
#
# The demo runs in `meson devenv` (so the environment the build declares with
# meson.add_devenv applies: typelib/library/driver paths), from the directory
# this script was started in. MIKRO_DRIVER_PATH defaults to the build tree's
# drivers. MIKRO_SKIP_DEPS=1 skips scripts/setup-deps.sh.
set -euo pipefail

START_DIR="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/common.sh
. "$ROOT/scripts/common.sh"

if [ "${MIKRO_SKIP_DEPS:-0}" != 1 ]; then
  bash "$ROOT/scripts/setup-deps.sh" build
fi
meson_setup build >&2
meson compile -C build >&2

DEMO="$ROOT/build/examples/mikro-demo"
if [ ! -x "$DEMO" ]; then
  echo "run-demo: $DEMO was not built" >&2
  exit 1
fi
export MIKRO_DRIVER_PATH="${MIKRO_DRIVER_PATH:-$ROOT/build/drivers/gda:$ROOT/build/drivers/mongo}"
exec meson devenv -C "$ROOT/build" --workdir "$START_DIR" "$DEMO" "$@"
