package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/codegen"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	out := fs.String("o", "", "output folder for the Go package")
	pkg := fs.String("pkg", "", "Go package name (default: the folder's name)")
	mf.registerBackend(fs)
	stream := fs.String("stream", "", "the input (or size) functions with several sequences stream along; the others are given once, to NewState")
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
		return exitUsage
	}
	if *out == "" {
		fmt.Fprintln(stderr, "seqc build: -o DIR is required")
		return exitUsage
	}
	if *pkg == "" {
		*pkg = strings.ReplaceAll(filepath.Base(filepath.Clean(*out)), "-", "_")
	}
	if mf.tf32 {
		// A package for ptx embeds both the FP32 and the TF32 kernels; the
		// choice is the program's, when it loads the model.
		fmt.Fprintln(stderr, "seqc build: --tf32 is a run-time option of the package: load the model with WithTF32(true)")
		return exitUsage
	}
	cfg := mf.config4(path)
	if mf.backend == ptx.Name {
		// A package for GPUs is built on any machine: the compile takes
		// ptx's costs (not calibrated, so the interpreter's) without
		// needing a GPU here.
		b, err := backend.Registered(ptx.Name)
		if err != nil {
			return report(stderr, err)
		}
		costs := b.Costs()
		cfg.Passes.Costs = &costs
	}
	m, err := driver.Compile(cfg)
	if err != nil {
		return report(stderr, err)
	}
	opts := codegen.Options{Package: *pkg, Source: filepath.ToSlash(path), Command: buildCommand(args), Backend: mf.backend, Stream: *stream}
	if mf.backend == llvm.Name {
		if opts.Object, err = llvm.BuildObject(context.Background(), m, *pkg); err != nil {
			return report(stderr, err)
		}
	}
	if mf.backend == ptx.Name {
		if opts.PTX, err = ptx.BuildEmbedded(context.Background(), m); err != nil {
			return report(stderr, err)
		}
	}
	files, err := codegen.Generate(m, opts)
	if err != nil {
		return report(stderr, err)
	}
	for _, f := range m.Funcs {
		if _, err := ir.StepPlanFor(f, ""); err != nil && strings.Contains(err.Error(), "can be streamed in") && *stream == "" {
			fmt.Fprintf(stderr, "seqc build: note: %v\n", err)
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return report(stderr, err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	// A file in the way that seqc did not write (no generated-code header)
	// is the user's: never overwrite it.
	for _, n := range names {
		p := filepath.Join(*out, n)
		if _, err := os.Lstat(p); err == nil && !generatedByUs(p) {
			fmt.Fprintf(stderr, "seqc build: %s exists and was not written by seqc build (it does not start with %q): not overwriting it; move it away or choose another -o\n", p, strings.TrimSpace(codegen.Header))
			return exitBadInput
		}
	}
	// Files a build for another backend wrote and this one does not.
	for _, stale := range []string{"kernels_cgo.go", "kernels_nocgo.go", "kernels_linux_amd64.syso", "kernels_ptx.go", "kernels.ptx", "kernels_tf32.ptx"} {
		p := filepath.Join(*out, stale)
		if _, ok := files[stale]; !ok && generatedByUs(p) {
			os.Remove(p)
		}
	}
	// All files or none: a package half old, half new would not build.
	writes := make([]runtime.FileWrite, len(names))
	for i, n := range names {
		data := files[n]
		writes[i] = runtime.FileWrite{Path: filepath.Join(*out, n), Write: func(w io.Writer) error { _, err := w.Write(data); return err }}
	}
	if err := runtime.WriteFilesAtomic(writes); err != nil {
		return report(stderr, err)
	}
	if checked, err := codegen.TypeCheck(*out); !checked {
		fmt.Fprintf(stderr, "seqc build: note: the package was not type-checked (%v)\n", err)
	} else if err != nil {
		for _, n := range names { // a package that does not compile is not left behind
			os.Remove(filepath.Join(*out, n))
		}
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote package %s (%s) to %s\n", *pkg, m.Name, *out)
	return exitOK
}

// buildCommand renders the command line for the generated package's doc,
// with the output folder as its base name so that the text does not depend
// on where the package was written.
func buildCommand(args []string) string {
	out := append([]string{}, args...)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == "-o" || out[i] == "--o" {
			out[i+1] = filepath.Base(out[i+1])
		}
	}
	return "seqc build " + strings.Join(out, " ")
}

// generatedByUs reports whether a file is one seqc build wrote: a Go file
// that starts with the generated-code header; the module text (model.ir,
// starting "module ") beside such a model.go; or the kernels object beside
// such a kernels_nocgo.go; or the PTX (kernels.ptx) beside such a
// kernels_ptx.go. Only regular files qualify, read through
// symbolic links, and only their first bytes are read.
func generatedByUs(path string) bool {
	dir := filepath.Dir(path)
	switch {
	case strings.HasSuffix(path, ".syso"):
		return generatedByUs(filepath.Join(dir, "kernels_nocgo.go"))
	case strings.HasSuffix(path, ".ptx"):
		return generatedByUs(filepath.Join(dir, "kernels_ptx.go"))
	case strings.HasSuffix(path, ".ir"):
		return startsWith(path, "module ") && generatedByUs(filepath.Join(dir, "model.go"))
	}
	return startsWith(path, codegen.Header)
}

// startsWith reports whether the regular file at path starts with prefix.
func startsWith(path, prefix string) bool {
	f, _, err := runtime.OpenRegular(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, len(prefix))
	_, err = io.ReadFull(f, buf)
	return err == nil && string(buf) == prefix
}
