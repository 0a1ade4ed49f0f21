# Shared by scripts/image/*.sh: image names, and podman pointed at the
# project's own configuration and storage (docs/container-image.md). Sourced.

IMAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../topology/common.sh
source "$IMAGE_ROOT/scripts/topology/common.sh"

# The base: Debian bookworm from debootstrap (python3 3.11, ca-certificates).
BASE_IMAGE="${NOMI_BASE_IMAGE:-localhost/nomi-base:bookworm}"
# The app image, tagged :latest and with the git commit it was built from.
IMAGE="${NOMI_IMAGE:-localhost/nomi}"

# podman's files: one configuration pair, rendered from deploy/podman/ with
# every path under $TOPOLOGY_DIR/podman.
PODMAN_DIR="$TOPOLOGY_DIR/podman"
mkdir -p "$PODMAN_DIR/storage" "$PODMAN_DIR/run" "$PODMAN_DIR/tmp" "$PODMAN_DIR/networks"
for _conf in containers.conf storage.conf; do
  sed "s|@PODMAN_DIR@|$PODMAN_DIR|g" "$IMAGE_ROOT/deploy/podman/$_conf" \
    >"$PODMAN_DIR/$_conf.new"
  mv "$PODMAN_DIR/$_conf.new" "$PODMAN_DIR/$_conf"
done
unset _conf
export CONTAINERS_CONF="$PODMAN_DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf"
