"""The Qt (PySide6) desktop interface: the only package that imports Qt.

`app.run()` starts it; `main_window.MainWindow` shows the pages listed in `pages.PAGES`, each given
an `context.AppContext`; background work goes through `workers.run_in_background`.
"""
