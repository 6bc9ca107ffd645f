//===- Explain.cpp - The 'riskguard explain' command ----------------------===//
//
// Answers "what would a change here need?" before anyone changes it: tier,
// domain and where it comes from, owners, approvals, the tests that reach
// the function (with the call path), and its blast radius.
//
//===----------------------------------------------------------------------===//
#include "driver/Explain.h"
#include "checks/Check.h"
#include "driver/Index.h"
#include "pipeline/CachedAnalysis.h"
#include "pipeline/ReviewGathering.h"
#include "pipeline/Workspace.h"
#include "report/Graph.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace riskguard {

namespace {

json::Array toArray(const std::vector<std::string> &Items) {
  json::Array A;
  for (const std::string &I : Items)
    A.push_back(I);
  return A;
}

/// The functions \p Target names: "ns::f", "ns::f(int)" or "FILE:LINE".
std::vector<unsigned> findTarget(const Program &P, StringRef Target) {
  std::vector<unsigned> Found;
  auto [File, LineText] = Target.rsplit(':');
  unsigned Line = 0;
  bool IsLocation = !LineText.empty() && !LineText.getAsInteger(10, Line) &&
                    !File.ends_with(":");
  for (unsigned Id = 0; Id < P.functions().size(); ++Id) {
    const FunctionFacts &F = P.function(Id);
    if (IsLocation ? F.File == File && F.Line <= Line && Line <= F.EndLine
                   : F.Name == Target || F.QualifiedName == Target)
      Found.push_back(Id);
  }
  return Found;
}

struct TestPath {
  std::string Test;
  std::vector<std::string> Path; ///< From the test down to the function.
};

std::vector<TestPath> testsReaching(unsigned Id, const CheckContext &Ctx) {
  const Program &P = Ctx.Analysis.Head;
  std::vector<TestPath> Tests;
  auto Names = [&](const std::vector<unsigned> &Path) {
    std::vector<std::string> Out;
    for (unsigned Step : Path)
      Out.push_back(P.function(Step).Name);
    return Out;
  };
  std::vector<std::vector<unsigned>> Paths = P.callerPaths(Id);
  for (const std::vector<unsigned> &Path : Paths)
    if (isTestFunction(P.function(Path.front()), Ctx.Rules))
      Tests.push_back({testDisplayName(P.function(Path.front())), Names(Path)});
  // A data test, by the shortest path from what its reaches_via names.
  Paths.insert(Paths.begin(), {Id});
  for (const DataTestRule &R : Ctx.Rules.DataTests)
    for (const std::vector<unsigned> &Path : Paths)
      if (dataTestNames(R, P.function(Path.front()), Ctx.Rules)) {
        Tests.push_back({dataTestName(R.Paths.front(), R), Names(Path)});
        break;
      }
  const FunctionFacts &F = P.function(Id);
  if (const CoverageIndex *Cov = Ctx.Tests ? Ctx.Tests->Coverage : nullptr)
    for (unsigned T : Cov->covering(F)) {
      std::optional<unsigned> Fn = Cov->function(T);
      std::string Name =
          Fn ? testDisplayName(P.function(*Fn)) : Cov->name(T).str();
      if (const DataTestRule *R = Fn ? nullptr : Ctx.Rules.dataTestRule(Name))
        Name = dataTestName(Name, *R);
      if (none_of(Tests, [&](const TestPath &X) { return X.Test == Name; }))
        Tests.push_back({Name, {"coverage"}});
    }
  for (const FunctionFacts &T : P.functions())
    if (isTestFunction(T, Ctx.Rules) &&
        is_contained(F.TestedBy, testDisplayName(T)) &&
        none_of(Tests, [&](const TestPath &X) {
          return X.Test == testDisplayName(T);
        }))
      Tests.push_back({testDisplayName(T), {"RG_TESTED_BY"}});
  sort(Tests,
       [](const TestPath &A, const TestPath &B) { return A.Test < B.Test; });
  return Tests;
}

/// The closest tier-1 function that reaches \p Id, if any.
std::optional<unsigned> closestTier1Caller(unsigned Id,
                                           const CheckContext &Ctx) {
  for (const std::vector<unsigned> &Path : Ctx.Analysis.Head.callerPaths(Id))
    if (resolveTier(Ctx.Analysis.Head.function(Path.front()), Ctx.Rules)
            .isTier1())
      return Path.front();
  return std::nullopt;
}

void explainText(unsigned Id, const CheckContext &Ctx, raw_ostream &OS) {
  const Program &P = Ctx.Analysis.Head;
  const FunctionFacts &F = P.function(Id);
  Tier T = resolveTier(F, Ctx.Rules);
  OS << F.Name << "\n  defined at: " << F.File << ':' << F.Line << '-'
     << F.EndLine << "\n";
  if (T.isTier1()) {
    OS << "  tier: tier-1, domain '" << T.Domain << "' (" << T.Source << ")\n";
    ApprovalRequirement Req = approvalRequirement(F, T.Domain, Ctx);
    OS << "  owners: "
       << (Req.Owners.empty() ? "none declared" : join(Req.Owners, ", "))
       << "\n  a change needs: " << Req.Need
       << (Req.Need == 1 ? " approval" : " approvals")
       << (Req.NeedsOwner ? ", one from an owner" : "") << "; "
       << (Ctx.Rules.Tests == TestRequirement::Changed
               ? "a changed test that reaches it"
           : Ctx.Rules.Tests == TestRequirement::Exists
               ? "a test that reaches it"
               : "no test")
       << "\n";
  } else if (std::optional<unsigned> Caller = closestTier1Caller(Id, Ctx)) {
    const FunctionFacts &C = P.function(*Caller);
    OS << "  tier: not tier-1, but tier-1 code reaches it: " << C.Name << " ("
       << resolveTier(C, Ctx.Rules).Domain << ")\n";
  } else {
    OS << "  tier: not tier-1\n";
  }
  std::vector<TestPath> Tests = testsReaching(Id, Ctx);
  OS << "  tests reaching it: " << Tests.size() << "\n";
  for (const TestPath &Test : Tests)
    OS << "    " << Test.Test << ": " << join(Test.Path, " -> ") << "\n";
  BlastRadius B = blastRadiusOf(Id, Ctx);
  OS << "  callers (transitive, tests aside): " << B.Callers
     << "; entry points: "
     << (B.EntryPoints.empty() ? "none" : join(B.EntryPoints, ", ")) << "\n";
}

json::Value explainJson(unsigned Id, const CheckContext &Ctx) {
  const Program &P = Ctx.Analysis.Head;
  const FunctionFacts &F = P.function(Id);
  Tier T = resolveTier(F, Ctx.Rules);
  json::Object O{{"function", F.Name},
                 {"file", F.File},
                 {"line", F.Line},
                 {"end_line", F.EndLine}};
  if (T.isTier1()) {
    ApprovalRequirement Req = approvalRequirement(F, T.Domain, Ctx);
    O["tier"] = "tier1";
    O["domain"] = T.Domain;
    O["tier_source"] = T.Source;
    O["owners"] = toArray(Req.Owners);
    O["approvals_needed"] =
        json::Object{{"count", Req.Need}, {"owner", Req.NeedsOwner}};
  } else if (std::optional<unsigned> Caller = closestTier1Caller(Id, Ctx)) {
    O["tier"] = "indirect";
    O["domain"] = resolveTier(P.function(*Caller), Ctx.Rules).Domain;
    O["tier1_caller"] = P.function(*Caller).Name;
  } else {
    O["tier"] = "none";
    O["domain"] = nullptr;
  }
  json::Array Tests;
  for (TestPath &Test : testsReaching(Id, Ctx))
    Tests.push_back(
        json::Object{{"test", Test.Test}, {"path", toArray(Test.Path)}});
  O["tests_reaching"] = std::move(Tests);
  BlastRadius B = blastRadiusOf(Id, Ctx);
  O["blast_radius"] = json::Object{{"callers", B.Callers},
                                   {"entry_points", toArray(B.EntryPoints)}};
  return json::Value(std::move(O));
}

} // namespace

