//===- ChangeSummary.cpp - How a function's tokens changed ----------------===//
#include "analysis/ChangeSummary.h"

#include "clang/Basic/IdentifierTable.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/TokenKinds.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include <algorithm>
#include <optional>
#include <tuple>

namespace riskguard {

namespace {

/// What a token is, as far as the summary lines care.
enum class TokenClass {
  Identifier,
  Keyword,
  Literal,
  Operator,
  Bracket,
  Other
};

/// One lexed token: its spelling as written, its class, and an interned id so
/// the diff compares integers rather than strings.
struct Token {
  std::string Text;
  TokenClass Class = TokenClass::Other;
  unsigned Id = 0;
};

/// The edits that turn the base token sequence into the head one.
enum class EditKind { Equal, Delete, Insert };
struct Edit {
  EditKind Kind;
  unsigned BaseIndex; ///< Meaningful for Equal and Delete.
  unsigned HeadIndex; ///< Meaningful for Equal and Insert.
};

/// A run of deletions and insertions between two equal tokens.
struct Hunk {
  std::vector<unsigned> Deleted;  ///< Base indices, in order.
  std::vector<unsigned> Inserted; ///< Head indices, in order.
};

/// One side of the change: the tokens plus what the diff and the passes
/// learned about each of them.
struct Side {
  std::vector<Token> Tokens;
  std::vector<int> Match;   ///< Index of the matching bracket, or -1.
  std::vector<int> Context; ///< Keyword owning the innermost condition or
                            ///< return expression around a token, or -1.
  std::vector<bool> Changed;
  std::vector<bool> Explained;
  std::vector<unsigned> Ordinal; ///< Position of the token's edit.

