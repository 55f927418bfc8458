package flows

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/optout/optout/automation"
)

//go:embed catalogue.json
var catalogueJSON []byte

// Setting is one on/off switch of LinkedIn's the tool manages: an entry of
// the catalogue (catalogue.json).
type Setting struct {
	// Name is the contract's name (genai_training, partner_sharing, …).
	Name string `json:"name"`
	// Group is the contract's group (ai, sharing, research, ads, email, cookies).
	Group string `json:"group"`
	// Path is the setting page's address on the site.
	Path string `json:"path"`
	// List is the Settings & Privacy category whose row for the setting
	// shows its value (privacy, ads), "" when none is known.
	List string `json:"list,omitempty"`
	// Key names the switch: the id its aria-labelledby points at (or, with
	// KeyIsID, the switch's own id) and the settings API's key.
	Key string `json:"key"`
	// KeyIsID says the switch carries Key as its id.
	KeyIsID bool `json:"key_is_id,omitempty"`
	// Protects is the state that keeps the person's data out ("off").
	Protects State `json:"protects"`
	// MenuPath says the setting is reached by the menus a person uses
	// (Me → Settings & Privacy → Data privacy → the entry), the address
	// being the fallback.
	MenuPath bool `json:"menu_path,omitempty"`
	// NotOfferedIn lists regions where LinkedIn is known not to offer it.
	NotOfferedIn []string `json:"not_offered_in,omitempty"`
	// Titles holds the setting's title per language; "unknown" lists the
	// languages no public source shows a wording for.
	Titles map[string][]string `json:"titles"`
	// SwitchLabels names the label table (labels.json) of the switch's own
	// label, when it differs from the title.
	SwitchLabels string `json:"switch_labels,omitempty"`
}

// Title is the setting's English title.
func (s Setting) Title() string {
	if t := s.Titles["en"]; len(t) > 0 {
		return t[0]
	}
	return s.Name
}

// texts lists every known wording of the setting's title, English first
// ("unknown" lists languages, not wordings).
func (s Setting) texts() []string {
	titles := maps.Clone(s.Titles)
	delete(titles, "unknown")
	return wordings(titles)
}

// entry finds the setting's row in a settings category: its address first,
// then its title.
func (s Setting) entry() automation.Locator {
	return locate(fmt.Sprintf("the %s entry", s.Title()),
		automation.ByHref(s.Path),
		automation.ByText("a[href]", s.texts()...),
	)
}

// switchLocator finds the setting's own switch by its key first; a page
// that holds several switches never gives "the switch on the page". Only
// the menu-path setting, whose key public sources learnt late, may fall
// back to its label texts and to the page's only switch.
func (s Setting) switchLocator() automation.Locator {
	name := fmt.Sprintf("the %q switch", s.Title())
	if s.SwitchLabels != "" {
		name = fmt.Sprintf("the %q switch", labels.Texts(s.SwitchLabels)[0])
	}
	finds := []automation.Find{
		automation.ByCSS(fmt.Sprintf(`[role="switch"][aria-labelledby~=%q]`, s.Key)),
		automation.ByCSS(fmt.Sprintf(`[role="switch"]#%s, input[type="checkbox"]#%s`, s.Key, s.Key)),
	}
	if s.SwitchLabels != "" {
		finds = append(finds,
			automation.ByRole("switch", labels.Texts(s.SwitchLabels)...),
			automation.Find{Role: "switch", Only: true},
			automation.ByOnly("input.artdeco-toggle__button"),
		)
	}
	return locate(name, finds...)
}

type catalogueFile struct {
	Version int `json:"version"`
	// Lists names each settings list (category) by its English title.
	Lists    map[string]string `json:"lists"`
	Settings []Setting         `json:"settings"`
}

// catalogue is every setting the tool manages, in the catalogue's order.
var catalogue = mustLoadCatalogue(catalogueJSON)

func mustLoadCatalogue(data []byte) catalogueFile {
	var f catalogueFile
	if err := json.Unmarshal(data, &f); err != nil {
		panic(fmt.Sprintf("flows: catalogue.json: %v", err))
	}
	for _, s := range f.Settings {
		if s.Name == "" || s.Path == "" || s.Key == "" || s.Protects != Off && s.Protects != On {
			panic(fmt.Sprintf("flows: catalogue.json: incomplete entry %+v", s))
		}
		if _, ok := f.Lists[s.List]; s.List != "" && !ok {
			panic(fmt.Sprintf("flows: catalogue.json: %s is in list %q, which \"lists\" does not name", s.Name, s.List))
		}
	}
	return f
}

// Catalogue returns every setting the tool manages, in order.
func Catalogue() []Setting { return slices.Clone(catalogue.Settings) }

// CatalogueVersion is the catalogue file's version.
func CatalogueVersion() int { return catalogue.Version }

// LookupSetting returns the catalogue's setting called name.
func LookupSetting(name string) (Setting, bool) {
	for _, s := range catalogue.Settings {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}

// genaiSetting is the catalogue's first entry, the genai flow's setting.
var genaiSetting, _ = LookupSetting(SettingGenAI)

// SelectSettings turns a comma-separated list of setting and group names
// ("all" for every one) into settings, in catalogue order, without repeats.
func SelectSettings(list string) ([]Setting, error) {
	want := map[string]bool{}
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		known := part == "all"
		for _, s := range catalogue.Settings {
			if part == "all" || s.Name == part || s.Group == part {
				want[s.Name], known = true, true
			}
		}
		if !known {
			return nil, fmt.Errorf("unknown setting or group %q (see optout settings)", part)
		}
	}
	var out []Setting
	for _, s := range catalogue.Settings {
		if want[s.Name] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no setting named in %q", list)
	}
	return out, nil
}
