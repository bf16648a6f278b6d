# The two README commands. Everything else is CMake.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-19

.PHONY: deps build demo test realworld-smoke clean

deps:
	@BUILD=$(BUILD) scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Runs txnlint over the bundled example service.
demo: build
	@examples/run-demo.sh $(BUILD)

# Every test, ending with lit's summary.
test: build
	cmake --build $(BUILD) --target check-txnlint -j $(JOBS)

# The real-world corpus's smallest package: needs the network and root (see
# docs/realworld.md); not part of `make test`.
realworld-smoke: build
	realworld/run --smoke --build $(BUILD) -j $(JOBS)

clean:
	rm -rf $(BUILD)
