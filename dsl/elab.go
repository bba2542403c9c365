package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// Options selects the model to lower and its hyperparameter values.
type Options struct {
	Model  string            // model declaration to lower; "" = the file's only model
	Set    map[string]string // --set overrides, by hyperparameter name
	Config map[string]any    // a flat JSON config; keys that name no hyperparameter are ignored
	// Block lets Model name a block rather than a model, to check a
	// library block on its own (seqc check on a file without a model).
	Block bool
}

type fileScope struct {
	file    *File
	decls   map[string]*Decl
	imports map[string]*fileScope
}

// scope is a function's variables, falling back to an instance's members,
// its file's declarations and imports, and the builtins.
type scope struct {
	vars map[string]any
	inst *instance
	fs   *fileScope
}

type elab struct {
	prog     *Program
	files    map[string]*fileScope
	mod      *ir.Module
	errs     ErrorList
	fn       *fnCtx
	pathCtx  *string        // checkpoint path of the field being elaborated, if any
	argOf    string         // the callee whose arguments are being evaluated, if any
	carries  []scanCarry    // the carries of the scans whose bodies are being elaborated
	curField *FieldDecl     // the field being elaborated, if any
	flatList bool           // list elements share pathCtx instead of adding their index
	retPos   lexer.Position // the return statement that ended the function being run
	depth    int
	steps    int // elaboration work so far (MaxElaboration)
	ops      int // ops created so far (MaxOps)
	// blockRoot is set when a library block is checked on its own: each
	// '..' in its signature stands for one symbolic leading axis.
	blockRoot bool
}

// fnCtx is the function being lowered.
type fnCtx struct {
	b      *ir.Builder
	params map[string]*ir.Value
	consts map[string]*ir.Value
}

// Lower checks the program's model and lowers it to an IR module. Errors are
// an ErrorList of positioned messages.
func Lower(prog *Program, opts Options) (m *ir.Module, err error) {
	e := &elab{prog: prog, files: map[string]*fileScope{}, blockRoot: opts.Block}
	defer func() {
		if r := recover(); r != nil {
			le, ok := r.(limitExceeded)
			if !ok {
				panic(r)
			}
			m, err = nil, append(e.errs, le.err).sorted()
		}
	}()
	for p, f := range prog.Files {
		e.files[p] = &fileScope{file: f, decls: map[string]*Decl{}}
	}
	for p, fsc := range e.files {
		for _, d := range fsc.file.Decls {
			if prev := fsc.decls[d.Name]; prev != nil {
				e.errs = append(e.errs, &Error{Pos: d.Pos, Msg: fmt.Sprintf("%s redeclared (first declared at line %d)", d.Name, prev.Pos.Line)})
			}
			fsc.decls[d.Name] = d
		}
		fsc.imports = map[string]*fileScope{}
		for _, imp := range fsc.file.Imports {
			fsc.imports[importAlias(imp)] = e.files[resolveImport(p, imp.Path)]
		}
	}
	root := e.rootScope()
	model := e.findModel(root, opts.Model, opts.Block)
	if model == nil || len(e.errs) > 0 {
		return nil, e.result()
	}
	if opts.Block && !model.HasFuncs() {
		e.errs = append(e.errs, &Error{Pos: model.Pos, Msg: fmt.Sprintf("block %s has no functions to check", model.Name)})
		return nil, e.result()
	}
	e.mod = &ir.Module{Name: model.Name}
	var inst *instance
	e.catch(func() { inst = e.instantiateRoot(model, root, opts) })
	if inst == nil || len(e.errs) > 0 {
		return nil, e.result()
	}
	e.mod.SortParams()
	names := e.entryPoints(inst, opts.Block)
	if len(names) == 0 && len(inst.methods) > 0 && len(e.errs) == 0 {
		e.errs = append(e.errs, &Error{Pos: model.Pos, Msg: fmt.Sprintf("model %s has no entry point: name one function forward, or mark functions entry (entry encode(...) { ... })", model.Name)})
	}
	for _, n := range names {
		e.lowerRootFunc(inst, inst.methods[n])
	}
	if len(e.errs) > 0 {
		return nil, e.result()
	}
	e.mod.Renumber()
	if err := ir.Verify(e.mod); err != nil {
		return nil, fmt.Errorf("internal compiler error: lowering produced invalid IR: %w", err)
	}
	return e.mod, nil
}

