#!/usr/bin/env bash
# podman with Nomi's own configuration and storage (under $TOPOLOGY_DIR), e.g.
#   scripts/image/podman.sh images
#   scripts/image/podman.sh run --rm --init --network=host localhost/nomi manage check
set -euo pipefail
source "$(dirname "$0")/common.sh"
exec podman "$@"
