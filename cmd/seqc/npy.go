package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// cmdNpy makes .npy arrays (inputs for seqc run, without numpy) and shows
// what one holds (seqc run's outputs).
func cmdNpy(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "new" && args[0] != "show") {
		fmt.Fprintln(stderr, "usage: seqc npy new -o X.npy --shape 1,16,8 [--dtype f32|i32] [--fill normal|uniform|zeros|ones|arange] [--low A --high B] [--seed N]\n"+
			"       seqc npy new -o X.npy --values 1,2,3 [--shape 1,3] [--dtype f32|i32]\n"+
			"       seqc npy new -o IDS.npy --text 'hello'      (bytes as i32 token ids, shape [1, len])\n"+
			"       seqc npy show X.npy [--all]")
		return exitUsage
	}
	if args[0] == "show" {
		fs := flag.NewFlagSet("npy show", flag.ContinueOnError)
		all := fs.Bool("all", false, "print every element (default: the first 64)")
		fs.SetOutput(stderr)
		var files []string
		for rest := args[1:]; ; {
			if err := fs.Parse(rest); err != nil {
				return exitUsage
			}
			if fs.NArg() == 0 {
				break
			}
			files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
		}
		if len(files) != 1 {
			fmt.Fprintf(stderr, "seqc npy show: want one X.npy argument, got %d\n", len(files))
			return exitUsage
		}
		path := files[0]
		t, err := runtime.ReadNpy(path)
		if err != nil {
			return report(stderr, err)
		}
		fmt.Fprintf(stdout, "%s: %s", path, driver.DescribeArray(t, *all))
		return exitOK
	}
	fs := flag.NewFlagSet("npy new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "the .npy file to write")
	shape := fs.String("shape", "", "dimensions, e.g. 1,16,8 (default: from --values or --text)")
	dtype := fs.String("dtype", "", "f32 or i32 (default f32; i32 with --text)")
	fill := fs.String("fill", "", "normal (f32's default), uniform, zeros (i32's default), ones or arange")
	low := fs.Float64("low", 0, "with --fill uniform: the lowest value")
	high := fs.Float64("high", 0, "with --fill uniform: the bound above the values (default 1)")
	seed := fs.Uint64("seed", 1, "seed of the random fills")
	values := fs.String("values", "", "the elements, comma-separated, in row-major order")
	text := fs.String("text", "", "a string whose bytes are the elements (token ids of a byte-level model)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "seqc npy new: unexpected argument %q (the file is -o X.npy)\n", fs.Arg(0))
		return exitUsage
	}
	if *out == "" {
		fmt.Fprintln(stderr, "seqc npy new: -o X.npy is required")
		return exitUsage
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	spec := driver.ArraySpec{DType: *dtype, Fill: *fill, Low: *low, High: *high, Seed: *seed, Text: *text, HasText: given["text"], HasValues: given["values"]}
	if given["shape"] {
		s, err := driver.ParseShape(*shape)
		if err != nil {
			fmt.Fprintf(stderr, "seqc npy new: %v\n", err)
			return exitUsage
		}
		spec.Shape = s
	}
	if given["values"] {
		v, err := driver.ParseValues(*values)
		if err != nil {
			fmt.Fprintf(stderr, "seqc npy new: %v\n", err)
			return exitUsage
		}
		spec.Values = v
	}
	t, err := driver.NewArray(spec)
	if err != nil {
		fmt.Fprintf(stderr, "seqc npy new: %v\n", err)
		return exitUsage
	}
	if err := runtime.WriteNpy(*out, t); err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote %s%s to %s\n", t.DType, t.ShapeString(), *out)
	return exitOK
}
