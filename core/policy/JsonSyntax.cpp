//===- JsonSyntax.cpp - nlohmann's syntax errors in clang's shape ---------===//
#include "policy/JsonSyntax.h"

namespace riskguard {

std::string jsonSyntaxMessage(llvm::StringRef What) {
  size_t Colon = What.find(": ");
  if (Colon != llvm::StringRef::npos)
    What = What.drop_front(Colon + 2);
  size_t LastRead = What.find("; last read: '");
  if (LastRead == llvm::StringRef::npos)
    return What.str();
  llvm::StringRef Rest = What.drop_front(LastRead);
  size_t Expected = Rest.rfind("'; expected ");
  if (Expected == llvm::StringRef::npos)
    return What.take_front(LastRead).str();
  return What.take_front(LastRead).str() + Rest.drop_front(Expected + 1).str();
}

} // namespace riskguard
