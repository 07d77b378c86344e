# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MODEL := models/vae-inversee.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data pipeline -name '*.yml' -o -name '*.py' 2>/dev/null)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install train run shell test evaluate bench clean

help:
	@echo "make run       install, train if needed, start the assistant (REST + socket.io on :5005)"
	@echo "make test      install, train if needed, run every test"
	@echo "make shell     chat in the terminal"
	@echo "make evaluate  intent accuracy and macro-F1 on the held-out set"
	@echo "make bench     load at 1/10/50 visitors vs a bare Rasa server, memory, start-up (~15 min)"
	@echo "make train     retrain the model"

$(INSTALLED): requirements.txt scripts/find-python310.sh
	@python310=$$(scripts/find-python310.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python310"; "$$python310" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip check
	@touch $@

install: $(INSTALLED)

$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	@mkdir -p models var
	$(PY) -m rasa train --fixed-model-name vae-inversee --out models --domain domain.yml --data data --config config.yml
	@touch $@

train:
	@rm -f $(MODEL)
	@$(MAKE) --no-print-directory $(MODEL)

run: $(MODEL)
	@scripts/run.sh

shell: $(MODEL)
	@scripts/run.sh --shell

test: $(MODEL)
	$(PY) -m pytest

evaluate: $(MODEL)
	$(PY) -m rasa test nlu --model $(MODEL) --nlu tests/heldout/nlu.yml --out var/evaluation --no-plot >var/evaluation.log 2>&1 || { tail -20 var/evaluation.log; exit 1; }
	$(PY) scripts/print_evaluation.py var/evaluation/intent_report.json

bench: $(MODEL)
	@scripts/bench.sh

clean:
	rm -rf models/*.tar.gz var .rasa .pytest_cache
