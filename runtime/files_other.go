//go:build !unix

package runtime

import (
	"io/fs"
	"os"
)

func openNoBlock(path string) (*os.File, error) { return os.Open(path) }

func openDirect(path string) (*os.File, error) { return os.OpenFile(path, os.O_WRONLY, 0) }

func linkCount(fs.FileInfo) uint64 { return 1 }

func keepOwner(*os.File, fs.FileInfo) {}
