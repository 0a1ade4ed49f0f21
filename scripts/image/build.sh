#!/usr/bin/env bash
# Build Nomi's container image without any container registry
# (docs/container-image.md). `make image` runs it.
#   scripts/image/build.sh          the base image if missing, then the app
#                                   image unless one from this source exists
#   scripts/image/build.sh --force  build the app image again anyway
#   scripts/image/build.sh base     only the base image
#   scripts/image/build.sh current  exit 0 if the app image is from this source
#   scripts/image/build.sh env      print `export` lines for running podman
#                                   on the project's storage by hand
# The base is Debian bookworm made by debootstrap from this machine's own
# Debian mirror, imported into podman: nothing is pulled from a registry.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$IMAGE_ROOT"

# Print the apt source (URL) this machine uses for a suite's main component.
debian_site() {
  apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT)' \
    'Identifier: Packages' 2>/dev/null | awk -v suite="$1" '$2 == suite && $3 == "main" { print $1; exit }'
}

build_base() {
  if podman image exists "$BASE_IMAGE"; then
    echo "Base image $BASE_IMAGE exists."
    return
  fi
  local mirror security rootfs
  mirror="${DEBIAN_MIRROR:-$(debian_site bookworm)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  security="${DEBIAN_SECURITY_MIRROR:-$(debian_site bookworm-security)}"
  security="${security:-http://deb.debian.org/debian-security}"
  rootfs="$TOPOLOGY_DIR/image/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  echo "Building $BASE_IMAGE: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include=python3,ca-certificates,tzdata \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg --force-check-gpg \
    bookworm "$rootfs" "$mirror"
  # The image's apt uses the same mirror, with the point-release and
  # security suites debootstrap leaves out; the base takes their updates now.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  chroot "$rootfs" apt-get update -qq
  chroot "$rootfs" env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -qq
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs/etc/resolv.conf"
  : >"$rootfs/etc/resolv.conf"
  tar --numeric-owner -C "$rootfs" -c . | podman import \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' \
    --message "debootstrap --variant=minbase bookworm from $mirror" - "$BASE_IMAGE"
  rm -rf "$rootfs"
}

# A digest of everything the app image is made from: the base image's id, and
# each file git would commit (tracked or new, not ignored) with its content,
# leaving out what .containerignore keeps from the build (its plain names:
# docs, tests...) but not the Containerfile and .containerignore themselves.
source_digest() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  local paths="$PODMAN_DIR/source-paths" excluded
  excluded="$(grep -Ev '^[[:space:]]*(#|$)' .containerignore | grep -Ev '[][*?!]' \
    | grep -Exv 'Containerfile|\.containerignore' || true)"
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' path; do
      [ -f "$path" ] && printf '%s\n' "$path"
    done \
    | awk -v excluded="$excluded" '
        BEGIN { n = split(excluded, names, "\n") }
        { for (i = 1; i <= n; i++) if ($0 == names[i] || index($0, names[i] "/") == 1) next; print }' \
    | LC_ALL=C sort >"$paths"
  {
    podman image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true
    paste "$paths" <(git hash-object --stdin-paths <"$paths")
  } | sha256sum | cut -c1-64
  rm -f "$paths"
}

is_current() {
  local digest built
  digest="$(source_digest)"
  [ -n "$digest" ] || return 1
  built="$(podman image inspect --format '{{index .Labels "nomi.source-digest"}}' "$IMAGE:latest" 2>/dev/null)" || return 1
  [ "$built" = "$digest" ]
}

build_app() {
  local force="$1" digest revision ca_args=()
  if [ "$force" != 1 ] && is_current; then
    echo "Image $IMAGE:latest is up to date with this source."
    return
  fi
  digest="$(source_digest)"
  revision="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  [ -z "$(git status --porcelain 2>/dev/null)" ] || revision="$revision-dirty"
  # pip in the build stage trusts what this machine trusts (a TLS-inspecting
  # proxy's CA, say), through a build secret that no layer keeps.
  local ca="${BUILD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
  [ -s "$ca" ] && ca_args=(--secret "id=ca-bundle,src=$ca")
  echo "Building $IMAGE:latest and $IMAGE:$revision from $BASE_IMAGE"
  podman build --network=host --format=docker --pull=never \
    "${ca_args[@]}" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "nomi.source-digest=$digest" \
    --label "org.opencontainers.image.revision=$revision" \
    --tag "$IMAGE:latest" --tag "$IMAGE:$revision" \
    -f Containerfile .
}

case "${1:-}" in
  base)
    scripts/system-packages.sh --need podman runc catatonit debootstrap
    build_base
    ;;
  current)
    is_current
    ;;
  env)
    echo "export CONTAINERS_CONF=$CONTAINERS_CONF"
    echo "export CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF"
    echo "export NOMI_IMAGE=$IMAGE:latest"
    ;;
  "" | --force)
    scripts/system-packages.sh --need podman runc catatonit debootstrap
    build_base
    build_app "$([ "${1:-}" = --force ] && echo 1 || echo 0)"
    ;;
  *)
    echo "usage: $0 [--force | base | current | env]" >&2
    exit 2
    ;;
esac
