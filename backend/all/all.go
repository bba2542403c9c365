// Package all links every backend of this build into a program: the
// interpreter always, and the native backends. The compiler (cmd/seqc,
// internal/driver) imports it; a generated package links only what it was
// built for.
package all

import (
	_ "github.com/seqc-dev/seqc/backend/interp" // "go"
	_ "github.com/seqc-dev/seqc/backend/llvm"   // "llvm", where llc and AVX2 are
	_ "github.com/seqc-dev/seqc/backend/ptx"    // "ptx" where a GPU is, "ptx-emu" where llvm is
)
