"""The look: Fusion with a light palette and one stylesheet, readable at a busy stand.

Widgets opt into styles through dynamic properties rather than per-widget stylesheets:
`role="error"` (red message under a field), `invalid=true` (highlighted field), `prefilled=true`
(filled from a scanned code, for the visitor to check), `accent=true`
(the primary button), `banner="info"|"warning"|"error"|"success"` (a panel in the banner area),
`role="section"` (a form section heading), `role="hint"` (grey help text).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from lea_desktop.paths import resource

ACCENT = "#1f5fbf"
ACCENT_DARK = "#174a96"
ERROR = "#b3261e"
SUCCESS = "#1e7b34"
TEXT = "#1d2330"
MUTED = "#5c6474"
BORDER = "#c9cfd9"
SURFACE = "#ffffff"
BACKGROUND = "#f3f5f8"

CHEVRON = resource("icons", "chevron-down.svg").as_posix()
CHEVRON_UP = resource("icons", "chevron-up.svg").as_posix()

STYLESHEET = f"""
QMainWindow, #central {{ background: {BACKGROUND}; }}
QWidget {{ color: {TEXT}; }}
#appHeader {{ background: {ACCENT}; border: none; }}
#appHeader QLabel {{ color: white; }}
#appBrand {{ font-size: 17px; font-weight: 600; }}
#activeEventCaption {{ color: #d5e2f7; }}
#activeEventLabel {{ font-size: 15px; font-weight: 600; }}
#activeEventLabel[empty="true"] {{ color: #ffd9a0; }}
#appHeader QPushButton {{
    color: white; background: transparent; border: 1px solid #9fbbe6; border-radius: 5px;
    padding: 4px 12px;
}}
#appHeader QPushButton:hover {{ background: {ACCENT_DARK}; }}
#navColumn, #navFoot {{ background: #e8ecf2; }}
#navFoot {{ border-right: 1px solid #d6dce6; }}
#navList {{
    background: #e8ecf2; border: none; border-right: 1px solid #d6dce6; padding-top: 8px;
    font-size: 14px; outline: 0;
}}
#navList::item {{ padding: 4px 14px; margin: 1px 8px; border-radius: 6px; color: {TEXT}; }}
#navList::item:hover {{ background: #dbe2ec; }}
#navList::item:selected {{ background: {SURFACE}; color: {ACCENT}; font-weight: 600; }}
QStatusBar {{ background: #e8ecf2; border-top: 1px solid #d6dce6; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 5px; padding: 5px 7px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 1px solid {ACCENT};
}}
QLineEdit[prefilled="true"], QComboBox[prefilled="true"] {{
    border: 2px solid #c99400; background: #fff8dc;
}}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 2px solid {ERROR}; background: #fff6f5;
}}
QCheckBox[invalid="true"] {{ color: {ERROR}; }}
QFrame[invalid="true"] {{ border: 2px solid {ERROR}; border-radius: 6px; background: #fff6f5; }}
QLabel[role="error"] {{ color: {ERROR}; font-weight: 500; }}
QLabel[role="warning"] {{ color: #7a4a00; font-weight: 600; }}
QLabel[role="hint"] {{ color: {MUTED}; }}
QLabel[role="section"] {{
    font-size: 13px; font-weight: 700; color: {ACCENT}; padding-top: 6px;
}}
QLabel[role="pageTitle"] {{ font-size: 20px; font-weight: 600; }}
QLabel[role="fieldLabel"] {{ font-weight: 600; }}
QLabel[role="consentText"] {{ color: {TEXT}; }}
QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid #dde2ea; border-radius: 8px; }}
QPushButton {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 5px; padding: 6px 14px;
}}
QPushButton:hover {{ background: #eef2f8; }}
QPushButton:disabled {{ color: #9aa1ad; }}
QPushButton[accent="true"] {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK}; font-weight: 600;
}}
QPushButton[accent="true"]:hover {{ background: {ACCENT_DARK}; }}
/* A disabled main action must look disabled: the accent fill would still invite a click. */
QPushButton[accent="true"]:disabled {{
    background: #c5d3ea; color: #f5f7fb; border: 1px solid #b4c3dd;
}}
QPushButton[danger="true"] {{ color: {ERROR}; }}
QPushButton[danger="true"]:disabled {{ color: #9aa1ad; }}
QPushButton[segment="true"] {{ color: {MUTED}; padding: 6px 12px; }}
QPushButton[segment="true"]:checked {{
    background: #e3ecfb; color: {ACCENT}; border: 1px solid #9fbbe6;
}}
QFrame[banner] {{ border-radius: 6px; }}
QFrame[banner="info"] {{ background: #e7f0fd; border: 1px solid #b6cdf2; }}
QFrame[banner="warning"] {{ background: #fff4e0; border: 1px solid #f0c878; }}
QFrame[banner="error"] {{ background: #fdecea; border: 1px solid #f1b0aa; }}
QFrame[banner="success"] {{ background: #e6f4ea; border: 1px solid #9fd3ae; }}
#bannerTitle {{ font-weight: 600; }}
QTableView {{
    background: {SURFACE}; border: 1px solid #dde2ea; border-radius: 6px;
    gridline-color: #edf0f4; selection-background-color: #d6e4fa; selection-color: {TEXT};
    alternate-background-color: #f8f9fb;
}}
QHeaderView::section {{
    background: #eef1f5; border: none; border-bottom: 1px solid #dde2ea; padding: 6px 8px;
    font-weight: 600; color: {MUTED};
}}
QTreeView::item {{ padding: 3px 0; }}
QListWidget#eventList {{
    background: {SURFACE}; border: 1px solid #dde2ea; border-radius: 6px; outline: 0;
}}
QListWidget#eventList::item {{ padding: 8px 10px; border-bottom: 1px solid #edf0f4; }}
QListWidget#eventList::item:selected {{ background: #d6e4fa; color: {TEXT}; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #c3cad6; border-radius: 4px; min-height: 40px; }}
QScrollBar::handle:vertical:hover {{ background: #a9b2c1; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
QComboBox::drop-down, QDateEdit::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 24px; border: none;
}}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: url({CHEVRON}); width: 12px; height: 12px; }}
QComboBox::down-arrow:disabled, QDateEdit::down-arrow:disabled {{ image: none; }}
QSpinBox {{ padding-right: 24px; }}
QSpinBox::up-button, QSpinBox::down-button {{
    subcontrol-origin: border; width: 22px; border: none; border-left: 1px solid #e3e7ee;
    background: transparent;
}}
QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 5px; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 5px; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: #eef2f8; }}
QSpinBox::up-arrow {{ image: url({CHEVRON_UP}); width: 10px; height: 10px; }}
QSpinBox::down-arrow {{ image: url({CHEVRON}); width: 10px; height: 10px; }}
QSpinBox::up-arrow:disabled, QSpinBox::down-arrow:disabled {{ image: none; }}
QComboBox QAbstractItemView {{
    background: {SURFACE}; border: 1px solid {BORDER}; selection-background-color: #d6e4fa;
    selection-color: {TEXT}; outline: 0;
}}
#languageSwitch QToolButton {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 4px; padding: 3px 7px;
    color: {MUTED}; font-weight: 600;
}}
#languageSwitch QToolButton:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
#languageSwitch QToolButton:hover:!checked {{ background: #eef2f8; }}
QCheckBox {{ spacing: 8px; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8f9fb"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a919e"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property (invalid, role…) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
