package runtime

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// WriteFileAtomic writes a file through fn into a temp file in the target
// directory and renames it into place only when fn and the close succeed; on
// any failure (including a panic in fn) the temp file is removed and the file
// at path is left as it was. The temp file lives in the same directory
// because rename is only atomic within one file system.
//
// What is at path is respected, as gofmt -w and editors do (see
// WriteFilesAtomic): a symbolic link is written through to its target (the
// link stays a link), an existing file keeps its mode (a new one gets 0644),
// a file with several hard links is rewritten in place so that the links
// stay one file, a character device or named pipe (/dev/null, a pipe a
// reader waits on) is written directly and never replaced, and a directory,
// block device or socket is an error.
func WriteFileAtomic(path string, fn func(w io.Writer) error) error {
	return WriteFilesAtomic([]FileWrite{{Path: path, Write: fn}})
}

// FileWrite is one file of WriteFilesAtomic: its path and what to write.
type FileWrite struct {
	Path  string
	Write func(w io.Writer) error
}

// WriteFilesAtomic writes several files all or none: every file is first
// written completely to a temp file beside its target (see WriteFileAtomic),
// and only when all of them are written are they renamed into place. A
// failure while writing leaves every target as it was; a rename that fails
// (rare: the directory changed under us) puts back the files already
// replaced where it can (it keeps a hard link to each replaced file until
// the end). Files that cannot be renamed into place (several hard links,
// devices, named pipes) are written last, directly.
func WriteFilesAtomic(files []FileWrite) (err error) {
	staged := make([]*stagedFile, 0, len(files))
	defer func() { // on any failure or panic, no temp file stays behind
		for _, s := range staged {
			s.discard()
		}
	}()
	seen := map[string]bool{}
	for _, f := range files {
		s, err := planWrite(f.Path)
		if err != nil {
			return err
		}
		if seen[s.target] {
			return fmt.Errorf("write %s: the same file is written twice (%s)", f.Path, s.target)
		}
		seen[s.target] = true
		staged = append(staged, s)
		if err := s.stage(f.Write); err != nil {
			return err
		}
	}
	if err := commitAll(staged); err != nil {
		return err
	}
	return nil
}

// writeHow is how a target is written.
type writeHow int

const (
	byRename writeHow = iota // temp file renamed over the target (or a new file)
	inPlace                  // temp file copied into the existing file (hard links)
	direct                   // written straight to the target (devices, named pipes)
)

// stagedFile is one file of a WriteFilesAtomic call.
type stagedFile struct {
	path   string      // as the caller named it
	target string      // the file written: path with its symbolic links followed
	how    writeHow    //
	old    fs.FileInfo // the target as it was, or nil for a new file
	tmp    string      // the written temp file ("" before stage)
	backup string      // a hard link to the replaced file while committing
	data   []byte      // what a direct write writes
}

// planWrite decides how to write path without touching it.
func planWrite(path string) (*stagedFile, error) {
	if filepath.Base(path) == "." || strings.HasSuffix(path, string(filepath.Separator)) || path == "" {
		return nil, fmt.Errorf("write %s: no file name", path)
	}
	s := &stagedFile{path: path, target: path}
	fi, err := os.Stat(path) // follows symbolic links
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new file; or a dangling link, whose target we create.
		t, err := linkTarget(path)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		s.target = t
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	s.old = fi
	switch m := fi.Mode(); {
	case m.IsRegular():
		t, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		s.target = t
		if linkCount(fi) > 1 {
			s.how = inPlace
		}
	case m&fs.ModeCharDevice != 0 || m&fs.ModeNamedPipe != 0:
		s.how = direct // /dev/null, /dev/stdout, a pipe: never replaced
	default:
		return nil, fmt.Errorf("write %s: it is %s, not a regular file: not writing over it", path, FileKind(m))
	}
	return s, nil
}

// linkTarget follows the symbolic links at path, which need not end at an
// existing file, and returns the path of the file they name.
func linkTarget(path string) (string, error) {
	p := path
	for hops := 0; ; hops++ {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Mode()&fs.ModeSymlink == 0) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		if hops == 40 {
			return "", errors.New("too many levels of symbolic links")
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = dest
	}
}

