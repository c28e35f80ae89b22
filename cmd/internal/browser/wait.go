package browser

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// pollEvery is how often Poll tries again.
const pollEvery = 50 * time.Millisecond

// Poll calls try until it reports done, and returns nil; once timeout has
// passed (or ctx has ended) it returns an error that wraps try's last
// error. It is the one waiting loop of the browser tests and the
// benchmarks: everything they wait for is a condition, never a fixed time.
func Poll(ctx context.Context, timeout time.Duration, try func() (done bool, err error)) error {
	deadline := time.Now().Add(timeout)
	for {
		done, err := try()
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("not so after %v: %w", timeout, err)
			}
			return fmt.Errorf("not so after %v", timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// WaitValue evaluates the JavaScript expression js in the page until done
// accepts its value, and returns that value; after timeout it returns the
// last value read, with an error.
func WaitValue[T any](ctx context.Context, js string, timeout time.Duration, done func(T) bool) (T, error) {
	var v T
	err := Poll(ctx, timeout, func() (bool, error) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
		if err != nil {
			return false, err
		}
		v = got
		return done(got), nil
	})
	return v, err
}

// WaitFor waits until the JavaScript expression js (which may give a
// promise) is true in the page, for at most timeout.
func WaitFor(ctx context.Context, js string, timeout time.Duration) error {
	_, err := WaitValue(ctx, js, timeout, func(ok bool) bool { return ok })
	return err
}
