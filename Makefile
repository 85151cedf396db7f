# satpipe - build, test and install.
#   make            build build/satpipe
#   make demo       run on samples/, write build/demo.xlsx
#   make check      unit + end-to-end tests, then again under ASan+UBSan,
#                   and a Clang build with -Werror
#   make bench      time satpipe against a parse-only baseline (not a test)
#   make fuzz       libFuzzer on the CSV ingest and the spec parser
#                   (FUZZ_SECONDS each, default 60); make memcheck: valgrind
#   make install PREFIX=/usr/local
#   make deps       install missing Debian packages (apt-get)
#   V=1             show the full commands
SHELL := /bin/bash
PREFIX ?= /usr/local
PKG_CONFIG ?= pkg-config
PYTHON ?= /usr/bin/python3
BUILD ?= build
SANITIZE ?=

PKGS := gsl xlsxwriter yaml-0.1 sqlite3 libcrypto
# Debian's libcsv ships no pkg-config file: use it when present, else -lcsv.
CSV_LIBS := $(shell $(PKG_CONFIG) --libs libcsv 2>/dev/null || echo -lcsv)

CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) \
              -Iinclude $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
ALL_LDLIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(CSV_LIBS) -lm -lpthread
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC := $(sort $(wildcard src/core/*.c src/spec/*.c src/ingest/*.c \
             src/clean/*.c src/score/*.c src/analyze/*.c src/report/*.c \
             src/history/*.c src/gen/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTS := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz targets; make check replays their seeds and past findings.
FUZZ_TARGETS := ingest spec
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz_replay_%)
FUZZ_SEEDS_ingest := --ext .csv testdata samples tests/bad --ext '' \
                     tests/fuzz/regressions/ingest
FUZZ_SEEDS_spec := --ext .yaml testdata samples tests/bad --ext '' \
                   tests/fuzz/regressions/spec
LIB := $(BUILD)/libsatpipe.a
BIN := $(BUILD)/satpipe

# Exit code a sanitizer uses, so that its findings never pass for an
# expected exit status of 1.
SAN_ENV := ASAN_OPTIONS=exitcode=86:detect_leaks=1 \
           UBSAN_OPTIONS=exitcode=86:print_stacktrace=1:halt_on_error=1

.PHONY: all deps demo check check-run unit e2e install uninstall clean golden samples format testdata bench memcheck fuzz

all: $(BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) $(CLI_OBJ) $(LIB) $(ALL_LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test_util.h $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit $(ALL_LDFLAGS) $< $(LIB) \
	    $(ALL_LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka) -o $@

# The allocation-failure injector the e2e tests preload (never sanitized:
# it replaces malloc).
$(BUILD)/failmalloc.so: tests/fault/failmalloc.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  SHLIB   $@")
	$(Q)$(CC) -std=c11 $(WARNINGS) -O1 -g -shared -fPIC $< -o $@ -ldl

$(BUILD)/fuzz_replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< tests/fuzz/replay.c $(LIB) \
	    $(ALL_LDLIBS) -o $@

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

deps:
	@sh tools/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	$(BIN) run -s samples/survey.yaml -o $(BUILD)/demo.xlsx \
	    --json $(BUILD)/demo.json --verbose samples/
	@echo "Demo workbook: $(BUILD)/demo.xlsx (figures also in $(BUILD)/demo.json)"

# Unit and end-to-end tests of one build (BUILD, SANITIZE, CC).
# The bench baseline is built (never run) so that it keeps compiling.
check-run: $(BIN) $(TESTS) $(BUILD)/parse_only $(FUZZ_REPLAYS) \
           $(BUILD)/failmalloc.so
	@set -e; for t in $(TESTS); do echo "== $$t"; $(SAN_ENV) $$t; done
	@echo "== fuzz inputs: ingest (seeds and past findings)"
	@$(SAN_ENV) $(BUILD)/fuzz_replay_ingest $(FUZZ_SEEDS_ingest)
	@echo "== fuzz inputs: spec (seeds and past findings)"
	@$(SAN_ENV) $(BUILD)/fuzz_replay_spec $(FUZZ_SEEDS_spec)
	@echo "== end-to-end ($(BIN))"
	@$(SAN_ENV) $(PYTHON) tests/e2e/run_e2e.py $(BIN)

# The last line totals every test run (cmocka and end-to-end, both builds).
check: deps
	@mkdir -p build
	@set -o pipefail; $(MAKE) --no-print-directory check-run 2>&1 | tee build/check.log
	@echo "== again under AddressSanitizer + UndefinedBehaviorSanitizer"
	@set -o pipefail; $(MAKE) --no-print-directory check-run \
	    BUILD=build/sanitize SANITIZE=address,undefined CFLAGS="-O1 -g" 2>&1 \
	    | tee -a build/check.log
	@echo "== Clang build (-Wall -Wextra -Werror)"
	@$(MAKE) --no-print-directory all BUILD=build/clang CC=clang
	@awk '/^\[  PASSED  \]/ {p += $$4} /^\[  FAILED  \] [0-9]+ test/ {f += $$4} \
	      /^[0-9]+ passed, [0-9]+ failed$$/ {p += $$1; f += $$3} \
	      END {printf "check: %d passed, %d failed\n", p, f; exit f > 0}' build/check.log

# Benchmarks (never part of check): satpipe against bench/parse_only.c on
# generated exports of BENCH_SIZES responses (default 10^5, 10^6, 10^7; the
# last is a 1.5 GB file), BENCH_REPEAT runs each; see docs/PERFORMANCE.md.
$(BUILD)/parse_only: bench/parse_only.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $< -o $@ $(CSV_LIBS)

bench: deps $(BIN) $(BUILD)/parse_only
	$(PYTHON) bench/run.py $(BUILD)

# Fuzzing (never part of check): each target runs FUZZ_SECONDS under
# libFuzzer with ASan and UBSan, from its seeds (testdata, samples, past
# findings) and a corpus kept in build/fuzz. A finding fails the run and
# is written to build/fuzz/<target>-crash-*: add it to
# tests/fuzz/regressions/<target>/ once fixed, and make check replays it.
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 4096
FUZZ_BUILD := build/fuzz
fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BUILD)/libsatpipe.a \
	    BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g" \
	    SANITIZE=fuzzer-no-link,address,undefined
	@set -e; for t in $(FUZZ_TARGETS); do \
	    clang -std=c11 -D_GNU_SOURCE $(WARNINGS) -O1 -g -Iinclude \
	        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	        tests/fuzz/fuzz_$$t.c $(FUZZ_BUILD)/libsatpipe.a $(ALL_LDLIBS) \
	        -o $(FUZZ_BUILD)/fuzz_$$t; \
	    mkdir -p $(FUZZ_BUILD)/corpus-$$t $(FUZZ_BUILD)/seeds-$$t; \
	done
	@# Seeds named by their path: testdata has a survey.yaml in each folder.
	@find testdata samples tests/bad tests/fuzz/regressions/ingest -type f \
	    \( -name '*.csv' -o -path '*regressions*' \) | while read -r f; do \
	    cp "$$f" "$(FUZZ_BUILD)/seeds-ingest/$$(echo "$$f" | tr '/ ' '__')"; \
	done
	@find testdata samples tests/bad tests/fuzz/regressions/spec -type f \
	    \( -name '*.yaml' -o -path '*regressions*' \) | while read -r f; do \
	    cp "$$f" "$(FUZZ_BUILD)/seeds-spec/$$(echo "$$f" | tr '/ ' '__')"; \
	done
	@set -e; for t in $(FUZZ_TARGETS); do \
	    echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	    ASAN_OPTIONS=detect_leaks=1 $(FUZZ_BUILD)/fuzz_$$t \
	        -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_BUILD)/$$t- \
	        $(FUZZ_BUILD)/corpus-$$t $(FUZZ_BUILD)/seeds-$$t; \
	done

# valgrind's memcheck (never part of check): the demo, and a generated
# export of 60,000 responses (9 MB: read in two halves, its e-mail
# addresses in the cold store), every output on. Any error or any block
# left allocated fails.
MEMCHECK = valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=all --errors-for-leak-kinds=all
memcheck: deps $(BIN)
	@mkdir -p $(BUILD)/memcheck
	$(MEMCHECK) $(BIN) run -q -s samples/survey.yaml \
	    -o $(BUILD)/memcheck/demo.xlsx --json $(BUILD)/memcheck/demo.json \
	    --cleaned $(BUILD)/memcheck/demo-cleaned.csv \
	    --recovery $(BUILD)/memcheck/demo-recovery.csv \
	    --exclusions $(BUILD)/memcheck/demo-exclusions.csv samples/
	$(BIN) gen --responses 60000 --seed 7 -o $(BUILD)/memcheck/large >/dev/null
	$(MEMCHECK) $(BIN) run -q --bootstrap 200 -o $(BUILD)/memcheck/large.xlsx \
	    --json $(BUILD)/memcheck/large.json \
	    --cleaned $(BUILD)/memcheck/large-cleaned.csv \
	    --recovery $(BUILD)/memcheck/large-recovery.csv \
	    --exclusions $(BUILD)/memcheck/large-exclusions.csv \
	    $(BUILD)/memcheck/large
	@echo "memcheck: no errors, no leaks"

# Regenerates the golden values with the independent oracles: numpy,
# scipy and statsmodels (make deps installs them) and R's psych (Debian's
# r-base-core, r-cran-psych, r-cran-psychtools: install them for this).
golden:
	$(PYTHON) tests/oracle/servqual_oracle.py testdata/basic/survey.yaml \
	    testdata/basic > testdata/basic/expected.json
	$(PYTHON) tests/oracle/weighted_oracle.py testdata/gaps/gaps.csv \
	    > testdata/gaps/expected_weighted.json
	Rscript tests/oracle/gaps_oracle.R testdata/gaps/gaps.csv \
	    > testdata/gaps/expected.json
	$(PYTHON) tests/oracle/waves_oracle.py testdata/gaps/gaps.csv \
	    > testdata/gaps/expected_waves.json
	Rscript tests/oracle/reliability_oracle.R testdata/bfi/bfi.csv \
	    > testdata/bfi/expected.json
	$(PYTHON) tests/oracle/findings_oracle.py testdata/findings/findings.csv \
	    > testdata/findings/expected.json

# Regenerates the test data itself (deterministic; bfi needs R, as above).
testdata:
	$(PYTHON) tests/oracle/make_basic.py testdata/basic
	$(PYTHON) tests/oracle/make_layouts.py testdata/layouts
	$(PYTHON) tests/oracle/make_gaps.py testdata/gaps
	$(PYTHON) tests/oracle/make_findings.py testdata/findings
	Rscript tests/oracle/export_bfi.R testdata/bfi/bfi.csv

# Regenerates the committed samples (deterministic).
samples: $(BIN)
	rm -f samples/*.csv samples/survey.yaml samples/planted.tsv
	$(BIN) gen --responses 800 --seed 2026 --files 2 -o samples

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/satpipe
	install -m 644 docs/satpipe.1 $(DESTDIR)$(PREFIX)/share/man/man1/satpipe.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/satpipe $(DESTDIR)$(PREFIX)/share/man/man1/satpipe.1

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) include/satpipe/*.h src/*/*.h

clean:
	rm -rf build
