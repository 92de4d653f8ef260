"""Run `lea-desktop ARGS…` from source with every module the bundle leaves out unimportable.

    python tests/packaging/run_without_excluded.py self-check

The bundle spec excludes the databank server, test tooling, unused parts of Pillow and Qt, and
phonenumbers' geocoder tables (build/bundle_plan.py). If the app starts to need one of them, this
run fails the same way the bundle would, but in seconds and without building anything.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bundle_plan", ROOT / "build" / "bundle_plan.py")
plan = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
_spec.loader.exec_module(plan)


class LeftOut:
    """Import hook: a module the bundle does not contain cannot be imported here either."""

    def find_spec(self, name, path=None, target=None):
        if plan.is_excluded(name):
            raise ModuleNotFoundError(
                f"No module named {name!r} (left out of the bundle)", name=name
            )
        return None


def install() -> None:
    """Block the excluded modules in this process (before anything imports them)."""
    already = sorted(n for n in sys.modules if plan.is_excluded(n))
    if already:  # e.g. a sitecustomize imported one: the check would prove nothing
        raise SystemExit(f"already imported before blocking: {', '.join(already)}")
    sys.meta_path.insert(0, LeftOut())
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


if __name__ == "__main__":
    install()
    from lea_desktop.cli import main

    raise SystemExit(main(sys.argv[1:]))
