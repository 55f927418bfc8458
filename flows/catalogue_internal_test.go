package flows

import (
	"slices"
	"testing"
)

// TestEntryWordingsOfTheGuides: Data privacy's entry is found by text, when
// its address moves, in every wording public guides quote (they disagree),
// and each wording is a text evidence keeps.
func TestEntryWordingsOfTheGuides(t *testing.T) {
	texts := genaiSetting.texts()
	for _, w := range []string{"Data for Generative AI Improvement", "Daten zur Verbesserung generativer KI",
		"Daten zur generativen KI-Verbesserung", "Daten für generative KI-Verbesserung",
		"Données pour l'amélioration de l'IA générative", "Datos para mejorar la IA generativa"} {
		if !slices.Contains(texts, w) {
			t.Errorf("the entry's wordings lack %q: %q", w, texts)
		}
		if !isKnownText(w) {
			t.Errorf("%q is not a text evidence keeps", w)
		}
	}
	for _, s := range Catalogue() {
		for _, w := range s.texts() {
			if len(w) <= 3 {
				t.Errorf("%s: %q is a language code, not a wording", s.Name, w)
			}
		}
	}
}
