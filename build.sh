#!/usr/bin/env bash
# Bootstrap for the Cake build: installs what is missing, then runs
#   dotnet cake build/build.cake "$@"      (e.g. ./build.sh --target=Pack)
# On Debian/Ubuntu as root it installs missing apt packages itself; otherwise it
# prints the exact command to run. See docs/BUILD.md.
set -euo pipefail
cd "$(dirname "$0")"

# The apt packages: one list, build/apt-packages.txt (shared with build.ps1; each commented there); a name that
# varies by release is written as alternatives (a | b), resolved by build/apt-packages.sh.
source build/apt-packages.sh
mapfile -t missing < <(apt_packages_missing)
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        picked=$(apt_packages_pick) || exit 1
        mapfile -t install <<<"$picked"
        echo "build.sh: installing ${install[*]}"
        apt-get install -y -q --no-install-recommends "${install[@]}"
    else
        echo "build.sh: missing packages (a line with several names: any one of them): ${missing[*]/%/;}" >&2
        picked=$(apt_packages_pick 2>/dev/null) && mapfile -t install <<<"$picked" \
            && echo "build.sh: install them with: sudo apt-get install --no-install-recommends ${install[*]}" >&2
        exit 1
    fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET 10 SDK (dotnet) is not on PATH; install it first (see docs/BUILD.md)" >&2
    exit 1
fi

# cake.config -> CAKE_<SECTION>_<KEY> (Cake reads a cake.config only next to the script).
section=
while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%;*}; line=${line//[$'\r\t ']/}
    if [[ $line =~ ^\[(.+)\]$ ]]; then section=${BASH_REMATCH[1]}
    elif [[ $line == *=* && -n $section ]]; then
        key=${line%%=*}
        export "CAKE_${section^^}_${key^^}=${line#*=}"
    fi
done < cake.config

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore
exec dotnet cake build/build.cake "$@"
