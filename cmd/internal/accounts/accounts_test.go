package accounts

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"marginalia/cmd/internal/annostore"
	"marginalia/cmd/internal/annostore/storetest"
	"marginalia/cmd/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse “battery” 😀")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(h), "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %s is not a PHC argon2id string", h)
	}
	h2, _ := HashPassword("correct horse “battery” 😀")
	if string(h) == string(h2) {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"correct horse “battery” 😀", true},
		{"correct horse “battery” 😁", false},
		{"correct horse \"battery\" 😀", false},
		{"", false},
	} {
		got, err := VerifyPassword(h, tc.pw)
		if err != nil || got != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tc.pw, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=0,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaA"} {
		if ok, err := VerifyPassword([]byte(bad), "x"); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"alice", true}, {"team-2026", true}, {"a.b_c", true}, {"0", true},
		{"", false}, {"Alice", false}, {"-x", false}, {".x", false}, {"a/b", false}, {"a b", false}, {"é", false},
		{strings.Repeat("a", 64), true}, {strings.Repeat("a", 65), false},
	} {
		if err := CheckName(tc.name); (err == nil) != tc.ok {
			t.Errorf("CheckName(%q) = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

// bench is the accounts of a fresh store, on a clock the test moves.
type bench struct {
	st  annostore.Store
	a   *Accounts
	mu  sync.Mutex
	now time.Time
}

func newBench(t *testing.T, url string, opt Options) *bench {
	t.Helper()
	st, err := annostore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &bench{st: st, now: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)}
	opt.Now = func() time.Time { b.mu.Lock(); defer b.mu.Unlock(); return b.now }
	if b.a, err = New(st, opt); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *bench) wait(d time.Duration) { b.mu.Lock(); b.now = b.now.Add(d); b.mu.Unlock() }

// do sends a request from an address to the accounts, and to Authenticate
// under /api/ (answering 200 "user" when it passes).
func (b *bench) do(method, path, addr, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://marginalia.test"+path, strings.NewReader(body))
	r.RemoteAddr = addr + ":40000"
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	if strings.HasPrefix(path, "/api/") {
		if user, ok := b.a.Authenticate(w, r); ok {
			w.WriteString(user)
		}
	} else {
		b.a.ServeHTTP(w, r)
	}
	return w
}

func signIn(name, pw string) string {
	data, _ := json.Marshal(credentials{name, pw})
	return string(data)
}

func cookieOf(t *testing.T, w *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == CookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", CookieName, w.Header())
	return nil
}

func TestSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		for _, secure := range []bool{false, true} {
			b := newBench(t, url, Options{Secure: secure})
			ctx := context.Background()
			name := map[bool]string{false: "alice", true: "bob"}[secure]
			if err := b.a.AddUser(ctx, name, "s3cret words"); err != nil {
				t.Fatal(err)
			}
			if err := b.st.AddMembers(ctx, "team-"+name, []string{name}); err != nil {
				t.Fatal(err)
			}
			w := b.do("POST", "/auth/session", "10.0.0.1", signIn(name, "s3cret words"))
			if w.Code != http.StatusOK {
				t.Fatalf("sign in: %d %s", w.Code, w.Body)
			}
			c := cookieOf(t, w)
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != secure || c.Path != "/" || c.MaxAge < 86400 {
				t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Secure=%v, Path=/, a lasting MaxAge", c, secure)
			}
			if !strings.HasPrefix(c.Value, "mrs_") || len(c.Value) < 40 {
				t.Errorf("session secret %q: want mrs_ and 256 bits", c.Value)
			}
			var who struct {
				Name   string
				Groups []string
			}
			if err := json.Unmarshal(w.Body.Bytes(), &who); err != nil || who.Name != name || len(who.Groups) != 1 || who.Groups[0] != "team-"+name {
				t.Errorf("sign in answered %s, want the name and the group", w.Body)
			}
			cookie := "Cookie"
			val := CookieName + "=" + c.Value
			if w := b.do("GET", "/auth/session", "10.0.0.2", "", cookie, val); w.Code != 200 || !strings.Contains(w.Body.String(), `"name":"`+name+`"`) {
				t.Errorf("GET /auth/session with the cookie: %d %s", w.Code, w.Body)
			}
			if w := b.do("PUT", "/api/x", "10.0.0.2", "", cookie, val); w.Body.String() != name {
				t.Errorf("a write with the cookie: %d %s, want it authenticated", w.Code, w.Body)
			}
			// A session lasts 30 days.
			b.wait(SessionLife + time.Minute)
			if w := b.do("GET", "/api/x", "10.0.0.2", "", cookie, val); w.Code != http.StatusUnauthorized {
				t.Errorf("a session after 30 days: %d %s, want 401", w.Code, w.Body)
			}
			w = b.do("POST", "/auth/session", "10.0.0.1", signIn(name, "s3cret words"))
			val = CookieName + "=" + cookieOf(t, w).Value
			if w := b.do("DELETE", "/auth/session", "10.0.0.2", "", cookie, val); w.Code != http.StatusNoContent || cookieOf(t, w).MaxAge >= 0 {
				t.Errorf("sign out: %d, cookie %v; want 204 and the cookie removed", w.Code, w.Header()["Set-Cookie"])
			}
			if w := b.do("GET", "/auth/session", "10.0.0.2", "", cookie, val); w.Code != http.StatusUnauthorized {
				t.Errorf("the session after signing out: %d, want 401", w.Code)
			}
		}
	})
}

func TestTokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		b := newBench(t, url, Options{})
		ctx := context.Background()
		if err := b.a.AddUser(ctx, "carol", "password1"); err != nil {
			t.Fatal(err)
		}
		tok, err := b.a.NewToken(ctx, "carol")
		if err != nil || !strings.HasPrefix(tok, "mrg_") {
			t.Fatalf("NewToken = %q, %v", tok, err)
		}
		tok2, _ := b.a.NewToken(ctx, "carol")
		for _, tc := range []struct {
			name, header string
			code         int
			challenge    string
		}{
			{"token", "Bearer " + tok, 200, ""},
			{"lower-case scheme", "bearer " + tok, 200, ""},
			{"mistyped", "Bearer " + tok + "x", 401, `error="invalid_token"`},
			{"basic", "Basic Y2Fyb2w6cGFzc3dvcmQx", 401, `error="invalid_request"`},
			{"empty", "Bearer ", 401, `error="invalid_request"`},
			{"none", "", 401, `Bearer realm="marginalia"`},
		} {
			var w *httptest.ResponseRecorder
			if tc.header == "" {
				w = b.do("POST", "/api/x", "10.0.0.1", "")
			} else {
				w = b.do("POST", "/api/x", "10.0.0.1", "", "Authorization", tc.header)
			}
			if w.Code != tc.code || (tc.code == 200 && w.Body.String() != "carol") || !strings.Contains(w.Header().Get("WWW-Authenticate"), tc.challenge) {
				t.Errorf("%s: %d %q WWW-Authenticate %q; want %d %q", tc.name, w.Code, w.Body, w.Header().Get("WWW-Authenticate"), tc.code, tc.challenge)
			}
			if tc.code != 200 && !strings.Contains(w.Body.String(), `"error"`) {
				t.Errorf("%s: %s is not a JSON error", tc.name, w.Body)
			}
		}
		if n, err := b.st.RevokeTokens(ctx, "carol"); err != nil || n != 2 {
			t.Fatalf("RevokeTokens = %d, %v", n, err)
		}
		for _, s := range []string{tok, tok2} {
			if w := b.do("GET", "/api/x", "10.0.0.1", "", "Authorization", "Bearer "+s); w.Code != http.StatusUnauthorized {
				t.Errorf("a revoked token: %d, want 401", w.Code)
			}
		}
	})
}

