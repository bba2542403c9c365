package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// indexFileName is the conventional name of a sharded checkpoint's index.
const indexFileName = "model.safetensors.index.json"

// LoadWeights reads every tensor of a checkpoint: a single .safetensors file,
// or a sharded checkpoint given either as the path of a
// model.safetensors.index.json ({"weight_map": {name: shard file}}) or a
// directory holding one. A directory without an index may instead hold a
// single model.safetensors. Duplicate names across shards are an error, as is
// a name the index maps to a shard that lacks it. Tensors are converted as by
// SafetensorsFile.Tensor.
func LoadWeights(path string) (map[string]*Tensor, error) {
	c, err := openCheckpoint(path)
	if err != nil {
		return nil, err
	}
	defer c.close()
	out := make(map[string]*Tensor, len(c.names))
	for _, name := range c.names {
		if out[name], err = c.byName[name].Tensor(name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LoadWeightsFor reads the tensors of a checkpoint (as LoadWeights) that a
// model expects, checking names and shapes from the headers first: a
// missing, unexpected or mis-shaped tensor is reported (as a *WeightsError)
// before any tensor is decoded, so that an unexpected tensor, however large,
// is never read. The decoded size of the expected tensors is counted against
// the budget (a nil budget allows everything) before they are decoded.
func LoadWeightsFor(path string, want []ParamSpec, b *Budget) (map[string]*Tensor, error) {
	c, err := openCheckpoint(path)
	if err != nil {
		return nil, err
	}
	defer c.close()
	shapes := make(map[string]*Tensor, len(c.names)) // shape-only stand-ins for the check
	for _, name := range c.names {
		_, shape, _ := c.byName[name].Info(name)
		shapes[name] = &Tensor{Shape: shape}
	}
	if err := CheckWeights(path, want, shapes); err != nil {
		return nil, err
	}
	var total int64
	for _, p := range want {
		if t := shapes[p.Name]; t != nil {
			total = AddBytes(total, ShapeBytes(t.Shape, 4))
		}
	}
	if err := b.Take("the weights in "+path, total); err != nil {
		return nil, err
	}
	out := make(map[string]*Tensor, len(want))
	for _, p := range want {
		f := c.byName[p.Name]
		if f == nil || out[p.Name] != nil {
			continue
		}
		if out[p.Name], err = f.Tensor(p.Name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkpoint is an opened checkpoint: its files' headers checked, no tensor
// decoded yet.
type checkpoint struct {
	files  []*SafetensorsFile
	byName map[string]*SafetensorsFile
	names  []string // sorted
}

func (c *checkpoint) close() {
	for _, f := range c.files {
		f.Close()
	}
}

// openCheckpoint opens the file or files of a checkpoint (see LoadWeights).
func openCheckpoint(path string) (*checkpoint, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load weights: %w", err)
	}
	if st.IsDir() {
		index := filepath.Join(path, indexFileName)
		if _, err := os.Stat(index); err == nil {
			return openSharded(index)
		}
		single := filepath.Join(path, "model.safetensors")
		if _, err := os.Stat(single); err == nil {
			return openSingle(single)
		}
		return nil, fmt.Errorf("load weights: directory %s holds neither %s nor model.safetensors", path, indexFileName)
	}
	if filepath.Ext(path) == ".json" {
		return openSharded(path)
	}
	return openSingle(path)
}

// openSingle opens one safetensors file.
func openSingle(path string) (*checkpoint, error) {
	c := &checkpoint{byName: map[string]*SafetensorsFile{}}
	if err := c.add(path, nil); err != nil {
		c.close()
		return nil, err
	}
	sort.Strings(c.names)
	return c, nil
}

// add opens the file at path and adds its tensors. A name already present
// is an error; origin, when not nil, says where it came from and is updated.
func (c *checkpoint) add(path string, origin map[string]string) error {
	f, err := OpenSafetensors(path)
	if err != nil {
		return err
	}
	c.files = append(c.files, f)
	for _, name := range f.Names() {
		if _, dup := c.byName[name]; dup {
			return fmt.Errorf("%s: tensor %q is also in %s", path, name, origin[name])
		}
		c.byName[name] = f
		c.names = append(c.names, name)
		if origin != nil {
			origin[name] = path
		}
	}
	return nil
}

// openSharded opens the shards named by an index file. Shard names are
// resolved relative to the index's directory and must stay inside it, so an
// index cannot make us read arbitrary files.
func openSharded(indexPath string) (*checkpoint, error) {
	data, err := ReadConfigFile(indexPath)
	if err != nil {
		return nil, fmt.Errorf("load weights: %w", err)
	}
	weightMap, err := parseWeightMap(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", indexPath, err)
	}
	shardSet := make(map[string]bool)
	for name, shard := range weightMap {
		if !filepath.IsLocal(shard) {
			return nil, fmt.Errorf("%s: tensor %q: shard %q is not a file name inside the index's directory", indexPath, name, shard)
		}
		shardSet[shard] = true
	}
	shards := make([]string, 0, len(shardSet))
	for s := range shardSet {
		shards = append(shards, s)
	}
	sort.Strings(shards) // a fixed order makes duplicate errors reproducible

	dir := filepath.Dir(indexPath)
	c := &checkpoint{byName: map[string]*SafetensorsFile{}}
	origin := make(map[string]string)
	for _, s := range shards {
		if err := c.add(filepath.Join(dir, s), origin); err != nil {
			c.close()
			return nil, fmt.Errorf("%s: %w", indexPath, err)
		}
	}
	names := make([]string, 0, len(weightMap))
	for name := range weightMap {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want := filepath.Join(dir, weightMap[name])
		if origin[name] != want {
			c.close()
			return nil, fmt.Errorf("%s: tensor %q is mapped to %s but that shard does not hold it", indexPath, name, weightMap[name])
		}
	}
	sort.Strings(c.names)
	return c, nil
}

// parseWeightMap extracts weight_map from an index file, rejecting duplicate
// names, which json.Unmarshal would silently merge.
func parseWeightMap(data []byte) (map[string]string, error) {
	var wm json.RawMessage
	err := forEachKey(data, func(key string, raw json.RawMessage) error {
		if key == "weight_map" {
			wm = raw
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if wm == nil {
		return nil, errors.New("no weight_map")
	}
	out := make(map[string]string)
	err = forEachKey(wm, func(name string, raw json.RawMessage) error {
		var shard string
		if err := json.Unmarshal(raw, &shard); err != nil {
			return fmt.Errorf("tensor %q: shard is not a string: %w", name, err)
		}
		out[name] = shard
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("weight_map: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("weight_map is empty")
	}
	return out, nil
}
