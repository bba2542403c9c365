package llvm

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// llcNames are the executables Compile looks for on PATH, in order.
var llcNames = []string{"llc", "llc-14"}

// LookupLLC returns the path of llc on PATH, or an error naming llc.
func LookupLLC() (string, error) {
	for _, name := range llcNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("llvm: llc (LLVM 14) not found on PATH (looked for %s)", strings.Join(llcNames, ", "))
}

// Compile compiles LLVM IR text to an x86-64 ELF object for the given CPU
// (an llc -mcpu name such as "x86-64-v3" or "x86-64"), running
//
//	llc -O3 -relocation-model=pic -filetype=obj -mcpu=<cpu> -o out.o in.ll
//
// in a temporary directory, and returns the object's bytes. Functions that carry
// their own "target-cpu" attribute (all of Emit's) keep it whatever cpu is.
//
// It refuses IR that declares anything but LLVM intrinsics, and an object with
// undefined symbols: Emit's kernels must be self-contained, with no libm (or
// any other) calls left for the linker.
func Compile(ctx context.Context, llText string, cpu string) ([]byte, error) {
	if err := checkCPU(cpu); err != nil {
		return nil, err
	}
	for _, name := range declaredFuncs(llText) {
		if !strings.HasPrefix(name, "llvm.") {
			return nil, fmt.Errorf("llvm: module declares external function %q; only LLVM intrinsics are allowed", name)
		}
	}
	llc, err := LookupLLC()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "seqc-llc-")
	if err != nil {
		return nil, fmt.Errorf("llvm: %w", err)
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "in.ll"), filepath.Join(dir, "out.o")
	if err := os.WriteFile(in, []byte(llText), 0o644); err != nil {
		return nil, fmt.Errorf("llvm: %w", err)
	}
	cmd := exec.CommandContext(ctx, llc, "-O3", "-relocation-model=pic", "-filetype=obj", "-mcpu="+cpu, "-o", out, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("llvm: llc: %w", ctx.Err())
		}
		return nil, fmt.Errorf("llvm: llc -mcpu=%s failed: %v\n%s", cpu, err, strings.TrimSpace(stderr.String()))
	}
	obj, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("llvm: reading llc output: %w", err)
	}
	if err := checkObject(obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// checkCPU accepts llc CPU names: letters, digits, '-', '_' and '.'.
func checkCPU(cpu string) error {
	if cpu == "" || strings.HasPrefix(cpu, "-") {
		return fmt.Errorf("llvm: invalid cpu %q", cpu)
	}
	for _, c := range cpu {
		if !(c == '-' || c == '_' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')) {
			return fmt.Errorf("llvm: invalid cpu %q", cpu)
		}
	}
	return nil
}

// UndefinedSymbols lists the undefined symbols of an ELF object (what nm -u
// prints), read with debug/elf so that no binutils are needed.
func UndefinedSymbols(obj []byte) ([]string, error) {
	f, err := elf.NewFile(bytes.NewReader(obj))
	if err != nil {
		return nil, fmt.Errorf("llvm: reading object: %w", err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, fmt.Errorf("llvm: reading object symbols: %w", err)
	}
	var undef []string
	for _, s := range syms {
		if s.Section == elf.SHN_UNDEF && s.Name != "" {
			undef = append(undef, s.Name)
		}
	}
	return undef, nil
}

// checkObject rejects an object that calls anything outside itself.
func checkObject(obj []byte) error {
	undef, err := UndefinedSymbols(obj)
	if err != nil {
		return err
	}
	if len(undef) > 0 {
		return fmt.Errorf("llvm: object has undefined symbols (unintended external calls): %s", strings.Join(undef, ", "))
	}
	return nil
}
