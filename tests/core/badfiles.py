"""Builders of bad input files (made at test time, so nothing hostile is committed)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pikepdf
from PIL import Image


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, side: int = 60_000) -> Path:
    """A tiny PNG whose header claims side×side pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
                     + _png_chunk(b"IEND", b""))
    return path


def good_png(path: Path) -> Path:
    Image.new("L", (800, 600), 255).save(path, format="PNG")
    return path


def truncated_png(path: Path) -> Path:
    image = Image.effect_noise((1200, 1200), 60).convert("L")
    image.save(path, format="PNG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_jpeg(path: Path) -> Path:
    Image.effect_noise((1200, 1200), 60).convert("RGB").save(path, format="JPEG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def blank_pdf(path: Path, pages: int = 1) -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def encrypted_pdf(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret2"))
    return path


def truncated_pdf(path: Path) -> Path:
    blank_pdf(path, pages=3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    return path


def zip_file(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return path
