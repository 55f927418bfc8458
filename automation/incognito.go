package automation

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// disposeTimeout bounds disposing of an incognito context.
const disposeTimeout = 5 * time.Second

// Incognito opens a fresh browser context inside the running browser, like
// an incognito window: its tabs share no cookies, storage or cache with the
// browser's profile or with any other context, and nothing of it is written
// to disk. Its Close disposes of that context and its tabs only; the
// browser, its profile and other contexts go on. The context bounds the
// opening only. Close the contexts before the browser they came from.
//
// Calling Incognito on a context opens a new, separate context (a sibling,
// not a child).
func (b *Browser) Incognito(ctx context.Context) (*Browser, error) {
	if b == nil || b.rod == nil {
		return nil, errors.New("open incognito context: the browser is closed")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open incognito context: %w", err)
	}
	r, err := b.rod.Context(ctx).Incognito()
	if err != nil {
		return nil, fmt.Errorf("open incognito context: %w", err)
	}
	// The context outlives ctx, like a tab (see NewPage): later calls carry
	// their own.
	return &Browser{rod: r.Context(b.rod.GetContext()), incognito: true}, nil
}

// dispose closes an incognito context and every tab in it, bounded.
func (b *Browser) dispose() error {
	ctx, cancel := context.WithTimeout(context.Background(), disposeTimeout)
	defer cancel()
	if err := b.rod.Context(ctx).Close(); err != nil {
		return fmt.Errorf("close incognito context: %w", timeoutErr(err))
	}
	return nil
}
