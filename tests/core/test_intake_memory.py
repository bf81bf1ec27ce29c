"""Intake reads image headers, never whole images (issue 12.6): a 13,800 × 13,800 PNG of a few
hundred KB must not take the uploading process to gigabytes. Measured in a fresh process, as
the web app runs it (the real app, a real upload through its test client)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from archive_service.errors import InputRejectedError, TooLargeError
from archive_service.intake import Limits, check_input

SIDE = 13_800
PEAK_GROWTH_MB = 60  # the upload's growth of the web process; decoding the PNG adds 380+ MB


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def white_png(path: Path, side: int = SIDE) -> Path:
    """A valid greyscale PNG of side × side white pixels, small on disk (zlib of one row)."""
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * side
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)
                     + _chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def big_png(tmp_path_factory) -> Path:
    return white_png(tmp_path_factory.mktemp("big") / "big.png")


UPLOAD = r"""
import io, json, resource, sys
from pathlib import Path
from archive_service.config import Config
from archive_service.catalog import Catalog
from archive_service.users import Users
from archive_service.web import create_app

data, png = Path(sys.argv[1]), Path(sys.argv[2])
config = Config(env={"ARCHIVE_DATA_DIR": str(data)})
users = Users(Catalog(config))
users.add("vanthu", "archivist", password="mat-khau-thu-123", clearance=1)
token = users.create_token("vanthu")
client = create_app({"TESTING": True, "ARCHIVE_CONFIG": config}).test_client()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
response = client.post("/api/v1/documents", headers={"Authorization": f"Bearer {token}"},
                       data={"file": (io.BytesIO(png.read_bytes()), "big.png")},
                       content_type="multipart/form-data")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": response.status_code, "body": response.get_json(),
                  "before_mb": before / 1024, "peak_mb": peak / 1024}))
"""


def test_a_huge_png_is_checked_without_decoding_it(big_png, tmp_path):
    assert big_png.stat().st_size < 1_000_000
    out = subprocess.run([sys.executable, "-c", UPLOAD, str(tmp_path / "data"), str(big_png)],
                         capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 202, result
    # what the upload adds (the process's size before it varies with the machine: 150 MB here,
    # 410 MB in a fresh clone's first run); decoding the PNG would add 380+ MB
    assert result["peak_mb"] - result["before_mb"] < PEAK_GROWTH_MB, result


def test_a_huge_png_over_the_pixel_limit_is_refused_from_its_header(big_png):
    limits = Limits(max_bytes=10**9, max_pages=10, max_pixels=SIDE * SIDE - 1)
    with pytest.raises(TooLargeError, match="quá lớn"):
        check_input(big_png, limits)


def test_frames_beyond_the_page_limit_are_refused_before_decoding(tmp_path):
    path = tmp_path / "many.tiff"
    frames = [Image.new("1", (64, 64), i % 2) for i in range(12)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4")
    limits = Limits(max_bytes=10**9, max_pages=10, max_pixels=10**8)
    with pytest.raises(TooLargeError, match="10 trang"):
        check_input(path, limits)
    assert check_input(path, Limits(10**9, 12, 10**8)).page_count == 12


@pytest.mark.parametrize("kind", ["png", "jpeg", "tiff", "webp"])
def test_images_cut_short_are_still_refused(kind, tmp_path):
    path = tmp_path / f"cut.{kind}"
    image = Image.effect_noise((900, 900), 60).convert("L" if kind != "webp" else "RGB")
    image.save(path, format=kind.upper())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputRejectedError, match="cắt cụt|hỏng"):
        check_input(path, Limits(10**9, 10, 10**8))


@pytest.mark.parametrize("kind", ["png", "jpeg", "tiff", "webp"])
def test_whole_images_pass(kind, tmp_path):
    path = tmp_path / f"whole.{kind}"
    Image.effect_noise((900, 900), 60).convert("RGB").save(path, format=kind.upper())
    assert check_input(path, Limits(10**9, 10, 10**8)).kind == kind


def test_png_with_a_damaged_chunk_is_refused_without_inflating_it(tmp_path):
    path = white_png(tmp_path / "flip.png", side=2000)
    data = bytearray(path.read_bytes())
    data[60] ^= 0xFF  # inside IDAT: its checksum no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(InputRejectedError, match="hỏng"):
        check_input(path, Limits(10**9, 10, 10**8))
