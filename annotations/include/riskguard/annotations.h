//===- riskguard/annotations.h - Mark tier-1 code for riskguard -*- C++ -*-===//
//
// Macros that mark critical ("tier-1") code for the riskguard analyzer. Under
// Clang they expand to [[clang::annotate("riskguard.<kind>", args...)]]; under
// other compilers they expand to nothing, so the header costs nothing there.
//
// Place them where C++ puts an attribute of the entity:
//   RG_TIER1("pricing") double discount(double Total);        // function
//   class RG_TIER1("transaction") Checkout { ... };            // every member
//   namespace RG_TIER1("payment") pay { ... }                  // every
//   function RG_NOT_TIER1("logging only") void trace();                 // opt
//   out
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_ANNOTATIONS_H
#define RISKGUARD_ANNOTATIONS_H

#if defined(__clang__) && defined(__cplusplus)
#define RG_ANNOTATE_(...) [[clang::annotate(__VA_ARGS__)]]
#elif defined(__clang__)
#define RG_ANNOTATE_(...) __attribute__((annotate(__VA_ARGS__)))
#else
#define RG_ANNOTATE_(...)
#endif

/// Tier-1 code of a domain, e.g. RG_TIER1("pricing").
#define RG_TIER1(domain) RG_ANNOTATE_("riskguard.tier1", domain)
/// Who must approve a change: RG_OWNERS("@org/team", "login", ...).
#define RG_OWNERS(...) RG_ANNOTATE_("riskguard.owners", __VA_ARGS__)
/// Minimum approvals for a change to this code, overriding the policy.
#define RG_MIN_APPROVALS(n) RG_ANNOTATE_("riskguard.min_approvals", n)
/// Tests that exercise this code: RG_TESTED_BY("Suite.Name", ...).
#define RG_TESTED_BY(...) RG_ANNOTATE_("riskguard.tested_by", __VA_ARGS__)
/// Opts a member out of an enclosing tier-1 class, namespace or policy rule.
#define RG_NOT_TIER1(reason) RG_ANNOTATE_("riskguard.not_tier1", reason)

#endif // RISKGUARD_ANNOTATIONS_H
