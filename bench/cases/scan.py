"""Scan to prefill: reading one 1280×720 camera frame, and the GUI thread while the preview runs.

`scan_decode`: the scanner worker's whole path for one frame (`FrameDecoder._read`: the Qt frame
to grey, zxing-cpp over the formats a badge carries — frames take the camera passes of
`scanning.decode.CAMERA_PASSES` in turn, as on the camera — the payload parsed into answers) on
webcam-sized frames — one with a badge's vCard QR code on a textured background, one of the
same background without a code (most preview frames). Floor: bare zxing-cpp `read_barcodes` on
the same frame as a grey array, with its defaults. Target: median < 30 ms and ≤ 1.5× the floor.

`scan_preview`: the real scanner dialog (QtMultimedia capture session, video preview, decoder
thread) fed 30 frames a second through Qt's `QVideoFrameInput` — the camera's path — for a few
seconds, frames with a ticket-number code that names no one, so the decoder stays busy and the
dialog stays open. A 5 ms timer on the GUI thread ticks meanwhile; the longest gap between two
ticks is the stall. Target: < 50 ms (the worst of the runs' longest stalls is judged).
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from bench.cases import gui
from bench.harness import BenchError, Context, Metric, absolute, alternate, case, paired

TARGET_MS = 30.0
STALL_MS = 50.0
TICK_MS = 5
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller\\, Jr.;Anna;;;\r\nFN:Anna Müller\\, Jr.\\; ö\r\n"
    "ORG:Koulu Oy\r\nEMAIL:anna@example.fi\r\nTEL:+358 40 123 4567\r\n"
    "ADR:;;Katu 1;Helsinki;;00100;Finland\r\nEND:VCARD\r\n"
)


def _frames(payload: str | None) -> tuple[Any, Any]:
    """(QImage RGB32, PIL grey image) of a 1280×720 frame: a scene with shapes of light and
    shade (coarse noise blown up, like a stand seen out of focus behind a badge), a gradient and
    a webcam's grain, with, if given, a QR code of `payload` in it."""
    import qrcode
    from PIL import Image, ImageChops
    from PySide6.QtGui import QImage

    shapes = Image.effect_noise((32, 18), 64).resize((1280, 720), Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize((1280, 720)).point(lambda v: v // 4)
    grain = Image.effect_noise((1280, 720), 6).point(lambda v: max(0, v - 118))
    scene = ImageChops.add(ImageChops.add(shapes.point(lambda v: 40 + v // 2), gradient), grain)
    if payload:
        code = qrcode.make(payload.encode("utf-8"), box_size=5).get_image().convert("L")
        scene.paste(code, (520, 160))
    rgb = scene.convert("RGB")
    image = QImage(rgb.tobytes(), 1280, 720, 1280 * 3, QImage.Format.Format_RGB888).copy()
    return image.convertToFormat(QImage.Format.Format_RGB32), scene


@case(
    "scan_decode",
    "decode one 1280×720 camera frame → answers (scanner worker path)",
    "bare zxing-cpp read_barcodes on the same grey frame",
    order=34,
)
def run_decode(ctx: Context) -> list[Metric]:
    import zxingcpp
    from PySide6.QtMultimedia import QVideoFrame

    from lea_desktop.ui.camera_scan import FrameDecoder

    gui.application()
    rounds = ctx.size(60, 20, smoke=3)
    metrics = []
    for label, payload in (
        ("frame with a badge QR (vCard)", VCARD),
        ("frame without a code", None),
    ):
        qimage, grey = _frames(payload)
        frame = QVideoFrame(qimage)
        result = FrameDecoder._read(frame, 0)
        if payload and result.answers.get("email") != "anna@example.fi":
            raise BenchError(f"{label}: the worker read {result.answers!r}")
        if not payload and result.formats:
            raise BenchError(f"{label}: a code was found in a frame without one")
        if payload and not zxingcpp.read_barcodes(grey):
            raise BenchError(f"{label}: the floor finds no code")

        def app(i: int, frame: Any = frame) -> float:
            start = time.perf_counter()
            FrameDecoder._read(frame, i)  # the passes in turn, as the camera's frames take them
            return (time.perf_counter() - start) * 1000

        def floor(_i: int, grey: Any = grey) -> float:
            start = time.perf_counter()
            zxingcpp.read_barcodes(grey)
            return (time.perf_counter() - start) * 1000

        apps, floors = alternate(app, floor, rounds, warmup=2)
        metrics.append(
            paired(
                label,
                "ms",
                apps,
                floors,
                max_ratio=1.5,
                max_value=TARGET_MS,
                detail="app: Qt frame → grey → zxing-cpp (one camera pass per frame, in turn: "
                "2-D codes; linear codes turned; Data Matrix and PDF417 turned) → answers; "
                "floor: read_barcodes(grey frame), its defaults (every format, every angle)",
            )
        )
    ctx.note(f"{rounds} alternating rounds per frame after 2 warm-up rounds")
    return metrics


def _longest_gap(seconds: float) -> float:
    """The longest gap (ms) between ticks of a 5 ms timer in an event loop doing nothing else."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks = [time.perf_counter()]
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    ticker.start()
    loop.exec()
    ticker.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


@case(
    "scan_preview",
    "longest GUI stall while the scanner preview runs (30 frames/s, decoding on its thread)",
    order=35,
)
def run_preview(ctx: Context) -> list[Metric]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtMultimedia import QVideoFrame, QVideoFrameInput

    from lea_desktop.ui.camera_scan import ScanDialog

    gui.application()
    seconds = ctx.size(6, 3, smoke=1)
    runs = ctx.size(5, 3, smoke=1)
    ticket, _ = _frames("TICKET 2027-000123")
    empty, _ = _frames(None)
    stalls: list[float] = []
    idle: list[float] = []
    decoded = seen = 0
    for _run in range(runs):
        idle.append(_longest_gap(seconds / 2))  # the same loop with nothing on: the machine's share
        source = QVideoFrameInput()
        dialog = ScanDialog(None, source=source)
        dialog.resize(800, 600)
        dialog.show()
        gui.settle(0.2)
        frames = itertools.cycle([QVideoFrame(ticket), QVideoFrame(empty)])
        feeder = QTimer()
        feeder.setTimerType(Qt.TimerType.PreciseTimer)
        feeder.setInterval(33)
        feeder.timeout.connect(lambda s=source, f=frames: s.sendVideoFrame(next(f)))
        ticks: list[float] = []
        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.setInterval(TICK_MS)
        ticker.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        feeder.start()
        ticker.start()
        ticks.append(time.perf_counter())
        loop.exec()
        ticks.append(time.perf_counter())
        feeder.stop()
        ticker.stop()
        if not dialog.isVisible():
            raise BenchError("the scanner closed: a frame without contact details filled the form")
        if "no contact details" not in dialog.status.text():
            raise BenchError(f"the ticket code was never read: {dialog.status.text()!r}")
        decoded += dialog.frames_decoded
        seen += dialog.frames_seen
        dialog.reject()
        dialog.deleteLater()
        gui.settle(0.1)
        stalls.append(max(b - a for a, b in itertools.pairwise(ticks)) * 1000)
    total = runs * seconds
    idle_max = max(idle)
    return [
        absolute(
            "longest GUI event-loop stall with the preview running",
            "ms",
            stalls,
            below=STALL_MS,
            stat="max",
            detail=f"{runs} runs of {seconds} s: {seen / total:.0f} frames/s shown, "
            f"{decoded / total:.1f} decoded/s on the decoder thread; the same event loop with "
            f"nothing running stalled up to {idle_max:.1f} ms on this machine meanwhile",
        )
    ]
