//===- Policy.cpp - Reading and validating .riskguard.json ----------------===//
//
// The file is read in two steps. nlohmann's SAX parser turns the text into a
// small tree that remembers the line of every key and value (nlohmann's own
// DOM forgets positions, and silently keeps the last of duplicate keys), then
// a validator walks that tree against the one shape the policy may have and
// reports every problem it finds as "FILE:LINE: message".
//
// LLVM is built without exceptions; this file is the boundary where
// nlohmann's exceptions, should any escape the SAX parser, become llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "policy/Policy.h"
#include "policy/JsonSyntax.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <iterator>
#include <map>

using namespace llvm;

namespace riskguard {
namespace {

//===----------------------------------------------------------------------===//
// A JSON tree with line numbers
//===----------------------------------------------------------------------===//

struct Member;

/// One JSON value and the line it starts on.
struct Node {
  enum KindType { Null, Bool, Integer, Unsigned, Float, String, Object, Array };
  KindType Kind = Null;
  unsigned Line = 0;
  bool BoolValue = false;
  int64_t IntValue = 0;
  uint64_t UnsignedValue = 0;
  /// The string value, or a float's spelling.
  std::string Text;
  /// Object members in file order, duplicates kept.
  std::vector<Member> Members;
  std::vector<Node> Elements;
};

/// One key of an object with the line the key is on.
struct Member {
  std::string Key;
  unsigned Line = 0;
  Node Value;
};

/// Byte offsets where each line starts, to turn offsets into line numbers.
class LineTable {
public:
  explicit LineTable(StringRef Text) {
    Starts.push_back(0);
    for (size_t I = 0; I < Text.size(); ++I)
      if (Text[I] == '\n')
        Starts.push_back(I + 1);
  }

  /// 1-based line of the byte at \p Offset.
  unsigned line(size_t Offset) const {
    return std::upper_bound(Starts.begin(), Starts.end(), Offset) -
           Starts.begin();
  }

  /// 1-based column of the byte at \p Offset.
  unsigned column(size_t Offset) const {
    return Offset - Starts[line(Offset) - 1] + 1;
  }

private:
  std::vector<size_t> Starts;
};

/// A character iterator that publishes how far nlohmann's lexer has read.
/// The lexer pulls one character at a time and never reads ahead more than one
/// character (only after a number), so when a SAX callback runs, the last
/// character read ends the token being reported.
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  CountingIterator(const char *Begin, const char *Pos, size_t *Consumed)
      : Begin(Begin), Pos(Pos), Consumed(Consumed) {}

  reference operator*() const { return *Pos; }
  CountingIterator &operator++() {
    ++Pos;
    *Consumed = Pos - Begin;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator Old = *this;
    ++*this;
    return Old;
  }
  bool operator==(const CountingIterator &Other) const {
    return Pos == Other.Pos;
  }
  bool operator!=(const CountingIterator &Other) const {
    return Pos != Other.Pos;
  }

private:
  const char *Begin;
  const char *Pos;
  size_t *Consumed;
};

/// A syntax error: where and what.
struct SyntaxError {
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Message;
};

/// Builds a Node tree from nlohmann's SAX events.
class TreeBuilder {
public:
  /// Deeper nesting than any policy needs; the cap keeps the recursive
  /// destructor of Node safe on hostile input.
  static constexpr size_t MaxDepth = 64;

  TreeBuilder(StringRef Text, const LineTable &Lines, const size_t &Consumed)
      : Text(Text), Lines(Lines), Consumed(Consumed) {}

  Node Root;
  std::optional<SyntaxError> Failure;

  // The handlers below are named by nlohmann's SAX interface.

