#!/bin/sh
# Makes sure the system packages the tests need are here, before any test runs (`npm test` calls it first):
#   Chromium (CHROMIUM_PATH, default /usr/bin/chromium) for the browser journeys,
#   redis-server for the multi-instance tests,
#   Debian's python3-httpx, importable by /usr/bin/python3, for the Python snippet.
# Installs what is missing with apt-get where it may (root, or passwordless sudo); otherwise stops at once and
# prints the exact command to run. Arguments narrow the check: chromium, redis, httpx (default: all three).
# SYSTEM_PYTHON overrides /usr/bin/python3 (the tests of this script use it; nothing else should).
set -eu

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
python="${SYSTEM_PYTHON:-/usr/bin/python3}"
wanted="${*:-chromium redis httpx}"

has_chromium() { [ -x "$chromium" ]; }
has_redis() { command -v redis-server >/dev/null 2>&1; }
has_httpx() { [ -x "$python" ] && "$python" -c 'import httpx' >/dev/null 2>&1; }

# The Debian package names of what is missing.
missing_packages() {
  packages=""
  for need in $wanted; do
    case "$need" in
      chromium) has_chromium || packages="$packages chromium" ;;
      redis) has_redis || packages="$packages redis-server" ;;
      httpx)
        if ! has_httpx; then
          [ -x "$python" ] || packages="$packages python3"
          packages="$packages python3-httpx"
        fi
        ;;
      *) echo "ensure-system-deps: unknown check '$need' (known: chromium redis httpx)" >&2; exit 2 ;;
    esac
  done
  echo "${packages# }"
}

packages="$(missing_packages)"
[ -z "$packages" ] && exit 0

if [ "$(id -u)" = "0" ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "ensure-system-deps: missing system packages: $packages" >&2
  echo "ensure-system-deps: install them, then run the tests again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y $packages" >&2
  case " $packages " in *" chromium "*) echo "ensure-system-deps: (or set CHROMIUM_PATH to an installed Chromium or Chrome)" >&2 ;; esac
  exit 1
fi

echo "ensure-system-deps: installing $packages with apt-get" >&2
# Chromium's recommended packages include its fonts; the page screenshots need them.
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages

packages="$(missing_packages)"
if [ -n "$packages" ]; then
  echo "ensure-system-deps: still missing after apt-get: $packages" >&2
  exit 1
fi