// entryPoints lists the root's functions to lower, forward first, then by
// name, and records the others as helpers. A model's entry points are
// forward and the functions marked entry; the rest are helpers, inlined
// where the entry points call them. A library block checked on its own
// (block) lowers every function whose compile-time arguments all have
// defaults; the others are checked where they are called.
func (e *elab) entryPoints(inst *instance, block bool) []string {
	var names []string
	for n, fd := range inst.methods {
		entry := n == "forward" || fd.Entry
		if block {
			entry = true
			for _, a := range fd.Args {
				entry = entry && (a.Type != nil || a.Default != nil)
			}
		}
		if entry {
			names = append(names, n)
		} else {
			e.mod.Helpers = append(e.mod.Helpers, n)
		}
	}
	sort.Strings(e.mod.Helpers)
	sort.Slice(names, func(i, j int) bool { // forward first, then by name
		return names[i] == "forward" || (names[j] != "forward" && names[i] < names[j])
	})
	return names
}

func (e *elab) result() error {
	if len(e.errs) == 0 {
		return nil
	}
	return e.errs.sorted()
}

func (e *elab) rootScope() *fileScope {
	for _, f := range e.files {
		if f.file == e.prog.Root {
			return f
		}
	}
	return nil
}

func (e *elab) findModel(fs *fileScope, name string, blocks bool) *Decl {
	var models []*Decl
	for _, d := range fs.file.Decls {
		if (d.Kind == "model" || (blocks && d.Name == name)) && (name == "" || d.Name == name) {
			models = append(models, d)
		}
	}
	pos := lexer.Position{Filename: fs.file.Path, Line: 1, Column: 1}
	switch {
	case len(models) == 1:
		return models[0]
	case name != "":
		if d := fs.decls[name]; d != nil {
			e.errs = append(e.errs, &Error{Pos: d.Pos, Msg: fmt.Sprintf("%s is a block, not a model: declare it with 'model' to compile it", name)})
		} else {
			e.errs = append(e.errs, &Error{Pos: pos, Msg: fmt.Sprintf("no model named %s", name)})
		}
	case len(models) == 0:
		e.errs = append(e.errs, &Error{Pos: pos, Msg: "no model declared: a compilation root is a 'model' declaration"})
	default:
		e.errs = append(e.errs, &Error{Pos: models[1].Pos, Msg: fmt.Sprintf("several models (%s, %s): choose one with --model", models[0].Name, models[1].Name)})
	}
	return nil
}

// instantiateRoot elaborates the model with defaults and overrides.
func (e *elab) instantiateRoot(d *Decl, fs *fileScope, opts Options) *instance {
	known := map[string]*HyperDecl{}
	for _, h := range d.Hypers {
		known[h.Name] = h
	}
	keys := make([]string, 0, len(opts.Set))
	for k := range opts.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kwargs := map[string]any{}
	ckeys := make([]string, 0, len(opts.Config))
	for k := range opts.Config {
		ckeys = append(ckeys, k)
	}
	sort.Strings(ckeys)
	bad := 0
	for _, k := range ckeys {
		v := opts.Config[k]
		h := known[k]
		if h == nil {
			continue
		}
		if s, ok := v.(string); (ok && s == "auto" && h.Type != "string") || v == nil {
			continue // "auto" (Mamba's dt_rank) and null keep the declared default
		}
		cv, err := convertConfig(h.Type, v)
		if err != nil {
			e.errs = append(e.errs, &Error{Pos: h.Pos, Msg: fmt.Sprintf("bad value for hyperparameter %s in config: %v", k, err)})
			bad++
			continue
		}
		kwargs[k] = cv
	}
	for _, k := range keys {
		h := known[k]
		if h == nil {
			e.errs = append(e.errs, &Error{Pos: d.Pos, Msg: fmt.Sprintf("unknown hyperparameter %s in --set %s=%s (model %s has: %s)%s", k, k, opts.Set[k], d.Name, hyperNames(d), suggest(k, hyperList(d)))})
			bad++
			continue
		}
		cv, err := parseOverride(h.Type, opts.Set[k])
		if err != nil {
			e.errs = append(e.errs, &Error{Pos: h.Pos, Msg: fmt.Sprintf("bad override --set %s=%s: %v", k, opts.Set[k], err)})
			bad++
			continue
		}
		kwargs[k] = cv
	}
	if bad > 0 {
		e.abort()
	}
	inst := e.instantiate(d, fs, nil, kwargs, "", d.Pos, nil)
	for _, h := range inst.hypers {
		v := inst.members[h]
		kind := "int"
		switch v.(type) {
		case float64:
			kind = "float"
		case bool:
			kind = "bool"
		case string:
			kind = "string"
		}
		e.mod.Hypers = append(e.mod.Hypers, ir.Hyper{Name: h, Kind: kind, Value: v})
	}
	return inst
}

