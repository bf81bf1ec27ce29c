"""Print the sample document files (those named by a ground-truth JSON), one per line."""

import json
from pathlib import Path

here = Path(__file__).resolve().parent
for truth in sorted(here.glob("*.json")):
    name = json.loads(truth.read_text(encoding="utf-8")).get("file")
    if name and (here / name).is_file():
        print(here / name)
