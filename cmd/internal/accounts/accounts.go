// Package accounts signs readers in to the annotation server and tells it
// who sends each request.
//
// Passwords are kept as argon2id hashes (golang.org/x/crypto/argon2, in
// the PHC string format); credentials are 256 random bits from
// crypto/rand, and the store keeps only their SHA-256. Two kinds:
//
//   - API tokens ("mrg_…"), printed by `marginalia user add` and sent as
//     "Authorization: Bearer TOKEN"; they last until revoked.
//   - Browser sessions ("mrs_…"), made by POST /auth/session with a name
//     and a password and kept in a cookie that scripts cannot read
//     (HttpOnly, SameSite=Lax, Secure on an https site); they last 30
//     days, or until DELETE /auth/session.
//
// A write sent with the cookie must come from this site: a cross-site
// form or fetch is refused with 403 (net/http's CrossOriginProtection:
// Sec-Fetch-Site, or Origin against Host). A Bearer token is never sent
// by a browser on its own, so it needs no such check.
//
// Failed sign-ins are counted in the database (so that several servers
// share the count), per address, per name from an address, and per
// name: after Limit failures within Window the answer is 429 with
// Retry-After. A name under attack is closed to the addresses that
// failed on it, not to its owner signing in from elsewhere.
//
// Endpoints, all JSON:
//
//	POST   /auth/session  {"name": …, "password": …} → 200 {"name", "groups"} and the cookie
//	GET    /auth/session  → 200 {"name", "groups"}, or 401
//	DELETE /auth/session  → 204, the credential ended
//	GET    /auth/signup   → 200 {"open": true|false}
//	POST   /auth/signup   {"name": …, "password": …} → 201 as POST /auth/session (only with serve -signup)
package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"marginalia/cmd/internal/annostore"
)

// The limit on failed sign-ins.
const (
	Limit  = 10
	Window = time.Minute
)

// CookieName is the session cookie.
const CookieName = "marginalia_session"

// SessionLife is how long a browser session lasts.
const SessionLife = 30 * 24 * time.Hour

// maxBody bounds a sign-in request.
const maxBody = 8 << 10

// Options are what a server tells Accounts.
type Options struct {
	// Signup lets the browser make accounts (POST /auth/signup).
	Signup bool
	// Secure marks the cookie Secure: the site is reached over https.
	Secure bool
	// TrustedOrigins are origins besides this site's own (scheme://host)
	// whose cookie writes are taken: the site's URL when a proxy in
	// front rewrites Host.
	TrustedOrigins []string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Accounts serves /auth/ and authenticates requests.
type Accounts struct {
	st   annostore.Store
	opt  Options
	cop  *http.CrossOriginProtection
	hash chan struct{} // bounds the password hashes computed at once (19 MiB each)
	fake []byte        // a hash to verify against for an unknown name
}

// New makes the accounts of a store.
func New(st annostore.Store, opt Options) (*Accounts, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	a := &Accounts{st: st, opt: opt, cop: http.NewCrossOriginProtection(), hash: make(chan struct{}, 4)}
	for _, o := range opt.TrustedOrigins {
		if err := a.cop.AddTrustedOrigin(o); err != nil {
			return nil, err
		}
	}
	a.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, http.StatusForbidden, "a write from another site is refused: send it from this site, or with a Bearer token")
	}))
	var err error
	if a.fake, err = HashPassword("not a password of anyone"); err != nil {
		return nil, err
	}
	return a, nil
}

// CheckName says what is wrong with the name of a new user or group, or
// nil: 1 to 64 lower-case letters, digits, '.', '_' and '-', starting
// with a letter or a digit, so that it is one path segment and two names
// never differ only by case.
func CheckName(name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("%q cannot be a name: use 1 to 64 characters", name)
	}
	for i := range len(name) {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return fmt.Errorf("%q cannot be a name: use lower-case letters, digits, '.', '_' and '-', starting with a letter or a digit", name)
		}
	}
	return nil
}

