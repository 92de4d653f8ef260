#!/usr/bin/env bash
# Smoke test of a built bundle, run the way a staff laptop runs it: no Python, no venv, an empty
# environment (env -i) and a fresh HOME. Usage:
#
#   tests/packaging/smoke_bundle.sh dist/lea-desktop                # one-folder build
#   tests/packaging/smoke_bundle.sh dist/onefile/lea-desktop        # one-file build
#   tests/packaging/smoke_bundle.sh "dist/LEA Desktop.app/Contents/MacOS/lea-desktop"
#
# Checks: `--version`; `self-check` (database, save path, stand card PDF, forms/resources) and that
# it left HOME untouched; cards, paper form and summaries written from the command line; the GUI
# comes up (LEA_DESKTOP_EXIT_WHEN_READY) and stays up for a few seconds; for a folder, no
# dangling links and sizes within budget (LEA_BUNDLE_MAX_MB, default 230 unpacked since the
# scanner's camera (QtMultimedia) came in; LEA_BUNDLE_MAX_TGZ_MB, default 92 as .tar.gz). LEA_EXPECT_VERSION pins the version.
set -euo pipefail

target=${1:?usage: smoke_bundle.sh BUNDLE_FOLDER_OR_EXECUTABLE}
if [ -d "$target" ]; then
  exe="$target/lea-desktop"
  [ -x "$exe" ] || exe="$target/lea-desktop.exe"  # Windows: the console executable
else
  exe="$target"
fi
[ -x "$exe" ] || { echo "FAIL: no executable at $exe" >&2; exit 1; }
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")

scratch=$(mktemp -d)
gui_pid=
cleanup() {
  if [ -n "$gui_pid" ]; then kill "$gui_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
home="$scratch/home"
mkdir -p "$home"

# The laptop's view: nothing from this shell leaks in (no PATH, no venv, no LEA_* variables).
# Windows (Git Bash in CI) keeps the few variables every Windows program needs, and points the
# data home into the scratch HOME, as Windows finds AppData through the shell, not through HOME.
windows_env=()
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*)
    windows_env=(SYSTEMROOT="${SYSTEMROOT:-}" WINDIR="${WINDIR:-}" TEMP="$scratch" TMP="$scratch"
                 LEA_DESKTOP_HOME="$home/AppData/lea-desktop") ;;
