#!/usr/bin/env bash
# Runs every gallery program (crates/golang/gallery/*.go) with the installed `go run`, once with
# GOMAXPROCS=1 and once with GOMAXPROCS=2, and prints what each printed and its exit status.
# This is how the "go run printed" column of crates/golang/gallery/README.md was made.
#   tests/go/gallery-run.sh [SLUG...]      REPEAT=3 runs each setting 3 times
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gallery="$here/../../crates/golang/gallery"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export GOCACHE="$work/gocache" GOPATH="$work/gopath" GOFLAGS="" GO111MODULE=off
slugs=("$@")
if [ ${#slugs[@]} -eq 0 ]; then for f in "$gallery"/*.go; do s="$(basename "$f")"; slugs+=("${s%.go}"); done; fi
fail=0
for s in "${slugs[@]}"; do
  for k in 1 2; do
    for r in $(seq "${REPEAT:-1}"); do
      echo "=== $s GOMAXPROCS=$k"
      set +e; GOMAXPROCS=$k timeout 300 go run "$gallery/$s.go"; rc=$?; set -e
      echo "[exit $rc]"; [ "$rc" = 0 ] || fail=1
    done
  done
done
exit $fail