  bool null() {
    add(Node::Null, false);
    return true;
  }
  bool boolean(bool Value) {
    add(Node::Bool, false).BoolValue = Value;
    return true;
  }
  bool number_integer(nlohmann::json::number_integer_t Value) {
    add(Node::Integer, true).IntValue = Value;
    return true;
  }
  bool number_unsigned(nlohmann::json::number_unsigned_t Value) {
    add(Node::Unsigned, true).UnsignedValue = Value;
    return true;
  }
  bool number_float(nlohmann::json::number_float_t,
                    const nlohmann::json::string_t &Spelling) {
    add(Node::Float, true).Text = Spelling;
    return true;
  }
  bool string(nlohmann::json::string_t &Value) {
    add(Node::String, false).Text = std::move(Value);
    return true;
  }
  bool binary(nlohmann::json::binary_t &) {
    // Only the binary formats (CBOR, ...) produce this; JSON text cannot.
    return false;
  }
  bool start_object(std::size_t) { return open(Node::Object); }
  bool key(nlohmann::json::string_t &Key) {
    PendingKey = std::move(Key);
    PendingKeyLine = tokenLine(false);
    return true;
  }
  bool end_object() {
    Stack.pop_back();
    return true;
  }
  bool start_array(std::size_t) { return open(Node::Array); }
  bool end_array() {
    Stack.pop_back();
    return true;
  }
  bool parse_error(std::size_t Position, const std::string &,
                   const nlohmann::json::exception &Ex) {
    // nlohmann counts the character it failed on, so that is at Position - 1;
    // at the end of input it is one past the text, which reads as "just after
    // the last character".
    size_t Offset = tokenStart(Position == 0 ? 0 : Position - 1);
    Failure = SyntaxError{Lines.line(Offset), Lines.column(Offset),
                          jsonSyntaxMessage(Ex.what())};
    return false;
  }

private:
  /// Where the token that ends at \p End starts, so a syntax error points at
  /// the start of the offending token as clang does, not at its last
  /// character. Errors inside a token (a bad escape, a control character,
  /// the end of input) point at the character itself.
  size_t tokenStart(size_t End) const {
    if (End >= Text.size())
      return End;
    auto IsWordChar = [](char C) {
      return isAlnum(C) || C == '+' || C == '-' || C == '.';
    };
    if (IsWordChar(Text[End])) {
      size_t Start = End;
      while (Start > 0 && IsWordChar(Text[Start - 1]))
        --Start;
      return Start;
    }
    if (Text[End] != '"' || End == 0)
      return End;
    // The closing quote of a string: find the opening one, the nearest quote
    // before it that is not escaped by an odd run of backslashes.
    for (size_t Quote = End; Quote-- > 0;) {
      if (Text[Quote] != '"')
        continue;
      size_t Backslashes = 0;
      while (Backslashes < Quote && Text[Quote - 1 - Backslashes] == '\\')
        ++Backslashes;
      if (Backslashes % 2 == 0)
        return Quote;
    }
    return End;
  }

  /// Line of the token the lexer has just read. A number is only known to
  /// end when the character after it has been read, so step back over that
  /// one character (it may be the newline that ends the line).
  unsigned tokenLine(bool IsNumber) const {
    if (Consumed == 0)
      return 1;
    size_t Last = Consumed - 1;
    if (IsNumber && Last > 0 && Last < Text.size() &&
        !StringRef("0123456789+-.eE").contains(Text[Last]))
      --Last;
    return Lines.line(Last);
  }

  /// Adds a value where the parser is: the root, the pending key of the
  /// innermost object, or the next element of the innermost array.
  Node &add(Node::KindType Kind, bool IsNumber) {
    Node *Added;
    if (Stack.empty()) {
      Added = &Root;
    } else if (Stack.back()->Kind == Node::Object) {
      // Growing this vector may move its elements, but none of them is on
      // the stack: only the containers that enclose the innermost one are.
      Stack.back()->Members.push_back(
          Member{std::move(PendingKey), PendingKeyLine, Node()});
      Added = &Stack.back()->Members.back().Value;
    } else {
      Stack.back()->Elements.emplace_back();
      Added = &Stack.back()->Elements.back();
    }
    Added->Kind = Kind;
    Added->Line = tokenLine(IsNumber);
    return *Added;
  }

  bool open(Node::KindType Kind) {
    if (Stack.size() == MaxDepth) {
      size_t Offset = Consumed == 0 ? 0 : Consumed - 1;
      Failure = SyntaxError{Lines.line(Offset), Lines.column(Offset),
                            "nesting deeper than " + std::to_string(MaxDepth) +
                                " levels"};
      return false;
    }
    Stack.push_back(&add(Kind, false));
    return true;
  }

  StringRef Text;
  const LineTable &Lines;
  const size_t &Consumed;
  std::vector<Node *> Stack;
  std::string PendingKey;
  unsigned PendingKeyLine = 0;
};

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

/// Quotes \p S as a JSON string, for messages.
std::string quote(StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(C) < 0x20) {
        Out += "\\u00";
        Out += hexdigit(C >> 4, /*LowerCase=*/true);
        Out += hexdigit(C & 0xF, /*LowerCase=*/true);
      } else {
        Out += C;
      }
    }
  }
  Out += '"';
  return Out;
}

/// How a value reads in "must be X, not Y" messages: scalars as written,
/// containers by kind.
std::string describe(const Node &N) {
  switch (N.Kind) {
  case Node::Null:
    return "null";
  case Node::Bool:
    return N.BoolValue ? "true" : "false";
  case Node::Integer:
    return std::to_string(N.IntValue);
  case Node::Unsigned:
    return std::to_string(N.UnsignedValue);
  case Node::Float:
    return N.Text;
  case Node::String:
    return quote(N.Text);
  case Node::Object:
    return "an object";
  case Node::Array:
    return "an array";
  }
  llvm_unreachable("unknown JSON kind");
}

