//===- Glob.cpp - Glob matching for policy paths and names ----------------===//
//
// Both matchers use the greedy "backtrack to the last star" algorithm, which
// is O(pattern * text) in the worst case: every element other than the star
// consumes exactly one unit (a character, or a path segment for '**'), so a
// failed match only ever has to resume from the most recent star. That keeps
// patterns like "a*a*a*a*b" linear-ish instead of exponential.
//
//===----------------------------------------------------------------------===//

#include "policy/Policy.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include <optional>
#include <string>

using namespace llvm;

namespace riskguard {
namespace {

/// A parsed '[...]' character class.
struct CharClass {
  size_t Length = 0; ///< Characters of the pattern the class spans.
  bool Negated = false;
  SmallVector<std::pair<unsigned char, unsigned char>, 4> Ranges;

  bool contains(unsigned char C) const {
    for (auto [Lo, Hi] : Ranges)
      if (Lo <= C && C <= Hi)
        return !Negated;
    return Negated;
  }
};

/// Parses the character class at the start of \p Pattern (which begins with
/// '['). Returns std::nullopt when the class is not terminated, so matchers
/// can treat the '[' as a literal, as fnmatch does.
std::optional<CharClass> parseClass(StringRef Pattern) {
  CharClass Class;
  size_t I = 1;
  if (I < Pattern.size() && (Pattern[I] == '!' || Pattern[I] == '^')) {
    Class.Negated = true;
    ++I;
  }
  // Reads one member character, honouring a '\' escape.
  auto ReadChar = [&](unsigned char &C) {
    if (Pattern[I] == '\\') {
      ++I;
      if (I == Pattern.size())
        return false;
    }
    C = Pattern[I++];
    return true;
  };
  // A ']' right after the opening bracket is a member, not the end, so "[]]"
  // and "[!]]" can name the bracket itself.
  bool First = true;
  while (I < Pattern.size()) {
    if (Pattern[I] == ']' && !First) {
      Class.Length = I + 1;
      return Class;
    }
    First = false;
    unsigned char Lo, Hi;
    if (!ReadChar(Lo))
      return std::nullopt;
    Hi = Lo;
    // "a-z" is a range; a '-' just before the closing ']' is a literal.
    if (I + 1 < Pattern.size() && Pattern[I] == '-' && Pattern[I + 1] != ']') {
      ++I;
      if (!ReadChar(Hi))
        return std::nullopt;
    }
    Class.Ranges.push_back({Lo, Hi});
  }
  return std::nullopt;
}

/// Tests whether the single-unit element at the start of \p Pattern (a
/// literal, an escaped literal, '?' or a class) matches \p C; sets \p Length
/// to the number of pattern characters it spans.
bool matchOne(StringRef Pattern, char C, size_t &Length) {
  switch (Pattern[0]) {
  case '?':
    Length = 1;
    return true;
  case '\\':
    if (Pattern.size() > 1) {
      Length = 2;
      return Pattern[1] == C;
    }
    Length = 1;
    return C == '\\';
  case '[':
    if (std::optional<CharClass> Class = parseClass(Pattern)) {
      Length = Class->Length;
      return Class->contains(static_cast<unsigned char>(C));
    }
    Length = 1;
    return C == '[';
  default:
    Length = 1;
    return Pattern[0] == C;
  }
}

/// Matches \p Text against \p Pattern, where '*' matches any run of
/// characters. Path segments contain no '/', so this serves both a single
/// segment of a path glob and a whole name glob.
bool matchWildcard(StringRef Pattern, StringRef Text) {
  size_t P = 0, T = 0;
  size_t StarP = StringRef::npos, StarT = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      StarP = P++;
      StarT = T;
      continue;
    }
    size_t Length = 0;
    if (P < Pattern.size() &&
        matchOne(Pattern.drop_front(P), Text[T], Length)) {
      P += Length;
      ++T;
      continue;
    }
    if (StarP == StringRef::npos)
      return false;
    // Let the last star swallow one more character and retry from there.
    P = StarP + 1;
    T = ++StarT;
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

/// Matches path segments against pattern segments, where a "**" segment
/// matches any number of path segments, including none.
bool matchSegments(ArrayRef<StringRef> Pattern, ArrayRef<StringRef> Path) {
  size_t P = 0, T = 0;
  size_t StarP = StringRef::npos, StarT = 0;
  while (T < Path.size()) {
    if (P < Pattern.size() && Pattern[P] == "**") {
      StarP = P++;
      StarT = T;
      continue;
    }
    if (P < Pattern.size() && matchWildcard(Pattern[P], Path[T])) {
      ++P;
      ++T;
      continue;
    }
    if (StarP == StringRef::npos)
      return false;
    P = StarP + 1;
    T = ++StarT;
  }
  while (P < Pattern.size() && Pattern[P] == "**")
    ++P;
  return P == Pattern.size();
}

/// Returns why \p Pattern is not a valid glob, or an empty string.
std::string globProblem(StringRef Pattern) {
  if (Pattern.empty())
    return "empty pattern";
  for (size_t I = 0; I < Pattern.size(); ++I) {
    if (Pattern[I] == '\\') {
      if (I + 1 == Pattern.size())
        return "trailing '\\'";
      ++I;
      continue;
    }
    if (Pattern[I] != '[')
      continue;
    std::optional<CharClass> Class = parseClass(Pattern.drop_front(I));
    if (!Class)
      return ("unterminated '[' at offset " + Twine(I)).str();
    // A reversed range such as "z-a" would silently match nothing.
    for (auto [Lo, Hi] : Class->Ranges)
      if (Hi < Lo)
        return ("reversed range '" + Twine(char(Lo)) + "-" + Twine(char(Hi)) +
                "'")
            .str();
    I += Class->Length - 1;
  }
  return "";
}

} // namespace

bool matchNameGlob(StringRef Pattern, StringRef Name) {
  return matchWildcard(Pattern, Name);
}

bool matchPathGlob(StringRef Pattern, StringRef Path) {
  // Callers pass repo-relative paths; tolerate a "./" prefix from tools that
  // print paths that way.
  while (Path.consume_front("./"))
    ;
  if (Path.empty() || Pattern.empty())
    return false;

  // As in .gitignore: a leading '/' anchors at the repo root, and so does a
  // '/' in the middle; a pattern with no other '/' matches at any depth; a
  // trailing '/' names a directory and everything below it.
  bool Anchored = Pattern.consume_front("/");
  bool Directory = Pattern.consume_back("/");
  if (Pattern.empty())
    return false;
  Anchored = Anchored || Pattern.contains('/');

  SmallVector<StringRef, 16> PatternSegments;
  if (!Anchored)
    PatternSegments.push_back("**");
  Pattern.split(PatternSegments, '/');
  // A trailing "**" (written, or implied by a trailing '/') matches what is
  // inside a directory, not the directory itself: "src/**" must not match a
  // file called "src". Spelling it as "*/**" asks for at least one segment.
  if (Directory)
    PatternSegments.push_back("**");
  if (PatternSegments.back() == "**") {
    PatternSegments.back() = "*";
    PatternSegments.push_back("**");
  }

  SmallVector<StringRef, 16> PathSegments;
  Path.split(PathSegments, '/');
  return matchSegments(PatternSegments, PathSegments);
}

Error validateGlob(StringRef Pattern) {
  std::string Problem = globProblem(Pattern);
  if (Problem.empty())
    return Error::success();
  return createStringError(inconvertibleErrorCode(),
                           "bad glob \"" + Pattern + "\": " + Problem);
}

} // namespace riskguard
