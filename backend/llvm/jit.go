package llvm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// linkerNames are the programs LinkShared tries, in order.
var linkerNames = []string{"ld", "ld.lld-14", "ld.lld", "gcc"}

// LinkShared turns an object from Compile into a shared object at out, so
// that a running program can load it (native.Open). It needs a linker: GNU
// ld (binutils), LLVM's lld or gcc.
func LinkShared(ctx context.Context, obj []byte, out string) error {
	var linker string
	for _, name := range linkerNames {
		if p, err := exec.LookPath(name); err == nil {
			linker = p
			break
		}
	}
	if linker == "" {
		return fmt.Errorf("llvm: no linker on PATH to build a shared object (install binutils: apt-get install binutils)")
	}
	dir, err := os.MkdirTemp(filepath.Dir(out), ".seqc-link-")
	if err != nil {
		return fmt.Errorf("llvm: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "k.o")
	tmp := filepath.Join(dir, "k.so")
	if err := os.WriteFile(in, obj, 0o644); err != nil {
		return fmt.Errorf("llvm: %w", err)
	}
	cmd := exec.CommandContext(ctx, linker, "-shared", "-o", tmp, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("llvm: %s -shared failed: %v\n%s", filepath.Base(linker), err, strings.TrimSpace(stderr.String()))
	}
	// Rename last: a concurrent process sees the whole file or none.
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("llvm: %w", err)
	}
	return nil
}

// CacheDir is where compiled kernel libraries are kept: $SEQC_CACHE, else
// seqc/llvm under the user's cache directory.
func CacheDir() (string, error) {
	if d := os.Getenv("SEQC_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil { // no $HOME (a bare CI container): a per-user folder in the temp dir
		return filepath.Join(os.TempDir(), fmt.Sprintf("seqc-cache-%d", os.Getuid()), "llvm"), nil
	}
	return filepath.Join(d, "seqc", "llvm"), nil
}

// LoadText compiles LLVM IR text with llc (functions keep their own
// "target-cpu"), links it into a shared object under CacheDir, keyed by
// the text and the toolchain, and loads it. A second call with the same
// text, in this process or a later one, only loads.
func LoadText(ctx context.Context, llText string) (*native.Library, error) {
	if err := native.Available(); err != nil {
		return nil, err
	}
	dir, err := CacheDir()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("llvm: cache: %w", err)
	}
	sum := sha256.Sum256([]byte("seqc-llvm-1\x00" + llText))
	path := filepath.Join(dir, hex.EncodeToString(sum[:16])+".so")
	if _, err := os.Stat(path); err != nil {
		obj, err := Compile(ctx, llText, V3)
		if err != nil {
			return nil, err
		}
		if err := LinkShared(ctx, obj, path); err != nil {
			return nil, err
		}
	}
	return native.Open(path)
}

// CompileCached is Compile for x86-64-v3 through the cache: the object of
// a text compiled before (in this process or a later one) is read back.
func CompileCached(ctx context.Context, llText string) ([]byte, error) {
	dir, err := CacheDir()
	if err != nil {
		return Compile(ctx, llText, V3)
	}
	sum := sha256.Sum256([]byte("seqc-llvm-obj-1\x00" + llText))
	path := filepath.Join(dir, hex.EncodeToString(sum[:16])+".o")
	if obj, err := os.ReadFile(path); err == nil {
		return obj, nil
	}
	obj, err := Compile(ctx, llText, V3)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		tmp, err := os.CreateTemp(dir, ".obj-")
		if err == nil {
			_, werr := tmp.Write(obj)
			cerr := tmp.Close()
			if werr == nil && cerr == nil {
				os.Rename(tmp.Name(), path)
			} else {
				os.Remove(tmp.Name())
			}
		}
	}
	return obj, nil
}