// AddUser makes an account with that password (the rules of CheckName
// and CheckPasswordRules); annostore.ErrExists when a user or a group
// has the name.
func (a *Accounts) AddUser(ctx context.Context, name, password string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if err := CheckPasswordRules(password); err != nil {
		return err
	}
	h, err := a.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return a.st.AddUser(ctx, name, h)
}

// NewToken makes an API token for the user and returns its secret, the
// only time it is seen.
func (a *Accounts) NewToken(ctx context.Context, user string) (string, error) {
	secret, hash, err := newSecret(apiPrefix)
	if err != nil {
		return "", err
	}
	err = a.st.AddToken(ctx, annostore.Token{Hash: hash, User: user, Kind: annostore.APIToken, Created: a.opt.Now()})
	return secret, err
}

// hashPassword hashes, a few at a time.
func (a *Accounts) hashPassword(ctx context.Context, pw string) ([]byte, error) {
	select {
	case a.hash <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-a.hash }()
	return HashPassword(pw)
}

// verify checks a password, a few at a time.
func (a *Accounts) verify(ctx context.Context, hash []byte, pw string) (bool, error) {
	select {
	case a.hash <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-a.hash }()
	return VerifyPassword(hash, pw)
}

// Authenticate is the user who sent the request: by its Bearer token or
// its session cookie. When there is none, or it is not good, or the
// request is a cross-site write with the cookie, or the database does
// not answer, it writes the answer (401 with WWW-Authenticate, 403, 503)
// and returns false.
func (a *Accounts) Authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			unauthorized(w, `Bearer realm="marginalia", error="invalid_request"`, "send the API token as “Authorization: Bearer TOKEN”")
			return "", false
		}
		user, err := a.st.TokenUser(r.Context(), HashToken(strings.TrimSpace(secret)), a.opt.Now())
		switch {
		case errors.Is(err, annostore.ErrNotFound):
			unauthorized(w, `Bearer realm="marginalia", error="invalid_token"`, "the token is not good (revoked, or mistyped)")
			return "", false
		case err != nil:
			unavailable(w, err)
			return "", false
		}
		return user, true
	}
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		unauthorized(w, `Bearer realm="marginalia"`, "sign in first: POST /auth/session, or send an API token")
		return "", false
	}
	user, err := a.st.TokenUser(r.Context(), HashToken(c.Value), a.opt.Now())
	switch {
	case errors.Is(err, annostore.ErrNotFound):
		a.clearCookie(w)
		unauthorized(w, `Bearer realm="marginalia"`, "the session has ended: sign in again")
		return "", false
	case err != nil:
		unavailable(w, err)
		return "", false
	}
	if err := a.cop.Check(r); err != nil {
		WriteError(w, http.StatusForbidden, "a write from another site is refused: send it from this site, or with a Bearer token")
		return "", false
	}
	return user, true
}

// ServeHTTP serves /auth/session and /auth/signup.
func (a *Accounts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/auth/session":
		switch r.Method {
		case http.MethodPost:
			a.signIn(w, r)
		case http.MethodGet, http.MethodHead:
			a.whoAmI(w, r)
		case http.MethodDelete:
			a.signOut(w, r)
		default:
			notAllowed(w, "GET, HEAD, POST, DELETE")
		}
	case "/auth/signup":
		switch r.Method {
		case http.MethodPost:
			a.signUp(w, r)
		case http.MethodGet, http.MethodHead:
			writeJSON(w, http.StatusOK, map[string]bool{"open": a.opt.Signup})
		default:
			notAllowed(w, "GET, HEAD, POST")
		}
	default:
		WriteError(w, http.StatusNotFound, "no such page")
	}
}

