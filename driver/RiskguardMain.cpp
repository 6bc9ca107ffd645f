//===- RiskguardMain.cpp - The riskguard command line ---------------------===//
#include "driver/RiskguardMain.h"
#include "driver/Check.h"
#include "driver/Demo.h"
#include "driver/Explain.h"
#include "driver/Index.h"
#include "driver/Init.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace riskguard {

namespace {

cl::OptionCategory Category("riskguard options");
cl::SubCommand CheckCmd("check", "Check a change against the policy");
cl::SubCommand DemoCmd("demo",
                       "Run riskguard on the bundled example, end to end");
cl::SubCommand ExplainCmd("explain", "Tier, owners, approvals, tests reaching "
                                     "it and blast radius of a function");
cl::SubCommand IndexCmd("index",
                        "Parse every translation unit into the facts cache");
cl::SubCommand InitCmd("init",
                       "Write a starter .riskguard.json from the code base");

cl::opt<std::string>
    BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
              cl::value_desc("BUILD_DIR"), cl::cat(Category), cl::sub(CheckCmd),
              cl::sub(ExplainCmd), cl::sub(IndexCmd), cl::sub(InitCmd));
cl::opt<std::string>
    RepoDir("repo",
            cl::desc("The git repository (default: the current directory)"),
            cl::value_desc("DIR"), cl::cat(Category), cl::sub(CheckCmd),
            cl::sub(ExplainCmd), cl::sub(IndexCmd), cl::sub(InitCmd));
