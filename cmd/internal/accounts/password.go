package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The argon2id cost of a new password hash: the first of OWASP's
// recommended settings (19 MiB, 2 passes, 1 lane), about 30 ms on a
// server core. A hash keeps its own parameters, so raising them later
// still verifies the old ones.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password lengths: a passphrase fits, a megabyte is not hashed.
const (
	MinPassword = 8
	MaxPassword = 1024
)

// CheckPasswordRules says what is wrong with a new password, or nil.
func CheckPasswordRules(pw string) error {
	switch n := len([]rune(pw)); {
	case n < MinPassword:
		return fmt.Errorf("the password is too short: use at least %d characters", MinPassword)
	case len(pw) > MaxPassword:
		return fmt.Errorf("the password is too long: at most %d bytes", MaxPassword)
	}
	return nil
}

// HashPassword is the argon2id hash of pw with a new random salt, in the
// PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash) that other
// tools read.
func HashPassword(pw string) ([]byte, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Appendf(nil, "$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// errHash is a stored hash this package cannot read.
var errHash = errors.New("accounts: not an argon2id hash")

// VerifyPassword reports whether pw is the password of the PHC hash, in
// time that does not depend on where they differ.
func VerifyPassword(hash []byte, pw string) (bool, error) {
	parts := strings.Split(string(hash), "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, errHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false, errHash
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false, errHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Token prefixes tell what a secret is when it turns up in a log or a
// secret scanner: an API token, or a browser session.
const (
	apiPrefix     = "mrg_"
	sessionPrefix = "mrs_"
)

// newSecret is a new credential: the secret (prefix and 32 random bytes,
// base64url) and the SHA-256 the store keeps instead.
func newSecret(prefix string) (secret string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret), nil
}

// HashToken is what the store keeps of a secret: a token has 256 random
// bits, so a fast hash is enough (nothing to guess), and a stolen
// database holds no usable credential.
func HashToken(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}
