package runtime

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// FileKind names the kind of file a mode describes, for messages: "a
// directory", "a named pipe (FIFO)", "a character device", ...
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// NotRegularError is what OpenRegular returns for a path that names
// something other than a regular file (after following symbolic links).
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, FileKind(e.Mode))
}

// OpenRegular opens a regular file for reading. The kind of file is checked
// before it is opened, so that a named pipe never blocks the open and a
// device (/dev/zero) is never read; it is checked again on the open file, so
// that a file swapped in between is caught too.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, nil, err
	}
	fi, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return f, fi, nil
}

// TooLargeError is a file larger than the limit its reader allows.
type TooLargeError struct {
	Path  string
	What  string // what the file was read as: "a .seq file", "a config"
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the limit for %s", e.Path, HumanBytes(e.Limit), e.What)
}

// ReadFileLimit reads a whole regular file of at most limit bytes (see
// OpenRegular). what says what the file is for the message about a file too
// large. Files whose size the system does not know (those of /proc) are
// read up to the limit.
func ReadFileLimit(path string, limit int64, what string) ([]byte, error) {
	f, fi, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, &TooLargeError{Path: path, What: what, Limit: limit}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: path, What: what, Limit: limit}
	}
	return data, nil
}

// MaxConfigSize bounds a JSON config or checkpoint index read into memory.
const MaxConfigSize = 64 << 20

// ReadConfigFile reads a JSON config (or a checkpoint's index) of at most
// MaxConfigSize bytes from a regular file.
func ReadConfigFile(path string) ([]byte, error) {
	return ReadFileLimit(path, MaxConfigSize, "a JSON config")
}

// HumanBytes formats a byte count: "512 B", "1.5 KiB", "137.0 TiB".
func HumanBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n)
	for _, unit := range []string{"KiB", "MiB", "GiB", "TiB", "PiB"} {
		f /= 1024
		if f < 1024 || unit == "PiB" {
			return fmt.Sprintf("%.1f %s", f, unit)
		}
	}
	return fmt.Sprintf("%d B", n)
}
