//===- Check.cpp - The 'riskguard check' command --------------------------===//
#include "driver/Check.h"
#include "driver/Index.h"
#include "facts/FactsCache.h"
#include "facts/Indexer.h"
#include "pipeline/CheckPipeline.h"
#include "report/Report.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace riskguard {

namespace {

/// A bad input: the message for stderr, exit code 2.
struct InputError {
  std::string Message;
};

/// One requested output: a format and where it goes (empty: stdout).
struct Output {
  Format Fmt;
  std::string Path;
};

Expected<std::vector<Output>> parseOutputs(ArrayRef<std::string> Specs) {
  std::vector<Output> Outputs;
  for (StringRef Spec : Specs) {
    auto [Name, Path] = Spec.split('=');
    std::optional<Format> F = parseFormat(Name);
    if (!F)
      return createStringError(inconvertibleErrorCode(),
                               "unknown format '" + Name + "' in --format " +
                                   Spec +
                                   " (expected one of: " + formatNames() + ")");
    if (Spec.contains('=') && Path.empty())
      return createStringError(inconvertibleErrorCode(),
                               "--format " + Spec + " names no file after '='");
    Outputs.push_back({*F, Path.str()});
  }
  if (Outputs.empty())
    Outputs.push_back({Format::Text, ""});
  if (count_if(Outputs, [](const Output &O) { return O.Path.empty(); }) > 1)
    return createStringError(inconvertibleErrorCode(),
                             "more than one --format writes to stdout; give "
                             "the others a file with FMT=PATH");
  return Outputs;
}

/// Writes \p Contents to \p Path through a temporary file and a rename, so
/// that readers never see half a report.
Error writeAtomically(StringRef Path, StringRef Contents) {
  if (Error E = writeToOutput(Path, [&](raw_ostream &OS) {
        OS << Contents;
        return Error::success();
      }))
    return createStringError(inconvertibleErrorCode(),
                             "cannot write " + toString(std::move(E)));
  return Error::success();
}

std::string plural(size_t N, StringRef One, StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// Says where the facts of the translation units came from, so that a cold
/// cache shows: "riskguard: facts: 65 of 66 translation units from the
/// cache, 1 parsed (65 at head, 1 at base)". \p HeadUnits is how many the
/// head has, \p FromFacts how many of them --facts-dir gave.
void printFactsUse(const AnalysisResult &A, size_t HeadUnits, size_t FromFacts,
                   bool CacheOn, raw_ostream &Err) {
  size_t Needed = A.TUsParsed + A.TUsCached - FromFacts;
  if (!Needed)
    return;
  size_t Head = HeadUnits - FromFacts;
  std::string Sides = " (" + std::to_string(Head) + " at head, " +
                      std::to_string(Needed - Head) + " at base)";
  Err << "riskguard: facts: ";
  if (CacheOn)
    Err << A.TUsCached - FromFacts << " of "
        << plural(Needed, "translation unit", "translation units")
        << " from the cache, " << A.TUsParsed << " parsed" << Sides << "\n";
  else
    Err << plural(Needed, "translation unit", "translation units") << " parsed"
        << Sides << "; the facts cache is off\n";
}

/// Says what became of --facts-dir: "riskguard: head: 3 of 4 translation
/// units from --facts-dir, 1 parsed or from the cache".
void printBuildFactsUse(const FactsUse &Use, StringRef CommandsName,
                        bool Verbose, raw_ostream &Err) {
  Err << "riskguard: head: " << Use.FromFacts << " of "
      << plural(Use.Units, "translation unit", "translation units")
      << " from --facts-dir, " << Use.Units - Use.FromFacts
      << " parsed or from the cache";
  std::vector<std::string> Ignored;
  if (Use.Stale)
    Ignored.push_back(std::to_string(Use.Stale) + " out of date");
  if (Use.Unverifiable)
    Ignored.push_back(std::to_string(Use.Unverifiable) +
                      " without input hashes");
  if (Use.NotBuilt)
    Ignored.push_back(std::to_string(Use.NotBuilt) + " not in " +
                      CommandsName.str());
  if (!Ignored.empty())
    Err << "; facts files ignored: " << llvm::join(Ignored, ", ")
        << (Verbose ? "" : " (-v names them)");
  Err << "\n";
}

/// Says how many tests --coverage gave, and which coverage was ignored.
void printCoverageUse(const Coverage &Cov, bool Verbose, raw_ostream &Err) {
  Err << "riskguard: coverage: " << plural(Cov.Tests.size(), "test", "tests")
      << " from " << plural(Cov.Files, "tracefile", "tracefiles") << "\n";
  // Stale coverage of a busy file is one note per test: a few show the
  // problem, the JSON report has them all.
  size_t Shown =
      Verbose ? Cov.Ignored.size() : std::min<size_t>(Cov.Ignored.size(), 10);
  for (size_t I = 0; I < Shown; ++I)
    Err << "riskguard: warning: coverage: " << Cov.Ignored[I] << "\n";
  if (Shown < Cov.Ignored.size())
    Err << "riskguard: warning: coverage: " << Cov.Ignored.size() - Shown
        << " more ignored (-v lists them, as does the JSON report)\n";
}

/// Where the facts came from and what was read, unless --quiet.
void printInputs(const CheckOptions &O, const CheckRun &Run, raw_ostream &Err) {
  if (O.Quiet)
    return;
  if (!O.FactsDir.empty())
    printBuildFactsUse(Run.BuildFacts, Run.W.CommandsName, O.Verbose, Err);
  if (O.ShowFactsUse)
    printFactsUse(Run.Analysis,
                  projectCommands(*Run.W.Commands, *Run.W.Paths).size(),
                  Run.BuildFacts.FromFacts,
                  FactsCache::directory(O.CacheDir).has_value(), Err);
  if (Run.Cov)
    printCoverageUse(*Run.Cov, O.Verbose, Err);
}

/// With -v: the options dropped from the compile commands, and each
/// changed function with its kind and tier.
void printVerbose(const Report &R, raw_ostream &Err) {
  std::vector<std::string> Dropped = droppedCodeLoadingOptions();
  if (!Dropped.empty())
    Err << "riskguard: dropped from the compile commands, since they would "
           "load code into riskguard: "
        << llvm::join(Dropped, ", ") << "\n";
  for (const ChangedFunction &C : R.Changed)
    Err << "riskguard: " << C.Facts.File << ':' << C.Facts.Line << ": "
        << changeKindName(C.Kind) << ' ' << tierKindName(C.TierKind) << ' '
        << C.Facts.Name << '\n';
}

/// Renders every output first, so that a failure leaves no file
/// half-written, then writes them.
Error writeOutputs(const Report &R, ArrayRef<Output> Outputs,
                   raw_ostream &Out) {
  std::vector<std::string> Rendered;
  for (const Output &Dest : Outputs) {
    std::string Text;
    raw_string_ostream OS(Text);
    writeReport(R, Dest.Fmt, OS);
    Rendered.push_back(std::move(OS.str()));
  }
  for (size_t I = 0; I < Outputs.size(); ++I) {
    if (!Outputs[I].Path.empty()) {
      if (Error E = writeAtomically(Outputs[I].Path, Rendered[I]))
        return E;
      continue;
    }
    Out << Rendered[I];
    Out.flush();
  }
  return Error::success();
}

size_t countChanged(const Report &R, TierKind Tier) {
  return count_if(R.Changed, [&](const ChangedFunction &C) {
    return C.TierKind == Tier && C.Kind != ChangeKind::Cosmetic;
  });
}

/// The closing summary: what changed, what blocks, and the change's risk.
void printSummary(const Report &R, size_t Blocking, size_t Warnings,
                  raw_ostream &Err) {
  size_t Cosmetic = count_if(R.Changed, [](const ChangedFunction &C) {
    return C.Kind == ChangeKind::Cosmetic;
  });
  Err << "riskguard: "
      << plural(R.Changed.size() - Cosmetic, "function", "functions")
      << " changed in logic (" << countChanged(R, TierKind::Tier1)
      << " tier-1, " << countChanged(R, TierKind::Indirect)
      << " reached by tier-1 code), " << Cosmetic << " only in layout; "
      << plural(Blocking, "blocking finding", "blocking findings") << ", "
      << plural(Warnings, "warning", "warnings") << "\n";
  if (!R.Findings.empty())
    Err << "riskguard: risk " << R.Risk.Level
        << (R.Risk.Reasons.empty() ? "" : ": ")
        << llvm::join(R.Risk.Reasons, "; ") << "\n";
}

CheckRequest requestOf(const CheckOptions &O) {
  CheckRequest Req;
  Req.RepoDir = O.RepoDir;
  Req.PolicyFile = O.PolicyFile;
  Req.BuildPath = O.BuildPath;
  Req.Change = {O.Diff, O.Base, O.Head};
  Req.ApprovalsFile = O.ApprovalsFile;
  Req.Author = O.Author;
  Req.PullRequestFile = O.PullRequestFile;
  Req.AIAssisted = O.AIAssisted;
  Req.FactsDir = O.FactsDir;
  Req.Coverage = O.Coverage;
  Req.CacheDir = O.CacheDir;
  Req.Jobs = O.Jobs;
  Req.Verbose = O.Verbose;
  return Req;
}

} // namespace

int runCheck(const CheckOptions &O, raw_ostream &Out, raw_ostream &Err) {
  auto Fail = [&](const Twine &Message) {
    Err << "riskguard: error: " << Message << "\n";
    return 2;
  };
  Expected<std::vector<Output>> Outputs = parseOutputs(O.Formats);
  if (!Outputs)
    return Fail(toString(Outputs.takeError()));
  if (O.FailOn != "error" && O.FailOn != "warning" && O.FailOn != "never")
    return Fail("--fail-on must be error, warning or never, not '" + O.FailOn +
                "'");

  CheckRequest Req = requestOf(O);
  Progress Shown(O.Quiet, "", Err);
  Req.Progress = Shown.callback();
  Expected<std::unique_ptr<CheckRun>> Run = runCheckPipeline(Req, Err);
  Shown.finish();
  if (!Run)
    return Fail(toString(Run.takeError()));
  const Report &R = (*Run)->R;
  printInputs(O, **Run, Err);
  if (O.Verbose)
    printVerbose(R, Err);
  if (Error E = writeOutputs(R, *Outputs, Out))
    return Fail(toString(std::move(E)));

  size_t Blocking =
      count_if(R.Findings, [](const Finding &F) { return F.Blocking; });
  size_t Warnings = count_if(R.Findings, [](const Finding &F) {
    return !F.Blocking && F.Level != Severity::Note;
  });
  if (!O.Quiet)
    printSummary(R, Blocking, Warnings, Err);
  if (O.FailOn == "never")
    return 0;
  return Blocking || (O.FailOn == "warning" && Warnings) ? 1 : 0;
}

} // namespace riskguard
