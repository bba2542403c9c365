package ptx

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend/llvm"
)

var update = flag.Bool("update", false, "rewrite the golden NVVM IR in testdata")

// goldenDefs is one kernel of each family, as a model would use them.
func goldenDefs() []kernelDef {
	mk := func(name string, spec func(string) Spec, emit func(t Target, m *Module, name string) error) kernelDef {
		return kernelDef{spec(name), func(t Target, m *Module) error { return emit(t, m, name) }}
	}
	return []kernelDef{
		mk("seqc_ptx_u_silu", unarySpec, func(t Target, m *Module, n string) error { return EmitUnary(t, m, n, "silu") }),
		mk("seqc_ptx_b_mul", binarySpec, func(t Target, m *Module, n string) error { return EmitBinary(t, m, n, "mul") }),
		mk("seqc_ptx_norm_rms_norm_true_false", normSpec, func(t Target, m *Module, n string) error { return EmitNorm(t, m, n, normRMS, true, false) }),
		mk("seqc_ptx_norm_layer_norm_true_true", normSpec, func(t Target, m *Module, n string) error { return EmitNorm(t, m, n, normLayer, true, true) }),
		mk("seqc_ptx_softmax", softmaxSpec, EmitSoftmax),
		mk("seqc_ptx_gemm_true_silu", gemmSpec, func(t Target, m *Module, n string) error { return EmitGEMM(t, m, n, true, "silu") }),
		mk("seqc_ptx_conv_true_silu", convSpec, func(t Target, m *Module, n string) error { return EmitConv(t, m, n, true, "silu") }),
		mk("seqc_ptx_rope_false", ropeSpec, func(t Target, m *Module, n string) error { return EmitRoPE(t, m, n, false) }),
		mk("seqc_ptx_take", takeSpec, EmitTake),
		mk("seqc_ptx_copy", copySpec, EmitCopy),
		mk("seqc_ptx_transpose_tile", tileSpec, EmitTransposeTile),
		mk("seqc_ptx_attn_1_true", attnSpec, func(t Target, m *Module, n string) error { return EmitAttention(t, m, n, 1, true) }),
		mk("seqc_ptx_ssm_16", ssmSpec, func(t Target, m *Module, n string) error { return EmitSSM(t, m, n, 16, false) }),
		mk("seqc_ptx_selscan_16_1_true_true", selSpec, func(t Target, m *Module, n string) error {
			return EmitSelective(t, m, n, 16, 1, true, true)
		}),
	}
}

// TestPTXGolden: each kernel's NVVM IR is the golden text in testdata
// (go test -update rewrites it), and llc turns it into PTX with an entry,
// no .extern (an unknown intrinsic), no local memory (private arrays and
// the scan's states must be registers) and barriers exactly in the kernels
// with more than one phase.
func TestPTXGolden(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	for _, d := range goldenDefs() {
		t.Run(d.spec.Name, func(t *testing.T) {
			text, err := emitDefs(GPU, []kernelDef{d})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", d.spec.Name+".ll")
			if *update {
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(want) != text {
				t.Errorf("NVVM IR differs from %s (go test -update rewrites it after a deliberate change)", path)
			}
			ptx, err := CompilePTX(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			// The PTX itself is golden too, where llc is the version that
			// wrote it (another LLVM schedules differently).
			ptxPath := filepath.Join("testdata", d.spec.Name+".ptx")
			if *update {
				if err := os.WriteFile(ptxPath, []byte(ptx), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if llcVersion(t) == goldenLLC {
				if want, err := os.ReadFile(ptxPath); err != nil || string(want) != ptx {
					t.Errorf("PTX differs from %s (%v; go test -update rewrites it)", ptxPath, err)
				}
			}
			if !strings.Contains(ptx, ".visible .entry "+d.spec.Name+"(") {
				t.Errorf("no entry %s in the PTX", d.spec.Name)
			}
			for _, bad := range []string{".extern", ".local"} {
				if strings.Contains(ptx, bad) {
					t.Errorf("the PTX holds %s", bad)
				}
			}
			// Bit-identical to the emulation: IEEE rounding everywhere
			// (.rn on every float instruction, so ptxas may not contract a
			// multiply and an add into an fma), no approximations, no
			// flushed denormals.
			if m := inexactRe.FindString(ptx); m != "" {
				t.Errorf("the PTX holds %q, which the emulation does not compute", strings.TrimSpace(m))
			}
			multi := strings.Contains(d.spec.Name, "norm") || strings.Contains(d.spec.Name, "softmax") || strings.Contains(d.spec.Name, "gemm") ||
				strings.Contains(d.spec.Name, "attn") || strings.Contains(d.spec.Name, "transpose_tile")
			if got := strings.Contains(ptx, "bar.sync"); got != multi {
				t.Errorf("barrier in the PTX: %v, want %v", got, multi)
			}
			if !strings.Contains(ptx, ".target sm_80") || !strings.Contains(ptx, ".version 7.5") {
				t.Errorf("the PTX is not for sm_80, ISA 7.5")
			}
		})
	}
}

// inexactRe matches float instructions whose rounding the CPU emulation
// would not reproduce.
var inexactRe = regexp.MustCompile(`\.approx|\.ftz|\s(mul|add|sub|div|sqrt|rcp)\.f32`)

// goldenLLC is the llc that wrote testdata/*.ptx.
const goldenLLC = "14.0.6"

// llcVersion is llc's version number ("14.0.6").
func llcVersion(t *testing.T) string {
	llc, err := llvm.LookupLLC()
	if err != nil {
		return ""
	}
	out, err := exec.Command(llc, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`LLVM version (\S+)`).FindSubmatch(out); m != nil {
		return string(m[1])
	}
	return ""
}

// TestCheckPTX: an unknown intrinsic, which llc emits as an .extern
// function, is refused at build time.
func TestCheckPTX(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	m := NewModule(GPU)
	err := Emit(GPU, m.M, m.Math, Spec{Name: "bad", BX: 32, BY: 1, Ptrs: 1}, func(k *K) error {
		k.Phase(func() {
			f := k.intrinsic("llvm.nvvm.read.ptx.sreg.tidd.x", f32(0).Type()) // mistyped
			k.Store(k.Global(0), c64(0), k.B.NewCall(f))
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = CompilePTX(context.Background(), m.M.String())
	if err == nil || !strings.Contains(err.Error(), ".extern") {
		t.Fatalf("an unknown intrinsic compiled without the .extern error: %v", err)
	}
	if err := CheckPTX(".version 7.5\n.extern .func foo()\n.visible .entry k()\n"); err == nil {
		t.Error("CheckPTX accepted an .extern")
	}
}

// TestGeneratorMisuse: a phase inside a phase is an error, not bad code.
func TestGeneratorMisuse(t *testing.T) {
	for _, tg := range []Target{GPU, Emu} {
		m := NewModule(tg)
		err := Emit(tg, m.M, m.Math, Spec{Name: "nested", BX: 32, BY: 1}, func(k *K) error {
			k.Phase(func() { k.Phase(func() {}) })
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), "a phase inside a phase") {
			t.Errorf("%s: nested phases: %v", tg, err)
		}
	}
	if err := Emit(GPU, NewModule(GPU).M, nil, Spec{Name: "big", BX: 2048, BY: 1}, nil); err == nil {
		t.Error("a block of 2048 threads was accepted")
	}
}