/// Whether \p Key can follow a '.' in a key path without quoting.
bool isPlainKey(StringRef Key) {
  return !Key.empty() &&
         all_of(Key, [](char C) { return isAlnum(C) || C == '_' || C == '-'; });
}

/// The key path of \p Key inside \p Parent, e.g. "require.tests", or
/// 'teams["@acme/pricing"]' when the key is not a plain word.
std::string keyPath(StringRef Parent, StringRef Key) {
  if (!isPlainKey(Key))
    return (Parent + "[" + quote(Key) + "]").str();
  if (Parent.empty())
    return Key.str();
  return (Parent + "." + Key).str();
}

/// How messages name the object at \p Path.
std::string objectName(StringRef Path) {
  return Path.empty() ? "policy" : ("'" + Path + "'").str();
}

// The keys each object of the policy may have, in the order of the SPEC.
constexpr StringLiteral TopKeys[] = {
    "version",      "base",        "domains",    "rules",   "tests",
    "require",      "ai_assisted", "approvals",  "authors", "document",
    "blast_radius", "teams",       "codeowners", "money"};
constexpr StringLiteral DomainKeys[] = {"owners", "min_approvals"};
constexpr StringLiteral RuleKeys[] = {"path", "qualified_name", "domain"};
constexpr StringLiteral TestsKeys[] = {"paths", "data"};
constexpr StringLiteral DataTestKeys[] = {"paths", "reaches_via"};
constexpr StringLiteral RequireKeys[] = {"tests", "min_approvals",
                                         "owner_approval", "indirect"};
constexpr StringLiteral AIAssistedKeys[] = {"markers", "labels",
                                            "min_approvals", "require_team"};
constexpr StringLiteral ApprovalsKeys[] = {"trusted_committers", "sticky"};
constexpr StringLiteral AuthorKeys[] = {"members", "min_approvals",
                                        "require_team"};
constexpr StringLiteral DocumentKeys[] = {"sections"};
constexpr StringLiteral BlastRadiusKeys[] = {
    "warn_callers", "high_callers", "high_entry_points", "high_min_approvals",
    "high_require_team"};
constexpr StringLiteral MoneyKeys[] = {"names"};

/// Walks the tree of one policy file, fills a Policy, and collects one
/// diagnostic per problem.
class PolicyReader {
public:
  explicit PolicyReader(StringRef FileName) : FileName(FileName) {}

  Expected<Policy> read(const Node &Root) {
    if (Root.Kind != Node::Object) {
      error(Root.Line, "policy must be an object, not " + describe(Root));
      return takeResult();
    }
    // The version decides how to read everything else, so a file written
    // for another version is reported on that alone.
    const Member *Version = findMember(Root, "version");
    if (!Version) {
      error(Root.Line, "missing required key 'version' in policy");
    } else if (Version->Value.Kind != Node::Unsigned ||
               Version->Value.UnsignedValue != 1) {
      error(Version->Value.Line,
            "'version' must be 1, not " + describe(Version->Value));
      return takeResult();
    }

    forEachMember(Root, "", [&](const Member &M) { readTopLevel(M); });
    checkRuleDomains();
    checkHighTeam();
    return takeResult();
  }

private:
  void readTopLevel(const Member &M) {
    const Node &V = M.Value;
    std::string Path = keyPath("", M.Key);
    StringRef Key = M.Key;
    if (Key == "version")
      return; // Checked up front.
    if (Key == "base") {
      if (std::optional<std::string> S = readString(V, Path))
        Result.Base = *S;
      return;
    }
    if (Key == "domains")
      return readDomains(V, Path);
    if (Key == "rules")
      return readRules(V, Path);
    if (Key == "tests") {
      return readObject(V, Path, TestsKeys, [&](const Member &Field) {
        if (Field.Key == "data")
          return readDataTests(Field.Value, keyPath(Path, Field.Key));
        Result.TestPaths = readGlobList(Field.Value, keyPath(Path, Field.Key));
      });
    }
    if (Key == "require")
      return readRequire(V, Path);
    if (Key == "ai_assisted")
      return readAIAssisted(V, Path);
    if (Key == "approvals") {
      return readObject(V, Path, ApprovalsKeys, [&](const Member &Field) {
        std::string FieldPath = keyPath(Path, Field.Key);
        if (Field.Key == "trusted_committers") {
          Result.Approvals.TrustedCommitters =
              readGlobList(Field.Value, FieldPath);
        } else if (std::optional<StickyMode> M =
                       readEnum<StickyMode>(Field.Value, FieldPath,
                                            {{"logic", StickyMode::Logic},
                                             {"none", StickyMode::None}})) {
          Result.Approvals.Sticky = *M;
        }
      });
    }
    if (Key == "authors")
      return readAuthors(V, Path);
    if (Key == "document") {
      return readObject(V, Path, DocumentKeys, [&](const Member &Field) {
        Result.DocumentSections =
            readStringList(Field.Value, keyPath(Path, Field.Key));
      });
    }
    if (Key == "blast_radius")
      return readBlastRadius(V, Path);
    if (Key == "teams")
      return readTeams(V, Path);
    if (Key == "codeowners") {
      if (std::optional<std::string> S = readString(V, Path))
        Result.CodeOwners = *S;
      return;
    }
    if (Key == "money") {
      // The list replaces the default one; an empty list turns
      // money-floating-point off.
      return readObject(V, Path, MoneyKeys, [&](const Member &Field) {
        Result.MoneyNames =
            readStringList(Field.Value, keyPath(Path, Field.Key));
      });
    }
    unknownKey(M, "", TopKeys);
  }

