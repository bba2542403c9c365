package codegen

import (
	"fmt"

	"github.com/seqc-dev/seqc/backend/ptx"
)

// ptxFile is the Go file of a package built for ptx: it links the ptx
// backend into the program and registers the embedded PTX of the model's
// kernels (kernels.ptx) under the key the runtime looks it up by, so that
// loading the model on a GPU JIT-compiles that text in the driver and
// needs no llc. Without kernels (no op of the model runs on one) it only
// links the backend.
func ptxFile(pkg string, e *ptx.Embedded) string {
	if e.PTX == "" {
		return fmt.Sprintf(`%s
package %s

// The ptx backend, linked in: no op of this model has a PTX kernel, so
// it runs every op on the interpreter even on a GPU.
import _ "github.com/seqc-dev/seqc/backend/ptx"
`, Header, pkg)
	}
	tf32 := ""
	if e.TF32 != nil {
		tf32 = fmt.Sprintf(`
// kernelsTF32PTX is the same for a model loaded with WithTF32(true): its
// linear layers on the tensor cores (%d kernels).
//
//go:embed kernels_tf32.ptx
var kernelsTF32PTX string

func init() { ptx.RegisterEmbedded(%q, kernelsTF32PTX) }
`, e.TF32.Kernels, e.TF32.Key)
	}
	return fmt.Sprintf(`%s
package %s

import (
	_ "embed"

	"github.com/seqc-dev/seqc/backend/ptx"
)

// kernelsPTX is the PTX of the model's %d GPU kernels (%d ops run on them;
// sm_80, PTX ISA 7.5), JIT-compiled by the CUDA driver when the model
// loads on ptx: running it needs the NVIDIA driver, not LLVM or the CUDA
// toolkit.
//
//go:embed kernels.ptx
var kernelsPTX string

func init() { ptx.RegisterEmbedded(%q, kernelsPTX) }
%s`, Header, pkg, e.Kernels, e.Ops, e.Key, tf32)
}