// stage writes the contents: to a temp file beside the target, or, for a
// direct write, into memory until commit.
func (s *stagedFile) stage(fn func(w io.Writer) error) error {
	if s.how == direct {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			return fmt.Errorf("write %s: %w", s.path, err)
		}
		s.data = b.Bytes()
		return nil
	}
	dir, base := filepath.Split(s.target)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	s.tmp = f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := fn(bw); err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	// Sync before rename so a crash cannot leave a renamed but empty file.
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", s.path, err)
	}
	mode := fs.FileMode(0o644)
	if s.old != nil {
		mode = s.old.Mode().Perm()
		keepOwner(f, s.old)
	}
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	ok = true
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", s.path, err)
	}
	return nil
}

// commitAll moves every staged file into place: renames first (undone on
// failure where a backup link could be made), then in-place and direct
// writes.
func commitAll(staged []*stagedFile) error {
	var renamed []*stagedFile
	undo := func() {
		for i := len(renamed) - 1; i >= 0; i-- {
			r := renamed[i]
			if r.backup != "" {
				os.Rename(r.backup, r.target)
				untrackTemp(r.backup)
				r.backup = ""
			} else if r.old == nil {
				os.Remove(r.target)
			}
		}
	}
	defer func() {
		for _, r := range renamed {
			if r.backup != "" {
				os.Remove(r.backup)
				untrackTemp(r.backup)
			}
		}
	}()
	for _, s := range staged {
		if s.how != byRename {
			continue
		}
		if s.old != nil && len(staged) > 1 {
			dir, base := filepath.Split(s.target)
			if b, err := tempName(dir, "."+base+".old-"); err == nil && os.Link(s.target, b) == nil {
				s.backup = b
				trackTemp(b)
			}
		}
		if err := os.Rename(s.tmp, s.target); err != nil {
			if s.backup != "" {
				os.Remove(s.backup)
				untrackTemp(s.backup)
				s.backup = ""
			}
			undo()
			return fmt.Errorf("write %s: %w", s.path, err)
		}
		untrackTemp(s.tmp)
		s.tmp = ""
		renamed = append(renamed, s)
	}
	for _, s := range staged {
		switch s.how {
		case inPlace:
			if err := copyInto(s.tmp, s.target); err != nil {
				return fmt.Errorf("write %s: %w", s.path, err)
			}
			os.Remove(s.tmp)
			untrackTemp(s.tmp)
			s.tmp = ""
		case direct:
			if err := writeDirect(s.target, s.data); err != nil {
				return fmt.Errorf("write %s: %w", s.path, err)
			}
		}
	}
	return nil
}

// discard removes the temp file of a file that was not committed.
func (s *stagedFile) discard() {
	if s.tmp != "" {
		os.Remove(s.tmp)
		untrackTemp(s.tmp)
		s.tmp = ""
	}
}

// copyInto rewrites the existing file dst with the contents of src, keeping
// dst's inode (and so its other hard links).
func copyInto(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeDirect writes data to a device or named pipe that exists at path. A
// named pipe that nobody reads is an error rather than a wait forever.
func writeDirect(path string, data []byte) error {
	f, err := openDirect(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// The temp files of writes in progress, so that an interrupted command can
// remove them (RemoveTempFiles) before it exits.
var temps struct {
	mu    sync.Mutex
	paths map[string]bool
}

func trackTemp(p string) {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	if temps.paths == nil {
		temps.paths = map[string]bool{}
	}
	temps.paths[p] = true
}

func untrackTemp(p string) {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	delete(temps.paths, p)
}

// createTemp is os.CreateTemp with the file registered for RemoveTempFiles.
func createTemp(dir, pattern string) (*os.File, error) {
	temps.mu.Lock() // held across the creation: a signal's cleanup sees every temp file
	defer temps.mu.Unlock()
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	if temps.paths == nil {
		temps.paths = map[string]bool{}
	}
	temps.paths[f.Name()] = true
	return f, nil
}

// tempName returns an unused name in dir starting with prefix.
func tempName(dir, prefix string) (string, error) {
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return "", err
	}
	return name, nil
}

// RemoveTempFiles removes the temp files of every write in progress and
// returns how many it removed. A command calls it when it is interrupted
// (SIGINT, SIGTERM) so that no .NAME.tmp-* file is left behind; the files
// being written are left as they were. Writes still running afterwards fail.
func RemoveTempFiles() int {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	n := 0
	for p := range temps.paths {
		if os.Remove(p) == nil {
			n++
		}
		delete(temps.paths, p)
	}
	return n
}
