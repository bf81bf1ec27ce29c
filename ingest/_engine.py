"""Tesseract's library in a child process: reads the images its parent sends over a pipe.

Run as a script by ``ingest._tesseract`` (one child per worker process, started at the first
read and kept): the model is loaded once instead of at every page (the command loads it for
each read: 0.12–0.25 s of CPU), while a crash or a runaway read still ends only this child,
never the worker: the parent sees the pipe close, reports the page as failed and starts a new
child for the next read. Standard library only, so that it starts without the package.

The protocol, on the child's stdin and stdout (which Tesseract itself never writes to: its
messages go to stderr):

- request: 4-byte big-endian length, a JSON header (``langs``, ``psm``, ``dpi``, ``timeout``,
  ``width``, ``height``; ``osd``: the page's orientation instead of its text), then
  ``width × height`` bytes of 8-bit grey pixels;
- answer: one status byte (``0`` read, ``1`` Tesseract failed, ``2`` past the deadline), a
  4-byte length, then the TSV (as ``tesseract … tsv`` prints it) or the error's text.
"""

from __future__ import annotations

import ctypes
import json
import os
import struct
import sys
import time

OEM_LSTM_ONLY = 1
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
READ, FAILED, TIMED_OUT = 0, 1, 2


def load_library() -> ctypes.CDLL:
    """``libtesseract.so.5`` with the C API's signatures this module calls (OSError without it)."""
    lib = ctypes.CDLL("libtesseract.so.5")
    handle, text, image = ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p
    lib.TessBaseAPICreate.restype = handle
    lib.TessBaseAPIInit2.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    lib.TessBaseAPISetPageSegMode.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPISetVariable.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p]
    lib.TessBaseAPISetImage.argtypes = [handle, image, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                        ctypes.c_int]
    lib.TessMonitorCreate.restype = handle
    lib.TessMonitorSetDeadlineMSecs.argtypes = [handle, ctypes.c_int]
    lib.TessMonitorDelete.argtypes = [handle]
    lib.TessBaseAPIRecognize.argtypes = [handle, handle]
    lib.TessBaseAPIGetTsvText.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPIGetTsvText.restype = text
    lib.TessDeleteText.argtypes = [text]
    lib.TessBaseAPIClear.argtypes = [handle]
    lib.TessBaseAPIDetectOrientationScript.argtypes = [
        handle, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float),
        ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_float)]
    lib.TessBaseAPIEnd.argtypes = [handle]
    lib.TessBaseAPIDelete.argtypes = [handle]
    return lib


class Api:
    """One TessBaseAPI with ``langs`` loaded (``--oem 1``)."""

    def __init__(self, lib: ctypes.CDLL, langs: str) -> None:
        self._lib = lib
        self._handle = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit2(self._handle, None, langs.encode(), OEM_LSTM_ONLY) != 0:
            raise OSError(f"Tesseract could not load {langs}")

    def read(self, pixels: bytes, width: int, height: int, *, psm: int, dpi: int,
             timeout: float) -> tuple[int, str]:
        """(status, TSV or message): the TSV of ``tesseract stdin stdout --psm PSM --dpi DPI tsv``."""
        lib, handle = self._lib, self._handle
        lib.TessBaseAPISetPageSegMode(handle, psm)
        lib.TessBaseAPISetVariable(handle, b"user_defined_dpi", str(dpi).encode())
        lib.TessBaseAPISetImage(handle, pixels, width, height, 1, width)
        monitor = lib.TessMonitorCreate()
        lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout * 1000))
        try:
            if lib.TessBaseAPIRecognize(handle, monitor) != 0:
                return FAILED, "Tesseract could not read the image"
            text = lib.TessBaseAPIGetTsvText(handle, 0)
            out = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
            if text:
                lib.TessDeleteText(text)
            return READ, TSV_HEADER + out
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(handle)

    def orientation(self, pixels: bytes, width: int, height: int) -> tuple[int, str]:
        """(status, text): what ``tesseract stdin stdout --psm 0 -l osd`` prints (its lines
        ``Rotate:`` and ``Orientation confidence:``, as Tesseract's GetOsdText writes them)."""
        lib, handle = self._lib, self._handle
        lib.TessBaseAPISetPageSegMode(handle, 0)
        lib.TessBaseAPISetImage(handle, pixels, width, height, 1, width)
        degrees, confidence = ctypes.c_int(), ctypes.c_float()
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float()
        try:
            if not lib.TessBaseAPIDetectOrientationScript(
                    handle, ctypes.byref(degrees), ctypes.byref(confidence), ctypes.byref(script),
                    ctypes.byref(script_confidence)):
                return FAILED, "Too few characters to tell the orientation"
        finally:
            lib.TessBaseAPIClear(handle)
        rotate = {0: 0, 90: 270, 180: 180, 270: 90}.get(degrees.value, 0)  # clockwise to upright
        return READ, (f"Orientation in degrees: {degrees.value}\nRotate: {rotate}\n"
                      f"Orientation confidence: {confidence.value:.2f}\n")

    def close(self) -> None:
        """Free the model (else the library warns of leaks on stderr)."""
        self._lib.TessBaseAPIEnd(self._handle)
        self._lib.TessBaseAPIDelete(self._handle)


def _read_exact(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def serve(requests, answers) -> None:
    """Answer requests until the parent closes the pipe."""
    lib = load_library()
    apis: dict[str, Api] = {}
    try:
        while (prefix := _read_exact(requests, 4)) is not None:
            header = json.loads(_read_exact(requests, struct.unpack(">I", prefix)[0]) or b"{}")
            width, height = int(header["width"]), int(header["height"])
            pixels = _read_exact(requests, width * height)
            if pixels is None:
                break
            langs, started = header["langs"], time.monotonic()
            try:
                if langs not in apis:
                    apis[langs] = Api(lib, langs)
            except OSError as exc:
                status, body = FAILED, str(exc)
            else:
                if header.get("osd"):
                    status, body = apis[langs].orientation(pixels, width, height)
                else:
                    status, body = apis[langs].read(pixels, width, height, psm=int(header["psm"]),
                                                    dpi=int(header["dpi"]),
                                                    timeout=float(header["timeout"]))
                if time.monotonic() - started >= float(header["timeout"]):
                    status = TIMED_OUT
            payload = body.encode("utf-8")
            answers.write(struct.pack(">BI", status, len(payload)) + payload)
            answers.flush()
    finally:
        for api in apis.values():
            api.close()


def main() -> None:
    """Keep the protocol's stdout for answers; anything the library prints goes to stderr."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
