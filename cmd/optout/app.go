package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/optout/optout/automation"
	"github.com/optout/optout/flows"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

const defaultBaseURL = "https://www.linkedin.com"

// exitError carries an exit code out of a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError is a bad flag or file: one line, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// interrupted is the cause of a run's cancellation by a signal.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return fmt.Sprintf("interrupted (%s)", i.sig) }

// exitCode is the conventional 128+n for the signal.
func (i interrupted) exitCode() int {
	if s, ok := i.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	// Ctrl-C, SIGTERM or a closed terminal (SIGHUP) cancels the run: flows
	// stop at their next wait, every browser is closed, results so far are
	// reported and receipts written; then optout exits 130, 143 or 129.
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		select {
		case sig := <-sigs:
			fmt.Fprintf(stderr, "\noptout: %s: stopping, closing the browser and writing what was done\n", sig)
			cancel(interrupted{sig})
		case <-ctx.Done():
		}
	}()
	err := app.RunContext(ctx, args)
	var sig interrupted
	if errors.As(context.Cause(ctx), &sig) {
		return sig.exitCode()
	}
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "optout: %s\n", ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "optout: %s\n", err)
		return 2
	}
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:    "optout",
		Usage:   "take your LinkedIn account out of \"Data for Generative AI Improvement\", with you present",
		Version: version,
		Reader:  stdin, Writer: stdout, ErrWriter: stderr,
		EnableBashCompletion: true,
		Flags:                globalFlags(),
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{msg: err.Error()}
		},
		Commands: []*cli.Command{
			genaiCommand(), statusCommand(), objectionCommand(), loginCommand(), batchCommand(),
			demoCommand(), versionCommand(), completionCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {},
	}
}

func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "base-url", EnvVars: []string{"OPTOUT_BASE_URL"}, Value: defaultBaseURL, Usage: "site root; every navigation stays on its origin"},
		&cli.StringFlag{Name: "browser", EnvVars: []string{"OPTOUT_BROWSER"}, Usage: "Chromium or Chrome binary (default: found on the system; never downloaded)"},
		&cli.StringFlag{Name: "browser-url", EnvVars: []string{"OPTOUT_BROWSER_URL"}, Usage: "attach to a running browser's DevTools endpoint (loopback only)"},
		&cli.BoolFlag{Name: "allow-remote-browser", Usage: "accept a --browser-url that is not on this machine"},
		&cli.BoolFlag{Name: "headless", EnvVars: []string{"OPTOUT_HEADLESS"}, Usage: "no visible window; steps that need you end with needs_human"},
		&cli.StringFlag{Name: "account", EnvVars: []string{"OPTOUT_ACCOUNT"}, Value: "default", Usage: "which account (a label, never a password)"},
		&cli.StringFlag{Name: "profile-dir", EnvVars: []string{"OPTOUT_PROFILE_DIR"}, Usage: "the account's browser profile (default $XDG_CONFIG_HOME/optout/profiles/NAME)"},
		&cli.StringFlag{Name: "evidence-dir", EnvVars: []string{"OPTOUT_EVIDENCE_DIR"}, Usage: "where receipts go (default $XDG_STATE_HOME/optout/receipts)"},
		&cli.BoolFlag{Name: "json", Usage: "results as JSON lines on stdout"},
		&cli.BoolFlag{Name: "yes", Usage: "no confirmation prompt before a change"},
		&cli.StringFlag{Name: "pace", EnvVars: []string{"OPTOUT_PACE"}, Usage: "pause between steps (default 1s on LinkedIn, 0 elsewhere)"},
		&cli.DurationFlag{Name: "timeout", EnvVars: []string{"OPTOUT_TIMEOUT"}, Value: 30 * time.Second, Usage: "the longest any one step may wait"},
		&cli.StringFlag{Name: "log-format", Value: "console", Usage: "console or json"},
		&cli.StringFlag{Name: "log-level", Value: "warn", Usage: "debug, info, warn or error"},
	}
}

// options are the global flags, checked.
type options struct {
	base        *url.URL
	family      string
	browser     string
	browserURL  string
	allowRemote bool
	headless    bool
	account     string
	profileDir  string
	evidenceDir string
	json        bool
	yes         bool
	pace        time.Duration
	timeout     time.Duration
	log         zerolog.Logger
	stdin       io.Reader
	stdout      io.Writer
	stderr      io.Writer

	lines  *lineReader // stdin, line by line, for questions and "press Enter"
	multi  bool        // several accounts run: lines name their account
	colors bool        // marks may be colored
	termMu sync.Mutex  // one line at a time on stderr
	askMu  sync.Mutex  // one question at a time
}

