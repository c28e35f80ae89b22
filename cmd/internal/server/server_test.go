package server

import "testing"

func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept       string
		haveBr, have bool
		want         string
	}{
		{"br", true, true, "br"},
		{"BR, GZIP", true, true, "br"},
		{"gzip;q=0.5, br;q=1.0", true, true, "br"},
		{"br", false, true, ""},
		{"br, gzip", false, true, "gzip"},
		{"gzip;q=0", true, true, ""},
		{"*", true, true, ""},
	}
	for _, tt := range tests {
		if got := negotiate(tt.accept, tt.haveBr, tt.have); got != tt.want {
			t.Errorf("negotiate(%q, %v, %v) = %q, want %q", tt.accept, tt.haveBr, tt.have, got, tt.want)
		}
	}
}

func TestFixAttributes(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<main aria-busy id="main">`, `<main aria-busy="true" id="main">`},
		{`<main id="main" aria-busy>`, `<main id="main" aria-busy="true">`},
		{`<main aria-busy="false">`, `<main aria-busy="false">`},
		{`<button disabled>`, `<button disabled>`},
		{`<p>text about aria-busy and more</p>`, `<p>text about aria-busy and more</p>`},
		{`<b aria-hidden aria-expanded>x</b>`, `<b aria-hidden="true" aria-expanded="true">x</b>`},
		{`<option value="note" selected="false">With notes</option>`, `<option value="note">With notes</option>`},
		{`<option value selected>All</option>`, `<option value selected>All</option>`},
		{`<button disabled="false" type="button" aria-pressed="false">`, `<button type="button" aria-pressed="false">`},
		{`<p>a note saying selected="false"</p>`, `<p>a note saying selected="false"</p>`},
		{`<input value="x\" selected=\"false\"" disabled="false">`, `<input value="x\" selected=\"false\"">`}, // go-app quotes values Go-style
	}
	for _, tt := range tests {
		if got := string(fixAttributes([]byte(tt.in))); got != tt.want {
			t.Errorf("fixAttributes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFixPageAllowsZoom(t *testing.T) {
	in := `<head><meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"></head><main aria-busy>`
	want := `<head><meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"></head><main aria-busy="true">`
	if got := string(fixPage([]byte(in))); got != want {
		t.Errorf("fixPage = %q, want %q", got, want)
	}
}
