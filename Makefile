# seqc: a compiler for sequence models.
GO ?= go
FUZZTIME ?= 1000000x

.PHONY: all build test test-ptx-sim vet lint fmt-check fuzz fuzz-ci reliability demo bench bench-llvm bench-modes clean

all: build

build:
	$(GO) build -o bin/seqc ./cmd/seqc

# test is what CI runs: formatting, vet, the whole suite (with the bounded part of the
# hostile-input corpus, internal/reliability), and a few seconds of each fuzz target.
test: fmt-check vet
	$(GO) test ./...
	cd beam && $(GO) vet ./... && $(GO) test ./...
	$(GO) test -race -run 'TestConcurrentRuns|TestThreadsDeterministic' ./backend/interp
	$(GO) test -race -run 'TestConcurrentNative' ./backend/llvm
	$(GO) test -race -run 'TestConcurrentSimulated|TestDeviceStateRelease' ./backend/ptx
	$(MAKE) fuzz-ci FUZZTIME=5000x

# test-ptx-sim runs the ptx backend's GPU path (runner, copies, resident
# activations, stream state on the device) over the simulated CUDA driver on
# what make test runs on ptx-emu: every reference case in every mode and
# streamed, and the streaming property test (about a minute warm; not in test).
test-ptx-sim:
	SEQC_PTX_SIMULATE=1 SEQC_REFERENCE_BACKEND=ptx $(GO) test -count=1 -run '^TestReferenceOn$$' ./cmd/seqc
	SEQC_PTX_SIMULATE=1 $(GO) test -count=1 -run 'TestStream' ./internal/driver

vet:
	$(GO) vet ./...

# lint: staticcheck (installed from the Go module proxy on first use).
lint:
	@command -v staticcheck >/dev/null || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$$($(GO) env GOPATH)/bin/staticcheck ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# reliability replays every case of the hostile-input corpus (internal/reliability/testdata/corpus.txt,
# and misuses of a generated package) through the seqc binary and the API, the slow ones too: it fails
# on a panic, a hang, an exit status other than 0, 1, 2, 3 (or the case's), or a file it should not
# have touched. make test runs the bounded part.
reliability:
	SEQC_RELIABILITY=full $(GO) test -count=1 -timeout 30m -v ./internal/reliability

# Fuzz targets: package and function. Budgets are execution counts (Nx):
# Go 1.26's fuzz coordinator can report a spurious "context deadline
# exceeded" when a time budget ends mid-execution (golang/go#75804).
# Minimising a new input is bounded by a count too (the default, 60 s per
# input, can stall a CI run for minutes).
FUZZMINIMIZE = 1000x
FUZZ_TARGETS = ./dsl:FuzzParse ./ir:FuzzParseIR ./runtime:FuzzParseSafetensors ./runtime:FuzzParseNpy

fuzz: FUZZTIME = 1000000x
fuzz: fuzz-ci

fuzz-ci:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) || exit 1; \
	done

# demo runs a real model end to end: weights from the initialisers, a forward
# pass and the step form of a Mamba LM, with what happened printed.
demo: build
	./scripts/demo.sh

# bench: kernel benchmarks, and seqc's selective scan and dense layer against
# PyTorch when Debian's python3-torch is installed (apt-get install
# python3-torch libopenblas0-pthread: without OpenBLAS, torch's GEMMs run on
# netlib's reference BLAS, about 15x slower, which is no peer).
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./backend/interp/kernels/...
	@if /usr/bin/python3 -c 'import torch' 2>/dev/null; then /usr/bin/python3 scripts/bench_selective_scan.py; \
	/usr/bin/python3 scripts/bench_gemm.py; \
	else echo "python3-torch not installed: skipping the PyTorch comparison"; fi

# bench-llvm: the LLVM backend against its peers (the hand-written C scan,
# OpenBLAS, PyTorch eager attention, the interpreter, STREAM bandwidth), every
# ratio in one run. Needs Debian's python3-torch and libopenblas0-pthread.
bench-llvm:
	/usr/bin/python3 scripts/bench_llvm.py

# bench-modes: every forced algorithm and auto, S4D and Mamba-2, L = 64 .. 16384.
bench-modes: build
	./bin/seqc bench examples/s4d/s4d.seq --set d_model=256 --set d_state=64 --lengths 64,256,1024,4096,16384 --max-quadratic 1024
	./bin/seqc bench examples/mamba/mamba2_mixer.seq --set d_model=256 --set d_state=64 --set headdim=64 --lengths 64,256,1024,4096,16384 --max-quadratic 1024
	./bin/seqc bench examples/mamba/mamba_mixer.seq --set d_model=768 --lengths 2048 --max-quadratic 10
	./bin/seqc bench examples/mamba/mamba_mixer.seq --set d_model=768 --lengths 2048 --max-quadratic 10 -O0

clean:
	rm -rf bin
