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
run -V
run help quiz
run tracks
run export anki -o "$work/anki.txt"
grep -q '^#notetype:Basic$' "$work/anki.txt"
# The plan and what depends on the day run on a pinned clock.
export DJANGO_DRILL_NOW=2026-12-01T09:00
run plan --interview 2026-12-15
run plan
run plan --json
run forecast --days 7
run stats --on 2026-12-15
run flag orm-select-related-vs-prefetch-related
run unflag orm-select-related-vs-prefetch-related
run suspend orm-select-related-vs-prefetch-related
run unsuspend orm-select-related-vs-prefetch-related
run config
run interview --history
run completion bash
run completion zsh
run completion fish
test "$("$bin" __complete show orm-select-related-vs)" = orm-select-related-vs-prefetch-related
mkdir "$work/shared"
run sync --dir "$work/shared"
run sync status
run plan --clear
unset DJANGO_DRILL_NOW
# The interactive commands, on a terminal (`script`) that cannot move the cursor: each quits at once.
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
  session() {
    echo "\$ django-drill $1 (in a terminal, answered: $2)"
    printf '%s\n' "$2" | TERM=dumb script -qec "'$bin' $1" /dev/null >"$work/out" 2>&1 || { cat "$work/out"; echo "failed: django-drill $1" >&2; exit 1; }
  }
  session "quiz -n 1" /q
  session review /q
  session "" 7
fi
"$work/prefix/bin/djdrill" --version >/dev/null
echo "the installed package runs every command"
