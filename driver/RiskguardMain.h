//===- RiskguardMain.h - The riskguard CLI as a library ---------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_RISKGUARDMAIN_H
#define RISKGUARD_DRIVER_RISKGUARDMAIN_H

namespace riskguard {
/// Runs the riskguard command line; returns the process exit code.
int riskguardMain(int Argc, const char **Argv);
} // namespace riskguard

#endif