esac
# (the ${a[@]+…} form: an empty array under set -u is an error in the bash 3.2 of macOS)
run() { env -i HOME="$home" QT_QPA_PLATFORM=offscreen ${windows_env[@]+"${windows_env[@]}"} "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "--version"
version=$(run "$exe" --version 2>"$scratch/err") || { cat "$scratch/err" >&2; fail "--version exited non-zero"; }
echo "$version"
[[ $version =~ ^lea-desktop\ [0-9] ]] || fail "unexpected --version output: $version"
if [ -n "${LEA_EXPECT_VERSION:-}" ] && [ "$version" != "lea-desktop $LEA_EXPECT_VERSION" ]; then
  fail "bundle says '$version', expected lea-desktop $LEA_EXPECT_VERSION"
fi

step "self-check"
run "$exe" self-check || fail "self-check failed (see the FAIL line above)"
if [ -n "$(ls -A "$home")" ]; then
  ls -laR "$home" >&2
  fail "self-check wrote into HOME; it must only use a temporary data home"
fi

step "printed and exported files (stand cards, paper form, summary PDF and XLSX)"
cli_home="$scratch/cli-home"
cli() { run LEA_DESKTOP_HOME="$cli_home" "$exe" "$@"; }
event_id=$(cli events add --name "Smoke fair" --country FI --starts 2027-03-01 --ends 2027-03-02 | tail -1) \
  || fail "events add failed"
cli cards --kind stand --event "$event_id" --count 10 --out "$scratch/cards.pdf" || fail "cards failed"
cli paper-form --event "$event_id" --out "$scratch/paper.pdf" || fail "paper-form failed"
cli summary --all --format pdf --out "$scratch/summary.pdf" || fail "summary pdf failed"
cli summary --all --format xlsx --out "$scratch/summary.xlsx" || fail "summary xlsx failed"
for pdf in cards paper summary; do
  [ "$(head -c 5 "$scratch/$pdf.pdf")" = "%PDF-" ] || fail "$pdf.pdf is not a PDF"
done
[ "$(head -c 2 "$scratch/summary.xlsx")" = "PK" ] || fail "summary.xlsx is not an XLSX (zip) file"

step "a large CSV import (validated in worker processes the bundle starts by running itself)"
{
  echo "organisation,contact_name,email,country,types,consent_contact"
  for i in $(seq 1 4500); do echo "Koulu $i,Aino Virtanen,aino$i@koulu.example.fi,FI,school,yes"; done
} >"$scratch/big.csv"
imported=$(cli import "$scratch/big.csv" --event "$event_id" 2>"$scratch/err") \
  || { cat "$scratch/err" >&2; fail "import of 4,500 rows failed"; }
echo "$imported"
[[ $imported == *"Imported 4,500 followers; 0 rows rejected."* ]] || fail "unexpected import result: $imported"
if grep -q "validat.* in this process" "$cli_home/logs/lea-desktop.log" 2>/dev/null; then
  fail "the bundle could not start its validation worker processes (see the log)"
fi

step "GUI comes up (LEA_DESKTOP_EXIT_WHEN_READY=1)"
ready=$(run LEA_DESKTOP_EXIT_WHEN_READY=1 "$exe" 2>"$scratch/err") || { cat "$scratch/err" >&2; fail "GUI exited non-zero"; }
[[ $ready == *"lea-desktop: ready"* ]] || { cat "$scratch/err" >&2; fail "GUI never reported ready: $ready"; }
echo "$ready"

step "GUI stays up for 4 s"
run "$exe" >"$scratch/gui.out" 2>"$scratch/gui.err" &
gui_pid=$!
sleep 4
if ! kill -0 "$gui_pid" 2>/dev/null; then
  wait "$gui_pid" || true
  cat "$scratch/gui.out" "$scratch/gui.err" >&2
  gui_pid=
  fail "the GUI quit within 4 seconds"
fi
kill "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
gui_pid=
if grep -q "Traceback" "$scratch/gui.err"; then cat "$scratch/gui.err" >&2; fail "the GUI printed a traceback"; fi
find "$home" -name lea.sqlite | grep -q . || fail "the GUI did not create its database under HOME"
echo "still running after 4 s; database created in the data home"

if [ -d "$target" ] && du -sb "$target" >/dev/null 2>&1; then  # GNU tools (Linux, Git Bash)
  step "bundle contents and size"
  dangling=$(find "$target" -xtype l)
  [ -z "$dangling" ] || fail "dangling links in the bundle: $dangling"
  for must in "_internal/forms" "_internal/resources"; do
    [ -d "$target/$must" ] || fail "missing $must"
  done
  max_mb=${LEA_BUNDLE_MAX_MB:-230}
  max_tgz_mb=${LEA_BUNDLE_MAX_TGZ_MB:-92}
  size_mb=$(( $(du -sb "$target" | cut -f1) / 1000000 ))
  tar -C "$(dirname "$target")" -czf "$scratch/bundle.tar.gz" "$(basename "$target")"
  tgz_mb=$(( $(stat -c %s "$scratch/bundle.tar.gz") / 1000000 ))
  echo "unpacked ${size_mb} MB (budget ${max_mb}), .tar.gz ${tgz_mb} MB (budget ${max_tgz_mb})"
  [ "$size_mb" -le "$max_mb" ] || fail "bundle is ${size_mb} MB, over the ${max_mb} MB budget"
  [ "$tgz_mb" -le "$max_tgz_mb" ] || fail ".tar.gz is ${tgz_mb} MB, over the ${max_tgz_mb} MB budget"
fi

echo "bundle smoke test passed: $exe"
