# Gazette: the two commands of the README, and what they need.
#   make run    installs missing apt packages, builds in release mode, runs the default pipeline on Samples/ into out/
#   make test   installs missing apt packages, builds, runs the whole test suite

# libopencc-dev and opencc: the oracle of the script converter's tests, and the benchmark's raw tool.
APT_PACKAGES := libxml2-dev libopencc-dev opencc libuchardet-dev libsqlite3-dev zlib1g-dev pkg-config
SWIFT ?= swift
# The release gazette carries Swift's own libraries (standard library, Foundation, Dispatch) instead of loading them
# at start: one document's run starts 10-15 ms sooner (45-58 ms -> 35-42 ms; the dynamic loader's symbol binding
# is gone), which a bulk job that starts a gazette per shard or per document pays every time, and the binary runs
# on a machine with no Swift toolchain (a Spark or Hadoop worker). The C libraries stay Debian's. Built by product:
# the static build cannot compile the test support (Swift Testing has no static library), which gazette never links.
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib

.PHONY: run test deps python-deps browser-deps build release clean fuzz asan tsan bench review-demo

run: deps
	$(RELEASE_BUILD) --product gazette
	.build/release/gazette run Samples/ --out out/

test: deps python-deps browser-deps
	$(SWIFT) build
	$(SWIFT) test

# The review site's tests open its pages in headless Chromium (Debian's package), driven through its DevTools
# protocol over a pipe by Tests/GazetteEndToEndTests/Support/browser_check.py. The CJK fonts make screenshots legible.
browser-deps:
	@command -v chromium >/dev/null 2>&1 && dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || { \
	  sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; fi; \
	  echo "Installing: chromium fonts-noto-cjk"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium fonts-noto-cjk; }

# `gazette review` on the sample and a crawler's export (errors, several years of one agency), then screenshots of
# the index and of the Guangzhou report page (a cell clicked, its source line marked) in out/review-demo/.
REVIEW_DEMO := out/review-demo
review-demo: deps browser-deps
	$(RELEASE_BUILD) --product gazette
	rm -rf $(REVIEW_DEMO) && mkdir -p $(REVIEW_DEMO)
	.build/release/gazette run Samples/ Tests/GazetteEndToEndTests/Fixtures/crawler-export-hebei-kjt.csv \
	  --out $(REVIEW_DEMO)/out --work $(REVIEW_DEMO)/work || test $$? -eq 1
	.build/release/gazette review $(REVIEW_DEMO)/out --work $(REVIEW_DEMO)/work
	python3 Tests/GazetteEndToEndTests/Support/browser_check.py --screenshot $(REVIEW_DEMO)/index.png --size 1400x900 \
	  "file://$(CURDIR)/$(REVIEW_DEMO)/out/review/index.html" "document.querySelectorAll('table.reports tbody tr').length"
	python3 Tests/GazetteEndToEndTests/Support/browser_check.py --screenshot $(REVIEW_DEMO)/guangzhou.png --size 1400x900 \
	  "file://$(CURDIR)/$$(grep -l guangzhou-2020-general-office $(REVIEW_DEMO)/out/review/reports/*.html | head -1)" \
	  "var table = Array.from(document.querySelectorAll('article.table')).find(a => a.querySelector('h2 .key').textContent.indexOf('applications') === 0); \
	   var cell = table.querySelector('td.cell'); table.scrollIntoView(); cell.click(); document.getElementById('selection').textContent"
	@echo "Screenshots: $(REVIEW_DEMO)/index.png $(REVIEW_DEMO)/guangzhou.png; site: $(REVIEW_DEMO)/out/review/index.html"

# The downstream tests load the outputs with DuckDB and pandas and run `gazette stream` under Spark (pyspark;
# the JDK it needs comes from Debian, installed when missing); warcio writes a web archive for a container test.
python-deps:
	@python3 -c "import duckdb, pandas, pyspark, warcio" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check duckdb pandas pyspark warcio
	@command -v java >/dev/null 2>&1 || { sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq default-jdk-headless || \
	  echo "No JDK could be installed: the Spark test will be skipped."; }

# Installs only what is missing, with sudo when not root. SwiftPM's `providers` only print hints; this installs.
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Speed and memory (issue 9): the release build, the Python peer's packages from PyPI, then gazette-bench on a
# generated corpus beside iconv, xmllint, opencc and the peer. BENCH_ARGS, e.g. `--documents 300 --scaling ""`.
BENCH_ARGS ?=
bench: deps
	@command -v xmllint >/dev/null 2>&1 || { sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq libxml2-utils; }
	$(RELEASE_BUILD) --product gazette
	$(RELEASE_BUILD) --product gazette-bench
	@python3 -c "import charset_normalizer, lxml, opencc" 2>/dev/null || \
	  python3 -m pip install --quiet --disable-pip-version-check charset_normalizer lxml opencc
	.build/release/gazette-bench corpus $(BENCH_ARGS)

# Fuzzing (issue 8): libFuzzer over decode, extract and reconstruct, FUZZ_SECONDS each, seeded from the test
# fixtures. `--sanitize=fuzzer` tells SwiftPM that libFuzzer supplies `main`; the one `-sanitize=fuzzer,address`
# after it is what swiftc keeps: SwiftPM's `--sanitize=fuzzer --sanitize=address` reach swiftc as two options and
# the second replaces the first, which leaves the Swift code without coverage. Findings (crash-*, timeout-*, oom-*) land in .build-fuzz/findings/; replay one with
# `.build/debug/gazette-fuzz <target> <file>` and keep it as a regression input in Tests/FuzzRegressions/.
# Leak detection is off: the harness hands each input to a Task, whose context LeakSanitizer reports when it
# outlives the call by a moment; runaway memory is still caught by -rss_limit_mb.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= decode extract reconstruct
FUZZ_SEEDS := Samples Tests/FuzzSeeds Tests/FuzzRegressions Tests/GazetteDecodeTests/Fixtures Tests/GazetteReconstructTests/Fixtures
fuzz: deps
	$(SWIFT) build -c release --build-path .build-fuzz --product gazette-fuzz --sanitize=fuzzer \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DGAZETTE_FUZZ
	@mkdir -p .build-fuzz/findings
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$target; \
	  echo "== fuzzing $$target for $(FUZZ_SECONDS) s"; \
	  GAZETTE_FUZZ_TARGET=$$target .build-fuzz/release/gazette-fuzz .build-fuzz/corpus/$$target $(FUZZ_SEEDS) \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 -detect_leaks=0 \
	    -artifact_prefix=.build-fuzz/findings/$$target- || exit 1; \
	done

# The test suite under AddressSanitizer and ThreadSanitizer, each in its own build folder; the end-to-end tests
# run the sanitized `gazette` built beside them. Leaks inside the toolchain's libraries (XCTest, Foundation) are
# suppressed by name in .ci/lsan-suppressions.txt; anything else fails the run.
asan: deps python-deps
	$(SWIFT) build --build-path .build-asan --sanitize=address
	LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan-suppressions.txt $(SWIFT) test --build-path .build-asan --sanitize=address

tsan: deps python-deps
	$(SWIFT) build --build-path .build-tsan --sanitize=thread
	$(SWIFT) test --build-path .build-tsan --sanitize=thread

build: deps
	$(SWIFT) build

release: deps
	$(RELEASE_BUILD) --product gazette

clean:
	rm -rf .build out .gazette
