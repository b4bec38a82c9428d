//go:build !windows

package main

// systemLanguage is empty off Windows: the locale variables say it.
func systemLanguage() string { return "" }
