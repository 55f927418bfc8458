// Package flows holds the person's steps on LinkedIn: turning "Data for
// Generative AI Improvement" off by the menus a person uses (genai.go), any
// setting of the catalogue (catalogue.json) off and read back after a
// reload (turnoff.go), many in one tab (sweep.go), a status read from the
// settings lists (lists.go), pre-filling the objection form (objection.go),
// choosing the data archive (archive.go) and handing sign-in to the person
// (login.go); plus the contract's outcome words (outcome.go), the
// per-language label tables (labels.json), each run's result and receipt
// (bookkeeping.go, receipts.go).
//
// Flows find things the way that survives: addresses and link targets first,
// ARIA roles and states second, visible text from the label tables third.
// Browser mechanics live in package automation.
package flows
