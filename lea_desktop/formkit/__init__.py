"""The form engine: loads `forms/*.toml`, tells the UI what to draw, validates answers.

One definition drives the screen form, the paper form, exports, imports and the databank's
validation, so no list of fields is written again in code.
"""

from lea_desktop.formkit.loader import (
    available_forms,
    load_form,
    load_form_version,
    released_versions,
)
from lea_desktop.formkit.model import Choice, Field, Form
from lea_desktop.formkit.validate import ValidationResult, validate

__all__ = [
    "Choice",
    "Field",
    "Form",
    "ValidationResult",
    "available_forms",
    "load_form",
    "load_form_version",
    "released_versions",
    "validate",
]
