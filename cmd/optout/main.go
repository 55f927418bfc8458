// Command optout takes a LinkedIn account out of "Data for Generative AI
// Improvement", with the person present. The genai flow itself lives in
// flows/genai.go; this package only parses flags and wires things together.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
