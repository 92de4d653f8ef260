#!/bin/sh
# Adds LEA Desktop to this user's application menu (no root needed), pointing at the folder this
# script is in. Run it again after moving the folder; `--remove` takes the menu entry away.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
entry="$apps/lea-desktop.desktop"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry"
  for png in "$data"/icons/hicolor/*/apps/lea-desktop.png; do [ -e "$png" ] && rm -f "$png"; done
  echo "LEA Desktop removed from the application menu (the program folder and your data are untouched)."
  exit 0
fi

if [ ! -x "$here/lea-desktop" ]; then
  echo "lea-desktop is not next to this script; run the copy inside the LEA Desktop folder." >&2
  exit 1
fi
mkdir -p "$apps"
for png in "$here"/icons/lea-*.png; do
  size=$(basename "$png" .png); size=${size#lea-}
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/lea-desktop.png"
done
# Exec must be an absolute path; quote it for folders with spaces (desktop entry spec rules).
sed -e "s|^Exec=.*|Exec=\"$here/lea-desktop\"|" "$here/lea-desktop.desktop" > "$entry"
chmod 644 "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "LEA Desktop added to the application menu ($entry)."