func hyperList(d *Decl) []string {
	var names []string
	for _, h := range d.Hypers {
		names = append(names, h.Name)
	}
	return names
}

func hyperNames(d *Decl) string {
	var names []string
	for _, h := range d.Hypers {
		names = append(names, h.Name)
	}
	if len(names) == 0 {
		return "no hyperparameters"
	}
	return strings.Join(names, ", ")
}

func joinPath(prefix, seg string) string {
	if prefix == "" {
		return seg
	}
	if seg == "" {
		return prefix
	}
	return prefix + "." + seg
}

// instantiate elaborates one block: binds its hyperparameters, then
// evaluates its members in order.
func (e *elab) instantiate(d *Decl, fs *fileScope, args []any, kwargs map[string]any, path string, pos lexer.Position, ties map[string]tieRef) *instance {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > 64 {
		e.fail(pos, "blocks nested more than 64 deep: is %s instantiating itself?", d.Name)
	}
	inst := &instance{decl: d, file: fs, path: path, members: map[string]any{}, methods: map[string]*FuncDecl{}, ties: ties, fieldPaths: map[string]lexer.Position{}}
	if len(args) > len(d.Hypers) {
		e.fail(pos, "too many arguments to %s: got %d, it takes %d (%s)", d.Name, len(args), len(d.Hypers), hyperNames(d))
	}
	for k := range kwargs {
		found := false
		for _, h := range d.Hypers {
			found = found || h.Name == k
		}
		if !found {
			e.fail(pos, "unknown argument %s to %s (it takes %s)%s", k, d.Name, hyperNames(d), suggest(k, hyperList(d)))
		}
	}
	sc := &scope{vars: map[string]any{}, inst: inst, fs: fs}
	seenHyper := map[string]bool{}
	for _, h := range d.Hypers {
		if seenHyper[h.Name] {
			e.fail(h.Pos, "hyperparameter %s declared twice in %s", h.Name, d.Name)
		}
		seenHyper[h.Name] = true
	}
	for i, h := range d.Hypers {
		var v any
		given := false
		if i < len(args) {
			v, given = args[i], true
			if _, dup := kwargs[h.Name]; dup {
				e.fail(pos, "argument %s to %s given twice", h.Name, d.Name)
			}
		} else if kv, ok := kwargs[h.Name]; ok {
			v, given = kv, true
		}
		if !given {
			if h.Default == nil {
				if path == "" && e.fn == nil && (d.Kind == "model" || e.blockRoot) {
					e.fail(h.Pos, "hyperparameter %s of %s %s has no default: give it with --set %s=... or --config", h.Name, d.Kind, d.Name, h.Name)
				}
				e.fail(pos, "missing argument %s to %s (hyperparameter without a default)", h.Name, d.Name)
			}
			v = e.eval(h.Default, sc)
		}
		cv, err := coerceHyper(h.Type, v)
		if err != nil {
			p := pos
			if !given {
				p = h.Default.Pos
			}
			e.fail(p, "hyperparameter %s of %s: %v", h.Name, d.Name, err)
		}
		inst.members[h.Name] = cv
		inst.hypers = append(inst.hypers, h.Name)
		e.checkBounds(d, h, sc, cv, given, pos, path == "" && e.fn == nil && (d.Kind == "model" || e.blockRoot))
	}
	e.collectMethods(inst, d.Members)
	for _, m := range d.Members {
		e.member(inst, sc, m)
	}
	return inst
}