func TestCrossSiteWrites(t *testing.T) {
	b := newBench(t, storetest.SQLite(t), Options{TrustedOrigins: []string{"https://annotate.example.org"}})
	ctx := context.Background()
	if err := b.a.AddUser(ctx, "dan", "password1"); err != nil {
		t.Fatal(err)
	}
	tok, _ := b.a.NewToken(ctx, "dan")
	val := CookieName + "=" + cookieOf(t, b.do("POST", "/auth/session", "10.0.0.1", signIn("dan", "password1"))).Value
	for _, tc := range []struct {
		name   string
		method string
		header []string
		code   int
	}{
		{"same site", "POST", []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://marginalia.test"}, 200},
		{"same origin, no fetch metadata", "PUT", []string{"Origin", "http://marginalia.test"}, 200},
		{"trusted origin behind a proxy", "PUT", []string{"Origin", "https://annotate.example.org"}, 200},
		{"typed in the address bar", "POST", []string{"Sec-Fetch-Site", "none"}, 200},
		{"not a browser", "DELETE", nil, 200},
		{"cross site", "POST", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, 403},
		{"same site, other origin", "DELETE", []string{"Sec-Fetch-Site", "same-site", "Origin", "http://x.marginalia.test"}, 403},
		{"old browser, other origin", "PUT", []string{"Origin", "https://evil.example"}, 403},
		{"cross-site read", "GET", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, 200},
	} {
		w := b.do(tc.method, "/api/x", "10.0.0.1", "", append([]string{"Cookie", val}, tc.header...)...)
		if w.Code != tc.code {
			t.Errorf("%s with the cookie: %d %s, want %d", tc.name, w.Code, w.Body, tc.code)
		}
		// A token is never sent by a browser on its own: no check.
		w = b.do(tc.method, "/api/x", "10.0.0.1", "", append([]string{"Authorization", "Bearer " + tok}, tc.header...)...)
		if w.Code != 200 {
			t.Errorf("%s with a token: %d %s, want 200", tc.name, w.Code, w.Body)
		}
	}
	// Nor may another site sign a browser in (login CSRF).
	if w := b.do("POST", "/auth/session", "10.0.0.1", signIn("dan", "password1"), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); w.Code != 403 {
		t.Errorf("cross-site sign-in: %d, want 403", w.Code)
	}
}

func TestSignInLimit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		b := newBench(t, url, Options{})
		ctx := context.Background()
		for _, n := range []string{"erin", "frank"} {
			if err := b.a.AddUser(ctx, n, "right password"); err != nil {
				t.Fatal(err)
			}
		}
		const attacker, owner = "192.0.2.66", "198.51.100.7"
		for i := range Limit {
			if w := b.do("POST", "/auth/session", attacker, signIn("erin", "guess "+string(rune('a'+i)))); w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "wrong name or password") {
				t.Fatalf("failure %d: %d %s, want 401", i+1, w.Code, w.Body)
			}
		}
		w := b.do("POST", "/auth/session", attacker, signIn("erin", "right password"))
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
			t.Errorf("after %d failures, the right password from the same address: %d Retry-After %q, want 429 with Retry-After", Limit, w.Code, w.Header().Get("Retry-After"))
		}
		if w := b.do("POST", "/auth/session", attacker, signIn("frank", "right password")); w.Code != http.StatusTooManyRequests {
			t.Errorf("another name from the address: %d, want 429 (limited per address)", w.Code)
		}
		if w := b.do("POST", "/auth/session", owner, signIn("erin", "right password")); w.Code != http.StatusOK {
			t.Errorf("the right password from elsewhere: %d %s, want 200", w.Code, w.Body)
		}
		// The name is limited too: the addresses that failed on it wait.
		for i := range 3 {
			addr := "203.0.113." + string(rune('1'+i))
			if w := b.do("POST", "/auth/session", addr, signIn("erin", "wrong")); w.Code != http.StatusUnauthorized {
				t.Fatalf("a first failure from %s: %d", addr, w.Code)
			}
			if w := b.do("POST", "/auth/session", addr, signIn("erin", "right password")); w.Code != http.StatusTooManyRequests {
				t.Errorf("a name with %d failures, from an address that failed on it: %d, want 429", Limit+i+1, w.Code)
			}
		}
		if w := b.do("POST", "/auth/session", "198.51.100.8", signIn("frank", "right password")); w.Code != http.StatusOK {
			t.Errorf("another name from a clean address: %d, want 200", w.Code)
		}
		// A minute later, the attacker's address may try again.
		b.wait(Window + time.Second)
		if w := b.do("POST", "/auth/session", attacker, signIn("erin", "right password")); w.Code != http.StatusOK {
			t.Errorf("a minute later: %d %s, want 200", w.Code, w.Body)
		}
		// An unknown name counts as a failure as well.
		for range Limit {
			b.do("POST", "/auth/session", "192.0.2.99", signIn("nobody", "x"))
		}
		if w := b.do("POST", "/auth/session", "192.0.2.99", signIn("erin", "right password")); w.Code != http.StatusTooManyRequests {
			t.Errorf("after %d unknown names: %d, want 429", Limit, w.Code)
		}
	})
}

