#!/bin/sh
# Writes NGINX_TRUSTED_PROXIES into the two files deploy/nginx.conf includes:
#   trusted-proxies.conf  one `set_real_ip_from <range>;` per range (real_ip trusts their
#                         X-Forwarded-For)
#   trusted-proxies.geo   one `<range> 1;` per range ($from_trusted_proxy: their
#                         X-Forwarded-Proto is kept)
# docker-compose.yml mounts it into /docker-entrypoint.d/, which the nginx image runs before nginx
# starts. NGINX_TRUSTED_PROXIES: addresses or CIDR ranges of the load balancers in front of nginx,
# space or comma separated; empty (the default) trusts no one. deploy/cluster/nginx-config.ts
# does the same for local processes. Usage: nginx-trusted-proxies.sh [directory, /etc/nginx]
set -eu
# The list is split on spaces below; a `*` in it must not expand to file names.
set -f

dir=${1:-/etc/nginx}
conf="$dir/trusted-proxies.conf"
geo="$dir/trusted-proxies.geo"
header="# Written from NGINX_TRUSTED_PROXIES by nginx-trusted-proxies.sh."
printf '%s\n' "$header" >"$conf"
printf '%s\n' "$header" >"$geo"

for range in $(printf '%s' "${NGINX_TRUSTED_PROXIES:-}" | tr ',' ' '); do
  # Hex digits, dots, colons and one prefix length: nothing that could end an nginx directive.
  case "$range" in
    *[!0-9A-Fa-f.:/]* | */*/* | /* | */)
      echo "NGINX_TRUSTED_PROXIES: \"$range\" is not an address or a CIDR range" >&2
      exit 1
      ;;
  esac
  printf 'set_real_ip_from %s;\n' "$range" >>"$conf"
  printf '%s 1;\n' "$range" >>"$geo"
done
