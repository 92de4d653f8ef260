"""Reading codes from pictures with zxing-cpp: image files (the CLI, a photo) and grey camera
frames (the GUI's worker hands over the frame's luminance bytes, no copy made here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# What a badge or a business card carries: 2-D codes first, and the linear codes a badge may
# print (some carry an email or a web address in Code 128). Fewer formats, faster frames.
FORMAT_NAMES = (
    "QRCode",
    "MicroQRCode",
    "DataMatrix",
    "PDF417",
    "Aztec",
    "Code128",
    "Code39",
    "Code93",
    "EAN13",
    "EAN8",
    "UPCA",
    "ITF",
    "Codabar",
)


# A camera sends many frames a second, so each frame gets one cheaper pass, in turn (see
# `read_codes(pass_no=…)`): the 2-D codes as they stand (the QR and Aztec detectors find a code
# at any angle, Data Matrix within about 45° and PDF417 across), then the linear codes tried
# across and up-down, then Data Matrix and PDF417 at the other angles. A code held up is read
# within three frames (1/4 s at 12 decodes a second).
CAMERA_PASSES: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("QRCode", "MicroQRCode", "DataMatrix", "PDF417", "Aztec"), False),
    (("Code128", "Code39", "Code93", "EAN13", "EAN8", "UPCA", "ITF", "Codabar"), True),
    (("DataMatrix", "PDF417"), True),
)


@dataclass(frozen=True)
class Code:
    """One code found: its text and its format's name (e.g. "QRCode", "DataMatrix")."""

    text: str
    format: str


@dataclass(frozen=True)
class GrayFrame:
    """A camera frame as 8-bit luminance: `data` holds `height` rows of `stride` bytes, of which
    the first `width` are pixels (Qt's Format_Grayscale8 pads rows to 4 bytes)."""

    data: bytes | bytearray | memoryview
    width: int
    height: int
    stride: int = 0


class UnreadableImage(Exception):
    """The file is not a picture this build can open (or cannot be read at all)."""


def _formats(names: tuple[str, ...] = FORMAT_NAMES) -> Any:
    import zxingcpp

    return zxingcpp.barcode_formats_from_str(",".join(names))


def read_codes(image: Any, *, thorough: bool = True, pass_no: int | None = None) -> list[Code]:
    """Every code in `image` (a PIL image or a `GrayFrame`), in the order zxing-cpp finds them.

    `thorough=False` is for camera frames, many a second: no downscaled passes (they find a
    code filling a whole photo; a code held at arm's length does not need them). With `pass_no`
    only that pass of `CAMERA_PASSES` (modulo their number) is run: the camera's frames take
    turns. Light-on-dark codes are always tried.
    """
    import zxingcpp

    if isinstance(image, GrayFrame):
        stride = image.stride or image.width
        view = memoryview(image.data).cast("B")
        if len(view) < stride * (image.height - 1) + image.width:
            raise ValueError("frame buffer shorter than its size says")
        source: Any = zxingcpp.ImageView(
            view, image.width, image.height, zxingcpp.ImageFormat.Lum, stride, 1
        )
    else:
        source = image
    formats, rotate = FORMAT_NAMES, True
    if pass_no is not None:
        formats, rotate = CAMERA_PASSES[pass_no % len(CAMERA_PASSES)]
    found = zxingcpp.read_barcodes(
        source,
        formats=_formats(formats),
        try_rotate=rotate,
        try_downscale=thorough,
        try_invert=True,
        text_mode=zxingcpp.TextMode.Plain,
    )
    return [Code(text=b.text, format=b.format.name) for b in found if b.valid and b.text]


def read_image_file(path: Path) -> list[Code]:
    """The codes in an image file (PNG, JPEG, …, whatever Pillow opens).

    Raises `UnreadableImage` for a file that cannot be read or is not a picture; an image without
    a code gives [].
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            # A phone photo stores its rotation apart from the pixels.
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    except FileNotFoundError:
        raise UnreadableImage(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UnreadableImage(f"is a folder, not an image: {path}") from None
    except PermissionError:
        raise UnreadableImage(f"not allowed to read {path}") from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableImage(
            f"not an image this app can read: {path} ({exc.__class__.__name__})"
        ) from None
    if picture.mode not in ("L", "RGB"):
        picture = picture.convert("RGB")
    return read_codes(picture, thorough=True)
