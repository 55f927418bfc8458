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

// cardValue finds, anywhere in a settings API answer, the objects whose
// "key" is key, and returns their "value" as a state when there is exactly
// one, in a form known here (a boolean, or the words true/false, on/off,
// enabled/disabled in any case).
func cardValue(body []byte, key string) (State, bool) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return Unknown, false
	}
	found := map[State]bool{}
	unclear := false
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if k, _ := v["key"].(string); k == key {
				if st, ok := valueState(v["value"]); ok {
					found[st] = true
				} else {
					unclear = true
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
	if unclear || len(found) != 1 {
		return Unknown, false
	}
	for st := range found {
		return st, true
	}
	return Unknown, false
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
