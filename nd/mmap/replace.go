package mmap

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// A replacement is a new file being written beside the file it will
// replace, so that Save, SaveNPZ and Create never change the old file in
// place: the old data survives any failure (the new bytes go to a
// temporary file in the same directory, which is fsynced and then renamed
// over the old one, and the directory is fsynced), and a process that has
// the old file mapped keeps reading the old inode instead of faulting on
// a file truncated under it.
type replacement struct {
	f      *os.File
	target string // the path the file is renamed to: path, symbolic links followed
}

// newReplacement creates an empty temporary file in the directory of the
// file at path, with the permissions of the file there if there is one
// (0666 less the umask otherwise). path must name a regular file or
// nothing; a symbolic link is followed, so the file it points to is the
// one replaced.
func newReplacement(path string) (*replacement, error) {
	target := path
	st, err := os.Lstat(path)
	if err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return nil, err // a dangling link: nothing to replace, nowhere sure to write
		}
		st, err = os.Stat(target)
	}
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	perm := fs.FileMode(0o666)
	if exists {
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%w: %s is not a regular file (%v); write to a stream with Write", fs.ErrInvalid, target, st.Mode().Type())
		}
		perm = st.Mode().Perm()
	}
	dir, base := filepath.Split(target)
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if exists {
			// The umask may have narrowed the old file's permissions.
			err = f.Chmod(perm)
		}
		r := &replacement{f: f, target: target}
		if err != nil {
			r.discard()
			return nil, err
		}
		return r, nil
	}
	return nil, fmt.Errorf("%w: no free temporary name beside %s", fs.ErrExist, target)
}

// commit makes the replacement durable and puts it in place: fsync of the
// file, rename over the target, fsync of the directory. The file stays
// open. On error before the rename the target is untouched and the
// temporary file is removed; an error from the directory's fsync comes
// after the rename, with the new file in place but its name perhaps not
// yet on the device.
func (r *replacement) commit() error {
	err := r.f.Sync()
	if err == nil {
		err = os.Rename(r.f.Name(), r.target)
	}
	if err != nil {
		os.Remove(r.f.Name())
		return err
	}
	if err := syncDir(filepath.Dir(r.target)); err != nil {
		return fmt.Errorf("%s is in place, but its directory could not be synced: %w", r.target, err)
	}
	return nil
}

// discard closes and removes the temporary file, leaving the target as it
// was.
func (r *replacement) discard() {
	r.f.Close()
	os.Remove(r.f.Name())
}

// syncDir fsyncs the directory dir, so that a rename in it is on the
// device.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}

// replaceFile writes a new file at path with write and puts it in place of
// any file there only once write has succeeded and the data is on the
// device (see replacement). On any error, a panic in write included, the
// file at path is as it was and no temporary file is left.
func replaceFile(path string, write func(f *os.File) error) (err error) {
	r, err := newReplacement(path)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			r.discard()
		}
	}()
	if err := write(r.f); err != nil {
		return err
	}
	committed = true
	return errors.Join(r.commit(), r.f.Close())
}
