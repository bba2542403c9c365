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
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load weights: %w", err)
	}
	if st.IsDir() {
		index := filepath.Join(path, indexFileName)
		if _, err := os.Stat(index); err == nil {
			return loadSharded(index)
		}
		single := filepath.Join(path, "model.safetensors")
		if _, err := os.Stat(single); err == nil {
			return loadSingle(single)
		}
		return nil, fmt.Errorf("load weights: directory %s holds neither %s nor model.safetensors", path, indexFileName)
	}
	if filepath.Ext(path) == ".json" {
		return loadSharded(path)
	}
	return loadSingle(path)
}

// loadSingle reads all tensors of one safetensors file.
func loadSingle(path string) (map[string]*Tensor, error) {
	out := make(map[string]*Tensor)
	if err := loadInto(out, path, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// loadInto adds the tensors of the file at path to out. A name already in out
// is an error; origin, when not nil, says where it came from and is updated.
func loadInto(out map[string]*Tensor, path string, origin map[string]string) error {
	f, err := OpenSafetensors(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, name := range f.Names() {
		if _, dup := out[name]; dup {
			return fmt.Errorf("%s: tensor %q is also in %s", path, name, origin[name])
		}
		t, err := f.Tensor(name)
		if err != nil {
			return err
		}
		out[name] = t
		if origin != nil {
			origin[name] = path
		}
	}
	return f.Close()
}

// loadSharded reads the shards named by an index file. Shard names are
// resolved relative to the index's directory and must stay inside it, so an
// index cannot make us read arbitrary files.
func loadSharded(indexPath string) (map[string]*Tensor, error) {
	data, err := os.ReadFile(indexPath)
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
	out := make(map[string]*Tensor)
	origin := make(map[string]string)
	for _, s := range shards {
		if err := loadInto(out, filepath.Join(dir, s), origin); err != nil {
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
			return nil, fmt.Errorf("%s: tensor %q is mapped to %s but that shard does not hold it", indexPath, name, weightMap[name])
		}
	}
	return out, nil
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
