//go:build !windows

package main

// useUTF8Console has nothing to do where terminals speak UTF-8.
func useUTF8Console() {}
