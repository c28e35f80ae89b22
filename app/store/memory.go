package store

import (
	"maps"
	"slices"
)

// Memory is a Backend in memory, for tests. With Limit above zero, a Set
// that would make the values total more than Limit bytes fails with
// ErrQuota, as a full localStorage does.
type Memory struct {
	Limit int
	m     map[string]string
}

func (m *Memory) Get(key string) (string, bool, error) {
	v, ok := m.m[key]
	return v, ok, nil
}

func (m *Memory) Set(key, value string) error {
	if m.m == nil {
		m.m = map[string]string{}
	}
	if m.Limit > 0 {
		total := len(value)
		for k, v := range m.m {
			if k != key {
				total += len(v)
			}
		}
		if total > m.Limit {
			return ErrQuota
		}
	}
	m.m[key] = value
	return nil
}

func (m *Memory) Remove(key string) error {
	delete(m.m, key)
	return nil
}

func (m *Memory) Keys() ([]string, error) {
	return slices.Sorted(maps.Keys(m.m)), nil
}
