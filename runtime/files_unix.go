//go:build unix

package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// openNoBlock opens a file for reading without waiting for a writer, should
// the path have become a named pipe since it was checked.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// openDirect opens an existing device or named pipe for writing; a named
// pipe without a reader is an error instead of a wait.
func openDirect(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		return nil, fmt.Errorf("no process is reading the named pipe")
	}
	return f, err
}

// linkCount is the number of hard links to a file.
func linkCount(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// keepOwner gives the new file the owner and group of the file it replaces,
// where the process may (as root); elsewhere it keeps its own.
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		if int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid() {
			f.Chown(int(st.Uid), int(st.Gid))
		}
	}
}
