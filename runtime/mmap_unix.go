//go:build unix

package runtime

import (
	"fmt"
	"io"
	"math"
	"syscall"
)

// maxUnsizedFile bounds how much of a file whose size the system does not
// report (those of /proc) is read into memory.
const maxUnsizedFile = 64 << 20

// mapFile maps the whole file read-only, so that opening a multi-gigabyte
// checkpoint costs no copy and tensors are read only when asked for. The
// returned function unmaps it. The file must be a regular file, checked
// before it is opened (a named pipe would block the open, a device never
// end). An empty file gives an empty slice, since a zero-length mapping is
// not allowed; a file that reports size 0 but has contents (a /proc file)
// is read instead.
func mapFile(path string) ([]byte, func() error, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close() // the mapping stays valid after the descriptor closes
	size := st.Size()
	if size == 0 {
		data, err := io.ReadAll(io.LimitReader(f, maxUnsizedFile))
		if err != nil {
			return nil, nil, err
		}
		return data, func() error { return nil }, nil
	}
	if size > math.MaxInt {
		return nil, nil, fmt.Errorf("%s is too large to map (%d bytes)", path, size)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("mmap %s: %w", path, err)
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
