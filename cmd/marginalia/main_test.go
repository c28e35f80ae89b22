//go:build !wasm

package main

import (
	"bytes"
	"net"
	"strings"
	"testing"
)

func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run([]string{"serve", "-addr", ln.Addr().String()}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Errorf("serve on a taken address: %v", err)
	}
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"static"}, "-out DIR is required"},
		{[]string{"serve", "-addr"}, "flag needs an argument"},
	}
	for _, tt := range tests {
		if err := run(tt.args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
	var out bytes.Buffer
	if err := run([]string{"help"}, &out); err != nil || !strings.Contains(out.String(), "marginalia serve") {
		t.Errorf("help: %v, %q", err, out.String())
	}
}
