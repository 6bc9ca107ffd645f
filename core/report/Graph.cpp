//===- Graph.cpp - A function's neighbourhood, as Mermaid or DOT ----------===//
#include "report/Graph.h"
#include "analysis/Tier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/xxhash.h"
#include <deque>
#include <map>
#include <tuple>

namespace riskguard {

namespace {

/// Calls from each transitive caller of \p Id down to it (Id itself is 0).
std::map<unsigned, unsigned> callerDistances(const Program &P, unsigned Id) {
  std::map<unsigned, unsigned> Distance{{Id, 0}};
  std::deque<unsigned> Queue{Id};
  while (!Queue.empty()) {
    unsigned Cur = Queue.front();
    Queue.pop_front();
    for (unsigned Caller : P.callers(Cur))
      if (Distance.emplace(Caller, Distance[Cur] + 1).second)
        Queue.push_back(Caller);
  }
  return Distance;
}

/// Orders \p Nodes by distance, then name, keeps the first \p Limit and
/// returns how many it dropped.
unsigned sortAndCap(std::vector<GraphNode> &Nodes, unsigned Limit) {
  llvm::sort(Nodes, [](const GraphNode &A, const GraphNode &B) {
    return std::tie(A.Distance, A.Name) < std::tie(B.Distance, B.Name);
  });
  if (Nodes.size() <= Limit)
    return 0;
  unsigned Hidden = Nodes.size() - Limit;
  Nodes.resize(Limit);
  return Hidden;
}

/// A label inside a quoted Mermaid string: characters that end the string
/// or start markup become entity codes, so any C++ name is drawn as written.
std::string mermaidLabel(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '"':
    case '#':
    case '<':
    case '>':
    case '&':
    case '`':
    case '|':
    case '{':
    case '}':
    case '[':
    case ']':
      Out += "#" + std::to_string(static_cast<unsigned char>(C)) + ";";
      break;
    case '\n':
    case '\r':
    case '\t':
      Out += ' ';
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// A double-quoted DOT string.
std::string dotString(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += (C == '\n' || C == '\r' || C == '\t') ? ' ' : C;
  }
  return Out + "\"";
}

/// Node ids for one diagram: stable by name, distinct even on a collision.
class NodeIds {
public:
  std::string get(llvm::StringRef Name) {
    auto It = ByName.find(Name.str());
    if (It != ByName.end())
      return It->second;
    std::string Id = graphNodeId(Name);
    for (unsigned Suffix = 2; !Used.insert(Id).second; ++Suffix)
      Id = graphNodeId(Name) + "_" + std::to_string(Suffix);
    ByName[Name.str()] = Id;
    return Id;
  }

private:
  std::map<std::string, std::string> ByName;
  llvm::StringSet<> Used;
};

/// One group of the diagram, in drawing order.
struct Group {
  llvm::StringRef Key; ///< Subgraph id suffix.
  llvm::StringRef Title;
  llvm::StringRef Class; ///< Style of its nodes.
  const std::vector<GraphNode> &Nodes;
  unsigned Hidden;
};

std::vector<Group> groupsOf(const Neighbourhood &N) {
  return {
      {"tests", "tests reaching it", "test", N.Tests, N.HiddenTests},
      {"callers", "tier-1 callers", "caller", N.Callers, N.HiddenCallers},
      {"entry", "entry points", "entry", N.EntryPoints, N.HiddenEntryPoints}};
}

std::string moreLabel(unsigned Hidden) {
  return "+" + std::to_string(Hidden) + " more";
}

} // namespace

std::string graphNodeId(llvm::StringRef Name) {
  std::string Id;
  llvm::raw_string_ostream OS(Id);
  OS << 'n' << llvm::format_hex_no_prefix(llvm::xxh3_64bits(Name) >> 16, 12);
  return Id;
}

Neighbourhood neighbourhoodOf(const Program &P, unsigned Id,
                              const Policy &Rules, GraphLimits Limits) {
  const FunctionFacts &F = P.function(Id);
  Neighbourhood N;
  N.Function = F.Name;
  N.File = F.File;
  N.Line = F.Line;
  N.Domain = resolveTier(F, Rules).Domain;

  auto IsTest = [&](unsigned Fn) {
    return isTestFunction(P.function(Fn), Rules);
  };
  std::map<std::string, GraphNode> Tests;
  for (auto [Caller, Distance] : callerDistances(P, Id)) {
    if (Caller == Id)
      continue;
    const FunctionFacts &C = P.function(Caller);
    GraphNode Node{C.Name, Distance == 1, false, Distance};
    if (IsTest(Caller)) {
      Node.Name = testDisplayName(C);
      auto [It, New] = Tests.emplace(Node.Name, Node);
      if (!New && Distance < It->second.Distance)
        It->second = Node;
      continue;
    }
    ++N.AllCallers;
    if (llvm::all_of(P.callers(Caller), IsTest))
      N.EntryPoints.push_back(Node);
    else if (resolveTier(C, Rules).isTier1())
      N.Callers.push_back(Node);
  }
  for (unsigned T = 0; T < P.functions().size(); ++T) {
    if (!IsTest(T))
      continue;
    std::string Name = testDisplayName(P.function(T));
    if (llvm::is_contained(F.TestedBy, Name))
      Tests.emplace(Name, GraphNode{Name, false, true, 1});
  }
  for (auto &Entry : Tests)
    N.Tests.push_back(Entry.second);
  N.HiddenTests = sortAndCap(N.Tests, Limits.Tests);
  N.HiddenCallers = sortAndCap(N.Callers, Limits.Callers);
  N.HiddenEntryPoints = sortAndCap(N.EntryPoints, Limits.EntryPoints);
  return N;
}

void writeMermaid(const Neighbourhood &N, llvm::raw_ostream &OS) {
  NodeIds Ids;
  std::string Target = Ids.get(N.Function);
  OS << "flowchart LR\n";
  OS << "  " << Target << "[\"" << mermaidLabel(N.Function) << "\"]:::target\n";
  std::string Edges;
  for (const Group &G : groupsOf(N)) {
    bool Empty = G.Nodes.empty() && !G.Hidden;
    if (Empty && G.Key != "tests")
      continue;
    OS << "  subgraph g_" << G.Key << " [\"" << G.Title << "\"]\n";
    if (Empty)
      OS << "    no_tests[\"no test reaches it\"]:::missing\n";
    for (const GraphNode &Node : G.Nodes) {
      std::string Id = Ids.get(Node.Name);
      OS << "    " << Id << "[\"" << mermaidLabel(Node.Name)
         << "\"]:::" << G.Class << "\n";
      Edges += "  " + Id +
               (Node.TestedBy ? " -.->|RG_TESTED_BY| "
                : Node.Direct ? " --> "
                              : " -.-> ") +
               Target + "\n";
    }
    if (G.Hidden) {
      std::string Id = "more_" + G.Key.str();
      OS << "    " << Id << "[\"" << moreLabel(G.Hidden) << "\"]:::more\n";
      Edges += "  " + Id + " -.-> " + Target + "\n";
    }
    OS << "  end\n";
  }
  OS << Edges;
  OS << "  classDef target fill:#fde2e2,stroke:#c0392b,stroke-width:2px\n"
        "  classDef test fill:#e2f0d9,stroke:#548235\n"
        "  classDef caller fill:#deebf7,stroke:#2e75b6\n"
        "  classDef entry fill:#ededed,stroke:#7f7f7f\n"
        "  classDef more fill:#ffffff,stroke:#7f7f7f,stroke-dasharray:3 3\n"
        "  classDef missing fill:#fff2cc,stroke:#bf9000,stroke-dasharray:3 3\n";
}

void writeDot(const Neighbourhood &N, llvm::raw_ostream &OS) {
  NodeIds Ids;
  std::string Target = Ids.get(N.Function);
  OS << "digraph neighbourhood {\n"
        "  rankdir=LR;\n"
        "  node [shape=box, style=filled, fillcolor=\"#ffffff\", "
        "fontname=\"Helvetica\"];\n";
  OS << "  " << Target << " [label=" << dotString(N.Function)
     << ", fillcolor=\"#fde2e2\", color=\"#c0392b\", penwidth=2];\n";
  llvm::StringMap<llvm::StringRef> Fill = {
      {"test", "#e2f0d9"}, {"caller", "#deebf7"}, {"entry", "#ededed"}};
  std::string Edges;
  for (const Group &G : groupsOf(N)) {
    bool Empty = G.Nodes.empty() && !G.Hidden;
    if (Empty && G.Key != "tests")
      continue;
    OS << "  subgraph cluster_" << G.Key << " {\n"
       << "    label=" << dotString(G.Title) << ";\n";
    if (Empty)
      OS << "    no_tests [label=\"no test reaches it\", "
            "fillcolor=\"#fff2cc\", style=\"filled,dashed\"];\n";
    for (const GraphNode &Node : G.Nodes) {
      std::string Id = Ids.get(Node.Name);
      OS << "    " << Id << " [label=" << dotString(Node.Name)
         << ", fillcolor=\"" << Fill[G.Class] << "\"];\n";
      Edges += "  " + Id + " -> " + Target +
               (Node.TestedBy ? " [style=dashed, label=\"RG_TESTED_BY\"]"
                : Node.Direct ? ""
                              : " [style=dashed]") +
               ";\n";
    }
    if (G.Hidden) {
      std::string Id = "more_" + G.Key.str();
      OS << "    " << Id << " [label=" << dotString(moreLabel(G.Hidden))
         << ", style=\"filled,dashed\"];\n";
      Edges += "  " + Id + " -> " + Target + " [style=dashed];\n";
    }
    OS << "  }\n";
  }
  OS << Edges << "}\n";
}

} // namespace riskguard
