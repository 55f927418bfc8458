package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/optout/optout/internal/atomicfile"
)

// ErrReceipts means a run's evidence cannot be written, so the run stops
// before it changes anything.
var ErrReceipts = errors.New("receipts cannot be written")

// Receipts stores each run's evidence under Dir/<account>/<UTC time>/:
// screenshots and receipt.json, directories 0700, files 0600, every file
// written atomically (a temporary file renamed into place).
type Receipts struct {
	Dir string
}

// Receipt is one run's evidence directory.
type Receipt struct {
	dir string
}

// Begin creates the run's directory and proves it can be written, so that a
// run that could not keep its evidence stops before changing anything.
func (r *Receipts) Begin(account string, at time.Time) (*Receipt, error) {
	dir := filepath.Join(r.Dir, account, at.UTC().Format("2006-01-02T15-04-05.000Z"))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReceipts, err)
	}
	rc := &Receipt{dir: dir}
	probe := filepath.Join(dir, ".write-test")
	if err := atomicfile.WriteFile(probe, []byte("ok")); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReceipts, err)
	}
	if err := os.Remove(probe); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReceipts, err)
	}
	return rc, nil
}

// Dir is the run's evidence directory.
func (rc *Receipt) Dir() string { return rc.dir }

// Save writes one evidence file and returns its path.
func (rc *Receipt) Save(name string, data []byte) (string, error) {
	path := filepath.Join(rc.dir, name)
	if err := atomicfile.WriteFile(path, data); err != nil {
		return "", fmt.Errorf("save %s: %w", name, err)
	}
	return path, nil
}

// SaveResult writes receipt.json: the result with time, URL, route, tool
// version and outcome.
// The values of form fields are personal data (names, emails): the receipt
// keeps which fields were filled, not what with.
func (rc *Receipt) SaveResult(r Result) (string, error) {
	if r.Fields != nil {
		masked := make(map[string]string, len(r.Fields))
		for label := range r.Fields {
			masked[label] = "(filled)"
		}
		r.Fields = masked
	}
	data, err := json.MarshalIndent(struct {
		Result
		Detail string `json:"detail,omitempty"`
	}{r, r.Detail}, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode receipt: %w", err)
	}
	return rc.Save("receipt.json", append(data, '\n'))
}
