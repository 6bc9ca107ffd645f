//===- Program.cpp - The whole program's functions and call graph ---------===//
#include "analysis/Program.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <deque>
#include <map>

namespace riskguard {

/// Adds \p More to the callees of \p M; its units' callee indices follow
/// the USRs they named.
static void addCallees(FunctionFacts &M, llvm::ArrayRef<std::string> More) {
  std::vector<std::string> Old = M.Callees;
  M.Callees.insert(M.Callees.end(), More.begin(), More.end());
  llvm::sort(M.Callees);
  M.Callees.erase(llvm::unique(M.Callees), M.Callees.end());
  for (StatementUnit &U : M.Units)
    for (unsigned &I : U.Callees)
      I = llvm::lower_bound(M.Callees, Old[I]) - M.Callees.begin();
}

/// Adds the calls the units of \p F make to those of \p M, the same function
/// as another TU saw it, when the units are the same statements: a
/// template's instantiations differ between TUs. M.Callees must hold
/// F.Callees.
static void addUnitCallees(FunctionFacts &M, const FunctionFacts &F) {
  if (M.Units.size() != F.Units.size())
    return;
  for (size_t I = 0; I < M.Units.size(); ++I)
    if (M.Units[I].TokenHash != F.Units[I].TokenHash)
      return;
  for (size_t I = 0; I < M.Units.size(); ++I) {
    std::vector<unsigned> &Calls = M.Units[I].Callees;
    for (unsigned C : F.Units[I].Callees) {
      auto It = llvm::lower_bound(M.Callees, F.Callees[C]);
      if (It != M.Callees.end() && *It == F.Callees[C])
        Calls.push_back(It - M.Callees.begin());
    }
    llvm::sort(Calls);
    Calls.erase(llvm::unique(Calls), Calls.end());
  }
}

Program::Program(llvm::ArrayRef<TUFacts> TUs) {
  // USR -> merged facts; std::map keeps the merge independent of TU order.
  std::map<std::string, FunctionFacts> Merged;
  for (const TUFacts &TU : TUs) {
    for (const FunctionFacts &F : TU.Functions) {
      auto [It, Inserted] = Merged.try_emplace(F.USR, F);
      if (Inserted)
        continue;
      FunctionFacts &M = It->second;
      // The same inline function seen by several TUs: keep one place,
      // the smallest, and every call any TU saw in it.
      if (std::tie(F.File, F.Line) < std::tie(M.File, M.Line)) {
        FunctionFacts Kept = std::move(M);
        M = F;
        addCallees(M, Kept.Callees);
        addUnitCallees(M, Kept);
      } else {
        addCallees(M, F.Callees);
        addUnitCallees(M, F);
      }
    }
  }
  for (auto &Entry : Merged)
    Functions.push_back(std::move(Entry.second));
  llvm::sort(Functions, [](const FunctionFacts &A, const FunctionFacts &B) {
    return std::tie(A.File, A.Line, A.USR) < std::tie(B.File, B.Line, B.USR);
  });
  for (unsigned I = 0; I < Functions.size(); ++I) {
    ByUSR[Functions[I].USR] = I;
    ByName[Functions[I].Name].push_back(I);
  }

  // Overrides, transitively: a call to Base::f may run any Derived::f.
  for (unsigned I = 0; I < Functions.size(); ++I)
    for (const std::string &O : Functions[I].Overrides)
      OverridersByUSR[O].push_back(I);

  Callees.resize(Functions.size());
  Callers.resize(Functions.size());
  for (unsigned I = 0; I < Functions.size(); ++I) {
    std::vector<unsigned> &Out = Callees[I];
    for (const std::string &USR : Functions[I].Callees) {
      std::vector<unsigned> Targets = targets(USR);
      Out.insert(Out.end(), Targets.begin(), Targets.end());
    }
    llvm::sort(Out);
    Out.erase(llvm::unique(Out), Out.end());
    llvm::erase(Out, I);
    for (unsigned C : Out)
      Callers[C].push_back(I);
  }
}

std::vector<unsigned> Program::targets(llvm::StringRef USR) const {
  std::vector<unsigned> Out;
  std::vector<std::string> Work = {USR.str()};
  llvm::StringSet<> Seen;
  while (!Work.empty()) {
    std::string U = Work.back();
    Work.pop_back();
    if (!Seen.insert(U).second)
      continue;
    if (auto Id = findUSR(U))
      Out.push_back(*Id);
    auto It = OverridersByUSR.find(U);
    if (It == OverridersByUSR.end())
      continue;
    for (unsigned O : It->second)
      Work.push_back(Functions[O].USR);
  }
  llvm::sort(Out);
  return Out;
}

std::optional<unsigned> Program::findUSR(llvm::StringRef USR) const {
  auto It = ByUSR.find(USR);
  if (It == ByUSR.end())
    return std::nullopt;
  return It->second;
}

llvm::ArrayRef<unsigned> Program::findName(llvm::StringRef Name) const {
  auto It = ByName.find(Name);
  if (It == ByName.end())
    return {};
  return It->second;
}

std::vector<unsigned> Program::transitiveCallers(unsigned Id) const {
  std::vector<bool> Seen(Functions.size());
  std::vector<unsigned> Work = {Id}, Result;
  Seen[Id] = true;
  while (!Work.empty()) {
    unsigned N = Work.back();
    Work.pop_back();
    for (unsigned C : Callers[N]) {
      if (Seen[C])
        continue;
      Seen[C] = true;
      Result.push_back(C);
      Work.push_back(C);
    }
  }
  llvm::sort(Result);
  return Result;
}

std::vector<std::vector<unsigned>> Program::callerPaths(unsigned Id) const {
  std::vector<int> Next(Functions.size(), -1);
  std::vector<bool> Seen(Functions.size());
  std::deque<unsigned> Queue = {Id};
  std::vector<unsigned> Order;
  Seen[Id] = true;
  while (!Queue.empty()) {
    unsigned N = Queue.front();
    Queue.pop_front();
    for (unsigned C : Callers[N]) {
      if (Seen[C])
        continue;
      Seen[C] = true;
      Next[C] = N;
      Order.push_back(C);
      Queue.push_back(C);
    }
  }
  std::vector<std::vector<unsigned>> Paths;
  for (unsigned C : Order) {
    std::vector<unsigned> Path = {C};
    for (int N = Next[C]; N != -1; N = Next[N])
      Path.push_back(N);
    Paths.push_back(std::move(Path));
  }
  return Paths;
}

std::optional<unsigned> counterpart(const Program &P, const FunctionFacts &F,
                                    const Program &Own) {
  if (auto Id = P.findUSR(F.USR))
    return Id;
  llvm::ArrayRef<unsigned> ByName = P.findName(F.Name);
  if (ByName.size() == 1 && !Own.findUSR(P.function(ByName.front()).USR))
    return ByName.front();
  return std::nullopt;
}

} // namespace riskguard
