package flows

import (
	"context"
	"errors"
)

// Login makes sure the account's session is live, recognised by the global
// navigation's Me menu (not by "some page loaded"). When it is not, the
// person signs in in the window, with their own 2FA, CAPTCHA and checks;
// optout waits for them, bounded by HandOverTimeout, and never sees or asks
// for a password. It reports whether the session was live already.
// Headless (nobody at the window) a sign-in ends in ErrNeedsHuman.
func (s *Session) Login(ctx context.Context) (already bool, err error) {
	err = s.step(ctx, "Open LinkedIn", func(ctx context.Context) error {
		if err := s.Page.Navigate(ctx, s.at(FeedPath)); err != nil {
			return err
		}
		_, err := s.waitFor(ctx, signedInMarker)
		return missing(signedInMarker, err)
	})
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, ErrNeedsHuman) {
		return false, err
	}
	return false, s.handOver(ctx, err)
}
