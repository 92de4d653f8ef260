"""Scan to prefill: codes read from a picture (zxing-cpp) and what they carry turned into the
sign-up form's answers. No Qt here: the CLI decodes image files with it, the GUI hands it camera
frames on a worker (`ui/scan/`).

- `decode`: `read_codes(image)` — every QR, Micro QR, Data Matrix, PDF417, Aztec and common
  linear code in a PIL image or a grey camera frame (`GrayFrame`), as `Code(text, format)`;
- `payloads`: `answers_from_text(text)` — vCard 2.1/3.0/4.0 (through vobject), MeCard, BIZCARD,
  `mailto:`, a plain email or web address, and badge payloads that carry those (labelled lines,
  JSON) → `{"organisation", "contact_name", "email", "phone", "website", "city", "country"}`;
- `answers_from_codes(codes)`: the answers of the first code that gives any, merged with what
  the others add.
"""

from __future__ import annotations

from lea_desktop.scanning.decode import Code, GrayFrame, read_codes, read_image_file
from lea_desktop.scanning.payloads import SCAN_FIELDS, answers_from_codes, answers_from_text

__all__ = [
    "SCAN_FIELDS",
    "Code",
    "GrayFrame",
    "answers_from_codes",
    "answers_from_text",
    "read_codes",
    "read_image_file",
]
