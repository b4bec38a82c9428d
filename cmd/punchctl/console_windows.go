package main

import "golang.org/x/sys/windows"

// useUTF8Console switches the console punchctl runs in to UTF-8 (code page
// 65001), input and output. punchctl writes UTF-8; a Japanese Windows console
// reads CP932 by default, so names and remarks would turn to mojibake in the
// window and in what cmd pipes on to more or findstr. The setting is left in
// place on exit: the programs reading the pipe print after punchctl ends.
// Without a console (a scheduled task) there is nothing to switch.
func useUTF8Console() {
	const utf8 = 65001
	_ = windows.SetConsoleOutputCP(utf8)
	_ = windows.SetConsoleCP(utf8)
}
