// Package stdlib embeds the .seq standard library (imported as "std/NAME").
package stdlib

import "embed"

// FS holds the library sources: "std/nn" is nn.seq.
//
//go:embed *.seq
var FS embed.FS
