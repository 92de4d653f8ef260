"""Scan to prefill with the laptop's camera: the preview, the decoder worker and the dialog.

QtMultimedia (PySide6-Addons) is imported only when the sign-up page asks whether there is a
camera (a few seconds after start) or opens the scanner, never on the start path.

Frames flow: camera (or, in tests and the bench, a `QVideoFrameInput`) → capture session →
the preview's video sink, on whatever thread the backend delivers them → `ScanDialog._on_frame`
on the GUI thread, which only keeps the newest frame and, when the decoder is idle and at most
`DECODES_PER_SECOND` times a second, hands it to `FrameDecoder` on its own `QThread`: converting
the frame to grey, reading the codes (zxing-cpp) and parsing them happen there, never on the GUI
thread. A photo of the card is encoded to JPEG on that thread too.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger("lea_desktop.ui.scan")

DECODES_PER_SECOND = 12  # plenty for a code held up to the camera; leaves the CPU to the rest
PHOTO_LONG_SIDE = 1600  # px: a card stays readable, the file stays a few hundred kB
PHOTO_QUALITY = 85


def _silence_backend_probe() -> None:
    """The FFmpeg backend lists, at its first use, each optional system library it did not find
    (PipeWire, VA-API) and its FFmpeg version on stderr; none of it matters to a webcam."""
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false"
    )


def cameras() -> list[Any]:
    """The laptop's cameras (QCameraDevice), the default first; [] when there are none or
    QtMultimedia cannot start."""
    try:
        _silence_backend_probe()
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:  # a build without QtMultimedia: say why in the log
        log.warning("QtMultimedia cannot be loaded, no camera: %s", exc)
        return []
    found = list(QMediaDevices.videoInputs())
    default = QMediaDevices.defaultVideoInput()
    found.sort(key=lambda d: d != default)
    return found


def backend_decodes_video() -> int:
    """How many video codecs QtMultimedia's backend can decode: 0 when no backend plugin loads
    (a bundle missing or breaking it), so `self-check` can tell. Needs no display."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])  # plugins load through it
    _silence_backend_probe()
    from PySide6.QtMultimedia import QMediaFormat

    codecs = QMediaFormat().supportedVideoCodecs(QMediaFormat.ConversionMode.Decode)
    del app
    return len(codecs)


@dataclass
class FrameResult:
    """What one frame gave: the answers (maybe {}), the formats of the codes read, the time."""

    answers: dict[str, str] = field(default_factory=dict)
    formats: list[str] = field(default_factory=list)
    ms: float = 0.0
    width: int = 0
    height: int = 0


