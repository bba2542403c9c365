//go:build !(cgo && linux)

package native

import "fmt"

var errNoCgo = fmt.Errorf("native kernels need cgo on linux (this program was built with CGO_ENABLED=0 or for another system)")

// Available reports whether this build can load and call kernels.
func Available() error { return errNoCgo }

// Call panics: without cgo no kernel can be loaded, so no Fn is valid.
func (fn Fn) Call(lo, hi int, ints []int64, p *Ptrs) {
	panic("native: " + errNoCgo.Error())
}

// Open fails: kernels cannot be loaded without cgo.
func Open(path string) (*Library, error) { return nil, errNoCgo }
