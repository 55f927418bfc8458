// Command optout takes a LinkedIn account out of "Data for Generative AI
// Improvement", with the person present. The flows themselves live in
// flows/; this package parses flags, wires things together and words what
// the person sees. Each command is a file: its options, a newCmdX that binds
// its flags, and an xRun that does the work with the IO it is given.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
