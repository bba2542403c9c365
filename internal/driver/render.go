package driver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// GraphFormats are the formats `seqc graph --format` writes: DOT text, or
// a picture rendered by Graphviz's dot.
var GraphFormats = []string{"dot", "svg", "png"}

// DotMissingError says that Graphviz's dot is needed and not installed.
type DotMissingError struct{ Format string }

func (e *DotMissingError) Error() string {
	return fmt.Sprintf("--format %s renders through Graphviz's dot, which is not installed (or not on PATH): "+
		"install it (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; https://graphviz.org/download/), "+
		"or write DOT with --format dot and render it elsewhere", e.Format)
}

// RenderGraph renders DOT text in format ("dot" returns it as it is; "svg"
// and "png" run Graphviz's dot, a *DotMissingError when it is not
// installed).
func RenderGraph(ctx context.Context, dot, format string) ([]byte, error) {
	switch format {
	case "", "dot":
		return []byte(dot), nil
	case "svg", "png":
	default:
		return nil, fmt.Errorf("unknown graph format %q: want %s", format, strings.Join(GraphFormats, ", "))
	}
	bin, err := exec.LookPath("dot")
	if err != nil {
		return nil, &DotMissingError{Format: format}
	}
	cmd := exec.CommandContext(ctx, bin, "-T"+format)
	cmd.Stdin = strings.NewReader(dot)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var ee *exec.ExitError
		if msg == "" || !errors.As(err, &ee) {
			msg = err.Error()
		}
		return nil, fmt.Errorf("graphviz dot -T%s failed: %s", format, msg)
	}
	if out.Len() == 0 {
		return nil, fmt.Errorf("graphviz dot -T%s wrote nothing", format)
	}
	return out.Bytes(), nil
}
