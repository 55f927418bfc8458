// Package flows holds the person's steps on LinkedIn: turning "Data for
// Generative AI Improvement" off (genai.go), reading its state (status),
// pre-filling the objection form (objection.go) and handing sign-in to the
// person (signin.go); plus the contract's outcome words, the per-language
// label tables and the receipts.
//
// Flows find things the way that survives: addresses and link targets first,
// ARIA roles and states second, visible text from the label tables third.
// Browser mechanics live in package automation.
package flows
