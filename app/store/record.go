package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"marginalia/app/annotation"
)

// migrations upgrade a record, as decoded JSON, from the schema version of
// their index + 1 to the next. A new schema version appends one here, and a
// fixture of the old version to testdata.
var migrations = []func(map[string]any) error{
	// Schema 0 is the unversioned record of early development: no "schema"
	// field, and the labels under "entityLabels".
	func(m map[string]any) error {
		if l, ok := m["entityLabels"]; ok {
			m["labels"] = l
			delete(m, "entityLabels")
		}
		return nil
	},
}

// decode reads a record of any known schema version, upgrades it, checks
// that it belongs to the article and that every record in it is valid.
func decode(raw string, articleID string) (Data, error) {
	// The current schema decodes in one pass, fast when the record is as
	// Save writes it; older ones go through the migrations on the generic
	// form.
	if rec, err := decodeFast(raw); err == nil && rec.Schema == Schema {
		return fromRecord(rec, articleID)
	}
	var rec record
	if err := json.Unmarshal([]byte(raw), &rec); err == nil && rec.Schema == Schema {
		return fromRecord(rec, articleID)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return Data{}, fmt.Errorf("not JSON: %w", err)
	}
	version := 0
	if v, ok := m["schema"]; ok {
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) || f < 0 {
			return Data{}, fmt.Errorf("bad schema version %v", v)
		}
		version = int(f)
	}
	if version > Schema {
		return Data{}, fmt.Errorf("schema version %d is newer than this app's %d: %w", version, Schema, ErrNewer)
	}
	for v := version; v < Schema; v++ {
		if err := migrations[v](m); err != nil {
			return Data{}, fmt.Errorf("upgrading from schema %d: %w", v, err)
		}
	}
	m["schema"] = Schema
	b, err := json.Marshal(m)
	if err != nil {
		return Data{}, err
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return Data{}, fmt.Errorf("wrong shape: %w", err)
	}
	return fromRecord(rec, articleID)
}

// fromRecord checks a decoded record and makes its data.
func fromRecord(rec record, articleID string) (Data, error) {
	if rec.Article != articleID {
		return Data{}, fmt.Errorf("the record is for article %q", rec.Article)
	}
	set, err := annotation.Load(rec.Annotations, rec.Entities)
	if err != nil {
		return Data{}, err
	}
	labels := rec.Labels
	if len(labels) == 0 {
		labels = slices.Clone(annotation.DefaultLabels)
	}
	return Data{Set: set, Labels: labels, Notebook: rec.Notebook}, nil
}
