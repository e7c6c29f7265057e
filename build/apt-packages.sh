#!/usr/bin/env bash
# The build's apt packages (build/apt-packages.txt), resolved for the release at hand; sourced by build.sh, and run by
# the HostCheck target against stand-ins for dpkg-query and apt-cache (build/host-check.cake).
#
# A line of build/apt-packages.txt names one package, or alternatives separated by '|' for a package whose name
# varies by release (e.g. the cross libgcc carries the gcc major: libgcc-12-dev-arm64-cross on Debian 12,
# libgcc-13-dev-arm64-cross on Ubuntu 24.04). A line is satisfied when any of its names is installed; to install,
# the first name the release's apt has a candidate for is taken.
#
#   bash build/apt-packages.sh missing [FILE]   one line per unsatisfied entry: its names, space-separated
#   bash build/apt-packages.sh pick [FILE]      the name to install per unsatisfied entry (needs apt's lists), or
#                                               exits 3 naming an entry none of whose names this release has

# Each entry of FILE as one line: its alternatives, space-separated.
apt_package_entries() {
    local line
    while IFS= read -r line || [[ -n $line ]]; do
        line=${line%%#*}; line=${line//[$'\r\t']/ }; line=${line//|/ }
        read -r -a names <<<"$line"
        if ((${#names[@]})); then echo "${names[*]}"; fi
    done <"${1:-build/apt-packages.txt}"
}

apt_package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# apt knows the name and can install it ("Candidate: (none)" or no output: it cannot).
apt_package_available() {
    apt-cache policy "$1" 2>/dev/null | grep -Eq '^[[:space:]]*Candidate:[[:space:]]*[^([:space:]]'
}

apt_packages_missing() {
    local entry name
    command -v dpkg-query >/dev/null 2>&1 || return 0
    while IFS= read -r entry; do
        for name in $entry; do
            if apt_package_installed "$name"; then continue 2; fi
        done
        echo "$entry"
    done < <(apt_package_entries "${1:-}")
}

apt_packages_pick() {
    local entry name failed=0
    while IFS= read -r entry; do
        for name in $entry; do
            if apt_package_available "$name"; then echo "$name"; continue 2; fi
        done
        echo "build: none of '${entry// /, }' can be installed from this machine's apt sources (build/apt-packages.txt)" >&2
        failed=1
    done < <(apt_packages_missing "${1:-}")
    return $((failed ? 3 : 0))
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    case ${1:-} in
        missing) apt_packages_missing "${2:-}" ;;
        pick) apt_packages_pick "${2:-}" ;;
        *) echo "usage: $0 missing|pick [FILE]" >&2; exit 2 ;;
    esac
fi
