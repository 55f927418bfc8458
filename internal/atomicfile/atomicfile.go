// Package atomicfile writes files that a reader sees whole or not at all.
package atomicfile

import (
	"os"
	"path/filepath"
)

// WriteFile writes data to path with mode 0600 through a synced temporary
// file in the same directory, renamed into place; on any failure the
// temporary file is removed and path is left as it was.
func WriteFile(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
