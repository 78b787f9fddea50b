package main

import "unsafe"

// addr is the address of a buffer's first byte, for showing alignment.
func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
