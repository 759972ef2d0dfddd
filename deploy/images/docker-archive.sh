#!/usr/bin/env bash
# Stands in for the `docker` CLI when quarkus-container-image-jib builds to a "Docker daemon"
# (quarkus.jib.docker-executable-name): Jib streams the finished image, a docker-archive tarball,
# into `docker load`; this writes it to $IR_IMAGE_ARCHIVE instead, so no daemon is needed.
# `docker info` is answered for Jib's platform check. Anything else is refused.
set -euo pipefail
case "${1:-}" in
  load)
    : "${IR_IMAGE_ARCHIVE:?set IR_IMAGE_ARCHIVE (quarkus.jib.docker-environment.IR_IMAGE_ARCHIVE)}"
    mkdir -p "$(dirname "$IR_IMAGE_ARCHIVE")"
    cat > "$IR_IMAGE_ARCHIVE.tmp"
    mv "$IR_IMAGE_ARCHIVE.tmp" "$IR_IMAGE_ARCHIVE"
    echo "Loaded image archive: $IR_IMAGE_ARCHIVE"
    ;;
  info)
    echo '{"OSType":"linux","Architecture":"x86_64"}'
    ;;
  *)
    echo "docker-archive.sh: unsupported command: $*" >&2
    exit 1
    ;;
esac
