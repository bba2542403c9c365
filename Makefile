# seqc: a compiler for sequence models.
GO ?= go
FUZZTIME ?= 30s

.PHONY: all build test vet fmt-check fuzz fuzz-ci demo bench clean

all: build

build:
	$(GO) build -o bin/seqc ./cmd/seqc

# test is what CI runs: formatting, vet, the whole suite, and a few seconds of each fuzz target.
test: fmt-check vet
	$(GO) test ./...
	$(MAKE) fuzz-ci FUZZTIME=3s

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Fuzz targets: package and function.
FUZZ_TARGETS = ./dsl:FuzzParse ./ir:FuzzParseIR ./runtime:FuzzParseSafetensors ./runtime:FuzzParseNpy

fuzz: FUZZTIME = 30s
fuzz: fuzz-ci

fuzz-ci:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

# demo runs a real model end to end: weights from the initialisers, a forward
# pass and the step form of a Mamba LM, with what happened printed.
demo: build
	./scripts/demo.sh

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./backend/interp/kernels/... ./backend/interp/

clean:
	rm -rf bin
