//===- Graph.h - A function's neighbourhood, as Mermaid or DOT --*- C++ -*-===//
//
// The picture a reviewer needs next to a finding: which tests reach the
// function, which tier-1 code calls it, and which entry points lead to it.
// The markdown report and 'riskguard explain --format mermaid|dot' draw the
// same graph.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_REPORT_GRAPH_H
#define RISKGUARD_CORE_REPORT_GRAPH_H

#include "analysis/Program.h"
#include "policy/Policy.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace riskguard {

/// One function around the one drawn.
struct GraphNode {
  std::string Name;      ///< Test display name, or function name.
  bool Direct = false;   ///< It calls the function itself.
  bool TestedBy = false; ///< Linked by RG_TESTED_BY rather than by calls.
  unsigned Distance = 0; ///< Calls from it down to the function.
};

/// How many nodes of each group a diagram shows at most.
struct GraphLimits {
  unsigned Tests = 8;
  unsigned Callers = 8;
  unsigned EntryPoints = 5;
};

/// A function and what surrounds it in the call graph, each group ordered by
/// distance, then name, and capped; the Hidden counts say how many were
/// left out.
struct Neighbourhood {
  std::string Function;
  std::string File;
  unsigned Line = 0;
  std::string Domain;             ///< Empty when the function is not tier-1.
  std::vector<GraphNode> Tests;   ///< Tests that reach it.
  std::vector<GraphNode> Callers; ///< Tier-1 callers, entry points aside.
  std::vector<GraphNode> EntryPoints; ///< Callers nothing but tests calls.
  unsigned HiddenTests = 0, HiddenCallers = 0, HiddenEntryPoints = 0;
  unsigned AllCallers = 0; ///< Transitive callers, tests aside.
};

/// The neighbourhood of function \p Id of \p P under the policy \p Rules.
Neighbourhood neighbourhoodOf(const Program &P, unsigned Id,
                              const Policy &Rules, GraphLimits Limits = {});

/// A node id that depends only on \p Name: "n" and 12 hex digits of its hash.
std::string graphNodeId(llvm::StringRef Name);

/// Writes \p N as a Mermaid flowchart (without the ``` fence).
void writeMermaid(const Neighbourhood &N, llvm::raw_ostream &OS);

/// Writes \p N as a Graphviz DOT digraph.
void writeDot(const Neighbourhood &N, llvm::raw_ostream &OS);

} // namespace riskguard

#endif
