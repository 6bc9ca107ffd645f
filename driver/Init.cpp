//===- Init.cpp - The 'riskguard init' command ----------------------------===//
//
// Writes a starter .riskguard.json from what the code base already says:
// the domains (and RG_OWNERS) found in annotations, where the tests live,
// the data files CMake tests run the project's executables on, and the
// base branch if the repository has one.
//
//===----------------------------------------------------------------------===//
#include "driver/Init.h"
#include "analysis/Analyzer.h"
#include "driver/DataTestProposals.h"
#include "driver/Index.h"
#include "pipeline/CachedAnalysis.h"
#include "pipeline/Workspace.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

using namespace llvm;

namespace riskguard {

namespace {

std::string quoted(StringRef S) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << json::Value(S.str());
  return OS.str();
}

std::string quotedList(const std::set<std::string> &Items) {
  std::string S;
  for (const std::string &I : Items)
    S += (S.empty() ? "" : ", ") + quoted(I);
  return "[" + S + "]";
}

/// Test globs for the files that hold tests: test folders, *_test files.
std::set<std::string> testGlobs(const Program &P) {
  std::set<std::string> Globs;
  for (const FunctionFacts &F : P.functions()) {
    if (F.TestName.empty())
      continue;
    SmallVector<StringRef> Parts;
    StringRef(F.File).split(Parts, '/');
    std::string Prefix;
    bool InTestDir = false;
    for (size_t I = 0; I + 1 < Parts.size(); ++I) {
      Prefix += Parts[I].str() + "/";
      std::string Dir = Parts[I].lower();
      if (Dir == "test" || Dir == "tests" || Dir == "unittests" ||
          Dir == "unittest") {
        Globs.insert(Prefix + "**");
        InTestDir = true;
        break;
      }
    }
    if (InTestDir)
      continue;
    StringRef Stem = sys::path::stem(F.File);
    StringRef Ext = sys::path::extension(F.File);
    if (Stem.ends_with("_test") || Stem.ends_with("_unittest"))
      Globs.insert(("**/*" + Stem.substr(Stem.rfind('_')) + Ext).str());
    else
      Globs.insert(F.File);
  }
  return Globs;
}

/// The files holding test bodies, repo-relative.
std::set<std::string> testSources(const Program &P) {
  std::set<std::string> Files;
  for (const FunctionFacts &F : P.functions())
    if (!F.TestName.empty())
      Files.insert(F.File);
  return Files;
}

/// The `tests` object: one line without data tests, else one entry per
/// directory, each with the add_test it was found by.
void writeTests(raw_ostream &OS, const std::set<std::string> &Tests,
                ArrayRef<DataTestProposal> Data) {
  if (Data.empty()) {
    OS << "  // Data-driven tests, files a runner feeds to the program, go in\n"
       << "  // \"data\": [ { \"paths\": [\"test/regress/*.test\"], "
          "\"reaches_via\": [\"main\"] } ].\n"
       << "  \"tests\": { \"paths\": " << quotedList(Tests) << " },\n";
    return;
  }
  OS << "  \"tests\": {\n    \"paths\": " << quotedList(Tests) << ",\n"
     << "    // Files CMake tests run the project's executables on: a changed\n"
     << "    // one is a changed test that reaches what main reaches.\n"
     << "    \"data\": [";
  size_t N = 0;
  for (const DataTestProposal &P : Data)
    OS << (N++ ? "," : "") << "\n      // add_test at " << P.Where << " runs "
       << P.Executable << " on them\n      { \"paths\": "
       << quotedList({P.Paths.begin(), P.Paths.end()})
       << ", \"reaches_via\": [\"main\"] }";
  OS << "\n    ]\n  },\n";
}

/// What init found in the code base: the policy is written from it.
struct InitFindings {
  std::map<std::string, std::set<std::string>> Domains; // domain -> owners
  std::set<std::string> Tests;
  std::vector<DataTestProposal> Data;
  bool HasOriginMain = false;
};

/// The domains, owners, test globs, data tests and base branch found by
/// analysing the head of \p W with no policy.
InitFindings findPolicyFacts(const Workspace &W, const InitOptions &O,
                             raw_ostream &Err) {
  Policy NoPolicy;
  Progress Shown(/*Quiet=*/false, W.Root, Err);
  AnalysisResult Analysis =
      analyzeHead(W, NoPolicy, O.CacheDir, O.Jobs, Shown.callback());
  Shown.finish();

  InitFindings F;
  for (const FunctionFacts &Fn : Analysis.Head.functions())
    if (!Fn.Tier1Domain.empty())
      F.Domains[Fn.Tier1Domain].insert(Fn.Owners.begin(), Fn.Owners.end());
  F.Tests = testGlobs(Analysis.Head);
  std::vector<std::string> Skipped;
  if (W.BuildDir != W.Root)
    Skipped.push_back(W.BuildDir);
  F.Data = proposeDataTests(W.Root, Skipped, testSources(Analysis.Head));
  F.HasOriginMain = static_cast<bool>(W.Repo->resolve("origin/main"));
  if (!F.HasOriginMain)
    consumeError(W.Repo->resolve("origin/main").takeError());
  return F;
}

/// The keys after `tests`, the same in every starter policy: requirements,
/// AI-assisted changes, approvals, documentation, blast radius, authors and
/// teams, each with a comment.
void writeRequirements(raw_ostream &OS) {
  OS << "  // Two-person review: besides its author, an owner of the code\n"
     << "  // approves every tier-1 change. Lower these only on purpose.\n"
     << "  \"require\": {\n"
     << "    \"tests\": \"changed\",      // \"changed\" | \"exists\" | "
        "\"none\"\n"
     << "    \"min_approvals\": 1,\n"
     << "    \"owner_approval\": true,\n"
     << "    \"indirect\": \"warn\"       // \"block\" | \"warn\" | "
        "\"ignore\"\n"
     << "  },\n"
     << "  // AI-assisted changes (a trailer or a pull-request label says so)\n"
     << "  // need two approvals, one of them from a senior engineer.\n"
     << "  \"ai_assisted\": {\n"
     << "    \"markers\": [\"Assisted-by:\", \"Generated-by:\", "
        "\"Co-authored-by: *[[]bot]*\"],\n"
     << "    \"labels\": [\"ai-assisted\"],\n"
     << "    \"min_approvals\": 2,\n"
     << "    \"require_team\": \"senior\"\n"
     << "  },\n"
     << "  // An approval of an earlier push holds while no tier-1 logic "
        "changed\n"
     << "  // after it. Trailers count only from committers listed here (a\n"
     << "  // review server or merge bot), never from the change's author.\n"
     << "  \"approvals\": { \"trusted_committers\": [], \"sticky\": "
        "\"logic\" },\n"
     << "  // A tier-1 change explains itself in the pull request or a commit\n"
     << "  // message: \"Risk: ...\" lines or \"## Risk\" headings.\n"
     << "  \"document\": { \"sections\": [\"Risk\", \"Testing\", "
        "\"Rollback\"] },\n"
     << "  // Wide reach is called out; very wide reach needs a second "
        "approval\n"
     << "  // and a senior's.\n"
     << "  \"blast_radius\": { \"warn_callers\": 25, \"high_callers\": 100,\n"
     << "                    \"high_entry_points\": 5, "
        "\"high_min_approvals\": 2,\n"
     << "                    \"high_require_team\": \"senior\" },\n"
     << "  // Rules for who wrote a change, e.g. juniors' tier-1 changes need "
        "a\n"
     << "  // senior: { \"members\": [\"@org/juniors\"], \"require_team\": "
        "\"senior\" }.\n"
     << "  \"authors\": [],\n"
     << "  // Members of the teams named as owners: \"@org/team\": "
        "[\"login\"].\n"
     << "  // Name the senior engineers: until then, AI-assisted and very "
        "wide\n"
     << "  // changes cannot be approved.\n"
     << "  \"teams\": { \"senior\": [] }\n"
     << "}\n";
}

/// The text of the starter .riskguard.json for \p F, with comments.
std::string starterPolicy(const InitFindings &F) {
  std::string Text;
  raw_string_ostream OS(Text);
  OS << "// riskguard policy: what is tier-1, what a change to it needs.\n"
     << "// Written by 'riskguard init'; see docs/policy.md for every key.\n"
     << "{\n  \"version\": 1,\n";
  if (F.HasOriginMain)
    OS << "  // Changes are checked against this revision by default.\n"
       << "  \"base\": \"origin/main\",\n";
  OS << "  // Domains found in RG_TIER1 annotations; add who owns each one.\n"
     << "  \"domains\": {";
  size_t N = 0;
  for (const auto &[Domain, Owners] : F.Domains)
    OS << (N++ ? "," : "") << "\n    " << quoted(Domain)
       << ": { \"owners\": " << quotedList(Owners) << " }";
  OS << (F.Domains.empty() ? "},\n" : "\n  },\n")
     << "  // Mark code tier-1 without annotations, e.g.\n"
     << "  // { \"path\": \"src/payments/**\", \"domain\": \"payment\" }.\n"
     << "  \"rules\": [],\n"
     << "  // Where the tests are (test bodies of GoogleTest, Catch2, doctest\n"
     << "  // and Boost.Test are found wherever they are).\n";
  writeTests(OS, F.Tests, F.Data);
  writeRequirements(OS);
  OS.flush();
  return Text;
}

/// The one-line summary of what init wrote: domains, test and data globs.
void writeSummary(raw_ostream &Out, const InitFindings &F) {
  Out << "riskguard: wrote .riskguard.json: " << F.Domains.size()
      << (F.Domains.size() == 1 ? " domain" : " domains")
      << " from annotations, tests in "
      << (F.Tests.empty() ? std::string("no folder found")
                          : join(F.Tests.begin(), F.Tests.end(), ", "));
  if (!F.Data.empty()) {
    std::vector<std::string> Globs;
    for (const DataTestProposal &P : F.Data)
      Globs.insert(Globs.end(), P.Paths.begin(), P.Paths.end());
    Out << ", data tests in " << join(Globs, ", ");
  }
  Out << "\n";
}

} // namespace

int runInit(const InitOptions &O, raw_ostream &Out, raw_ostream &Err) {
  auto Fail = [&](const Twine &Message) {
    Err << "riskguard: error: " << Message << "\n";
    return 2;
  };
  Expected<Workspace> W = openWorkspace(O.RepoDir, "", O.BuildPath);
  if (!W)
    return Fail(toString(W.takeError()));
  std::string Path = W->Root + "/.riskguard.json";
  if (sys::fs::exists(Path) && !O.Force)
    return Fail("'.riskguard.json' already exists; remove it or pass --force");

  InitFindings Found = findPolicyFacts(*W, O, Err);
  std::string Text = starterPolicy(Found);
  // What init writes must be a policy riskguard accepts.
  if (Expected<Policy> Check = parsePolicy(Text, ".riskguard.json"); !Check)
    return Fail("internal: the starter policy does not parse: " +
                toString(Check.takeError()));
  if (Error E = writeToOutput(Path, [&](raw_ostream &File) {
        File << Text;
        return Error::success();
      }))
    return Fail("cannot write " + toString(std::move(E)));
  writeSummary(Out, Found);
  return 0;
}

} // namespace riskguard
