#!/usr/bin/env bash
# Rewrites tests/go/corpus/<name>.out with the output of the real Go toolchain, and checks that
# each program's exit status and first stderr line are what its `// want:` headers say.
#
#   tests/go/regen.sh            rewrite every .out (except `// want: go1.22` programs)
#   tests/go/regen.sh --check    rewrite nothing; fail if Go's output differs from a .out
#   tests/go/regen.sh NAME...    only these programs (NAME or NAME.go or a path)
#
# Each program is built with `go build` in a fresh temporary directory and the binary is run
# (not `go run`, which turns the program's exit status 2 into its own status 1 and appends
# "exit status 2" to stderr). GOCACHE, GOPATH, GOFLAGS and GO111MODULE are set here, so this
# works on a fresh machine, as root, with no $HOME. Programs marked `// want: go1.22` are
# skipped: Go 1.19 lacks their semantics and their .out is kept by hand.
# Programs that exit 0 must also pass `go vet`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$here/corpus"
GO="${GO:-go}"
TIMEOUT="${TIMEOUT:-120}"

check=0
names=()
for a in "$@"; do
  case "$a" in
    --check) check=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) n="$(basename "$a")"; names+=("${n%.go}") ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for f in "$corpus"/*.go; do n="$(basename "$f")"; names+=("${n%.go}"); done
fi

command -v "$GO" >/dev/null || { echo "regen.sh: '$GO' not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOCACHE="$work/gocache" GOPATH="$work/gopath" GOFLAGS="" GO111MODULE=off GOTOOLCHAIN=local
unset GOMAXPROCS GODEBUG GOGC || true

# Header values: the `// want:` lines at the very top of the file (before `package`).
headers() { awk '/^package /{exit} /^\/\/ want: /{sub(/^\/\/ want: /,""); print}' "$1"; }

fail=0; ran=0; skipped=0
for n in "${names[@]}"; do
  src="$corpus/$n.go"
  [ -f "$src" ] || { echo "FAIL $n: no such program $src" >&2; fail=$((fail+1)); continue; }
  hs="$(headers "$src")"
  if grep -qx 'go1.22' <<<"$hs"; then
    echo "skip $n (go1.22: .out kept by hand)"; skipped=$((skipped+1)); continue
  fi
  want_exit=0; want_err=""; sorted=0
  while IFS= read -r h; do
    case "$h" in
      "exit "*) want_exit="${h#exit }" ;;
      "stderr-starts "*) want_err="${h#stderr-starts }" ;;
      sorted) sorted=1 ;;
      "") ;;
      *) echo "FAIL $n: unknown header '// want: $h'" >&2; fail=$((fail+1)); continue 2 ;;
    esac
  done <<<"$hs"

  d="$work/$n"; mkdir -p "$d"; cp "$src" "$d/main.go"
  if ! (cd "$d" && "$GO" build -o prog main.go) 2>"$d/build.err"; then
    echo "FAIL $n: go build failed:" >&2; cat "$d/build.err" >&2; fail=$((fail+1)); continue
  fi
  set +e
  (cd "$d" && timeout "$TIMEOUT" ./prog >"$d/stdout" 2>"$d/stderr")
  got_exit=$?
  set -e
  ran=$((ran+1))
  bad=""
  [ "$got_exit" = "$want_exit" ] || bad="exit status $got_exit, want $want_exit"
  first="$(head -n 1 "$d/stderr")"
  if [ -n "$want_err" ]; then
    case "$first" in "$want_err"*) ;; *) bad="${bad:+$bad; }stderr starts '$first', want '$want_err'" ;; esac
  elif [ -s "$d/stderr" ]; then
    bad="${bad:+$bad; }unexpected stderr '$first'"
  fi
  if [ "$want_exit" = 0 ] && ! (cd "$d" && "$GO" vet main.go) 2>"$d/vet.err"; then
    bad="${bad:+$bad; }go vet: $(tr '\n' ' ' <"$d/vet.err")"
  fi
  # Scheduling-dependent programs keep their lines sorted, so a regen does not churn the file.
  if [ "$sorted" = 1 ]; then LC_ALL=C sort "$d/stdout" >"$d/stdout.s"; mv "$d/stdout.s" "$d/stdout"; fi
  if [ -n "$bad" ]; then echo "FAIL $n: $bad" >&2; fail=$((fail+1)); continue; fi
  out="$corpus/$n.out"
  if [ "$check" = 1 ]; then
    if [ "$sorted" = 1 ]; then LC_ALL=C sort "$out" >"$d/want" 2>/dev/null || : >"$d/want"; else cp "$out" "$d/want" 2>/dev/null || : >"$d/want"; fi
    if ! cmp -s "$d/stdout" "$d/want"; then
      echo "FAIL $n: stdout differs from $n.out:" >&2; diff "$d/want" "$d/stdout" | head -20 >&2 || true
      fail=$((fail+1)); continue
    fi
    echo "ok   $n"
  else
    cp "$d/stdout" "$out"; echo "ok   $n -> $n.out"
  fi
done
echo "regen.sh: $ran run, $skipped skipped (go1.22), $fail failed ($("$GO" version))"
[ "$fail" = 0 ]
