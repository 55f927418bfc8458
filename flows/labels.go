package flows

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed labels.json
var labelsJSON []byte

// labelTable maps a label key to its wordings per language.
type labelTable map[string]map[string][]string

var labels = mustLoadLabels(labelsJSON)

// knownTexts holds every wording in the tables and every title in the
// catalogue, lowercased.
var knownTexts = func() map[string]bool {
	set := map[string]bool{}
	for _, perLang := range labels {
		for _, texts := range perLang {
			for _, t := range texts {
				set[strings.ToLower(t)] = true
			}
		}
	}
	for _, s := range catalogue.Settings {
		for _, t := range s.texts() {
			set[strings.ToLower(t)] = true
		}
	}
	return set
}()

// isKnownText reports whether text is one of the wordings the flows look for.
func isKnownText(text string) bool { return knownTexts[strings.ToLower(strings.TrimSpace(text))] }

func mustLoadLabels(data []byte) labelTable {
	raw := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &raw); err != nil {
		panic(fmt.Sprintf("flows: labels.json: %v", err))
	}
	t := labelTable{}
	for key, msg := range raw {
		if key == "_comment" {
			continue
		}
		var perLang map[string][]string
		if err := json.Unmarshal(msg, &perLang); err != nil {
			panic(fmt.Sprintf("flows: labels.json %q: %v", key, err))
		}
		t[key] = perLang
	}
	return t
}

// Texts returns every wording of a label in every language, English first:
// the account's UI language is not known in advance.
func (t labelTable) Texts(key string) []string {
	perLang, ok := t[key]
	if !ok {
		panic("flows: no label " + key)
	}
	return wordings(perLang)
}

// wordings lists a text's wordings in every language, English first, then
// by language code.
func wordings(perLang map[string][]string) []string {
	langs := make([]string, 0, len(perLang))
	for lang := range perLang {
		if lang != "en" {
			langs = append(langs, lang)
		}
	}
	sort.Strings(langs)
	out := append([]string(nil), perLang["en"]...)
	for _, lang := range langs {
		out = append(out, perLang[lang]...)
	}
	return out
}