// credentials are a sign-in's or a sign-up's body.
type credentials struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// readCredentials reads the body, or writes what is wrong with it.
func readCredentials(w http.ResponseWriter, r *http.Request) (credentials, bool) {
	var c credentials
	if !isJSON(r.Header.Get("Content-Type")) {
		WriteError(w, http.StatusUnsupportedMediaType, "send the name and the password as JSON (Content-Type: application/json)")
		return c, false
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		WriteError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is over %d KB", maxBody>>10))
		return c, false
	case err != nil:
		WriteError(w, http.StatusBadRequest, "the request could not be read")
		return c, false
	}
	if err := json.Unmarshal(data, &c); err != nil || c.Name == "" || c.Password == "" {
		WriteError(w, http.StatusBadRequest, `send {"name": …, "password": …}`)
		return c, false
	}
	return c, true
}

// isJSON reports whether a Content-Type is JSON.
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	switch strings.ToLower(strings.TrimSpace(mt)) {
	case "application/json", "application/ld+json":
		return true
	}
	return false
}

// Address is the client's address, as the sign-in limit counts it: the
// IP of the connection (a proxy in front makes every client one address;
// the limit then works per name only in practice).
func Address(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limited reports whether the request must wait, and writes 429 (or 503)
// when it must.
func (a *Accounts) limited(w http.ResponseWriter, r *http.Request, name string) bool {
	ctx, since := r.Context(), a.opt.Now().Add(-Window)
	addr := Address(r)
	count := func(key string) (int, bool) {
		n, err := a.st.SignInFailures(ctx, key, since)
		if err != nil {
			unavailable(w, err)
			return 0, false
		}
		return n, true
	}
	byAddr, ok := count("a:" + addr)
	if !ok {
		return true
	}
	byNameAddr, ok := count("n:" + name + "@" + addr)
	if !ok {
		return true
	}
	byName, ok := count("n:" + name)
	if !ok {
		return true
	}
	if byAddr >= Limit || byNameAddr >= Limit || (byName >= Limit && byNameAddr > 0) {
		w.Header().Set("Retry-After", strconv.Itoa(int(Window/time.Second)))
		WriteError(w, http.StatusTooManyRequests, "too many failed sign-ins: wait a minute and try again")
		return true
	}
	return false
}

// failed counts a failed sign-in.
func (a *Accounts) failed(ctx context.Context, r *http.Request, name string) error {
	addr := Address(r)
	return a.st.SignInFailure(ctx, []string{"a:" + addr, "n:" + name + "@" + addr, "n:" + name}, a.opt.Now())
}

func (a *Accounts) signIn(w http.ResponseWriter, r *http.Request) {
	if err := a.cop.Check(r); err != nil {
		WriteError(w, http.StatusForbidden, "a sign-in from another site is refused")
		return
	}
	c, ok := readCredentials(w, r)
	if !ok || a.limited(w, r, c.Name) {
		return
	}
	ctx := r.Context()
	u, err := a.st.User(ctx, c.Name)
	hash := u.PasswordHash
	switch {
	case errors.Is(err, annostore.ErrNotFound):
		hash = a.fake // as long as a known name takes
	case err != nil:
		unavailable(w, err)
		return
	}
	good, err := a.verify(ctx, hash, c.Password)
	if err != nil && !errors.Is(err, errHash) {
		unavailable(w, err)
		return
	}
	if !good || u.Name == "" {
		if err := a.failed(ctx, r, c.Name); err != nil {
			unavailable(w, err)
			return
		}
		WriteError(w, http.StatusUnauthorized, "wrong name or password")
		return
	}
	a.startSession(w, r, u.Name, http.StatusOK)
}

// startSession gives the browser a new session, and answers who it is.
func (a *Accounts) startSession(w http.ResponseWriter, r *http.Request, user string, status int) {
	secret, hash, err := newSecret(sessionPrefix)
	if err != nil {
		unavailable(w, err)
		return
	}
	now := a.opt.Now()
	if err := a.st.AddToken(r.Context(), annostore.Token{Hash: hash, User: user, Kind: annostore.Session, Created: now, Expires: now.Add(SessionLife)}); err != nil {
		unavailable(w, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: secret, Path: "/",
		MaxAge: int(SessionLife / time.Second), HttpOnly: true, Secure: a.opt.Secure, SameSite: http.SameSiteLaxMode,
	})
	a.writeWho(w, r, user, status)
}

// writeWho answers the user's name and groups.
func (a *Accounts) writeWho(w http.ResponseWriter, r *http.Request, user string, status int) {
	groups, err := a.st.Groups(r.Context(), user)
	if err != nil {
		unavailable(w, err)
		return
	}
	if groups == nil {
		groups = []string{}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]any{"name": user, "groups": groups})
}

