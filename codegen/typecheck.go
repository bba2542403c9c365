package codegen

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"
)

// TypeCheck loads the package written in dir with go/packages and reports
// its type errors: a generated package that does not compile is seqc's
// bug, found at build time rather than at the user's go build. When dir is
// not inside a Go module that can resolve seqc's run-time packages (a
// scratch folder), checked is false and err says why.
func TypeCheck(dir string) (checked bool, err error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo, Dir: dir}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return false, err
	}
	if len(pkgs) == 0 {
		return false, fmt.Errorf("go list finds no package in %s (is it inside a Go module whose go.mod is tidy?)", dir)
	}
	var typeErrs, loadErrs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.TypeError || e.Kind == packages.ParseError {
				typeErrs = append(typeErrs, e.Error())
			} else {
				loadErrs = append(loadErrs, e.Error())
			}
		}
	}
	switch {
	case len(typeErrs) > 0:
		return true, fmt.Errorf("internal compiler error: the generated package does not compile:\n%s", strings.Join(typeErrs, "\n"))
	case len(loadErrs) > 0:
		return false, fmt.Errorf("%s", strings.Join(loadErrs, "; "))
	}
	return true, nil
}
