#!/usr/bin/env bash
# Builds the portal's container images without a registry or a Docker daemon:
#   1. a base image from the local JDK 17: a jlink'ed JRE plus the shared libraries it links, committed from scratch
#      with buildah (no base image is pulled from anywhere);
#   2. each service's image with Jib (quarkus-container-image-jib) on top of that base, offline, loaded into podman
#      and saved as an image tar named like the Helm chart's defaults (portal/<service>:<tag>).
#
#   deploy/images/build-images.sh [service...]     (default: all five; e.g. `catalog-service gateway`)
#
# Output: .portal/images/portal-base-jre.tar and .portal/images/<service>-<tag>.tar (docker-archive format).
# Environment: PORTAL_IMAGE_TAG (default: the chart's appVersion), PORTAL_IMAGE_GROUP (default: portal),
# PORTAL_IMAGE_SKIP_MAVEN=1 to reuse the base image only. See deploy/images/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${PORTAL_STATE_DIR:-$ROOT/.portal}
OUT=$STATE/images
CHART_VERSION=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/helm/portal/Chart.yaml")
TAG=${PORTAL_IMAGE_TAG:-$CHART_VERSION}
GROUP=${PORTAL_IMAGE_GROUP:-portal}
BASE_NAME=localhost/portal/base-jre:17
BASE_TAR=$OUT/portal-base-jre.tar
ALL_SERVICES=(catalog-service search-service techdocs-service scorecard-service gateway)
SERVICES=("$@")
[ ${#SERVICES[@]} -gt 0 ] || SERVICES=("${ALL_SERVICES[@]}")

# The JRE's modules: what Quarkus, Kafka clients (SASL/SCRAM, TLS), JDBC and OIDC need. No compiler, no desktop AWT.
JRE_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,\
jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,\
jdk.zipfs,jdk.localedata

say() { printf '%s\n' "$*"; }
die() { printf 'build-images: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

for s in "${SERVICES[@]}"; do
  [[ " ${ALL_SERVICES[*]} " == *" $s "* ]] || die "unknown service '$s' (one of: ${ALL_SERVICES[*]})"
done

# --- prerequisites: podman, buildah and runc from Debian, with a private containers.conf that works on this kind of host
ensure_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v buildah >/dev/null || missing+=(buildah)
  command -v runc >/dev/null || missing+=(runc)
  command -v jlink >/dev/null || die "jlink is missing: install a full JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "${missing[*]} missing: install with: sudo apt-get install -y ${missing[*]}"
    say "installing ${missing[*]} (apt-get)…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  mkdir -p "$STATE/containers" "$OUT"
  # runc (crun fails on hybrid cgroups), cgroupfs, file events: the settings podman/buildah need without systemd.
  cat > "$STATE/containers/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  export CONTAINERS_CONF=$STATE/containers/containers.conf
}

# --- 1. the base image: jlink JRE + its shared libraries, from scratch
build_base() {
  local t0 work jre ctr mnt lib
  t0=$(date +%s)
  work=$(mktemp -d)
  jre=$work/opt/java
  say "[base] jlink a JRE from $(readlink -f "$(command -v java)" | sed 's#/bin/java##')…"
  jlink --add-modules "$JRE_MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre" >/dev/null
  # Debian's JDK links cacerts and the security files to /etc: put real files in the image.
  rm -f "$jre/lib/security/cacerts" && cp -L /etc/ssl/certs/java/cacerts "$jre/lib/security/cacerts"
  for f in "$jre"/lib/security/*; do [ -L "$f" ] && cp --remove-destination -L "$f" "$f"; done
  # The shared libraries the JRE links (glibc, zlib, libstdc++, the loader), at their real paths.
  for lib in $( (ldd "$jre/bin/java"; find "$jre/lib" -name '*.so' -exec ldd {} \; 2>/dev/null) \
                | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
    mkdir -p "$work$(dirname "$lib")" && cp -L "$lib" "$work$lib"
  done
  mkdir -p "$work/tmp" "$work/home/jboss" "$work/deployments" "$work/etc"
  chmod 1777 "$work/tmp"
  echo 'root:x:0:0:root:/root:/sbin/nologin' > "$work/etc/passwd"
  echo 'jboss:x:185:185:jboss:/home/jboss:/sbin/nologin' >> "$work/etc/passwd"
  printf 'root:x:0:\njboss:x:185:\n' > "$work/etc/group"
  chown 185:185 "$work/home/jboss" "$work/deployments"

  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  cp -a "$work"/. "$mnt"/
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/opt/java/bin:/usr/bin:/bin --env JAVA_HOME=/opt/java --env LANG=C.UTF-8 \
    --user 185 --workingdir /home/jboss --label org.opencontainers.image.title=portal-base-jre "$ctr"
  buildah commit --quiet --rm "$ctr" "$BASE_NAME" >/dev/null
  rm -f "$BASE_TAR"
  podman save --quiet --format docker-archive -o "$BASE_TAR" "$BASE_NAME"
  rm -rf "$work"
  say "[base] $BASE_NAME → $BASE_TAR ($(du -h "$BASE_TAR" | cut -f1)) in $(elapsed "$t0")"
}

# --- 2. the service images: Jib from the base tar, offline, into podman, saved as tars
build_services() {
  local t0 s modules image
  t0=$(date +%s)
  modules=$(IFS=,; echo "${SERVICES[*]}")
  say "[jib] building ${SERVICES[*]} (./mvnw package -DskipTests -Dquarkus.container-image.build=true)…"
  (cd "$ROOT" && ./mvnw -B -ntp -q package -DskipTests -pl "$modules" \
    -Dquarkus.container-image.build=true \
    -Dquarkus.container-image.push=false \
    -Dquarkus.container-image.group="$GROUP" \
    -Dquarkus.container-image.tag="$TAG" \
    -Dquarkus.container-image.additional-tags= \
    -Dquarkus.jib.base-jvm-image="tar://$BASE_TAR" \
    -Dquarkus.jib.offline-mode=true \
    -Dquarkus.jib.docker-executable-name=podman \
    -Dquarkus.jib.user=185)
  say "[jib] built in $(elapsed "$t0")"
  for s in "${SERVICES[@]}"; do
    t0=$(date +%s)
    image=$GROUP/$s:$TAG
    # Save under the name Kubernetes resolves portal/<service> to, so `ctr images import` / `kind load` match the chart.
    podman tag "localhost/$image" "docker.io/$image"
    rm -f "$OUT/$s-$TAG.tar"
    podman save --quiet --format docker-archive -o "$OUT/$s-$TAG.tar" "docker.io/$image"
    say "[save] $image → $OUT/$s-$TAG.tar ($(du -h "$OUT/$s-$TAG.tar" | cut -f1)) in $(elapsed "$t0")"
  done
}

ensure_tools
START=$(date +%s)
build_base
[ "${PORTAL_IMAGE_SKIP_MAVEN:-0}" = 1 ] || build_services
say "done in $(elapsed "$START"): $(ls "$OUT"/*.tar | wc -l) image tars in $OUT"
