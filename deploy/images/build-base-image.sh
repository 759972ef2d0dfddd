#!/usr/bin/env bash
# Builds the services' base image without a container daemon or registry, as a docker-archive
# tarball (what `docker save` writes; Jib reads it through quarkus.jib.base-jvm-image=tar://...):
# one layer made of Debian 12 packages fetched with apt-get from the Debian mirrors (glibc,
# libstdc++, zlib, OpenJDK 17 JRE headless, CA certificates), a Java trust store made from the
# CA bundle, /etc/passwd with the non-root user 1001, and /tmp. No package scripts run.
# Usage: deploy/images/build-base-image.sh <output.tar>   (needs apt-get, dpkg-deb, tar, java 17)
set -euo pipefail
out="$(realpath -m "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
if [ -s "$out" ]; then echo "base image $out exists"; exit 0; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
packages=(libc6 libgcc-s1 libstdc++6 zlib1g openjdk-17-jre-headless ca-certificates)
(cd "$work" && apt-get download -q "${packages[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
for p in "${packages[@]}"; do ls "$work"/"$p"_*.deb >/dev/null; done
root="$work/rootfs"
mkdir -p "$root"
versions=""
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$root"
  versions="$versions $(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)"
done
java "$here/CaCerts.java" "$root/usr/share/ca-certificates" "$root/etc/ssl/certs/java/cacerts"
mkdir -p "$root/tmp" "$root/home/app" "$root/proc" "$root/dev" "$root/sys"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1001:1001:app:/home/app:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:1001:\n' > "$root/etc/group"
# reproducible layer: sorted names, fixed times and owners
tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
jre=/usr/lib/jvm/java-17-openjdk-amd64
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"User":"1001:1001","WorkingDir":"/home/app",
   "Env":["PATH=$jre/bin:/usr/bin:/bin","JAVA_HOME=$jre","LANG=C.UTF-8"],
   "Labels":{"org.opencontainers.image.title":"ir-suite JRE base","io.irsuite.jre-base.packages":"Debian 12:$versions"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created_by":"deploy/images/build-base-image.sh"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["ir-suite/jre-base:17"],"Layers":["layer.tar"]}]' > "$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.tmp" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
echo "base image $out ($(du -h "$out" | cut -f1)):$versions"
