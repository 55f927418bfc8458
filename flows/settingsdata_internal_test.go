package flows

import "testing"

func TestCardValue(t *testing.T) {
	const key = "allowDataForGenerativeAI"
	for _, tc := range []struct {
		name, body string
		want       State
		ok         bool
	}{
		{"the fake site's card", `{"key":"allowDataForGenerativeAI","entityUrn":"urn:li:settingEntity:7","settingDisplayType":"TOGGLE","value":true}`, On, true},
		{"off", `{"key":"allowDataForGenerativeAI","value":false}`, Off, true},
		{"nested in a collection", `{"elements":[{"key":"other","value":true},{"setting":{"key":"allowDataForGenerativeAI","value":"OFF"}}]}`, Off, true},
		{"words", `{"key":"allowDataForGenerativeAI","value":"Enabled"}`, On, true},
		{"the same value twice", `[{"key":"allowDataForGenerativeAI","value":true},{"key":"allowDataForGenerativeAI","value":"on"}]`, On, true},
		{"two values disagree", `[{"key":"allowDataForGenerativeAI","value":true},{"key":"allowDataForGenerativeAI","value":false}]`, Unknown, false},
		{"a value in an unknown form", `{"key":"allowDataForGenerativeAI","value":{"enabled":true}}`, Unknown, false},
		{"a known and an unknown form", `[{"key":"allowDataForGenerativeAI","value":true},{"key":"allowDataForGenerativeAI","value":2}]`, Unknown, false},
		{"no value", `{"key":"allowDataForGenerativeAI"}`, Unknown, false},
		{"another setting only", `{"key":"allowAdsByAge","value":false}`, Unknown, false},
		{"not JSON", `<html>`, Unknown, false},
	} {
		got, ok := cardValue([]byte(tc.body), key)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: got %s, %v; want %s, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

// TestCardValuesOfAList: a list's answer states many keys at once; a key
// whose values disagree, or are in an unknown form, is left out.
func TestCardValuesOfAList(t *testing.T) {
	body := `{"elements":[{"key":"allowAdsByAge","value":false},{"key":"allowAdsByGender","value":true},
		{"key":"split","value":true},{"key":"split","value":false},{"key":"odd","value":3}]}`
	got := cardValues([]byte(body))
	if len(got) != 2 || got["allowAdsByAge"] != Off || got["allowAdsByGender"] != On {
		t.Errorf("got %v, want allowAdsByAge off and allowAdsByGender on only", got)
	}
}
