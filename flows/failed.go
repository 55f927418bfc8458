package flows

// FailedResult is the result of a run that ended before its flow could
// start (no browser, no tab, interrupted before its turn): failed, with err
// on one line as the reason. The caller adds what only it knows (DryRun,
// Version).
func FailedResult(account, setting string, err error) Result {
	r := (&Session{Account: account}).newResult(setting, false)
	r.Outcome, r.Error, r.FinishedAt = Failed, describe(err), r.StartedAt
	return r
}
