//===- CodeOwners.cpp - Reading a CODEOWNERS file -------------------------===//
//
// GitHub's CODEOWNERS syntax: "pattern owner...", one rule a line, the last
// matching rule wins. Patterns follow .gitignore, as GitHub documents them,
// including the two places where GitHub differs from git: "docs/*" owns only
// the direct children of docs (git would take whole subdirectories), and
// '!' negation and '[...]' ranges do not work, so they are errors here
// rather than patterns that silently own different files than on GitHub.
//
//===----------------------------------------------------------------------===//

#include "policy/Review.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace riskguard {
namespace {

/// Splits a line into whitespace-separated words, stopping at a '#' that
/// starts a word (a comment, whole-line or trailing). A backslash keeps the
/// next character in the word, so "\ " and "\#" stay part of a pattern; the
/// backslash itself is kept for the glob matcher, which reads it as an
/// escape too.
SmallVector<StringRef, 4> splitWords(StringRef Line) {
  SmallVector<StringRef, 4> Words;
  size_t I = 0;
  while (I < Line.size()) {
    if (Line[I] == ' ' || Line[I] == '\t') {
      ++I;
      continue;
    }
    if (Line[I] == '#')
      break;
    size_t Start = I;
    while (I < Line.size() && Line[I] != ' ' && Line[I] != '\t') {
      if (Line[I] == '\\' && I + 1 < Line.size())
        ++I;
      ++I;
    }
    Words.push_back(Line.slice(Start, I));
  }
  return Words;
}

/// Why \p Pattern cannot be used, or an empty string.
std::string patternProblem(StringRef Pattern) {
  if (Pattern.starts_with("!"))
    return "'!' negation is not supported in CODEOWNERS";
  for (size_t I = 0; I < Pattern.size(); ++I) {
    if (Pattern[I] == '\\') {
      if (I + 1 == Pattern.size())
        return "trailing '\\'";
      ++I;
      continue;
    }
    if (Pattern[I] == '[')
      return "'[...]' character ranges are not supported in CODEOWNERS "
             "(escape a literal '[' as '\\[')";
  }
  if (Pattern.trim('/').empty())
    return "it names no file";
  return "";
}

bool isLoginChar(char C) { return isAlnum(C) || C == '-' || C == '_'; }

/// "@user", "@org/team" (team slugs may also hold '.') or an e-mail address.
bool isValidOwner(StringRef Owner) {
  if (Owner.consume_front("@")) {
    auto [Org, Team] = Owner.split('/');
    if (Org.empty() || !isAlnum(Org.front()) || !all_of(Org, isLoginChar))
      return false;
    if (!Owner.contains('/'))
      return true;
    return !Team.empty() &&
           all_of(Team, [](char C) { return isLoginChar(C) || C == '.'; });
  }
  auto [Local, Domain] = Owner.split('@');
  auto Allowed = [](char C) {
    return isPrint(C) && C != ' ' && C != '@' && C != '/' && C != '<' &&
           C != '>';
  };
  return !Local.empty() && !Domain.empty() && all_of(Local, Allowed) &&
         all_of(Domain, Allowed);
}

/// Whether a CODEOWNERS pattern owns \p Path. A pattern that names a
/// directory owns everything below it ("/apps/github" owns
/// "apps/github/x.cc"), so the pattern is also tried against each directory
/// above the path; a pattern whose last segment is a lone '*' is the
/// exception GitHub makes: "docs/*" owns only the files directly in docs.
bool ownsPath(StringRef Pattern, StringRef Path) {
  if (matchPathGlob(Pattern, Path))
    return true;
  StringRef Last = Pattern.substr(Pattern.rfind('/') + 1);
  if (Last == "*")
    return false;
  for (size_t Slash = Path.find('/'); Slash != StringRef::npos;
       Slash = Path.find('/', Slash + 1))
    if (matchPathGlob(Pattern, Path.take_front(Slash)))
      return true;
  return false;
}

} // namespace

Expected<CodeOwners> CodeOwners::parse(StringRef Text, StringRef FileName) {
  CodeOwners Result;
  Text.consume_front("\xEF\xBB\xBF");
  SmallVector<StringRef, 64> Lines;
  Text.split(Lines, '\n');
  for (auto [Index, Line] : enumerate(Lines)) {
    unsigned LineNo = Index + 1;
    SmallVector<StringRef, 4> Words = splitWords(Line.rtrim("\r"));
    if (Words.empty())
      continue;
    auto Fail = [&](const Twine &What) {
      return createStringError(inconvertibleErrorCode(),
                               FileName + ":" + Twine(LineNo) + ": " + What);
    };
    std::string Problem = patternProblem(Words.front());
    if (!Problem.empty())
      return Fail("bad pattern '" + Words.front() + "': " + Problem);
    Entry E;
    E.Pattern = Words.front().str();
    E.Line = LineNo;
    for (StringRef Owner : drop_begin(Words)) {
      if (!isValidOwner(Owner))
        return Fail("bad owner '" + Owner +
                    "' (expected @user, @org/team or an e-mail)");
      E.Owners.push_back(Owner.str());
    }
    Result.Entries.push_back(std::move(E));
  }
  return Result;
}

Expected<CodeOwners> CodeOwners::load(StringRef Path, StringRef DisplayName) {
  StringRef Name = DisplayName.empty() ? Path : DisplayName;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (std::error_code EC = Buffer.getError()) {
    // Lower-case the system's "No such file..." to read like clang.
    std::string Reason = EC.message();
    if (!Reason.empty())
      Reason[0] = toLower(Reason[0]);
    return createStringError(EC,
                             Name + ": cannot read CODEOWNERS file: " + Reason);
  }
  return parse((*Buffer)->getBuffer(), Name);
}

std::vector<std::string> CodeOwners::ownersOf(StringRef Path) const {
  while (Path.consume_front("./"))
    ;
  for (const Entry &E : reverse(Entries))
    if (ownsPath(E.Pattern, Path))
      return E.Owners;
  return {};
}

} // namespace riskguard