  void readDomains(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::Object, Path, "an object"))
      return;
    forEachMember(V, Path, [&](const Member &Entry) {
      if (Entry.Key.empty()) {
        error(Entry.Line, "domain name in '" + Path + "' must not be empty");
        return;
      }
      std::string EntryPath = keyPath(Path, Entry.Key);
      DomainPolicy Domain;
      readObject(Entry.Value, EntryPath, DomainKeys, [&](const Member &Field) {
        std::string FieldPath = keyPath(EntryPath, Field.Key);
        if (Field.Key == "owners")
          Domain.Owners = readStringList(Field.Value, FieldPath);
        else
          Domain.MinApprovals = readCount(Field.Value, FieldPath);
      });
      Result.Domains[Entry.Key] = std::move(Domain);
    });
  }

  void readRules(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::Array, Path, "an array"))
      return;
    for (size_t I = 0; I < V.Elements.size(); ++I) {
      const Node &E = V.Elements[I];
      std::string RulePath = (Path + "[" + Twine(I) + "]").str();
      TierRule Rule;
      Rule.Line = E.Line;
      bool HasPath = false, HasName = false, HasDomain = false;
      unsigned DomainLine = 0;
      readObject(E, RulePath, RuleKeys, [&](const Member &Field) {
        std::string FieldPath = keyPath(RulePath, Field.Key);
        if (Field.Key == "path") {
          HasPath = true;
          Rule.PathGlob = readGlob(Field.Value, FieldPath).value_or("");
        } else if (Field.Key == "qualified_name") {
          HasName = true;
          Rule.QualifiedNameGlob =
              readGlob(Field.Value, FieldPath).value_or("");
        } else {
          HasDomain = true;
          DomainLine = Field.Value.Line;
          Rule.Domain = readString(Field.Value, FieldPath).value_or("");
        }
      });
      if (E.Kind != Node::Object)
        continue;
      if (HasPath && HasName)
        error(E.Line, "'" + RulePath +
                          "' has both 'path' and 'qualified_name' (expected "
                          "exactly one)");
      if (!HasPath && !HasName)
        error(E.Line,
              "missing key 'path' or 'qualified_name' in '" + RulePath + "'");
      if (!HasDomain)
        error(E.Line, "missing required key 'domain' in '" + RulePath + "'");
      Result.Rules.push_back(std::move(Rule));
      RuleDomains.push_back({RulePath + ".domain", DomainLine});
    }
  }

  void readRequire(const Node &V, StringRef Path) {
    readObject(V, Path, RequireKeys, [&](const Member &Field) {
      std::string FieldPath = keyPath(Path, Field.Key);
      const Node &F = Field.Value;
      if (Field.Key == "tests") {
        if (std::optional<TestRequirement> T = readEnum<TestRequirement>(
                F, FieldPath,
                {{"changed", TestRequirement::Changed},
                 {"exists", TestRequirement::Exists},
                 {"none", TestRequirement::None}}))
          Result.Tests = *T;
      } else if (Field.Key == "min_approvals") {
        if (std::optional<unsigned> N = readCount(F, FieldPath))
          Result.MinApprovals = *N;
      } else if (Field.Key == "owner_approval") {
        if (std::optional<bool> B = readBool(F, FieldPath))
          Result.OwnerApproval = *B;
      } else {
        if (std::optional<IndirectMode> M =
                readEnum<IndirectMode>(F, FieldPath,
                                       {{"block", IndirectMode::Block},
                                        {"warn", IndirectMode::Warn},
                                        {"ignore", IndirectMode::Ignore}}))
          Result.Indirect = *M;
      }
    });
  }

  void readAIAssisted(const Node &V, StringRef Path) {
    readObject(V, Path, AIAssistedKeys, [&](const Member &Field) {
      std::string FieldPath = keyPath(Path, Field.Key);
      if (Field.Key == "markers")
        Result.AIAssisted.Markers = readGlobList(Field.Value, FieldPath);
      else if (Field.Key == "labels")
        Result.AIAssisted.Labels = readStringList(Field.Value, FieldPath);
      else if (Field.Key == "min_approvals")
        Result.AIAssisted.MinApprovals = readCount(Field.Value, FieldPath);
      else
        Result.AIAssisted.RequireTeam =
            readString(Field.Value, FieldPath).value_or("");
    });
  }

  void readAuthors(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::Array, Path, "an array"))
      return;
    for (size_t I = 0; I < V.Elements.size(); ++I) {
      const Node &E = V.Elements[I];
      std::string RulePath = (Path + "[" + Twine(I) + "]").str();
      AuthorRule Rule;
      Rule.Index = I;
      Rule.Line = E.Line;
      bool HasMembers = false;
      readObject(E, RulePath, AuthorKeys, [&](const Member &Field) {
        std::string FieldPath = keyPath(RulePath, Field.Key);
        if (Field.Key == "members") {
          HasMembers = true;
          Rule.Members = readStringList(Field.Value, FieldPath);
        } else if (Field.Key == "min_approvals") {
          Rule.MinApprovals = readCount(Field.Value, FieldPath);
        } else {
          Rule.RequireTeam = readString(Field.Value, FieldPath).value_or("");
        }
      });
      if (E.Kind != Node::Object)
        continue;
      if (!HasMembers)
        error(E.Line, "missing required key 'members' in '" + RulePath + "'");
      else if (!Rule.MinApprovals && Rule.RequireTeam.empty())
        error(E.Line, "'" + RulePath +
                          "' asks for nothing (expected 'min_approvals' or "
                          "'require_team')");
      Result.Authors.push_back(std::move(Rule));
    }
  }

  void readDataTests(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::Array, Path, "an array"))
      return;
    for (size_t I = 0; I < V.Elements.size(); ++I) {
      const Node &E = V.Elements[I];
      std::string EntryPath = (Path + "[" + Twine(I) + "]").str();
      DataTestRule Rule;
      Rule.Index = I;
      Rule.Line = E.Line;
      bool HasPaths = false, HasVia = false;
      readObject(E, EntryPath, DataTestKeys, [&](const Member &Field) {
        std::string FieldPath = keyPath(EntryPath, Field.Key);
        // Test names may hold spaces and brackets (Catch2's "[tag]"), so
        // reaches_via is read as plain strings, each a name or a glob.
        bool Paths = Field.Key == "paths";
        std::vector<std::string> List =
            Paths ? readGlobList(Field.Value, FieldPath)
                  : readStringList(Field.Value, FieldPath);
        if (Field.Value.Kind == Node::Array && Field.Value.Elements.empty())
          error(Field.Value.Line, "'" + FieldPath + "' must not be empty");
        for (const std::string &S : List)
          if (S.empty())
            error(Field.Value.Line,
                  "'" + FieldPath + "' must not hold an empty string");
        (Paths ? HasPaths : HasVia) = true;
        (Paths ? Rule.Paths : Rule.ReachesVia) = std::move(List);
      });
      if (E.Kind != Node::Object)
        continue;
      if (!HasPaths)
        error(E.Line, "missing required key 'paths' in '" + EntryPath + "'");
      if (!HasVia)
        error(E.Line,
              "missing required key 'reaches_via' in '" + EntryPath + "'");
      Result.DataTests.push_back(std::move(Rule));
    }
  }

  void readBlastRadius(const Node &V, StringRef Path) {
    readObject(V, Path, BlastRadiusKeys, [&](const Member &Field) {
      std::string FieldPath = keyPath(Path, Field.Key);
      if (Field.Key == "high_require_team") {
        Result.HighRequireTeam =
            readString(Field.Value, FieldPath).value_or("");
        HighTeam = {FieldPath, Field.Value.Line};
        return;
      }
      std::optional<unsigned> N = readCount(Field.Value, FieldPath);
      if (!N)
        return;
      if (Field.Key == "warn_callers")
        Result.WarnCallers = *N;
      else if (Field.Key == "high_callers")
        Result.HighCallers = *N;
      else if (Field.Key == "high_entry_points")
        Result.HighEntryPoints = *N;
      else
        Result.HighMinApprovals = *N;
    });
  }

  /// As for rule domains: a team `teams` does not list, when it lists
  /// some, is most likely a typo that nobody could ever satisfy.
  void checkHighTeam() {
    if (Result.Teams.empty() || Result.HighRequireTeam.empty() ||
        Result.Teams.count(Result.HighRequireTeam))
      return;
    std::string Known;
    for (const auto &Entry : Result.Teams)
      Known += (Known.empty() ? "" : ", ") + Entry.first;
    error(HighTeam.second, "unknown team '" + Result.HighRequireTeam +
                               "' in '" + HighTeam.first +
                               "' (expected one of: " + Known + ")");
  }

  void readTeams(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::Object, Path, "an object"))
      return;
    forEachMember(V, Path, [&](const Member &Team) {
      if (Team.Key.empty()) {
        error(Team.Line, "team name in '" + Path + "' must not be empty");
        return;
      }
      Result.Teams[Team.Key] =
          readStringList(Team.Value, keyPath(Path, Team.Key));
    });
  }

  /// A rule may name a domain that `domains` does not list only when the
  /// policy lists no domains at all; otherwise it is most likely a typo that
  /// would leave the rule's code without owners.
  void checkRuleDomains() {
    if (Result.Domains.empty())
      return;
    for (size_t I = 0; I < Result.Rules.size(); ++I) {
      StringRef Domain = Result.Rules[I].Domain;
      if (Domain.empty() || Result.Domains.count(std::string(Domain)))
        continue;
      std::string Known;
      for (const auto &Entry : Result.Domains)
        Known += (Known.empty() ? "" : ", ") + Entry.first;
      error(RuleDomains[I].second, "unknown domain '" + Domain + "' in '" +
                                       RuleDomains[I].first +
                                       "' (expected one of: " + Known + ")");
    }
  }

  //===--------------------------------------------------------------------===//
  // Readers for one kind of value; each reports what is wrong and returns
  // std::nullopt (or an empty value) so reading can go on.
  //===--------------------------------------------------------------------===//

  /// Calls \p Fn on every member of \p Obj but the repeats of a key, which
  /// are errors: JSON parsers disagree on which one wins.
  void forEachMember(const Node &Obj, StringRef Path,
                     function_ref<void(const Member &)> Fn) {
    StringMap<unsigned> Seen;
    for (const Member &M : Obj.Members) {
      auto [It, Inserted] = Seen.try_emplace(M.Key, M.Line);
      if (!Inserted) {
        error(M.Line, "duplicate key '" + M.Key + "' in " + objectName(Path) +
                          " (first at line " + Twine(It->second) + ")");
        continue;
      }
      Fn(M);
    }
  }

  /// Checks that \p V is an object with only \p Allowed keys, and calls \p Fn
  /// on each allowed member.
  void readObject(const Node &V, StringRef Path,
                  ArrayRef<StringLiteral> Allowed,
                  function_ref<void(const Member &)> Fn) {
    if (!expectKind(V, Node::Object, Path, "an object"))
      return;
    forEachMember(V, Path, [&](const Member &M) {
      if (is_contained(Allowed, M.Key))
        Fn(M);
      else
        unknownKey(M, Path, Allowed);
    });
  }

  void unknownKey(const Member &M, StringRef Path,
                  ArrayRef<StringLiteral> Allowed) {
    error(M.Line, "unknown key '" + M.Key + "' in " + objectName(Path) +
                      " (expected one of: " + join(Allowed, ", ") + ")");
  }

  bool expectKind(const Node &V, Node::KindType Kind, StringRef Path,
                  StringRef What) {
    if (V.Kind == Kind)
      return true;
    error(V.Line, "'" + Path + "' must be " + What + ", not " + describe(V));
    return false;
  }

  std::optional<std::string> readString(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::String, Path, "a string"))
      return std::nullopt;
    if (V.Text.empty()) {
      error(V.Line, "'" + Path + "' must not be empty");
      return std::nullopt;
    }
    return V.Text;
  }

  std::optional<std::string> readGlob(const Node &V, StringRef Path) {
    std::optional<std::string> S = readString(V, Path);
    if (!S)
      return std::nullopt;
    if (Error E = validateGlob(*S)) {
      // validateGlob says 'bad glob "PATTERN": why'; keep the why and say
      // where the pattern is.
      std::string Message = toString(std::move(E));
      StringRef Reason =
          StringRef(Message).drop_front(StringRef("bad glob \"").size() +
                                        S->size() + StringRef("\": ").size());
      error(V.Line, "bad glob " + quote(*S) + " in '" + Path + "': " + Reason);
      return std::nullopt;
    }
    return S;
  }

  std::vector<std::string> readStringList(const Node &V, StringRef Path) {
    return readList(V, Path, /*Globs=*/false);
  }
  std::vector<std::string> readGlobList(const Node &V, StringRef Path) {
    return readList(V, Path, /*Globs=*/true);
  }
  std::vector<std::string> readList(const Node &V, StringRef Path, bool Globs) {
    std::vector<std::string> List;
    if (!expectKind(V, Node::Array, Path, "an array of strings"))
      return List;
    for (size_t I = 0; I < V.Elements.size(); ++I) {
      std::string ElementPath = (Path + "[" + Twine(I) + "]").str();
      const Node &E = V.Elements[I];
      std::optional<std::string> S =
          Globs ? readGlob(E, ElementPath) : readString(E, ElementPath);
      if (S)
        List.push_back(std::move(*S));
    }
    return List;
  }

  std::optional<unsigned> readCount(const Node &V, StringRef Path) {
    // nlohmann reports "-0" as a signed integer; it is still zero.
    if (V.Kind == Node::Integer && V.IntValue == 0)
      return 0;
    if (V.Kind != Node::Unsigned) {
      error(V.Line, "'" + Path + "' must be a non-negative integer, not " +
                        describe(V));
      return std::nullopt;
    }
    if (V.UnsignedValue > UINT_MAX) {
      error(V.Line, "'" + Path + "' must be at most " + Twine(UINT_MAX) +
                        ", not " + describe(V));
      return std::nullopt;
    }
    return static_cast<unsigned>(V.UnsignedValue);
  }

  std::optional<bool> readBool(const Node &V, StringRef Path) {
    if (!expectKind(V, Node::Bool, Path, "true or false"))
      return std::nullopt;
    return V.BoolValue;
  }

  template <typename EnumT>
  std::optional<EnumT>
  readEnum(const Node &V, StringRef Path,
           ArrayRef<std::pair<StringLiteral, EnumT>> Values) {
    if (V.Kind == Node::String)
      for (const auto &[Spelling, Value] : Values)
        if (V.Text == Spelling)
          return Value;
    std::string Expected;
    for (const auto &[Spelling, Value] : Values)
      Expected += (Expected.empty() ? "" : ", ") + quote(Spelling);
    error(V.Line,
          "'" + Path + "' must be one of " + Expected + ", not " + describe(V));
    return std::nullopt;
  }

  static const Member *findMember(const Node &Obj, StringRef Key) {
    for (const Member &M : Obj.Members)
      if (M.Key == Key)
        return &M;
    return nullptr;
  }

  void error(unsigned Line, const Twine &Message) {
    Diags.emplace(Line, Message.str());
  }

  Expected<Policy> takeResult() {
    if (Diags.empty())
      return std::move(Result);
    Error All = Error::success();
    for (const auto &[Line, Message] : Diags)
      All = joinErrors(
          std::move(All),
          createStringError(inconvertibleErrorCode(),
                            FileName + ":" + Twine(Line) + ": " + Message));
    return std::move(All);
  }

  StringRef FileName;
  Policy Result;
  /// Key path and line of each rule's domain, parallel to Result.Rules.
  std::vector<std::pair<std::string, unsigned>> RuleDomains;
  /// Key path and line of blast_radius.high_require_team.
  std::pair<std::string, unsigned> HighTeam;
  /// Diagnostics by line, so those found after the walk (unknown domains)
  /// are reported in file order with the others; a multimap keeps the order
  /// of insertion among equal lines.
  std::multimap<unsigned, std::string> Diags;
};

} // namespace