func readOptions(c *cli.Context) (*options, error) {
	o := &options{
		browser: c.String("browser"), browserURL: c.String("browser-url"), allowRemote: c.Bool("allow-remote-browser"),
		headless: c.Bool("headless"), account: c.String("account"), json: c.Bool("json"), yes: c.Bool("yes"),
		timeout: c.Duration("timeout"), stdin: c.App.Reader, stdout: c.App.Writer, stderr: c.App.ErrWriter,
	}
	o.lines = &lineReader{in: o.stdin}
	o.colors = wantColors(o.stderr)
	base, err := url.Parse(c.String("base-url"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" || base.User != nil {
		return nil, usageError{fmt.Sprintf("--base-url %q: want an http(s) site root such as %s", c.String("base-url"), defaultBaseURL)}
	}
	o.base = &url.URL{Scheme: base.Scheme, Host: base.Host, Path: "/"}
	onLinkedIn := strings.EqualFold(base.Hostname(), "www.linkedin.com") && base.Scheme == "https"
	if onLinkedIn {
		o.family = flows.LinkedInDomain
	}
	if o.timeout <= 0 {
		return nil, usageError{"--timeout: must be positive"}
	}
	if o.browserURL != "" {
		if err := automation.CheckBrowserURL(o.browserURL, o.allowRemote); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	switch p := c.String("pace"); {
	case p != "":
		if o.pace, err = time.ParseDuration(p); err != nil || o.pace < 0 {
			return nil, usageError{fmt.Sprintf("--pace %q: want a duration such as 1s", p)}
		}
	case onLinkedIn:
		o.pace = time.Second
	}
	if !validAccount(o.account) {
		return nil, usageError{fmt.Sprintf("--account %q: use letters, digits, '.', '_' or '-'", o.account)}
	}
	o.profileDir = c.String("profile-dir")
	if o.profileDir == "" {
		o.profileDir = defaultProfileDir(o.account)
	}
	o.evidenceDir = c.String("evidence-dir")
	if o.evidenceDir == "" {
		o.evidenceDir = filepath.Join(xdgDir("XDG_STATE_HOME", filepath.Join(".local", "state")), "optout", "receipts")
	}
	level, err := zerolog.ParseLevel(c.String("log-level"))
	if err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q: want debug, info, warn or error", c.String("log-level"))}
	}
	switch c.String("log-format") {
	case "console":
		o.log = zerolog.New(zerolog.ConsoleWriter{Out: o.stderr, NoColor: !o.colors}).Level(level).With().Timestamp().Logger()
	case "json":
		o.log = zerolog.New(o.stderr).Level(level).With().Timestamp().Logger()
	default:
		return nil, usageError{fmt.Sprintf("--log-format %q: want console or json", c.String("log-format"))}
	}
	return o, nil
}

// profilesRoot holds the accounts' browser profiles unless told otherwise:
// $XDG_CONFIG_HOME/optout/profiles.
func profilesRoot() string {
	return filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "optout", "profiles")
}

// defaultProfileDir is where an account's browser profile lives unless
// told otherwise: $XDG_CONFIG_HOME/optout/profiles/NAME.
func defaultProfileDir(account string) string {
	return filepath.Join(profilesRoot(), account)
}

func validAccount(name string) bool {
	if name == "" || len(name) > 64 || name[0] == '.' || name[0] == '-' {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	return filepath.Join(home, fallback)
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// report prints a result: a JSON line on stdout with --json, and always a
// closing line for the person on stderr.
func (o *options) report(r flows.Result) error {
	if o.json {
		line, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
		if _, err := fmt.Fprintf(o.stdout, "%s\n", line); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
	}
	o.termMu.Lock()
	defer o.termMu.Unlock()
	fmt.Fprintf(o.stderr, "%s: %s — %s\n", r.Account, r.Outcome, closingLine(r))
	if len(r.Missing) > 0 {
		fmt.Fprintf(o.stderr, "  complete these fields yourself: %s\n", strings.Join(r.Missing, ", "))
	}
	if len(r.Unplaced) > 0 {
		fmt.Fprintf(o.stderr, "  the form has no field for: %s\n", strings.Join(r.Unplaced, ", "))
	}
	if r.Receipt != "" {
		fmt.Fprintf(o.stderr, "  receipt: %s\n", r.Receipt)
	}
	if r.Outcome == flows.NotOffered && r.Setting == flows.SettingGenAI {
		fmt.Fprintf(o.stderr, "  next: LinkedIn's other machine-learning uses are objected to through its Data Processing Objection Form: optout --account %s objection\n", r.Account)
	}
	return nil
}

func closingLine(r flows.Result) string {
	text := map[flows.Outcome]string{
		flows.AlreadyOff:        "the setting was already off; nothing was changed",
		flows.TurnedOffVerified: "switched off, and read back off after a reload",
		flows.WouldTurnOff:      "the setting is on; a real run would switch it off",
		flows.NotOffered:        "LinkedIn does not offer this setting to this account",
		flows.NeedsHuman:        "sign in first (optout login), or finish the security check, then run again",
		flows.PageChanged:       "the page no longer looks as expected; nothing was changed",
		flows.Uncertain:         "optout acted but could not confirm the result: check the setting yourself",
		flows.Failed:            "the run failed",
		flows.Prefilled:         "the objection form is filled in and was not submitted",
	}[r.Outcome]
	if r.Error != "" {
		text += " (" + r.Error + ")"
	}
	return text
}

// exitCode turns an outcome's exit code into the command's error.
func exitCode(code int) error {
	if code == 0 {
		return nil
	}
	return exitError{code}
}
