#!/usr/bin/env bash
# Builds the pidgin-sipe interop harness into interop/pidgin-sipe/build/:
#   build/sipe-probe              headless libpurple client (line protocol on stdin/stdout)
#   build/libxml2-sax1-fix.so     LD_PRELOAD fix for the Debian 12 libxml2 SAX1 regression
# Idempotent: does nothing when both outputs are newer than every source file. Outputs are
# written under a temporary name and renamed, so concurrent test processes may build at once.
# Prints the path of the build directory as its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/harness"
out="$here/build"

# --- prerequisites, reported as the Debian packages that provide them
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists purple glib-2.0 || missing+=(libpurple-dev)
  pkg-config --exists libxml-2.0 || missing+=(libxml2-dev)
else # still name everything in one go
  [[ -f /usr/include/libpurple/purple.h ]] || missing+=(libpurple-dev)
  [[ -f /usr/include/libxml2/libxml/parser.h ]] || missing+=(libxml2-dev)
fi
plugin=""
for d in /usr/lib/purple-2 /usr/lib/"$(gcc -dumpmachine 2>/dev/null || echo none)"/purple-2; do
  [[ -f "$d/libsipe.so" ]] && { plugin="$d"; break; }
done
[[ -n "$plugin" ]] || missing+=(pidgin-sipe)
if ((${#missing[@]})); then
  echo "build.sh: missing Debian packages: ${missing[*]}" >&2
  echo "build.sh: install with: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 3
fi

probe="$out/sipe-probe"
shim="$out/libxml2-sax1-fix.so"
up_to_date() { # $1 = output, rest = inputs
  local o="$1"; shift
  [[ -f "$o" ]] || return 1
  for i in "$@"; do [[ "$i" -nt "$o" ]] && return 1; done
  return 0
}

mkdir -p "$out"
cflags=(-std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror=implicit-function-declaration)
probe_src=("$src"/main.c "$src"/emit.c "$src"/loop.c "$src"/rooms.c "$src"/ui.c "$src"/commands.c "$src"/buddies.c)
if ! up_to_date "$probe" "${probe_src[@]}" "$src/harness.h" "$0"; then
  # shellcheck disable=SC2046  # pkg-config output must word-split
  gcc "${cflags[@]}" -DSIPE_PLUGIN_DIR="\"$plugin\"" -o "$probe.$$.tmp" "${probe_src[@]}" \
    $(pkg-config --cflags --libs purple glib-2.0)
  mv "$probe.$$.tmp" "$probe"
  echo "build.sh: built $probe" >&2
fi
if ! up_to_date "$shim" "$src/libxml2-sax1-fix.c" "$0"; then
  # shellcheck disable=SC2046
  gcc "${cflags[@]}" -shared -fPIC -o "$shim.$$.tmp" "$src/libxml2-sax1-fix.c" \
    $(pkg-config --cflags libxml-2.0) -ldl
  mv "$shim.$$.tmp" "$shim"
  echo "build.sh: built $shim" >&2
fi
echo "$out"
