# Gazette: the two commands of the README, and what they need.
#   make run    installs missing apt packages, builds in release mode, runs the default pipeline on Samples/ into out/
#   make test   installs missing apt packages, builds, runs the whole test suite

APT_PACKAGES := libxml2-dev libopencc-dev opencc libuchardet-dev libsqlite3-dev pkg-config
SWIFT ?= swift

.PHONY: run test deps python-deps build release clean

run: deps
	$(SWIFT) build -c release
	.build/release/gazette run Samples/ --out out/

test: deps python-deps
	$(SWIFT) build
	$(SWIFT) test

# The downstream tests load the outputs with DuckDB and pandas and run `gazette stream` under Spark (pyspark;
# the JDK it needs comes from Debian, installed when missing).
python-deps:
	@python3 -c "import duckdb, pandas, pyspark" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check duckdb pandas pyspark
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

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

clean:
	rm -rf .build out .gazette
