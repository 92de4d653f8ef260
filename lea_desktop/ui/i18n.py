"""The staff screens' language, the Qt way: every staff string in `lea_desktop/ui/` goes through
`QCoreApplication.translate` (or `tr`), `make translations` collects them into
`resources/i18n/lea_desktop_<lang>.ts` (pyside6-lupdate) and compiles the `.qm` files the app
loads (pyside6-lrelease). English is the source language and needs no file.

Which language: the setting `ui.language` (`en`, `fi`; empty = the computer's language when
there is a translation for it, else English). It is read when the app starts, before any
window exists, straight from the database file (one read-only query; the store opens later),
so a change takes effect at the next start.

What a visitor reads (the sign-up form, its buttons and hints, the kiosk) follows the form's
language instead: formkit/messages.toml, forms/*.toml, resources/kiosk/strings.toml.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from lea_desktop.paths import resource

LANGUAGES = ("en", "fi")  # English, and the languages with a file in resources/i18n/
LANGUAGE_NAMES = {"en": "English", "fi": "Suomi"}  # each in its own language
SOURCE_LANGUAGE = "en"
SETTING = "ui.language"

_installed: list[QTranslator] = []
_current = [SOURCE_LANGUAGE]


def current() -> str:
    """The language the staff screens were started in."""
    return _current[0]


def ts_file(lang: str) -> Path:
    return resource("i18n", f"lea_desktop_{lang}.ts")


def qm_file(lang: str) -> Path:
    return resource("i18n", f"lea_desktop_{lang}.qm")


def system_language() -> str:
    """The computer's language if the staff screens are translated into it, else English."""
    code = QLocale.system().name().split("_")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def chosen_language(database: Path | None) -> str:
    """`ui.language` as stored in `database` (read-only, without opening the store), else the
    computer's language. A missing or unreadable database is no reason not to start."""
    from lea_desktop.storage import settings

    value = str(settings.peek(database, SETTING) or "") if database is not None else ""
    return value if value in LANGUAGES else system_language()


def install(app: QCoreApplication, lang: str) -> str:
    """Make `lang` the language of the staff screens from now on (widgets built afterwards);
    returns the language installed (English when there is no file for `lang`)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current[0] = SOURCE_LANGUAGE
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGES:
        return SOURCE_LANGUAGE
    ours = QTranslator(app)
    if not ours.load(str(qm_file(lang))):
        return SOURCE_LANGUAGE
    _current[0] = lang
    app.installTranslator(ours)
    _installed.append(ours)
    # Qt's own words (the buttons of standard dialogs: Cancel, Yes, No…).
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang


# -- counts in words, in the staff screens' language ----------------------------------------
# (domain/wording.py says the same in English for the command line and the reports.)

_QUEUE_NOUNS = {
    "registration": (
        QT_TRANSLATE_NOOP("counts", "sign-up"),
        QT_TRANSLATE_NOOP("counts", "{n} sign-up"),
        QT_TRANSLATE_NOOP("counts", "{n} sign-ups"),
    ),
    "event": (
        QT_TRANSLATE_NOOP("counts", "event"),
        QT_TRANSLATE_NOOP("counts", "{n} event"),
        QT_TRANSLATE_NOOP("counts", "{n} events"),
    ),
    "tombstone": (
        QT_TRANSLATE_NOOP("counts", "erasure"),
        QT_TRANSLATE_NOOP("counts", "{n} erasure"),
        QT_TRANSLATE_NOOP("counts", "{n} erasures"),
    ),
}


def counted(n: int, one: str, many: str) -> str:
    """A count in words: `one` or `many` (translated texts with an `{n}`) filled in with `n`,
    thousands separated. Both forms are written out in full where it is called, so that each
    language can say them its own way (Finnish: "1 ilmoittautuminen", "3 ilmoittautumista")."""
    return (one if n == 1 else many).format(n=f"{n:,}")


def queue_noun(entity: str) -> str:
    """The word for an outbox kind: "sign-up", "event", "erasure"."""
    words = _QUEUE_NOUNS.get(entity)
    return QCoreApplication.translate("counts", words[0]) if words else entity


def queue_counts(by_entity, *, empty: str = "") -> str:
    """What is waiting, kind by kind: "300 sign-ups, 3 events, 1 erasure"."""
    parts = [
        counted(
            int(by_entity[entity]),
            QCoreApplication.translate("counts", one),
            QCoreApplication.translate("counts", many),
        )
        for entity, (_word, one, many) in _QUEUE_NOUNS.items()
        if by_entity.get(entity, 0)
    ]
    return ", ".join(parts) or empty or QCoreApplication.translate("counts", "nothing")
