package flows

import "time"

// State is a setting's value as the contract reports it.
type State string

// The values a setting can be reported as.
const (
	On      State = "on"
	Off     State = "off"
	Absent  State = "absent"
	Unknown State = "unknown"
)

// SettingGenAI is the contract's name for "Data for Generative AI Improvement".
const SettingGenAI = "genai_training"

// SettingObjection names the objection form in results.
const SettingObjection = "objection_form"

// Route says how the flow reached the setting.
type Route string

// The routes to the setting.
const (
	RoutePath   Route = "path"   // avatar → Settings & Privacy → Data privacy → the setting
	RouteDirect Route = "direct" // the setting's own address
)

// Result is one account's run: the contract's JSON line, plus a few keys of
// ours (route, receipt, steps).
type Result struct {
	Account    string            `json:"account"`
	Setting    string            `json:"setting"`
	Outcome    Outcome           `json:"outcome"`
	Before     State             `json:"before"`
	After      State             `json:"after"`
	DryRun     bool              `json:"dry_run"`
	URL        string            `json:"url"`
	Evidence   []string          `json:"evidence"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at"`
	Error      string            `json:"error"`
	Route      Route             `json:"route,omitempty"`
	Receipt    string            `json:"receipt,omitempty"`
	Refused    []string          `json:"refused_origins,omitempty"`
	Fields     map[string]string `json:"fields,omitempty"`
	Missing    []string          `json:"missing_fields,omitempty"`
	Unplaced   []string          `json:"unplaced,omitempty"`
	Submitted  *bool             `json:"submitted,omitempty"`
	// PersonSubmitted is the person's own answer, after reviewing the form,
	// to whether they submitted it; nil when they were not asked.
	PersonSubmitted *bool  `json:"person_says_submitted,omitempty"`
	Version         string `json:"tool_version,omitempty"`
	// Notes say what the run did on the person's behalf besides its task
	// (declined a cookie-consent alert, skipped an interstitial page).
	Notes []string `json:"notes,omitempty"`
	// Detail is the machine detail behind Error, for the log and the
	// receipt; Error says what the person would have seen.
	Detail string `json:"-"`
	// HeldRequests counts the requests (form posts, fetch, XHR, beacons)
	// the page tried to send while optout had the form; every one was
	// stopped before it left the browser. Nil outside the objection flow.
	HeldRequests *int `json:"held_requests,omitempty"`
	// HeldNames names them: method, path without query, what sent them.
	HeldNames []string `json:"held_request_names,omitempty"`

	// err is the error the run ended on, for this package's callers (a
	// sweep stops on some); never encoded.
	err error
}
