# Two commands do everything on a fresh Debian machine (as root, or with sudo):
#   make demo   installs what it needs, builds, and runs swift-runner on the example workflows
#   make test   installs what it needs, builds, and runs every test
SWIFT ?= swift
DEBIAN_PACKAGES := libyaml-dev libcurl4-openssl-dev libarchive-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BINARY := .build/debug/swift-runner

.PHONY: deps build test demo bench clean

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	./scripts/demo

bench: deps
	./scripts/bench

clean:
	rm -rf .build
