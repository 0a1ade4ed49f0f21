#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Nomi needs, only when they are missing.
#   scripts/system-packages.sh            build tools for mysqlclient, and the
#                                         emoji font the demo photos are drawn with
#   scripts/system-packages.sh --browser  also Chromium for the browser tests
#   scripts/system-packages.sh --need PKG...
#                                         also these Debian packages (the
#                                         multi-node topology's engines:
#                                         galera-4, nginx, podman, ...)
set -euo pipefail

need=()
command -v cc >/dev/null 2>&1 || need+=(gcc)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if ! pkg-config --exists libmariadb 2>/dev/null && ! pkg-config --exists mysqlclient 2>/dev/null; then
  need+=(libmariadb-dev)
fi
# Demo photos (demo/photos.py) draw their objects with Noto Color Emoji; without
# it they fall back to plain shapes, so it is not worth failing for.
optional=()
if ! fc-list 2>/dev/null | grep -q NotoColorEmoji \
  && [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  optional+=(fonts-noto-color-emoji)
fi
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # The design checks: Java runs the Nu HTML Checker, npm installs it and Lighthouse.
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
fi
if [ "${1:-}" = "--need" ]; then
  shift
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || need+=("$package")
  done
fi
[ ${#need[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  sudo=(sudo)
else
  if [ ${#need[@]} -eq 0 ]; then
    echo "Optional system package missing: ${optional[*]} (demo photos will show plain shapes)" >&2
    exit 0
  fi
  echo "Missing system packages: ${need[*]} ${optional[*]}" >&2
  echo "Install them first, e.g.: sudo apt-get install ${need[*]} ${optional[*]}" >&2
  exit 1
fi
need+=("${optional[@]}")
echo "Installing system packages: ${need[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
