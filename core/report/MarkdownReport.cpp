//===- MarkdownReport.cpp - The pull request summary ----------------------===//
//
// What a reviewer reads first: the verdict, a table of what blocks and what
// would satisfy each rule, and for each changed tier-1 function with a
// finding a Mermaid diagram of its neighbourhood (GitHub and GitLab render
// them in comments and step summaries).
//
//===----------------------------------------------------------------------===//
#include "report/Graph.h"
#include "report/Report.h"
#include "report/ReportUtil.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace riskguard {

namespace {

/// Rows of a findings table, and diagrams, beyond which the summary only
/// counts: a PR comment holds at most 65,536 characters.
constexpr size_t MaxRows = 50;
constexpr size_t MaxDiagrams = 10;

/// Plain text that renders as written: Markdown and HTML markup escaped.
std::string text(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '&':
      Out += "&amp;";
      break;
    case '\n':
      Out += "<br>";
      break;
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '|':
    case '#':
      Out += '\\';
      Out += C;
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// A code span holding \p S verbatim; in a table a '|' must be escaped even
/// there.
std::string code(llvm::StringRef S, bool InTable = false) {
  size_t Run = 0, Longest = 0;
  std::string Body;
  for (char C : S) {
    Run = C == '`' ? Run + 1 : 0;
    Longest = std::max(Longest, Run);
    if (C == '|' && InTable)
      Body += '\\';
    Body += (C == '\n' || C == '\r') ? ' ' : C;
  }
  std::string Fence(Longest + 1, '`');
  bool Pad = !Body.empty() && (Body.front() == '`' || Body.back() == '`');
  return Fence + (Pad ? " " : "") + Body + (Pad ? " " : "") + Fence;
}

std::string plural(size_t N, llvm::StringRef One, llvm::StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// A commit id as reviewers read it: 12 hex digits.
std::string shortId(llvm::StringRef Id) {
  if (Id.size() == 40 && llvm::all_of(Id, llvm::isHexDigit))
    return Id.take_front(12).str();
  return Id.str();
}

std::string location(const Finding &F) {
  return F.Line ? F.File + ":" + std::to_string(F.Line) : F.File;
}

void blockingTable(llvm::ArrayRef<const Finding *> Findings,
                   llvm::raw_ostream &OS) {
  OS << "| Rule | Function | Location | What would satisfy it |\n"
     << "| --- | --- | --- | --- |\n";
  for (const Finding *F : Findings.take_front(MaxRows))
    OS << "| " << code(F->Rule, true) << " | "
       << (F->Function.empty() ? "" : code(F->Function, true)) << " | "
       << code(location(*F), true) << " | " << text(F->Message) << " |\n";
  if (Findings.size() > MaxRows)
    OS << "\n"
       << plural(Findings.size() - MaxRows, "more blocking finding",
                 "more blocking findings")
       << " not shown: see the JSON or SARIF report.\n";
}

void otherTable(llvm::ArrayRef<const Finding *> Findings,
                llvm::raw_ostream &OS) {
  OS << "| Severity | Rule | Function | Location | Message |\n"
     << "| --- | --- | --- | --- | --- |\n";
  for (const Finding *F : Findings.take_front(MaxRows)) {
    std::string Message = F->Message;
    if (!F->Waiver.empty())
      Message += " (waived: " + F->Waiver + ")";
    OS << "| " << severityName(F->Level) << " | " << code(F->Rule, true)
       << " | " << (F->Function.empty() ? "" : code(F->Function, true)) << " | "
       << code(location(*F), true) << " | " << text(Message) << " |\n";
  }
  if (Findings.size() > MaxRows)
    OS << "\n"
       << plural(Findings.size() - MaxRows, "more finding", "more findings")
       << " not shown: see the JSON or SARIF report.\n";
}

bool isAbout(const Finding &F, const ChangedFunction &C) {
  return F.Function == C.Facts.Name && F.File == C.Facts.File;
}

/// The changed functions worth a diagram: tier-1 (or reached by tier-1
/// code), present at head, with at least one finding; those with a blocking
/// finding first, each group in file and line order.
std::vector<const ChangedFunction *> drawnFunctions(const Report &R) {
  std::vector<const ChangedFunction *> Blocked, Others;
  if (!R.Analysis || !R.Rules)
    return Blocked;
  for (const ChangedFunction &C : R.Changed) {
    if (C.TierKind == TierKind::None || C.IsTest || !C.HeadId)
      continue;
    if (llvm::any_of(R.Findings, [&](const Finding &F) {
          return isAbout(F, C) && F.Blocking;
        }))
      Blocked.push_back(&C);
    else if (llvm::any_of(R.Findings,
                          [&](const Finding &F) { return isAbout(F, C); }))
      Others.push_back(&C);
  }
  llvm::append_range(Blocked, Others);
  return Blocked;
}

void functionSection(const Report &R, const ChangedFunction &C,
                     llvm::raw_ostream &OS) {
  Neighbourhood N = neighbourhoodOf(R.Analysis->Head, *C.HeadId, *R.Rules);
  std::vector<std::string> Rules;
  for (const Finding &F : R.Findings)
    if (isAbout(F, C) && !llvm::is_contained(Rules, F.Rule))
      Rules.push_back(F.Rule);

  OS << "\n#### " << code(C.Facts.Name) << "\n\n";
  OS << (C.TierKind == TierKind::Tier1 ? "Tier-1" : "Reached by tier-1 code");
  if (!C.Domain.empty())
    OS << " (" << text(C.Domain) << ")";
  OS << ", " << changeKindName(C.Kind) << " at "
     << code(C.Facts.File + ":" + std::to_string(C.Facts.Line)) << ": "
     << plural(N.Tests.size() + N.HiddenTests, "test reaches", "tests reach")
     << " it; " << plural(N.AllCallers, "caller", "callers")
     << " (tests aside), "
     << plural(N.EntryPoints.size() + N.HiddenEntryPoints, "entry point",
               "entry points")
     << ". Findings:";
  for (size_t I = 0; I < Rules.size(); ++I)
    OS << (I ? ", " : " ") << code(Rules[I]);
  OS << ".\n";
  if (!C.Summary.empty()) {
    OS << "\nWhat changed:\n";
    for (const std::string &Line : C.Summary)
      OS << "- " << code(Line) << "\n";
  }
  OS << "\n```mermaid\n";
  writeMermaid(N, OS);
  OS << "```\n";
}

} // namespace

void writeMarkdown(const Report &R, llvm::raw_ostream &OS) {
  std::vector<const Finding *> Blocking, Others;
  for (const Finding &F : R.Findings)
    (F.Blocking ? Blocking : Others).push_back(&F);
  size_t Logic = 0, Tier1 = 0, Indirect = 0;
  for (const ChangedFunction &C : R.Changed) {
    if (C.Kind == ChangeKind::Cosmetic)
      continue;
    ++Logic;
    Tier1 += C.TierKind == TierKind::Tier1;
    Indirect += C.TierKind == TierKind::Indirect;
  }

  OS << "<!-- riskguard:summary -->\n";
  if (Blocking.empty())
    OS << "## :white_check_mark: riskguard: nothing blocks this change\n\n";
  else
    OS << "## :x: riskguard: "
       << plural(Blocking.size(), "blocking finding", "blocking findings")
       << "\n\n";
  OS << plural(Blocking.size(), "blocking finding", "blocking findings") << ", "
     << Others.size() << " non-blocking; "
     << plural(Logic, "function", "functions") << " with logic changes ("
     << Tier1 << " tier-1, " << Indirect << " reached by tier-1 code)";
  if (!R.BaseId.empty())
    OS << "; base " << code(shortId(R.BaseId));
  OS << ", head " << code(shortId(R.HeadId)) << ".\n";
  if (!R.Findings.empty()) {
    OS << "\n**Risk: " << R.Risk.Level << "**";
    if (!R.Risk.Reasons.empty())
      OS << ": " << text(llvm::join(R.Risk.Reasons, "; "));
    OS << "\n";
  }

  if (!Blocking.empty()) {
    OS << "\n### Blocking findings\n\n";
    blockingTable(Blocking, OS);
  }

  for (const Finding *F : Blocking)
    if (!F->MissingSections.empty())
      OS << "\n### Explain the change\n\nAdd to the pull request's "
            "description:\n\n```markdown\n"
         << report::sectionsTemplate(F->MissingSections) << "```\n";

  std::vector<const ChangedFunction *> Drawn = drawnFunctions(R);
  if (!Drawn.empty()) {
    OS << "\n### Changed tier-1 code and its neighbourhood\n\n"
       << "Solid arrows call the function directly; dotted ones reach it "
          "through other calls.\n";
    for (const ChangedFunction *C :
         llvm::ArrayRef(Drawn).take_front(MaxDiagrams))
      functionSection(R, *C, OS);
    if (Drawn.size() > MaxDiagrams)
      OS << "\n"
         << plural(Drawn.size() - MaxDiagrams, "more function is",
                   "more functions are")
         << " not drawn; `riskguard explain --format mermaid NAME` draws "
            "any of them.\n";
  }

  if (!Others.empty()) {
    OS << "\n<details><summary>"
       << plural(Others.size(), "non-blocking finding", "non-blocking findings")
       << "</summary>\n\n";
    otherTable(Others, OS);
    OS << "\n</details>\n";
  }
}

} // namespace riskguard
