//===- GitHubReviewReport.cpp - Body of a GitHub "create a review" call ---===//
//
// POST /repos/{owner}/{repo}/pulls/{number}/reviews takes comments only on
// lines that are part of the diff. A finding goes on the first changed line
// of its range (added lines at head, side RIGHT; deleted lines at base for a
// deleted function, side LEFT); the others are listed in the review body.
// Every comment and body entry carries a hidden fingerprint marker, so that a
// bot can update its earlier comments instead of adding new ones.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"
#include "report/ReportUtil.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"

namespace riskguard {

using namespace report;

bool report::isOnDeletedFunction(const Report &R, const Finding &F) {
  // A finding about a deleted file (no function) is on its base lines too.
  if (F.Function.empty())
    return R.Changes &&
           llvm::any_of(R.Changes->Files, [&](const FileChange &FC) {
             return FC.Status == FileStatus::Deleted && FC.OldPath == F.File;
           });
  return llvm::any_of(R.Changed, [&](const ChangedFunction &C) {
    return C.Kind == ChangeKind::Deleted && C.Facts.Name == F.Function &&
           C.Facts.File == F.File;
  });
}

std::optional<DiffAnchor> report::diffAnchor(const Report &R,
                                             const Finding &F) {
  if (!R.Changes || F.Line == 0)
    return std::nullopt;
  bool Left = isOnDeletedFunction(R, F);
  unsigned First = F.Line, Last = endLineOf(F);
  for (const FileChange &FC : R.Changes->Files) {
    if ((Left ? FC.OldPath : FC.NewPath) != F.File)
      continue;
    for (const Hunk &H : FC.Hunks) {
      unsigned Start = Left ? H.OldStart : H.NewStart;
      unsigned Count = Left ? H.OldLines : H.NewLines;
      if (Count == 0)
        continue;
      unsigned End = Start + Count - 1;
      if (End < First || Start > Last)
        continue;
      DiffAnchor A;
      A.Path = FC.path();
      A.Side = Left ? DiffSide::Left : DiffSide::Right;
      A.First = std::max(Start, First);
      A.Last = std::min(End, Last);
      return A;
    }
  }
  return std::nullopt;
}

FindingCounts report::countFindings(const Report &R) {
  FindingCounts C;
  for (const Finding &F : R.Findings) {
    if (F.Blocking)
      ++C.Blocking;
    switch (F.Level) {
    case Severity::Error:
      ++C.Errors;
      break;
    case Severity::Warning:
      ++C.Warnings;
      break;
    case Severity::Note:
      ++C.Notes;
      break;
    }
  }
  return C;
}

namespace {

/// Whether \p Id names a commit (a full SHA-1 or SHA-256 in hex).
bool isCommitId(llvm::StringRef Id) {
  return (Id.size() == 40 || Id.size() == 64) &&
         llvm::all_of(Id, llvm::isHexDigit);
}

/// "**error** (blocking) [`rule`](url)".
std::string headline(const Finding &F) {
  std::string S = "**" + severityName(F.Level).str() + "**";
  if (F.Blocking)
    S += " (blocking)";
  S += " [`" + F.Rule + "`](" + ruleHelpUri(F.Rule) + ")";
  return S;
}

std::string marker(const Finding &F) {
  return "<!-- riskguard:fingerprint=" + F.Fingerprint + " -->";
}

/// A comment's body: message, what changed, the tests that reach it, and
/// the fingerprint marker.
std::string commentBody(const Finding &F) {
  std::string S = headline(F) + "\n\n" + F.Message + "\n";
  if (!F.ChangeSummary.empty()) {
    S += "\n**Change summary:**\n";
    for (const std::string &C : F.ChangeSummary)
      S += "- `" + C + "`\n";
  }
  // Tests reach functions; a finding about a file has none to list.
  if (!F.Function.empty() || !F.TestsReaching.empty()) {
    S += "\n**Tests reaching it:** ";
    if (F.TestsReaching.empty())
      S += "none\n";
    else
      S += "`" + llvm::join(F.TestsReaching, "`, `") + "`\n";
  }
  if (!F.Waiver.empty())
    S += "\n**Waiver:** " + F.Waiver + "\n";
  if (!F.MissingSections.empty())
    S += "\n**Add to the pull request's description:**\n\n```markdown\n" +
         sectionsTemplate(F.MissingSections) + "```\n";
  S += "\n" + marker(F) + "\n";
  return S;
}

std::string plural(size_t N, llvm::StringRef One, llvm::StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// The review body: counts, then every finding that has no diff line.
std::string reviewBody(const Report &R,
                       llvm::ArrayRef<const Finding *> Unplaced) {
  FindingCounts C = countFindings(R);
  std::string S = "<!-- riskguard -->\n### riskguard\n\n";
  if (R.Findings.empty()) {
    S += "No findings.\n";
    return S;
  }
  S += plural(C.Blocking, "blocking finding", "blocking findings") + " (" +
       plural(C.Errors, "error", "errors") + ", " +
       plural(C.Warnings, "warning", "warnings") + ", " +
       plural(C.Notes, "note", "notes") + "); " +
       std::to_string(R.Findings.size() - Unplaced.size()) +
       " on diff lines.\n";
  S += "\n**Risk: " + R.Risk.Level + "**" +
       (R.Risk.Reasons.empty() ? "" : ": " + llvm::join(R.Risk.Reasons, "; ")) +
       "\n";
  if (Unplaced.empty())
    return S;
  S += "\nFindings outside the diff:\n\n";
  for (const Finding *F : Unplaced) {
    S += "- " + headline(*F) + " `" + F->File;
    if (F->Line > 0)
      S += ":" + std::to_string(F->Line);
    S += "`: " + F->Message;
    if (!F->ChangeSummary.empty())
      S += " Changes: `" + llvm::join(F->ChangeSummary, "`, `") + "`.";
    if (!F->TestsReaching.empty())
      S +=
          " Tests reaching it: `" + llvm::join(F->TestsReaching, "`, `") + "`.";
    S += " " + marker(*F) + "\n";
  }
  return S;
}

} // namespace

void writeGitHubReview(const Report &R, llvm::raw_ostream &OS) {
  std::vector<std::pair<const Finding *, DiffAnchor>> Placed;
  std::vector<const Finding *> Unplaced;
  for (const Finding &F : R.Findings) {
    if (std::optional<DiffAnchor> A = diffAnchor(R, F))
      Placed.emplace_back(&F, std::move(*A));
    else
      Unplaced.push_back(&F);
  }
  bool Blocks =
      llvm::any_of(R.Findings, [](const Finding &F) { return F.Blocking; });

  llvm::json::OStream J(OS, 2);
  J.object([&] {
    if (isCommitId(R.HeadId))
      J.attribute("commit_id", R.HeadId);
    J.attribute("body", reviewBody(R, Unplaced));
    J.attribute("event", Blocks ? "REQUEST_CHANGES" : "COMMENT");
    J.attributeArray("comments", [&] {
      for (const auto &Entry : Placed) {
        const Finding *F = Entry.first;
        const DiffAnchor &A = Entry.second;
        llvm::StringRef Side = A.Side == DiffSide::Left ? "LEFT" : "RIGHT";
        J.object([&] {
          J.attribute("path", A.Path);
          if (A.Last > A.First) {
            J.attribute("start_line", A.First);
            J.attribute("start_side", Side);
            J.attribute("line", A.Last);
          } else {
            J.attribute("line", A.First);
          }
          J.attribute("side", Side);
          J.attribute("body", commentBody(*F));
        });
      }
    });
  });
  OS << '\n';
}

} // namespace riskguard
