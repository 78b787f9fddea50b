package main

import (
	"fmt"
	"regexp"
	"unsafe"
)

// addr is the address of a buffer's first byte, for showing alignment.
func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// hexAddress matches an address as mem's messages and log records write it.
var hexAddress = regexp.MustCompile(`0x[0-9a-f]{4,}`)

// addressLabels names the addresses in the tour's text by the order in
// which they first appear ("buf#1", "buf#2", ...), so that what the
// tour prints is the same from run to run while still showing which
// records are about the same buffer.
type addressLabels map[string]string

// replace returns s with every address in it replaced by its label.
func (l addressLabels) replace(s string) string {
	return hexAddress.ReplaceAllStringFunc(s, func(a string) string {
		if _, ok := l[a]; !ok {
			l[a] = fmt.Sprintf("buf#%d", len(l)+1)
		}
		return l[a]
	})
}
