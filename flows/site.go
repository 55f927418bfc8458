package flows

import (
	"net/url"
	"strings"

	"github.com/optout/optout/automation"
)

// Addresses on LinkedIn the flows rely on. Paths survive UI language and
// redesigns better than anything else on the page.
const (
	FeedPath        = "/feed/"
	SettingsPath    = "/mypreferences/d/categories/account"
	DataPrivacyPath = "/mypreferences/d/categories/privacy"
	GenAIPath       = "/mypreferences/d/settings/data-for-ai-improvement"
	ObjectionPath   = "/help/linkedin/ask/TS-DPRO"
)

// LinkedInDomain is LinkedIn's registrable domain: with the default base URL,
// navigation may reach any https host under it.
const LinkedInDomain = "linkedin.com"

func locate(name string, finds ...automation.Find) automation.Locator {
	return automation.Locator{Name: name, Finds: finds}
}

// Locators for LinkedIn's pages: link targets first, then roles, then label
// texts, then CSS classes as a last resort. Generated ids (ember123) never.
var (
	signedInMarker = locate("the global navigation's Me menu",
		automation.ByCSS(".global-nav__me"),
		automation.ByCSS(`[data-test-global-nav-link="me"]`),
		automation.ByCSS("#meMenuV2WideComponentRef"),
	)
	meMenuTrigger = locate("the Me menu button",
		automation.ByCSS(`[data-test-global-nav-link="me"]`),
		automation.ByCSS(".global-nav__me button"),
		automation.ByCSS("#meMenuV2WideComponentRef button"),
		automation.ByCSS(`#meMenuV2WideComponentRef [role="button"]`),
		automation.ByLastWord("header button, nav button", labels.Texts("me_menu")...),
	)
	settingsLink = locate("the Settings & Privacy link",
		automation.ByHref(SettingsPath, "/mypreferences/d", "/psettings"),
		automation.ByText("a[href]", labels.Texts("settings_and_privacy")...),
	)
	signOutLink = locate("the Sign Out link",
		automation.Find{CSS: `a[href*="logout"]`},
	)
	dataPrivacyLink = locate("the Data privacy link",
		automation.ByHref(DataPrivacyPath, "/psettings/privacy"),
		automation.ByText("a[href]", labels.Texts("data_privacy")...),
	)
	genaiEntry = locate("the Data for Generative AI Improvement entry",
		automation.ByHref(GenAIPath),
		automation.ByText("a[href]", labels.Texts("genai_entry")...),
	)
	anySettingEntry = locate("the Data privacy entries",
		automation.ByCSS(`a[href*="/mypreferences/d/settings/"]`),
	)
	genaiSwitch = locate(`the "Use my data for training content creation AI models" switch`,
		automation.ByRole("switch", labels.Texts("genai_switch")...),
		automation.Find{Role: "switch", Only: true},
		automation.Find{CSS: "input.artdeco-toggle__button", Only: true},
	)
	accountPicker = locate("the saved-account picker",
		automation.Find{CSS: "#rememberme-div"},
		automation.ByText("main h1, h1", labels.Texts("account_picker")...),
	)
	securityCheck = locate("a security check",
		automation.Find{CSS: "#two-step-challenge"},
		automation.Find{CSS: "#captcha-internal, iframe[src*='captcha']"},
	)
)

// needsPersonPaths are addresses where only the person can go on: sign-in,
// security checks, the authwall.
var needsPersonPaths = []string{"/login", "/uas/", "/checkpoint/", "/challenge/", "/authwall", "/signup"}

// isNeedsPersonURL reports whether u is a sign-in, check or wall page.
func isNeedsPersonURL(u *url.URL) bool {
	for _, p := range needsPersonPaths {
		if strings.HasPrefix(u.Path, p) || p == "/challenge/" && strings.Contains(u.Path, p) {
			return true
		}
	}
	return u.Query().Get("errorKey") == "challenge_global_internal_error"
}

var needsPersonURL = automation.URLCondition{Name: "a sign-in or security check page", Match: isNeedsPersonURL}

// needsPerson lists every target that means "hand over to the person".
var needsPerson = []automation.Target{needsPersonURL, accountPicker, securityCheck}

// samePath compares URL paths ignoring a trailing slash.
func samePath(a, b string) bool { return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/") }
