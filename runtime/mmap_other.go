//go:build !unix

package runtime

import "io"

// mapFile reads the whole regular file into memory: on systems without
// syscall.Mmap a plain read is the portable fallback. The returned function
// is a no-op.
func mapFile(path string) ([]byte, func() error, error) {
	f, _, err := OpenRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
