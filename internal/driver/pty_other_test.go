//go:build !linux

package driver

import (
	"os"
	"testing"
)

// openPTY skips: the tests open pseudo-terminals on Linux only.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Skip("pseudo-terminals are opened on Linux only: the terminal path is untested")
	return nil, nil
}
