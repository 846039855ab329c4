#!/usr/bin/env bash
# Loads TimelineJS JSON files in the real TimelineJS (the @knight-lab/timelinejs npm
# package, version 3.9) in headless Chromium, and says for each whether TimelineJS made
# its slides or which error it showed instead. Exits non-zero if any file failed.
#
#   tools/timelinejs-check/check.sh FILE.json...      check these files
#   tools/timelinejs-check/check.sh --exports         export the built-in dossier and each
#                                                     TimelineJS fixture with the dossier
#                                                     binary, then check the exports
#
# Needs node/npm (for the package, installed once into tools/timelinejs-check/node_modules)
# and Chromium (`apt-get install chromium` on Debian). DOSSIER names the binary for
# --exports (default: target/debug/dossier).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="3.9.11"

browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -n "$browser" ] || { echo "timelinejs-check: no Chromium found (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; }
dist="$here/node_modules/@knight-lab/timelinejs/dist"
if [ ! -f "$dist/js/timeline.js" ]; then
  command -v npm >/dev/null || { echo "timelinejs-check: npm is needed to fetch @knight-lab/timelinejs" >&2; exit 2; }
  (cd "$here" && npm install --no-save --no-audit --no-fund --silent "@knight-lab/timelinejs@$version" >&2)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files=()
if [ "${1:-}" = "--exports" ]; then
  dossier="${DOSSIER:-$repo/target/debug/dossier}"
  [ -x "$dossier" ] || { echo "timelinejs-check: no dossier binary at $dossier (cargo build, or set DOSSIER)" >&2; exit 2; }
  export_failed=0
  if "$dossier" export --format timelinejs -o "$work/builtin.json"; then
    files+=("$work/builtin.json")
  else
    echo "FAILED the built-in dossier: dossier could not export it (above)"; export_failed=1
  fi
  for fixture in "$repo"/tests/fixtures/timelinejs/*; do
    name="$(basename "$fixture")"
    if "$dossier" export "$fixture" --format timelinejs -o "$work/export-of-$name.json"; then
      files+=("$work/export-of-$name.json")
    else
      echo "FAILED $name: dossier could not export it (above)"; export_failed=1
    fi
  done
else
  files=("$@")
fi
[ "${#files[@]}" -gt 0 ] || { echo "usage: $0 FILE.json... | --exports" >&2; exit 2; }

failed=0
for file in "${files[@]}"; do
  page="$work/page"
  rm -rf "$page"; mkdir -p "$page"
  sed "s|TLJS_DIST|file://$dist|g" "$here/page.html" > "$page/index.html"
  { printf 'var DATA = '; cat "$file"; printf ';\n'; } > "$page/data.js"
  dom="$(timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --allow-file-access-from-files --virtual-time-budget=15000 --dump-dom \
    "file://$page/index.html" 2>/dev/null || true)"
  result="$(printf '%s' "$dom" | sed -n 's|.*<pre id="result">\([^<]*\)</pre>.*|\1|p' | head -1)"
  case "$result" in
    LOADED*) echo "ok     $(basename "$file"): $result" ;;
    "") echo "FAILED $(basename "$file"): the browser gave no result"; failed=1 ;;
    *) echo "FAILED $(basename "$file"): $result"; failed=1 ;;
  esac
done
exit $(( failed || ${export_failed:-0} ))