int runExplain(const ExplainOptions &O, raw_ostream &Out, raw_ostream &Err) {
  auto Fail = [&](const Twine &Message) {
    Err << "riskguard: error: " << Message << "\n";
    return 2;
  };
  if (!is_contained({"text", "json", "mermaid", "dot"}, O.Format))
    return Fail("explain --format must be text, json, mermaid or dot, not '" +
                O.Format + "'");
  if (O.Target.empty())
    return Fail("explain needs a function: a qualified name (ns::f or "
                "ns::f(int)) or FILE:LINE");
  Expected<Workspace> W = openWorkspace(O.RepoDir, O.PolicyFile, O.BuildPath);
  if (!W)
    return Fail(toString(W.takeError()));

  // Read before the long parse: a malformed tracefile is bad input.
  std::optional<Coverage> Cov;
  if (!O.Coverage.empty()) {
    Expected<Coverage> Read = loadCoverage(O.Coverage, *W, nullptr);
    if (!Read)
      return Fail(toString(Read.takeError()));
    Cov = std::move(*Read);
    for (const std::string &Note : Cov->Ignored)
      Err << "riskguard: warning: coverage: " << Note << "\n";
  }

  ChangeSet NoChanges;
  Progress Shown(/*Quiet=*/false, W->Root, Err);
  AnalysisResult Analysis =
      analyzeHead(*W, W->Rules, O.CacheDir, O.Jobs, Shown.callback());
  Shown.finish();

  ReviewInputs RI;
  RI.PolicyFile = W->PolicyRel;
  Expected<ReviewContext> Review = gatherReview(RI, W->Rules, W->Root);
  if (!Review)
    return Fail(toString(Review.takeError()));
  CheckContext Ctx(Analysis, W->Rules, W->Rules, NoChanges, *Review);
  std::optional<CoverageIndex> CovIndex;
  TestInputs Tests;
  if (Cov) {
    CovIndex.emplace(*Cov, Analysis.Head, W->Rules);
    Tests.Coverage = &*CovIndex;
    Ctx.Tests = &Tests;
  }

  std::vector<unsigned> Ids = findTarget(Analysis.Head, O.Target);
  if (Ids.empty())
    return Fail("no function '" + O.Target + "' among the " +
                Twine(Analysis.Head.functions().size()) +
                " functions of the program (give ns::f, ns::f(int) or "
                "FILE:LINE with a repo-relative FILE)");
  if (O.Format == "json") {
    json::Array All;
    for (unsigned Id : Ids)
      All.push_back(explainJson(Id, Ctx));
    Out << formatv("{0:2}", json::Value(std::move(All))) << "\n";
    return 0;
  }
  for (size_t I = 0; I < Ids.size(); ++I) {
    if (I)
      Out << "\n";
    if (O.Format == "mermaid")
      writeMermaid(neighbourhoodOf(Analysis.Head, Ids[I], W->Rules), Out);
    else if (O.Format == "dot")
      writeDot(neighbourhoodOf(Analysis.Head, Ids[I], W->Rules), Out);
    else
      explainText(Ids[I], Ctx, Out);
  }
  return 0;
}

} // namespace riskguard