func TestSignUp(t *testing.T) {
	closed := newBench(t, storetest.SQLite(t), Options{})
	if w := closed.do("GET", "/auth/signup", "10.0.0.1", ""); w.Code != 200 || !strings.Contains(w.Body.String(), `"open":false`) {
		t.Errorf("GET /auth/signup, closed: %d %s", w.Code, w.Body)
	}
	if w := closed.do("POST", "/auth/signup", "10.0.0.1", signIn("gina", "password1")); w.Code != http.StatusForbidden {
		t.Errorf("sign-up without -signup: %d, want 403", w.Code)
	}
	if _, err := closed.st.User(context.Background(), "gina"); err == nil {
		t.Error("the closed server made the account")
	}
	storetest.Run(t, func(t *testing.T, url string) {
		b := newBench(t, url, Options{Signup: true})
		if w := b.do("GET", "/auth/signup", "10.0.0.1", ""); !strings.Contains(w.Body.String(), `"open":true`) {
			t.Errorf("GET /auth/signup, open: %s", w.Body)
		}
		for _, tc := range []struct {
			name, body, ct string
			code           int
			says           string
		}{
			{"good", signIn("gina", "a long passphrase"), "application/json", 201, `"name":"gina"`},
			{"taken", signIn("gina", "another passphrase"), "application/json", 409, "taken"},
			{"upper case", signIn("Gina", "a long passphrase"), "application/json", 400, "lower-case"},
			{"short password", signIn("hank", "short"), "application/json", 400, "too short"},
			{"not JSON", "name=hank&password=x", "application/x-www-form-urlencoded", 415, "JSON"},
			{"no password", `{"name":"hank"}`, "application/json", 400, "password"},
			{"huge", `{"name":"hank","password":"` + strings.Repeat("x", 9<<10) + `"}`, "application/json", 413, "KB"},
		} {
			w := b.do("POST", "/auth/signup", "10.0.0.1", tc.body, "Content-Type", tc.ct)
			if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.says) {
				t.Errorf("%s: %d %s, want %d saying %q", tc.name, w.Code, w.Body, tc.code, tc.says)
			}
		}
		// The account works, and the old password of a taken name is kept.
		if w := b.do("POST", "/auth/session", "10.0.0.2", signIn("gina", "a long passphrase")); w.Code != 200 {
			t.Errorf("signing in to the new account: %d %s", w.Code, w.Body)
		}
		for range Limit {
			b.do("POST", "/auth/signup", "10.0.0.9", signIn("x", "password1"))
		}
		if w := b.do("POST", "/auth/signup", "10.0.0.9", signIn("ivan", "password1")); w.Code != http.StatusTooManyRequests {
			t.Errorf("the %dth sign-up from one address in a minute: %d, want 429", Limit+1, w.Code)
		}
	})
}

func TestDatabaseDown(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		b := newBench(t, url, Options{Signup: true})
		ctx := context.Background()
		b.a.AddUser(ctx, "jo", "password1")
		tok, _ := b.a.NewToken(ctx, "jo")
		b.st.Close()
		for _, w := range []*httptest.ResponseRecorder{
			b.do("POST", "/auth/session", "10.0.0.1", signIn("jo", "password1")),
			b.do("GET", "/api/x", "10.0.0.1", "", "Authorization", "Bearer "+tok),
			b.do("GET", "/api/x", "10.0.0.1", "", "Cookie", CookieName+"=mrs_x"),
			b.do("POST", "/auth/signup", "10.0.0.1", signIn("kim", "password1")),
		} {
			if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "try again") {
				t.Errorf("with the database down: %d %s, want 503 with Retry-After", w.Code, w.Body)
			}
		}
	})
}
