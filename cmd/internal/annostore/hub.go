package annostore

import (
	"context"
	"sync"
)

// hub tells watchers of a container its newest cursor. Each watcher has a
// channel of one: a cursor sent replaces one not yet read, so a slow
// watcher never holds up a write and still hears of the newest.
type hub struct {
	mu       sync.Mutex
	watchers map[string]map[chan int64]struct{}
}

func newHub() *hub { return &hub{watchers: map[string]map[chan int64]struct{}{}} }

func (h *hub) watch(ctx context.Context, container string) <-chan int64 {
	ch := make(chan int64, 1)
	h.mu.Lock()
	if h.watchers[container] == nil {
		h.watchers[container] = map[chan int64]struct{}{}
	}
	h.watchers[container][ch] = struct{}{}
	h.mu.Unlock()
	go func() {
		<-ctx.Done()
		h.mu.Lock()
		delete(h.watchers[container], ch)
		if len(h.watchers[container]) == 0 {
			delete(h.watchers, container)
		}
		h.mu.Unlock()
		close(ch)
	}()
	return ch
}

// publish sends cursor to the container's watchers, unless one has heard
// of a newer one already.
func (h *hub) publish(container string, cursor int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.watchers[container] {
		c := cursor
		select {
		case old := <-ch:
			c = max(c, old)
		default:
		}
		ch <- c
	}
}

// containers are the containers watched, for a listener that lost its
// connection and must tell each its newest cursor again.
func (h *hub) containers() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	names := make([]string, 0, len(h.watchers))
	for c := range h.watchers {
		names = append(names, c)
	}
	return names
}
