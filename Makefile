# Two commands do everything on a fresh Debian machine (as root, or with sudo):
#   make demo   installs what it needs, builds, and runs swift-runner on the example workflows
#   make test   installs what it needs, builds, and runs every test
SWIFT ?= swift
DEBIAN_PACKAGES := libyaml-dev libcurl4-openssl-dev libarchive-dev pkg-config
# What the sandbox, image and fence tests drive for real: OCI runtimes, user-mode networking, a registry and the
# tools that build its test image, sshd for the fence host; the job engine's tests run JavaScript actions with node,
# python steps with python3, and read repositories with git; the Forgejo client's TLS test puts socat with an
# openssl-made certificate in front of the fake Forgejo.
TEST_PACKAGES := crun runc slirp4netns busybox-static docker-registry umoci skopeo openssh-server openssh-client \
	iptables bc nodejs python3 git openssl socat
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BINARY := .build/debug/swift-runner

.PHONY: deps test-deps packages build test demo bench clean

deps:
	@$(MAKE) --no-print-directory packages PACKAGES="$(DEBIAN_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory packages PACKAGES="$(DEBIAN_PACKAGES) $(TEST_PACKAGES)"

packages:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# The tests start the parts of the test bed they need (registry, fence namespace); they are stopped here, also
# when a test fails.
test: test-deps
	$(SWIFT) build --build-tests
	status=0; $(SWIFT) test --skip-build || status=$$?; \
	./scripts/testbed down >/dev/null 2>&1 || echo "warning: scripts/testbed down failed" >&2; \
	exit $$status

# exec runs the examples in sandboxes: crun for them, slirp4netns for their network.
demo: build
	@$(MAKE) --no-print-directory packages PACKAGES="crun slirp4netns"
	./scripts/demo

bench: deps
	./scripts/bench

clean:
	rm -rf .build
