# shellcheck shell=bash
# Helpers shared by scripts/run-tests.sh and scripts/run-demo.sh (sourced).

# meson_setup DIR [OPTION...]: configure build directory DIR idempotently.
# A configured DIR keeps its build: the options are applied with
# `meson configure` (the next `meson compile` regenerates as needed); only
# when that fails (e.g. DIR was made by another meson version) is DIR wiped
# and set up again. Anything else at DIR is replaced by a fresh setup.
meson_setup() {
  local dir="$1"
  shift
  if [ -f "$dir/meson-private/coredata.dat" ]; then
    if meson configure "$dir" "$@" >/dev/null; then
      return 0
    fi
    echo "meson_setup: cannot reuse $dir; wiping it" >&2
    meson setup --wipe "$dir" "$@"
  else
    rm -rf "$dir"
    meson setup "$dir" "$@"
  fi
}
