package automation

import (
	"context"
	"fmt"

	"github.com/go-rod/rod/lib/proto"
)

// Screenshot captures what the window shows now (the viewport, not the whole
// page) as PNG.
func (p *Page) Screenshot(ctx context.Context) ([]byte, error) {
	return p.screenshot(ctx, false)
}

// ScreenshotPage captures the whole page, beyond the window, as PNG.
func (p *Page) ScreenshotPage(ctx context.Context) ([]byte, error) {
	return p.screenshot(ctx, true)
}

func (p *Page) screenshot(ctx context.Context, whole bool) ([]byte, error) {
	png, err := p.rod.Context(ctx).Screenshot(whole, &proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng, OptimizeForSpeed: true})
	if err != nil {
		return nil, fmt.Errorf("screenshot: %w", err)
	}
	return png, nil
}
