"""The benchmark cases. Each module registers itself; `order=` in its `@case` sets the order."""

from bench.cases import (  # noqa: F401
    cards,
    console_dashboard,
    console_followers,
    directory,
    filtering,
    follower_editor,
    gui_save,
    importing,
    join_load,
    memory,
    public_map,
    save,
    scan,
    startup,
    summary,
    sync,
)
