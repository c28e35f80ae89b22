package server

import "testing"

// TestNegotiate checks Accept-Encoding against RFC 9110 (12.5.3): weights
// are qvalues (0 to 1, at most three decimals), 0 refuses, "*" stands for
// codings not named, a malformed weight voids its element.
func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept         string
		haveBr, haveGz bool
		want           string
	}{
		{"br", true, true, "br"},
		{"BR, GZIP", true, true, "br"},
		{"gzip;q=0.5, br;q=1.0", true, true, "br"},
		{"gzip;q=1, br;q=0.5", true, true, "gzip"},
		{"gzip, br", true, true, "br"}, // a tie: the smaller
		{"br", false, true, ""},
		{"br, gzip", false, true, "gzip"},
		{"gzip;q=0", true, true, ""},
		{"br;q=0, gzip", true, true, "gzip"},
		{"br;Q=0, gzip", true, true, "gzip"},
		{"br ; q=0 , gzip", true, true, "gzip"},
		{"*", true, true, "br"},
		{"*;q=0.5, br;q=0", true, true, "gzip"},
		{"gzip, *;q=0", true, true, "gzip"},
		{"identity", true, true, ""},
		{"", true, true, ""},
		{"br;q=-1", true, true, ""},
		{"br;q=abc", true, true, ""},
		{"br;q=1.5", true, true, ""},
		{"br;q=1.001", true, true, ""},
		{"br;q=0.1234", true, true, ""},
		{"br;q=.5", true, true, ""},
		{"br;q=", true, true, ""},
		{"br;q=1.000", true, true, "br"},
		{"br;q=0.001", true, true, "br"},
		{"br;q=abc, gzip;q=0.2", true, true, "gzip"},
		{"br;level=1;q=0.5", true, true, "br"},
		{", ,br", true, true, "br"},
	}
	for _, tt := range tests {
		if got := negotiate(tt.accept, tt.haveBr, tt.haveGz); got != tt.want {
			t.Errorf("negotiate(%q, %v, %v) = %q, want %q", tt.accept, tt.haveBr, tt.haveGz, got, tt.want)
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
		// go-app quotes values Go-style; HTML reads no backslash escape.
		{`<input value="x\" selected=\"false\"" disabled="false">`, `<input value="x&#34; selected=&#34;false&#34;">`},
		{`<meta property="og:url" content="http://h/?a=\"><meta/http-equiv=refresh/content=0;url=//example.com/><x/y=\"">`,
			`<meta property="og:url" content="http://h/?a=&#34;&gt;&lt;meta/http-equiv=refresh/content=0;url=//example.com/&gt;&lt;x/y=&#34;">`},
		{`<a title="1 < 2 > 0 & \\ ’" href="/a/x?b=1&c=2">x > y</a>`, `<a title="1 &lt; 2 &gt; 0 &amp; \ ’" href="/a/x?b=1&amp;c=2">x > y</a>`},
		{`<p title="line\nbreak \u00a0\x01">`, "<p title=\"line\nbreak \u00a0\x01\">"},
		{`<img src="/web/icon.svg" alt class="brand-mark">`, `<img src="/web/icon.svg" alt class="brand-mark">`},
		{`<link rel="preload" href="/web/app.wasm" as="fetch" crossorigin="anonymous">`, `<link rel="preload" href="/web/app.wasm" as="fetch" crossorigin="anonymous">`},
		{`<!DOCTYPE html>`, `<!DOCTYPE html>`},
		{`</main>`, `</main>`},
		{`<br/>`, `<br/>`},
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