//===----------------------------------------------------------------------===//
// Public interface
//===----------------------------------------------------------------------===//

Expected<Policy> parsePolicy(StringRef Text, StringRef FileName) {
  LineTable Lines(Text);
  size_t Consumed = 0;
  TreeBuilder Builder(Text, Lines, Consumed);
  bool Parsed = false;
  try {
    CountingIterator First(Text.begin(), Text.begin(), &Consumed);
    CountingIterator Last(Text.begin(), Text.end(), &Consumed);
    Parsed = nlohmann::json::sax_parse(
        First, Last, &Builder, nlohmann::json::input_format_t::json,
        /*strict=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::exception &Ex) {
    // The SAX parser reports through parse_error() rather than throwing;
    // this only guards the boundary should that ever change.
    return createStringError(inconvertibleErrorCode(),
                             FileName + ": " + Ex.what());
  }
  if (!Parsed && !Builder.Failure)
    return createStringError(inconvertibleErrorCode(),
                             FileName + ": cannot parse policy");
  if (Builder.Failure)
    return createStringError(inconvertibleErrorCode(),
                             FileName + ":" + Twine(Builder.Failure->Line) +
                                 ":" + Twine(Builder.Failure->Column) + ": " +
                                 Builder.Failure->Message);
  return PolicyReader(FileName).read(Builder.Root);
}

Expected<Policy> loadPolicy(StringRef Path, StringRef DisplayName) {
  StringRef Name = DisplayName.empty() ? Path : DisplayName;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (std::error_code EC = Buffer.getError()) {
    // Lower-case the system's "No such file..." to read like clang.
    std::string Reason = EC.message();
    if (!Reason.empty())
      Reason[0] = toLower(Reason[0]);
    return createStringError(EC, Name + ": cannot read policy file: " + Reason);
  }
  Expected<Policy> Result = parsePolicy((*Buffer)->getBuffer(), Name);
  if (Result)
    Result->SourcePath = Path.str();
  return Result;
}

std::optional<std::string> Policy::ruleDomain(StringRef Path,
                                              StringRef QualifiedName) const {
  if (const TierRule *Rule = matchingRule(Path, QualifiedName))
    return Rule->Domain;
  return std::nullopt;
}

const TierRule *Policy::matchingRule(StringRef Path,
                                     StringRef QualifiedName) const {
  // Walk backwards so the first hit is the last matching rule. An empty
  // argument means "not known", which must not match a catch-all like "*".
  for (const TierRule &Rule : reverse(Rules)) {
    bool Matches =
        !Rule.PathGlob.empty()
            ? !Path.empty() && matchPathGlob(Rule.PathGlob, Path)
            : !QualifiedName.empty() &&
                  matchNameGlob(Rule.QualifiedNameGlob, QualifiedName);
    if (Matches)
      return &Rule;
  }
  return nullptr;
}

Policy effectivePolicy(const Policy &Base, const Policy &Head) {
  Policy P = Head;
  P.Tests = std::min(Base.Tests, Head.Tests); // Changed < Exists < None.
  P.Indirect = std::min(Base.Indirect, Head.Indirect); // Block < Warn.
  P.MinApprovals = std::max(Base.MinApprovals, Head.MinApprovals);
  P.OwnerApproval = Base.OwnerApproval || Head.OwnerApproval;
  if (Base.WarnCallers &&
      (!Head.WarnCallers || Base.WarnCallers < Head.WarnCallers))
    P.WarnCallers = Base.WarnCallers;
  // A change cannot raise the thresholds, lower the approvals or swap the
  // team of its own high-blast-radius review.
  auto Smaller = [](std::optional<unsigned> A, std::optional<unsigned> B) {
    return A && B ? std::optional<unsigned>(std::min(*A, *B)) : A ? A : B;
  };
  P.HighCallers = Smaller(Base.HighCallers, Head.HighCallers);
  P.HighEntryPoints = Smaller(Base.HighEntryPoints, Head.HighEntryPoints);
  if (Base.HighMinApprovals)
    P.HighMinApprovals =
        std::max(*Base.HighMinApprovals, Head.HighMinApprovals.value_or(0));
  if (!Base.HighRequireTeam.empty())
    P.HighRequireTeam = Base.HighRequireTeam;
  for (const std::string &M : Base.AIAssisted.Markers)
    if (!is_contained(P.AIAssisted.Markers, M))
      P.AIAssisted.Markers.push_back(M);
  if (Base.AIAssisted.MinApprovals)
    P.AIAssisted.MinApprovals =
        std::max(*Base.AIAssisted.MinApprovals,
                 Head.AIAssisted.MinApprovals.value_or(0));
  if (!Base.AIAssisted.RequireTeam.empty())
    P.AIAssisted.RequireTeam = Base.AIAssisted.RequireTeam;
  for (const std::string &L : Base.AIAssisted.Labels)
    if (!is_contained(P.AIAssisted.Labels, L))
      P.AIAssisted.Labels.push_back(L);
  // Whose trailers count is the base's to say: a change that trusts a new
  // committer could otherwise approve itself.
  P.Approvals.TrustedCommitters = Base.Approvals.TrustedCommitters;
  // A data test stands for the code it reaches without showing it, so only
  // the base declares them: a change cannot call its own files tests.
  P.DataTests = Base.DataTests;
  P.Approvals.Sticky = std::max(Base.Approvals.Sticky, Head.Approvals.Sticky);
  // A change cannot drop the rules that apply to its own author, nor what
  // it must explain.
  for (AuthorRule R : Base.Authors)
    if (none_of(P.Authors, [&](const AuthorRule &H) {
          return H.Members == R.Members && H.MinApprovals == R.MinApprovals &&
                 H.RequireTeam == R.RequireTeam;
        })) {
      R.Index = P.Authors.size();
      P.Authors.push_back(std::move(R));
    }
  for (const std::string &S : Base.DocumentSections)
    if (!is_contained(P.DocumentSections, S))
      P.DocumentSections.push_back(S);
  for (const auto &[Name, D] : Base.Domains) {
    DomainPolicy &Mine = P.Domains[Name];
    Mine.Owners = D.Owners;
    if (D.MinApprovals)
      Mine.MinApprovals =
          std::max(*D.MinApprovals, Mine.MinApprovals.value_or(0));
  }
  for (const auto &[Name, Members] : Base.Teams)
    P.Teams[Name] = Members;
  if (!Base.CodeOwners.empty())
    P.CodeOwners = Base.CodeOwners;
  return P;
}

std::string DataTestRule::via() const { return join(ReachesVia, ", "); }

const DataTestRule *Policy::dataTestRule(StringRef Path) const {
  for (const DataTestRule &R : DataTests)
    if (any_of(R.Paths,
               [&](const std::string &G) { return matchPathGlob(G, Path); }))
      return &R;
  return nullptr;
}

bool Policy::isTestPath(StringRef Path) const {
  return any_of(TestPaths, [&](const std::string &Glob) {
    return matchPathGlob(Glob, Path);
  });
}

} // namespace riskguard