cl::opt<std::string>
    BaseRev("base",
            cl::desc("Base revision (default: the policy's base, else HEAD~1)"),
            cl::value_desc("REV"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string>
    HeadRev("head", cl::desc("Head revision (default: the working tree)"),
            cl::value_desc("REV"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> DiffFile("diff",
                              cl::desc("Take the change as a unified patch "
                                       "whose head side is the working tree"),
                              cl::value_desc("FILE"), cl::cat(Category),
                              cl::sub(CheckCmd));
cl::opt<std::string> PolicyFile(
    "policy",
    cl::desc("Policy file (default: .riskguard.json at the repository root)"),
    cl::value_desc("FILE"), cl::cat(Category), cl::sub(CheckCmd),
    cl::sub(ExplainCmd));
cl::opt<std::string> ApprovalsFile(
    "approvals",
    cl::desc("Approvals: GitHub 'list reviews' JSON, GitLab merge-request "
             "approvals JSON, or {\"author\": ..., \"approvals\": [...]}"),
    cl::value_desc("FILE"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> PullRequestFile(
    "pull-request",
    cl::desc("The pull request: GitHub's pull_request event JSON "
             "($GITHUB_EVENT_PATH) or GitLab's merge-request JSON"),
    cl::value_desc("FILE"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> CoverageFile(
    "coverage",
    cl::desc("Per-test coverage: an lcov tracefile with a TN: record per "
             "test, or a directory of tracefiles (docs/coverage.md)"),
    cl::value_desc("FILE|DIR"), cl::cat(Category), cl::sub(CheckCmd),
    cl::sub(ExplainCmd));
cl::opt<std::string>
    Author("author",
           cl::desc("Who wrote the change (never counts as an approver)"),
           cl::value_desc("LOGIN"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string>
    FactsDir("facts-dir",
             cl::desc("Use the facts the compiler plugin wrote to DIR during "
                      "the build for the head, instead of parsing"),
             cl::value_desc("DIR"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc("The facts cache (default: $XDG_CACHE_HOME/riskguard or "
                      "~/.cache/riskguard; empty: no cache)"),
             cl::value_desc("DIR"), cl::cat(Category), cl::sub(CheckCmd),
             cl::sub(ExplainCmd), cl::sub(IndexCmd), cl::sub(InitCmd));
cl::opt<bool> AIAssisted("ai-assisted",
                         cl::desc("Treat the change as AI-assisted"),
                         cl::cat(Category), cl::sub(CheckCmd));
cl::opt<unsigned>
    Jobs("j",
         cl::desc("Parse N translation units at once (default: all cores)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(Category),
         cl::sub(CheckCmd), cl::sub(DemoCmd), cl::sub(ExplainCmd),
         cl::sub(IndexCmd), cl::sub(InitCmd));
cl::list<std::string>
    Formats("format",
            cl::desc("Output format, to stdout or to PATH; repeatable (text, "
                     "json, sarif, github-review, gitlab, rdjson, markdown)"),
            cl::value_desc("FMT[=PATH]"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> FailOn(
    "fail-on",
    cl::desc(
        "Which findings make the exit code 1: error (default), warning, never"),
    cl::value_desc("LEVEL"), cl::init("error"), cl::cat(Category),
    cl::sub(CheckCmd));
cl::opt<bool> Verbose("v", cl::desc("List every changed function on stderr"),
                      cl::cat(Category), cl::sub(CheckCmd));
cl::opt<bool> Quiet("q", cl::desc("Print findings only (index: nothing)"),
                    cl::cat(Category), cl::sub(CheckCmd), cl::sub(IndexCmd));
cl::opt<std::string> ExplainFormat(
    "format", cl::desc("Output format: text (default), json, mermaid or dot"),
    cl::value_desc("FMT"), cl::init("text"), cl::cat(Category),
    cl::sub(ExplainCmd));
cl::opt<std::string> ExplainTarget(cl::Positional,
                                   cl::desc("QUALIFIED_NAME|FILE:LINE"),
                                   cl::cat(Category), cl::sub(ExplainCmd));
cl::opt<bool> InitForce("force",
                        cl::desc("Overwrite an existing .riskguard.json"),
                        cl::cat(Category), cl::sub(InitCmd));
cl::opt<std::string> DemoDir("dir",
                             cl::desc("Where to create the demo repository "
                                      "(default: a new temporary directory)"),
                             cl::value_desc("DIR"), cl::cat(Category),
                             cl::sub(DemoCmd));

/// The options of 'riskguard check' as the command line gives them.
CheckOptions checkOptions() {
  CheckOptions O;
  O.BuildPath = BuildPath;
  O.RepoDir = RepoDir;
  O.Base = BaseRev;
  O.Head = HeadRev;
  O.Diff = DiffFile;
  O.PolicyFile = PolicyFile;
  O.ApprovalsFile = ApprovalsFile;
  O.Author = Author;
  O.AIAssisted = AIAssisted;
  O.PullRequestFile = PullRequestFile;
  O.FactsDir = FactsDir;
  O.Coverage = CoverageFile;
  if (CacheDir.getNumOccurrences())
    O.CacheDir = CacheDir;
  O.Jobs = Jobs;
  O.Formats.assign(Formats.begin(), Formats.end());
  O.FailOn = FailOn;
  O.Verbose = Verbose;
  O.Quiet = Quiet;
  return O;
}

/// The options of 'riskguard index' as the command line gives them.
IndexCommandOptions indexOptions() {
  IndexCommandOptions O;
  O.BuildPath = BuildPath;
  O.RepoDir = RepoDir;
  if (CacheDir.getNumOccurrences())
    O.CacheDir = CacheDir;
  O.Jobs = Jobs;
  O.Quiet = Quiet;
  return O;
}

/// The options of 'riskguard explain' as the command line gives them.
ExplainOptions explainOptions() {
  ExplainOptions O;
  O.BuildPath = BuildPath;
  O.RepoDir = RepoDir;
  O.PolicyFile = PolicyFile;
  O.Format = ExplainFormat;
  O.Target = ExplainTarget;
  O.Coverage = CoverageFile;
  if (CacheDir.getNumOccurrences())
    O.CacheDir = CacheDir;
  O.Jobs = Jobs;
  return O;
}

/// The options of 'riskguard init' as the command line gives them.
InitOptions initOptions() {
  InitOptions O;
  O.BuildPath = BuildPath;
  O.RepoDir = RepoDir;
  O.Force = InitForce;
  if (CacheDir.getNumOccurrences())
    O.CacheDir = CacheDir;
  O.Jobs = Jobs;
  return O;
}

} // namespace

int riskguardMain(int Argc, const char **Argv) {
  cl::ResetAllOptionOccurrences();
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "riskguard version " RISKGUARD_VERSION " (LLVM " LLVM_VERSION_STRING
          ")\n";
  });
  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "riskguard: guardrails for changes to critical (tier-1) C++ code\n",
          &ErrorStream)) {
    errs() << ErrorStream.str();
    return 2;
  }
  if (CheckCmd)
    return runCheck(checkOptions(), outs(), errs());
  if (IndexCmd)
    return runIndex(indexOptions(), errs());
  if (ExplainCmd)
    return runExplain(explainOptions(), outs(), errs());
  if (InitCmd)
    return runInit(initOptions(), outs(), errs());
  if (DemoCmd)
    return runDemo(DemoDir, Jobs, outs(), errs());
  errs() << "riskguard: error: no command given; run 'riskguard check' on a "
            "change or 'riskguard demo' (see 'riskguard --help')\n";
  return 2;
}

} // namespace riskguard
