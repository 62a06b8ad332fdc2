#!/usr/bin/env bash
# Builds the base images docker/Dockerfile and docker/compose.yaml name, for a machine that reaches no container
# registry (CI): `debian:trixie-slim` and a stand-in for `postgres:17`, both from Debian trixie's packages with
# mmdebstrap, then `podman import`. The archive is the one this machine's apt already uses (its sources, or
# VIREO_DEBIAN_MIRROR). The tarballs are kept under $VIREO_CACHE/images, so later runs import them in seconds;
# delete them to build fresh ones. Needs root (mmdebstrap, rootful podman).
#
# How faithful they are: debian:trixie-slim is the same archive's minbase, without documentation, as the
# official slim image; the postgres:17 stand-in is Debian's postgresql-17 behind an entrypoint that honours
# what the official image documents (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA,
# /docker-entrypoint-initdb.d), not that image itself.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache="${VIREO_CACHE:-$HOME/.cache/vireo}/images"
mkdir -p "$cache"

say() { echo "base-images: $*" >&2; }

# The first archive this machine's apt lists for its own release (so not security updates, not third-party
# repositories): one-line sources.list entries and deb822 .sources stanzas.
machine_mirror() {
  local codename
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  {
    grep -hsE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
      | sed -E 's/\[[^]]*\]//' | awk -v c="$codename" '$3 == c { print $2 }'
    for file in /etc/apt/sources.list.d/*.sources; do
      [ -f "$file" ] || continue
      awk -v c="$codename" '
        /^[[:space:]]*$/ { if (deb && uris != "" && suites ~ ("(^| )" c "( |$)")) print uris; deb = 0; uris = ""; suites = ""; next }
        /^Types:/ { deb = ($0 ~ /[[:space:]]deb([[:space:]]|$)/) }
        /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); split($0, u, /[[:space:]]+/); uris = u[1] }
        /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
        END { if (deb && uris != "" && suites ~ ("(^| )" c "( |$)")) print uris }' "$file"
    done
  } | head -1
}

mirror="${VIREO_DEBIAN_MIRROR:-$(machine_mirror)}"

# Documentation, manuals and translations stay out, as in Debian's official slim images.
slim=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias')

# tarball NAME MMDEBSTRAP-ARGS...: the cached root file system NAME.tar, made when missing.
tarball() {
  local name=$1; shift
  local tar="$cache/$name.tar"
  if [ ! -s "$tar" ]; then
    [ -n "$mirror" ] || { say "no Debian archive in this machine's apt sources; set VIREO_DEBIAN_MIRROR"; exit 1; }
    say "building $name from Debian trixie (about a minute)"
    mmdebstrap --quiet --variant=minbase --format=tar "${slim[@]}" "$@" trixie "$tar.part" "$mirror"
    mv "$tar.part" "$tar"
  fi
  echo "$tar"
}

# import NAME:TAG TARBALL CHANGES...: imports unless the image of that tag came from this very tarball.
import() {
  local image=$1 tar=$2; shift 2
  local stamp
  stamp="$(stat -c %Y "$tar")-$(stat -c %s "$tar")"
  if [ "$(podman image inspect --format '{{index .Labels "io.vireo.base-image"}}' "$image" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  say "importing $image"
  local changes=(--change "LABEL io.vireo.base-image=$stamp")
  local change
  for change in "$@"; do changes+=(--change "$change"); done
  podman import --quiet "${changes[@]}" "$tar" "$image" >/dev/null
}

import debian:trixie-slim "$(tarball debian-trixie-slim)" 'CMD ["bash"]'

# PostgreSQL's packages without a cluster (the entrypoint makes one in the volume on the first start), then the
# stand-in's entrypoint and settings on top (postgres/Containerfile).
import vireo-ci/postgresql-17-rootfs:trixie "$(tarball postgresql-17 --include=postgresql-17 \
    --customize-hook='rm -rf "$1"/var/lib/postgresql/17 "$1"/etc/postgresql/17')"
podman build --quiet --tag postgres:17 "$here/postgres" >/dev/null
