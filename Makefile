# The two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEBIAN_RUN := fonts-noto-cjk fonts-dejavu-core libime-data-language-model sunpinyin-data libgl1 libglib2.0-0 cmake g++
DEBIAN_TEST := $(DEBIAN_RUN) chromium poppler-utils sunpinyin-utils
HOST ?= 127.0.0.1
PORT ?= 8000
# collectstatic hashes and compresses every file (about 8 s): again only when a static file or the install changed.
STATIC_MANIFEST := $(or $(SANSHEN_VAR_DIR),var)/static/staticfiles.json
STATIC_SOURCES := $(shell find sanshen -path '*/static/*' -type f)

.PHONY: run test install debian-run debian-test bench clean

$(STAMP): pyproject.toml sanshen/checks/_typo_core.pyx sanshen/checks/_slm.pyx
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==25.3"
	@echo "正在安装 Python 依赖（首次约 3 分钟，下面是 pip 的进度）……"
	$(BIN)/pip install --progress-bar on -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Debian packages: CJK fonts for the sign-off form; Chromium and poppler for the browser and PDF tests.
debian-run:
	@bash scripts/ensure-debian.sh $(DEBIAN_RUN)

debian-test:
	@bash scripts/ensure-debian.sh $(DEBIAN_TEST)

$(STATIC_MANIFEST): $(STAMP) $(STATIC_SOURCES)
	$(BIN)/sanshen collectstatic --noinput -v0

run: debian-run $(STAMP) $(STATIC_MANIFEST)
	$(BIN)/sanshen migrate --noinput
	$(BIN)/sanshen demo
	@echo "后台： http://$(HOST):$(PORT)/work/   门户网站： http://$(HOST):$(PORT)/"
	@bash scripts/serve.sh $(HOST) $(PORT)

test: debian-test $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/checks_speed.py
	$(BIN)/python bench/workflow.py

clean:
	rm -rf $(VENV) var
