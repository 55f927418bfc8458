package automation

import (
	"github.com/go-rod/rod"
)

// Page is one browser tab whose navigations are held to an origin guard.
type Page struct {
	rod   *rod.Page
	guard *OriginGuard
}

func (p *Page) installGuard() error { return nil }

// OriginGuard limits navigations to allowed origins.
type OriginGuard struct{}
