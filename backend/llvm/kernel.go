package llvm

import (
	"fmt"
	"sort"
	"strings"
)

// Kernel describes one elementwise float32 kernel: the C function
// seqc_<Name>(dst, a, b, n) computing dst[i] = Op(a[i]) for a unary op or
// dst[i] = Op(a[i], b[i]) for a binary one.
type Kernel struct {
	// Name is the C identifier suffix: the function is named "seqc_" + Name.
	Name string
	// Op is one of the ops listed by Ops.
	Op string
}

// opArity maps every supported op to its number of operands.
var opArity = map[string]int{
	"neg": 1, "exp": 1, "sigmoid": 1, "silu": 1, "tanh": 1, "softplus": 1,
	"relu": 1, "square": 1, "sqrt": 1, "rsqrt": 1,
	"add": 2, "sub": 2, "mul": 2, "div": 2, "maximum": 2, "minimum": 2,
}

// Ops returns the supported op names, sorted.
func Ops() []string {
	ops := make([]string, 0, len(opArity))
	for op := range opArity {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}

// Arity returns 1 for a unary op, 2 for a binary op and 0 for an unsupported one.
func Arity(op string) int { return opArity[op] }

// Symbol returns the C symbol of the kernel: "seqc_" + k.Name.
func (k Kernel) Symbol() string { return "seqc_" + k.Name }

// validate checks that every kernel has a C-identifier name, a supported op,
// and that no two kernels share a name.
func validate(ks []Kernel) error {
	if len(ks) == 0 {
		return fmt.Errorf("llvm: no kernels to emit")
	}
	seen := make(map[string]bool, len(ks))
	for i, k := range ks {
		if !isCIdent(k.Name) {
			return fmt.Errorf("llvm: kernel %d: name %q is not a C identifier", i, k.Name)
		}
		if Arity(k.Op) == 0 {
			return fmt.Errorf("llvm: kernel %q: unsupported op %q (supported: %s)", k.Name, k.Op, strings.Join(Ops(), ", "))
		}
		if seen[k.Name] {
			return fmt.Errorf("llvm: duplicate kernel name %q", k.Name)
		}
		seen[k.Name] = true
	}
	return nil
}

func isCIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// CgoPreamble returns the text a Go file needs in its cgo comment to call the
// kernels from an object linked in as a .syso file: one C prototype per kernel
// plus "#cgo noescape" and "#cgo nocallback" lines, which cut the cost of each
// call (the kernels neither keep pointers nor call back into Go).
func CgoPreamble(ks []Kernel) (string, error) {
	if err := validate(ks); err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, k := range ks {
		fmt.Fprintf(&sb, "#cgo noescape %s\n#cgo nocallback %s\n", k.Symbol(), k.Symbol())
	}
	for _, k := range ks {
		fmt.Fprintf(&sb, "void %s(float *dst, const float *a, const float *b, long long n);\n", k.Symbol())
	}
	return sb.String(), nil
}