func (a *Accounts) whoAmI(w http.ResponseWriter, r *http.Request) {
	user, ok := a.Authenticate(w, r)
	if !ok {
		return
	}
	a.writeWho(w, r, user, http.StatusOK)
}

func (a *Accounts) signOut(w http.ResponseWriter, r *http.Request) {
	if _, ok := a.Authenticate(w, r); !ok {
		return
	}
	var secret string
	if h := r.Header.Get("Authorization"); h != "" {
		_, secret, _ = strings.Cut(h, " ")
	} else if c, err := r.Cookie(CookieName); err == nil {
		secret = c.Value
	}
	if err := a.st.DeleteToken(r.Context(), HashToken(strings.TrimSpace(secret))); err != nil {
		unavailable(w, err)
		return
	}
	a.clearCookie(w)
	w.WriteHeader(http.StatusNoContent)
}

func (a *Accounts) signUp(w http.ResponseWriter, r *http.Request) {
	if !a.opt.Signup {
		WriteError(w, http.StatusForbidden, "this server does not take sign-ups: ask its administrator for an account")
		return
	}
	if err := a.cop.Check(r); err != nil {
		WriteError(w, http.StatusForbidden, "a sign-up from another site is refused")
		return
	}
	c, ok := readCredentials(w, r)
	if !ok {
		return
	}
	// Sign-ups are counted as failures of the address, so that one
	// address cannot make accounts by the thousand.
	ctx, addr := r.Context(), Address(r)
	n, err := a.st.SignInFailures(ctx, "s:"+addr, a.opt.Now().Add(-Window))
	if err != nil {
		unavailable(w, err)
		return
	}
	if n >= Limit {
		w.Header().Set("Retry-After", strconv.Itoa(int(Window/time.Second)))
		WriteError(w, http.StatusTooManyRequests, "too many sign-ups from this address: wait a minute and try again")
		return
	}
	if err := a.st.SignInFailure(ctx, []string{"s:" + addr}, a.opt.Now()); err != nil {
		unavailable(w, err)
		return
	}
	err = a.AddUser(ctx, c.Name, c.Password)
	switch {
	case errors.Is(err, annostore.ErrExists):
		WriteError(w, http.StatusConflict, fmt.Sprintf("the name %q is taken: choose another", c.Name))
		return
	case err != nil && (CheckName(c.Name) != nil || CheckPasswordRules(c.Password) != nil):
		WriteError(w, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		unavailable(w, err)
		return
	}
	a.startSession(w, r, c.Name, http.StatusCreated)
}

func (a *Accounts) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: a.opt.Secure, SameSite: http.SameSiteLaxMode})
}

// WriteError answers an error as JSON: {"error": message}.
func WriteError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}

// Unavailable answers 503 for a database that does not answer, and logs
// why (the client is told only to retry).
func Unavailable(w http.ResponseWriter, err error) { unavailable(w, err) }

func unavailable(w http.ResponseWriter, err error) {
	if errors.Is(err, context.Canceled) {
		return // the client went away
	}
	log.Printf("annotation server: database: %v", err)
	w.Header().Set("Retry-After", "5")
	WriteError(w, http.StatusServiceUnavailable, "the server's database does not answer: try again in a moment (nothing was changed)")
}

func unauthorized(w http.ResponseWriter, challenge, message string) {
	w.Header().Set("WWW-Authenticate", challenge)
	WriteError(w, http.StatusUnauthorized, message)
}

func notAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	WriteError(w, http.StatusMethodNotAllowed, "use "+allow)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"the answer could not be written"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)+1))
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}
