//go:build !unix

package runtime

import "os"

// mapFile reads the whole file into memory: on systems without syscall.Mmap
// a plain read is the portable fallback. The returned function is a no-op.
func mapFile(path string) ([]byte, func() error, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