  bool is(size_t I, llvm::StringRef Text) const {
    return I < Tokens.size() && Tokens[I].Text == Text;
  }
  /// An identifier right before '(' reads as a call (or a functional cast,
  /// which is a call to a constructor as far as a reviewer cares).
  bool isCallee(size_t I) const {
    return Tokens[I].Class == TokenClass::Identifier && is(I + 1, "(");
  }
};

/// A summary line and where it belongs among the others.
struct Line {
  unsigned Anchor; ///< Ordinal of the edit that gave the line.
  std::string Text;
  unsigned Sequence = 0; ///< Emission order, to break ties in Anchor.
};

// Past these the diff would cost more than the account is worth; the
// differing stretch is then reported as a count.
constexpr size_t MaxDiffTokens = 4000;
constexpr int MaxEdits = 2000;

const clang::LangOptions &cxxOptions() {
  static const clang::LangOptions Opts = [] {
    clang::LangOptions LO;
    LO.CPlusPlus = LO.CPlusPlus11 = LO.CPlusPlus14 = LO.CPlusPlus17 = 1;
    LO.Bool = 1;
    LO.LineComment = 1;
    return LO;
  }();
  return Opts;
}

/// Whether a raw identifier is a C++17 keyword. The table only holds the
/// keywords of the language options, so a name like `co_await` or `restrict`
/// stays an identifier.
bool isKeyword(llvm::StringRef Name) {
  static const clang::IdentifierTable Table(cxxOptions());
  auto It = Table.find(Name);
  return It != Table.end() &&
         It->second->getTokenID() != clang::tok::identifier;
}

TokenClass classify(const clang::Token &Tok, llvm::StringRef Text) {
  using namespace clang;
  tok::TokenKind K = Tok.getKind();
  if (K == tok::raw_identifier) {
    // These are keywords to the compiler but values to a reviewer.
    if (Text == "true" || Text == "false" || Text == "nullptr")
      return TokenClass::Literal;
    return isKeyword(Text) ? TokenClass::Keyword : TokenClass::Identifier;
  }
  if (K == tok::numeric_constant || tok::isStringLiteral(K) ||
      K == tok::char_constant || K == tok::wide_char_constant ||
      K == tok::utf8_char_constant || K == tok::utf16_char_constant ||
      K == tok::utf32_char_constant)
    return TokenClass::Literal;
  switch (K) {
  case tok::l_paren:
  case tok::r_paren:
  case tok::l_square:
  case tok::r_square:
  case tok::l_brace:
  case tok::r_brace:
    return TokenClass::Bracket;
  case tok::semi:
    // A statement end swapped for an operator is not an operator change.
    return TokenClass::Other;
  default:
    break;
  }
  if (tok::getPunctuatorSpelling(K))
    return TokenClass::Operator;
  return TokenClass::Other;
}

std::vector<Token> lex(llvm::StringRef Text, llvm::StringMap<unsigned> &Ids) {
  // The lexer reads up to a terminating NUL, which a StringRef need not have.
  std::string Buffer = Text.str();
  clang::Lexer Lex(clang::SourceLocation(), cxxOptions(), Buffer.data(),
                   Buffer.data(), Buffer.data() + Buffer.size());
  std::vector<Token> Tokens;
  clang::Token Tok;
  while (true) {
    Lex.LexFromRawLexer(Tok);
    if (Tok.is(clang::tok::eof))
      break;
    // The lexer stops right after the token, so this is its spelling as
    // written (digraphs, literal suffixes and all).
    const char *End = Lex.getBufferLocation();
    llvm::StringRef Spelling(End - Tok.getLength(), Tok.getLength());
    Token T;
    T.Text = Spelling.str();
    T.Class = classify(Tok, Spelling);
    T.Id = Ids.try_emplace(Spelling, Ids.size()).first->second;
    Tokens.push_back(std::move(T));
  }
  return Tokens;
}

/// Myers' greedy O(ND) diff of A[Lo..AHi) against B[Lo..BHi), appending the
/// edits in order. Returns false when more than MaxEdits edits are needed.
bool diff(const std::vector<Token> &A, size_t ALo, size_t AHi,
          const std::vector<Token> &B, size_t BLo, size_t BHi,
          std::vector<Edit> &Out) {
  const int N = AHi - ALo, M = BHi - BLo;
  const int MaxD = std::min<int>(N + M, MaxEdits);
  const int Offset = MaxD + 1;
  std::vector<int> V(2 * MaxD + 3, 0);
  // Trace[D] holds V[-D..D] as it was before round D; enough to walk back.
  std::vector<std::vector<int>> Trace;
  auto Same = [&](int X, int Y) { return A[ALo + X].Id == B[BLo + Y].Id; };
  int Found = -1;
  for (int D = 0; D <= MaxD && Found < 0; ++D) {
    Trace.emplace_back(V.begin() + Offset - D, V.begin() + Offset + D + 1);
    for (int K = -D; K <= D; K += 2) {
      int X = (K == -D || (K != D && V[Offset + K - 1] < V[Offset + K + 1]))
                  ? V[Offset + K + 1]
                  : V[Offset + K - 1] + 1;
      int Y = X - K;
      while (X < N && Y < M && Same(X, Y))
        ++X, ++Y;
      V[Offset + K] = X;
      if (X >= N && Y >= M) {
        Found = D;
        break;
      }
    }
  }
  if (Found < 0)
    return false;

  std::vector<Edit> Reversed;
  int X = N, Y = M;
  auto Diagonal = [&](int ToX, int ToY) {
    while (X > ToX && Y > ToY) {
      --X, --Y;
      Reversed.push_back(
          {EditKind::Equal, unsigned(ALo + X), unsigned(BLo + Y)});
    }
  };
  for (int D = Found; D > 0; --D) {
    const std::vector<int> &Prev = Trace[D];
    auto At = [&](int K) { return Prev[K + D]; };
    int K = X - Y;
    int PrevK = (K == -D || (K != D && At(K - 1) < At(K + 1))) ? K + 1 : K - 1;
    int PrevX = At(PrevK);
    int PrevY = PrevX - PrevK;
    Diagonal(PrevX, PrevY);
    if (X == PrevX)
      Reversed.push_back({EditKind::Insert, 0, unsigned(BLo + PrevY)});
    else
      Reversed.push_back({EditKind::Delete, unsigned(ALo + PrevX), 0});
    X = PrevX, Y = PrevY;
  }
  Diagonal(0, 0);
  Out.insert(Out.end(), Reversed.rbegin(), Reversed.rend());
  return true;
}

/// The token an edit stands for on the side a run of \p Kind edits lives on.
const Token &tokenOf(const Edit &E, EditKind Kind, const Side &B,
                     const Side &H) {
  return Kind == EditKind::Insert ? H.Tokens[E.HeadIndex]
                                  : B.Tokens[E.BaseIndex];
}

/// Moves the run of insertions (or deletions) Edits[S..E) one token down,
/// which is the same change when the run's first token equals the equal token
/// after it. Refuses when that would merge the run with a neighbouring hunk.
bool slideDown(std::vector<Edit> &Edits, size_t S, size_t E, const Side &B,
               const Side &H) {
  EditKind Kind = Edits[S].Kind;
  if (E >= Edits.size() || Edits[E].Kind != EditKind::Equal ||
      (E + 1 < Edits.size() && Edits[E + 1].Kind != EditKind::Equal) ||
      tokenOf(Edits[S], Kind, B, H).Id != tokenOf(Edits[E], Kind, B, H).Id)
    return false;
  Edit Eq = Edits[E], First = Edits[S];
  // The equal token now pairs with the run's first token on the run's side.
  if (Kind == EditKind::Insert)
    Eq.HeadIndex = First.HeadIndex;
  else
    Eq.BaseIndex = First.BaseIndex;
  for (size_t I = E; I > S; --I) {
    Edits[I] = Edits[I - 1];
    ++(Kind == EditKind::Insert ? Edits[I].HeadIndex : Edits[I].BaseIndex);
  }
  Edits[S] = Eq;
  return true;
}

/// The mirror of slideDown: moves Edits[S..E) one token up.
bool slideUp(std::vector<Edit> &Edits, size_t S, size_t E, const Side &B,
             const Side &H) {
  EditKind Kind = Edits[S].Kind;
  if (S == 0 || Edits[S - 1].Kind != EditKind::Equal ||
      (S >= 2 && Edits[S - 2].Kind != EditKind::Equal) ||
      tokenOf(Edits[S - 1], Kind, B, H).Id !=
          tokenOf(Edits[E - 1], Kind, B, H).Id)
    return false;
  Edit Eq = Edits[S - 1], Last = Edits[E - 1];
  if (Kind == EditKind::Insert)
    Eq.HeadIndex = Last.HeadIndex;
  else
    Eq.BaseIndex = Last.BaseIndex;
  for (size_t I = S - 1; I + 1 < E; ++I) {
    Edits[I] = Edits[I + 1];
    --(Kind == EditKind::Insert ? Edits[I].HeadIndex : Edits[I].BaseIndex);
  }
  Edits[E - 1] = Eq;
  return true;
}

/// Whether a run's brackets pair up among themselves.
bool isBalanced(const std::vector<Edit> &Edits, size_t S, size_t E,
                const Side &B, const Side &H) {
  int Depth = 0;
  for (size_t I = S; I < E; ++I) {
    llvm::StringRef T = tokenOf(Edits[I], Edits[I].Kind, B, H).Text;
    if (T == "(" || T == "[" || T == "{")
      ++Depth;
    else if ((T == ")" || T == "]" || T == "}") && --Depth < 0)
      return false;
  }
  return Depth == 0;
}

/// A pure insertion or deletion can often sit in several places: inserting
/// `x ) ; f ( ` or `; f ( x )` after `... ( x )` is the same change. Myers
/// picks one blindly; this moves each such run to the highest place where its
/// brackets balance, so a call added reads as a whole call.
void slideRuns(std::vector<Edit> &Edits, const Side &B, const Side &H) {
  for (size_t S = 0; S < Edits.size();) {
    if (Edits[S].Kind == EditKind::Equal) {
      ++S;
      continue;
    }
    size_t E = S;
    while (E < Edits.size() && Edits[E].Kind == Edits[S].Kind)
      ++E;
    // Only a run between two equal tokens is a pure insertion or deletion.
    if (E < Edits.size() && Edits[E].Kind != EditKind::Equal) {
      while (E < Edits.size() && Edits[E].Kind != EditKind::Equal)
        ++E;
      S = E;
      continue;
    }
    if (isBalanced(Edits, S, E, B, H)) {
      S = E;
      continue;
    }
    size_t Up = 0;
    while (slideUp(Edits, S - Up, E - Up, B, H))
      ++Up;
    size_t Top = S - Up, Length = E - S;
    size_t Best = Up; // Back where it started, unless somewhere balances.
    for (size_t Pos = 0;; ++Pos) {
      if (isBalanced(Edits, Top + Pos, Top + Pos + Length, B, H)) {
        Best = Pos;
        break;
      }
      if (!slideDown(Edits, Top + Pos, Top + Pos + Length, B, H))
        break;
    }
    // Walk from wherever the scan stopped back to the chosen place.
    size_t At = Top;
    while (At < Edits.size() && Edits[At].Kind == EditKind::Equal)
      ++At;
    for (; At > Top + Best; --At)
      slideUp(Edits, At, At + Length, B, H);
    S = Top + Best + Length;
  }
}

void matchBrackets(Side &S) {
  S.Match.assign(S.Tokens.size(), -1);
  std::vector<size_t> Open;
  for (size_t I = 0; I < S.Tokens.size(); ++I) {
    llvm::StringRef T = S.Tokens[I].Text;
    if (T == "(" || T == "[" || T == "{") {
      Open.push_back(I);
      continue;
    }
    if (T != ")" && T != "]" && T != "}")
      continue;
    // Only a bracket of the same shape closes; a stray one is left unmatched
    // rather than unwinding the stack, so a fragment still pairs up locally.
    char Want = T == ")" ? '(' : T == "]" ? '[' : '{';
    if (Open.empty() || S.Tokens[Open.back()].Text[0] != Want)
      continue;
    S.Match[Open.back()] = I;
    S.Match[I] = Open.back();
    Open.pop_back();
  }
}

/// Marks the tokens of each if/while/for/switch condition and each return
/// expression with the keyword that owns them. Keywords are visited in order,
/// so a nested one (in a lambda) overwrites and the innermost owner wins.
void findContexts(Side &S) {
  S.Context.assign(S.Tokens.size(), -1);
  for (size_t K = 0; K < S.Tokens.size(); ++K) {
    llvm::StringRef T = S.Tokens[K].Text;
    if (S.Tokens[K].Class != TokenClass::Keyword)
      continue;
    if (T == "if" || T == "while" || T == "for" || T == "switch") {
      size_t P = K + 1;
      if (T == "if" && S.is(P, "constexpr"))
        ++P;
      if (!S.is(P, "(") || S.Match[P] < 0)
        continue;
      for (size_t I = P; I <= size_t(S.Match[P]); ++I)
        S.Context[I] = K;
      continue;
    }
    if (T != "return")
      continue;
    int Depth = 0;
    for (size_t I = K + 1; I < S.Tokens.size(); ++I) {
      llvm::StringRef U = S.Tokens[I].Text;
      if (U == "(" || U == "[" || U == "{")
        ++Depth;
      else if (U == ")" || U == "]" || U == "}")
        --Depth;
      if (Depth < 0 || (Depth == 0 && U == ";"))
        break;
      S.Context[I] = K;
    }
  }
}

std::string countLine(unsigned Added, unsigned Removed) {
  return std::to_string(Added) + (Added == 1 ? " token" : " tokens") +
         " added, " + std::to_string(Removed) + " removed";
}

/// The line for a one-for-one replacement, or "" when the two tokens are not
/// alike enough for one to read as a change of the other.
std::string replacementLine(const Side &B, unsigned I, const Side &H,
                            unsigned J) {
  const Token &From = B.Tokens[I], &To = H.Tokens[J];
  if (From.Class != To.Class)
    return "";
  switch (From.Class) {
  case TokenClass::Literal:
    return "literal " + From.Text + " -> " + To.Text;
  case TokenClass::Operator:
    return "operator " + From.Text + " -> " + To.Text;
  case TokenClass::Identifier:
    if (B.isCallee(I) && H.isCallee(J))
      return "call to " + From.Text + " replaced by " + To.Text;
    // A name that became a call (or stopped being one) is a call added or
    // removed, which the call pass reports.
    if (B.isCallee(I) || H.isCallee(J))
      return "";
    return "'" + From.Text + "' -> '" + To.Text + "'";
  default:
    return "";
  }
}

/// Reports the calls whose callee name was added (or removed) on one side.
/// The call's parentheses and the changed tokens between them (its new
/// arguments) are part of that account; nested calls still get their own
/// line because callees are found before any argument is covered.
void findCalls(Side &S, llvm::StringRef Verb, std::vector<Line> &Lines) {
  std::vector<unsigned> Callees;
  for (unsigned I = 0; I < S.Tokens.size(); ++I)
    if (S.Changed[I] && !S.Explained[I] && S.isCallee(I))
      Callees.push_back(I);
  for (unsigned I : Callees) {
    Lines.push_back(
        {S.Ordinal[I], "call to " + S.Tokens[I].Text + " " + Verb.str()});
    S.Explained[I] = true;
    int Close = S.Match[I + 1];
    if (Close < 0) {
      if (S.Changed[I + 1])
        S.Explained[I + 1] = true;
      continue;
    }
    for (unsigned J = I + 1; J <= unsigned(Close); ++J)
      if (S.Changed[J])
        S.Explained[J] = true;
    // A call that is a whole statement brings its ';' with it; the diff may
    // align that ';' either after the call or before it.
    unsigned After = Close + 1;
    if (S.is(After, ";") && S.Changed[After])
      S.Explained[After] = true;
    else if (I > 0 && S.is(After, ";") && S.is(I - 1, ";") && S.Changed[I - 1])
      S.Explained[I - 1] = true;
  }
}

/// Accounts for changed tokens inside an unchanged statement's condition or
/// return expression.
void findContextChanges(Side &S, std::vector<Line> &Lines) {
  for (unsigned I = 0; I < S.Tokens.size(); ++I) {
    if (!S.Changed[I] || S.Explained[I] || S.Context[I] < 0)
      continue;
    unsigned K = S.Context[I];
    // A keyword that is itself new or gone means the whole statement is, and
    // that is not a changed condition.
    if (S.Changed[K])
      continue;
    llvm::StringRef Keyword = S.Tokens[K].Text;
    Lines.push_back(
        {S.Ordinal[I], Keyword == "return"
                           ? std::string("return value changed")
                           : "condition of " + Keyword.str() + " changed"});
    S.Explained[I] = true;
  }
}

std::vector<std::string> finish(std::vector<Line> Lines, unsigned Max) {
  for (unsigned I = 0; I < Lines.size(); ++I)
    Lines[I].Sequence = I;
  llvm::sort(Lines, [](const Line &L, const Line &R) {
    return std::tie(L.Anchor, L.Sequence) < std::tie(R.Anchor, R.Sequence);
  });
  std::vector<std::string> Out;
  for (Line &L : Lines)
    if (llvm::find(Out, L.Text) == Out.end())
      Out.push_back(std::move(L.Text));
  if (Out.size() <= Max)
    return Out;
  if (Max == 0)
    return {};
  size_t More = Out.size() - (Max - 1);
  Out.resize(Max - 1);
  Out.push_back("and " + std::to_string(More) + " more changes");
  return Out;
}

/// How many tokens (or lines) two sequences share at their start and at
/// their end, the two never overlapping.
struct CommonEnds {
  size_t Prefix = 0, Suffix = 0;
};

/// What \p A and \p B share at their ends.
CommonEnds commonEnds(const std::vector<Token> &A,
                      const std::vector<Token> &B) {
  const size_t N = A.size(), M = B.size();
  CommonEnds C;
  while (C.Prefix < N && C.Prefix < M && A[C.Prefix].Id == B[C.Prefix].Id)
    ++C.Prefix;
  while (C.Suffix < N - C.Prefix && C.Suffix < M - C.Prefix &&
         A[N - 1 - C.Suffix].Id == B[M - 1 - C.Suffix].Id)
    ++C.Suffix;
  return C;
}

/// The edits that turn \p A into \p B, the common ends trimmed before the
/// diff (most edits touch a few tokens of a long function, and the size cap
/// is about the part that moved); nullopt when that part is too long to
/// diff cheaply.
std::optional<std::vector<Edit>> editScript(const std::vector<Token> &A,
                                            const std::vector<Token> &B,
                                            CommonEnds Ends) {
  const size_t N = A.size(), M = B.size();
  const auto [Prefix, Suffix] = Ends;
  std::vector<Edit> Edits;
  for (size_t I = 0; I < Prefix; ++I)
    Edits.push_back({EditKind::Equal, unsigned(I), unsigned(I)});
  if (N - Prefix - Suffix > MaxDiffTokens ||
      M - Prefix - Suffix > MaxDiffTokens ||
      !diff(A, Prefix, N - Suffix, B, Prefix, M - Suffix, Edits))
    return std::nullopt;
  for (size_t I = 0; I < Suffix; ++I)
    Edits.push_back(
        {EditKind::Equal, unsigned(N - Suffix + I), unsigned(M - Suffix + I)});
  return Edits;
}

/// Marks each token of \p B and \p H with whether it changed and where its
/// edit is, sets up what the passes need (brackets, contexts), and returns
/// the runs of changes between equal tokens.
std::vector<Hunk> markEdits(llvm::ArrayRef<Edit> Edits, Side &B, Side &H) {
  const size_t N = B.Tokens.size(), M = H.Tokens.size();
  B.Changed.assign(N, false);
  H.Changed.assign(M, false);
  B.Explained.assign(N, false);
  H.Explained.assign(M, false);
  B.Ordinal.assign(N, 0);
  H.Ordinal.assign(M, 0);
  std::vector<Hunk> Hunks(1);
  for (unsigned O = 0; O < Edits.size(); ++O) {
    const Edit &E = Edits[O];
    switch (E.Kind) {
    case EditKind::Equal:
      B.Ordinal[E.BaseIndex] = H.Ordinal[E.HeadIndex] = O;
      if (!Hunks.back().Deleted.empty() || !Hunks.back().Inserted.empty())
        Hunks.emplace_back();
      break;
    case EditKind::Delete:
      B.Ordinal[E.BaseIndex] = O;
      B.Changed[E.BaseIndex] = true;
      Hunks.back().Deleted.push_back(E.BaseIndex);
      break;
    case EditKind::Insert:
      H.Ordinal[E.HeadIndex] = O;
      H.Changed[E.HeadIndex] = true;
      Hunks.back().Inserted.push_back(E.HeadIndex);
      break;
    }
  }
  matchBrackets(B);
  matchBrackets(H);
  findContexts(B);
  findContexts(H);
  return Hunks;
}

/// Accounts for the one-for-one replacements: a hunk that swaps as many
/// tokens as it takes out reads position by position (`0.15 *` -> `0.25 /`
/// is a literal and an operator change).
void findReplacements(llvm::ArrayRef<Hunk> Hunks, Side &B, Side &H,
                      std::vector<Line> &Lines) {
  for (const Hunk &Hk : Hunks) {
    if (Hk.Deleted.size() != Hk.Inserted.size())
      continue;
    for (size_t P = 0; P < Hk.Deleted.size(); ++P) {
      unsigned I = Hk.Deleted[P], J = Hk.Inserted[P];
      std::string Text = replacementLine(B, I, H, J);
      if (Text.empty())
        continue;
      Lines.push_back({std::min(B.Ordinal[I], H.Ordinal[J]), std::move(Text)});
      B.Explained[I] = H.Explained[J] = true;
    }
  }
}

/// The count line for the changed tokens no pass explained, placed at the
/// first of them; nullopt when every one is explained.
std::optional<Line> leftoverLine(const Side &B, const Side &H,
                                 unsigned EditCount) {
  unsigned Added = 0, Removed = 0;
  unsigned FirstLeftover = EditCount;
  for (unsigned I = 0; I < B.Tokens.size(); ++I)
    if (B.Changed[I] && !B.Explained[I]) {
      ++Removed;
      FirstLeftover = std::min(FirstLeftover, B.Ordinal[I]);
    }
  for (unsigned J = 0; J < H.Tokens.size(); ++J)
    if (H.Changed[J] && !H.Explained[J]) {
      ++Added;
      FirstLeftover = std::min(FirstLeftover, H.Ordinal[J]);
    }
  if (!Added && !Removed)
    return std::nullopt;
  return Line{FirstLeftover, countLine(Added, Removed)};
}

/// The lines of \p Text as tokens, so the token diff diffs lines: the Id of
/// each is that of its text in \p Ids.
std::vector<Token> linesOf(llvm::StringRef Text,
                           llvm::StringMap<unsigned> &Ids) {
  llvm::SmallVector<llvm::StringRef, 64> Parts;
  Text.split(Parts, '\n');
  std::vector<Token> Lines;
  for (llvm::StringRef Part : Parts)
    Lines.push_back({Part.str(), TokenClass::Other,
                     Ids.try_emplace(Part, Ids.size()).first->second});
  return Lines;
}

/// The head lines a line diff shows changed: those it inserts, and, for
/// each run of removals with no insertion beside it, the head line after it.
struct ChangedLines {
  std::vector<unsigned> Inserted, AfterRemoval;
};

/// The changed lines of a line diff's \p Edits, whose head has \p HeadLines.
ChangedLines changedLines(llvm::ArrayRef<Edit> Edits, unsigned HeadLines) {
  ChangedLines C;
  bool Removed = false, Inserted = false;
  auto EndRun = [&](unsigned Next) {
    if (Removed && !Inserted)
      C.AfterRemoval.push_back(std::min(Next, HeadLines - 1));
    Removed = Inserted = false;
  };
  for (const Edit &E : Edits) {
    if (E.Kind == EditKind::Equal) {
      EndRun(E.HeadIndex);
      continue;
    }
    if (E.Kind == EditKind::Delete) {
      Removed = true;
      continue;
    }
    Inserted = true;
    C.Inserted.push_back(E.HeadIndex);
  }
  EndRun(HeadLines);
  return C;
}

/// The first of \p Lines (sorted) at or after \p From, else the first.
std::optional<unsigned> firstFrom(llvm::ArrayRef<unsigned> Lines,
                                  unsigned From) {
  if (Lines.empty())
    return std::nullopt;
  const unsigned *It = llvm::lower_bound(Lines, From);
  return It != Lines.end() ? *It : Lines.front();
}

} // namespace

std::vector<std::string> summarizeChange(llvm::StringRef BaseText,
                                         llvm::StringRef HeadText,
                                         unsigned Max) {
  llvm::StringMap<unsigned> Ids;
  Side B, H;
  B.Tokens = lex(BaseText, Ids);
  H.Tokens = lex(HeadText, Ids);
  CommonEnds Ends = commonEnds(B.Tokens, H.Tokens);
  if (Ends.Prefix == B.Tokens.size() && Ends.Prefix == H.Tokens.size())
    return {};
  std::optional<std::vector<Edit>> Edits = editScript(B.Tokens, H.Tokens, Ends);
  if (!Edits) {
    size_t Common = Ends.Prefix + Ends.Suffix;
    return finish(
        {{0, countLine(H.Tokens.size() - Common, B.Tokens.size() - Common)}},
        Max);
  }
  slideRuns(*Edits, B, H);
  std::vector<Hunk> Hunks = markEdits(*Edits, B, H);

  std::vector<Line> Lines;
  findReplacements(Hunks, B, H, Lines);
  findCalls(B, "removed", Lines);
  findCalls(H, "added", Lines);
  findContextChanges(B, Lines);
  findContextChanges(H, Lines);
  if (std::optional<Line> Leftover = leftoverLine(B, H, Edits->size()))
    Lines.push_back(std::move(*Leftover));
  return finish(std::move(Lines), Max);
}

std::optional<unsigned> firstChangedLine(llvm::StringRef BaseText,
                                         llvm::StringRef HeadText,
                                         unsigned From) {
  llvm::StringMap<unsigned> Ids;
  std::vector<Token> B = linesOf(BaseText, Ids), H = linesOf(HeadText, Ids);
  CommonEnds Ends = commonEnds(B, H);
  if (Ends.Prefix == B.size() && Ends.Prefix == H.size())
    return std::nullopt;
  std::optional<std::vector<Edit>> Edits = editScript(B, H, Ends);
  // Too long a rewrite to diff: it starts after the lines both share.
  if (!Edits)
    return std::min<unsigned>(Ends.Prefix, H.size() - 1);
  ChangedLines C = changedLines(*Edits, H.size());
  if (std::optional<unsigned> Line = firstFrom(C.Inserted, From))
    return Line;
  return firstFrom(C.AfterRemoval, From);
}

unsigned bodyLine(llvm::StringRef Text) {
  using clang::tok::TokenKind;
  std::string Buffer = Text.str();
  clang::Lexer Lex(clang::SourceLocation(), cxxOptions(), Buffer.data(),
                   Buffer.data(), Buffer.data() + Buffer.size());
  int Depth = 0;             // Of parentheses and brackets.
  bool Initializers = false; // Past the ':' of a constructor's initializers.
  TokenKind Prev = clang::tok::unknown;
  clang::Token Tok;
  for (Lex.LexFromRawLexer(Tok); !Tok.is(clang::tok::eof);
       Prev = Tok.getKind(), Lex.LexFromRawLexer(Tok)) {
    TokenKind K = Tok.getKind();
    if (K == clang::tok::l_paren || K == clang::tok::l_square)
      ++Depth;
    else if (K == clang::tok::r_paren || K == clang::tok::r_square)
      --Depth;
    if (Depth != 0)
      continue;
    if (K == clang::tok::colon)
      Initializers = true;
    if (K != clang::tok::l_brace)
      continue;
    // `Total{0}` or `Base<T>{0}` initializes a member or base: skip it.
    if (Initializers &&
        (Prev == clang::tok::raw_identifier || Prev == clang::tok::greater)) {
      for (int Braces = 1; Braces > 0 && !Tok.is(clang::tok::eof);) {
        Lex.LexFromRawLexer(Tok);
        Braces += Tok.is(clang::tok::l_brace) - Tok.is(clang::tok::r_brace);
      }
      if (Tok.is(clang::tok::eof))
        break;
      continue;
    }
    size_t Offset = Lex.getBufferLocation() - Tok.getLength() - Buffer.data();
    return llvm::StringRef(Buffer).take_front(Offset).count('\n');
  }
  return 0;
}

} // namespace riskguard
