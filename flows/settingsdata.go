package flows

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/optout/optout/automation"
)

// dataSays returns the state the page's own settings data gave the
// setting: the value in the answer to the read of its card
// (GET /mysettings-api/settingsApiSettingCards/<key>). It is false when the
// page read no such card, or its answer holds no single value for the key
// in a form known here; the switch is then read after a quiet period
// instead. The answer is read, never logged.
func (s *Session) dataSays(ctx context.Context, set Setting, reqs []automation.Request) (State, bool) {
	for _, req := range reqs {
		if !isSettingsRead(req) || !req.OK() || !strings.HasSuffix(req.Path, "/"+set.Key) {
			continue
		}
		body, err := s.Page.ResponseBody(ctx, req)
		if err != nil {
			s.Log.Debug().Err(err).Str("setting", set.Name).Msg("the settings data could not be read; waiting for a quiet page instead")
			return Unknown, false
		}
		return cardValue(body, set.Key)
	}
	return Unknown, false
}

// cardValue is cardValues(body)[key], Unknown and false when not there.
func cardValue(body []byte, key string) (State, bool) {
	if st, ok := cardValues(body)[key]; ok {
		return st, true
	}
	return Unknown, false
}

// cardValues finds, anywhere in a settings API answer, the objects with a
// "key" and returns, by key, their "value" as a state: only for a key whose
// values agree and are all in a form known here (a boolean, or the words
// true/false, on/off, enabled/disabled in any case).
func cardValues(body []byte) map[string]State {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil
	}
	found := map[string]map[State]bool{}
	unclear := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if k, ok := v["key"].(string); ok {
				if st, known := valueState(v["value"]); !known {
					unclear[k] = true
				} else if found[k] == nil {
					found[k] = map[State]bool{st: true}
				} else {
					found[k][st] = true
				}
			}
			for _, child := range v {
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(doc)
	out := map[string]State{}
	for k, states := range found {
		if len(states) == 1 && !unclear[k] {
			for st := range states {
				out[k] = st
			}
		}
	}
	return out
}

func valueState(v any) (State, bool) {
	switch v := v.(type) {
	case bool:
		if v {
			return On, true
		}
		return Off, true
	case string:
		switch strings.ToLower(v) {
		case "true", "on", "enabled":
			return On, true
		case "false", "off", "disabled":
			return Off, true
		}
	}
	return Unknown, false
}