class FrameDecoder(QObject):
    """Lives on its own thread: frames in (`decode`), results out (`decoded`)."""

    decoded = Signal(object)  # FrameResult
    photoReady = Signal(bytes)  # JPEG
    photoFailed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.frames = 0  # frames read so far: they take turns over the camera passes

    @Slot(object)
    def decode(self, frame: Any) -> None:
        started = time.perf_counter()
        result = FrameResult()
        try:
            result = self._read(frame, self.frames)
            self.frames += 1
        except Exception:  # a bad frame never stops the scanner (no frame content is logged)
            log.exception("a camera frame could not be decoded")
        result.ms = (time.perf_counter() - started) * 1000
        self.decoded.emit(result)

    @staticmethod
    def _read(frame: Any, pass_no: int) -> FrameResult:
        from lea_desktop.scanning import GrayFrame, answers_from_codes, read_codes

        image = frame if isinstance(frame, QImage) else frame.toImage()
        if image.isNull():
            return FrameResult()
        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        bits = gray.constBits()
        codes = read_codes(
            GrayFrame(bits, gray.width(), gray.height(), gray.bytesPerLine()),
            thorough=False,
            pass_no=pass_no,
        )
        return FrameResult(
            answers=answers_from_codes(codes),
            formats=[c.format for c in codes],
            width=gray.width(),
            height=gray.height(),
        )

    @Slot(object)
    def photo(self, frame: Any) -> None:
        """The frame as a JPEG of at most PHOTO_LONG_SIDE pixels on its long side."""
        try:
            image = frame if isinstance(frame, QImage) else frame.toImage()
            if image.isNull():
                self.photoFailed.emit()
                return
            if max(image.width(), image.height()) > PHOTO_LONG_SIDE:
                image = image.scaled(
                    PHOTO_LONG_SIDE,
                    PHOTO_LONG_SIDE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            ok = image.convertToFormat(QImage.Format.Format_RGB888).save(
                buffer, "JPEG", PHOTO_QUALITY
            )
            data = bytes(buffer.data())
        except Exception:
            log.exception("a card photo could not be encoded")
            ok, data = False, b""
        if ok and data:
            self.photoReady.emit(data)
        else:
            self.photoFailed.emit()


class ScanDialog(QDialog):
    """The camera preview; closes itself with `found` emitted when a code names someone.

    `source`: a `QVideoFrameInput` to read instead of the camera (tests, the bench); otherwise
    `camera` (a QCameraDevice), by default the laptop's default camera.
    """

    found = Signal(dict)  # the answers of the code read
    photoTaken = Signal(bytes)  # a JPEG of the card, for keying in later
    _request = Signal(object)
    _photo_request = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        source: Any = None,
        camera: Any = None,
    ) -> None:
        super().__init__(parent)
        _silence_backend_probe()
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setObjectName("scanDialog")
        self.setWindowTitle(QCoreApplication.translate("Scan", "Scan a badge or business card"))
        self.setModal(True)
        self.answers: dict[str, str] = {}
        self.frames_seen = 0
        self.frames_decoded = 0
        self.last_result: FrameResult | None = None
        self._busy = False
        self._latest: Any = None
        self._last_sent = 0.0
        self._closing = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._send_latest)

        layout = QVBoxLayout(self)
        self.hint = QLabel(
            QCoreApplication.translate(
                "Scan",
                "Hold the QR code or barcode of the badge or card in front of the camera. "
                "Only the empty fields of the form are filled.",
            ),
            self,
        )
        self.hint.setObjectName("scanHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.preview = QVideoWidget(self)
        self.preview.setObjectName("scanPreview")
        self.preview.setMinimumSize(480, 270)
        layout.addWidget(self.preview, 1)
        self.status = QLabel(self)
        self.status.setObjectName("scanStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.photo_button = QPushButton(
            QCoreApplication.translate("Scan", "Keep a photo of the card"), self
        )
        self.photo_button.setObjectName("keepPhotoButton")
        self.photo_button.setToolTip(
            QCoreApplication.translate(
                "Scan",
                "Attach a photo of the business card to this sign-up, to key in later. "
                "It stays on this laptop only and is erased with the person.",
            )
        )
        self.photo_button.clicked.connect(self.keep_photo)
        self.photo_button.setEnabled(False)
        close = QPushButton(QCoreApplication.translate("Scan", "Close"), self)
        close.setObjectName("scanCloseButton")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.photo_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        # The decoder's thread: frames are converted and read there.
        self._thread = QThread(self)
        self._thread.setObjectName("scanDecoder")
        self.decoder = FrameDecoder()
        self.decoder.moveToThread(self._thread)
        self._request.connect(self.decoder.decode, Qt.ConnectionType.QueuedConnection)
        self._photo_request.connect(self.decoder.photo, Qt.ConnectionType.QueuedConnection)
        self.decoder.decoded.connect(self._on_decoded, Qt.ConnectionType.QueuedConnection)
        self.decoder.photoReady.connect(self._on_photo, Qt.ConnectionType.QueuedConnection)
        self.decoder.photoFailed.connect(self._on_photo_failed, Qt.ConnectionType.QueuedConnection)
        self._thread.finished.connect(self.decoder.deleteLater)
        self._thread.start()

        self.session = QMediaCaptureSession(self)
        self.camera = None
        self.source = source
        if source is not None:
            self.session.setVideoFrameInput(source)
        else:
            self.camera = QCamera(camera, self) if camera is not None else QCamera(self)
            self.camera.errorOccurred.connect(self._on_camera_error)
            self.session.setCamera(self.camera)
        self.session.setVideoOutput(self.preview)
        # Frames may arrive on the backend's thread; the slot (a method of this GUI-thread
        # object) runs queued on the GUI thread and only keeps a reference.
        self.preview.videoSink().videoFrameChanged.connect(
            self._on_frame, Qt.ConnectionType.QueuedConnection
        )
        self._say(QCoreApplication.translate("Scan", "Looking for a code…"))
        if self.camera is not None:
            self.camera.start()

    # -- frames -----------------------------------------------------------------------------
    @Slot(object)
    def _on_frame(self, frame: Any) -> None:
        if self._closing or not frame.isValid():
            return
        self.frames_seen += 1
        self._latest = frame
        if not self.photo_button.isEnabled():
            self.photo_button.setEnabled(True)
        self._send_latest()

    def _send_latest(self) -> None:
        now = time.monotonic()
        if self._busy or self._latest is None or self._closing:
            return
        wait = 1 / DECODES_PER_SECOND - (now - self._last_sent)
        if wait > 0:
            # Too soon after the last one: this frame (or a newer one) goes when it is time,
            # even if the camera sends no more.
            if not self._retry.isActive():
                self._retry.start(max(1, int(wait * 1000)))
            return
        self._busy = True
        self._last_sent = now
        frame, self._latest = self._latest, None
        self._request.emit(frame)

    @Slot(object)
    def _on_decoded(self, result: FrameResult) -> None:
        self._busy = False
        self.frames_decoded += 1
        self.last_result = result
        if self._closing:
            return
        if result.answers:
            self.answers = dict(result.answers)
            self._say(QCoreApplication.translate("Scan", "Code read."))
            self.found.emit(self.answers)
            self.accept()
            return
        if result.formats:
            self._say(
                QCoreApplication.translate(
                    "Scan",
                    "A code was read, but it carries no contact details (a ticket number?). "
                    "Try the other code on the badge, or type the details in.",
                )
            )
        self._send_latest()

    # -- photo ------------------------------------------------------------------------------
    def keep_photo(self) -> None:
        frame = self._latest
        if frame is None:
            sink = self.preview.videoSink()
            frame = sink.videoFrame() if sink is not None else None
        if frame is None or not frame.isValid():
            self._say(QCoreApplication.translate("Scan", "No picture from the camera yet."))
            return
        self.photo_button.setEnabled(False)
        self._photo_request.emit(frame)

    @Slot(bytes)
    def _on_photo(self, jpeg: bytes) -> None:
        self.photo_button.setEnabled(True)
        self.photoTaken.emit(jpeg)
        self._say(
            QCoreApplication.translate(
                "Scan", "Photo kept: it is attached to this sign-up when it is saved."
            )
        )

    @Slot()
    def _on_photo_failed(self) -> None:
        self.photo_button.setEnabled(True)
        self._say(QCoreApplication.translate("Scan", "The photo could not be taken. Try again."))

    # -- camera trouble ---------------------------------------------------------------------
    def _on_camera_error(self, _error: Any, text: str) -> None:
        log.warning("camera error: %s", _error)
        self._say(
            QCoreApplication.translate("Scan", "The camera could not be used: {reason}").format(
                reason=text or QCoreApplication.translate("Scan", "no reason given")
            )
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)

    # -- closing ----------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def _stop(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._retry.stop()
        if self.camera is not None:
            self.camera.stop()
        self.session.setVideoOutput(None)
        self._thread.quit()
        self._thread.wait(5000)

    def closeEvent(self, event: Any) -> None:
        self._stop()
        super().closeEvent(event)
