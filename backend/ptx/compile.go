package ptx

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// PTX compilation: llc for nvptx64, sm_80, PTX ISA 7.5, which the CUDA
// driver JIT-compiles for any newer GPU (H100, H200). LLVM 14 knows nothing
// past sm_86; sm_80 PTX is what it can emit for Hopper.
var llcPTXArgs = []string{"-O3", "-march=nvptx64", "-mcpu=sm_80", "-mattr=+ptx75"}

// Module is an LLVM module of kernels for one target, with the scalar
// math emitter that declares its intrinsics once.
type Module struct {
	T    Target
	M    *llvmir.Module
	Math *llvm.ScalarMath
}

// NewModule starts an empty module for target t.
func NewModule(t Target) *Module {
	m := llvmir.NewModule()
	m.SourceFilename = "seqc-ptx"
	if t == GPU {
		m.TargetTriple, m.DataLayout = GPUTriple, GPUDataLayout
	} else {
		m.TargetTriple, m.DataLayout = llvm.TargetTriple, llvm.DataLayout
	}
	return &Module{T: t, M: m, Math: llvm.NewScalarMath(m)}
}

// CompilePTX compiles NVPTX LLVM IR to PTX text with llc, through the
// cache ($SEQC_CACHE/ptx). It refuses IR that declares a function other
// than an LLVM intrinsic, and PTX that declares an external symbol (a
// mistyped llvm.nvvm.* intrinsic becomes `.extern .func`, which only the
// driver would reject, on the GPU).
func CompilePTX(ctx context.Context, llText string) (string, error) {
	for _, name := range declaredFuncs(llText) {
		if !strings.HasPrefix(name, "llvm.") {
			return "", fmt.Errorf("ptx: module declares external function %q; only LLVM intrinsics are allowed", name)
		}
	}
	dir, derr := cacheDir()
	path := ""
	if derr == nil {
		path = filepath.Join(dir, ptxKey(llText)+".ptx")
		if b, err := os.ReadFile(path); err == nil {
			return string(b), CheckPTX(string(b))
		}
	}
	llc, err := llvm.LookupLLC()
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "seqc-ptx-")
	if err != nil {
		return "", fmt.Errorf("ptx: %w", err)
	}
	defer os.RemoveAll(tmp)
	in, out := filepath.Join(tmp, "in.ll"), filepath.Join(tmp, "out.ptx")
	if err := os.WriteFile(in, []byte(llText), 0o644); err != nil {
		return "", fmt.Errorf("ptx: %w", err)
	}
	cmd := exec.CommandContext(ctx, llc, append(append([]string{}, llcPTXArgs...), "-o", out, in)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("ptx: llc: %w", ctx.Err())
		}
		return "", fmt.Errorf("ptx: llc -march=nvptx64 failed: %v\n%s", err, strings.TrimSpace(stderr.String()))
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return "", fmt.Errorf("ptx: reading llc output: %w", err)
	}
	text := string(b)
	if err := CheckPTX(text); err != nil {
		return "", err
	}
	if path != "" && os.MkdirAll(dir, 0o755) == nil {
		if f, err := os.CreateTemp(dir, ".ptx-"); err == nil {
			_, werr := f.WriteString(text)
			if cerr := f.Close(); werr == nil && cerr == nil {
				os.Rename(f.Name(), path)
			} else {
				os.Remove(f.Name())
			}
		}
	}
	return text, nil
}

var externRe = regexp.MustCompile(`(?m)^\s*\.extern\s.*$`)

// CheckPTX rejects PTX that declares external symbols: seqc's kernels call
// nothing, so an .extern is an intrinsic llc did not know.
func CheckPTX(ptx string) error {
	if m := externRe.FindAllString(ptx, 3); len(m) > 0 {
		for i := range m {
			m[i] = strings.TrimSpace(m[i])
		}
		return fmt.Errorf("ptx: the PTX declares external symbols (an unknown intrinsic?): %s", strings.Join(m, "; "))
	}
	if !strings.Contains(ptx, ".entry") {
		return fmt.Errorf("ptx: the PTX has no kernel entry")
	}
	return nil
}

var declareRe = regexp.MustCompile(`(?m)^declare\b[^@]*@("?)([^\s("]+)`)

// declaredFuncs lists the functions an IR text declares without defining.
func declaredFuncs(llText string) []string {
	var out []string
	for _, m := range declareRe.FindAllStringSubmatch(llText, -1) {
		out = append(out, m[2])
	}
	return out
}

// cacheDir is where compiled PTX is kept: beside the LLVM backend's cache.
func cacheDir() (string, error) {
	d, err := llvm.CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "ptx"), nil
}

// LoadEmu compiles an emulation module (x86-64-v3) and loads it, through
// the LLVM backend's cache.
func LoadEmu(ctx context.Context, llText string) (*native.Library, error) {
	return llvm.LoadText(ctx, llText)
}
