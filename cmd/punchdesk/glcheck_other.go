//go:build !windows

package main

// checkOpenGL has nothing to do where a missing OpenGL already ends the
// app with GLFW's message on the terminal (Linux, macOS have Mesa or the
// system's drivers).
func checkOpenGL() error { return nil }

// showNativeError is only needed on Windows.
func showNativeError(title, text string) {}
