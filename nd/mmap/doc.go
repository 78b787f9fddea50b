// Package mmap keeps numgo arrays in files: a memory-mapped allocator whose
// arrays live in a file and survive the process, and NumPy's .npy and .npz
// formats, mapped or read, in both directions.
//
// NewAllocator maps a file as a mem.Allocator: arrays made with
// nd.With(alloc) live in the file, which grows as they are carved out while
// their addresses never move (the mapping reserves room up front). Sync
// makes the data durable; Close unmaps it and invalidates every array made
// from it (Err wraps mem.ErrReleased; element access panics saying the file
// was closed), which is what NumPy's memmap lacks. To reopen data in a
// later run, prefer a .npy file (Create, then Open), which records its
// shape and dtype; a raw file is found again only by replaying the same
// requests with nd.Empty, and nd.Zeros on it clears what it held.
//
// Create writes a .npy header and maps the data; Open maps an existing .npy
// (written by NumPy or here), checking its dtype against the element type;
// Append grows it in place along its growth axis. Save and Load (Write and
// Read for streams) copy .npy data through any allocator without mapping;
// SaveNPZ, LoadNPZ and MapNPZ do the same for .npz archives.
//
// A file opened ReadOnly is mapped private copy-on-write: arrays over it
// refuse Set with a panic naming the file, and the unchecked escape hatches
// (Data, Storage) that write anyway change only this process's copy of a
// page, never the file, and do not fault.
//
// Save, SaveNPZ and Create never change an existing file in place: they
// write a new file beside it, fsync it, rename it over the old one and
// fsync the directory. A failure at any point (a full disk, a write error,
// a released array) leaves the old file exactly as it was, and a mapping
// of the old file, in this process or another, keeps reading the old
// data.
//
// What still faults: a mapping reads the file's pages on demand, so if
// another program truncates a mapped file (or the device fails to read a
// page), the next read of a lost page raises SIGBUS, ReadOnly or not,
// exactly as it does under NumPy's memmap, and Go ends the process with
// "unexpected fault address". CatchFault runs a function with such faults
// turned into an error wrapping ErrFault; see it for what it covers.
//
// Every function that opens a file opens only regular files, and refuses
// a named pipe or a device at once (fs.ErrInvalid) instead of blocking in
// open(2). Read, Load and LoadNPZ never allocate on a header's word alone:
// a declared size is checked against what the file or archive member
// holds, and from a stream of unknown length memory is allocated as the
// data arrives (see Read).
//
// Fuzz the header parser locally with
//
//	go test -run '^$' -fuzz FuzzReadHeader -fuzztime 60s ./nd/mmap
//
// and Read's allocation bound with -fuzz '^FuzzRead$' (CI runs the seed
// corpora, NumPy's own test_format.py cases among them, as unit tests).
package mmap

import "errors"

// Sentinel errors. Errors from this package wrap one of these, or one of
// package mem's, and say what was found.
var (
	// ErrFormat: the file is not a well-formed .npy (or .npz member): bad
	// magic, version, header or size.
	ErrFormat = errors.New("mmap: not a valid .npy file")
	// ErrDType: the file's dtype is not the element type asked for, is
	// big-endian, or is a type numgo has no element for.
	ErrDType = errors.New("mmap: dtype mismatch")
	// ErrReadOnly: a write to a file opened ReadOnly.
	ErrReadOnly = errors.New("mmap: file is read-only")
	// ErrFault: a read or write of a mapped file faulted (the file shrank
	// under its mapping, or its device failed), caught by CatchFault.
	ErrFault = errors.New("mmap: memory fault in a mapped file")
)