// checkBounds checks a hyperparameter's value against the range declared
// in its signature (d_model: int > 0). A model's own hyperparameter (root)
// is reported at its declaration, with where the value came from; a block's
// at the call that gave it.
func (e *elab) checkBounds(d *Decl, h *HyperDecl, sc *scope, v any, given bool, pos lexer.Position, root bool) {
	for _, b := range h.Bounds {
		x, ok := num(v)
		if !ok {
			e.fail(b.Pos, "hyperparameter %s is a %s: a range (%s) applies to int and float hyperparameters", h.Name, h.Type, b.Op)
		}
		bv := e.evalAdd(b.Value, sc)
		y, ok := num(bv)
		if !ok {
			e.fail(b.Value.Pos, "the bound of hyperparameter %s must be a number, got %s", h.Name, kindOf(bv))
		}
		var in bool
		switch b.Op {
		case ">":
			in = x > y
		case ">=":
			in = x >= y
		case "<":
			in = x < y
		case "<=":
			in = x <= y
		case "!=":
			in = x != y
		}
		if in {
			continue
		}
		bound := b.Op + " " + addExprText(b.Value)
		if s := formatValue(bv); s != addExprText(b.Value) {
			bound += " = " + s
		}
		switch {
		case root && given:
			e.fail(h.Pos, "hyperparameter %s of %s %s must be %s, got %s (from --set or --config)", h.Name, d.Kind, d.Name, bound, formatValue(v))
		case !given && h.Default != nil:
			e.fail(h.Default.Pos, "hyperparameter %s of %s: its default %s is not %s", h.Name, d.Name, formatValue(v), bound)
		default:
			e.fail(pos, "argument %s to %s must be %s, got %s (its range is declared at %s:%d:%d)", h.Name, d.Name, bound, formatValue(v), h.Pos.Filename, h.Pos.Line, h.Pos.Column)
		}
	}
}

func (e *elab) collectMethods(inst *instance, ms []*Member) {
	for _, m := range ms {
		if m.Func != nil {
			if inst.methods[m.Func.Name] != nil {
				e.fail(m.Pos, "function %s redeclared in %s", m.Func.Name, inst.decl.Name)
			}
			if m.Func.Entry && inst.decl.Kind != "model" {
				e.fail(m.Pos, "entry marks an entry point of a model; the functions of block %s are called by the blocks that use it (declare it with model to compile it on its own)", inst.decl.Name)
			}
			inst.methods[m.Func.Name] = m.Func
		}
	}
}

func (e *elab) define(inst *instance, pos lexer.Position, name string, v any) {
	if _, dup := inst.members[name]; dup {
		e.fail(pos, "%s redeclared in %s", name, inst.decl.Name)
	}
	if inst.methods[name] != nil {
		e.fail(pos, "%s redeclared in %s (it is also a function)", name, inst.decl.Name)
	}
	inst.members[name] = v
}

func (e *elab) member(inst *instance, sc *scope, m *Member) {
	switch {
	case m.Const != nil:
		v := e.eval(m.Const.Value, sc)
		if !isCompileTime(v) {
			e.fail(m.Const.Value.Pos, "const %s must be a compile-time value, got %s", m.Const.Name, kindOf(v))
		}
		if m.Const.Name != "_" { // const _ = assert(...) checks without binding
			e.define(inst, m.Pos, m.Const.Name, v)
		}
	case m.Field != nil:
		if _, dup := inst.members[m.Field.Name]; dup || inst.methods[m.Field.Name] != nil {
			e.fail(m.Pos, "%s redeclared in %s", m.Field.Name, inst.decl.Name)
		}
		seg := m.Field.Name
		if m.Field.Rename != nil {
			seg = e.evalString(m.Field.Rename, sc, "a field's checkpoint name")
		}
		p := joinPath(inst.path, seg)
		if seg != "" {
			if prev, taken := inst.fieldPaths[seg]; taken {
				e.fail(m.Pos, "field %s has checkpoint path %s, already used by the field at line %d", m.Field.Name, p, prev.Line)
			}
			inst.fieldPaths[seg] = m.Pos
		}
		saved, savedFlat, savedField := e.pathCtx, e.flatList, e.curField
		e.pathCtx, e.curField = &p, m.Field
		// A list field renamed "" puts its elements' parameters directly
		// under the parent (PyTorch RNNs: weight_ih_l0, weight_ih_l1, ...).
		e.flatList = m.Field.Rename != nil && seg == ""
		v := e.eval(m.Field.Value, sc)
		e.pathCtx, e.flatList, e.curField = saved, savedFlat, savedField
		e.define(inst, m.Pos, m.Field.Name, v)
	case m.Param != nil:
		e.param(inst, sc, m.Param)
	case m.If != nil:
		v := e.eval(m.If.Cond, sc)
		c, ok := v.(bool)
		if !ok {
			e.failCondition(v, m.If.Cond.Pos)
		}
		body := m.If.Else
		if c {
			body = m.If.Then
		}
		e.collectMethods(inst, body)
		for _, mm := range body {
			e.member(inst, sc, mm)
		}
	}
}

