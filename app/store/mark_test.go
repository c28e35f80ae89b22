package store

import (
	"encoding/json"
	"testing"
)

func TestStoredValues(t *testing.T) {
	tests := []struct {
		scenario, stored, want string
	}{
		{"a record", Stored(`{"schema":1}`), `{"schema":1}`},
		{"an empty value", Stored(""), ""},
		{"a value that starts with the mark", Stored("~x"), "~x"},
		{"a record written before the mark", `{"schema":1}`, `{"schema":1}`},
		{"a stamp written before the mark", `k3v9`, `k3v9`},
	}
	for _, tt := range tests {
		if got := Unstored(tt.stored); got != tt.want {
			t.Errorf("%s: Unstored(%q) = %q, want %q", tt.scenario, tt.stored, got, tt.want)
		}
	}
}

// go-app's state store reads every localStorage value as JSON: a stored
// record must fail at its first byte, not after a scan of the whole value.
func TestStoredValueIsNotJSON(t *testing.T) {
	var v struct{ ExpiresAt string }
	err := json.Unmarshal([]byte(Stored(`{"ExpiresAt":"2000-01-01T00:00:00Z"}`)), &v)
	se, ok := err.(*json.SyntaxError)
	if !ok || se.Offset != 1 {
		t.Errorf("decoding a stored value as JSON: %v, want a syntax error at its first byte", err)
	}
}
