//===- ChangeSummary.h - How a function's tokens changed --------*- C++ -*-===//
#ifndef RISKGUARD_CORE_ANALYSIS_CHANGESUMMARY_H
#define RISKGUARD_CORE_ANALYSIS_CHANGESUMMARY_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// A short, deterministic, token-level account of how a function's source
/// text changed from \p Base to \p Head: at most \p Max lines such as
/// "literal 0.15 -> 0.25", "operator < -> <=", "call to roundHalfUp added",
/// "call to legacyRound removed", "'Rate' -> 'NewRate'", "condition of if
/// changed", "3 tokens added, 1 removed". Comments and layout never show.
///
/// Both texts are lexed as C++17 with clang's raw lexer and the token
/// sequences diffed (Myers). The most specific account of a changed token
/// wins: a one-for-one replacement of a literal, operator or identifier, then
/// a call added or removed (its parentheses and new arguments included), then
/// the condition of an unchanged if/while/for/switch or the expression of an
/// unchanged `return`; every token left over is counted in one
/// "N tokens added, M removed" line. Lines keep the order in which the
/// changes appear, duplicates are dropped, and past \p Max the last line is
/// "and N more changes". Identical token sequences give no lines; when the
/// differing stretch is too long to diff cheaply (over 4000 tokens on a side
/// or over 2000 edits), the account is that one count line.
std::vector<std::string>
summarizeChange(llvm::StringRef Base, llvm::StringRef Head, unsigned Max = 5);

/// Where a reader of \p Head sees its change from \p Base start, both the
/// source text of one function: the 0-based index of the first line of
/// \p Head that a line diff of the two (Myers, as `git diff`) inserts or
/// rewrites, the first at or after line \p From when there is one. Where
/// lines were only removed, the line after the first removal (`git diff`
/// shows no line of the head there). nullopt when the texts are the same.
std::optional<unsigned>
firstChangedLine(llvm::StringRef Base, llvm::StringRef Head, unsigned From = 0);

/// The 0-based line of \p Text, a function definition's source text from its
/// first line, that holds the opening brace of its body: the first `{`
/// outside parentheses and brackets that does not open a constructor's
/// member initializer (`: Total{0}`); 0 when there is none.
unsigned bodyLine(llvm::StringRef Text);

} // namespace riskguard

#endif