func (e *elab) evalString(x *Expr, sc *scope, what string) string {
	s, ok := e.eval(x, sc).(string)
	if !ok {
		e.fail(x.Pos, "%s must be a string", what)
	}
	return s
}

func (e *elab) param(inst *instance, sc *scope, pd *ParamDecl) {
	for _, d := range pd.Type.Dims {
		if name, ok := bareIdent(d.Expr); ok && isSymbolName(name) && !e.resolves(sc, name) {
			e.fail(d.Pos, "parameter %s has symbolic dimension %s: parameter shapes must be fixed by hyperparameters", pd.Name, name)
		}
	}
	t := e.tensorType(pd.Type, sc)
	for i, d := range t.Shape {
		if !d.IsConst() {
			e.fail(pd.Type.Pos, "parameter %s has symbolic dimension %s at axis %d: parameter shapes must be fixed by hyperparameters", pd.Name, d, i)
		}
		if d.Add < 0 {
			e.fail(pd.Type.Pos, "parameter %s has negative dimension %d", pd.Name, d.Add)
		}
	}
	seg := pd.Name
	if pd.Rename != nil {
		seg = e.evalString(pd.Rename, sc, "a parameter's checkpoint name")
	}
	if joinPath(inst.path, seg) == "" {
		e.fail(pd.Pos, "parameter %s has an empty checkpoint name: rename it or its block with a non-empty name", pd.Name)
	}
	p := &ir.Param{Name: joinPath(inst.path, seg), Type: t, Pos: irPos(pd.Pos)}
	if pd.Init != nil {
		iv, ok := e.eval(pd.Init, sc).(*initVal)
		if !ok {
			e.fail(pd.Init.Pos, "parameter %s: initialiser must be an init.NAME(...) call", pd.Name)
		}
		p.Init = iv.text
	}
	if tgt, tied := inst.ties[pd.Name]; tied {
		p.TiedTo = tgt.p.p.Name
		if tgt.p.p.TiedTo != "" {
			p.TiedTo = tgt.p.p.TiedTo
		}
		if !tgt.p.p.Type.Equal(t) {
			e.fail(tgt.pos, "cannot tie %s %s to %s %s: types differ", p.Name, t, tgt.p.p.Name, tgt.p.p.Type)
		}
	}
	if prev := e.mod.Param(p.Name); prev != nil {
		if f := e.curField; f != nil && joinsLists(f.Value) {
			e.fail(f.Pos, "field %s gives two blocks one checkpoint path (parameter %s twice): a list joined from several lists restarts its indices at 0; build the stack in one comprehension, with select choosing each element's kind", f.Name, p.Name)
		}
		e.fail(pd.Pos, "parameter %s declared twice (also at %s)", p.Name, prev.Pos)
	}
	e.mod.Params = append(e.mod.Params, p)
	e.define(inst, pd.Pos, pd.Name, &paramVal{p: p})
}

// joinsLists reports whether x is a sum of list literals or comprehensions
// ([A(d) for ...] + [B(d) for ...]).
func joinsLists(x *Expr) bool {
	if x == nil || len(x.Rest) > 0 || len(x.Left.Rest) > 0 || x.Left.Left.Op != "" || x.Left.Left.Left.Hi != nil {
		return false
	}
	a := x.Left.Left.Left.Left
	if len(a.Rest) == 0 || len(a.Left.Rest) > 0 || a.Left.Left.Op != "" {
		return false
	}
	return a.Left.Left.Operand.Primary.List != nil
}

func irPos(p lexer.Position) ir.Pos { return ir.Pos{File: p.Filename, Line: p.Line, Col: p.Column} }

func isCompileTime(v any) bool {
	switch l := v.(type) {
	case int, float64, bool, string, ir.Dim, noneVal, rangeVal:
		return true
	case list:
		for _, x := range l {
			if !isCompileTime(x) {
				return false
			}
		}
		return true
	}
	return false
}
