package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/flows"
	"github.com/optout/optout/internal/platformdirs"
	"github.com/optout/optout/internal/rules"
)

// version is set at build time with -ldflags "-X main.version=…"; a build
// by "go install …@vX" takes the module's version instead (see init).
var version = devVersion

const devVersion = "0.1.0-dev"

func init() { version = moduleVersion(version, debug.ReadBuildInfo) }

// moduleVersion is v, unless v is the development placeholder and the
// binary was built from a released module (go install …@vX), whose version
// is then the binary's. The pseudo-versions Go gives a checkout's own build
// ("v0.0.0-20261129…-abcdef…") are no release: the placeholder stays.
func moduleVersion(v string, info func() (*debug.BuildInfo, bool)) string {
	if v != devVersion {
		return v
	}
	bi, ok := info()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" || pseudoVersion.MatchString(bi.Main.Version) {
		return v
	}
	return strings.TrimPrefix(bi.Main.Version, "v")
}

var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}|\+dirty$`)

const defaultBaseURL = "https://www.linkedin.com"

func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "base-url", EnvVars: []string{"OPTOUT_BASE_URL"}, Value: defaultBaseURL, Usage: "site root; every navigation stays on its origin"},
		&cli.StringFlag{Name: "browser", EnvVars: []string{"OPTOUT_BROWSER"}, Usage: "Chromium or Chrome binary (default: found on the system; never downloaded)"},
		&cli.StringFlag{Name: "browser-url", EnvVars: []string{"OPTOUT_BROWSER_URL"}, Usage: "attach to a running browser's DevTools endpoint (loopback only)"},
		&cli.BoolFlag{Name: "allow-remote-browser", Usage: "accept a --browser-url that is not on this machine"},
		&cli.BoolFlag{Name: "headless", EnvVars: []string{"OPTOUT_HEADLESS"}, Usage: "no visible window; steps that need you end with needs_human"},
		&cli.StringFlag{Name: "account", EnvVars: []string{"OPTOUT_ACCOUNT"}, Value: "default", Usage: "which account (a label, never a password)"},
		&cli.StringFlag{Name: "profile-dir", EnvVars: []string{"OPTOUT_PROFILE_DIR"}, Usage: "the account's browser profile (default " + filepath.Join(platformdirs.ProfilesHint(), "NAME") + ")"},
		&cli.StringFlag{Name: "evidence-dir", EnvVars: []string{"OPTOUT_EVIDENCE_DIR"}, Usage: "where receipts go (default " + platformdirs.ReceiptsHint() + ")"},
		&cli.BoolFlag{Name: "json", Usage: "results as JSON lines on stdout"},
		&cli.BoolFlag{Name: "yes", Usage: "no confirmation prompt before a change"},
		&cli.StringFlag{Name: "pace", EnvVars: []string{"OPTOUT_PACE"}, Usage: "pause between steps (default 1s on LinkedIn, 0 elsewhere)"},
		&cli.DurationFlag{Name: "timeout", EnvVars: []string{"OPTOUT_TIMEOUT"}, Value: 30 * time.Second, Usage: "the longest any one step may wait"},
		&cli.StringFlag{Name: "log-format", Value: "console", Usage: "console or json"},
		&cli.StringFlag{Name: "log-level", Value: "warn", Usage: "debug, info, warn or error"},
	}
}

// globals are the global flags, checked. A command gets them as a value and
// nothing writes to them after parseGlobals; the demo makes its own.
type globals struct {
	base          url.URL // the site's root, path "/"
	family        string  // the registrable domain whose subdomains are allowed too ("" for one origin)
	browser       string
	browserURL    string
	allowRemote   bool
	headless      bool
	account       string
	profileDir    string
	profileDirSet bool // --profile-dir was given, not defaulted
	evidenceDir   string
	json          bool
	yes           bool
	pace          time.Duration
	timeout       time.Duration
	log           zerolog.Logger
}

// parseGlobals checks the global flags; the log goes to io's stderr.
func parseGlobals(c *cli.Context, io *ioStreams) (globals, error) {
	g := globals{
		browser: c.String("browser"), browserURL: c.String("browser-url"), allowRemote: c.Bool("allow-remote-browser"),
		headless: c.Bool("headless"), account: c.String("account"), json: c.Bool("json"), yes: c.Bool("yes"),
		timeout: c.Duration("timeout"), profileDir: c.String("profile-dir"), profileDirSet: c.IsSet("profile-dir"),
		evidenceDir: c.String("evidence-dir"),
	}
	base, err := url.Parse(c.String("base-url"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" || base.User != nil {
		return g, usageError{fmt.Sprintf("--base-url %q: want an http(s) site root such as %s", c.String("base-url"), defaultBaseURL)}
	}
	g.base = url.URL{Scheme: base.Scheme, Host: base.Host, Path: "/"}
	onLinkedIn := strings.EqualFold(base.Hostname(), "www.linkedin.com") && base.Scheme == "https"
	if onLinkedIn {
		g.family = flows.LinkedInDomain
	}
	if g.timeout <= 0 {
		return g, usageError{"--timeout: must be positive"}
	}
	if g.browserURL != "" {
		if err := automation.CheckBrowserURL(g.browserURL, g.allowRemote); err != nil {
			return g, usageError{"--browser-url " + browserURLAdvice(err)}
		}
	}
	switch p := c.String("pace"); {
	case p != "":
		if g.pace, err = time.ParseDuration(p); err != nil || g.pace < 0 {
			return g, usageError{fmt.Sprintf("--pace %q: want a duration such as 1s", p)}
		}
	case onLinkedIn:
		g.pace = time.Second
	}
	if why := rules.NameProblem(g.account); why != "" {
		return g, usageError{"--account: " + why}
	}
	if g.profileDir == "" {
		g.profileDir = filepath.Join(profilesRoot(), g.account)
	}
	if g.evidenceDir == "" {
		g.evidenceDir = platformdirs.ReceiptsDir()
	}
	level, err := zerolog.ParseLevel(c.String("log-level"))
	if err != nil {
		return g, usageError{fmt.Sprintf("--log-level %q: want debug, info, warn or error", c.String("log-level"))}
	}
	switch c.String("log-format") {
	case "console":
		g.log = zerolog.New(zerolog.ConsoleWriter{Out: io.err, NoColor: !io.colors}).Level(level).With().Timestamp().Logger()
	case "json":
		g.log = zerolog.New(io.err).Level(level).With().Timestamp().Logger()
	default:
		return g, usageError{fmt.Sprintf("--log-format %q: want console or json", c.String("log-format"))}
	}
	return g, nil
}

// profilesRoot holds the accounts' browser profiles unless told otherwise:
// $XDG_CONFIG_HOME/optout/profiles on Linux (platformdirs says elsewhere).
func profilesRoot() string {
	return platformdirs.ProfilesRoot()
}
