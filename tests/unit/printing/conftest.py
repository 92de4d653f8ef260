"""Reading printed PDFs back as a person holding them would: pages rendered to images with
poppler's pdftoppm, QR codes decoded with zxing-cpp, text extracted with pypdf."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def render(pdf: Path, *, dpi: int = 150, first: int | None = None, last: int | None = None) -> list:
    """Every page (or pages first..last) of `pdf` as a PIL image."""
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (make test does)")
    out = pdf.parent / f"{pdf.stem}-render"
    out.mkdir(exist_ok=True)
    cmd = ["pdftoppm", "-png", "-r", str(dpi)]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run([*cmd, str(pdf), str(out / "page")], check=True, capture_output=True)
    images = []
    for png in sorted(out.glob("page-*.png")):
        with Image.open(png) as im:
            images.append(im.convert("L"))
        png.unlink()
    return images


def decode(image) -> list:
    """The QR codes zxing-cpp finds on one rendered page."""
    import zxingcpp

    return [b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(pdf)).pages]


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [
        (
            round(float(p.mediabox.width) * 25.4 / 72, 1),
            round(float(p.mediabox.height) * 25.4 / 72, 1),
        )
        for p in PdfReader(str(pdf)).pages
    ]


class PdfReaderHelpers:
    render = staticmethod(render)
    decode = staticmethod(decode)
    text = staticmethod(pdf_text)
    sizes_mm = staticmethod(page_sizes_mm)


@pytest.fixture
def pdf() -> PdfReaderHelpers:
    """Helpers that read a PDF back: `pdf.render`, `pdf.decode`, `pdf.text`, `pdf.sizes_mm`."""
    return PdfReaderHelpers()
