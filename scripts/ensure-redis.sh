#!/bin/sh
# Makes sure Debian's redis-server is installed, for the multi-instance tests and the load benchmark.
# Installs it only as root on CI (CI=true); anywhere else it says what to run instead.
set -eu
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && [ "${CI:-}" = "true" ]; then
  echo "ensure-redis: installing redis-server with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  # The tests start their own server on a free loopback port; the packaged service is not needed.
  exit 0
fi
echo "ensure-redis: redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server), or run as root with CI=true to let this script install it." >&2
exit 1
