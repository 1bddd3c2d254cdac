#!/bin/sh
# The multi-instance tests and the load benchmark need redis-server: the system check, narrowed to it.
exec "${0%/*}/ensure-system-deps.sh" redis
