"""Pictures of codes made the way a badge printer or a phone shows them: `qrcode` for QR codes,
zxing-cpp's writer for Data Matrix and PDF417, pasted into a camera-sized grey frame."""

from __future__ import annotations

import pytest


def code_picture(payload: str, kind: str = "qr", *, scale: int = 6):
    """A PIL image (mode L) of one code carrying `payload`, with its quiet zone."""
    from PIL import Image

    if kind == "qr":
        import qrcode

        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=scale)
        qr.add_data(payload.encode("utf-8"))
        return qr.make_image().get_image().convert("L")
    import zxingcpp

    fmt = {"datamatrix": zxingcpp.BarcodeFormat.DataMatrix, "pdf417": zxingcpp.BarcodeFormat.PDF417}
    barcode = zxingcpp.create_barcode(payload, fmt[kind])
    return Image.fromarray(barcode.to_image(scale=scale)).convert("L")


def in_frame(code, size=(1280, 720), *, at=(480, 120), background=200):
    """The code pasted onto a plain grey frame of a webcam's size."""
    from PIL import Image

    frame = Image.new("L", size, background)
    frame.paste(code, at)
    return frame


@pytest.fixture
def picture():
    return code_picture


@pytest.fixture
def frame_of():
    return in_frame
