#include "driver/RiskguardMain.h"
#include "llvm/Support/raw_ostream.h"
namespace riskguard {
int riskguardMain(int Argc, const char **Argv) {
  llvm::errs() << "riskguard: not yet wired\n";
  return 2;
}
} // namespace riskguard
