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
	ArchivePath     = "/mypreferences/d/download-my-data" // Get a copy of your data
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
	// The Me menu is its button: the same attribute sits on the nav's
	// profile link in several of LinkedIn's markups, and following that
	// link opens the profile instead of the menu.
	meMenuTrigger = locate("the Me menu button",
		automation.ByCSS(`button[data-test-global-nav-link="me"]`),
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
	anySettingEntry = locate("the Data privacy entries",
		automation.ByCSS(`a[href*="/mypreferences/d/settings/"]`),
	)
	settingUnavailable = locate("the notice that the setting is not available",
		automation.ByText("main p, main div, main span, [role=alert], [role=status]", labels.Texts("setting_unavailable")...),
	)
	consentAlert = locate("the cookie-consent alert",
		automation.ByCSS(`[data-test-global-alert-type="COOKIE_CONSENT"]`),
		automation.ByCSS(".artdeco-global-alert--COOKIE_CONSENT"),
	)
	consentDeny = locate("the cookie-consent alert's Reject button",
		automation.ByCSS(`[data-test-global-alert-type="COOKIE_CONSENT"] button[action-type="DENY"]`),
		automation.ByCSS(`.artdeco-global-alert--COOKIE_CONSENT button[action-type="DENY"]`),
	)
	skipButton = locate("the Skip button",
		automation.ByRole("button", labels.Texts("skip")...),
		automation.ByText("a[href], button", labels.Texts("skip")...),
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

// profilePage is a member's profile: where a click on the nav's photo link
// lands instead of the Me menu.
var profilePage = automation.URLCondition{Name: "a profile page", Match: func(u *url.URL) bool {
	return strings.HasPrefix(u.Path, "/in/")
}}

// interstitialPage is one of LinkedIn's /check/ pages shown after sign-in
// instead of the requested page (add a phone number, and the like).
var interstitialPage = automation.URLCondition{Name: "an interstitial page", Match: func(u *url.URL) bool {
	return strings.HasPrefix(u.Path, "/check/")
}}

// restrictionPage is LinkedIn's account-restriction page.
var restrictionPage = automation.URLCondition{Name: "the account-restriction page", Match: func(u *url.URL) bool {
	return strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "login-restriction")
}}

// Status pages: the site's own answer is the page.
var (
	refusedPage   = automation.StatusCondition{Name: "LinkedIn's request-denied answer (HTTP 999)", Match: func(st int) bool { return st == 999 }}
	throttledPage = automation.StatusCondition{Name: "a too-many-requests answer (HTTP 429)", Match: func(st int) bool { return st == 429 }}
	notFoundPage  = automation.StatusCondition{Name: "a page-not-found answer (HTTP 404)", Match: func(st int) bool { return st == 404 || st == 410 }}
)

// backgroundPaths are the addresses of LinkedIn's beacons, telemetry and
// realtime streams, sent from every page: never the page's data, never a
// save, never a reason to wait.
var backgroundPaths = []string{"/li/track", "/li/tscp/", "/sensorCollect", "/rest/trackObserveApi/",
	"/rest/trackingApiService/", "/realtime/", "/csp-report", "/platform-telemetry"}

func isBackground(r automation.Request) bool {
	for _, p := range backgroundPaths {
		if strings.HasPrefix(r.Path, p) {
			return true
		}
	}
	return false
}

// isSettingsSave reports whether r saves a setting through LinkedIn's
// settings API (PUT /mysettings-api/settingsApiSettings/<key>), or its
// voyager equivalent.
func isSettingsSave(r automation.Request) bool {
	switch r.Method {
	case "PUT", "POST", "PATCH":
	default:
		return false
	}
	return strings.HasPrefix(r.Path, "/mysettings-api/settingsApiSettings") || strings.Contains(r.Path, "voyagerDashMySettings")
}

// isPageData reports whether r is one of the page's own data reads (a
// script's GET by fetch or XHR), which a switch's state may depend on. What
// a page sends (a save, the answer to the consent alert, telemetry not
// listed in backgroundPaths) is no data it waits for, and may never be
// read to its end: waiting for it would wait forever.
func isPageData(r automation.Request) bool {
	if r.Type != "Fetch" && r.Type != "XHR" || r.Method != "GET" {
		return false
	}
	return !isBackground(r)
}

// isSettingsRead reports whether r reads settings data: when one of these
// fails, a switch on the page shows a default, not the member's value.
func isSettingsRead(r automation.Request) bool {
	return isPageData(r) && (strings.HasPrefix(r.Path, "/mysettings-api/") || strings.Contains(r.Path, "voyagerDashMySettings"))
}

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
var needsPerson = []automation.Target{needsPersonURL, restrictionPage, accountPicker, securityCheck}

// samePath compares URL paths ignoring a trailing slash.
func samePath(a, b string) bool { return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/") }
