//===- Tier1UndocumentedChange.cpp - tier1-undocumented-change ------------===//
//
// A tier-1 change must say what could go wrong, how it was tested and how
// to undo it: each of `document.sections` appears, with text, in the pull
// request's description or in a commit message, as a "Risk: ..." line or a
// Markdown "## Risk" heading with text under it.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <utility>

namespace riskguard {

namespace {

/// "## Risk" (any level), the heading's name, else empty.
llvm::StringRef headingName(llvm::StringRef Line) {
  Line = Line.trim();
  if (!Line.starts_with("#"))
    return {};
  Line = Line.ltrim('#');
  if (Line.empty() || !llvm::isSpace(Line.front()))
    return {};
  return Line.trim().rtrim('#').trim().rtrim(':').trim();
}

/// Whether \p Text documents \p Section: a "Section: text" line, or a
/// heading named Section followed by a non-empty line before the next
/// heading.
bool documents(llvm::StringRef Text, llvm::StringRef Section) {
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Text.split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I].trim();
    // "Risk: low, behind a flag", also as a list item or in bold.
    llvm::StringRef Bare = Line;
    Bare.consume_front("- ");
    Bare.consume_front("* ");
    Bare = Bare.ltrim("*_").ltrim();
    if (Bare.starts_with_insensitive(Section)) {
      llvm::StringRef Rest = Bare.drop_front(Section.size()).ltrim("*_");
      if (Rest.consume_front(":") && !Rest.ltrim("*_ \t").trim().empty())
        return true;
    }
    if (!headingName(Line).equals_insensitive(Section))
      continue;
    for (size_t J = I + 1; J < Lines.size(); ++J) {
      llvm::StringRef Next = Lines[J].trim();
      if (!headingName(Next).empty())
        break;
      // An HTML comment is a template's hint, not an explanation.
      if (!Next.empty() && !Next.starts_with("<!--"))
        return true;
    }
  }
  return false;
}

/// A price table or feature flag a path rule makes tier-1, and the rule.
using DataFile = std::pair<const FileChange *, const TierRule *>;

/// The `document.sections` that neither the pull request's description nor
/// any commit message documents, in policy order.
std::vector<std::string> missingSections(const CheckContext &Ctx) {
  std::vector<std::string> Missing;
  for (const std::string &Section : Ctx.Rules.DocumentSections) {
    bool Found =
        documents(Ctx.Review.Description, Section) ||
        llvm::any_of(Ctx.Review.CommitMessages, [&](const std::string &M) {
          return documents(M, Section);
        });
    if (!Found)
      Missing.push_back(Section);
  }
  return Missing;
}

/// "domain 'a'" or "domains 'a', 'b'": the domains of the tier-1 functions
/// and files, in the order they come.
std::string domainsText(llvm::ArrayRef<const ChangedFunction *> Tier1,
                        llvm::ArrayRef<DataFile> Files) {
  std::vector<std::string> Domains;
  for (const ChangedFunction *C : Tier1)
    if (!llvm::is_contained(Domains, C->Domain))
      Domains.push_back(C->Domain);
  for (const auto &[FC, Rule] : Files)
    if (!llvm::is_contained(Domains, Rule->Domain))
      Domains.push_back(Rule->Domain);
  return Domains.size() == 1 ? "domain '" + Domains.front() + "'"
                             : "domains '" + llvm::join(Domains, "', '") + "'";
}

/// The message of the change's finding: what is tier-1, which sections
/// are \p Missing from where, and how to write the first.
std::string undocumentedMessage(llvm::ArrayRef<const ChangedFunction *> Tier1,
                                llvm::ArrayRef<DataFile> Files,
                                llvm::ArrayRef<std::string> Missing,
                                const CheckContext &Ctx) {
  size_t Count = Tier1.size() + Files.size();
  std::string What = Files.empty()   ? (Count == 1 ? " function" : " functions")
                     : Tier1.empty() ? (Count == 1 ? " file" : " files")
                                     : " functions and files";
  std::vector<std::string> Quoted;
  for (const std::string &S : Missing)
    Quoted.push_back("'" + S + "'");
  return "tier-1 change (" + std::to_string(Count) + What + " in " +
         domainsText(Tier1, Files) + ") does not explain itself: " +
         (Missing.size() == 1 ? "section " : "sections ") +
         llvm::join(Quoted, ", ") + " missing from " +
         (Ctx.Review.Messages == "none" && Ctx.Review.Description.empty()
              ? std::string("the pull request's description (pass it with "
                            "--pull-request)")
              : std::string("the pull request's description and the commit "
                            "messages")) +
         "; write '" + Missing.front() + ": ...' or a '## " + Missing.front() +
         "' heading with text under it";
}

} // namespace

void Tier1UndocumentedChange::run(const CheckContext &Ctx,
                                  std::vector<Finding> &Out) const {
  if (Ctx.Rules.DocumentSections.empty())
    return;
  std::vector<const ChangedFunction *> Tier1;
  for (const ChangedFunction &C : Ctx.Analysis.Changed)
    if (isLogicChange(C, TierKind::Tier1))
      Tier1.push_back(&C);
  std::vector<DataFile> Files;
  for (const FileChange &FC : Ctx.Changes.Files)
    if (const TierRule *Rule = dataFileRule(FC, Ctx))
      Files.push_back({&FC, Rule});
  if (Tier1.empty() && Files.empty())
    return;
  std::vector<std::string> Missing = missingSections(Ctx);
  if (Missing.empty())
    return;
  // One finding for the change, on its first tier-1 function, else file.
  Finding F = Tier1.empty() ? makeFinding(RuleId, *Files.front().first)
                            : makeFinding(RuleId, Tier1.front()->Facts);
  F.Message = undocumentedMessage(Tier1, Files, Missing, Ctx);
  F.MissingSections = std::move(Missing);
  setFingerprint(F, "document");
  Out.push_back(std::move(F));
}

} // namespace riskguard
