#!/usr/bin/env bash
# npm run check:pack: packs the package as npm would publish it, installs the
# tarball into an empty prefix and runs every non-interactive command of the
# installed `django-drill` on its bundled bank, with progress in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm run build >/dev/null
tarball=$(npm pack --silent --pack-destination "$work")
size=$(du -k "$work/$tarball" | cut -f1)
files=$(tar -tzf "$work/$tarball" | wc -l)
echo "packed $tarball: ${size} KiB, $files files"
# Nothing but what runs: no sources, tests or scripts in the package.
if tar -tzf "$work/$tarball" | grep -E '^package/(src|test|scripts|node_modules)/'; then
  echo "the package carries development files (above)" >&2
  exit 1
fi

npm install -g --prefix "$work/prefix" --no-audit --no-fund --loglevel=error "$work/$tarball" >/dev/null
bin="$work/prefix/bin/django-drill"
export DJANGO_DRILL_HOME="$work/home" DJANGO_DRILL_CACHE="$work/cache" NO_COLOR=1
run() {
  echo "\$ django-drill $*"
  "$bin" "$@" >"$work/out" 2>&1 || { cat "$work/out"; echo "failed: django-drill $*" >&2; exit 1; }
  head -n 3 "$work/out" | cut -c1-100
}
run --version
run --help
run list --json
run topics
run show orm-select-related-vs-prefetch-related
run validate --strict
run stats
run cheatsheet --format md
run cheatsheet --output "$work/sheet.html"
run progress path
run progress export "$work/export.json"
run progress import "$work/export.json"
"$work/prefix/bin/djdrill" --version >/dev/null
echo "the installed package runs every command"
